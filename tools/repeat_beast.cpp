// Makes a long Beast recording from a short one for throughput benchmarks: writes the input frames N times, each
// repetition's 12 MHz counter shifted past the previous one so time keeps running on (the trackers then see
// N consecutive copies of the traffic, not the same minutes again). One output file per repetition, numbered with
// leading zeros (r00 ... r31) so that a shell glob (`r*.bin`) lists them in time order: without them r10 came
// before r2 and a × 32 input ran backwards in time at three places (BENCHMARKS.md, "Session 6, end").
// Usage: gnsswatch_repeat_beast N OUTPUT_PREFIX INPUT.bin...
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "io/beast_writer.hpp"
#include "io/input.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: gnsswatch_repeat_beast N OUTPUT_PREFIX INPUT.bin...\n");
    return 2;
  }
  const int n = std::atoi(argv[1]);
  const std::string prefix = argv[2];
  std::vector<gw::modes::RawFrame> frames;
  for (int i = 3; i < argc; ++i) {
    auto file_frames = gw::io::read_all_frames(argv[i], gw::io::Format::Beast);
    frames.insert(frames.end(), file_frames.begin(), file_frames.end());
  }
  std::uint64_t max_counter = 0;
  for (const auto& f : frames) max_counter = std::max(max_counter, f.counter);
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
    std::string number = std::to_string(rep);
    number.insert(0, std::to_string(n - 1).size() - number.size(), '0');
    const std::string path = prefix + number + ".bin";
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file || std::fwrite(out.data(), 1, out.size(), file) != out.size() || std::fclose(file) != 0) {
      std::perror(path.c_str());
      return 1;
    }
  }
  std::printf("%zu frames x %d repetitions\n", frames.size(), n);
  return 0;
}
