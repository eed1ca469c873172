#include "sim/scenario.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "sim/bundled_scenarios.hpp"
#include "sim/json_value.hpp"
#include "sim/traffic.hpp"

namespace gw::sim {
namespace {

struct Bundled {
  std::string_view name;
  std::string_view (*json)();
};
constexpr Bundled kBundled[] = {
    {"korea-dmz", bundled::korea_dmz},   {"baltic-kaliningrad", bundled::baltic_kaliningrad},
    {"east-med", bundled::east_med},     {"spoofing", bundled::spoofing},
    {"intermittent", bundled::intermittent}, {"quiet", bundled::quiet},
};

// Reads the fields of one JSON object, rejecting unknown keys (a misspelt key would otherwise be a silent default).
class Fields {
 public:
  Fields(const json::Value& v, std::string path, const std::string& source) : v_(v), path_(std::move(path)), source_(source) {
    if (v.type != json::Type::Object) fail(v, "expected an object");
  }
  [[noreturn]] void fail(const json::Value& at, const std::string& message) const {
    throw ScenarioError(json::Error(source_, at.offset, (path_.empty() ? "" : path_ + ": ") + message).what());
  }
  std::string key_path(std::string_view key) const { return path_.empty() ? std::string(key) : path_ + "." + std::string(key); }
  const json::Value* get(std::string_view key) {
    known_.emplace_back(key);
    return v_.find(key);
  }
  double number(std::string_view key, double fallback, bool required = false) {
    const json::Value* f = get(key);
    if (!f) {
      if (required) fail(v_, "missing \"" + std::string(key) + "\"");
      return fallback;
    }
    if (f->type != json::Type::Number) fail(*f, "\"" + std::string(key) + "\" must be a number, not " + json::type_name(f->type));
    return f->number;
  }
  std::string string(std::string_view key, std::string fallback, bool required = false) {
    const json::Value* f = get(key);
    if (!f) {
      if (required) fail(v_, "missing \"" + std::string(key) + "\"");
      return fallback;
    }
    if (f->type != json::Type::String) fail(*f, "\"" + std::string(key) + "\" must be a string, not " + json::type_name(f->type));
    return f->string;
  }
  // A duration: seconds as a number, or a string with a unit.
  double duration(std::string_view key, double fallback, bool required = false) {
    const json::Value* f = get(key);
    if (!f) {
      if (required) fail(v_, "missing \"" + std::string(key) + "\"");
      return fallback;
    }
    double s = 0;
    if (f->type == json::Type::Number) return f->number;
    if (f->type == json::Type::String && parse_duration(f->string, s)) return s;
    fail(*f, "\"" + std::string(key) + "\" must be seconds or a duration like \"90s\", \"30m\", \"1.5h\"");
  }
  const json::Value* array(std::string_view key) {
    const json::Value* f = get(key);
    if (f && f->type != json::Type::Array) fail(*f, "\"" + std::string(key) + "\" must be an array");
    return f;
  }
  void check_unknown() const {
    for (const auto& [k, val] : v_.object) {
      bool ok = false;
      for (const auto& known : known_) ok = ok || known == k;
      if (!ok) fail(val, "unknown field \"" + k + "\"");
    }
  }
  const std::string& path() const { return path_; }

 private:
  const json::Value& v_;
  std::string path_;
  const std::string& source_;
  std::vector<std::string> known_;
};

void check_lat_lon(Fields& f, const json::Value& at, double lat, double lon) {
  if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) f.fail(at, "latitude/longitude out of range");
}

// The "receivers" or "radars" array: each site's name (default: `default_name` and its number), position, antenna
// height above mean sea level (>= 0) and range (> 0); the type's own defaults where a field is absent.
template <class Site>
std::vector<Site> parse_sites(const json::Value& list, const std::string& key, const std::string& default_name,
                              const std::string& source) {
  std::vector<Site> sites;
  for (std::size_t i = 0; i < list.array.size(); ++i) {
    const json::Value& v = list.array[i];
    Fields sf(v, key + "[" + std::to_string(i) + "]", source);
    Site site;
    site.name = sf.string("name", default_name + std::to_string(i + 1));
    site.lat_deg = sf.number("lat", 0, true);
    site.lon_deg = sf.number("lon", 0, true);
    check_lat_lon(sf, v, site.lat_deg, site.lon_deg);
    site.height_m = sf.number("height_m", site.height_m);
    site.range_km = sf.number("range_km", site.range_km);
    if (!(site.height_m >= 0) || !(site.range_km > 0)) sf.fail(v, "height_m must be >= 0 and range_km > 0");
    sf.check_unknown();
    sites.push_back(std::move(site));
  }
  return sites;
}

Interferer parse_interferer(const json::Value& v, const std::string& path, const std::string& source, double start_s,
                            std::uint32_t default_id) {
  Fields f(v, path, source);
  Interferer in;
  in.id = static_cast<std::uint32_t>(f.number("id", default_id));
  const std::string kind = f.string("kind", "jammer");
  if (kind == "jammer") in.kind = InterfererKind::Jammer;
  else if (kind == "spoofer") in.kind = InterfererKind::Spoofer;
  else f.fail(*f.get("kind"), "\"kind\" must be \"jammer\" or \"spoofer\"");
  in.name = f.string("name", kind + std::to_string(in.id));
  in.lat_deg = f.number("lat", 0, true);
  in.lon_deg = f.number("lon", 0, true);
  check_lat_lon(f, v, in.lat_deg, in.lon_deg);
  in.height_m = f.number("height_m", 30);
  in.eirp_dbw = f.number("eirp_dbw", 30);
  if (const json::Value* a = f.array("active")) {
    for (std::size_t i = 0; i < a->array.size(); ++i) {
      Fields iv(a->array[i], path + ".active[" + std::to_string(i) + "]", source);
      const double from = iv.duration("from", 0, true), to = iv.duration("to", 0, true);
      if (!(to > from)) iv.fail(a->array[i], "\"to\" must be after \"from\"");
      iv.check_unknown();
      in.active.push_back({start_s + from, start_s + to});
    }
  }
  if (const json::Value* t = f.array("track")) {
    for (std::size_t i = 0; i < t->array.size(); ++i) {
      Fields w(t->array[i], path + ".track[" + std::to_string(i) + "]", source);
      Waypoint p;
      p.time_s = start_s + w.duration("at", 0, true);
      p.lat_deg = w.number("lat", 0, true);
      p.lon_deg = w.number("lon", 0, true);
      check_lat_lon(w, t->array[i], p.lat_deg, p.lon_deg);
      if (!in.track.empty() && !(p.time_s > in.track.back().time_s)) w.fail(t->array[i], "waypoint times must increase");
      w.check_unknown();
      in.track.push_back(p);
    }
  }
  if (const json::Value* s = f.get("spoof")) {
    Fields sp(*s, path + ".spoof", source);
    const std::string mode = sp.string("mode", "fixed");
    if (mode == "fixed") in.spoof.mode = SpoofMode::Fixed;
    else if (mode == "drift") in.spoof.mode = SpoofMode::Drift;
    else if (mode == "circle") in.spoof.mode = SpoofMode::Circle;
    else sp.fail(*s, "\"mode\" must be \"fixed\", \"drift\" or \"circle\"");
    in.spoof.lat_deg = sp.number("lat", 0);
    in.spoof.lon_deg = sp.number("lon", 0);
    in.spoof.drift_mps = sp.number("drift_mps", 0);
    in.spoof.drift_bearing_deg = sp.number("drift_bearing_deg", 0);
    in.spoof.circle_radius_km = sp.number("circle_radius_km", 0);
    in.spoof.circle_period_s = sp.number("circle_period_s", 0);
    in.spoof.alt_offset_ft = sp.number("alt_offset_ft", 0);
    sp.check_unknown();
  } else if (in.kind == InterfererKind::Spoofer) {
    f.fail(v, "a spoofer needs \"spoof\"");
  }
  f.check_unknown();
  return in;
}

void default_radars(Scenario& s) {
  // Every busy local airport has a Mode S secondary surveillance radar (terminal radars reach ~250 km, ICAO
  // Doc 9924 "Aeronautical Surveillance Manual": SSR coverage up to 250 NM for en-route, less for terminal).
  for (const Airport* a : s.airports) {
    if (a->local && a->weight >= 3) s.radars.push_back({std::string(a->icao), a->lat_deg, a->lon_deg, 20, 250});
  }
}

}  // namespace

bool parse_duration(std::string_view text, double& seconds) {
  if (text.empty()) return false;
  std::string t(text);
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || !std::isfinite(v) || v < 0) return false;
  const std::string unit(end);
  if (unit.empty() || unit == "s") seconds = v;
  else if (unit == "m" || unit == "min") seconds = v * 60;
  else if (unit == "h") seconds = v * 3600;
  else return false;
  return true;
}

bool parse_utc(std::string_view text, double& unix_s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, consumed = 0;
  double sec = 0;
  const std::string t(text);
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &sec, &consumed) != 6) return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec < 0 || sec >= 61) return false;
  const std::string rest = t.substr(static_cast<std::size_t>(consumed));
  double offset = 0;
  if (rest == "Z") {
    offset = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    const int oh = std::atoi(rest.substr(1, 2).c_str()), om = std::atoi(rest.substr(4, 2).c_str());
    offset = (rest[0] == '+' ? 1 : -1) * (oh * 3600.0 + om * 60.0);
  } else {
    return false;
  }
  const std::chrono::year_month_day ymd = std::chrono::year{static_cast<int>(y)} / mo / d;
  if (!ymd.ok()) return false;  // 30 February and the like
  unix_s = static_cast<double>(std::chrono::sys_days{ymd}.time_since_epoch().count()) * 86400.0 +
           h * 3600.0 + mi * 60.0 + sec - offset;
  return true;
}

std::string format_utc(double unix_s) {
  const double whole = std::floor(unix_s);
  const auto secs = static_cast<std::int64_t>(whole);
  std::int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) rem += 86400, --days;
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  const auto y = static_cast<int>(ymd.year());
  const auto m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  char buf[64];
  const int ms = static_cast<int>(std::lround((unix_s - whole) * 1000));
  if (ms > 0 && ms < 1000) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d,
                  static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60), ms);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                  static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  }
  return buf;
}

std::vector<std::string_view> bundled_scenario_names() {
  std::vector<std::string_view> names;
  for (const Bundled& b : kBundled) names.push_back(b.name);
  return names;
}

std::string_view bundled_scenario_json(std::string_view name) {
  for (const Bundled& b : kBundled) {
    if (b.name == name) return b.json();
  }
  return {};
}

Scenario parse_scenario(std::string_view json_text, const std::string& source) {
  json::Value doc;
  try {
    doc = json::parse(json_text, source);
  } catch (const json::Error& e) {
    throw ScenarioError(e.what());
  }
  Fields f(doc, "", source);
  Scenario s;
  s.name = f.string("name", "", true);
  s.description = f.string("description", "");
  const std::string start = f.string("start", "", true);
  if (!parse_utc(start, s.start_s)) f.fail(*f.get("start"), "\"start\" must be an ISO 8601 UTC time like 2026-01-07T03:00:00Z");
  s.duration_s = f.duration("duration", 3600);
  if (!(s.duration_s > 0)) f.fail(doc, "\"duration\" must be positive");
  const std::string region = f.string("region", "", true);
  if (!region_from_name(region, s.region)) {
    f.fail(*f.get("region"), "unknown region \"" + region + "\" (korea, baltic, east-med, central-europe)");
  }
  if (const json::Value* a = f.array("airports")) {
    for (const json::Value& code : a->array) {
      if (code.type != json::Type::String) f.fail(code, "airports: expected ICAO codes");
      const Airport* ap = find_airport(code.string);
      if (!ap) f.fail(code, "airports: unknown airport \"" + code.string + "\" (not in the bundled list)");
      s.airports.push_back(ap);
    }
  } else {
    for (const Airport& ap : airports_in(s.region)) s.airports.push_back(&ap);
  }
  bool has_local = false;
  for (const Airport* ap : s.airports) has_local = has_local || ap->local;
  if (s.airports.size() < 2 || !has_local) f.fail(doc, "airports: need at least two, one of them in the region");
  if (const json::Value* t = f.get("traffic")) {
    Fields tf(*t, "traffic", source);
    const double n = tf.number("aircraft", 300);
    if (!(n >= 0 && n <= 1e7)) tf.fail(*t, "\"aircraft\" must be between 0 and 10^7");
    s.aircraft = static_cast<std::size_t>(n);
    s.overflight_fraction = tf.number("overflight_fraction", s.overflight_fraction);
    s.no_gnss_fraction = tf.number("no_gnss_fraction", s.no_gnss_fraction);
    if (const json::Value* v = tf.array("versions")) {
      if (v->array.size() != 3) tf.fail(*v, "\"versions\" must be three shares for ADS-B versions 0, 1, 2");
      double sum = 0;
      for (std::size_t i = 0; i < 3; ++i) {
        if (v->array[i].type != json::Type::Number || v->array[i].number < 0) tf.fail(v->array[i], "version shares must be numbers >= 0");
        s.version_mix[i] = v->array[i].number;
        sum += s.version_mix[i];
      }
      if (!(sum > 0)) tf.fail(*v, "version shares must not all be 0");
      for (double& x : s.version_mix) x /= sum;
    }
    tf.check_unknown();
  }
  s.isa_deviation_c = f.number("isa_deviation_c", s.isa_deviation_c);
  if (const json::Value* r = f.array("receivers"))
    s.receivers = parse_sites<ReceiverSite>(*r, "receivers", "receiver", source);
  if (s.receivers.empty()) f.fail(doc, "\"receivers\": at least one receiver is needed");
  if (const json::Value* r = f.array("radars")) {
    s.radars = parse_sites<RadarSite>(*r, "radars", "radar", source);
  } else {
    default_radars(s);
  }
  if (const json::Value* in = f.array("interferers")) {
    for (std::size_t i = 0; i < in->array.size(); ++i) {
      s.interferers.push_back(parse_interferer(in->array[i], "interferers[" + std::to_string(i) + "]", source,
                                               s.start_s, static_cast<std::uint32_t>(i + 1)));
    }
  }
  f.check_unknown();
  return s;
}

Scenario load_scenario(const std::string& name_or_path, std::uint64_t seed) {
  if (name_or_path == "random") return random_scenario(seed, false);
  if (name_or_path == "random-quiet") return random_scenario(seed, true);
  const std::string_view bundled = bundled_scenario_json(name_or_path);
  if (!bundled.empty()) return parse_scenario(bundled, "bundled scenario " + name_or_path);
  std::ifstream in(name_or_path, std::ios::binary);
  if (!in) {
    std::string names;
    for (std::string_view n : bundled_scenario_names()) names += (names.empty() ? "" : ", ") + std::string(n);
    throw ScenarioError("unknown scenario \"" + name_or_path + "\": not a bundled scenario (" + names +
                        ", random, random-quiet) and no such file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), name_or_path);
}

Scenario random_scenario(std::uint64_t seed, bool quiet) {
  Rng rng(derive_seed(seed, quiet ? 0x9111E7 : 0x5CE7A));
  Scenario s;
  s.region = kAllRegions[rng.below(std::size(kAllRegions))];
  s.name = std::string(quiet ? "random-quiet-" : "random-") + std::to_string(seed);
  s.description = std::string("generated from seed ") + std::to_string(seed) + " in region " +
                  std::string(region_name(s.region));
  for (const Airport& ap : airports_in(s.region)) s.airports.push_back(&ap);
  // A whole hour in 2026, 1 to 2 hours long.
  double jan1 = 0;
  parse_utc("2026-01-01T00:00:00Z", jan1);
  s.start_s = jan1 + static_cast<double>(rng.below(365 * 24)) * 3600.0;
  s.duration_s = 3600.0 + 600.0 * static_cast<double>(rng.below(7));
  s.aircraft = 200 + rng.below(201);
  // Receivers at two or three of the region's local airports, on masts.
  std::vector<const Airport*> local;
  for (const Airport* ap : s.airports) {
    if (ap->local) local.push_back(ap);
  }
  const std::size_t n_rx = 2 + rng.below(2);
  for (std::size_t i = 0; i < n_rx && !local.empty(); ++i) {
    const std::size_t k = rng.below(local.size());
    const Airport* ap = local[k];
    local.erase(local.begin() + static_cast<std::ptrdiff_t>(k));
    s.receivers.push_back({std::string(ap->icao), ap->lat_deg, ap->lon_deg, ap->elevation_m + rng.uniform(15, 60),
                           rng.uniform(300, 450)});
  }
  default_radars(s);
  if (!quiet) {
    // The jammer near one of the region's local airports (where traffic is), not on it.
    std::vector<const Airport*> candidates;
    for (const Airport* ap : s.airports) {
      if (ap->local) candidates.push_back(ap);
    }
    const Airport* near = candidates[rng.below(candidates.size())];
    Interferer jammer =
        random_jammer(rng, near->lat_deg, near->lon_deg, s.start_s, s.start_s + s.duration_s, 1, 120.0);
    // Power for a loss radius of 40-120 km at FL350: with this traffic, 5-60 affected aircraft per active hour,
    // like the bundled scenarios (random_jammer's own 60-250 km affects up to 200 per hour).
    const double eirp = eirp_for_radius_dbw(rng.uniform(40.0, 120.0), 35000.0, jammer.height_m);
    if (std::isfinite(eirp)) jammer.eirp_dbw = eirp;
    s.interferers.push_back(std::move(jammer));
  }
  return s;
}

}  // namespace gw::sim
