// Readers for state that a tracker has already decoded: readsb / dump1090-fa `aircraft.json` snapshots and readsb
// globe_history traces (`trace_full_<hex>.json`, `trace_recent_<hex>.json`). The OpenSky CSV reader (opensky.hpp)
// shares the record types declared here.
//
// Each reader turns its input into gw::modes::ModeSMessage records with df = 0 and no type_code: the fields the
// input carries are copied, nothing is inferred across records (a later tracker carries state). readsb's `nic`,
// `rc` and `version` are a tracker's conclusions, so they go into `derived` (derived.nic, derived.rc_m,
// derived.version); lat/lon go into derived.lat/derived.lon.
//
// Failures (STYLE.md §9):
//   - an input that is not JSON, or not the expected structure (no "aircraft" array, no "icao" ...): InputError
//     naming the source and the byte offset simdjson reports (none for errors its first pass finds, e.g. an
//     unclosed string). Nothing is passed to the sink for such a document.
//   - one record that cannot be placed (no or bad address, trace row without a time): a counted skip.
//   - one field with a wrong type or an impossible value (a string where a number belongs, lat 95, nic 40):
//     the field is left out of an otherwise good record and counted in RecordReadStats::bad_fields. simdjson's
//     On Demand parser checks a scalar only when it is read, so a malformed number of a known field (`1x`) is a
//     bad field too, and one in a field that is not read goes unnoticed.
// Readers keep no state between calls; stats accumulate (+=) so one RecordReadStats can total a whole archive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>

#include "io/byte_source.hpp"
#include "modes/message.hpp"

namespace gw::io {

// Called once per batch of up to kRecordBatchSize records, in input order. The span is valid during the call only.
using RecordBatchFn = std::function<void(std::span<const modes::ModeSMessage>)>;
inline constexpr std::size_t kRecordBatchSize = 1024;

struct RecordReadStats {
  std::uint64_t records = 0;      // records passed to the sink
  std::uint64_t skipped = 0;      // records / rows dropped: bad_address + bad_time + bad_rows
  std::uint64_t bad_address = 0;  // no address, or not 6 hex digits (an optional leading '~' allowed for readsb)
  std::uint64_t bad_time = 0;     // no usable time (trace row without a numeric offset, CSV row without `time`)
  std::uint64_t bad_rows = 0;     // malformed row: a trace row that is not an array, a CSV line with the wrong
                                  // number of columns or longer than the line limit, an aircraft that is not an object
  std::uint64_t bad_fields = 0;   // fields left out of kept records (wrong type, impossible value)
};

// readsb / dump1090-fa aircraft.json (also history_N.json): {"now": <unix s>, "aircraft": [{...}, ...]}.
// One record per aircraft. Time: `now - seen_pos` when the record has lat/lon (the position is the field a
// spoofing detector tests, so the record is stamped with its age), else `now - seen`, else `now`. The other
// fields of a record may be somewhat older or newer than that time (readsb does not give per-field ages).
// A numeric alt_baro sets on_ground = false, "ground" sets on_ground = true. `lastPosition`, `rr_lat/rr_lon`,
// database fields (r, t, dbFlags) and the `mlat`/`tisb` field lists are not read. `type` maps to address_kind
// (adsb_icao -> AdsbIcao, adsb_other -> AdsbOther, tisb_* / adsr_* likewise; mlat, mode_s, adsc, other ->
// ModeS, i.e. "not from an extended squitter": an MLAT position is not the aircraft's own GNSS position).
// Without `type`, a hex starting with '~' is AdsbOther, else AdsbIcao. `nav_altitude_mcp` is preferred to
// `nav_altitude_fms` for nav_altitude_ft; `mag_heading` to `true_heading` for heading_deg (readsb derives the
// airborne true heading from the magnetic one with a magnetic model).
void read_readsb_aircraft_json(ByteSource& src, const RecordBatchFn& sink, RecordReadStats& stats);

// readsb globe_history trace: {"icao": "ac671b", "timestamp": <unix s>, "trace": [[...], ...]}; the caller
// decompresses .gz. One record per trace row, time = timestamp + row[0]. Row columns (readsb README-json.md,
// "trace jsons"; columns 9-13 written by newer readsb):
//   0 seconds after timestamp, 1 lat, 2 lon, 3 altitude ft | "ground" | null, 4 ground speed kt, 5 track deg
//   (true heading when on the ground), 6 flags, 7 vertical rate fpm, 8 details object | null, 9 source type,
//   10 geometric altitude ft, 11 geometric rate fpm, 12 IAS kt, 13 roll (not read).
// Flags (README-json.md): 1 position stale (no position for 20 s before this one), 2 start of a new leg,
// 4 column 7 is a geometric (not barometric) rate, 8 column 3 is a geometric (not barometric) altitude.
// Bits 4 and 8 choose geom_rate/baro_rate and alt_geom/alt_baro; bits 1 and 2 have no ModeSMessage field.
// `details` is written by readsb only now and then (about one row in four): each record reports what its own row
// has (details fields first, then the row's columns override them); carrying integrity fields forward to later
// rows is the tracker's job, not the reader's.
void read_readsb_trace(ByteSource& src, const RecordBatchFn& sink, RecordReadStats& stats);

namespace detail {

// Text helpers shared by the record readers. Each returns nullopt when the text is not valid.
std::optional<std::uint32_t> parse_icao24_hex(std::string_view text);    // exactly 6 hex digits
std::optional<std::uint16_t> parse_squawk(std::string_view text);        // 1-4 octal digits -> 0x7700 style
std::optional<modes::Callsign> parse_callsign(std::string_view text);    // trailing spaces trimmed, <= 8 chars
std::optional<std::uint8_t> parse_category(std::string_view text);       // "A3" -> 0xA3 (sets A-D, codes 0-7)

}  // namespace detail
}  // namespace gw::io
