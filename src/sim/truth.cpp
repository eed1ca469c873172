#include "sim/truth.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <iterator>
#include <limits>

#include "output/atomic_file.hpp"

namespace gw::sim {

namespace {

// Heard runs: times no more than this apart belong to one run (note_heard comes about once per second).
constexpr double kHeardGapS = 1.0;

// ISO 8601 UTC, whole seconds unless the time has a fraction (then milliseconds).
std::string iso_utc(double unix_s) {
  if (!std::isfinite(unix_s)) return "";
  double whole = std::floor(unix_s);
  long millis = std::lround((unix_s - whole) * 1000.0);
  if (millis == 1000) {
    whole += 1;
    millis = 0;
  }
  const std::time_t t = static_cast<std::time_t>(whole);
  std::tm tm{};
  gmtime_r(&t, &tm);
  if (millis == 0) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec);
  }
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

// A JSON number with a fixed number of decimals; JSON has no NaN or infinity, so those become null.
std::string number(double value, int decimals) {
  if (!std::isfinite(value)) return "null";
  return fmt::format("{:.{}f}", value, decimals);
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

const char* spoof_mode_name(SpoofMode mode) {
  switch (mode) {
    case SpoofMode::Fixed: return "fixed";
    case SpoofMode::Drift: return "drift";
    case SpoofMode::Circle: return "circle";
  }
  return "fixed";
}

std::vector<TruthRecorder::HeardRun> merged_runs(std::vector<TruthRecorder::HeardRun> runs) {
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.first_s < b.first_s; });
  std::vector<TruthRecorder::HeardRun> merged;
  for (const auto& run : runs) {
    if (!merged.empty() && run.first_s <= merged.back().last_s + kHeardGapS) {
      merged.back().last_s = std::max(merged.back().last_s, run.last_s);
    } else {
      merged.push_back(run);
    }
  }
  return merged;
}

// Adds [first_s, last_s] to sorted, merged runs, keeping them so (runs come in time order, bar a few seconds).
void add_run(std::vector<TruthRecorder::HeardRun>& runs, double first_s, double last_s) {
  if (!runs.empty()) {
    TruthRecorder::HeardRun& back = runs.back();
    if (last_s >= back.first_s - kHeardGapS && first_s <= back.last_s + kHeardGapS) {
      const bool earlier = first_s < back.first_s;
      back.first_s = std::min(back.first_s, first_s);
      back.last_s = std::max(back.last_s, last_s);
      if (earlier) runs = merged_runs(std::move(runs));  // it may now reach the run before
      return;
    }
    if (first_s < back.first_s) {
      runs.push_back({first_s, last_s});
      runs = merged_runs(std::move(runs));
      return;
    }
  }
  runs.push_back({first_s, last_s});
}

// Drops the runs (sorted, disjoint) that end before time_s, but not the last `keep` ones.
void drop_runs_before(std::vector<TruthRecorder::HeardRun>& runs, double time_s, std::size_t keep) {
  std::size_t n = 0;
  while (n + keep < runs.size() && runs[n].last_s < time_s) ++n;
  runs.erase(runs.begin(), runs.begin() + static_cast<std::ptrdiff_t>(n));
  // Give back what a burst of runs (a minute of patchy reception) made it grow to: otherwise every aircraft's
  // capacity creeps up to the largest burst it ever had, and memory with the duration.
  if (runs.capacity() > 4 && runs.size() < runs.capacity() / 2) runs.shrink_to_fit();
}

// Whether runs (points no more than kHeardGapS apart) put a heard time in [start, end].
bool runs_overlap(const std::vector<TruthRecorder::HeardRun>& runs, double start_s, double end_s) {
  for (const auto& run : runs) {
    if (run.first_s <= end_s && run.last_s >= start_s) return true;
  }
  return false;
}

}  // namespace

void TruthRecorder::set_scenario(std::string name, std::uint64_t seed, double start_s, double end_s) {
  scenario_ = std::move(name);
  seed_ = seed;
  start_s_ = start_s;
  end_s_ = end_s;
}

void TruthRecorder::add_receiver(std::string name, double lat_deg, double lon_deg, double height_m,
                                 double range_km) {
  receivers_.push_back({std::move(name), lat_deg, lon_deg, height_m, range_km});
}

TruthRecorder::Aircraft& TruthRecorder::aircraft_entry(std::uint32_t icao) {
  const auto [it, inserted] = index_.try_emplace(icao, aircraft_.size());
  if (inserted) {
    aircraft_.emplace_back();
    aircraft_.back().icao = icao;
  }
  return aircraft_[it->second];
}

void TruthRecorder::add_aircraft(std::uint32_t icao, std::string callsign, int version, bool gnss) {
  Aircraft& entry = aircraft_entry(icao);
  entry.callsign = std::move(callsign);
  entry.version = version;
  entry.gnss = gnss;
}

void TruthRecorder::note_heard(std::uint32_t icao, double time_s) { note_heard_run(icao, time_s, time_s); }

void TruthRecorder::note_heard_run(std::uint32_t icao, double first_s, double last_s) {
  const auto it = index_.find(icao);
  if (it == index_.end()) return;  // only aircraft added with add_aircraft are in the truth
  add_run(aircraft_[it->second].heard, first_s, last_s);
}

void TruthRecorder::note_usable_run(std::uint32_t icao, double first_s, double last_s) {
  const auto it = index_.find(icao);
  if (it == index_.end()) return;
  add_run(aircraft_[it->second].usable, first_s, last_s);
}

AffectedInterval TruthRecorder::settled(const Aircraft& a, const AffectedInterval& v) const {
  AffectedInterval out = v;
  const double end_s = end_of(v);
  if (!v.heard_fixed) out.heard = runs_overlap(a.heard, v.start_s, end_s);
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  if (!v.before_fixed) {
    double last_before = -INFINITY;
    for (const HeardRun& r : a.usable) {
      if (r.first_s <= v.start_s) last_before = std::max(last_before, std::min(r.last_s, v.start_s));
    }
    out.good_before_s = v.start_s - last_before <= kGoodFixWindowS ? v.start_s - last_before : kNone;
  }
  if (!v.after_fixed) {
    double first_after = INFINITY;
    for (const HeardRun& r : a.usable) {
      if (r.last_s >= end_s) first_after = std::min(first_after, std::max(r.first_s, end_s));
    }
    out.good_after_s = first_after - end_s <= kGoodFixWindowS ? first_after - end_s : kNone;
  }
  out.heard_fixed = out.before_fixed = out.after_fixed = true;
  return out;
}

void TruthRecorder::settle(double now_s) {
  // Runs noted later start after now_s, so they cannot reach back (merge) into runs ending before now_s - 1 s.
  const double complete_s = now_s - 2 * kHeardGapS;
  for (Aircraft& a : aircraft_) {
    double heard_from = complete_s, usable_from = INFINITY;
    for (AffectedInterval& v : a.affected) {
      if (v.heard_fixed && v.before_fixed && v.after_fixed) continue;
      const AffectedInterval now = settled(a, v);
      // heard: once a run overlaps it (it only grows), or once it ended before the complete runs.
      if (!v.heard_fixed && (now.heard || (v.closed && v.end_s <= complete_s))) {
        v.heard = now.heard;
        v.heard_fixed = true;
      }
      if (!v.before_fixed && v.start_s <= complete_s) {
        v.good_before_s = now.good_before_s;
        v.before_fixed = true;
      }
      // after: once a usable run reaches past the end (later ones start later), or kGoodFixWindowS after it.
      if (!v.after_fixed && v.closed && (std::isfinite(now.good_after_s) || v.end_s + kGoodFixWindowS <= complete_s)) {
        v.good_after_s = now.good_after_s;
        v.after_fixed = true;
      }
      if (!v.heard_fixed) heard_from = std::min(heard_from, v.start_s);
      if (!v.before_fixed) usable_from = std::min(usable_from, v.start_s - kGoodFixWindowS);
      if (!v.after_fixed) usable_from = std::min(usable_from, v.closed ? v.end_s : v.start_s);
    }
    drop_runs_before(a.heard, heard_from - 2 * kHeardGapS, 0);
    // The latest usable run stays for the good_before_s of intervals to come.
    drop_runs_before(a.usable, usable_from - 2 * kHeardGapS, 1);
  }
}

void TruthRecorder::settle_all() {
  for (Aircraft& a : aircraft_) {
    for (AffectedInterval& v : a.affected) v = settled(a, v);
    a.heard.clear();
    a.usable.clear();
  }
}

void TruthRecorder::open_affected(std::uint32_t icao, std::uint32_t interferer_id, AffectKind kind, double time_s,
                                  double lat_deg, double lon_deg, double alt_ft) {
  Aircraft& entry = aircraft_entry(icao);
  if (!entry.affected.empty() && !entry.affected.back().closed) close_affected(icao, time_s, lat_deg, lon_deg);
  AffectedInterval interval;
  interval.interferer_id = interferer_id;
  interval.kind = kind;
  interval.start_s = time_s;
  interval.end_s = time_s;
  interval.start_lat = interval.end_lat = lat_deg;
  interval.start_lon = interval.end_lon = lon_deg;
  interval.start_alt_ft = alt_ft;
  entry.affected.push_back(interval);
}

void TruthRecorder::close_affected(std::uint32_t icao, double time_s, double lat_deg, double lon_deg) {
  Aircraft& entry = aircraft_entry(icao);
  if (entry.affected.empty() || entry.affected.back().closed) return;
  AffectedInterval& interval = entry.affected.back();
  interval.end_s = time_s;
  interval.end_lat = lat_deg;
  interval.end_lon = lon_deg;
  interval.closed = true;
}

void TruthRecorder::merge(TruthRecorder&& other) {
  if (scenario_.empty()) {
    scenario_ = std::move(other.scenario_);
    seed_ = other.seed_;
    start_s_ = other.start_s_;
    end_s_ = other.end_s_;
  }
  if (receivers_.empty()) receivers_ = std::move(other.receivers_);
  for (Aircraft& theirs : other.aircraft_) {
    const bool known = index_.count(theirs.icao) != 0;
    Aircraft& ours = aircraft_entry(theirs.icao);
    if (!known || ours.callsign.empty()) {
      if (!theirs.callsign.empty() || !known) {
        ours.callsign = std::move(theirs.callsign);
        ours.version = theirs.version;
        ours.gnss = theirs.gnss;
      }
    }
    ours.affected.insert(ours.affected.end(), theirs.affected.begin(), theirs.affected.end());
    std::sort(ours.affected.begin(), ours.affected.end(),
              [](const AffectedInterval& a, const AffectedInterval& b) { return a.start_s < b.start_s; });
    ours.heard.insert(ours.heard.end(), theirs.heard.begin(), theirs.heard.end());
    ours.heard = merged_runs(std::move(ours.heard));
    ours.usable.insert(ours.usable.end(), theirs.usable.begin(), theirs.usable.end());
    ours.usable = merged_runs(std::move(ours.usable));
  }
  other.aircraft_.clear();
  other.index_.clear();
}

const TruthRecorder::Aircraft* TruthRecorder::aircraft(std::uint32_t icao) const {
  const auto it = index_.find(icao);
  return it == index_.end() ? nullptr : &aircraft_[it->second];
}

bool TruthRecorder::heard_during(std::uint32_t icao, double start_s, double end_s) const {
  const Aircraft* entry = aircraft(icao);
  return entry != nullptr && runs_overlap(entry->heard, start_s, end_s);
}

std::string TruthRecorder::to_json(const GnssEnvironment& environment) const {
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o, "{{\n  \"format\": \"gnsswatch-truth/1\",\n  \"scenario\": {},\n  \"seed\": {},\n",
                 json_string(scenario_), seed_);
  fmt::format_to(o, "  \"start\": \"{}\", \"start_s\": {},\n  \"end\": \"{}\", \"end_s\": {},\n", iso_utc(start_s_),
                 number(start_s_, 3), iso_utc(end_s_), number(end_s_, 3));

  out += "  \"receivers\": [";
  for (std::size_t i = 0; i < receivers_.size(); ++i) {
    const Receiver& r = receivers_[i];
    fmt::format_to(o, "{}\n    {{\"name\": {}, \"lat\": {}, \"lon\": {}, \"height_m\": {}, \"range_km\": {}}}",
                   i ? "," : "", json_string(r.name), number(r.lat_deg, 6), number(r.lon_deg, 6),
                   number(r.height_m, 1), number(r.range_km, 1));
  }
  out += receivers_.empty() ? "],\n" : "\n  ],\n";

  out += "  \"interferers\": [";
  const auto interferers = environment.interferers();
  for (std::size_t i = 0; i < interferers.size(); ++i) {
    const Interferer& f = interferers[i];
    const bool jammer = f.kind == InterfererKind::Jammer;
    const GeoPoint at = environment.position_at(i, start_s_);
    fmt::format_to(o,
                   "{}\n    {{\n      \"id\": {}, \"kind\": \"{}\", \"name\": {},\n"
                   "      \"lat\": {}, \"lon\": {}, \"height_m\": {},\n      \"eirp_dbw\": {},\n",
                   i ? "," : "", f.id, jammer ? "jammer" : "spoofer", json_string(f.name), number(at.lat_deg, 6),
                   number(at.lon_deg, 6), number(f.height_m, 1), number(f.eirp_dbw, 2));
    // The radius of the effect that matters for each kind: loss of the fix, or capture by the spoofer.
    const double threshold = jammer ? radio::kLossJsDb : radio::kSpoofCaptureDb;
    fmt::format_to(o, "      \"radius_km\": {{\"1000\": {}, \"10000\": {}, \"35000\": {}}},\n",
                   number(environment.radius_km(i, 1000, threshold), 1),
                   number(environment.radius_km(i, 10000, threshold), 1),
                   number(environment.radius_km(i, 35000, threshold), 1));
    out += "      \"active\": [";
    std::vector<Interval> active = f.active;
    if (active.empty()) active.push_back({start_s_, end_s_});
    for (std::size_t k = 0; k < active.size(); ++k) {
      fmt::format_to(o, "{}{{\"start\": \"{}\", \"start_s\": {}, \"end\": \"{}\", \"end_s\": {}}}", k ? ", " : "",
                     iso_utc(active[k].start_s), number(active[k].start_s, 3), iso_utc(active[k].end_s),
                     number(active[k].end_s, 3));
    }
    out += "],\n      \"track\": [";
    for (std::size_t k = 0; k < f.track.size(); ++k) {
      fmt::format_to(o, "{}{{\"time_s\": {}, \"lat\": {}, \"lon\": {}}}", k ? ", " : "",
                     number(f.track[k].time_s, 3), number(f.track[k].lat_deg, 6), number(f.track[k].lon_deg, 6));
    }
    out += "]";
    if (!jammer) {
      const SpoofPattern& s = f.spoof;
      fmt::format_to(o,
                     ",\n      \"spoof\": {{\"mode\": \"{}\", \"lat\": {}, \"lon\": {}, \"drift_mps\": {}, "
                     "\"drift_bearing_deg\": {}, \"circle_radius_km\": {}, \"circle_period_s\": {}, "
                     "\"alt_offset_ft\": {}}}",
                     spoof_mode_name(s.mode), number(s.lat_deg, 6), number(s.lon_deg, 6), number(s.drift_mps, 2),
                     number(s.drift_bearing_deg, 2), number(s.circle_radius_km, 3), number(s.circle_period_s, 1),
                     number(s.alt_offset_ft, 1));
    }
    out += "\n    }";
  }
  out += interferers.empty() ? "],\n" : "\n  ],\n";

  out += "  \"aircraft\": [";
  for (std::size_t i = 0; i < aircraft_.size(); ++i) {
    const Aircraft& a = aircraft_[i];
    fmt::format_to(o, "{}\n    {{\"icao\": \"{:06x}\", \"callsign\": {}, \"version\": {}, \"gnss\": {}, \"affected\": [",
                   i ? "," : "", a.icao, json_string(a.callsign), a.version, a.gnss ? "true" : "false");
    for (std::size_t k = 0; k < a.affected.size(); ++k) {
      const AffectedInterval v = settled(a, a.affected[k]);
      // Still open: it lasted to the end of the scenario; its end position is the last one known to the truth.
      const double end_s = end_of(v);
      fmt::format_to(o,
                     "{}\n      {{\"interferer\": {}, \"kind\": \"{}\", \"start\": \"{}\", \"start_s\": {}, "
                     "\"end\": \"{}\", \"end_s\": {}, \"start_lat\": {}, \"start_lon\": {}, \"start_alt_ft\": {}, "
                     "\"end_lat\": {}, \"end_lon\": {}, \"heard\": {}, \"good_before_s\": {}, \"good_after_s\": {}}}",
                     k ? "," : "", v.interferer_id, v.kind == AffectKind::Jammed ? "jammed" : "spoofed",
                     iso_utc(v.start_s), number(v.start_s, 3), iso_utc(end_s), number(end_s, 3),
                     number(v.start_lat, 6), number(v.start_lon, 6), number(v.start_alt_ft, 0),
                     number(v.end_lat, 6), number(v.end_lon, 6), v.heard ? "true" : "false",
                     number(v.good_before_s, 1), number(v.good_after_s, 1));
    }
    out += a.affected.empty() ? "]}" : "\n    ]}";
  }
  out += aircraft_.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

void TruthRecorder::write(const std::string& path, const GnssEnvironment& environment) const {
  output::AtomicFile file(path);
  file.write(to_json(environment));
  file.commit();
}

}  // namespace gw::sim
