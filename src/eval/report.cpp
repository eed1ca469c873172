#include "eval/report.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "output/events_writer.hpp"  // iso8601_utc

namespace gw::eval {
namespace {

using Buffer = fmt::memory_buffer;

void put_string(Buffer& b, std::string_view s) {
  b.push_back('"');
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      b.push_back('\\');
      b.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      fmt::format_to(std::back_inserter(b), "\\u{:04x}", static_cast<unsigned>(c));
    } else {
      b.push_back(c);
    }
  }
  b.push_back('"');
}

void put_number(Buffer& b, double v, int decimals = 3) {
  if (std::isfinite(v)) fmt::format_to(std::back_inserter(b), "{:.{}f}", v, decimals);
  else b.append(std::string_view("null"));
}

void put_time(Buffer& b, double t) {
  if (std::isfinite(t)) put_string(b, output::iso8601_utc(t));
  else b.append(std::string_view("null"));
}

void put_icaos(Buffer& b, const std::vector<std::uint32_t>& ids) {
  b.push_back('[');
  for (std::size_t i = 0; i < ids.size(); ++i) fmt::format_to(std::back_inserter(b), "{}\"{:06x}\"", i ? "," : "", ids[i]);
  b.push_back(']');
}

const char* status_name(Metric::Status s) {
  switch (s) {
    case Metric::Status::Met: return "met";
    case Metric::Status::Missed: return "missed";
    case Metric::Status::NoData: return "no data";
    case Metric::Status::NoGoal: break;
  }
  return "no goal";
}

void put_metrics(Buffer& b, const std::vector<Metric>& metrics) {
  b.push_back('{');
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    const Metric& m = metrics[i];
    if (i) b.push_back(',');
    b.append(std::string_view("\n  "));
    put_string(b, m.key);
    b.append(std::string_view(":{\"value\":"));
    put_number(b, m.value, 4);
    fmt::format_to(std::back_inserter(b), ",\"unit\":");
    put_string(b, m.unit);
    fmt::format_to(std::back_inserter(b), ",\"n\":{},\"n_of\":", m.n);
    put_string(b, m.n_unit);
    b.append(std::string_view(",\"goal\":"));
    if (m.goal.empty()) b.append(std::string_view("null"));
    else put_string(b, m.goal);
    fmt::format_to(std::back_inserter(b), ",\"status\":\"{}\"", status_name(m.status));
    if (m.status == Metric::Status::Missed) {
      b.append(std::string_view(",\"missed_by\":"));
      put_number(b, m.missed_by, 4);
    }
    b.push_back('}');
  }
  b.push_back('}');
}

void put_source(Buffer& b, const DetectedScore& d) {
  switch (d.source_status) {
    case DetectedSource::Status::None: b.append(std::string_view("null")); return;
    case DetectedSource::Status::NotLocated:
      b.append(std::string_view("{\"status\":"));
      put_string(b, d.source_status_text);
      b.push_back('}');
      return;
    case DetectedSource::Status::Located:
      fmt::format_to(std::back_inserter(b), "{{\"status\":\"located\",\"lat\":{:.5f},\"lon\":{:.5f}}}", d.located->lat_deg,
                     d.located->lon_deg);
      return;
  }
}

void put_run(Buffer& b, const RunScore& r) {
  b.append(std::string_view("{\"truth\":"));
  put_string(b, r.truth_path);
  b.append(std::string_view(",\"dir\":"));
  put_string(b, r.dir);
  b.append(std::string_view(",\"scenario\":"));
  put_string(b, r.scenario);
  fmt::format_to(std::back_inserter(b), ",\"seed\":{},\"cell_hours\":{},\"hour_windows\":{},\n \"truth_events\":[", r.seed,
                 r.coverage.all_band_hour_rows, r.coverage.has_hour_windows);
  for (std::size_t i = 0; i < r.truth_events.size(); ++i) {
    const TruthEventScore& t = r.truth_events[i];
    b.append(std::string_view(i ? ",\n  {" : "\n  {"));
    fmt::format_to(std::back_inserter(b), "\"interferer\":{},\"name\":", t.event.interferer_id);
    put_string(b, t.interferer_name);
    fmt::format_to(std::back_inserter(b), ",\"kind\":\"{}\",\"active_start\":", t.event.jammer ? "jammer" : "spoofer");
    put_time(b, t.event.active.start_s);
    b.append(std::string_view(",\"active_end\":"));
    put_time(b, t.event.active.end_s);
    fmt::format_to(std::back_inserter(b),
                   ",\"affected_aircraft\":{},\"counts_for_recall\":{},\"detectable_aircraft\":{},"
                   "\"counts_for_detectable_recall\":{},\"onset_observable\":{},\"end_observable\":{},"
                   "\"first_affected\":",
                   t.event.aircraft.size(), t.event.counts_for_recall, t.event.detectability_known ? fmt::to_string(t.event.detectable_aircraft) : "null",
                   t.event.counts_for_detectable_recall, t.event.onset_observable, t.event.end_observable);
    put_time(b, t.event.first_start_s);
    b.append(std::string_view(",\"last_affected_end\":"));
    put_time(b, t.event.last_end_s);
    b.append(std::string_view(",\"detected\":["));
    for (std::size_t k = 0; k < t.detected_ids.size(); ++k) fmt::format_to(std::back_inserter(b), "{}{}", k ? "," : "", t.detected_ids[k]);
    b.append(std::string_view("],\"covered_by\":["));
    for (std::size_t k = 0; k < t.covering_ids.size(); ++k) fmt::format_to(std::back_inserter(b), "{}{}", k ? "," : "", t.covering_ids[k]);
    b.push_back(']');
    if (const auto& c = t.covering_source) {
      fmt::format_to(std::back_inserter(b), ",\"covering_source\":{{\"event\":{},\"source\":{{\"lat\":", c->event_id);
      put_number(b, c->located.lat_deg, 5);
      b.append(std::string_view(",\"lon\":"));
      put_number(b, c->located.lon_deg, 5);
      b.append(std::string_view("},\"true_source\":{\"lat\":"));
      put_number(b, c->truth_position.lat_deg, 5);
      b.append(std::string_view(",\"lon\":"));
      put_number(b, c->truth_position.lon_deg, 5);
      b.append(std::string_view("},\"error_km\":"));
      put_number(b, c->error_km, 3);
      b.append(std::string_view(",\"inside_ci95\":"));
      b.append(std::string_view(!c->inside_ci95 ? "null" : *c->inside_ci95 ? "true" : "false"));
      b.push_back('}');
    }
    b.append(std::string_view(",\"onset_latency_s\":"));
    put_number(b, t.onset_latency_s, 1);
    b.append(std::string_view(",\"end_latency_s\":"));
    put_number(b, t.end_latency_s, 1);
    b.push_back('}');
  }
  b.append(std::string_view("],\n \"detected_events\":["));
  for (std::size_t i = 0; i < r.detected.size(); ++i) {
    const DetectedScore& d = r.detected[i];
    b.append(std::string_view(i ? ",\n  {" : "\n  {"));
    fmt::format_to(std::back_inserter(b), "\"id\":{},\"start\":", d.event_id);
    put_time(b, d.start_s);
    b.append(std::string_view(",\"end\":"));
    put_time(b, d.end_s);
    fmt::format_to(std::back_inserter(b), ",\"aircraft\":{},\"matched\":", d.aircraft);
    if (d.truth_event >= 0) fmt::format_to(std::back_inserter(b), "{{\"interferer\":{},\"shared_aircraft\":{}}}", d.interferer_id, d.shared);
    else b.append(std::string_view("null"));
    b.append(std::string_view(",\"source\":"));
    put_source(b, d);
    b.append(std::string_view(",\"true_source\":"));
    if (d.truth_position) fmt::format_to(std::back_inserter(b), "{{\"lat\":{:.5f},\"lon\":{:.5f}}}", d.truth_position->lat_deg, d.truth_position->lon_deg);
    else b.append(std::string_view("null"));
    b.append(std::string_view(",\"error_km\":"));
    put_number(b, d.error_km, 3);
    b.append(std::string_view(",\"inside_ci95\":"));
    b.append(std::string_view(!d.inside_ci95 ? "null" : *d.inside_ci95 ? "true" : "false"));
    fmt::format_to(std::back_inserter(b), ",\"counts_for_localization\":{}}}", d.localization_counted);
  }
  b.append(std::string_view("],\n \"spoofing\":{\"truth\":"));
  put_icaos(b, r.spoofing.truth);
  b.append(std::string_view(",\"found\":"));
  put_icaos(b, r.spoofing.found);
  b.append(std::string_view(",\"both\":"));
  put_icaos(b, r.spoofing.both);
  b.append(std::string_view("},\n \"metrics\":"));
  const RunScore one[] = {r};
  put_metrics(b, metrics(pool(one)));
  b.push_back('}');
}

std::string format_value(const Metric& m, double v) {
  if (!std::isfinite(v)) return "-";
  if (m.unit == "fraction") return fmt::format("{:.1f}%", 100 * v);
  if (m.unit == "s") return fmt::format("{:.0f} s", v);
  if (m.unit == "km") return fmt::format("{:.2f} km", v);
  return fmt::format("{:.2f}", v);
}

std::string format_missed_by(const Metric& m) {
  if (m.unit == "fraction") return fmt::format("{:.1f} points", 100 * m.missed_by);
  return format_value(m, m.missed_by);
}

}  // namespace

std::string eval_json_text(std::span<const RunScore> runs, const EvalOptions& options) {
  Buffer b;
  fmt::format_to(std::back_inserter(b),
                 "{{\"format\":\"gnsswatch-eval/1\",\"options\":{{\"min_affected\":{},\"min_located_aircraft\":{},"
                 "\"match_slack_s\":{}}},\n\"runs\":[",
                 options.min_affected, options.min_located_aircraft, options.match_slack_s);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    b.append(std::string_view(i ? ",\n" : "\n"));
    put_run(b, runs[i]);
  }
  const PooledScore pooled = pool(runs);
  fmt::format_to(std::back_inserter(b),
                 "],\n\"pooled\":{{\"runs\":{},\"runs_without_hour_windows\":{},\"onset_unobservable\":{},"
                 "\"end_unobservable\":{},\"runs_without_good_fix\":{},\"metrics\":",
                 pooled.runs, pooled.runs_without_hour_windows, pooled.onset_unobservable, pooled.end_unobservable,
                 pooled.runs_without_good_fix);
  put_metrics(b, metrics(pooled));
  b.append(std::string_view("}}\n"));
  return fmt::to_string(b);
}

std::string run_table_text(const RunScore& r) {
  Buffer b;
  auto out = std::back_inserter(b);
  std::size_t matched = 0, recall_events = 0, recalled = 0;
  for (const auto& d : r.detected) matched += d.truth_event >= 0;
  for (const auto& t : r.truth_events) {
    recall_events += t.event.counts_for_recall;
    recalled += t.event.counts_for_recall && t.found();
  }
  fmt::format_to(out, "scenario {} (seed {}): {} vs {}\n", r.scenario.empty() ? "?" : r.scenario, r.seed, r.truth_path, r.dir);
  fmt::format_to(out, "events: {} detected, {} matched to an interferer; truth: {} events, {} with >= 3 aircraft, {} of them found\n",
                 r.detected.size(), matched, r.truth_events.size(), recall_events, recalled);
  if (!r.detected.empty())
    fmt::format_to(out, "  {:>3}  {:<20} {:>4}  {:<24} {:>8}  {:<22} {:<22} {:>9}  {}\n", "id", "start", "ac", "interferer (truth)", "onset",
                   "located source", "true source", "error", "95% region");
  for (const DetectedScore& d : r.detected) {
    std::string who = "unmatched (false)", onset = "", located = "", truth_pos = "", error = "", region = "";
    if (d.truth_event >= 0) {
      const TruthEventScore& t = r.truth_events[static_cast<std::size_t>(d.truth_event)];
      who = fmt::format("{} {} ({}/{})", d.interferer_id, t.interferer_name, d.shared, t.event.aircraft.size());
      onset = fmt::format("{:+.0f} s", d.first_shared_loss_s - t.event.first_start_s);
      if (!t.event.onset_observable) onset = "(on)";
      truth_pos = fmt::format("{:.4f},{:.4f}", d.truth_position->lat_deg, d.truth_position->lon_deg);
    }
    if (d.located) located = fmt::format("{:.4f},{:.4f}", d.located->lat_deg, d.located->lon_deg);
    else located = d.source_status == DetectedSource::Status::None ? "(none)" : d.source_status_text;
    if (std::isfinite(d.error_km)) error = fmt::format("{:.2f} km", d.error_km);
    if (d.inside_ci95) region = *d.inside_ci95 ? "contains it" : "MISSES it";
    if (d.located && d.truth_event >= 0 && !d.localization_counted) region += region.empty() ? "(not scored)" : " (not scored)";
    fmt::format_to(out, "  {:>3}  {:<20} {:>4}  {:<24} {:>8}  {:<22} {:<22} {:>9}  {}\n", d.event_id, output::iso8601_utc(d.start_s),
                   d.aircraft, who, onset, located, truth_pos, error, region);
  }
  for (const TruthEventScore& t : r.truth_events) {
    if (!t.detected_ids.empty()) continue;
    if (!t.covering_ids.empty()) {
      fmt::format_to(out, "  merged: interferer {} {}, {} to {}, {} aircraft: reported inside event(s) {} matched to another\n",
                     t.event.interferer_id, t.interferer_name, output::iso8601_utc(t.event.active.start_s),
                     output::iso8601_utc(t.event.active.end_s), t.event.aircraft.size(), fmt::join(t.covering_ids, ", "));
      if (const auto& c = t.covering_source)
        fmt::format_to(out, "          nearest of event {}'s sources: {:.4f},{:.4f}, {:.2f} km from it ({:.4f},{:.4f}){}\n",
                       c->event_id, c->located.lat_deg, c->located.lon_deg, c->error_km, c->truth_position.lat_deg,
                       c->truth_position.lon_deg,
                       !c->inside_ci95 ? "" : *c->inside_ci95 ? "; its 95% region contains it" : "; its 95% region MISSES it");
      continue;
    }
    const std::string good = t.event.detectability_known
                                 ? fmt::format(", {} heard good within 15 min before", t.event.detectable_aircraft)
                                 : "";
    fmt::format_to(out, "  missed: interferer {} {} ({}), {} to {}, {} aircraft heard affected{}{}\n", t.event.interferer_id,
                   t.interferer_name, t.event.jammer ? "jammer" : "spoofer", output::iso8601_utc(t.event.active.start_s),
                   output::iso8601_utc(t.event.active.end_s), t.event.aircraft.size(), good,
                   !t.event.counts_for_recall           ? " (below the recall threshold)"
                   : !t.event.counts_for_detectable_recall ? " (not detectable: fewer than 3 heard good before)"
                                                           : "");
  }
  const auto& s = r.spoofing;
  fmt::format_to(out, "spoofing: {} aircraft spoofed (heard), {} flagged, {} correct\n", s.truth.size(), s.found.size(), s.both.size());
  std::vector<std::uint32_t> missed, wrong;
  std::set_difference(s.truth.begin(), s.truth.end(), s.both.begin(), s.both.end(), std::back_inserter(missed));
  std::set_difference(s.found.begin(), s.found.end(), s.both.begin(), s.both.end(), std::back_inserter(wrong));
  if (!missed.empty()) fmt::format_to(out, "  not flagged: {:06x}\n", fmt::join(missed, " "));
  if (!wrong.empty()) fmt::format_to(out, "  flagged but not spoofed: {:06x}\n", fmt::join(wrong, " "));
  if (!r.coverage.has_hour_windows) fmt::format_to(out, "note: cells.csv has no 1-hour windows: false events per cell-hour not computed (run map with --window 1h)\n");
  return fmt::to_string(b);
}

std::string runs_summary_text(std::span<const RunScore> runs) {
  Buffer b;
  auto out = std::back_inserter(b);
  fmt::format_to(out, "{:<24} {:>6} {:>9} {:>8} {:>11} {:>10} {:>8} {:>11} {:>9}\n", "scenario", "seed", "detected", "false",
                 "recall(>=3)", "detectable", "located", "median err", "spoofing");
  for (const RunScore& r : runs) {
    const RunScore one[] = {r};
    const PooledScore p = pool(one);
    const double median = percentile(p.error_km, 50);
    fmt::format_to(out, "{:<24} {:>6} {:>9} {:>8} {:>11} {:>10} {:>8} {:>11} {:>9}\n", r.scenario, r.seed, p.detected,
                   p.detected - p.matched, fmt::format("{}/{}", p.recalled, p.recall_events),
                   p.runs_without_good_fix ? "-" : fmt::format("{}/{}", p.detectable_recalled, p.detectable_events),
                   fmt::format("{}/{}", p.located, p.localization_events),
                   std::isfinite(median) ? fmt::format("{:.2f} km", median) : "-", fmt::format("{}/{}", p.spoof_both, p.spoof_truth));
  }
  return fmt::to_string(b);
}

std::string metrics_table_text(const std::vector<Metric>& metrics, const PooledScore& pooled) {
  Buffer b;
  auto out = std::back_inserter(b);
  fmt::format_to(out, "{:<38} {:>10}  {:<28} {:<10} {}\n", pooled.runs > 1 ? fmt::format("pooled over {} runs", pooled.runs) : "metric",
                 "value", "n", "goal", "");
  for (const Metric& m : metrics) {
    std::string verdict;
    switch (m.status) {
      case Metric::Status::Met: verdict = "met"; break;
      case Metric::Status::Missed: verdict = "MISSED by " + format_missed_by(m); break;
      case Metric::Status::NoData: verdict = "no data"; break;
      case Metric::Status::NoGoal: break;
    }
    fmt::format_to(out, "{:<38} {:>10}  {:<28} {:<10} {}\n", m.label, format_value(m, m.value), fmt::format("{} {}", m.n, m.n_unit),
                   m.goal, verdict);
  }
  if (pooled.onset_unobservable || pooled.end_unobservable)
    fmt::format_to(out, "note: latencies leave out {} onset(s) and {} end(s) at the recording's start or end (interferer already on / still on)\n",
                   pooled.onset_unobservable, pooled.end_unobservable);
  if (pooled.runs_without_good_fix)
    fmt::format_to(out, "note: {} run(s) whose truth.json gives no good_before_s are left out of the detectable recall\n",
                   pooled.runs_without_good_fix);
  if (pooled.runs_without_hour_windows)
    fmt::format_to(out, "note: {} run(s) without 1-hour windows in cells.csv add no cell-hours (map --window 1h,...)\n",
                   pooled.runs_without_hour_windows);
  return fmt::to_string(b);
}

}  // namespace gw::eval
