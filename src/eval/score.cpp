#include "eval/score.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "eval/geometry.hpp"
#include "output/events_writer.hpp"  // iso8601_utc

namespace gw::eval {
namespace {

bool overlaps(TimeInterval a, TimeInterval b, double slack_s) {
  return a.start_s <= b.end_s + slack_s && b.start_s <= a.end_s + slack_s;
}

// Time between two intervals, 0 when they overlap.
double gap_s(double a0, double a1, double b0, double b1) { return std::max({0.0, a0 - b1, b0 - a1}); }

// A detected event's losses per aircraft, each as [lost, regained]; an open loss lasts to the event's end.
std::map<std::uint32_t, std::vector<TimeInterval>> detected_intervals(const DetectedEvent& ev) {
  std::map<std::uint32_t, std::vector<TimeInterval>> out;
  for (const DetectedEpisode& e : ev.episodes) {
    double end = std::isfinite(e.regained_s) ? e.regained_s : ev.end_s;
    if (!std::isfinite(end) || end < e.lost_s) end = e.lost_s;
    out[e.icao].push_back({e.lost_s, end});
  }
  return out;
}

// The aircraft a detected event shares with a truth event (a loss overlapping one of its truth intervals, within
// the slack), and the earliest such loss and latest end of one.
struct Shared {
  std::size_t aircraft = 0;
  double first_loss_s = INFINITY;
  double last_end_s = -INFINITY;
};

using AffectedIndex = std::map<std::uint32_t, std::vector<TimeInterval>>;  // every affected interval per aircraft

Shared shared_aircraft(const std::map<std::uint32_t, std::vector<TimeInterval>>& detected, const TruthEvent& t,
                       double slack_s, const AffectedIndex& all_affected) {
  Shared s;
  for (const auto& [icao, losses] : detected) {
    const auto it = t.aircraft.find(icao);
    if (it == t.aircraft.end()) continue;
    const std::vector<TimeInterval>& others = all_affected.at(icao);
    bool any = false;
    for (const TimeInterval& d : losses)
      for (const TimeInterval& a : it->second) {
        if (!overlaps(d, a, slack_s)) continue;
        any = true;
        // A loss that began while this aircraft was still affected before `a` (the detector saw no good fix in
        // between) tells nothing about a's onset; one that lasts into its next affected interval nothing about
        // a's end.
        double previous_end = -INFINITY, next_start = INFINITY;
        for (const TimeInterval& o : others) {
          if (o.end_s <= a.start_s) previous_end = std::max(previous_end, o.end_s);
          if (o.start_s >= a.end_s) next_start = std::min(next_start, o.start_s);
        }
        if (d.start_s > previous_end) s.first_loss_s = std::min(s.first_loss_s, d.start_s);
        if (d.end_s < next_start) s.last_end_s = std::max(s.last_end_s, d.end_s);
      }
    s.aircraft += any;
  }
  return s;
}

}  // namespace

std::vector<TruthEvent> truth_events(const Truth& truth, const EvalOptions& options) {
  std::vector<TruthEvent> out;
  for (const TruthInterferer& in : truth.interferers) {
    for (std::size_t k = 0; k < in.active.size(); ++k) {
      TruthEvent t;
      t.interferer_id = in.id;
      t.active_index = k;
      t.active = in.active[k];
      t.jammer = in.is_jammer();
      t.detectability_known = true;
      for (const TruthAircraft& a : truth.aircraft) {
        bool detectable = false;
        for (const TruthAffected& f : a.affected) {
          if (f.interferer != in.id || !f.heard || !overlaps({f.start_s, f.end_s}, t.active, 0)) continue;
          // A jammer's event is made of jammed intervals; a spoofer's of both kinds (its victims lose a true fix).
          if (t.jammer && f.kind != "jammed") continue;
          if (f.kind == "jammed" && f.start_on_ground) continue;  // undetectable by design: no verdicts on the ground
          t.aircraft[a.icao].push_back({f.start_s, f.end_s});
          t.detectability_known = t.detectability_known && f.has_good_fix;
          detectable = detectable || f.good_before();
        }
        t.detectable_aircraft += detectable;
      }
      if (t.aircraft.empty()) continue;
      t.first_start_s = INFINITY;
      t.last_end_s = -INFINITY;
      for (const auto& [icao, intervals] : t.aircraft)
        for (const TimeInterval& i : intervals) {
          t.first_start_s = std::min(t.first_start_s, i.start_s);
          t.last_end_s = std::max(t.last_end_s, i.end_s);
        }
      t.counts_for_recall = t.jammer && t.aircraft.size() >= options.min_affected;
      t.counts_for_detectable_recall =
          t.counts_for_recall && t.detectability_known && t.detectable_aircraft >= options.min_affected;
      t.onset_observable = t.active.start_s > truth.start_s;
      t.end_observable = t.active.end_s < truth.end_s;
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::optional<std::string> mismatch_warning(const Truth& truth, const MapOutput& map) {
  double first = map.coverage.first_window_start_s, last = map.coverage.last_window_end_s;
  if (!std::isfinite(first)) {
    for (const DetectedEvent& ev : map.events) {
      if (!(ev.start_s >= first)) first = ev.start_s;
      if (!(ev.end_s <= last)) last = ev.end_s;
    }
  }
  if (!std::isfinite(first) || !std::isfinite(last)) return std::nullopt;  // nothing mapped: nothing to compare
  if (first < truth.end_s && last > truth.start_s) return std::nullopt;
  return fmt::format("{} covers {} to {}, the truth {} covers {} to {}: not one scenario's? (map a simulated "
                     "recording with --start-time {})",
                     map.dir, output::iso8601_utc(first), output::iso8601_utc(last), truth.path,
                     output::iso8601_utc(truth.start_s), output::iso8601_utc(truth.end_s),
                     output::iso8601_utc(truth.start_s));
}

RunScore score_run(const Truth& truth, const MapOutput& map, const EvalOptions& options) {
  RunScore run;
  run.truth_path = truth.path;
  run.dir = map.dir;
  run.scenario = truth.scenario;
  run.seed = truth.seed;
  run.coverage = map.coverage;
  for (TruthEvent& t : truth_events(truth, options)) {
    TruthEventScore s;
    if (const TruthInterferer* in = truth.interferer(t.interferer_id)) s.interferer_name = in->name;
    s.event = std::move(t);
    run.truth_events.push_back(std::move(s));
  }

  AffectedIndex all_affected;
  for (const TruthAircraft& a : truth.aircraft) {
    auto& list = all_affected[a.icao];
    for (const TruthAffected& f : a.affected) list.push_back({f.start_s, f.end_s});
  }

  for (const DetectedEvent& ev : map.events) {
    DetectedScore d;
    d.event_id = ev.id;
    d.start_s = ev.start_s;
    d.end_s = ev.end_s;
    d.peak_s = ev.peak_s;
    d.aircraft = ev.distinct_aircraft();
    d.source_status = ev.source.status;
    d.source_status_text = ev.source.status_text;
    if (ev.source.status == DetectedSource::Status::Located) d.located = LatLon{ev.source.lat_deg, ev.source.lon_deg};

    // The truth event sharing the most aircraft (in overlapping time); ties: nearest in time, then earliest onset.
    const auto losses = detected_intervals(ev);
    std::vector<Shared> shared(run.truth_events.size());
    int best = -1;
    double best_gap = 0, best_onset = 0;
    for (std::size_t j = 0; j < run.truth_events.size(); ++j) {
      const TruthEvent& t = run.truth_events[j].event;
      shared[j] = shared_aircraft(losses, t, options.match_slack_s, all_affected);
      const std::size_t n = shared[j].aircraft;
      if (n == 0) continue;
      const double gap = gap_s(ev.start_s, ev.end_s, t.first_start_s, t.last_end_s);
      const double onset = std::abs(ev.start_s - t.first_start_s);
      const std::size_t best_n = best < 0 ? 0 : shared[static_cast<std::size_t>(best)].aircraft;
      if (best < 0 || n > best_n || (n == best_n && (gap < best_gap || (gap == best_gap && onset < best_onset)))) {
        best = static_cast<int>(j);
        best_gap = gap;
        best_onset = onset;
      }
    }
    for (std::size_t j = 0; j < run.truth_events.size(); ++j) {
      const bool matched = static_cast<int>(j) == best;
      if (!matched && shared[j].aircraft < options.min_affected) continue;
      TruthEventScore& t = run.truth_events[j];
      (matched ? t.detected_ids : t.covering_ids).push_back(ev.id);
      const double onset = shared[j].first_loss_s - t.event.first_start_s;
      const double end = shared[j].last_end_s - t.event.last_end_s;
      if (std::isfinite(onset) && (!std::isfinite(t.onset_latency_s) || onset < t.onset_latency_s)) t.onset_latency_s = onset;
      if (std::isfinite(end) && (!std::isfinite(t.end_latency_s) || end > t.end_latency_s)) t.end_latency_s = end;
    }
    if (best >= 0) {
      const TruthEventScore& t = run.truth_events[static_cast<std::size_t>(best)];
      d.truth_event = best;
      d.interferer_id = t.event.interferer_id;
      d.shared = shared[static_cast<std::size_t>(best)].aircraft;
      d.first_shared_loss_s = shared[static_cast<std::size_t>(best)].first_loss_s;
      const TruthInterferer* in = truth.interferer(t.event.interferer_id);
      const double when = std::isfinite(ev.peak_s) ? ev.peak_s : (ev.start_s + ev.end_s) / 2;
      d.truth_position = in->position_at(when);
      d.localization_counted = t.event.jammer && d.aircraft >= options.min_located_aircraft;
      if (d.located) {
        d.error_km = great_circle_km(*d.located, *d.truth_position);
        if (!ev.source.ci95.empty()) d.inside_ci95 = polygons_contain(ev.source.ci95, *d.truth_position);
      }
    }
    run.detected.push_back(std::move(d));
  }

  // A merged interferer: the nearest of its covering events' several sources, if any.
  for (TruthEventScore& t : run.truth_events) {
    if (!t.detected_ids.empty() || t.covering_ids.empty()) continue;
    const TruthInterferer* in = truth.interferer(t.event.interferer_id);
    for (const DetectedEvent& ev : map.events) {
      if (std::find(t.covering_ids.begin(), t.covering_ids.end(), ev.id) == t.covering_ids.end()) continue;
      const double when = std::isfinite(ev.peak_s) ? ev.peak_s : (ev.start_s + ev.end_s) / 2;
      const LatLon truth_at = in->position_at(when);
      for (const DetectedSource& s : ev.sources) {
        if (s.status != DetectedSource::Status::Located) continue;
        const LatLon at{s.lat_deg, s.lon_deg};
        const double km = great_circle_km(at, truth_at);
        if (t.covering_source && !(km < t.covering_source->error_km)) continue;
        t.covering_source = TruthEventScore::CoveringSource{ev.id, at, truth_at, km, std::nullopt};
        if (!s.ci95.empty()) t.covering_source->inside_ci95 = polygons_contain(s.ci95, truth_at);
      }
    }
  }

  std::set<std::uint32_t> spoofed, found;
  for (const TruthAircraft& a : truth.aircraft)
    for (const TruthAffected& f : a.affected)
      if (f.kind == "spoofed" && f.heard) spoofed.insert(a.icao);
  for (const DetectedFinding& f : map.findings) found.insert(f.aircraft.begin(), f.aircraft.end());
  run.spoofing.truth.assign(spoofed.begin(), spoofed.end());
  run.spoofing.found.assign(found.begin(), found.end());
  std::set_intersection(spoofed.begin(), spoofed.end(), found.begin(), found.end(), std::back_inserter(run.spoofing.both));
  return run;
}

PooledScore pool(std::span<const RunScore> runs) {
  PooledScore p;
  p.runs = runs.size();
  for (const RunScore& r : runs) {
    bool without_good_fix = false;
    for (const TruthEventScore& t : r.truth_events) {
      without_good_fix = without_good_fix || !t.event.detectability_known;
      if (t.event.counts_for_detectable_recall) {
        ++p.detectable_events;
        p.detectable_recalled += t.found();
      }
      if (!t.event.counts_for_recall) continue;
      ++p.recall_events;
      if (!t.found()) continue;
      ++p.recalled;
      if (t.event.onset_observable && std::isfinite(t.onset_latency_s)) p.onset_s.push_back(t.onset_latency_s);
      else ++p.onset_unobservable;
      if (t.event.end_observable && std::isfinite(t.end_latency_s)) p.end_s.push_back(t.end_latency_s);
      else ++p.end_unobservable;
    }
    for (const DetectedScore& d : r.detected) {
      ++p.detected;
      p.matched += d.truth_event >= 0;
      if (!d.localization_counted) continue;
      ++p.localization_events;
      if (!d.located) continue;
      ++p.located;
      p.error_km.push_back(d.error_km);
      if (d.inside_ci95) {
        ++p.with_ci95;
        p.inside_ci95 += *d.inside_ci95;
      }
    }
    p.runs_without_good_fix += without_good_fix;
    p.cell_hours += r.coverage.all_band_hour_rows;
    p.runs_without_hour_windows += !r.coverage.has_hour_windows;
    p.spoof_truth += r.spoofing.truth.size();
    p.spoof_found += r.spoofing.found.size();
    p.spoof_both += r.spoofing.both.size();
  }
  return p;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return kNoTime;
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * std::clamp(p, 0.0, 100.0) / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

namespace {

double ratio(std::size_t num, std::size_t den) { return den ? static_cast<double>(num) / static_cast<double>(den) : kNoTime; }

Metric make(std::string key, std::string label, std::string unit, double value, std::size_t n, std::string n_unit) {
  Metric m;
  m.key = std::move(key);
  m.label = std::move(label);
  m.unit = std::move(unit);
  m.value = value;
  m.n = n;
  m.n_unit = std::move(n_unit);
  return m;
}

void goal_at_least(Metric& m, double goal, std::string text) {
  m.goal = std::move(text);
  if (!std::isfinite(m.value)) m.status = Metric::Status::NoData;
  else if (m.value >= goal) m.status = Metric::Status::Met;
  else m.status = Metric::Status::Missed, m.missed_by = goal - m.value;
}

void goal_at_most(Metric& m, double goal, std::string text) {
  m.goal = std::move(text);
  if (!std::isfinite(m.value)) m.status = Metric::Status::NoData;
  else if (m.value <= goal) m.status = Metric::Status::Met;
  else m.status = Metric::Status::Missed, m.missed_by = m.value - goal;
}

}  // namespace

std::vector<Metric> metrics(const PooledScore& p) {
  std::vector<Metric> out;
  Metric m = make("event_recall", "event recall (>= 3 aircraft)", "fraction", ratio(p.recalled, p.recall_events), p.recall_events, "truth events");
  goal_at_least(m, 0.99, ">= 99%");
  out.push_back(m);
  m = make("event_recall_detectable", "event recall, detectable (>= 3 good)", "fraction",
           ratio(p.detectable_recalled, p.detectable_events), p.detectable_events, "truth events");
  goal_at_least(m, 0.99, ">= 99%");
  out.push_back(m);
  out.push_back(make("event_precision", "event precision", "fraction", ratio(p.matched, p.detected), p.detected, "detected events"));
  m = make("onset_latency_median_s", "onset latency, median", "s", percentile(p.onset_s, 50), p.onset_s.size(), "events");
  out.push_back(m);
  m = make("onset_latency_p95_s", "onset latency, 95th percentile", "s", percentile(p.onset_s, 95), p.onset_s.size(), "events");
  goal_at_most(m, 120, "<= 120 s");
  out.push_back(m);
  out.push_back(make("end_latency_median_s", "end latency, median", "s", percentile(p.end_s, 50), p.end_s.size(), "events"));
  out.push_back(make("end_latency_p95_s", "end latency, 95th percentile", "s", percentile(p.end_s, 95), p.end_s.size(), "events"));
  out.push_back(make("located_share", "events located (>= 5 aircraft)", "fraction", ratio(p.located, p.localization_events),
                     p.localization_events, "events"));
  m = make("localization_median_km", "localisation error, median", "km", percentile(p.error_km, 50), p.error_km.size(), "events");
  goal_at_most(m, 3, "<= 3 km");
  out.push_back(m);
  m = make("localization_p95_km", "localisation error, 95th percentile", "km", percentile(p.error_km, 95), p.error_km.size(), "events");
  goal_at_most(m, 10, "<= 10 km");
  out.push_back(m);
  m = make("ci95_containment", "95% regions containing the source", "fraction", ratio(p.inside_ci95, p.with_ci95), p.with_ci95, "events");
  m.goal = "90%-98%";
  if (!std::isfinite(m.value)) m.status = Metric::Status::NoData;
  else if (m.value < 0.90) m.status = Metric::Status::Missed, m.missed_by = 0.90 - m.value;
  else if (m.value > 0.98) m.status = Metric::Status::Missed, m.missed_by = m.value - 0.98;
  else m.status = Metric::Status::Met;
  out.push_back(m);
  const double false_rate = p.cell_hours > 0 ? static_cast<double>(p.detected - p.matched) * 1000.0 / static_cast<double>(p.cell_hours) : kNoTime;
  m = make("false_events_per_1000_cell_hours", "false events per 1,000 cell-hours", "per 1000 cell-hours", false_rate,
           static_cast<std::size_t>(p.cell_hours), "cell-hours");
  goal_at_most(m, 1, "<= 1");
  out.push_back(m);
  m = make("spoofing_recall", "spoofing recall (aircraft)", "fraction", ratio(p.spoof_both, p.spoof_truth), p.spoof_truth, "spoofed aircraft");
  goal_at_least(m, 0.95, ">= 95%");
  out.push_back(m);
  m = make("spoofing_precision", "spoofing precision (aircraft)", "fraction", ratio(p.spoof_both, p.spoof_found), p.spoof_found, "flagged aircraft");
  goal_at_least(m, 0.95, ">= 95%");
  out.push_back(m);
  return out;
}

}  // namespace gw::eval
