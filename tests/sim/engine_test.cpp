// The simulator engine: what it writes is what gnsswatch reads back (Beast and AVR, through the real readers and
// the track pipeline), it is deterministic for a seed, squitters come at DO-260B rates, and nothing is heard
// from beyond a receiver's radio horizon or range.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "io/beast_writer.hpp"
#include "io/input.hpp"
#include "modes/integrity.hpp"
#include "sim/engine.hpp"
#include "sim/frame_writer.hpp"
#include "sim/scenario.hpp"
#include "track/message_pipeline.hpp"
#include "test_files.hpp"

namespace {

namespace fs = std::filesystem;
using gw::modes::ModeSMessage;
using gw::modes::RawFrame;

// Korea, a strong jammer on the Incheon approach for the whole run (so TC 0 and degraded NIC/NACp occur),
// receivers at Incheon and Gimhae.
std::string scenario_json(const std::string& receivers = R"([
    {"name": "incheon", "lat": 37.4602, "lon": 126.4407, "height_m": 40, "range_km": 400},
    {"name": "gimhae", "lat": 35.1795, "lon": 128.9382, "height_m": 40, "range_km": 400}])",
                          const std::string& duration = "\"4m\"", int aircraft = 60, const std::string& radars = "") {
  return R"({"name": "test", "start": "2026-01-07T03:00:00Z", "duration": )" + duration +
         R"(, "region": "korea", "traffic": {"aircraft": )" + std::to_string(aircraft) +
         R"(, "versions": [0.2, 0.3, 0.5], "no_gnss_fraction": 0.1}, "receivers": )" + receivers +
         (radars.empty() ? "" : ", \"radars\": " + radars) + R"(,
  "interferers": [{"id": 1, "kind": "jammer", "name": "j", "lat": 37.7, "lon": 126.6, "height_m": 30,
                   "eirp_dbw": 25}]})";
}

struct Collected : gw::sim::FrameSink {
  std::vector<RawFrame> frames;
  std::vector<ModeSMessage> messages;
  void on_frames(std::span<const RawFrame> f, std::span<const ModeSMessage> m) override {
    frames.insert(frames.end(), f.begin(), f.end());
    messages.insert(messages.end(), m.begin(), m.end());
  }
};

struct BeastBytes : gw::sim::FrameSink {
  std::vector<std::uint8_t> bytes;
  void on_frames(std::span<const RawFrame> f, std::span<const ModeSMessage>) override {
    for (const RawFrame& r : f) gw::io::append_beast_frame(r, bytes);
  }
};

struct ReadBack : gw::io::FrameBatchSink {
  std::vector<RawFrame> frames;
  void on_frames(std::span<const RawFrame> f) override { frames.insert(frames.end(), f.begin(), f.end()); }
};

Collected simulate(const gw::sim::Scenario& s, gw::sim::EngineOptions o) {
  o.keep_messages = true;
  gw::sim::Engine engine(s, o);
  Collected c;
  engine.run(c);
  return c;
}

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  const double k = M_PI / 180.0;
  const double a = std::pow(std::sin((lat2 - lat1) * k / 2), 2) +
                   std::cos(lat1 * k) * std::cos(lat2 * k) * std::pow(std::sin((lon2 - lon1) * k / 2), 2);
  return 2 * 6371.0088 * std::asin(std::sqrt(a));
}

using gw::test::TempDir;

TEST(SimEngine, WrittenBeastAndAvrDecodeToWhatWasEncoded) {
  const gw::sim::Scenario s = gw::sim::parse_scenario(scenario_json(), "test");
  gw::sim::EngineOptions o;
  o.seed = 7;
  const Collected c = simulate(s, o);
  ASSERT_GT(c.frames.size(), 10000u);
  ASSERT_EQ(c.frames.size(), c.messages.size());

  TempDir dir;
  for (const auto format : {gw::sim::OutputFormat::Beast, gw::sim::OutputFormat::Avr}) {
    SCOPED_TRACE(format == gw::sim::OutputFormat::Beast ? "beast" : "avr");
    const fs::path path = dir / (format == gw::sim::OutputFormat::Beast ? "out.beast" : "out.avr");
    {
      gw::sim::FrameFileWriter writer(path.string(), format);
      writer.on_frames(c.frames, {});
      writer.close();
      EXPECT_EQ(writer.frames_written(), c.frames.size());
    }
    ReadBack back;
    gw::io::InputStats stats;
    gw::io::ReadOptions ro;
    ro.start_time_s = s.start_s;
    gw::io::read_input(path.string(), gw::io::Format::Auto, back, stats, ro);
    EXPECT_EQ(stats.skips(), 0u);
    ASSERT_EQ(back.frames.size(), c.frames.size());

    gw::track::MessagePipeline pipeline;
    std::size_t positions = 0, positions_decoded = 0, tc0 = 0, nic_checked = 0, degraded = 0;
    std::uint64_t previous_counter = 0;
    for (std::size_t i = 0; i < back.frames.size(); ++i) {
      const RawFrame& f = back.frames[i];
      const ModeSMessage& want = c.messages[i];
      ASSERT_EQ(f.length, c.frames[i].length);
      ASSERT_TRUE(std::equal(f.bytes.begin(), f.bytes.begin() + f.length, c.frames[i].bytes.begin())) << i;
      ASSERT_EQ(f.counter, c.frames[i].counter) << i;
      ASSERT_GE(f.counter, previous_counter) << "frames out of arrival order at " << i;
      previous_counter = f.counter;
      if (format == gw::sim::OutputFormat::Beast) {
        ASSERT_EQ(f.signal, c.frames[i].signal);
      }
      // The frame left the transponder at want.time_s and arrived within 2 ms (600 km at light speed).
      const double arrival_s = s.start_s + static_cast<double>(f.counter) / gw::modes::kCounterHz;
      ASSERT_GE(arrival_s, want.time_s - 1e-6);
      ASSERT_LT(arrival_s, want.time_s + 2e-3);

      ModeSMessage got;
      if (!pipeline.process(f, got)) {
        // Only address/parity replies can be refused (before the address was heard in DF11/17).
        ASSERT_TRUE(want.df == 4 || want.df == 5 || want.df == 20 || want.df == 21) << "df " << int(want.df);
        continue;
      }
      ASSERT_EQ(got.df, want.df);
      ASSERT_EQ(got.address, want.address);
      ASSERT_EQ(got.type_code, want.type_code);
      if (want.df == 17) {
        ASSERT_EQ(got.on_ground, want.on_ground);
      }
      if (want.alt_baro_ft) {
        ASSERT_EQ(got.alt_baro_ft, want.alt_baro_ft) << i;
      }
      if (want.squawk) {
        ASSERT_EQ(got.squawk, want.squawk);
      }
      if (want.callsign) {
        ASSERT_EQ(std::string(got.callsign->data()), std::string(want.callsign->data()));
      }
      const int tc = want.type_code.value_or(-1);
      if (want.df == 17 && tc == 0) ++tc0;
      if (want.df == 17 && ((tc >= 5 && tc <= 18) || (tc >= 20 && tc <= 22))) {
        ++positions;
        if (got.derived.lat) {
          ++positions_decoded;
          // Within the CPR resolution: 360/60/2^17 degrees of latitude (airborne), a quarter of it on the surface.
          const double lat_step = 6.0 / 131072.0;
          ASSERT_NEAR(*got.derived.lat, *want.derived.lat, lat_step) << i;
          ASSERT_NEAR(*got.derived.lon, *want.derived.lon, 2 * lat_step / std::cos(*want.derived.lat * M_PI / 180))
              << i;
        }
        // The NIC of type codes whose NIC does not depend on supplements (DO-260B Table 2-14), once the
        // receiver knows the version from TC 31.
        const bool supplement_free = tc != 11 && tc != 16 && tc != 7 && tc != 8;
        if (want.derived.version == 2 && got.derived.version == 2 && supplement_free) {
          ASSERT_EQ(got.derived.nic, want.derived.nic) << "tc " << tc;
          ++nic_checked;
          if (*want.derived.nic < 8) ++degraded;
        }
      }
      if (tc == 19) {
        ASSERT_NEAR(*got.gs_kt, *want.gs_kt, 0.01);
        ASSERT_NEAR(std::remainder(*got.track_deg - *want.track_deg, 360.0), 0.0, 0.01);
        ASSERT_EQ(got.baro_rate_fpm, want.baro_rate_fpm);
        ASSERT_EQ(got.gnss_baro_diff_ft, want.gnss_baro_diff_ft);
        ASSERT_EQ(got.nac_v, want.nac_v);
      }
      if (tc == 31) {
        ASSERT_EQ(got.version, want.version);
        ASSERT_EQ(got.nac_p, want.nac_p);
        ASSERT_EQ(got.sil, want.sil);
      }
      if (tc == 29) {
        ASSERT_EQ(got.nav_altitude_ft, want.nav_altitude_ft);
        ASSERT_NEAR(*got.nav_heading_deg, *want.nav_heading_deg, 0.01);
        ASSERT_EQ(got.nac_p, want.nac_p);
      }
    }
    EXPECT_GT(positions, 2000u);
    EXPECT_GT(positions_decoded, positions * 9 / 10);
    EXPECT_GT(tc0, 0u) << "the jammer should make some aircraft send TC 0";
    EXPECT_GT(nic_checked, 1000u);
    EXPECT_GT(degraded, 0u) << "some positions should carry a degraded NIC near the jammer";
  }
}

TEST(SimEngine, SameSeedSameBytesOtherSeedOtherBytes) {
  const gw::sim::Scenario s = gw::sim::parse_scenario(scenario_json(), "test");
  auto run = [&](std::uint64_t seed) {
    gw::sim::EngineOptions o;
    o.seed = seed;
    o.duration_s = 90;
    gw::sim::Engine engine(s, o);
    BeastBytes b;
    engine.run(b);
    return std::make_pair(b.bytes, engine.truth().to_json(engine.environment()));
  };
  const auto a = run(3), b = run(3), c = run(4);
  ASSERT_GT(a.first.size(), 100000u);
  EXPECT_EQ(a.first, b.first);
  EXPECT_EQ(a.second, b.second);
  EXPECT_NE(a.first, c.first);
}

TEST(SimEngine, SquittersComeAtDo260bRates) {
  // Receivers everywhere and perfect reception: every transmitted frame of an aircraft in coverage is seen.
  // Receivers and radars at every airport, high up: whoever is in the region is in coverage.
  std::string rx = "[";
  for (const gw::sim::Airport& a : gw::sim::airports_in(gw::sim::Region::Korea)) {
    rx += std::string(rx.size() > 1 ? "," : "") + R"({"lat": )" + std::to_string(a.lat_deg) + R"(, "lon": )" +
          std::to_string(a.lon_deg) + R"(, "height_m": 2000, "range_km": 900})";
  }
  rx += "]";
  const gw::sim::Scenario s = gw::sim::parse_scenario(scenario_json(rx, "\"6m\"", 40, rx), "test");
  gw::sim::EngineOptions o;
  o.seed = 11;
  o.perfect_reception = true;
  const Collected c = simulate(s, o);

  struct PerAircraft {
    std::vector<double> positions;
    std::map<int, int> count;  // by type code (DF17) or 100 + DF
    double first = 1e300, last = -1e300;
    bool ever_on_ground = false, ever_tc0 = false;
    int version = -1;
  };
  std::map<std::uint32_t, PerAircraft> per;
  for (const ModeSMessage& m : c.messages) {
    PerAircraft& p = per[m.address];
    p.first = std::min(p.first, m.time_s);
    p.last = std::max(p.last, m.time_s);
    if (m.df == 17) {
      ++p.count[*m.type_code];
      if (m.on_ground.value_or(false)) p.ever_on_ground = true;
      if (*m.type_code == 0) p.ever_tc0 = true;
      if (*m.type_code >= 9 && *m.type_code <= 18) p.positions.push_back(m.time_s);
      if (m.derived.version) p.version = *m.derived.version;
    } else {
      ++p.count[100 + m.df];
    }
  }
  double span = 0;
  std::map<int, double> total;
  std::size_t gaps_in_range = 0, gaps = 0;
  for (const auto& [icao, p] : per) {
    // Airborne version-2 aircraft with GNSS, seen for most of the run without interruption.
    if (p.ever_on_ground || p.ever_tc0 || p.version != 2 || p.last - p.first < 200) continue;
    bool continuous = true;
    for (std::size_t i = 1; i < p.positions.size(); ++i) continuous = continuous && p.positions[i] - p.positions[i - 1] < 5;
    if (!continuous) continue;
    for (std::size_t i = 1; i < p.positions.size(); ++i) {
      const double gap = p.positions[i] - p.positions[i - 1];
      ++gaps;
      if (gap >= 0.4 - 1e-6 && gap <= 0.6 + 1e-6) ++gaps_in_range;
    }
    span += p.last - p.first;
    for (const auto& [k, n] : p.count) total[k] += n;
  }
  ASSERT_GT(span, 2000.0) << "too few aircraft to measure rates";
  // Every airborne position interval is drawn in 0.4-0.6 s (DO-260B §2.2.3.3.1.4.1).
  EXPECT_EQ(gaps_in_range, gaps);
  double positions = 0;
  for (int tc = 9; tc <= 18; ++tc) positions += total[tc];
  EXPECT_NEAR(positions / span, 2.0, 0.1);
  EXPECT_NEAR(total[19] / span, 2.0, 0.1);
  EXPECT_NEAR(total[4] / span, 0.2, 0.02);
  EXPECT_NEAR(total[31] / span, 0.4, 0.03);
  EXPECT_NEAR(total[29] / span, 0.8, 0.05);
  EXPECT_NEAR(total[111] / span, 1.0, 0.06);
  // Replies to radar interrogations: 0.05-0.75 s apart, 2.5/s, while in coverage (here: always).
  const double replies = total[104] + total[105] + total[120] + total[121];
  EXPECT_NEAR(replies / span, 2.5, 0.15);
}

TEST(SimEngine, NothingIsHeardBeyondTheRadioHorizonOrTheRange) {
  // A low antenna at Incheon: ground traffic elsewhere and low aircraft far away are below its horizon.
  const std::string rx = R"([{"name": "low", "lat": 37.4602, "lon": 126.4407, "height_m": 10, "range_km": 1000}])";
  const gw::sim::Scenario s = gw::sim::parse_scenario(scenario_json(rx, "\"5m\"", 150), "test");
  gw::sim::EngineOptions o;
  o.seed = 5;
  o.perfect_reception = true;  // so that loss cannot hide a horizon error
  Collected c;
  gw::sim::EngineOptions keep = o;
  keep.keep_messages = true;
  gw::sim::Engine engine2(s, keep);
  engine2.run(c);
  std::size_t checked = 0, far = 0;
  for (const ModeSMessage& m : c.messages) {
    if (!m.derived.lat) continue;
    const double d = distance_km(37.4602, 126.4407, *m.derived.lat, *m.derived.lon);
    const double h_m = m.on_ground.value_or(false) ? 2.0 : std::max(2.0, *m.alt_baro_ft * 0.3048);
    // Links are re-evaluated every 4 s: allow the distance an airliner covers meanwhile (< 1.2 km).
    ASSERT_LE(d, gw::sim::link::horizon_km(10, h_m) + 1.2) << "alt " << h_m << " m";
    ++checked;
    if (d > 300) ++far;
  }
  EXPECT_GT(checked, 1000u);
  EXPECT_GT(far, 0u) << "high aircraft far away should still be heard";
  EXPECT_GT(engine2.stats().frames_transmitted, engine2.stats().frames_heard);

  // A short range limit cuts even high aircraft.
  const std::string rx2 = R"([{"name": "mast", "lat": 37.4602, "lon": 126.4407, "height_m": 500, "range_km": 80}])";
  const gw::sim::Scenario s2 = gw::sim::parse_scenario(scenario_json(rx2, "\"3m\"", 150), "test");
  const Collected c2 = simulate(s2, keep);
  std::size_t checked2 = 0;
  for (const ModeSMessage& m : c2.messages) {
    if (!m.derived.lat) continue;
    ASSERT_LE(distance_km(37.4602, 126.4407, *m.derived.lat, *m.derived.lon), 80 + 1.2);
    ++checked2;
  }
  EXPECT_GT(checked2, 100u);
}

TEST(SimLink, HorizonLossAndSignalFollowTheModel) {
  // 4/3 Earth: 4.12 km per sqrt(metre); an airliner at 10,000 m seen from sea level: 412 km.
  EXPECT_NEAR(gw::sim::link::horizon_km(0, 10000), 412.0, 0.01);
  EXPECT_NEAR(gw::sim::link::horizon_km(100, 100), 82.4, 0.01);
  // Free-space loss at 1090 MHz and 100 km: 32.45 + 60.75 + 40 dB.
  EXPECT_NEAR(gw::sim::link::free_space_loss_db(100), 133.2, 0.05);
  // Further is weaker and less likely decoded.
  double previous_p = 1, previous_signal = 256;
  for (double km : {10.0, 50.0, 100.0, 200.0, 300.0, 400.0, 500.0}) {
    const double dbm = gw::sim::link::kTransmitDbm - gw::sim::link::free_space_loss_db(km);
    const double p = gw::sim::link::decode_probability(dbm);
    const double sig = gw::sim::link::signal_byte(dbm);
    EXPECT_LE(p, previous_p);
    EXPECT_LE(sig, previous_signal);
    previous_p = p;
    previous_signal = sig;
  }
  EXPECT_GT(gw::sim::link::decode_probability(gw::sim::link::kTransmitDbm - gw::sim::link::free_space_loss_db(100)), 0.95);
  EXPECT_LT(gw::sim::link::decode_probability(gw::sim::link::kTransmitDbm - gw::sim::link::free_space_loss_db(500)), 0.4);
}

}  // namespace
