// Beast bytes to decoded messages on the real Helsinki recording held in memory (../shared/data).
// Figures and how to run: BENCHMARKS.md.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/beast.hpp"
#include "modes/crc.hpp"
#include "modes/decode.hpp"
#include "track/message_pipeline.hpp"

namespace {

const std::vector<std::uint8_t>& helsinki_bytes() {
  static const std::vector<std::uint8_t> bytes = [] {
    std::vector<std::uint8_t> all;
    const std::filesystem::path dir = std::string(GNSSWATCH_SHARED_DATA) + "/adsb/helsinki-2026-01";
    if (!std::filesystem::is_directory(dir)) return all;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".bin") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      all.insert(all.end(), std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }();
  return bytes;
}

const std::vector<gw::modes::RawFrame>& helsinki_frames() {
  static const std::vector<gw::modes::RawFrame> frames = [] {
    std::vector<gw::modes::RawFrame> out;
    const auto& bytes = helsinki_bytes();
    gw::io::BeastParser parser;
    std::vector<gw::modes::RawFrame> batch(4096);
    std::span<const std::uint8_t> rest(bytes);
    while (!rest.empty()) {
      auto r = parser.feed(rest, batch);
      out.insert(out.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(r.frames));
      rest = rest.subspan(r.consumed);
    }
    return out;
  }();
  return frames;
}

bool have_data(benchmark::State& state) {
  if (!helsinki_bytes().empty()) return true;
  state.SkipWithError("../shared/data/adsb/helsinki-2026-01 not found");
  return false;
}

// Beast unescaping and framing only.
void BM_BeastParse(benchmark::State& state) {
  if (!have_data(state)) return;
  const auto& bytes = helsinki_bytes();
  std::vector<gw::modes::RawFrame> batch(4096);
  std::uint64_t frames = 0;
  for (auto _ : state) {
    gw::io::BeastParser parser;
    std::span<const std::uint8_t> rest(bytes);
    while (!rest.empty()) {
      auto r = parser.feed(rest, batch);
      frames += r.frames;
      rest = rest.subspan(r.consumed);
    }
    benchmark::DoNotOptimize(batch.data());
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_BeastParse)->Unit(benchmark::kMillisecond);

// CRC syndrome of every frame.
void BM_CrcSyndrome(benchmark::State& state) {
  if (!have_data(state)) return;
  const auto& frames = helsinki_frames();
  std::uint64_t n = 0;
  for (auto _ : state) {
    std::uint32_t acc = 0;
    for (const auto& f : frames) acc ^= gw::modes::crc_syndrome(f.bytes.data(), f.length == 14 ? 14 : 7);
    benchmark::DoNotOptimize(acc);
    n += frames.size();
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CrcSyndrome)->Unit(benchmark::kMillisecond);

// decode_frame on every (already framed) frame.
void BM_DecodeFrames(benchmark::State& state) {
  if (!have_data(state)) return;
  const auto& frames = helsinki_frames();
  gw::modes::ModeSMessage msg;
  std::uint64_t n = 0, ok = 0;
  for (auto _ : state) {
    for (const auto& f : frames) ok += gw::modes::decode_frame(f, msg) == gw::modes::DecodeStatus::Ok;
    benchmark::DoNotOptimize(msg);
    n += frames.size();
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
  benchmark::DoNotOptimize(ok);
}
BENCHMARK(BM_DecodeFrames)->Unit(benchmark::kMillisecond);

// The target: Beast bytes in memory to decoded messages (framing + decode_frame).
void BM_BeastBytesToMessages(benchmark::State& state) {
  if (!have_data(state)) return;
  const auto& bytes = helsinki_bytes();
  std::vector<gw::modes::RawFrame> batch(4096);
  gw::modes::ModeSMessage msg;
  std::uint64_t frames = 0, ok = 0;
  for (auto _ : state) {
    gw::io::BeastParser parser;
    std::span<const std::uint8_t> rest(bytes);
    while (!rest.empty()) {
      auto r = parser.feed(rest, batch);
      for (std::size_t i = 0; i < r.frames; ++i)
        ok += gw::modes::decode_frame(batch[i], msg) == gw::modes::DecodeStatus::Ok;
      frames += r.frames;
      rest = rest.subspan(r.consumed);
    }
    benchmark::DoNotOptimize(msg);
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  benchmark::DoNotOptimize(ok);
}
BENCHMARK(BM_BeastBytesToMessages)->Unit(benchmark::kMillisecond);

// Beast bytes to tracked messages: framing, decoding, address acceptance, CPR pairing, NIC.
void BM_BeastBytesToTrackedMessages(benchmark::State& state) {
  if (!have_data(state)) return;
  const auto& bytes = helsinki_bytes();
  std::vector<gw::modes::RawFrame> batch(4096);
  gw::modes::ModeSMessage msg;
  std::uint64_t frames = 0, accepted = 0;
  for (auto _ : state) {
    gw::io::BeastParser parser;
    gw::track::MessagePipeline pipeline;
    std::span<const std::uint8_t> rest(bytes);
    while (!rest.empty()) {
      auto r = parser.feed(rest, batch);
      for (std::size_t i = 0; i < r.frames; ++i) accepted += pipeline.process(batch[i], msg);
      frames += r.frames;
      rest = rest.subspan(r.consumed);
    }
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  benchmark::DoNotOptimize(accepted);
}
BENCHMARK(BM_BeastBytesToTrackedMessages)->Unit(benchmark::kMillisecond);

}  // namespace

// Loads and frames the recording before any benchmark runs, so that a profiler restricted to one benchmark
// (valgrind --tool=callgrind --toggle-collect='*BM_DecodeFrames*', see BENCHMARKS.md) counts only its loop.
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  helsinki_frames();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
