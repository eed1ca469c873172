// Shared by the fuzz targets: run a frame parser over the input in two chunks (to cross the chunk-boundary
// path), then push every frame through the full decode + track pipeline.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "modes/frame.hpp"
#include "track/message_pipeline.hpp"

namespace gw::fuzz {

template <typename Parser>
void parse_and_decode(const std::uint8_t* data, std::size_t size) {
  Parser parser;
  track::MessagePipeline pipeline;
  modes::ModeSMessage msg;
  modes::RawFrame frames[64];
  const std::size_t split = size ? data[0] % (size + 1) : 0;
  for (auto chunk : {std::span<const std::uint8_t>(data, split), std::span<const std::uint8_t>(data + split, size - split)}) {
    while (!chunk.empty()) {
      auto r = parser.feed(chunk, frames);
      for (std::size_t i = 0; i < r.frames; ++i) pipeline.process(frames[i], msg);
      chunk = chunk.subspan(r.consumed);
    }
  }
}

// Record readers take a ByteSource, which opens a path: write the input to a private temporary file.
class TempFile {
 public:
  TempFile(const std::uint8_t* data, std::size_t size) {
    char name[] = "/tmp/gnsswatch_fuzz_XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) return;
    path_ = name;
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::write(fd, data + done, size - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace gw::fuzz
