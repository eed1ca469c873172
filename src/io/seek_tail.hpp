// The time span of an input, and the last stretch of time of a Beast file found by seeking rather than by
// reading it whole: what `gnsswatch map --threads N` needs to warm a part up on the end of the previous part's
// input (docs/ARCHITECTURE.md, "Parts").
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "io/format.hpp"
#include "io/input.hpp"
#include "modes/frame.hpp"

namespace gw::io {

// The time span of what it is given: frames with counter 0 (the Beast "no time" value, e.g. the first frames of
// each file of the Helsinki recording) do not count, anchored (then at start_time_s) or not: they would make
// every file seem to reach back to the anchor.
class TimeSpanSink final : public FrameBatchSink {
 public:
  void on_frames(std::span<const modes::RawFrame> frames) override;
  void on_records(std::span<const modes::ModeSMessage> records) override;
  double first_s = std::numeric_limits<double>::infinity();
  double last_s = -std::numeric_limits<double>::infinity();

 private:
  void note(double t) noexcept;
};

struct SeekedTail {
  double end_s = 0;          // the file's last time, as TimeSpanSink finds it reading the whole file
  std::uint64_t offset = 0;  // a frame start; every frame before it is earlier than end_s - span_s
};

// For an uncompressed Beast or AVR file whose times go forward (the 12 MHz counter; AVR lines need it, '@' or '<'):
// the end time from the last 256 KiB, and by bisection over byte offsets (probes of 64 KiB, each picked up at a
// frame start, or for AVR a line start, see ReadOptions::start_offset) a frame (line) start before the first frame
// at end_s - span_s or later. nullopt, meaning "read it whole", when the file does not qualify (compressed, not
// Beast or AVR, AVR without timestamps, under ~320 KiB), when its first time
// (as TimeSpanSink counts it) is later than end_s - span_s (earlier files hold part of the span), or when a probe
// sees times go backwards (a receiver restarted inside the file). `read` gives the counter anchor.
std::optional<SeekedTail> seek_tail(const std::string& path, Format format, const ReadOptions& read, double span_s);

}  // namespace gw::io
