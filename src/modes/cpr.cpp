// CPR encoding and decoding, RTCA DO-260B Appendix A §A.1.7. Letters in comments (A.1.7.7 b) name the
// lettered steps of each section. Written from the standard's equations; no code from other decoders.
#include "modes/cpr.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace gw::modes::cpr {
namespace {

// Zone spans: airborne messages divide 360° (A.1.7.3 a, A.1.7.5 a), surface messages 90° (A.1.7.6 a).
constexpr double kAirborneSpanDeg = 360.0;
constexpr double kSurfaceSpanDeg = 90.0;
constexpr std::uint32_t kCprMax = (1u << kNb) - 1;
constexpr int kMaxNl = 4 * kNz - 1;  // 59 longitude zones at the equator

// Transition latitudes of NL, ascending: kTransitionLatDeg[k] is where NL drops from 59 - k to 58 - k.
// DO-260B A.1.7.2 (the note under NL): for n = 2..59,
//   lat_n = (180/π) · arccos( sqrt( (1 - cos(π / (2·NZ))) / (1 - cos(2π / n)) ) ),
// evaluated in double precision and printed to 17 significant digits (the standard tabulates the same values
// to 8 decimals); lat_2 is exactly 87°. tests/modes/cpr_test.cpp re-evaluates the formula against this table.
constexpr std::array<double, kMaxNl - 1> kTransitionLatDeg = {
    10.47047129996848,  14.828174368686794, 18.186263570713354, 21.029394926028463, 23.545044865570706,
    25.829247070587755, 27.938987101219045, 29.911356857318083, 31.77209707681077,  33.539934362984837,
    35.228995977963848, 36.850251075935262, 38.412418924122562, 39.922566843338615, 41.386518322602392,
    42.809140122435551, 44.194549514192744, 45.546267226602346, 46.867332524987454, 48.160391280966216,
    49.427764392556867, 50.67150165553835,  51.893424691687684, 53.09516152796003,  54.278174722728998,
    55.443784444950431, 56.593187562059178, 57.727473538661137, 58.84763776148457,  59.954592766940294,
    61.049177742463513, 62.132166592103289, 63.20427479381928,  64.266165225674399, 65.318453096820889,
    66.361710083826168, 67.396467740846674, 68.423220220833301, 69.442426311440244, 70.454510749875993,
    71.459864730289823, 72.458845447289448, 73.451774416678646, 74.438934157251367, 75.420562566533562,
    76.396843907944685, 77.367894613281877, 78.333740829227466, 79.294282254569254, 80.249232132805119,
    81.198013492719483, 82.139569805106063, 83.071994447198136, 83.991735629805646, 84.891661907020847,
    85.755416209444178, 86.535369975121,    87.0,
};
static_assert(std::is_sorted(kTransitionLatDeg.begin(), kTransitionLatDeg.end()));

// NL by one table lookup and one comparison instead of a binary search (the simulator encodes and the decoder
// pairs millions of positions): |lat| in 1/4° buckets. Transitions are at least 0.46° apart (86.535° to 87°), so a
// bucket holds at most one; kBelowBucket[b] counts the transitions below the bucket's start and
// kTransitionInBucket[b] is the one inside it (+∞ when none).
constexpr int kBucketsPerDeg = 4;
constexpr int kBuckets = 90 * kBucketsPerDeg + 1;  // the last one holds |lat| ≥ 90° (and beyond, clamped)

struct NlBuckets {
  std::array<std::uint8_t, kBuckets> below{};
  std::array<double, kBuckets> transition{};
};

constexpr NlBuckets make_nl_buckets() {
  NlBuckets t;
  for (int b = 0; b < kBuckets; ++b) {
    const double start = static_cast<double>(b) / kBucketsPerDeg;
    const double end = static_cast<double>(b + 1) / kBucketsPerDeg;
    std::uint8_t below = 0;
    double inside = 1e300;
    for (const double lat : kTransitionLatDeg) {
      if (lat < start) ++below;
      else if (lat < end) inside = lat;
    }
    t.below[static_cast<std::size_t>(b)] = below;
    t.transition[static_cast<std::size_t>(b)] = inside;
  }
  return t;
}

constexpr NlBuckets kNlBuckets = make_nl_buckets();

constexpr bool at_most_one_transition_per_bucket() {
  for (std::size_t k = 1; k < kTransitionLatDeg.size(); ++k) {
    if (kTransitionLatDeg[k] - kTransitionLatDeg[k - 1] <= 1.0 / kBucketsPerDeg) return false;
  }
  return true;
}
static_assert(at_most_one_transition_per_bucket());

// MOD(x, y) = x - y · floor(x / y), in [0, y) for y > 0 (DO-260B A.1.7.1 definition).
double mod_pos(double x, double y) noexcept { return x - y * std::floor(x / y); }

// Integer MOD with a positive divisor.
long mod_int(long x, long y) noexcept {
  long r = x % y;
  return r < 0 ? r + y : r;
}

// Longitude into [-180, 180).
double wrap_lon(double lon_deg) noexcept { return mod_pos(lon_deg + 180.0, 360.0) - 180.0; }

bool valid(const CprPosition& p) noexcept { return p.lat_cpr <= kCprMax && p.lon_cpr <= kCprMax; }

bool finite(LatLon p) noexcept { return std::isfinite(p.lat_deg) && std::isfinite(p.lon_deg); }

// Number of longitude zones for format i at a latitude: max(NL - i, 1) (A.1.7.5 d, A.1.7.7 e).
int lon_zones(int nl_value, int i) noexcept { return std::max(nl_value - i, 1); }

// A.1.7.5 (airborne) / A.1.7.6 (surface): local decoding against a reference position.
std::optional<LatLon> local_decode(const CprPosition& msg, LatLon ref, double span) noexcept {
  if (!valid(msg) || !finite(ref)) return std::nullopt;
  const int i = msg.format == CprFormat::Odd ? 1 : 0;
  const double yz = msg.lat_cpr / kCprScale;
  const double xz = msg.lon_cpr / kCprScale;
  // a. Dlat_i = span / (4·NZ - i)
  const double dlat = span / (4 * kNz - i);
  // b. j = floor(lat_s / Dlat_i) + floor(1/2 + MOD(lat_s, Dlat_i) / Dlat_i - YZ_i / 2^17)
  const double j = std::floor(ref.lat_deg / dlat) + std::floor(0.5 + mod_pos(ref.lat_deg, dlat) / dlat - yz);
  // c. Rlat_i = Dlat_i · (j + YZ_i / 2^17)
  const double rlat = dlat * (j + yz);
  if (!(std::fabs(rlat) <= 90.0)) return std::nullopt;
  // d. Dlon_i = span / max(NL(Rlat_i) - i, 1)
  const double dlon = span / lon_zones(nl(rlat), i);
  // e. m = floor(lon_s / Dlon_i) + floor(1/2 + MOD(lon_s, Dlon_i) / Dlon_i - XZ_i / 2^17)
  const double m = std::floor(ref.lon_deg / dlon) + std::floor(0.5 + mod_pos(ref.lon_deg, dlon) / dlon - xz);
  // f. Rlon_i = Dlon_i · (m + XZ_i / 2^17)
  return LatLon{rlat, wrap_lon(dlon * (m + xz))};
}

// Steps shared by A.1.7.7 (airborne) and A.1.7.8 (surface) global decoding: the latitude index j and the
// two latitudes Rlat_0, Rlat_1 in [0, span).
struct PairLatitudes {
  double rlat0;
  double rlat1;
};

PairLatitudes pair_latitudes(const CprPosition& even, const CprPosition& odd, double span) noexcept {
  const double yz0 = even.lat_cpr / kCprScale;
  const double yz1 = odd.lat_cpr / kCprScale;
  // a. Dlat_0 = span / 60, Dlat_1 = span / 59
  const double dlat0 = span / (4 * kNz);
  const double dlat1 = span / (4 * kNz - 1);
  // b. j = floor((59 · YZ_0 - 60 · YZ_1) / 2^17 + 1/2)
  const long j = static_cast<long>(std::floor((4 * kNz - 1) * yz0 - 4 * kNz * yz1 + 0.5));
  // c. Rlat_i = Dlat_i · (MOD(j, 60 - i) + YZ_i / 2^17)
  return {dlat0 * (mod_int(j, 4 * kNz) + yz0), dlat1 * (mod_int(j, 4 * kNz - 1) + yz1)};
}

// A.1.7.7 f-g / A.1.7.8: longitude of message i from the pair, in [0, span / ni).
double pair_longitude(const CprPosition& even, const CprPosition& odd, int i, int nl_value, double span) noexcept {
  const double xz0 = even.lon_cpr / kCprScale;
  const double xz1 = odd.lon_cpr / kCprScale;
  // e. n_i = max(NL(Rlat_i) - i, 1), Dlon_i = span / n_i
  const int ni = lon_zones(nl_value, i);
  const double dlon = span / ni;
  // f. m = floor((XZ_0 · (NL - 1) - XZ_1 · NL) / 2^17 + 1/2)
  const long m = static_cast<long>(std::floor(xz0 * (nl_value - 1) - xz1 * nl_value + 0.5));
  // g. Rlon_i = Dlon_i · (MOD(m, n_i) + XZ_i / 2^17)
  return dlon * (mod_int(m, ni) + (i == 0 ? xz0 : xz1));
}

}  // namespace

int nl(double lat_deg) noexcept {
  const double a = std::fabs(lat_deg);
  if (std::isnan(a)) return 1;
  // Count of transition latitudes strictly below |lat|: 0 at the equator (NL 59), 58 beyond 87° (NL 1).
  const auto b = static_cast<std::size_t>(std::min(a, 90.0) * kBucketsPerDeg);
  const int below = kNlBuckets.below[b] + (kNlBuckets.transition[b] < a ? 1 : 0);
  return kMaxNl - below;
}

double nl_transition_lat_deg(int n) noexcept {
  if (n < 2 || n > kMaxNl) return std::nan("");
  return kTransitionLatDeg[static_cast<std::size_t>(kMaxNl - n)];
}

std::optional<LatLon> airborne_global(const CprPosition& even, const CprPosition& odd, CprFormat latest) noexcept {
  if (!valid(even) || !valid(odd)) return std::nullopt;
  auto [rlat0, rlat1] = pair_latitudes(even, odd, kAirborneSpanDeg);
  // c (cont.). Southern hemisphere latitudes come out in [270, 360): subtract 360.
  if (rlat0 >= 270.0) rlat0 -= 360.0;
  if (rlat1 >= 270.0) rlat1 -= 360.0;
  if (std::fabs(rlat0) > 90.0 || std::fabs(rlat1) > 90.0) return std::nullopt;
  // d. Both latitudes must lie in the same NL zone, otherwise the pair cannot be decoded.
  const int nl0 = nl(rlat0);
  if (nl0 != nl(rlat1)) return std::nullopt;
  const int i = latest == CprFormat::Odd ? 1 : 0;
  const double rlon = pair_longitude(even, odd, i, nl0, kAirborneSpanDeg);
  return LatLon{i == 0 ? rlat0 : rlat1, wrap_lon(rlon)};
}

std::optional<LatLon> airborne_local(const CprPosition& msg, LatLon reference) noexcept {
  return local_decode(msg, reference, kAirborneSpanDeg);
}

std::optional<LatLon> surface_global(const CprPosition& even, const CprPosition& odd, CprFormat latest,
                                     LatLon reference) noexcept {
  if (!valid(even) || !valid(odd) || !finite(reference)) return std::nullopt;
  const auto [n0, n1] = pair_latitudes(even, odd, kSurfaceSpanDeg);
  const int i = latest == CprFormat::Odd ? 1 : 0;
  // A.1.7.8: the pair fixes the latitude modulo 90°. Of the candidates Rlat, Rlat - 90 (and Rlat + 90, which
  // is only valid at the pole), take the one nearest the reference.
  const double rlat_latest = i == 0 ? n0 : n1;
  double shift = 0.0;
  double best = std::fabs(rlat_latest - reference.lat_deg);
  for (double s : {-90.0, 90.0}) {
    const double cand = rlat_latest + s;
    if (std::fabs(cand) <= 90.0 && std::fabs(cand - reference.lat_deg) < best) {
      best = std::fabs(cand - reference.lat_deg);
      shift = s;
    }
  }
  const double rlat0 = n0 + shift;
  const double rlat1 = n1 + shift;
  if (std::fabs(rlat0) > 90.0 || std::fabs(rlat1) > 90.0) return std::nullopt;
  const int nl0 = nl(rlat0);
  if (nl0 != nl(rlat1)) return std::nullopt;
  // The longitude is fixed modulo 90°: four candidates Rlon + k · 90, take the nearest to the reference.
  const double rlon = pair_longitude(even, odd, i, nl0, kSurfaceSpanDeg);
  const double offset = mod_pos(reference.lon_deg - rlon + 45.0, 90.0) - 45.0;  // in [-45, 45)
  const double lon = wrap_lon(reference.lon_deg - offset);
  return LatLon{i == 0 ? rlat0 : rlat1, lon};
}

std::optional<LatLon> surface_local(const CprPosition& msg, LatLon reference) noexcept {
  return local_decode(msg, reference, kSurfaceSpanDeg);
}

CprPosition encode(double lat_deg, double lon_deg, CprFormat format, bool surface) noexcept {
  CprPosition out;
  out.format = format;
  out.surface = surface;
  if (!std::isfinite(lat_deg) || !std::isfinite(lon_deg)) return out;
  const double span = surface ? kSurfaceSpanDeg : kAirborneSpanDeg;
  const int i = format == CprFormat::Odd ? 1 : 0;
  // a. Dlat_i = span / (4·NZ - i)
  const double dlat = span / (4 * kNz - i);
  // b. YZ_i = floor(2^17 · MOD(lat, Dlat_i) / Dlat_i + 1/2)
  const double yz = std::floor(kCprScale * mod_pos(lat_deg, dlat) / dlat + 0.5);
  // c. Rlat_i = Dlat_i · (YZ_i / 2^17 + floor(lat / Dlat_i)): the latitude the receiver will reconstruct
  const double rlat = dlat * (yz / kCprScale + std::floor(lat_deg / dlat));
  // d. Dlon_i = span / (NL(Rlat_i) - i), or span when NL(Rlat_i) - i = 0
  const int zones = nl(rlat) - i;
  const double dlon = zones > 0 ? span / zones : span;
  // e. XZ_i = floor(2^17 · MOD(lon, Dlon_i) / Dlon_i + 1/2)
  const double xz = std::floor(kCprScale * mod_pos(lon_deg, dlon) / dlon + 0.5);
  // f. YZ_i = MOD(YZ_i, 2^17), XZ_i = MOD(XZ_i, 2^17): a value rounded up to 2^17 wraps to 0 of the next zone
  out.lat_cpr = static_cast<std::uint32_t>(yz) & kCprMax;
  out.lon_cpr = static_cast<std::uint32_t>(xz) & kCprMax;
  return out;
}

}  // namespace gw::modes::cpr
