// Localizing one event (detect::localize): N affected aircraft whose straight tracks cross a jammer's disk (power
// range 80 km, 30 m mast, altitudes 1,000-40,000 ft) and N more passing outside it, each with a good sample every 20
// s over an hour; 40 % of the affected ones (hybrid avionics) also report their position every 10 s for the first
// 300 s while lost (the localizer's inside evidence); the affected ones' NIC drops on the way in, and the others
// that cross the 4 dB drop ring give degradation passes. Synthetic, fixed seed, generated before timing. The goal
// (issue 4): under a second for events of up to 1,000 aircraft.
// Run: build/release/bench_localize
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "detect/localize.hpp"

namespace {

using namespace gw::detect;

constexpr double kEarthKm = 6371.0088, kDeg = std::numbers::pi / 180.0;
constexpr double kLat = 37.9, kLon = 126.6, kJammerM = 30, kRangeKm = 80;

void destination(double bearing, double d_km, double& lat, double& lon) {
  const double c = d_km / kEarthKm, p1 = kLat * kDeg;
  const double p2 = std::asin(std::sin(p1) * std::cos(c) + std::cos(p1) * std::sin(c) * std::cos(bearing));
  lon = (kLon * kDeg + std::atan2(std::sin(bearing) * std::sin(c) * std::cos(p1), std::cos(c) - std::sin(p1) * std::sin(p2))) / kDeg;
  lat = p2 / kDeg;
}

struct Input {
  Event event;
  std::vector<EvidenceSample> good;
  std::vector<ReportedSample> reported;
  std::vector<DegradedPass> passes;  // aircraft outside the disk that cross the 4 dB drop ring (DegradedPass)
};

Input make(int affected) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u01(0, 1);
  Input in;
  for (int i = 0; i < 2 * affected; ++i) {
    const double alt_ft = 1000 + 39000 * u01(rng), h = alt_ft * 0.3048, dh = (h - kJammerM) / 1000;
    const double b = std::min(std::sqrt(std::max(kRangeKm * kRangeKm - dh * dh, 0.0)), radio_horizon_km(kJammerM, h));
    const bool crosses = i < affected;
    const double offset = crosses ? (2 * u01(rng) - 1) * 0.9 * b : b + 5 + 60 * u01(rng);
    const double heading = 2 * std::numbers::pi * u01(rng), ux = std::sin(heading), uy = std::cos(heading);
    const double t0 = 3600 * u01(rng);
    const std::uint32_t id = 0x200000 + static_cast<std::uint32_t>(i);
    const double half = crosses ? std::sqrt(b * b - offset * offset) : 0;
    for (double s = -250; s <= 250; s += 4) {  // 4 km steps: ~20 s at 200 m/s
      if (crosses && std::abs(s) < half) continue;
      const double x = offset * uy + s * ux, y = -offset * ux + s * uy;
      double lat, lon;
      destination(std::atan2(x, y), std::hypot(x, y), lat, lon);
      in.good.push_back({t0 + s * 5, static_cast<float>(lat), static_cast<float>(lon), static_cast<std::int32_t>(alt_ft), id});
    }
    if (!crosses && offset < 1.585 * b) {  // through the drop ring only: a degradation pass, in and out at 1.585 b
      const double ring = 1.585 * b, sd = std::sqrt(ring * ring - offset * offset);
      DegradedPass p;
      p.id = id;
      p.in_s = t0 - sd * 5, p.out_s = t0 + sd * 5, p.back_s = p.out_s + 1;
      p.in_altitude_ft = p.out_altitude_ft = static_cast<std::int32_t>(alt_ft);
      destination(std::atan2(offset * uy - sd * ux, -offset * ux - sd * uy), ring, p.in_lat_deg, p.in_lon_deg);
      destination(std::atan2(offset * uy + sd * ux, -offset * ux + sd * uy), ring, p.out_lat_deg, p.out_lon_deg);
      in.passes.push_back(p);
    }
    if (crosses) {
      GnssEpisode e;
      e.id = id;
      e.altitude_ft = static_cast<std::int32_t>(alt_ft);
      const double xl = offset * uy - half * ux, yl = -offset * ux - half * uy;
      const double xr = offset * uy + half * ux, yr = -offset * ux + half * uy;
      e.lost_s = t0 - half * 5;
      destination(std::atan2(xl, yl), std::hypot(xl, yl), e.lost_lat_deg, e.lost_lon_deg);
      // The NIC drops on the way in (docs/LOCALIZATION.md, "Degradation places"): 4 and 2 dB before the loss, on
      // rings 10^(4/20) and 10^(2/20) times the boundary, where the track crosses them.
      for (const double ring : {1.585 * b, 1.259 * b}) {
        if (ring <= std::abs(offset)) continue;
        const double sd = -std::sqrt(ring * ring - offset * offset);
        const double xd = offset * uy + sd * ux, yd = -offset * ux + sd * uy;
        double& lat = ring > 1.4 * b ? e.degraded_lat_deg : e.degraded_more_lat_deg;
        double& lon = ring > 1.4 * b ? e.degraded_lon_deg : e.degraded_more_lon_deg;
        (ring > 1.4 * b ? e.degraded_s : e.degraded_more_s) = t0 + sd * 5;
        destination(std::atan2(xd, yd), std::hypot(xd, yd), lat, lon);
      }
      e.regained_s = t0 + half * 5 + 20;
      destination(std::atan2(xr, yr), std::hypot(xr, yr) + 4, e.regained_lat_deg, e.regained_lon_deg);
      in.event.episodes.push_back(e);
      for (double s = -half + 2; i % 5 < 2 && s < half && s < -half + 60; s += 2) {  // 2 km: 10 s at 200 m/s
        const double x = offset * uy + s * ux, y = -offset * ux + s * uy;
        double lat, lon;
        destination(std::atan2(x, y), std::hypot(x, y), lat, lon);
        in.reported.push_back({t0 + s * 5, static_cast<float>(lat), static_cast<float>(lon), static_cast<std::int32_t>(alt_ft), id, 0});
      }
    }
  }
  in.event.start_s = -2000;
  in.event.end_s = 6000;
  in.event.affected = static_cast<std::size_t>(affected);
  return in;
}

void BM_Localize(benchmark::State& state) {
  const Input in = make(static_cast<int>(state.range(0)));
  double error_km = 0, speed_kmh = 0;
  for (auto _ : state) {
    const SourceEstimate s = localize(in.event, in.good, in.reported, in.passes);
    benchmark::DoNotOptimize(s.lat_deg);
    error_km = std::hypot((s.lat_deg - kLat) * 111.2, (s.lon_deg - kLon) * 111.2 * std::cos(kLat * kDeg));
    // The jammer is fixed: a moving estimate (docs/LOCALIZATION.md, "Moving jammers") says how fast.
    speed_kmh = std::isfinite(s.velocity_east_kmh) ? std::hypot(s.velocity_east_kmh, s.velocity_north_kmh) : 0.0;
  }
  state.counters["error_km"] = error_km;
  state.counters["moving_kmh"] = speed_kmh;
  state.counters["good_samples"] = static_cast<double>(in.good.size());
  state.counters["reported"] = static_cast<double>(in.reported.size());
  state.counters["passes"] = static_cast<double>(in.passes.size());
}
// 199: the largest event fitted on all of its points (above 200 aircraft the searches thin them: localize.cpp,
// kGridRankAircraft), so the slowest below 1,000.
BENCHMARK(BM_Localize)->Arg(10)->Arg(100)->Arg(199)->Arg(300)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
