// gnsswatch map's gpsjam-compatible cells on the Helsinki recording, recomputed by a separate, deliberately plain
// implementation of the rule exactly as docs/HEALTH.md ("(a) gpsjam-compatible") and docs/MAP_OUTPUTS.md state it,
// written from those documents, not from src/detect. It shares only the decoder (the input is `gnsswatch decode`'s
// NDJSON) and the H3 indexing (geo::h3, proven identical to h3-js by tests/geo). It does not use HealthTracker,
// AircraftState or GridAggregator.
//
// The rule as documented, per aircraft (ICAO address):
//   - state: ground speed, air/ground, altitudes, last position, NACp (stated by TC 31/29, or the NUCp equivalent
//     of a version-0 position; current for 60 s), the last "GNSS-ok" position (a position decoded while the
//     current NACp >= 4) and its time ok_t; a counter.
//   - a DF17 message is bad when its type code is 0 or it states NACp <= 2; it counts (+1, cap 20) when ground
//     speed > 50 kt, not on the ground, ok_t + 10 s < t < ok_t + 15 min. While the counter is > 0: reset to 0 past
//     ok_t + 15 min; a DF17 stating NACp >= 4 within 10 s of ok_t decrements it.
//   - verdict on each own ADS-B message: none on the ground; bad when counter >= 17 and t < ok_t + 15 min; good when
//     counter < 17, > 50 kt and t - ok_t <= 10 s, and (after a bad verdict) a position reported since it.
//   - samples: one per 10 s per aircraft plus one at each change of verdict; good at the reported position, bad at
//     the GNSS-ok position while it is at most 300 s old (else not placed).
//   - messages more than 5 s older than the newest are skipped; an aircraft not heard for 300 s is forgotten.
//   - grid: H3 res 4; windows aligned to the epoch; one count per aircraft per cell/window/band, bad if any of its
//     samples there was bad; band "all" always, and the altitude band (map's default --bands) of the sample's
//     altitude (baro, else geom) when it has one.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "geo/h3.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const char* kStartTime = "1767736616.3";  // counter zero, docs of ../shared/data

struct Msg {
  double t = 0;
  std::uint32_t icao = 0;
  int df = 0;
  int tc = -1;  // -1: none
  std::optional<double> lat, lon, gs;
  std::optional<bool> on_ground;
  std::optional<int> alt_baro, alt_geom, nac_p, nuc_p;
};

// NUCp -> NACp equivalent (docs/HEALTH.md and track/aircraft_state.hpp's table, restated).
int nac_p_of_nuc_p(int nuc_p) {
  static const int table[10] = {0, 0, 1, 3, 4, 5, 6, 7, 9, 10};
  return nuc_p >= 0 && nuc_p < 10 ? table[nuc_p] : 0;
}

bool airborne_position_tc(int tc) { return (tc >= 9 && tc <= 18) || (tc >= 20 && tc <= 22); }

struct Sample {
  std::uint32_t icao;
  double t, lat, lon;
  std::optional<int> alt;
  bool bad;
};

// The per-aircraft rule, as documented.
class Reference {
 public:
  std::vector<Sample> samples;

  void update(const Msg& m) {
    if (m.t < newest_ - 5.0) return;  // out of order
    newest_ = std::max(newest_, m.t);
    auto it = ac_.find(m.icao);
    if (it != ac_.end() && m.t - it->second.heard > 300.0) ac_.erase(it);  // forgotten
    Ac& a = ac_[m.icao];
    a.heard = m.t;

    // State.
    if (m.gs) a.gs = *m.gs;
    if (m.alt_baro) a.alt_baro = m.alt_baro;
    if (m.alt_geom) a.alt_geom = m.alt_geom;
    if (m.on_ground) a.ground = *m.on_ground;
    else if ((m.df == 17 || m.df == 18) && airborne_position_tc(m.tc)) a.ground = false;
    std::optional<int> stated;  // the NACp this message states
    if (m.df == 17 || m.df == 18) {
      if (m.nac_p) stated = m.nac_p;
      else if (m.nuc_p && m.tc >= 5 && m.tc <= 22) stated = nac_p_of_nuc_p(*m.nuc_p);
      if (stated) {
        a.nac_p = *stated;
        a.nac_p_t = m.t;
      }
    }
    if (m.lat && m.lon) {
      a.lat = *m.lat;
      a.lon = *m.lon;
      a.pos_t = m.t;
      if ((m.df == 17 || m.df == 18) && a.nac_p >= 4 && m.t - a.nac_p_t <= 60.0) {
        a.ok_lat = a.lat;
        a.ok_lon = a.lon;
        a.ok_t = m.t;
      }
    }
    // Verdicts only from the aircraft's own ADS-B. In this recording every DF18 is a ground vehicle or fixed
    // transmitter (TC 0/2/6/8/24, no TC 31/29, no airborne position: checked by the test), so DF18 CF needs no look.
    if (m.df != 17 && m.df != 18) return;

    const bool fast = a.gs > 50.0;
    if (m.df == 17) {
      const bool bad_msg = m.tc == 0 || (stated && *stated <= 2);
      if (bad_msg && fast && !a.ground && m.t > a.ok_t + 10 && m.t < a.ok_t + 900 && a.counter < 20) ++a.counter;
      if (a.counter > 0 && m.t > a.ok_t + 900) a.counter = 0;
      if (a.counter > 0 && stated && *stated >= 4 && m.t < a.ok_t + 10) --a.counter;
    }
    int v = 0;  // 0 none, 1 good, 2 bad
    if (!a.ground) {
      if (a.counter >= 17 && m.t < a.ok_t + 900) v = 2;
      else if (a.counter < 17 && fast && m.t - a.ok_t <= 10) v = 1;
    }
    if (v == 1 && a.pos_t <= a.last_bad_t) v = 0;
    if (v == 2) a.last_bad_t = m.t;
    if (v == 0) return;
    if (v == a.last_emitted && m.t - a.last_sample_t < 10.0) return;
    a.last_emitted = v;
    a.last_sample_t = m.t;
    const std::optional<int> alt = a.alt_baro ? a.alt_baro : a.alt_geom;
    if (v == 1) samples.push_back({m.icao, m.t, a.lat, a.lon, alt, false});
    else if (m.t - a.ok_t <= 300.0) samples.push_back({m.icao, m.t, a.ok_lat, a.ok_lon, alt, true});
  }

 private:
  struct Ac {
    double heard = -1e300, gs = -1, nac_p_t = -1e300, pos_t = -1e300, ok_t = -1e300, last_bad_t = -1e300;
    double last_sample_t = -1e300;
    double lat = NAN, lon = NAN, ok_lat = NAN, ok_lon = NAN;
    int nac_p = -1, counter = 0, last_emitted = 0;
    bool ground = false;  // unknown counts as not on the ground
    std::optional<int> alt_baro, alt_geom;
  };
  std::unordered_map<std::uint32_t, Ac> ac_;
  double newest_ = -1e300;
};

std::string iso(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// (hex, window_start, window_length, band) -> (good, bad)
using Key = std::tuple<std::string, std::string, std::string, std::string>;
using Counts = std::map<Key, std::pair<unsigned, unsigned>>;

Counts grid(const std::vector<Sample>& samples) {
  std::map<std::tuple<Key, std::uint32_t>, bool> seen;  // (row, aircraft) -> bad
  for (const Sample& s : samples) {
    const std::string hex = gw::geo::h3::to_string(gw::geo::h3::lat_lng_to_cell({s.lat, s.lon}, 4));
    std::vector<std::string> bands = {"all"};
    // map's default --bands 0-10000,10000-30000,30000-: [0, 10000), [10000, 30000), [30000, inf).
    if (s.alt && *s.alt >= 0) bands.push_back(*s.alt < 10000 ? "0-10000" : *s.alt < 30000 ? "10000-30000" : ">=30000");
    for (const std::int64_t len : {3600, 86400}) {
      const std::int64_t start = static_cast<std::int64_t>(std::floor(s.t / static_cast<double>(len))) * len;
      for (const auto& band : bands) {
        bool& bad = seen[{Key{hex, iso(start), iso(start + len), band}, s.icao}];
        bad = bad || s.bad;
      }
    }
  }
  Counts out;
  for (const auto& [k, bad] : seen) (bad ? out[std::get<0>(k)].second : out[std::get<0>(k)].first)++;
  return out;
}

Counts read_cells_csv(const fs::path& p) {
  Counts out;
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream cols(line);
    for (std::string c; std::getline(cols, c, ',');) f.push_back(c);
    if (f.size() < 6) continue;
    out[Key{f[0], f[3], f[4], f[5]}] = {static_cast<unsigned>(std::stoul(f[1])), static_cast<unsigned>(std::stoul(f[2]))};
  }
  return out;
}

int run(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(GpsjamReference, MapCellsMatchAPlainRecomputationOfTheDocumentedRule) {
  const fs::path dir = fs::path(GNSSWATCH_SHARED_DATA) / "adsb/helsinki-2026-01";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "real data not found: " << dir;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".bin") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());  // names are times: sorted = recorded order
  ASSERT_EQ(files.size(), 30u);
  std::string inputs;
  for (const auto& f : files) inputs += " " + f;

  const fs::path tmp = fs::temp_directory_path() / ("gnsswatch_gpsjam_ref_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  const fs::path out = tmp / "out";
  ASSERT_EQ(run(std::string(GNSSWATCH_BINARY) + " map --start-time " + kStartTime + " --out " + out.string() +
                inputs + " >" + (tmp / "map.log").string() + " 2>&1"),
            0);
  const Counts product = read_cells_csv(out / "cells.csv");

  // The reference, on the decoder's records.
  const std::string decode =
      std::string(GNSSWATCH_BINARY) + " decode --start-time " + kStartTime + " --output ndjson" + inputs;
  FILE* pipe = ::popen(decode.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  Reference ref;
  simdjson::dom::parser parser;
  char* line = nullptr;
  std::size_t cap = 0;
  ssize_t n = 0;
  std::size_t records = 0, df18_verdict_capable = 0;
  while ((n = ::getline(&line, &cap, pipe)) > 0) {
    simdjson::dom::element r;
    ASSERT_EQ(parser.parse(line, static_cast<std::size_t>(n)).get(r), simdjson::SUCCESS) << line;
    Msg m;
    std::string_view icao;
    if (r["t"].get(m.t) || r["icao"].get(icao)) continue;  // no time: not placeable, as in map
    m.icao = static_cast<std::uint32_t>(std::stoul(std::string(icao), nullptr, 16));
    m.df = static_cast<int>(std::int64_t(r["df"]));
    std::int64_t i = 0;
    double d = 0;
    bool b = false;
    if (!r["tc"].get(i)) m.tc = static_cast<int>(i);
    if (!r["lat"].get(d)) m.lat = d;
    if (!r["lon"].get(d)) m.lon = d;
    if (!r["gs"].get(d)) m.gs = d;
    if (!r["on_ground"].get(b)) m.on_ground = b;
    if (!r["alt_baro"].get(i)) m.alt_baro = static_cast<int>(i);
    if (!r["alt_geom"].get(i)) m.alt_geom = static_cast<int>(i);
    if (!r["nac_p"].get(i)) m.nac_p = static_cast<int>(i);
    if (!r["nuc_p"].get(i)) m.nuc_p = static_cast<int>(i);
    if (m.df == 18 && (m.nac_p || airborne_position_tc(m.tc))) ++df18_verdict_capable;
    ref.update(m);
    ++records;
  }
  std::free(line);
  ASSERT_EQ(::pclose(pipe), 0);
  EXPECT_GT(records, 1'800'000u);
  EXPECT_EQ(df18_verdict_capable, 0u) << "the reference's DF18 shortcut does not hold for this input";

  const Counts expected = grid(ref.samples);
  std::size_t bad_rows = 0, mismatches = 0;
  for (const auto& [k, c] : expected) {
    bad_rows += c.second > 0;
    const auto it = product.find(k);
    if (it == product.end() || it->second != c) {
      if (++mismatches <= 20)
        ADD_FAILURE() << std::get<0>(k) << " " << std::get<1>(k) << " " << std::get<3>(k) << ": reference "
                      << c.first << " good " << c.second << " bad, map "
                      << (it == product.end() ? "no row" : std::to_string(it->second.first) + " good " +
                                                               std::to_string(it->second.second) + " bad");
    }
  }
  for (const auto& [k, c] : product) {
    if (!expected.count(k) && ++mismatches <= 20)
      ADD_FAILURE() << std::get<0>(k) << " " << std::get<1>(k) << " " << std::get<3>(k) << ": map " << c.first
                    << " good " << c.second << " bad, reference has no row";
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(expected.size(), product.size());
  EXPECT_GT(expected.size(), 300u) << "windows 1 h and 24 h x bands all, 0-10000, 10000-30000, >=30000";
  EXPECT_GT(bad_rows, 0u) << "the recording's interference gives bad counts";
  fs::remove_all(tmp);
}

}  // namespace
