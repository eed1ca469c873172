// truth.json: the docs/TRUTH.md schema parsed back with simdjson, affected intervals and `heard`, radius_km from
// the radio model, atomic writing, merging per-thread recorders.
#include "sim/truth.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "eval/truth.hpp"
#include "sim/avionics.hpp"
#include "test_files.hpp"

namespace gw::sim {
namespace {

namespace fs = std::filesystem;

using gw::test::TempDir;

constexpr double kStart = 1767754800.0;  // 2026-01-07T03:00:00Z
constexpr double kEnd = kStart + 7200;

GnssEnvironment scenario_environment() {
  Interferer j;
  j.id = 1;
  j.name = "kaesong \"north\"";  // a name that needs escaping
  j.lat_deg = 37.97;
  j.lon_deg = 126.55;
  j.height_m = 30;
  j.eirp_dbw = 20;
  j.active = {{kStart + 600, kStart + 3600}};
  Interferer s;
  s.id = 2;
  s.kind = InterfererKind::Spoofer;
  s.name = "spoof";
  s.lat_deg = 36.5;  // beyond line of sight of the test aircraft
  s.lon_deg = 128.5;
  s.height_m = 50;
  s.eirp_dbw = -10;
  s.track = {{kStart, 36.5, 128.5}, {kEnd, 36.6, 128.6}};
  s.spoof.mode = SpoofMode::Circle;
  s.spoof.lat_deg = 36.5;
  s.spoof.lon_deg = 128.0;
  s.spoof.circle_radius_km = 15;
  s.spoof.circle_period_s = 600;
  s.spoof.alt_offset_ft = -800;
  return GnssEnvironment({j, s});
}

AircraftTruth truth_at(double t, double lat, double lon, double alt_ft) {
  AircraftTruth a;
  a.time_s = t;
  a.lat_deg = lat;
  a.lon_deg = lon;
  a.alt_baro_ft = alt_ft;
  return a;
}

TEST(TruthRecorder, HeardRunsDecideHeardExactlyForIntervalsOfASecondOrMore) {
  TruthRecorder truth;
  truth.add_aircraft(0xabc123, "X", 2, true);
  for (double t = 100; t <= 200; t += 1) truth.note_heard(0xabc123, t);
  for (double t = 500; t <= 510; t += 0.5) truth.note_heard(0xabc123, t);
  truth.note_heard(0xabc123, 300);
  EXPECT_TRUE(truth.heard_during(0xabc123, 150, 151));
  EXPECT_TRUE(truth.heard_during(0xabc123, 199.5, 260));
  EXPECT_FALSE(truth.heard_during(0xabc123, 201, 299));
  EXPECT_TRUE(truth.heard_during(0xabc123, 299, 301));
  EXPECT_FALSE(truth.heard_during(0xabc123, 301, 499));
  EXPECT_TRUE(truth.heard_during(0xabc123, 505, 506));
  EXPECT_FALSE(truth.heard_during(0xabc123, 511, 600));
  EXPECT_EQ(truth.aircraft(0xabc123)->heard.size(), 3u);
  truth.note_heard(0x999999, 100);  // not added: ignored
  EXPECT_EQ(truth.aircraft(0x999999), nullptr);
}

TEST(TruthRecorder, WritesTheTruthSchemaWithAffectedIntervals) {
  const GnssEnvironment env = scenario_environment();
  TruthRecorder truth;
  truth.set_scenario("korea-dmz", 1, kStart, kEnd);
  truth.add_receiver("incheon", 37.46, 126.44, 30.0, 400.0);
  truth.add_aircraft(0x71c012, "KAL123", 2, true);
  truth.add_aircraft(0x71c013, "AAR9", 1, true);
  truth.add_aircraft(0x71c014, "", 0, false);

  // 0x71c012 sits 30 km south of the jammer at 4,000 ft and is heard all the time; 0x71c013 the same but never
  // heard; 0x71c014 has no GNSS.
  const double lat = 37.97 - 30.0 / 111.2;
  AircraftGnss heard(0x71c012, true, ReceiverProfile::nominal());
  AircraftGnss unheard(0x71c013, true, ReceiverProfile::nominal());
  AircraftGnss none(0x71c014, false, ReceiverProfile::nominal());
  for (double t = kStart; t < kStart + 4000; t += 1) {
    heard.update(env, truth_at(t, lat, 126.55, 4000), truth);
    unheard.update(env, truth_at(t, lat, 126.55, 4000), truth);
    none.update(env, truth_at(t, lat, 126.55, 4000), truth);
    truth.note_heard(0x71c012, t);
    truth.note_heard(0x71c014, t);
  }
  TempDir dir;
  const std::string path = dir.file("truth.json");
  truth.write(path, env);
  EXPECT_EQ(dir.entries(), 1u);  // no temporary file left

  simdjson::dom::parser parser;
  const simdjson::padded_string json = simdjson::padded_string::load(path);
  const simdjson::dom::element doc = parser.parse(json);
  EXPECT_EQ(std::string_view(doc["format"]), "gnsswatch-truth/1");
  EXPECT_EQ(std::string_view(doc["scenario"]), "korea-dmz");
  EXPECT_EQ(std::uint64_t(doc["seed"]), 1u);
  EXPECT_EQ(std::string_view(doc["start"]), "2026-01-07T03:00:00Z");
  EXPECT_DOUBLE_EQ(double(doc["start_s"]), kStart);
  EXPECT_EQ(std::string_view(doc["end"]), "2026-01-07T05:00:00Z");
  EXPECT_DOUBLE_EQ(double(doc["end_s"]), kEnd);

  const simdjson::dom::array receivers = doc["receivers"];
  ASSERT_EQ(receivers.size(), 1u);
  const simdjson::dom::element r = receivers.at(0);
  EXPECT_EQ(std::string_view(r["name"]), "incheon");
  EXPECT_DOUBLE_EQ(double(r["lat"]), 37.46);
  EXPECT_DOUBLE_EQ(double(r["lon"]), 126.44);
  EXPECT_DOUBLE_EQ(double(r["height_m"]), 30.0);
  EXPECT_DOUBLE_EQ(double(r["range_km"]), 400.0);

  const simdjson::dom::array interferers = doc["interferers"];
  ASSERT_EQ(interferers.size(), 2u);
  const simdjson::dom::element j = interferers.at(0);
  EXPECT_EQ(std::uint64_t(j["id"]), 1u);
  EXPECT_EQ(std::string_view(j["kind"]), "jammer");
  EXPECT_EQ(std::string_view(j["name"]), "kaesong \"north\"");
  EXPECT_DOUBLE_EQ(double(j["lat"]), 37.97);
  EXPECT_DOUBLE_EQ(double(j["lon"]), 126.55);
  EXPECT_DOUBLE_EQ(double(j["height_m"]), 30.0);
  EXPECT_DOUBLE_EQ(double(j["eirp_dbw"]), 20.0);
  EXPECT_NEAR(double(j["radius_km"]["1000"]), env.radius_km(0, 1000), 0.05);
  EXPECT_NEAR(double(j["radius_km"]["10000"]), env.radius_km(0, 10000), 0.05);
  EXPECT_NEAR(double(j["radius_km"]["35000"]), env.radius_km(0, 35000), 0.05);
  const simdjson::dom::array active = j["active"];
  ASSERT_EQ(active.size(), 1u);
  EXPECT_DOUBLE_EQ(double(active.at(0)["start_s"]), kStart + 600);
  EXPECT_EQ(std::string_view(active.at(0)["start"]), "2026-01-07T03:10:00Z");
  EXPECT_DOUBLE_EQ(double(active.at(0)["end_s"]), kStart + 3600);
  EXPECT_EQ(simdjson::dom::array(j["track"]).size(), 0u);
  EXPECT_EQ(j["spoof"].error(), simdjson::NO_SUCH_FIELD);

  const simdjson::dom::element s = interferers.at(1);
  EXPECT_EQ(std::string_view(s["kind"]), "spoofer");
  const simdjson::dom::array s_active = s["active"];  // always on: one interval covering the scenario
  ASSERT_EQ(s_active.size(), 1u);
  EXPECT_DOUBLE_EQ(double(s_active.at(0)["start_s"]), kStart);
  EXPECT_DOUBLE_EQ(double(s_active.at(0)["end_s"]), kEnd);
  const simdjson::dom::array track = s["track"];
  ASSERT_EQ(track.size(), 2u);
  EXPECT_DOUBLE_EQ(double(track.at(1)["time_s"]), kEnd);
  EXPECT_DOUBLE_EQ(double(track.at(1)["lat"]), 36.6);
  EXPECT_DOUBLE_EQ(double(track.at(1)["lon"]), 128.6);
  const simdjson::dom::element spoof = s["spoof"];
  EXPECT_EQ(std::string_view(spoof["mode"]), "circle");
  EXPECT_DOUBLE_EQ(double(spoof["lat"]), 36.5);
  EXPECT_DOUBLE_EQ(double(spoof["lon"]), 128.0);
  EXPECT_DOUBLE_EQ(double(spoof["drift_mps"]), 0.0);
  EXPECT_DOUBLE_EQ(double(spoof["drift_bearing_deg"]), 0.0);
  EXPECT_DOUBLE_EQ(double(spoof["circle_radius_km"]), 15.0);
  EXPECT_DOUBLE_EQ(double(spoof["circle_period_s"]), 600.0);
  EXPECT_DOUBLE_EQ(double(spoof["alt_offset_ft"]), -800.0);
  EXPECT_NEAR(double(s["radius_km"]["35000"]), env.radius_km(1, 35000, radio::kSpoofCaptureDb), 0.05);

  const simdjson::dom::array aircraft = doc["aircraft"];
  ASSERT_EQ(aircraft.size(), 3u);
  const simdjson::dom::element a = aircraft.at(0);
  EXPECT_EQ(std::string_view(a["icao"]), "71c012");
  EXPECT_EQ(std::string_view(a["callsign"]), "KAL123");
  EXPECT_EQ(std::int64_t(a["version"]), 2);
  EXPECT_TRUE(bool(a["gnss"]));
  const simdjson::dom::array affected = a["affected"];
  ASSERT_EQ(affected.size(), 1u);
  const simdjson::dom::element v = affected.at(0);
  EXPECT_EQ(std::uint64_t(v["interferer"]), 1u);
  EXPECT_EQ(std::string_view(v["kind"]), "jammed");
  EXPECT_DOUBLE_EQ(double(v["start_s"]), kStart + 600);
  EXPECT_DOUBLE_EQ(double(v["end_s"]), kStart + 3600 + 20);  // nominal re-acquisition delay 20 s
  EXPECT_EQ(std::string_view(v["start"]), "2026-01-07T03:10:00Z");
  EXPECT_EQ(std::string_view(v["end"]), "2026-01-07T04:00:20Z");
  EXPECT_NEAR(double(v["start_lat"]), lat, 1e-6);
  EXPECT_NEAR(double(v["start_lon"]), 126.55, 1e-6);
  EXPECT_DOUBLE_EQ(double(v["start_alt_ft"]), 4000);
  EXPECT_NEAR(double(v["end_lat"]), lat, 1e-6);
  EXPECT_NEAR(double(v["end_lon"]), 126.55, 1e-6);
  EXPECT_TRUE(bool(v["heard"]));

  const simdjson::dom::element b = aircraft.at(1);
  EXPECT_EQ(std::string_view(b["icao"]), "71c013");
  EXPECT_EQ(std::int64_t(b["version"]), 1);
  const simdjson::dom::array b_affected = b["affected"];
  ASSERT_EQ(b_affected.size(), 1u);
  EXPECT_FALSE(bool(b_affected.at(0)["heard"]));

  const simdjson::dom::element c = aircraft.at(2);
  EXPECT_FALSE(bool(c["gnss"]));
  EXPECT_EQ(simdjson::dom::array(c["affected"]).size(), 0u);
}

TEST(TruthRecorder, AnIntervalStillOpenEndsAtTheScenarioEnd) {
  const GnssEnvironment env = scenario_environment();
  TruthRecorder truth;
  truth.set_scenario("open", 2, kStart, kEnd);
  truth.add_aircraft(0x100, "", 2, true);
  truth.open_affected(0x100, 1, AffectKind::Jammed, kEnd - 100, 37.5, 126.5, 12000);
  truth.note_heard(0x100, kEnd - 10);
  simdjson::dom::parser parser;
  const simdjson::padded_string json(truth.to_json(env));
  const simdjson::dom::element v = parser.parse(json)["aircraft"].at(0)["affected"].at(0);
  EXPECT_DOUBLE_EQ(double(v["end_s"]), kEnd);
  EXPECT_DOUBLE_EQ(double(v["end_lat"]), 37.5);
  EXPECT_TRUE(bool(v["heard"]));
}

// good_before_s / good_after_s: the gap to the nearest heard usable position, within 15 min, null otherwise; read
// back by eval as written.
TEST(TruthRecorder, GoodFixBeforeAndAfterRoundTripThroughEval) {
  TruthRecorder truth;
  truth.set_scenario("good", 4, kStart, kEnd);
  truth.add_aircraft(0x1, "NEAR", 2, true);
  truth.add_aircraft(0x2, "FAR", 2, true);
  // 0x1: usable until kStart + 1000, jammed 1012-2000, usable again from 2030.
  truth.note_usable_run(0x1, kStart + 100, kStart + 1000);
  truth.open_affected(0x1, 1, AffectKind::Jammed, kStart + 1012, 37.5, 126.5, 20000);
  truth.close_affected(0x1, kStart + 2000, 37.6, 126.6);
  truth.note_usable_run(0x1, kStart + 2030, kStart + 2500);
  // 0x2: usable only long before (more than 15 min) and never after; heard during the interval.
  truth.note_usable_run(0x2, kStart, kStart + 10);
  truth.open_affected(0x2, 1, AffectKind::Jammed, kStart + 1000, 37.5, 126.5, 20000);
  truth.note_heard_run(0x2, kStart + 1500, kStart + 1600);
  truth.close_affected(0x2, kStart + 2000, 37.6, 126.6);

  const eval::Truth back = eval::parse_truth(truth.to_json(scenario_environment()), "truth.json");
  ASSERT_EQ(back.aircraft.size(), 2u);
  const eval::TruthAffected& near = back.aircraft[0].affected.at(0);
  EXPECT_TRUE(near.has_good_fix);
  EXPECT_DOUBLE_EQ(near.good_before_s, 12.0);
  EXPECT_DOUBLE_EQ(near.good_after_s, 30.0);
  EXPECT_FALSE(near.heard);
  const eval::TruthAffected& far = back.aircraft[1].affected.at(0);
  EXPECT_TRUE(far.has_good_fix);
  EXPECT_FALSE(far.good_before());  // 990 s > kGoodFixWindowS
  EXPECT_TRUE(std::isnan(far.good_after_s));
  EXPECT_TRUE(far.heard);
}

// settle() keeps only the runs intervals can still need (memory flat in duration), and changes nothing in
// truth.json.
TEST(TruthRecorder, SettlingDropsOldRunsAndChangesNothing) {
  const GnssEnvironment env = scenario_environment();
  TruthRecorder settled, kept;
  for (TruthRecorder* t : {&settled, &kept}) {
    t->set_scenario("settle", 5, kStart, kEnd);
    t->add_aircraft(0x7, "LONG", 2, true);
  }
  // Heard in 3-s bursts every 5 s (a new run each time), usable in the first second of each burst, jammed for
  // 200 s every 1,000 s; settle() every 60 s.
  double due = kStart + 60;
  for (double t = kStart; t < kEnd; t += 5) {
    for (TruthRecorder* r : {&settled, &kept}) {
      const double in_cycle = std::fmod(t - kStart, 1000);
      if (in_cycle == 500) r->open_affected(0x7, 1, AffectKind::Jammed, t, 37.5, 126.5, 30000);
      if (in_cycle == 700) r->close_affected(0x7, t, 37.6, 126.6);
      r->note_heard_run(0x7, t, t + 3);
      if (in_cycle < 500 || in_cycle >= 700) r->note_usable_run(0x7, t, t + 1);
    }
    if (t + 5 >= due) {
      settled.settle(t + 5);
      due += 60;
      // What came since the last settle (60 s: 12 runs) and a few before.
      EXPECT_LE(settled.aircraft(0x7)->heard.size(), 16u);
      EXPECT_LE(settled.aircraft(0x7)->usable.size(), 16u);
    }
  }
  EXPECT_EQ(kept.aircraft(0x7)->heard.size(), 7200u / 5);
  EXPECT_EQ(settled.to_json(env), kept.to_json(env));
  settled.settle_all();
  EXPECT_TRUE(settled.aircraft(0x7)->heard.empty());
  EXPECT_EQ(settled.to_json(env), kept.to_json(env));
  const eval::Truth back = eval::parse_truth(kept.to_json(env), "truth.json");
  ASSERT_EQ(back.aircraft.at(0).affected.size(), 7u);
  for (const eval::TruthAffected& f : back.aircraft[0].affected) {
    EXPECT_DOUBLE_EQ(f.good_before_s, 4.0);  // the last usable run of a burst ends 1 s after it starts
    EXPECT_DOUBLE_EQ(f.good_after_s, 0.0);
    EXPECT_TRUE(f.heard);
  }
}

TEST(TruthRecorder, EmptyRecorderIsStillValidJson) {
  TruthRecorder truth;
  simdjson::dom::parser parser;
  const simdjson::padded_string json(truth.to_json(GnssEnvironment{}));
  const simdjson::dom::element doc = parser.parse(json);
  EXPECT_EQ(simdjson::dom::array(doc["aircraft"]).size(), 0u);
  EXPECT_EQ(simdjson::dom::array(doc["interferers"]).size(), 0u);
  EXPECT_EQ(simdjson::dom::array(doc["receivers"]).size(), 0u);
}

TEST(TruthRecorder, WriteFailureNamesThePathAndLeavesNothing) {
  TruthRecorder truth;
  TempDir dir;
  const std::string path = dir.file("missing/truth.json");
  try {
    truth.write(path, GnssEnvironment{});
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(TruthRecorder, MergeCombinesPerThreadRecorders) {
  TruthRecorder main, worker;
  main.set_scenario("m", 3, kStart, kEnd);
  main.add_aircraft(0x1, "ONE", 2, true);
  worker.add_aircraft(0x1, "", 2, true);
  worker.add_aircraft(0x2, "TWO", 0, false);
  main.note_heard(0x1, 10);
  worker.note_heard(0x1, 11);
  worker.open_affected(0x1, 1, AffectKind::Spoofed, 5, 1, 2, 3);
  worker.close_affected(0x1, 20, 4, 5);
  main.merge(std::move(worker));
  ASSERT_EQ(main.aircraft_count(), 2u);
  EXPECT_EQ(main.aircraft(0x1)->callsign, "ONE");
  EXPECT_EQ(main.aircraft(0x1)->heard.size(), 1u);
  EXPECT_EQ(main.aircraft(0x1)->affected.size(), 1u);
  EXPECT_EQ(main.aircraft(0x2)->callsign, "TWO");
  EXPECT_FALSE(main.aircraft(0x2)->gnss);
  EXPECT_TRUE(main.heard_during(0x1, 5, 20));
}

}  // namespace
}  // namespace gw::sim
