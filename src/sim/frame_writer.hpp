// Writes the simulator's frames to a file or standard output ("-") as Beast binary or AVR text with the 12 MHz
// counter ('@' lines), through one large buffer (no allocation per frame). "/dev/null" works like any file.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "modes/frame.hpp"
#include "modes/message.hpp"
#include "sim/engine.hpp"

namespace gw::sim {

enum class OutputFormat : std::uint8_t { Beast, Avr };

class FrameFileWriter final : public FrameSink {
 public:
  // Opens (creates/truncates) `path`, or standard output for "-". Throws std::runtime_error naming the path.
  FrameFileWriter(const std::string& path, OutputFormat format);
  ~FrameFileWriter() override;
  FrameFileWriter(const FrameFileWriter&) = delete;
  FrameFileWriter& operator=(const FrameFileWriter&) = delete;

  void on_frames(std::span<const modes::RawFrame> frames, std::span<const modes::ModeSMessage> messages) override;
  // Writes what is buffered and closes the file; throws std::runtime_error on a write error. The destructor
  // closes silently.
  void close();

  std::uint64_t frames_written() const { return frames_; }
  std::uint64_t bytes_written() const { return bytes_; }

 private:
  void flush();

  std::string path_;
  OutputFormat format_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::vector<std::uint8_t> buffer_;  // sized once; bytes [0, used_) are pending
  std::size_t used_ = 0;
  std::uint64_t frames_ = 0, bytes_ = 0;
};

// Appends one frame as an AVR line "@CCCCCCCCCCCCFRAME;\n" (counter as 12 hex digits).
void append_avr_frame(const modes::RawFrame& frame, std::vector<std::uint8_t>& out);

}  // namespace gw::sim
