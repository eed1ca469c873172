// Per-aircraft state that decoding a single frame cannot know: which addresses are really on the air (to accept
// address/parity frames), the last even and odd CPR positions (to pair them into a position), the last position
// (reference for local decoding), and the ADS-B version and NIC supplements a position's NIC depends on.
// Kinematics, air/ground and the last GNSS-ok position (AircraftState) are kept by detect::HealthTracker, which
// also sees records that never pass through this table (readsb JSON, OpenSky). Aircraft not heard for
// forget_after_seconds are dropped by forget_stale, so memory is bounded by the aircraft recently on the air.
//
// Mutates only itself (and the `derived` block of the message it is given). Not thread-safe: one table per thread (split work by input, merge results downstream).
#pragma once

#include <cstdint>
#include <optional>

#include "modes/cpr.hpp"
#include "modes/message.hpp"
#include "track/address_map.hpp"

namespace gw::track {

struct AircraftTableOptions {
  // DO-260B §A.1.7.7 / readsb practice: an even/odd pair older than 10 s apart may straddle a zone change.
  double cpr_pair_max_seconds = 10.0;
  // An aircraft's own last position is used as the reference for local decoding while it is this fresh.
  // 30 s at 600 kt is 5 NM, far inside the 180 NM (airborne) / 45 NM (surface) unambiguous range.
  double local_reference_max_seconds = 30.0;
  // Addresses not heard for this long are forgotten: address/parity frames from them are no longer accepted.
  double forget_after_seconds = 300.0;
  // Receiver position: reference for surface positions (the surface CPR needs one within 45 NM) when the
  // aircraft has no recent position of its own.
  std::optional<modes::cpr::LatLon> receiver;
  // Accept address/parity replies from addresses never heard in DF11/17/18. For recordings that hold only
  // such replies (e.g. Comm-B captures); in a live feed it lets corrupted frames through as phantom aircraft.
  bool accept_unverified_addresses = false;
};

// Counted outcomes; every frame the table rejects or cannot place lands in exactly one of these.
struct AircraftTableCounters {
  std::uint64_t accepted = 0;
  std::uint64_t rejected_unknown_address = 0;   // DF0/4/5/16/20/21 (or DF11 with IID) from an address not heard
  std::uint64_t positions_global = 0;           // from an even/odd pair
  std::uint64_t positions_local = 0;            // from one message and a reference
  std::uint64_t positions_pending = 0;          // CPR message kept, waiting for its pair or a reference
  std::uint64_t positions_rejected_pair = 0;    // pair inconsistent (NL zones differ): never reported
  std::uint64_t aircraft_forgotten = 0;
};

class AircraftTable {
 public:
  explicit AircraftTable(AircraftTableOptions options = {});

  // Updates the state of `msg.address` from `msg` and fills `msg.derived` (lat/lon, nic, rc, nuc_p, version).
  // `clock_s` is any monotonic clock in seconds (unix time, or the 12 MHz counter / 12e6): only differences
  // are used. Returns false when the message must be dropped (an address/parity frame from an address that has
  // not been heard in a DF11/17/18 frame: its "address" is most likely a corrupted frame's CRC remainder).
  bool update(modes::ModeSMessage& msg, double clock_s);

  // What update() does for a message whose address is in the clear (parity checked) and that carries no CPR
  // position, no operational status and no position type code: the aircraft is heard now (added when new).
  // Returns its ADS-B version (what update() puts in msg.derived.version).
  std::optional<std::uint8_t> note_heard(std::uint32_t address, double clock_s) {
    Aircraft& ac = aircraft_.get_or_insert(address);
    ac.last_heard_s = clock_s;
    ++counters_.accepted;
    return ac.version;
  }

  // Drops aircraft not heard for options.forget_after_seconds before `clock_s`.
  void forget_stale(double clock_s);


  std::size_t size() const { return aircraft_.size(); }
  const AircraftTableCounters& counters() const { return counters_; }

 private:
  struct CprSlot {
    modes::CprPosition cpr;
    double clock_s = 0;
    bool valid = false;
  };
  struct Aircraft {
    double last_heard_s = 0;
    CprSlot even, odd;
    std::optional<modes::cpr::LatLon> last_position;
    double last_position_s = 0;
    std::optional<std::uint8_t> version;
    bool nic_a = false;
    bool nic_c = false;
  };

  void derive_position(Aircraft& ac, modes::ModeSMessage& msg, double clock_s);
  void derive_integrity(const Aircraft& ac, modes::ModeSMessage& msg) const;

  AircraftTableOptions options_;
  AddressMap<Aircraft> aircraft_{4096};
  AircraftTableCounters counters_;
};

}  // namespace gw::track
