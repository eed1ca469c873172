// Native H3: points to cells at resolution 4 (gpsjam-sized hexagons, ~22 km edge) and 9 (~175 m), and a
// cell's neighbourhood. Points are uniform on the sphere, fixed seed, generated before timing.
// Run: build/release/bench_h3
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "geo/h3.hpp"

namespace {

namespace h3 = gw::geo::h3;

const std::vector<h3::LatLng>& points() {
  static const std::vector<h3::LatLng> pts = [] {
    std::mt19937_64 rng(42);
    auto uniform = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
    std::vector<h3::LatLng> out(1 << 16);
    for (auto& p : out) {
      p.lat_deg = std::asin(2 * uniform() - 1) * 180 / 3.14159265358979323846;
      p.lon_deg = 360 * uniform() - 180;
    }
    return out;
  }();
  return pts;
}

void lat_lng_to_cell(benchmark::State& state) {
  const int res = static_cast<int>(state.range(0));
  const auto& pts = points();
  std::size_t n = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(h3::lat_lng_to_cell(pts[n], res));
    n = (n + 1) & (pts.size() - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(lat_lng_to_cell)->Arg(4)->Arg(9);

void cell_to_boundary(benchmark::State& state) {
  const auto& pts = points();
  std::vector<h3::Cell> cells;
  for (std::size_t n = 0; n < 1024; ++n) cells.push_back(h3::lat_lng_to_cell(pts[n], 4));
  std::size_t n = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(h3::cell_to_boundary(cells[n]));
    n = (n + 1) & (cells.size() - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(cell_to_boundary);

void grid_disk(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const auto& pts = points();
  std::vector<h3::Cell> cells;
  for (std::size_t n = 0; n < 1024; ++n) cells.push_back(h3::lat_lng_to_cell(pts[n], 4));
  std::vector<h3::Cell> out;
  std::size_t n = 0;
  for (auto _ : state) {
    h3::grid_disk(cells[n], k, out);
    benchmark::DoNotOptimize(out.data());
    n = (n + 1) & (cells.size() - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(grid_disk)->Arg(1)->Arg(3);

}  // namespace

BENCHMARK_MAIN();
