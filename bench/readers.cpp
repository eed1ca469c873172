// Throughput of the other input readers, in MB/s of input (and frames or records per second):
//   - AVR text and CSV of hex frames, generated in memory from the Helsinki Beast recording (every frame once);
//   - readsb aircraft.json and globe_history trace files from ../shared/data/adsb/readsb-json, read again and
//     again (each iteration reads every file through a ByteSource, so from the page cache);
//   - an OpenSky state-vector CSV generated into /tmp (200,000 rows);
//   - ByteSource decompression of the Helsinki Beast bytes compressed into /tmp with gzip (zlib level 6) and
//     zstd (level 3), against the same bytes uncompressed.
// Temporary files go to /tmp/gnsswatch-bench-* and are left there for inspection. Figures: BENCHMARKS.md.
#include <benchmark/benchmark.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "io/avr.hpp"
#include "io/beast.hpp"
#include "io/byte_source.hpp"
#include "io/csv_hex.hpp"
#include "io/opensky.hpp"
#include "io/readsb_json.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kChunkBytes = 64 * 1024;  // what read_input reads at a time
constexpr double kStartTimeS = 1767746554.0;    // 2026-01-07 00:42:34 UTC, the first Helsinki file's name

const fs::path kShared = fs::path(GNSSWATCH_SHARED_DATA) / "adsb";

std::vector<std::uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& p, const void* data, std::size_t n) {
  std::ofstream out(p, std::ios::binary);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
}

const std::vector<std::uint8_t>& helsinki_bytes() {
  static const std::vector<std::uint8_t> bytes = [] {
    std::vector<std::uint8_t> all;
    const fs::path dir = kShared / "helsinki-2026-01";
    if (!fs::is_directory(dir)) return all;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".bin") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      const auto b = read_file(f);
      all.insert(all.end(), b.begin(), b.end());
    }
    return all;
  }();
  return bytes;
}

const std::vector<gw::modes::RawFrame>& helsinki_frames() {
  static const std::vector<gw::modes::RawFrame> frames = [] {
    std::vector<gw::modes::RawFrame> out;
    gw::io::BeastParser parser;
    std::vector<gw::modes::RawFrame> batch(4096);
    std::span<const std::uint8_t> rest(helsinki_bytes());
    while (!rest.empty()) {
      auto r = parser.feed(rest, batch);
      out.insert(out.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(r.frames));
      rest = rest.subspan(r.consumed);
    }
    return out;
  }();
  return frames;
}

void append_hex(std::string& s, const std::uint8_t* b, std::size_t n) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < n; ++i) {
    s += kDigits[b[i] >> 4];
    s += kDigits[b[i] & 0xF];
  }
}

// AVR with 12 MHz timestamps, one line per frame: "@" + 12 hex digits of counter + frame + ";\n".
const std::string& avr_text() {
  static const std::string text = [] {
    std::string s;
    char counter[16];
    for (const auto& f : helsinki_frames()) {
      std::snprintf(counter, sizeof counter, "@%012llX", static_cast<unsigned long long>(f.counter));
      s += counter;
      append_hex(s, f.bytes.data(), f.length);
      s += ";\n";
    }
    return s;
  }();
  return text;
}

// CSV "unix_ts,hex" (rs1090 / pyModeS style), Mode S frames only (CSV hex has no Mode A/C).
const std::string& csv_text() {
  static const std::string text = [] {
    std::string s = "timestamp,rawmsg\n";
    char ts[32];
    for (const auto& f : helsinki_frames()) {
      if (f.length == gw::modes::kModeACFrameBytes) continue;
      std::snprintf(ts, sizeof ts, "%.6f,", kStartTimeS + static_cast<double>(f.counter) / gw::modes::kCounterHz);
      s += ts;
      append_hex(s, f.bytes.data(), f.length);
      s += '\n';
    }
    return s;
  }();
  return text;
}

bool have_data(benchmark::State& state) {
  if (!helsinki_bytes().empty()) return true;
  state.SkipWithError("../shared/data/adsb/helsinki-2026-01 not found");
  return false;
}

template <class Parser>
void run_text_parser(benchmark::State& state, const std::string& text) {
  std::vector<gw::modes::RawFrame> batch(4096);
  std::uint64_t frames = 0;
  const auto* data = reinterpret_cast<const std::uint8_t*>(text.data());
  for (auto _ : state) {
    Parser parser;
    for (std::size_t at = 0; at < text.size(); at += kChunkBytes) {
      std::span<const std::uint8_t> rest(data + at, std::min(kChunkBytes, text.size() - at));
      while (!rest.empty()) {
        auto r = parser.feed(rest, batch);
        frames += r.frames;
        rest = rest.subspan(r.consumed);
      }
    }
    frames += parser.finish(batch);
    benchmark::DoNotOptimize(batch.data());
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_AvrText(benchmark::State& state) {
  if (!have_data(state)) return;
  run_text_parser<gw::io::AvrParser>(state, avr_text());
}
BENCHMARK(BM_AvrText)->Unit(benchmark::kMillisecond);

void BM_CsvHex(benchmark::State& state) {
  if (!have_data(state)) return;
  run_text_parser<gw::io::CsvHexParser>(state, csv_text());
}
BENCHMARK(BM_CsvHex)->Unit(benchmark::kMillisecond);

// Record readers: every file of `paths` through a ByteSource per iteration.
template <class Read>
void run_record_reader(benchmark::State& state, const std::vector<fs::path>& paths, Read read) {
  std::uint64_t bytes = 0, records = 0;
  for (const auto& p : paths) bytes += fs::file_size(p);
  if (bytes == 0) {
    state.SkipWithError("input files not found");
    return;
  }
  for (auto _ : state) {
    for (const auto& p : paths) {
      gw::io::ByteSource src(p.string());
      gw::io::RecordReadStats stats;
      read(src, [&](std::span<const gw::modes::ModeSMessage> batch) { records += batch.size(); }, stats);
    }
  }
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

std::vector<fs::path> existing(std::vector<fs::path> paths) {
  std::erase_if(paths, [](const fs::path& p) { return !fs::exists(p); });
  return paths;
}

void BM_ReadsbAircraftJson(benchmark::State& state) {
  std::vector<fs::path> paths;
  for (int i = 1; i <= 5; ++i) paths.push_back(kShared / "readsb-json" / ("aircraft_" + std::to_string(i) + ".json"));
  run_record_reader(state, existing(paths), gw::io::read_readsb_aircraft_json);
}
BENCHMARK(BM_ReadsbAircraftJson)->Unit(benchmark::kMillisecond);

void BM_ReadsbTraceJson(benchmark::State& state) {
  run_record_reader(state, existing({kShared / "readsb-json" / "trace_full_ac671b.json"}), gw::io::read_readsb_trace);
}
BENCHMARK(BM_ReadsbTraceJson)->Unit(benchmark::kMillisecond);

// OpenSky state vectors: 200,000 rows of 100 aircraft moving over southern Finland, 10 s apart.
const fs::path& opensky_csv() {
  static const fs::path path = [] {
    const fs::path p = "/tmp/gnsswatch-bench-opensky.csv";
    std::string s =
        "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,"
        "lastposupdate,lastcontact\n";
    std::mt19937 rng(2026);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    char row[256];
    for (int i = 0; i < 200000; ++i) {
      const int ac = i % 100;
      const double t = 1767746554.0 + 10.0 * (i / 100);
      std::snprintf(row, sizeof row, "%.0f,%06x,%.5f,%.5f,%.2f,%.2f,%.2f,FIN%04d,%s,false,false,%04o,%.2f,%.2f,%.3f,%.3f\n",
                    t, 0x460000 + ac, 59.5 + 1.5 * u(rng), 22.0 + 6.0 * u(rng), 230.0 * u(rng), 360.0 * u(rng),
                    10.0 * u(rng) - 5.0, ac, ac % 20 == 0 ? "true" : "false", 01000 + ac, 11000.0 * u(rng),
                    11100.0 * u(rng), t - 0.4, t - 0.1);
      s += row;
    }
    write_file(p, s.data(), s.size());
    return p;
  }();
  return path;
}

void BM_OpenSkyCsv(benchmark::State& state) {
  run_record_reader(state, {opensky_csv()}, gw::io::read_opensky_csv);
}
BENCHMARK(BM_OpenSkyCsv)->Unit(benchmark::kMillisecond);

// The Helsinki bytes as one file, uncompressed, gzip and zstd.
fs::path beast_file(gw::io::Compression c) {
  const auto& bytes = helsinki_bytes();
  switch (c) {
    case gw::io::Compression::None: {
      static const fs::path p = [&] {
        fs::path q = "/tmp/gnsswatch-bench-helsinki.bin";
        write_file(q, bytes.data(), bytes.size());
        return q;
      }();
      return p;
    }
    case gw::io::Compression::Gzip: {
      static const fs::path p = [&] {
        fs::path q = "/tmp/gnsswatch-bench-helsinki.bin.gz";
        gzFile gz = gzopen(q.c_str(), "wb6");
        gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
        gzclose(gz);
        return q;
      }();
      return p;
    }
    case gw::io::Compression::Zstd: {
      static const fs::path p = [&] {
        fs::path q = "/tmp/gnsswatch-bench-helsinki.bin.zst";
        std::vector<char> out(ZSTD_compressBound(bytes.size()));
        const std::size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 3);
        write_file(q, out.data(), ZSTD_isError(n) ? 0 : n);
        return q;
      }();
      return p;
    }
  }
  return {};
}

// Decompressed MB/s through ByteSource::read in 64 KiB reads (what read_input does), no parsing.
void BM_ByteSource(benchmark::State& state, gw::io::Compression c) {
  if (!have_data(state)) return;
  const fs::path path = beast_file(c);
  std::vector<std::uint8_t> buf(kChunkBytes);
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    gw::io::ByteSource src(path.string());
    for (std::size_t n; (n = src.read(buf.data(), buf.size())) > 0;) bytes += n;
    benchmark::DoNotOptimize(buf.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["file_MB"] = static_cast<double>(fs::file_size(path)) / 1e6;
}
BENCHMARK_CAPTURE(BM_ByteSource, none, gw::io::Compression::None)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ByteSource, gzip, gw::io::Compression::Gzip)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ByteSource, zstd, gw::io::Compression::Zstd)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
