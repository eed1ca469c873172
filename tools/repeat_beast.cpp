// Makes a long Beast recording from a short one for throughput benchmarks: writes the input frames N times, each
// repetition's 12 MHz counter shifted past the previous one so time keeps running on (the trackers then see
// N consecutive copies of the traffic, not the same minutes again). One output file per repetition.
// Usage: gnsswatch_repeat_beast N OUTPUT_PREFIX INPUT.bin...
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "io/beast.hpp"
#include "io/beast_writer.hpp"
#include "io/byte_source.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: gnsswatch_repeat_beast N OUTPUT_PREFIX INPUT.bin...\n");
    return 2;
  }
  const int n = std::atoi(argv[1]);
  const std::string prefix = argv[2];
  std::vector<gw::modes::RawFrame> frames;
  std::uint64_t max_counter = 0;
  for (int i = 3; i < argc; ++i) {
    gw::io::ByteSource src(argv[i]);
    gw::io::BeastParser parser;
    std::vector<std::uint8_t> buf(1 << 16);
    std::vector<gw::modes::RawFrame> batch(4096);
    while (std::size_t got = src.read(buf.data(), buf.size())) {
      std::span<const std::uint8_t> rest(buf.data(), got);
      while (!rest.empty()) {
        auto r = parser.feed(rest, batch);
        for (std::size_t k = 0; k < r.frames; ++k) {
          frames.push_back(batch[k]);
          if (batch[k].counter > max_counter) max_counter = batch[k].counter;
        }
        rest = rest.subspan(r.consumed);
      }
    }
  }
  // One second after the last frame.
  const std::uint64_t shift = max_counter + static_cast<std::uint64_t>(gw::modes::kCounterHz);
  std::vector<std::uint8_t> out;
  for (int rep = 0; rep < n; ++rep) {
    out.clear();
    for (auto f : frames) {
      // Frames with counter 0 (the first of each original file) stay 0, as in the original.
      if (f.counter != 0) f.counter += shift * static_cast<std::uint64_t>(rep);
      gw::io::append_beast_frame(f, out);
    }
    const std::string path = prefix + std::to_string(rep) + ".bin";
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file || std::fwrite(out.data(), 1, out.size(), file) != out.size() || std::fclose(file) != 0) {
      std::perror(path.c_str());
      return 1;
    }
  }
  std::printf("%zu frames x %d repetitions\n", frames.size(), n);
  return 0;
}
