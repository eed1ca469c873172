// The scenario simulator's engine: frames per second generated and Beast-encoded into a memory buffer (the buffer
// is cleared per slice, as the file writer flushes it), for the bundled korea-dmz scenario at two traffic scales.
// Items = frames written. Figures and the CLI measurement: BENCHMARKS.md / the simulator's report.
#include <benchmark/benchmark.h>

#include <vector>

#include "io/beast_writer.hpp"
#include "sim/engine.hpp"
#include "sim/scenario.hpp"

namespace {

struct BeastBuffer final : gw::sim::FrameSink {
  std::vector<std::uint8_t> bytes;
  std::uint64_t frames = 0;
  void on_frames(std::span<const gw::modes::RawFrame> f, std::span<const gw::modes::ModeSMessage>) override {
    bytes.clear();
    for (const auto& r : f) gw::io::append_beast_frame(r, bytes);
    frames += f.size();
    benchmark::DoNotOptimize(bytes.data());
  }
};

// The first two simulated minutes of korea-dmz with `aircraft` airframes (CPU time: the machine may be shared).
void BM_SimulateKoreaDmz(benchmark::State& state) {
  const gw::sim::Scenario scenario = gw::sim::load_scenario("korea-dmz", 1);
  const auto aircraft = static_cast<std::size_t>(state.range(0));
  std::uint64_t frames = 0;
  for (auto _ : state) {
    state.PauseTiming();
    gw::sim::EngineOptions options;
    options.seed = 1;
    options.aircraft = aircraft;
    options.duration_s = 120;
    gw::sim::Engine engine(scenario, options);
    BeastBuffer sink;
    sink.bytes.reserve(1 << 20);
    state.ResumeTiming();
    engine.run(sink);
    frames += sink.frames;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(frames));
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimulateKoreaDmz)->Arg(350)->Arg(2000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
