// Scenarios and traffic: bundled and generated scenarios load, errors name the field and byte, and simulated
// airframes move like aircraft (no jumps, plausible speeds and climb rates, unique addresses, the version mix).
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "sim/airports.hpp"
#include "sim/scenario.hpp"
#include "sim/traffic.hpp"

namespace {

using gw::sim::Scenario;

TEST(SimScenario, EveryBundledScenarioLoads) {
  const auto names = gw::sim::bundled_scenario_names();
  ASSERT_EQ(names.size(), 6u);
  for (std::string_view name : names) {
    SCOPED_TRACE(std::string(name));
    const Scenario s = gw::sim::load_scenario(std::string(name), 1);
    EXPECT_EQ(s.name, name);
    EXPECT_FALSE(s.receivers.empty());
    EXPECT_GE(s.duration_s, 3600.0);
    EXPECT_GE(s.aircraft, 200u);
    EXPECT_FALSE(s.radars.empty());
    for (const auto& in : s.interferers) {
      for (const auto& iv : in.active) {
        EXPECT_GE(iv.start_s, s.start_s);
        EXPECT_LE(iv.end_s, s.start_s + s.duration_s);
      }
    }
    EXPECT_EQ(s.interferers.empty(), name == "quiet");
  }
  const Scenario spoof = gw::sim::load_scenario("spoofing", 1);
  ASSERT_EQ(spoof.interferers.size(), 1u);
  EXPECT_EQ(spoof.interferers[0].kind, gw::sim::InterfererKind::Spoofer);
  EXPECT_EQ(spoof.interferers[0].spoof.mode, gw::sim::SpoofMode::Fixed);
  EXPECT_GT(gw::sim::load_scenario("intermittent", 1).interferers.at(0).active.size(), 2u);
}

TEST(SimScenario, RandomScenariosFollowTheSeed) {
  std::set<int> regions;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const Scenario a = gw::sim::random_scenario(seed, false), b = gw::sim::random_scenario(seed, false);
    EXPECT_EQ(a.region, b.region);
    EXPECT_EQ(a.start_s, b.start_s);
    ASSERT_EQ(a.interferers.size(), 1u);
    EXPECT_EQ(a.interferers[0].lat_deg, b.interferers[0].lat_deg);
    EXPECT_EQ(a.interferers[0].eirp_dbw, b.interferers[0].eirp_dbw);
    EXPECT_GE(a.receivers.size(), 2u);
    regions.insert(static_cast<int>(a.region));
    const Scenario q = gw::sim::random_scenario(seed, true);
    EXPECT_TRUE(q.interferers.empty());
    EXPECT_GE(q.duration_s, 3600.0);
  }
  EXPECT_EQ(regions.size(), 4u) << "30 seeds should visit every airport cluster";
  EXPECT_NE(gw::sim::random_scenario(1, false).interferers[0].lat_deg,
            gw::sim::random_scenario(2, false).interferers[0].lat_deg);
}

TEST(SimScenario, ErrorsNameTheFieldAndByte) {
  auto error_of = [](const std::string& json) {
    try {
      gw::sim::parse_scenario(json, "f.json");
    } catch (const gw::sim::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string base = R"({"name": "x", "start": "2026-01-01T00:00:00Z", "region": "korea", )";
  const std::string rx = R"("receivers": [{"lat": 37.5, "lon": 127.0}])";
  EXPECT_EQ(error_of(base + rx + "}"), "no error");
  // Syntax: where the parser stopped.
  EXPECT_EQ(error_of(R"({"name": "x",, })"), "f.json: byte 13: expected a quoted key");
  // Types and names.
  const std::string bad_lat = base + R"("receivers": [{"lat": "north", "lon": 127.0}]})";
  EXPECT_EQ(error_of(bad_lat), "f.json: byte " + std::to_string(bad_lat.find("\"north\"")) +
                                   ": receivers[0]: \"lat\" must be a number, not a string");
  const std::string typo = base + rx + R"(, "interferers": [{"lat": 38, "lon": 126, "eirp": 20}]})";
  EXPECT_EQ(error_of(typo), "f.json: byte " + std::to_string(typo.find("20}")) +
                                ": interferers[0]: unknown field \"eirp\"");
  EXPECT_NE(error_of(base + "\"receivers\": []}").find("at least one receiver"), std::string::npos);
  // A radar's site is checked like a receiver's: a range of 0 would silently interrogate no one.
  EXPECT_NE(error_of(base + rx + R"(, "radars": [{"lat": 37.4, "lon": 126.4, "range_km": 0}]})")
                .find("radars[0]: height_m must be >= 0 and range_km > 0"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"name": "x", "start": "yesterday", "region": "korea"})").find("ISO 8601"), std::string::npos);
  EXPECT_NE(error_of(base + rx + R"(, "airports": ["RKSI", "XXXX"]})").find("unknown airport \"XXXX\""),
            std::string::npos);
  EXPECT_NE(error_of(base + rx + R"(, "interferers": [{"kind": "spoofer", "lat": 38, "lon": 126}]})")
                .find("a spoofer needs \"spoof\""),
            std::string::npos);
  try {
    gw::sim::load_scenario("no-such-scenario", 1);
    FAIL();
  } catch (const gw::sim::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("korea-dmz"), std::string::npos);
  }
}

TEST(SimScenario, DurationsAndTimes) {
  double s = 0;
  EXPECT_TRUE(gw::sim::parse_duration("90", s));
  EXPECT_EQ(s, 90);
  EXPECT_TRUE(gw::sim::parse_duration("1.5h", s));
  EXPECT_EQ(s, 5400);
  EXPECT_TRUE(gw::sim::parse_duration("30m", s));
  EXPECT_EQ(s, 1800);
  EXPECT_FALSE(gw::sim::parse_duration("soon", s));
  EXPECT_FALSE(gw::sim::parse_duration("-5", s));
  double t = 0;
  ASSERT_TRUE(gw::sim::parse_utc("2026-01-07T03:00:00Z", t));
  EXPECT_EQ(t, 1767754800.0);
  ASSERT_TRUE(gw::sim::parse_utc("2026-01-07T05:00:00+02:00", t));
  EXPECT_EQ(t, 1767754800.0);
  EXPECT_EQ(gw::sim::format_utc(1767754800.0), "2026-01-07T03:00:00Z");
  EXPECT_EQ(gw::sim::format_utc(951782400.25), "2000-02-29T00:00:00.250Z");
  EXPECT_FALSE(gw::sim::parse_utc("2026-13-01T00:00:00Z", t));
}

TEST(SimAirports, RegionsAreUsable) {
  for (gw::sim::Region r : gw::sim::kAllRegions) {
    int local = 0;
    for (const auto& a : gw::sim::airports_in(r)) {
      EXPECT_EQ(a.region, r);
      EXPECT_LT(a.address_first, a.address_last);
      EXPECT_FALSE(a.airlines.empty());
      local += a.local ? 1 : 0;
    }
    EXPECT_GE(local, 3) << gw::sim::region_name(r);
  }
  const auto* rksi = gw::sim::find_airport("RKSI");
  ASSERT_NE(rksi, nullptr);
  EXPECT_NEAR(rksi->lat_deg, 37.4602, 1e-9);
  EXPECT_NEAR(rksi->lon_deg, 126.4407, 1e-9);
}

TEST(SimTraffic, AirframesMoveLikeAircraft) {
  const Scenario s = gw::sim::load_scenario("korea-dmz", 1);
  gw::sim::TrafficOptions o;
  o.airports = s.airports;
  o.centre_lat_deg = 36.0;
  o.centre_lon_deg = 127.5;
  auto traffic = gw::sim::make_traffic(o, 150, 9, s.start_s);
  std::set<std::uint32_t> addresses;
  int versions[3] = {0, 0, 0};
  for (const auto& a : traffic) {
    addresses.insert(a.identity().icao);
    ++versions[a.identity().version];
    EXPECT_LE(a.identity().callsign.size(), 8u);
  }
  EXPECT_EQ(addresses.size(), traffic.size());
  EXPECT_GT(versions[2], versions[1]);
  EXPECT_GT(versions[1], 0);

  std::size_t airborne = 0, ground = 0;
  for (auto& a : traffic) {
    gw::sim::Kinematics prev = a.at(s.start_s);
    double prev_t = s.start_s, last_seen_t = prev.transmitting ? s.start_s : -1;
    gw::sim::Kinematics last_seen = prev;
    for (double t = s.start_s + 1; t < s.start_s + 6 * 3600; t += 1) {
      const gw::sim::Kinematics k = a.at(t);
      if (k.transmitting && prev.transmitting) {
        const double d = gw::sim::ground_distance_m(prev.lat_deg, prev.lon_deg, k.lat_deg, k.lon_deg);
        ASSERT_LT(d, 520 * gw::sim::kKtToMps * (t - prev_t) + 1) << "jump";
        ASSERT_LT(std::fabs(k.alt_ft - prev.alt_ft), 3000.0 / 60 + 1) << "climb rate";
        ASSERT_GE(k.alt_ft, -100.0);
        ASSERT_LE(k.alt_ft, 41500.0);
        ASSERT_LE(k.gs_kt, 520.0);
        if (k.on_ground) {
          ASSERT_LT(k.gs_kt, 160.0);
        }
      }
      if (k.transmitting && !prev.transmitting && last_seen_t > 0) {
        // Back on the air after a turnaround or between overflights: no faster than an airliner could have gone.
        const double d = gw::sim::ground_distance_m(last_seen.lat_deg, last_seen.lon_deg, k.lat_deg, k.lon_deg);
        ASSERT_LT(d / (t - last_seen_t), 600 * gw::sim::kKtToMps) << "reappeared too far away";
      }
      if (k.transmitting) {
        last_seen = k;
        last_seen_t = t;
        (k.on_ground ? ground : airborne) += 1;
      }
      prev = k;
      prev_t = t;
    }
  }
  // Short-haul traffic: taxiing and the gate take a fifth to a quarter of the transponder-on time.
  EXPECT_GT(airborne, 3 * ground);
  EXPECT_GT(ground, 0u);
}

TEST(SimTraffic, AddressesStayUniqueBeyondAStatesBlock) {
  // Lithuania's block has 1024 addresses; 3000 airframes based there still get unique ones.
  gw::sim::TrafficOptions o;
  for (const char* icao : {"EYVI", "EYKA", "EYPA"}) o.airports.push_back(gw::sim::find_airport(icao));
  o.centre_lat_deg = 55;
  o.centre_lon_deg = 23;
  const auto traffic = gw::sim::make_traffic(o, 3000, 1, 0);
  std::set<std::uint32_t> addresses;
  std::size_t in_block = 0;
  for (const auto& a : traffic) {
    addresses.insert(a.identity().icao);
    in_block += a.identity().icao >= 0x503C00 && a.identity().icao <= 0x503FFF;
    EXPECT_GT(a.identity().icao, 0u);
    EXPECT_LT(a.identity().icao, 0xFFFFFFu);
  }
  EXPECT_EQ(addresses.size(), 3000u);
  EXPECT_GT(in_block, 900u);
}

}  // namespace
