// SpoofingDetector on synthetic tracks built here: each rule fires on the behaviour it names and stays silent on
// normal flight, glitches and the bounds' near side. Messages carry what track::MessagePipeline would fill in
// (DF17, ADS-B ICAO address, derived lat/lon for positions, TC 19 ground velocity).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "detect/spoofing.hpp"
#include "output/spoofing_writer.hpp"

namespace gw::detect {
namespace {

constexpr double kT0 = 1767736616.0;
constexpr double kKmPerDegLat = 111.195;

modes::ModeSMessage adsb(std::uint32_t icao) {
  modes::ModeSMessage m;
  m.df = 17;
  m.address = icao;
  m.address_kind = modes::AddressKind::AdsbIcao;
  return m;
}

modes::ModeSMessage position(std::uint32_t icao, double lat, double lon, std::int32_t alt_ft) {
  auto m = adsb(icao);
  m.type_code = 11;
  m.alt_baro_ft = alt_ft;
  m.derived.lat = lat;
  m.derived.lon = lon;
  return m;
}

modes::ModeSMessage velocity(std::uint32_t icao, float gs_kt, float track_deg, std::int32_t gnss_baro_diff_ft) {
  auto m = adsb(icao);
  m.type_code = 19;
  m.gs_kt = gs_kt;
  m.track_deg = track_deg;
  m.gnss_baro_diff_ft = gnss_baro_diff_ft;
  return m;
}

// A simulated aircraft: flies at gs_kt along track_deg; every 0.5 s one position then one velocity message.
struct Flight {
  std::uint32_t icao;
  double lat, lon;
  double gs_kt = 450;
  double track_deg = 45;
  std::int32_t alt_ft = 30000;
  std::int32_t gnss_baro_diff_ft = 150;
  double t = kT0;

  void step(double dt) {
    const double km = gs_kt * 1.852 / 3600.0 * dt;
    const double trk = track_deg * std::numbers::pi / 180;
    lat += km * std::cos(trk) / kKmPerDegLat;
    lon += km * std::sin(trk) / (kKmPerDegLat * std::cos(lat * std::numbers::pi / 180));
    t += dt;
  }
  // Flies `seconds`, reporting (lat + dlat, lon + dlon) instead of the true place, and `report_gs/track` velocity.
  void fly(SpoofingDetector& d, double seconds, double dlat = 0, double dlon = 0) {
    for (double s = 0; s < seconds; s += 0.5) {
      step(0.5);
      d.update(position(icao, lat + dlat, lon + dlon, alt_ft), t);
      d.update(velocity(icao, static_cast<float>(gs_kt), static_cast<float>(track_deg), gnss_baro_diff_ft), t + 0.2);
    }
  }
};

std::size_t count(const std::vector<SpoofingFinding>& f, SpoofingKind k) {
  std::size_t n = 0;
  for (const auto& x : f) n += x.kind == k;
  return n;
}

double evidence(const SpoofingFinding& f, std::string_view name) {
  for (std::size_t i = 0; i < f.evidence_count; ++i) {
    if (name == f.evidence[i].name) return f.evidence[i].value;
  }
  return kNaN;
}

TEST(Spoofing, NormalStraightFlightAndTurnsGiveNoFinding) {
  SpoofingDetector d;
  Flight f{0x4ca001, 60.0, 24.0};
  f.fly(d, 600);
  f.track_deg = 135;  // an instant 90-degree turn of the reported track (harsher than any real turn)
  f.fly(d, 300);
  for (int i = 0; i < 180; ++i) {  // a standard-rate turn, 3 deg/s
    f.track_deg += 1.5;
    f.fly(d, 0.5);
  }
  f.fly(d, 600);
  const auto findings = d.finish();
  EXPECT_TRUE(findings.empty()) << output::spoofing_json_text(findings);
  EXPECT_EQ(d.counters().glitches, 0u);
}

TEST(Spoofing, TeleportingTrackIsAPositionJump) {
  SpoofingDetector d;
  Flight f{0x4ca002, 60.0, 24.0};
  f.fly(d, 300);
  const double true_lat = f.lat, true_lon = f.lon;
  f.fly(d, 120, 1.0, 0.0);  // from now on reported 111 km north of where it is
  const auto findings = d.finish();
  ASSERT_EQ(findings.size(), 1u) << output::spoofing_json_text(findings);
  const SpoofingFinding& j = findings[0];
  EXPECT_EQ(j.kind, SpoofingKind::PositionJump);
  ASSERT_EQ(j.aircraft.size(), 1u);
  EXPECT_EQ(j.aircraft[0], 0x4ca002u);
  EXPECT_NEAR(j.start_s, kT0 + 300.5, 1e-6);
  EXPECT_NEAR(evidence(j, "distance_km"), 111.2, 1.0);
  EXPECT_GT(evidence(j, "implied_speed_kt"), 100000.0);
  ASSERT_TRUE(j.reported && j.plausible);
  EXPECT_NEAR(j.reported->lat_deg, true_lat + 1.0, 0.01);
  EXPECT_NEAR(j.plausible->lat_deg, true_lat, 0.01);  // dead-reckoned: where it really was
  EXPECT_NEAR(j.plausible->lon_deg, true_lon, 0.01);
}

// Jumps just over jump_min_km (5 km), north and diagonally (where the cheap "surely within" bound is largest
// against the true distance), are seen; 4.9 km is not a jump.
TEST(Spoofing, JumpsJustOverTheMinimumDistanceAreSeenInAnyDirection) {
  const double just_over_deg = 5.05 / kKmPerDegLat;
  for (const auto& [dlat, dlon] : {std::pair{just_over_deg, 0.0},
                                   std::pair{just_over_deg / std::sqrt(2.0), 2 * just_over_deg / std::sqrt(2.0)}}) {
    SpoofingDetector d;
    Flight f{0x4ca00a, 60.0, 24.0};
    f.fly(d, 300);
    f.fly(d, 120, dlat, dlon);
    const auto findings = d.finish();
    ASSERT_EQ(findings.size(), 1u) << dlat << " " << dlon;
    EXPECT_EQ(findings[0].kind, SpoofingKind::PositionJump);
    EXPECT_NEAR(evidence(findings[0], "distance_km"), 5.05, 0.1);
  }
  SpoofingDetector d;
  Flight f{0x4ca00b, 60.0, 24.0};
  f.fly(d, 300);
  f.fly(d, 120, 4.9 / kKmPerDegLat, 0.0);
  EXPECT_EQ(count(d.finish(), SpoofingKind::PositionJump), 0u);  // (the velocity check may see the offset)
}

TEST(Spoofing, SingleWrongPositionIsAGlitchNotAFinding) {
  SpoofingDetector d;
  Flight f{0x4ca003, 60.0, 24.0};
  f.fly(d, 300);
  f.step(0.5);
  d.update(position(f.icao, f.lat + 6.0, f.lon, f.alt_ft), f.t);  // one wrong CPR zone
  f.fly(d, 300);
  EXPECT_TRUE(d.finish().empty());
  EXPECT_EQ(d.counters().glitches, 1u);
}

TEST(Spoofing, NicZeroPositionsAreNotCheckedForJumps) {
  // As 461e16 in the Helsinki recording: TC 18 positions at (0, 0) for 5 s while losing GNSS.
  SpoofingDetector d;
  Flight f{0x461e16, 60.48, 25.12};
  f.fly(d, 120);
  for (int i = 0; i < 20; ++i) {
    f.step(0.5);
    auto m = position(f.icao, 0.0, 0.0, f.alt_ft);
    m.type_code = 18;
    d.update(m, f.t);
  }
  f.fly(d, 120);
  EXPECT_TRUE(d.finish().empty());
  EXPECT_EQ(d.counters().positions_no_integrity, 20u);
}

TEST(Spoofing, ReappearingTooFarAfterAGapIsAReappearance) {
  SpoofingDetector d;
  Flight f{0x4ca004, 60.0, 24.0};
  f.fly(d, 120);
  f.step(300);              // 5 minutes unheard: 69 km flown, 154 km possible at 1,000 kt
  f.fly(d, 60, 2.0, 0.0);   // reappears 222 km further north
  const auto findings = d.finish();
  ASSERT_EQ(findings.size(), 1u) << output::spoofing_json_text(findings);
  EXPECT_EQ(findings[0].kind, SpoofingKind::Reappearance);
  EXPECT_NEAR(evidence(findings[0], "elapsed_s"), 300.5, 0.6);
}

TEST(Spoofing, ReappearingWhereItCouldHaveFlownIsNoFinding) {
  SpoofingDetector d;
  Flight f{0x4ca005, 60.0, 24.0};
  f.fly(d, 120);
  f.step(600);
  f.fly(d, 60);
  EXPECT_TRUE(d.finish().empty());
}

TEST(Spoofing, StuckPositionWith450KtVelocityIsPositionStuck) {
  SpoofingDetector d;
  Flight f{0x4ca006, 60.0, 24.0};
  f.fly(d, 120);
  const double lat = f.lat, lon = f.lon;
  for (int i = 0; i < 240; ++i) {  // 2 minutes: velocity says 450 kt, position frozen
    f.t += 0.5;
    d.update(position(f.icao, lat, lon, f.alt_ft), f.t);
    d.update(velocity(f.icao, 450, 45, 150), f.t + 0.2);
  }
  const auto findings = d.finish();
  ASSERT_EQ(findings.size(), 1u) << output::spoofing_json_text(findings);
  EXPECT_EQ(findings[0].kind, SpoofingKind::PositionStuck);
  EXPECT_LT(evidence(findings[0], "moved_km"), 0.01);
  EXPECT_NEAR(evidence(findings[0], "mean_reported_gs_kt"), 450, 5);
  EXPECT_GE(findings[0].occurrences, 1u);
}

TEST(Spoofing, PositionsDriftingAgainstTheReportedVelocityAreAMismatch) {
  SpoofingDetector d;
  Flight f{0x4ca007, 60.0, 24.0};
  f.fly(d, 120);
  // Positions move east at 450 kt; the reported velocity says north.
  for (int i = 0; i < 360; ++i) {
    f.track_deg = 90;
    f.step(0.5);
    d.update(position(f.icao, f.lat, f.lon, f.alt_ft), f.t);
    d.update(velocity(f.icao, 450, 0, 150), f.t + 0.2);
  }
  const auto findings = d.finish();
  ASSERT_EQ(findings.size(), 1u) << output::spoofing_json_text(findings);
  EXPECT_EQ(findings[0].kind, SpoofingKind::VelocityMismatch);
  EXPECT_GT(evidence(findings[0], "error_km"), 10.0);
}

TEST(Spoofing, GnssBaroDivergenceOf2000FtIsAFinding) {
  SpoofingDetector d;
  Flight f{0x4ca008, 60.0, 24.0};
  f.alt_ft = 10000;  // bound 1,000 + 6 % of 10,000 = 1,600 ft
  f.fly(d, 60);
  f.gnss_baro_diff_ft = 2000;
  f.fly(d, 60);
  const auto findings = d.finish();
  ASSERT_EQ(findings.size(), 1u) << output::spoofing_json_text(findings);
  EXPECT_EQ(findings[0].kind, SpoofingKind::GnssBaroDivergence);
  EXPECT_EQ(evidence(findings[0], "gnss_minus_baro_ft"), 2000);
  EXPECT_EQ(evidence(findings[0], "bound_ft"), 1600);
  EXPECT_NEAR(findings[0].start_s, kT0 + 60.7, 1e-6);
}

TEST(Spoofing, GnssBaroDifferenceOf200FtIsNormal) {
  SpoofingDetector d;
  Flight f{0x4ca009, 60.0, 24.0};
  f.alt_ft = 10000;
  f.gnss_baro_diff_ft = -200;
  f.fly(d, 300);
  EXPECT_TRUE(d.finish().empty());
}

TEST(Spoofing, GnssBaroDifferenceOf2000FtAtCruiseIsWithinTheTemperatureBound) {
  // FL350 on a cold day: ISA-15 alone makes the geometric height ~2,100 ft lower (Doc 8168 rule of thumb).
  SpoofingDetector d;
  Flight f{0x4ca00a, 60.0, 24.0};
  f.alt_ft = 35000;
  f.gnss_baro_diff_ft = -2000;
  f.fly(d, 300);
  EXPECT_TRUE(d.finish().empty());
}

TEST(Spoofing, SingleDivergentReportIsNotEnough) {
  SpoofingDetector d;
  Flight f{0x4ca00b, 60.0, 24.0};
  f.alt_ft = 10000;
  f.fly(d, 60);
  d.update(velocity(f.icao, 450, 45, 3000), f.t + 0.3);
  f.fly(d, 60);
  EXPECT_TRUE(d.finish().empty());
}

TEST(Spoofing, EightKnotsAtFl340IsAnImplausibleGroundSpeed) {
  // The Helsinki recording's 151e7f: GNSS ground speed 7-13 kt while the barometric altitude is 34,000 ft.
  SpoofingDetector d;
  Flight f{0x151e7f, 59.4, 28.3};
  f.alt_ft = 34000;
  f.gs_kt = 8;
  f.fly(d, 60);
  const auto findings = d.finish();
  ASSERT_EQ(findings.size(), 1u) << output::spoofing_json_text(findings);
  EXPECT_EQ(findings[0].kind, SpoofingKind::ImplausibleGroundSpeed);
  EXPECT_EQ(evidence(findings[0], "alt_baro_ft"), 34000);
}

TEST(Spoofing, SlowBalloonsAndLowAltitudeTrafficAreNotImplausible) {
  SpoofingDetector d;
  Flight balloon{0x4ca401, 60.0, 24.0};
  balloon.alt_ft = 60000;
  balloon.gs_kt = 10;
  auto ident = adsb(balloon.icao);
  ident.type_code = 1;
  ident.category = 0xB2;  // lighter than air
  d.update(ident, kT0);
  balloon.fly(d, 120);
  Flight helicopter{0x4ca402, 60.2, 24.5};
  helicopter.alt_ft = 1500;
  helicopter.gs_kt = 5;
  helicopter.fly(d, 120);
  EXPECT_TRUE(d.finish().empty());
}

TEST(Spoofing, FourAircraftJumpingToOnePointAreAConvergence) {
  SpoofingDetector d;
  const double false_lat = 59.5, false_lon = 24.9;  // one false point for everyone
  std::vector<Flight> flights{{0x4ca101, 60.2, 23.0}, {0x4ca102, 60.6, 25.5}, {0x4ca103, 59.8, 26.5}, {0x4ca104, 61.0, 24.5}};
  for (auto& f : flights) f.fly(d, 120);
  // Each, in turn, within a minute, starts reporting the false point (spoofers send a fixed position).
  for (std::size_t k = 0; k < flights.size(); ++k) {
    for (auto& f : flights) {
      const bool spoofed = &f - flights.data() <= static_cast<std::ptrdiff_t>(k);
      if (spoofed) {
        for (int i = 0; i < 30; ++i) {
          f.step(0.5);
          d.update(position(f.icao, false_lat, false_lon, f.alt_ft), f.t);
        }
      } else {
        f.fly(d, 15);
      }
    }
  }
  const auto findings = d.finish();
  ASSERT_EQ(count(findings, SpoofingKind::Convergence), 1u) << output::spoofing_json_text(findings);
  for (const auto& x : findings) {
    if (x.kind != SpoofingKind::Convergence) continue;
    EXPECT_EQ(x.aircraft, (std::vector<std::uint32_t>{0x4ca101, 0x4ca102, 0x4ca103, 0x4ca104}));
    EXPECT_NEAR(x.reported->lat_deg, false_lat, 1e-9);
    EXPECT_GT(evidence(x, "from_spread_km"), 100.0);
  }
  EXPECT_EQ(count(findings, SpoofingKind::PositionJump), 4u);
  EXPECT_EQ(count(findings, SpoofingKind::CommonOffset), 0u);
}

TEST(Spoofing, FourAircraftJumpingByTheSameVectorShareACommonOffset) {
  SpoofingDetector d;
  std::vector<Flight> flights{{0x4ca201, 60.2, 23.0}, {0x4ca202, 60.6, 25.5}, {0x4ca203, 59.8, 26.5}, {0x4ca204, 61.0, 24.5}};
  for (auto& f : flights) f.fly(d, 120);
  for (auto& f : flights) f.fly(d, 30, 0.5, 0.0);  // all shifted 55.6 km north
  const auto findings = d.finish();
  ASSERT_EQ(count(findings, SpoofingKind::CommonOffset), 1u) << output::spoofing_json_text(findings);
  for (const auto& x : findings) {
    if (x.kind != SpoofingKind::CommonOffset) continue;
    EXPECT_EQ(x.aircraft.size(), 4u);
    EXPECT_NEAR(evidence(x, "offset_north_km"), 55.6, 1.0);
    EXPECT_NEAR(evidence(x, "offset_east_km"), 0.0, 1.0);
  }
  EXPECT_EQ(count(findings, SpoofingKind::Convergence), 0u);
}

TEST(Spoofing, FixedGroundTransmittersAndModeSRepliesAreNotTracked) {
  SpoofingDetector d;
  for (int i = 0; i < 1000; ++i) {
    auto m = adsb(0x467501);
    m.df = 18;
    m.address_kind = modes::AddressKind::AdsbOther;
    m.type_code = 24;
    d.update(m, kT0 + 0.125 * i);
    auto s = position(0x4ca300, 60.3, 24.9, 3000);
    s.df = 20;
    s.address_kind = modes::AddressKind::ModeS;
    d.update(s, kT0 + 0.125 * i);
  }
  EXPECT_TRUE(d.finish().empty());
  EXPECT_EQ(d.tracks(), 0u);
  EXPECT_EQ(d.counters().skipped_not_adsb, 1000u);
}

TEST(Spoofing, StaleTracksAreEvictedAndTrackCountIsBounded) {
  SpoofingOptions o;
  o.max_tracks = 10;
  o.forget_after_s = 100;
  SpoofingDetector d(o);
  for (std::uint32_t i = 0; i < 20; ++i) d.update(position(0x100 + i, 60, 24, 1000), kT0);
  EXPECT_EQ(d.tracks(), 10u);
  EXPECT_EQ(d.counters().tracks_refused, 10u);
  for (std::uint32_t i = 0; i < 5; ++i) d.update(position(0x200 + i, 60, 24, 1000), kT0 + 500);
  EXPECT_EQ(d.tracks(), 5u);
  EXPECT_EQ(d.counters().tracks_evicted, 10u);
}

TEST(Spoofing, MergeDropsDuplicatesAndJoinsOverlaps) {
  SpoofingFinding a;
  a.kind = SpoofingKind::PositionJump;
  a.aircraft = {0x4ca001};
  a.start_s = kT0;
  a.end_s = kT0 + 100;
  SpoofingFinding b = a;
  b.start_s = kT0 + 50;
  b.end_s = kT0 + 200;
  SpoofingFinding c = a;
  c.aircraft = {0x4ca002};
  const std::vector<SpoofingFinding> part1{a, c}, part2{a, b};
  const auto merged = merge_findings(part1, part2);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].aircraft[0], 0x4ca001u);
  EXPECT_EQ(merged[0].end_s, kT0 + 200);
  EXPECT_EQ(merged[0].occurrences, 2u);
  EXPECT_EQ(merged[1].aircraft[0], 0x4ca002u);
}

TEST(SpoofingWriter, JsonCarriesKindAircraftSpanEvidenceAndPositions) {
  SpoofingDetector d;
  Flight f{0x4ca002, 60.0, 24.0};
  f.fly(d, 300);
  f.fly(d, 120, 1.0, 0.0);
  const auto findings = d.finish();
  const std::string json = output::spoofing_json_text(findings, &d.counters());
  for (const char* field : {"\"kind\":\"position_jump\"", "\"aircraft\":[\"4ca002\"]", "\"start\":\"2026-01-06T22:01:56Z\"",
                            "\"end\":", "\"evidence\":{\"distance_km\":", "\"reported\":{\"lat\":", "\"plausible\":{\"lat\":",
                            "\"counters\":{\"messages\":"}) {
    EXPECT_NE(json.find(field), std::string::npos) << field << "\n" << json;
  }
}

}  // namespace
}  // namespace gw::detect
