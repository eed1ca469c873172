// What a simulated scenario really contained: the scenario, receivers, interferers and every aircraft with the
// intervals in which its GNSS was jammed or spoofed and whether it was heard meanwhile. Written as truth.json,
// exactly the schema of docs/TRUTH.md (gnsswatch-truth/1), which `gnsswatch eval` reads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/interference.hpp"

namespace gw::sim {

enum class AffectKind : std::uint8_t { Jammed, Spoofed };

// How far before an affected interval's start (after its end) a heard usable position still counts: readsb's
// NOGPS_DWELL, 15 min, the time after the last GNSS-ok position within which the gpsjam rule counts "no GPS"
// messages at all (docs/HEALTH.md (a)); an aircraft not heard with good GNSS that recently cannot be judged jammed.
inline constexpr double kGoodFixWindowS = 15 * 60.0;

// One interval in which an aircraft's GNSS was jammed (no usable fix) or spoofed (a false fix), from its
// receiver's point of view, re-acquisition delay included. Positions are true positions.
struct AffectedInterval {
  std::uint32_t interferer_id = 0;  // Interferer::id
  AffectKind kind = AffectKind::Jammed;
  double start_s = 0, end_s = 0;
  double start_lat = 0, start_lon = 0, start_alt_ft = 0;
  double end_lat = 0, end_lon = 0;
  bool closed = false;  // false while the interval is still running
  // What the receivers heard around it, each fixed once the runs it depends on are complete
  // (TruthRecorder::settle); until then to_json() computes it from the runs kept.
  bool heard_fixed = false, before_fixed = false, after_fixed = false;
  bool heard = false;  // a frame from the aircraft reached a receiver during [start_s, end_s]
  // Seconds between the last usable position heard at or before start_s and start_s / between end_s and the first
  // usable position heard at or after end_s, when within kGoodFixWindowS; NaN: none that close. Usable: a true GNSS
  // position with NACp >= 4 (readsb's "GNSS-ok", docs/HEALTH.md), i.e. what lets the detector judge the aircraft.
  double good_before_s = std::numeric_limits<double>::quiet_NaN();
  double good_after_s = std::numeric_limits<double>::quiet_NaN();
};

// Collects the truth while the engine runs and writes truth.json. Not thread-safe: one recorder per simulation
// (a multi-threaded engine serialises its calls or merges per-thread recorders with merge()).
//
// Memory does not grow with the duration when the caller calls settle() now and then: runs are kept only as long
// as an interval may still need them (heard runs from an interval's start until one overlaps it, usable runs from
// kGoodFixWindowS before its start to the first one after its end, and the latest usable run for intervals to
// come); what stays is one entry per aircraft and one AffectedInterval per interval.
class TruthRecorder {
 public:
  void set_scenario(std::string name, std::uint64_t seed, double start_s, double end_s);
  void add_receiver(std::string name, double lat_deg, double lon_deg, double height_m, double range_km);
  // Every simulated aircraft, once, before its first update (later calls for the same icao update the fields).
  void add_aircraft(std::uint32_t icao, std::string callsign, int version, bool gnss);

  // A frame from icao reached a receiver at time_s (calling once per aircraft-second is enough; more is fine).
  // Kept as runs of times no more than 1 s apart, so "heard" is exact for intervals of 1 s or longer.
  void note_heard(std::uint32_t icao, double time_s);
  // A run of heard frames no more than 1 s apart, [first_s, last_s]: the same as note_heard for each of them.
  void note_heard_run(std::uint32_t icao, double first_s, double last_s);
  // A run of heard usable positions (true GNSS fix, NACp >= 4) no more than 1 s apart (good_before_s/good_after_s).
  void note_usable_run(std::uint32_t icao, double first_s, double last_s);
  // Every heard and usable run up to now_s has been noted (later ones start after now_s): fixes what the runs so
  // far decide about each interval and drops the runs no interval can need any more. Call with non-decreasing
  // times.
  void settle(double now_s);
  // Settles every interval (open ones end at the scenario end) and drops all runs; later note_* calls are not
  // reflected in them.
  void settle_all();

  // Called by AircraftGnss: an affected interval begins / ends for icao (true position at that instant).
  void open_affected(std::uint32_t icao, std::uint32_t interferer_id, AffectKind kind, double time_s,
                     double lat_deg, double lon_deg, double alt_ft);
  void close_affected(std::uint32_t icao, double time_s, double lat_deg, double lon_deg);

  // Moves another recorder's aircraft data (heard runs, intervals) into this one (per-thread recorders).
  void merge(TruthRecorder&& other);

  // Writes truth.json atomically (temporary file + rename). Intervals still open end at the scenario end with
  // their last known position; `heard` is computed from the note_heard runs; radius_km from the environment's
  // radio model at 1,000 / 10,000 / 35,000 ft. Throws std::runtime_error naming the path on failure.
  void write(const std::string& path, const GnssEnvironment& environment) const;
  // The same document as a string (tests, and write()).
  std::string to_json(const GnssEnvironment& environment) const;

  // Read access for tests and the engine's summary.
  struct HeardRun {
    double first_s, last_s;
  };
  struct Aircraft {
    std::uint32_t icao = 0;
    std::string callsign;
    int version = 2;
    bool gnss = true;
    std::vector<AffectedInterval> affected;
    std::vector<HeardRun> heard;   // sorted and merged (runs no more than 1 s apart are one)
    std::vector<HeardRun> usable;  // likewise, heard usable positions
  };
  const Aircraft* aircraft(std::uint32_t icao) const;
  // Whether a frame from icao was heard in [start_s, end_s].
  bool heard_during(std::uint32_t icao, double start_s, double end_s) const;
  std::size_t aircraft_count() const { return aircraft_.size(); }

 private:
  struct Receiver {
    std::string name;
    double lat_deg, lon_deg, height_m, range_km;
  };
  Aircraft& aircraft_entry(std::uint32_t icao);
  // The scenario end for an interval still open.
  double end_of(const AffectedInterval& v) const { return v.closed ? v.end_s : std::max(v.start_s, end_s_); }
  // heard / good_before_s / good_after_s of v from a's runs.
  AffectedInterval settled(const Aircraft& a, const AffectedInterval& v) const;

  std::string scenario_;
  std::uint64_t seed_ = 0;
  double start_s_ = 0, end_s_ = 0;
  std::vector<Receiver> receivers_;
  std::vector<Aircraft> aircraft_;                         // in order of addition
  std::unordered_map<std::uint32_t, std::size_t> index_;  // icao -> aircraft_ index
};

}  // namespace gw::sim
