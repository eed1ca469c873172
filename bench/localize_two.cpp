// Localizing one event that one source explains poorly (detect::localize_events): two jammers 74 km apart whose
// powers add (korea-dmz's geometry: ranges 80 and 75 km, 30 m masts, on for 60 and 70 minutes overlapping by 40),
// crossed by N straight tracks (1,000-40,000 ft, 200-250 m/s, receivers' thresholds +-2 dB, 3-30 s re-acquisition)
// about their midpoint, each with a good sample every 20 s. Its one-source fit has a wide boundary scatter, so
// localize_events also tries two sources whose powers add (docs/LOCALIZATION.md, "Two sources whose powers add"),
// which bench_localize (localize() only) never reaches. Synthetic, fixed seed, generated before timing; the same
// model as the unit test TwoJammersOnAtOverlappingTimesWhosePowersAddAreBothLocated. The goal (issue 4 §6): under a
// second per event.
// Run: build/release/bench_localize_two
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "detect/localize.hpp"

namespace {

using namespace gw::detect;

constexpr double kEarthKm = 6371.0088, kDeg = std::numbers::pi / 180.0;

struct Emitter {
  double lat, lon, mast_m, range_km, on_s, off_s;
};
constexpr Emitter kEmitters[2] = {{37.97, 126.55, 30, 80, 600, 4200}, {38.04, 125.71, 30, 75, 1800, 6000}};
constexpr double kEndS = 6300;

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  const double a = std::pow(std::sin((lat2 - lat1) * kDeg / 2), 2) +
                   std::cos(lat1 * kDeg) * std::cos(lat2 * kDeg) * std::pow(std::sin((lon2 - lon1) * kDeg / 2), 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

void destination(double lat, double lon, double bearing, double d_km, double& lat2, double& lon2) {
  const double c = d_km / kEarthKm, p1 = lat * kDeg;
  const double p2 = std::asin(std::sin(p1) * std::cos(c) + std::cos(p1) * std::sin(c) * std::cos(bearing));
  lon2 = (lon * kDeg + std::atan2(std::sin(bearing) * std::sin(c) * std::cos(p1), std::cos(c) - std::sin(p1) * std::sin(p2))) / kDeg;
  lat2 = p2 / kDeg;
}

struct Input {
  Event event;
  std::vector<EvidenceSample> good;
};

// The summed J/S over each receiver's threshold (docs/INTERFERENCE_MODEL.md §1: jammers add as powers): GNSS is lost
// when it reaches 1 and regained once it stays below 1 / 1.15² for the receiver's re-acquisition delay.
Input make(int tracks) {
  std::mt19937_64 rng(701);
  std::uniform_real_distribution<double> u01(0, 1);
  Input in;
  const double apart = distance_km(kEmitters[0].lat, kEmitters[0].lon, kEmitters[1].lat, kEmitters[1].lon);
  const double mid_lat = (kEmitters[0].lat + kEmitters[1].lat) / 2, mid_lon = (kEmitters[0].lon + kEmitters[1].lon) / 2;
  const double reach = 1.2 * (apart / 2 + 1.3 * 80);
  constexpr double kRegainFactor = 1.15;
  for (int i = 0; i < tracks; ++i) {
    const double alt_ft = 1000 + 39000 * u01(rng), h_m = alt_ft * 0.3048;
    const double heading = 2 * std::numbers::pi * u01(rng), offset = (2 * u01(rng) - 1) * reach;
    const double speed_kms = 0.2 + 0.05 * u01(rng);
    const double h_frac = alt_ft / 40000.0;
    const double gain = (1 - 0.3 * h_frac * h_frac) * std::pow(10.0, 2.0 * (2 * u01(rng) - 1) / 20.0);
    const double delay_s = 3 + 27 * u01(rng);
    const std::uint32_t id = 0x200000 + static_cast<std::uint32_t>(i);
    const double ux = std::sin(heading), uy = std::cos(heading);
    const double t_start = (kEndS + 1.5 * reach / speed_kms) * u01(rng) - 1.5 * reach / speed_kms;
    bool jammed = false, lost = false;
    double good_lat = 0, good_lon = 0, good_t = -1e9, regain_at = -1, next_sample = -1e9;
    GnssEpisode ep;
    for (double t = std::max(0.0, t_start); t <= kEndS; t += 1.0) {
      const double s = -1.5 * reach + speed_kms * (t - t_start);
      if (s > 1.5 * reach) break;
      const double x = offset * uy + s * ux, y = -offset * ux + s * uy;
      double lat, lon;
      destination(mid_lat, mid_lon, std::atan2(x, y), std::hypot(x, y), lat, lon);
      double level = 0;
      for (const Emitter& j : kEmitters) {
        if (t < j.on_s || t >= j.off_s) continue;
        const double d = distance_km(j.lat, j.lon, lat, lon);
        if (d > radio_horizon_km(j.mast_m, h_m)) continue;
        const double dh = (h_m - j.mast_m) / 1000.0, range = j.range_km * gain;
        level += range * range / (d * d + dh * dh);
      }
      if (!jammed && level >= 1) {
        jammed = true, regain_at = -1;
        if (t - good_t < 300) {
          ep = GnssEpisode{};
          ep.id = id, ep.lost_s = t + 8.5, ep.altitude_ft = static_cast<std::int32_t>(alt_ft);
          ep.lost_lat_deg = good_lat, ep.lost_lon_deg = good_lon;
          lost = true;
        }
      } else if (jammed && level * kRegainFactor * kRegainFactor < 1) {
        if (regain_at < 0) regain_at = t + delay_s;
        if (t >= regain_at) jammed = false;
      } else if (jammed) {
        regain_at = -1;
      }
      if (jammed) continue;
      good_lat = lat, good_lon = lon, good_t = t;
      if (lost) {
        ep.regained_s = t, ep.regained_lat_deg = lat, ep.regained_lon_deg = lon;
        in.event.episodes.push_back(ep);
        lost = false;
      }
      if (t >= next_sample) {
        in.good.push_back({t, static_cast<float>(lat), static_cast<float>(lon), static_cast<std::int32_t>(alt_ft), id});
        next_sample = t + 20;
      }
    }
    if (lost) in.event.episodes.push_back(ep);
  }
  std::sort(in.event.episodes.begin(), in.event.episodes.end(),
            [](const GnssEpisode& a, const GnssEpisode& b) { return a.lost_s < b.lost_s; });
  in.event.id = 1;
  in.event.start_s = in.event.episodes.front().lost_s;
  in.event.end_s = in.event.start_s;
  std::vector<std::uint32_t> ids;
  for (const GnssEpisode& e : in.event.episodes) {
    in.event.end_s = std::max(in.event.end_s, std::isfinite(e.regained_s) ? e.regained_s : e.lost_s);
    ids.push_back(e.id);
  }
  std::sort(ids.begin(), ids.end());
  in.event.affected = static_cast<std::size_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
  std::erase_if(in.good, [&](const EvidenceSample& g) { return g.time_s < in.event.start_s || g.time_s > in.event.end_s; });
  return in;
}

// The evidence store as map fills it: every sample in time order (bad ones at the loss places).
GoodEvidence evidence_of(const Input& in) {
  std::vector<HealthSample> samples;
  for (const EvidenceSample& g : in.good) {
    HealthSample h;
    h.id = g.id, h.time_s = g.time_s, h.lat_deg = g.lat_deg, h.lon_deg = g.lon_deg, h.altitude_ft = g.altitude_ft;
    samples.push_back(h);
  }
  for (const GnssEpisode& e : in.event.episodes) {
    HealthSample h;
    h.id = e.id, h.time_s = e.lost_s, h.lat_deg = e.lost_lat_deg, h.lon_deg = e.lost_lon_deg, h.bad = true;
    h.placement = Placement::LastGood;
    samples.push_back(h);
  }
  std::stable_sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
  GoodEvidence evidence;
  for (const HealthSample& h : samples) evidence.add(h);
  return evidence;
}

void BM_LocalizeTwoSources(benchmark::State& state) {
  const Input in = make(static_cast<int>(state.range(0)));
  const GoodEvidence evidence = evidence_of(in);
  std::size_t sources = 0;
  double worst_km = 0;
  for (auto _ : state) {
    std::vector<Event> events(1, in.event);
    localize_events(events, evidence);
    benchmark::DoNotOptimize(events.front().source);
    // Each emitter's error: from the nearest source stated (one source: the same for both).
    const Event& ev = events.front();
    std::vector<SourceEstimate> stated = ev.sources;
    if (stated.empty() && ev.source) stated.push_back(*ev.source);
    sources = stated.size();
    worst_km = 0;
    for (const Emitter& j : kEmitters) {
      double nearest = 1e9;
      for (const SourceEstimate& s : stated) nearest = std::min(nearest, distance_km(s.lat_deg, s.lon_deg, j.lat, j.lon));
      worst_km = std::max(worst_km, nearest);
    }
  }
  state.counters["aircraft"] = static_cast<double>(in.event.affected);
  state.counters["sources"] = static_cast<double>(sources);
  state.counters["worst_error_km"] = worst_km;
}
// 250 tracks: ~90 affected aircraft (the unit test's); 480: ~200, about the largest tried for two sources
// (localize.cpp, kMaxTwoSourceAircraft); 560: more, so one source only (not tried).
BENCHMARK(BM_LocalizeTwoSources)->Arg(250)->Arg(400)->Arg(480)->Arg(560)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
