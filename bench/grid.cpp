// The map aggregation: HealthSamples into GridAggregator (defaults: resolution 4, 1 h and 24 h windows,
// "all" + three altitude bands, so 4 table probes per sample with altitude), merging two halves, and rows().
// Traffic is synthetic, fixed seed, generated before timing: 3,000 aircraft flying straight lines at
// 450 kt over Europe for 6 hours, one verdict per aircraft every ~20 s, 5% of aircraft bad.
// Run: build/release/bench_grid
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "detect/grid.hpp"

namespace {

using gw::detect::GridAggregator;
using gw::detect::HealthSample;

constexpr std::size_t kSamples = 1 << 20;
constexpr std::uint32_t kAircraft = 3000;
constexpr double kT0 = 1709251200;  // 2024-03-01T00:00:00Z
constexpr double kDurationS = 6 * 3600;
constexpr double kDegPerS = 450 * 1852.0 / 3600 / 111320;  // 450 kt in degrees of latitude per second

const std::vector<HealthSample>& traffic() {
  static const std::vector<HealthSample> samples = [] {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> lat(38, 68), lon(-8, 35), heading(0, 2 * 3.14159265358979323846);
    std::uniform_int_distribution<std::int32_t> alt(0, 41000);
    std::uniform_int_distribution<std::uint32_t> who(0, kAircraft - 1);
    struct Plane {
      double lat, lon, dlat, dlon;
      std::int32_t alt;
      bool bad;
    };
    std::vector<Plane> planes;
    for (std::uint32_t i = 0; i < kAircraft; ++i) {
      const double h = heading(rng);
      planes.push_back({lat(rng), lon(rng), kDegPerS * std::cos(h), kDegPerS * std::sin(h), alt(rng), i % 20 == 0});
    }
    std::vector<HealthSample> out(kSamples);
    for (std::size_t n = 0; n < kSamples; ++n) {
      const double t = kDurationS * static_cast<double>(n) / kSamples;
      const std::uint32_t i = who(rng);
      const Plane& p = planes[i];
      HealthSample& s = out[n];
      s.id = 0x400000 + i;
      s.time_s = kT0 + t;
      s.lat_deg = p.lat + p.dlat * t;
      s.lon_deg = p.lon + p.dlon * t / std::cos(p.lat * 3.14159265358979323846 / 180);
      s.altitude_ft = p.alt;
      s.bad = p.bad;
    }
    return out;
  }();
  return samples;
}

// Samples per second into an aggregator that already holds the traffic (no growth: the steady state).
void add_steady(benchmark::State& state) {
  const auto& samples = traffic();
  GridAggregator g;
  for (const auto& s : samples) g.add(s);
  std::size_t n = 0;
  for (auto _ : state) {
    g.add(samples[n]);
    n = (n + 1) & (kSamples - 1);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["entries"] = static_cast<double>(g.entries());
}
BENCHMARK(add_steady);

// All 2^20 samples into a fresh aggregator, growth of the table included.
void add_fresh(benchmark::State& state) {
  const auto& samples = traffic();
  for (auto _ : state) {
    GridAggregator g;
    for (const auto& s : samples) g.add(s);
    benchmark::DoNotOptimize(g.entries());
  }
  state.SetItemsProcessed(state.iterations() * kSamples);
}
BENCHMARK(add_fresh)->Unit(benchmark::kMillisecond);

// Merging the second half of the recording into the first (the copy of the first is not timed).
void merge_halves(benchmark::State& state) {
  const auto& samples = traffic();
  GridAggregator first, second;
  for (std::size_t n = 0; n < kSamples; ++n) (n < kSamples / 2 ? first : second).add(samples[n]);
  for (auto _ : state) {
    state.PauseTiming();
    GridAggregator target = first;
    state.ResumeTiming();
    target.merge(second);
    benchmark::DoNotOptimize(target.entries());
  }
  state.counters["entries_merged"] = static_cast<double>(second.entries());
}
BENCHMARK(merge_halves)->Unit(benchmark::kMillisecond);

void rows(benchmark::State& state) {
  const auto& samples = traffic();
  GridAggregator g;
  for (const auto& s : samples) g.add(s);
  std::size_t count = 0;
  for (auto _ : state) {
    const auto r = g.rows();
    count = r.size();
    benchmark::DoNotOptimize(r.data());
  }
  state.counters["rows"] = static_cast<double>(count);
}
BENCHMARK(rows)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
