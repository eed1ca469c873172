// One decoded Mode S message. Decoding is stateless: every field here depends on the frame's bytes only.
// What needs history (CPR pairing into lat/lon, NIC from type code + version + supplements, accepting
// address/parity frames) is added later by track::AircraftTable, which fills the `derived` block.
//
// Units are in the names. std::optional marks "not in this message" (or "not available" in the standard's sense).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>

namespace gw::modes {

enum class CprFormat : std::uint8_t { Even = 0, Odd = 1 };

// Raw CPR-encoded position, 17 bits per coordinate (DO-260B §2.2.3.2.3.7/8).
struct CprPosition {
  std::uint32_t lat_cpr = 0;
  std::uint32_t lon_cpr = 0;
  CprFormat format = CprFormat::Even;
  bool surface = false;
};

// How the address in `address` was obtained.
enum class AddressSource : std::uint8_t {
  Parity,     // DF11/17/18: address in the clear, parity checked (CRC remainder 0, or IID for DF11)
  Recovered,  // DF0/4/5/16/20/21: address/parity overlay; the CRC remainder is the address (unverified)
};

// DF18 control field / DF17 origin (DO-260B §2.2.3.2.1.3, Table 2-11).
enum class AddressKind : std::uint8_t {
  AdsbIcao,         // DF17, or DF18 CF=0
  AdsbOther,        // DF18 CF=1: non-ICAO address (anonymous, ground vehicle, fixed obstacle)
  TisbIcao,         // DF18 CF=2 with IMF=0, or CF=3 IMF=0
  TisbOther,        // DF18 CF=2/3 with IMF=1, or CF=5
  AdsrIcao,         // DF18 CF=6 IMF=0
  AdsrOther,        // DF18 CF=6 IMF=1
  Reserved,         // DF18 CF=4 (TIS-B management) or CF=7
  ModeS,            // not an extended squitter
};

enum class SilType : std::uint8_t { PerHour = 0, PerSample = 1 };

// Callsign / flight identification: up to 8 characters, trailing spaces trimmed, NUL-terminated.
using Callsign = std::array<char, 9>;

struct ModeSMessage {
  double time_s = std::numeric_limits<double>::quiet_NaN();  // unix seconds (UTC) of the message, NaN when unknown

  // --- frame level --------------------------------------------------------------------------------
  std::uint8_t df = 0;
  std::uint32_t address = 0;                 // icao24 (24 bits)
  AddressSource address_source = AddressSource::Parity;
  AddressKind address_kind = AddressKind::ModeS;
  bool crc_corrected = false;                // a single-bit error was corrected
  std::optional<std::uint8_t> capability;    // DF11/17 CA field
  std::optional<std::uint8_t> control_field; // DF18 CF
  std::optional<std::uint8_t> type_code;     // ME bits 1-5 (DF17/18)
  std::optional<std::uint8_t> subtype;       // ME bits 6-8 where the type code has one
  std::optional<float> rssi_dbfs;            // received signal level, dBFS (readsb "rssi"), when the input has it
  // Copied from the RawFrame by the caller of decode_frame (decoding itself looks only at the bytes):
  std::optional<std::uint8_t> signal;          // Beast signal byte
  std::optional<std::uint64_t> counter_12mhz;  // receiver's 12 MHz clock

  // --- position and altitude ---------------------------------------------------------------------
  std::optional<CprPosition> cpr;
  std::optional<bool> on_ground;             // from DF0/4/5/11/16/20/21 flight status / VS, CA, or surface TCs
  std::optional<std::int32_t> alt_baro_ft;   // barometric altitude
  std::optional<std::int32_t> alt_geom_ft;   // GNSS height (TC 20-22)
  std::optional<bool> nic_b;                 // NIC supplement-B / single-antenna bit, airborne position ME bit 8
  std::optional<std::uint8_t> surveillance_status;  // airborne position ME bits 6-7
  std::optional<bool> time_sync;             // T bit

  // --- velocity (TC 19) and surface movement -------------------------------------------------------
  std::optional<float> gs_kt;                // ground speed
  std::optional<float> track_deg;            // true track over ground
  std::optional<float> heading_deg;          // subtypes 3/4 heading (magnetic or true, see heading_is_true)
  std::optional<bool> heading_is_true;
  std::optional<float> ias_kt;
  std::optional<float> tas_kt;
  std::optional<std::int32_t> baro_rate_fpm;
  std::optional<std::int32_t> geom_rate_fpm;
  std::optional<std::int32_t> gnss_baro_diff_ft;  // GNSS minus barometric altitude (TC 19 ME bits 49-56)
  std::optional<bool> supersonic;

  // --- identification -------------------------------------------------------------------------------
  std::optional<Callsign> callsign;
  std::optional<std::uint8_t> category;      // emitter category as 0xSC: set (A=0xA..D=0xD) << 4 | code 0-7
  std::optional<std::uint16_t> squawk;       // 4 octal digits as hex nibbles: 7700 -> 0x7700

  // --- integrity and accuracy (TC 31 operational status, TC 29 v2) ---------------------------------
  std::optional<std::uint8_t> version;       // ADS-B version number 0/1/2
  std::optional<bool> nic_a;
  std::optional<bool> nic_c;
  std::optional<std::uint8_t> nac_p;
  std::optional<std::uint8_t> nac_v;         // TC 19 NUCr/NACv, or TC 31 v0? (see decoder)
  std::optional<std::uint8_t> sil;
  std::optional<SilType> sil_type;
  std::optional<std::uint8_t> gva;
  std::optional<std::uint8_t> sda;
  std::optional<std::uint8_t> nic_baro;
  std::optional<std::uint8_t> hrd;           // horizontal reference direction (0 true, 1 magnetic)

  // --- TC 28 emergency / ACAS RA, TC 29 target state ----------------------------------------------
  std::optional<std::uint8_t> emergency;     // emergency/priority status 0-7
  std::optional<std::uint64_t> acas_ra;      // TC 28 subtype 2: ME bits 9-56 raw
  std::optional<std::int32_t> nav_altitude_ft;     // selected altitude (MCP/FCU or FMS)
  std::optional<bool> nav_altitude_fms;            // TC 29 v2 ME bit 9: nav_altitude_ft is from the FMS (else MCP/FCU)
  std::optional<float> nav_qnh_hpa;                // barometric pressure setting
  std::optional<float> nav_heading_deg;            // selected heading

  // --- Comm-B (DF20/21 MB field), filled by track::MessagePipeline from modes::commb -------------------
  std::optional<std::uint32_t> commb_registers;    // commb::RegisterSet the MB field is consistent with
  std::optional<std::int32_t> nav_altitude_fms_ft; // BDS 4,0 FMS selected altitude
  std::optional<float> roll_deg;                   // BDS 5,0
  std::optional<float> track_rate_deg_s;           // BDS 5,0
  std::optional<float> mach;                       // BDS 6,0

  // --- added by track::AircraftTable (history-dependent) ---------------------------------------------
  struct Derived {
    std::optional<double> lat;
    std::optional<double> lon;
    std::optional<std::uint8_t> nic;          // from TC + version + supplements (DO-260B Table 2-14 / 2-15 ...)
    std::optional<float> rc_m;                // containment radius, metres
    std::optional<std::uint8_t> nuc_p;        // version 0 only
    std::optional<std::uint8_t> version;      // last known version of this aircraft
  } derived;
};

}  // namespace gw::modes
