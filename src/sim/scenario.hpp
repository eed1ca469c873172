// A simulation scenario: when, where, how much traffic, who listens, and which interferers are on. Loaded from
// JSON (format in docs/SIMULATOR.md): a bundled scenario by name (embedded in the binary at build time from
// scenarios/*.json), a file path, or a generated one ("random", "random-quiet", drawn from the seed).
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/airports.hpp"
#include "sim/interference.hpp"

namespace gw::sim {

struct ReceiverSite {
  std::string name;
  double lat_deg = 0, lon_deg = 0;
  double height_m = 30;    // antenna height above mean sea level
  double range_km = 400;   // the receiver's own limit (antenna, cable, site): nothing beyond it is heard
};

// A Mode S secondary surveillance radar: aircraft inside its coverage answer its interrogations (DF4/5/20/21).
struct RadarSite {
  std::string name;
  double lat_deg = 0, lon_deg = 0;
  double height_m = 20;
  double range_km = 250;
};

struct Scenario {
  std::string name;
  std::string description;
  double start_s = 0;       // unix seconds (UTC)
  double duration_s = 3600;
  Region region = Region::Korea;
  std::vector<const Airport*> airports;  // flights use these (default: every airport of the region)
  std::size_t aircraft = 300;            // airframes
  double overflight_fraction = 0.2;
  double no_gnss_fraction = 0.03;
  std::array<double, 3> version_mix{0.05, 0.15, 0.80};
  double isa_deviation_c = 5;  // air temperature minus ISA: GNSS height minus pressure altitude grows with it
  std::vector<ReceiverSite> receivers;
  std::vector<RadarSite> radars;
  std::vector<Interferer> interferers;  // times in unix seconds
};

// An unknown scenario name, or a file that is not a valid scenario (message names file, byte offset, field).
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The names of the bundled scenarios, in a fixed order.
std::vector<std::string_view> bundled_scenario_names();
// The embedded JSON of a bundled scenario; empty when there is none by that name.
std::string_view bundled_scenario_json(std::string_view name);

// Parses a scenario document. `source` names it in errors (a path, or "bundled scenario NAME").
Scenario parse_scenario(std::string_view json_text, const std::string& source);

// "korea-dmz" (bundled), "random" / "random-quiet" (generated from `seed`), or a path to a JSON file.
Scenario load_scenario(const std::string& name_or_path, std::uint64_t seed);

// A generated scenario: a random region among the airport clusters, its receivers, and (unless quiet) one
// random jammer from interference.hpp's random_jammer (position, height, power, on-intervals, sometimes moving).
Scenario random_scenario(std::uint64_t seed, bool quiet);

// Durations: a number of seconds, or a number with a unit: "90s", "30m", "1.5h".
bool parse_duration(std::string_view text, double& seconds);
// ISO 8601 UTC "2026-01-07T03:00:00Z" (fraction and "+hh:mm" accepted) to unix seconds.
bool parse_utc(std::string_view text, double& unix_s);
// Unix seconds to "2026-01-07T03:00:00Z" (whole seconds; fractions as ".250").
std::string format_utc(double unix_s);

}  // namespace gw::sim
