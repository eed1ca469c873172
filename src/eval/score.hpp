// Scoring a map output against the truth of a simulated scenario (definitions: docs/EVALUATION_METHOD.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "eval/map_output.hpp"
#include "eval/truth.hpp"

namespace gw::eval {

struct EvalOptions {
  std::size_t min_affected = 3;          // a truth event counts for recall with at least this many heard aircraft
  std::size_t min_located_aircraft = 5;  // a matched event counts for localisation with at least this many
  double match_slack_s = 120;            // a detected loss and a truth interval "overlap" when at most this far apart
};

// One interferer's active interval and the heard affected intervals overlapping it, per aircraft.
struct TruthEvent {
  int interferer_id = 0;
  std::size_t active_index = 0;
  TimeInterval active;
  std::map<std::uint32_t, std::vector<TimeInterval>> aircraft;
  double first_start_s = 0;  // earliest start of a heard affected interval
  double last_end_s = 0;     // latest end
  bool jammer = false;
  bool counts_for_recall = false;  // a jammer's, with >= min_affected aircraft
  // Aircraft with an interval of this event heard with good GNSS within 15 min before it (truth's good_before_s):
  // those the detector can judge. The event counts for the detectable recall with >= min_affected of them.
  // detectability_known is false when the truth does not say (an older truth.json).
  std::size_t detectable_aircraft = 0;
  bool detectability_known = false;
  bool counts_for_detectable_recall = false;
  // The interferer switched on (off) inside the recording. One on from the scenario's start has no onset to
  // measure: its first victims were jammed before they were first heard. Likewise for the end.
  bool onset_observable = false;
  bool end_observable = false;
};

// Every interferer's active intervals that affected at least one heard aircraft.
std::vector<TruthEvent> truth_events(const Truth& truth, const EvalOptions& options);

struct DetectedScore {
  int event_id = 0;
  double start_s = kNoTime, end_s = kNoTime, peak_s = kNoTime;
  std::size_t aircraft = 0;      // distinct aircraft in the event
  int truth_event = -1;          // index into RunScore::truth_events; -1 when unmatched
  int interferer_id = 0;         // of the match
  std::size_t shared = 0;        // aircraft shared with the match
  double first_shared_loss_s = kNoTime;  // the earliest loss of one of them
  DetectedSource::Status source_status = DetectedSource::Status::None;
  std::string source_status_text;
  std::optional<LatLon> located;
  std::optional<LatLon> truth_position;  // the matched interferer's, at the event's peak
  double error_km = kNoTime;             // when located and matched
  std::optional<bool> inside_ci95;       // when located, matched and a ci95 is given
  bool localization_counted = false;     // matched to a jammer with >= min_located_aircraft aircraft
};

struct TruthEventScore {
  TruthEvent event;
  std::string interferer_name;
  std::vector<int> detected_ids;  // the detected events matched to it
  // Detected events matched to another truth event that still share >= min_affected of this one's aircraft: a
  // detector that links an interferer's consecutive active intervals (or two nearby interferers) into one
  // event has reported this one's losses too.
  std::vector<int> covering_ids;
  // Earliest loss / latest regain of this event's aircraft in the matched and covering events (the losses that
  // overlap its truth intervals), minus first_start_s / last_end_s.
  double onset_latency_s = kNoTime;
  double end_latency_s = kNoTime;

  // A covered (merged) interferer whose covering event has several sources (events.json "sources": two jammers at
  // once): the one of them nearest to it, at that event's peak. Shown, not pooled into the localization metrics
  // (they count one source per detected event; docs/EVALUATION_METHOD.md).
  struct CoveringSource {
    int event_id = 0;
    LatLon located, truth_position;
    double error_km = kNoTime;
    std::optional<bool> inside_ci95;
  };
  std::optional<CoveringSource> covering_source;

  bool found() const { return !detected_ids.empty() || !covering_ids.empty(); }
};

// Why `map` may not be the map of `truth`'s scenario, or nullopt: its cells (or, without cells, its events) do not
// overlap the truth's span at all: another scenario's map, or a map made without `--start-time` of the truth's start
// (Beast timestamps are relative: docs/SIMULATOR.md). Scoring such a pair reports every truth event as missed.
std::optional<std::string> mismatch_warning(const Truth& truth, const MapOutput& map);

struct SpoofingScore {
  std::vector<std::uint32_t> truth;  // aircraft with a heard spoofed interval
  std::vector<std::uint32_t> found;  // aircraft named in a finding
  std::vector<std::uint32_t> both;
};

struct RunScore {
  std::string truth_path, dir, scenario;
  std::int64_t seed = 0;
  std::vector<TruthEventScore> truth_events;
  std::vector<DetectedScore> detected;
  SpoofingScore spoofing;
  CellCoverage coverage;
};

RunScore score_run(const Truth& truth, const MapOutput& map, const EvalOptions& options);

// Counts and per-event values summed over runs (a single run is a pool of one).
struct PooledScore {
  std::size_t runs = 0;
  std::size_t recall_events = 0, recalled = 0;
  std::size_t detectable_events = 0, detectable_recalled = 0;  // truth events counting for the detectable recall
  std::size_t runs_without_good_fix = 0;  // runs whose truth gives no good_before_s (not in the detectable recall)
  std::size_t detected = 0, matched = 0;
  std::vector<double> onset_s, end_s;  // per recalled truth event counting for recall, when observable
  std::size_t onset_unobservable = 0, end_unobservable = 0;  // recalled, but on (off) at the recording's edge
  std::size_t localization_events = 0, located = 0;
  std::vector<double> error_km;
  std::size_t with_ci95 = 0, inside_ci95 = 0;
  std::int64_t cell_hours = 0;
  std::size_t runs_without_hour_windows = 0;
  std::size_t spoof_truth = 0, spoof_found = 0, spoof_both = 0;
};

PooledScore pool(std::span<const RunScore> runs);

// Percentile p in [0, 100] with linear interpolation between closest ranks (Hyndman & Fan 1996, definition 7,
// numpy's default); NaN for no values.
double percentile(std::vector<double> values, double p);

struct Metric {
  enum class Status { NoGoal, Met, Missed, NoData };
  std::string key;    // JSON name
  std::string label;  // for the table
  std::string unit;   // "fraction", "s", "km", "per 1000 cell-hours"
  double value = kNoTime;
  std::size_t n = 0;  // what it was computed from (events, aircraft, cell-hours)
  std::string n_unit;
  std::string goal;   // "", ">= 0.99", "<= 3", "0.90-0.98"
  Status status = Status::NoGoal;
  double missed_by = 0;  // in `unit`, when Missed
};

// The metrics of docs/EVALUATION_METHOD.md with the project's goals.
std::vector<Metric> metrics(const PooledScore& pooled);

}  // namespace gw::eval
