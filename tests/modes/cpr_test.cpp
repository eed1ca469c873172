// CPR (DO-260B Appendix A §A.1.7): worked examples on real frames, zone boundaries, poles, equator,
// antimeridian, and the encode -> decode round trip over the whole globe.
#include "modes/cpr.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <numbers>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using gw::modes::CprFormat;
using gw::modes::CprPosition;
namespace cpr = gw::modes::cpr;

// Reads CPR fields straight from an extended squitter in hex (frame bits 54 F, 55-71 LAT, 72-88 LON,
// 1-based as in DO-260B), so these tests do not depend on the message decoder.
CprPosition cpr_from_hex(std::string_view hex, bool surface) {
  auto bits = [&](int first, int count) {
    std::uint32_t v = 0;
    for (int b = first; b < first + count; ++b) {
      const int nibble = std::stoi(std::string(hex.substr(static_cast<std::size_t>((b - 1) / 4), 1)), nullptr, 16);
      v = (v << 1) | static_cast<std::uint32_t>((nibble >> (3 - (b - 1) % 4)) & 1);
    }
    return v;
  };
  CprPosition p;
  p.format = bits(54, 1) ? CprFormat::Odd : CprFormat::Even;
  p.lat_cpr = bits(55, 17);
  p.lon_cpr = bits(72, 17);
  p.surface = surface;
  return p;
}

double lon_diff(double a, double b) {
  double d = std::fmod(a - b, 360.0);
  if (d >= 180.0) d -= 360.0;
  if (d < -180.0) d += 360.0;
  return d;
}

// --- NL ------------------------------------------------------------------------------------------------

TEST(CprNl, TableMatchesClosedFormula) {
  // DO-260B A.1.7.2: NL changes at lat_n = arccos(sqrt((1 - cos(pi/(2 NZ))) / (1 - cos(2 pi / n)))).
  const double pi = std::numbers::pi;
  for (int n = 2; n <= 59; ++n) {
    const double expected =
        std::acos(std::sqrt((1 - std::cos(pi / (2 * cpr::kNz))) / (1 - std::cos(2 * pi / n)))) * 180.0 / pi;
    EXPECT_NEAR(cpr::nl_transition_lat_deg(n), expected, 1e-12) << "n=" << n;
  }
  EXPECT_TRUE(std::isnan(cpr::nl_transition_lat_deg(1)));
  EXPECT_TRUE(std::isnan(cpr::nl_transition_lat_deg(60)));
}

TEST(CprNl, KnownValues) {
  EXPECT_EQ(cpr::nl(0.0), 59);  // DO-260B: NL(0) = 59
  EXPECT_EQ(cpr::nl(10.47), 59);
  EXPECT_EQ(cpr::nl(10.471), 58);
  EXPECT_EQ(cpr::nl(52.2572), 36);  // the Riddle's airborne example
  EXPECT_EQ(cpr::nl(-52.2572), 36);
  EXPECT_EQ(cpr::nl(86.9), 2);
  EXPECT_EQ(cpr::nl(87.0), 2);  // DO-260B: NL(±87) = 2
  EXPECT_EQ(cpr::nl(-87.0), 2);
  EXPECT_EQ(cpr::nl(87.000001), 1);
  EXPECT_EQ(cpr::nl(90.0), 1);
  EXPECT_EQ(cpr::nl(-90.0), 1);
}

TEST(CprNl, ChangesByOneAtEachTransition) {
  for (int n = 2; n <= 59; ++n) {
    const double t = cpr::nl_transition_lat_deg(n);
    EXPECT_EQ(cpr::nl(t - 1e-9), n);
    EXPECT_EQ(cpr::nl(t + 1e-9), n - 1);
    EXPECT_EQ(cpr::nl(-(t + 1e-9)), n - 1);
  }
}

// nl() looks up 1/4-degree buckets; the definition is the count of transition latitudes below |lat|. Checked on
// a fine sweep, on every bucket edge and one ulp either side of every transition (exactly at one, NL is n).
TEST(CprNl, LookupEqualsCountOfTransitionsBelow) {
  const auto by_definition = [](double lat) {
    int below = 0;
    for (int n = 2; n <= 59; ++n) below += cpr::nl_transition_lat_deg(n) < std::fabs(lat) ? 1 : 0;
    return 59 - below;
  };
  std::vector<double> lats;
  for (int k = -92000; k <= 92000; ++k) lats.push_back(k * 1e-3 + 1e-7);
  for (int k = -368; k <= 368; ++k) lats.push_back(k * 0.25);
  for (int n = 2; n <= 59; ++n) {
    const double t = cpr::nl_transition_lat_deg(n);
    for (const double x : {t, std::nextafter(t, 0.0), std::nextafter(t, 90.0)}) {
      lats.push_back(x);
      lats.push_back(-x);
    }
  }
  for (const double lat : lats) ASSERT_EQ(cpr::nl(lat), by_definition(lat)) << std::setprecision(17) << lat;
}

TEST(CprNl, AgreesWithFormulaAwayFromTransitions) {
  const double pi = std::numbers::pi;
  // The formula's arccos argument leaves [-1, 1] beyond ±87°, where NL = 1 by definition.
  for (double lat = -86.95; lat < 87.0; lat += 0.1) {
    const double c = std::cos(pi * lat / 180.0);
    const double expected =
        std::floor(2 * pi / std::acos(1 - (1 - std::cos(pi / (2 * cpr::kNz))) / (c * c)));
    EXPECT_EQ(cpr::nl(lat), static_cast<int>(expected)) << lat;
  }
}

// --- worked examples on real frames --------------------------------------------------------------------

// The 1090 MHz Riddle (J. Sun), "Airborne position": KLM aircraft 40621D, even frame newer.
constexpr std::string_view kRiddleEven = "8D40621D58C382D690C8AC2863A7";
constexpr std::string_view kRiddleOdd = "8D40621D58C386435CC412692AD6";

TEST(CprAirborne, RiddleGlobalPairEvenLatest) {
  const auto even = cpr_from_hex(kRiddleEven, false);
  const auto odd = cpr_from_hex(kRiddleOdd, false);
  ASSERT_EQ(even.format, CprFormat::Even);
  ASSERT_EQ(odd.format, CprFormat::Odd);
  EXPECT_EQ(even.lat_cpr, 93000u);
  EXPECT_EQ(even.lon_cpr, 51372u);
  EXPECT_EQ(odd.lat_cpr, 74158u);
  EXPECT_EQ(odd.lon_cpr, 50194u);
  const auto p = cpr::airborne_global(even, odd, CprFormat::Even);
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->lat_deg, 52.25720, 1e-5);
  EXPECT_NEAR(p->lon_deg, 3.91937, 1e-5);
}

TEST(CprAirborne, RiddleGlobalPairOddLatestIsTheOddPosition) {
  const auto p = cpr::airborne_global(cpr_from_hex(kRiddleEven, false), cpr_from_hex(kRiddleOdd, false),
                                      CprFormat::Odd);
  ASSERT_TRUE(p);
  // The odd message is a couple of seconds away: near, but not equal to, the even position.
  EXPECT_NEAR(p->lat_deg, 52.2572, 0.02);
  EXPECT_NEAR(p->lon_deg, 3.9194, 0.02);
  // And it is exactly what local decoding of the odd message gives.
  const auto local = cpr::airborne_local(cpr_from_hex(kRiddleOdd, false), {52.258, 3.918});
  ASSERT_TRUE(local);
  EXPECT_NEAR(p->lat_deg, local->lat_deg, 1e-9);
  EXPECT_NEAR(p->lon_deg, local->lon_deg, 1e-9);
}

TEST(CprAirborne, RiddleLocalDecode) {
  // The Riddle: the even message decoded against reference (52.258, 3.918).
  const auto p = cpr::airborne_local(cpr_from_hex(kRiddleEven, false), {52.258, 3.918});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->lat_deg, 52.25720, 1e-5);
  EXPECT_NEAR(p->lon_deg, 3.91937, 1e-5);
}

TEST(CprSurface, RiddleGlobalPair) {
  // The 1090 MHz Riddle, "Surface position": 484175, even then odd (odd newer), receiver (51.990, 4.375).
  const auto even = cpr_from_hex("8C4841753AAB238733C8CD4020B1", true);
  const auto odd = cpr_from_hex("8C4841753A8A35323FAEBDAC702D", true);
  ASSERT_EQ(even.format, CprFormat::Even);
  ASSERT_EQ(odd.format, CprFormat::Odd);
  const auto p = cpr::surface_global(even, odd, CprFormat::Odd, {51.990, 4.375});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->lat_deg, 52.32061, 1e-5);
  EXPECT_NEAR(p->lon_deg, 4.73473, 1e-5);
}

TEST(CprSurface, SouthernAndEasternHemispherePair) {
  // Christchurch (NZCH) pair used by pyModeS's tests: odd newer, receiver (-43.496, 172.558).
  const auto even = cpr_from_hex("8CC8200A3AC8F009BCDEF2000000", true);
  const auto odd = cpr_from_hex("8FC8200A3AB8F5F893096B000000", true);
  const auto p = cpr::surface_global(even, odd, CprFormat::Odd, {-43.496, 172.558});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->lat_deg, -43.48564, 1e-5);
  EXPECT_NEAR(p->lon_deg, 172.53942, 1e-5);
}

TEST(CprSurface, LocalDecode) {
  const auto p = cpr::surface_local(cpr_from_hex("8FC8200A3AB8F5F893096B000000", true), {-43.5, 172.5});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->lat_deg, -43.48564, 1e-5);
  EXPECT_NEAR(p->lon_deg, 172.53942, 1e-5);
}

TEST(CprSurface, ReferenceChoosesAmongQuadrants) {
  // The same pair decodes 90° apart depending on the reference: the reference is what picks the candidate.
  const auto even = cpr_from_hex("8C4841753AAB238733C8CD4020B1", true);
  const auto odd = cpr_from_hex("8C4841753A8A35323FAEBDAC702D", true);
  const auto east = cpr::surface_global(even, odd, CprFormat::Odd, {51.990, 94.375});
  ASSERT_TRUE(east);
  EXPECT_NEAR(east->lon_deg, 94.73473, 1e-5);
  const auto south = cpr::surface_global(even, odd, CprFormat::Odd, {-30.0, 4.375});
  ASSERT_TRUE(south);
  EXPECT_NEAR(south->lat_deg, 52.32061 - 90.0, 1e-5);
}

// --- rejections ----------------------------------------------------------------------------------------

TEST(CprAirborne, PairStraddlingEveryTransitionLatitudeIsRejected) {
  // An even message just below and an odd message just above each transition latitude (and the reverse):
  // the two latitudes lie in different NL zones, so the pair must not produce a position.
  for (int n = 2; n <= 59; ++n) {
    for (double sign : {1.0, -1.0}) {
      const double t = sign * cpr::nl_transition_lat_deg(n);
      const double below = t - sign * 0.001;  // nearer the equator: NL = n
      const double above = t + sign * 0.001;  // nearer the pole: NL = n - 1
      for (double lon : {-120.0, 0.5, 179.9}) {
        const auto e1 = cpr::encode(below, lon, CprFormat::Even, false);
        const auto o1 = cpr::encode(above, lon, CprFormat::Odd, false);
        EXPECT_FALSE(cpr::airborne_global(e1, o1, CprFormat::Even)) << "n=" << n << " lat " << t;
        EXPECT_FALSE(cpr::airborne_global(e1, o1, CprFormat::Odd)) << "n=" << n << " lat " << t;
        const auto e2 = cpr::encode(above, lon, CprFormat::Even, false);
        const auto o2 = cpr::encode(below, lon, CprFormat::Odd, false);
        EXPECT_FALSE(cpr::airborne_global(e2, o2, CprFormat::Odd)) << "n=" << n << " lat " << t;
        // The same pair on one side of the transition decodes.
        const auto o3 = cpr::encode(below, lon, CprFormat::Odd, false);
        EXPECT_TRUE(cpr::airborne_global(e1, o3, CprFormat::Odd)) << "n=" << n << " lat " << t;
      }
    }
  }
}

TEST(CprSurface, PairStraddlingTransitionLatitudeIsRejected) {
  const double t = cpr::nl_transition_lat_deg(36);  // 53.095°
  const auto even = cpr::encode(t - 0.0005, 4.7, CprFormat::Even, true);
  const auto odd = cpr::encode(t + 0.0005, 4.7, CprFormat::Odd, true);
  EXPECT_FALSE(cpr::surface_global(even, odd, CprFormat::Odd, {52.0, 4.4}));
  const auto odd_same_side = cpr::encode(t - 0.0005, 4.7, CprFormat::Odd, true);
  EXPECT_TRUE(cpr::surface_global(even, odd_same_side, CprFormat::Odd, {52.0, 4.4}));
}

TEST(CprAirborne, PairGivingLatitudeBeyondNinetyIsRejected) {
  // YZ0 = 0 and YZ1 = 2/3 give j = -40, MOD(j, 60) = 20, Rlat0 = 120°: no real position.
  CprPosition even{0, 1000, CprFormat::Even, false};
  CprPosition odd{87381, 1000, CprFormat::Odd, false};
  EXPECT_FALSE(cpr::airborne_global(even, odd, CprFormat::Even));
  EXPECT_FALSE(cpr::airborne_global(even, odd, CprFormat::Odd));
}

TEST(CprAirborne, FieldsWiderThanSeventeenBitsAreRejected) {
  CprPosition bad{1u << 17, 0, CprFormat::Even, false};
  CprPosition odd{0, 0, CprFormat::Odd, false};
  EXPECT_FALSE(cpr::airborne_global(bad, odd, CprFormat::Even));
  EXPECT_FALSE(cpr::airborne_local(bad, {0.0, 0.0}));
  EXPECT_FALSE(cpr::surface_local(bad, {0.0, 0.0}));
}

TEST(CprAirborne, NonFiniteReferenceIsRejected) {
  const auto msg = cpr::encode(10.0, 10.0, CprFormat::Even, false);
  EXPECT_FALSE(cpr::airborne_local(msg, {std::nan(""), 10.0}));
  EXPECT_FALSE(cpr::surface_local(msg, {10.0, INFINITY}));
}

// --- special places --------------------------------------------------------------------------------------

struct Place {
  double lat;
  double lon;
};

void expect_pair_round_trip(Place p, double lat_tol, double lon_tol) {
  for (CprFormat latest : {CprFormat::Even, CprFormat::Odd}) {
    const auto even = cpr::encode(p.lat, p.lon, CprFormat::Even, false);
    const auto odd = cpr::encode(p.lat, p.lon, CprFormat::Odd, false);
    const auto d = cpr::airborne_global(even, odd, latest);
    ASSERT_TRUE(d) << p.lat << "," << p.lon;
    EXPECT_NEAR(d->lat_deg, p.lat, lat_tol) << p.lat << "," << p.lon;
    EXPECT_NEAR(lon_diff(d->lon_deg, p.lon), 0.0, lon_tol) << p.lat << "," << p.lon;
    EXPECT_GE(d->lon_deg, -180.0);
    EXPECT_LT(d->lon_deg, 180.0);
    EXPECT_LE(std::fabs(d->lat_deg), 90.0);
  }
}

TEST(CprAirborne, NearThePoles) {
  // |lat| > 87°: NL = 1, a single 360° longitude zone for both formats.
  for (double lat : {87.01, 88.5, 89.9, 89.99999, -87.01, -88.5, -89.99}) {
    EXPECT_EQ(cpr::nl(lat), 1);
    for (double lon : {-179.0, -45.0, 0.0, 123.4, 179.99}) {
      expect_pair_round_trip({lat, lon}, 1e-4, 0.01);
    }
  }
  // Exactly at the poles the latitude survives; the longitude carries no information there.
  for (double lat : {90.0, -90.0}) {
    const auto d = cpr::airborne_global(cpr::encode(lat, 10.0, CprFormat::Even, false),
                                        cpr::encode(lat, 10.0, CprFormat::Odd, false), CprFormat::Even);
    ASSERT_TRUE(d);
    EXPECT_NEAR(d->lat_deg, lat, 1e-9);
  }
}

TEST(CprAirborne, AtTheEquatorAndPrimeMeridian) {
  for (double lat : {0.0, 1e-7, -1e-7, 0.001, -0.001}) {
    for (double lon : {0.0, 1e-7, -1e-7, -0.001}) {
      expect_pair_round_trip({lat, lon}, 5e-5, 5e-5);
    }
  }
}

TEST(CprAirborne, AcrossTheAntimeridian) {
  for (double lon : {179.9999, 180.0, -180.0, -179.9999, 179.5, -179.5}) {
    for (double lat : {0.0, 52.0, -33.9, 65.5}) expect_pair_round_trip({lat, lon}, 5e-5, 2e-4);
  }
  // Local decoding with the reference on the other side of ±180.
  const auto msg = cpr::encode(-17.0, 179.8, CprFormat::Odd, false);
  const auto d = cpr::airborne_local(msg, {-17.3, -179.4});
  ASSERT_TRUE(d);
  EXPECT_NEAR(d->lat_deg, -17.0, 5e-5);
  EXPECT_NEAR(lon_diff(d->lon_deg, 179.8), 0.0, 5e-5);
  const auto s = cpr::surface_local(cpr::encode(-17.0, -179.99, CprFormat::Even, true), {-17.1, 179.9});
  ASSERT_TRUE(s);
  EXPECT_NEAR(lon_diff(s->lon_deg, -179.99), 0.0, 2e-5);
}

TEST(CprSurface, AcrossTheAntimeridianGlobal) {
  const auto even = cpr::encode(-43.0, 179.99, CprFormat::Even, true);
  const auto odd = cpr::encode(-43.0, 179.99, CprFormat::Odd, true);
  const auto d = cpr::surface_global(even, odd, CprFormat::Even, {-42.0, -178.0});
  ASSERT_TRUE(d);
  EXPECT_NEAR(d->lat_deg, -43.0, 2e-5);
  EXPECT_NEAR(lon_diff(d->lon_deg, 179.99), 0.0, 2e-5);
}

TEST(CprEncode, RiddleExampleReproducesTheTransmittedFields) {
  // The Riddle's even position (52.2572021484375, 3.91937255859375) re-encodes to the fields that were sent.
  const auto even = cpr::encode(52.2572021484375, 3.91937255859375, CprFormat::Even, false);
  EXPECT_EQ(even.lat_cpr, 93000u);
  EXPECT_EQ(even.lon_cpr, 51372u);
  EXPECT_EQ(even.format, CprFormat::Even);
  EXPECT_FALSE(even.surface);
}

// --- round-trip property over the globe ---------------------------------------------------------------

// The point `dist_nm` from (lat, lon) along initial bearing `brg_rad` on a sphere.
Place destination(Place from, double dist_nm, double brg_rad) {
  const double d2r = std::numbers::pi / 180.0;
  const double delta = dist_nm / 60.0 * d2r;
  const double p1 = from.lat * d2r;
  const double lat2 = std::asin(std::sin(p1) * std::cos(delta) + std::cos(p1) * std::sin(delta) * std::cos(brg_rad));
  const double dlon =
      std::atan2(std::sin(brg_rad) * std::sin(delta) * std::cos(p1), std::cos(delta) - std::sin(p1) * std::sin(lat2));
  return {lat2 / d2r, lon_diff(from.lon + dlon / d2r, 0.0)};
}

// Half a CPR step (the encoder rounds to nearest) in latitude and longitude, degrees, at the decoded latitude:
// airborne latitude LSB = 6°/2^17 ≈ 5.1 m, surface 1.5°/2^17 ≈ 1.3 m.
struct Tolerance {
  double lat;
  double lon;
};
Tolerance half_step(double decoded_lat, CprFormat f, bool surface) {
  const double span = surface ? 90.0 : 360.0;
  const int i = f == CprFormat::Odd ? 1 : 0;
  const double dlat = span / (60 - i);
  const double dlon = span / std::max(cpr::nl(decoded_lat) - i, 1);
  const double slack = 1.0 + 1e-9;
  return {dlat / cpr::kCprScale / 2 * slack + 1e-12, dlon / cpr::kCprScale / 2 * slack + 1e-12};
}

bool near_transition(double lat, double within_deg) {
  for (int n = 2; n <= 59; ++n) {
    if (std::fabs(std::fabs(lat) - cpr::nl_transition_lat_deg(n)) < within_deg) return true;
  }
  return false;
}

TEST(CprRoundTrip, AirborneEncodeDecodeOverTheGlobe) {
  std::mt19937_64 rng(0x5EED'C0DE);
  std::uniform_real_distribution<double> lat_d(-90.0, 90.0), lon_d(-180.0, 180.0), brg_d(0, 2 * std::numbers::pi),
      dist_d(0.0, 170.0);
  int rejected = 0;
  constexpr int kCases = 50000;
  for (int k = 0; k < kCases; ++k) {
    const Place p{lat_d(rng), lon_d(rng)};
    const auto even = cpr::encode(p.lat, p.lon, CprFormat::Even, false);
    const auto odd = cpr::encode(p.lat, p.lon, CprFormat::Odd, false);
    for (CprFormat f : {CprFormat::Even, CprFormat::Odd}) {
      const auto g = cpr::airborne_global(even, odd, f);
      if (!g) {
        // Only legitimate when the even and odd latitudes quantise to opposite sides of a transition.
        EXPECT_TRUE(near_transition(p.lat, 1e-4)) << p.lat << "," << p.lon;
        ++rejected;
      } else {
        const auto tol = half_step(g->lat_deg, f, false);
        ASSERT_NEAR(g->lat_deg, p.lat, tol.lat) << "global " << p.lat << "," << p.lon;
        ASSERT_NEAR(lon_diff(g->lon_deg, p.lon), 0.0, tol.lon) << "global " << p.lat << "," << p.lon;
      }
      // Local decoding against a reference up to 170 NM away.
      const Place ref = destination(p, dist_d(rng), brg_d(rng));
      const auto l = cpr::airborne_local(f == CprFormat::Even ? even : odd, {ref.lat, ref.lon});
      ASSERT_TRUE(l);
      const auto tol = half_step(l->lat_deg, f, false);
      ASSERT_NEAR(l->lat_deg, p.lat, tol.lat) << "local " << p.lat << "," << p.lon << " ref " << ref.lat << ","
                                              << ref.lon;
      ASSERT_NEAR(lon_diff(l->lon_deg, p.lon), 0.0, tol.lon)
          << "local " << p.lat << "," << p.lon << " ref " << ref.lat << "," << ref.lon;
    }
  }
  EXPECT_LT(rejected, kCases / 1000);
}

TEST(CprRoundTrip, SurfaceEncodeDecodeOverTheGlobe) {
  std::mt19937_64 rng(0xA1B2'C3D4);
  // Surface local decoding is valid within 45 NM; closer than that to a pole the reference may sit across it,
  // so the property stops at ±89° (no surface traffic there).
  std::uniform_real_distribution<double> lat_d(-89.0, 89.0), lon_d(-180.0, 180.0), brg_d(0, 2 * std::numbers::pi),
      dist_d(0.0, 40.0), off_d(-40.0, 40.0);
  constexpr int kCases = 50000;
  for (int k = 0; k < kCases; ++k) {
    const Place p{lat_d(rng), lon_d(rng)};
    const auto even = cpr::encode(p.lat, p.lon, CprFormat::Even, true);
    const auto odd = cpr::encode(p.lat, p.lon, CprFormat::Odd, true);
    ASSERT_TRUE(even.surface);
    for (CprFormat f : {CprFormat::Even, CprFormat::Odd}) {
      // Global: a reference anywhere within 40° of latitude and longitude picks the right quadrant.
      const cpr::LatLon gref{std::clamp(p.lat + off_d(rng), -90.0, 90.0), p.lon + off_d(rng)};
      const auto g = cpr::surface_global(even, odd, f, gref);
      if (!g) {
        EXPECT_TRUE(near_transition(p.lat, 3e-5)) << p.lat << "," << p.lon;
      } else {
        const auto tol = half_step(g->lat_deg, f, true);
        ASSERT_NEAR(g->lat_deg, p.lat, tol.lat) << "global " << p.lat << "," << p.lon;
        ASSERT_NEAR(lon_diff(g->lon_deg, p.lon), 0.0, tol.lon) << "global " << p.lat << "," << p.lon;
      }
      const Place ref = destination(p, dist_d(rng), brg_d(rng));
      const auto l = cpr::surface_local(f == CprFormat::Even ? even : odd, {ref.lat, ref.lon});
      ASSERT_TRUE(l);
      const auto tol = half_step(l->lat_deg, f, true);
      ASSERT_NEAR(l->lat_deg, p.lat, tol.lat) << "local " << p.lat << "," << p.lon;
      ASSERT_NEAR(lon_diff(l->lon_deg, p.lon), 0.0, tol.lon) << "local " << p.lat << "," << p.lon;
    }
  }
}

}  // namespace
