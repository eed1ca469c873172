// Incremental parser of the Mode-S Beast binary format (readsb/dump1090 port 30005, raw recordings).
//
// Frame layout: 0x1a, a type byte, a 6-byte big-endian 12 MHz counter, a signal byte, then the data:
//   '1' (0x31) Mode A/C, 2 bytes;  '2' (0x32) Mode S short, 7 bytes;  '3' (0x33) Mode S long, 14 bytes;
//   '4' (0x34) receiver status frame (Radarcape), assumed 14 bytes like a long frame: counted, never emitted.
// Inside a frame every 0x1a byte is doubled (0x1a 0x1a = one 0x1a). A single 0x1a followed by anything else
// inside a frame means the frame was cut short (the sender restarted, or bytes were lost): the frame is
// counted as truncated and that 0x1a starts the next frame. Outside frames, bytes are garbage until the next
// 0x1a + type byte; an escaped pair 0x1a 0x1a seen while out of sync is data, not a frame start.
//
// The parser holds at most one partial frame (21 bytes), so memory does not depend on the input, and a frame
// may be split across any number of feed() calls. No allocation and no virtual call per frame or byte.
// Speed: runs of Mode S frames without a 0x1a inside go through one tight loop; any other frame that lies whole
// inside the chunk is copied in one step (garbage is skipped with memchr); only frames split across chunks or
// damaged go byte by byte, with the same results (tests compare the paths).
// Not thread-safe: one parser per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>

#include "modes/frame.hpp"

namespace gw::io {

struct BeastStats {
  std::uint64_t bytes = 0;             // bytes fed
  std::uint64_t frames_mode_ac = 0;    // emitted frames by kind
  std::uint64_t frames_short = 0;
  std::uint64_t frames_long = 0;
  std::uint64_t frames_status = 0;     // type '4': counted, not emitted
  std::uint64_t garbage_bytes = 0;     // bytes skipped outside any frame while looking for 0x1a + type
  std::uint64_t resyncs = 0;           // frame starts found after a run of garbage
  std::uint64_t truncated_frames = 0;  // frames cut short by a new 0x1a + type or by the end of input
  std::uint64_t unknown_type = 0;      // 0x1a followed by a byte other than '1'..'4' (its 2 bytes are garbage)

  std::uint64_t frames() const noexcept { return frames_mode_ac + frames_short + frames_long; }
  BeastStats& operator+=(const BeastStats& o) noexcept;
};

// One skipped stretch of input, reported to the optional skip callback (for --verbose). Rare by nature.
struct BeastSkip {
  enum class Kind : std::uint8_t { Garbage, TruncatedFrame, UnknownType };
  Kind kind = Kind::Garbage;
  std::uint64_t position = 0;  // byte offset of the garbage run / frame start / 0x1a of the unknown type
  std::uint64_t length = 0;    // bytes skipped (garbage), bytes seen of the frame (truncated), 2 (unknown)
  std::uint8_t type = 0;       // the frame's type byte (truncated, unknown)
};

class BeastParser {
 public:
  struct FeedResult {
    std::size_t consumed = 0;  // bytes of the chunk used; less than chunk.size() only when `out` is full
    std::size_t frames = 0;    // frames written to out[0, frames)
  };

  BeastParser() = default;
  // For a stream picked up at byte `start_position` of the input (a read from a seek point): positions count
  // from there. Start it at a frame (find_beast_sync) to get the frames a whole read gives from that frame on.
  explicit BeastParser(std::uint64_t start_position) : pos_(start_position) {}

  // Parses `chunk`, writing complete frames to `out` from its start. Stops early when `out` is full: call
  // again with the rest of the chunk. RawFrame::position is the byte offset of the frame's 0x1a in the whole
  // stream (counting every byte fed since construction); time_s is NaN unless a time anchor is set.
  FeedResult feed(std::span<const std::uint8_t> chunk, std::span<modes::RawFrame> out);

  // From now on frames get time_s = start_time_s + counter / 12 MHz (--start-time: Unix seconds at counter zero),
  // the value io::read_input's other formats get after parsing, here set in the same step as the rest of the frame.
  void set_time_anchor(double start_time_s) noexcept { time_anchor_s_ = start_time_s; }

  // End of input: a partial frame is counted as truncated, pending garbage is reported. The parser can then
  // be fed again (e.g. a reconnected TCP stream); positions keep counting on.
  void finish();

  // Called once per skipped stretch (garbage run, truncated frame, unknown type), never per byte.
  void set_skip_callback(std::function<void(const BeastSkip&)> cb) { on_skip_ = std::move(cb); }

  const BeastStats& stats() const noexcept { return stats_; }

 private:
  enum class State : std::uint8_t { Seek, Type, Body };

  void on_type_byte(std::uint8_t b);
  void add_garbage(std::uint64_t at, std::uint64_t n) noexcept;
  void end_garbage(bool resync);
  void report(const BeastSkip& s);
  bool count_frame(std::uint8_t type) noexcept;
  std::size_t parse_clean_frames(const std::uint8_t* data, std::size_t size, std::size_t i, std::uint64_t base,
                                 std::span<modes::RawFrame> out, std::size_t& frames) noexcept;
  std::size_t parse_whole_frame(const std::uint8_t* p, std::size_t avail, std::uint64_t position, modes::RawFrame& f,
                                bool& emitted) noexcept;
  static void emit(const std::uint8_t* payload, std::uint8_t type, std::uint8_t n, std::uint64_t position,
                   double time_anchor_s, modes::RawFrame& f) noexcept;

  State state_ = State::Seek;
  bool escape_ = false;          // in Body: the previous byte was a single 0x1a
  std::uint8_t type_ = 0;
  std::uint8_t need_ = 0;        // payload bytes of the current frame (counter + signal + data)
  std::uint8_t have_ = 0;
  std::uint8_t payload_[6 + 1 + modes::kLongFrameBytes]{};
  std::uint64_t pos_ = 0;        // stream offset of the next byte
  std::uint64_t frame_pos_ = 0;  // offset of the current frame's (or candidate's) 0x1a
  std::uint64_t garbage_start_ = 0;
  std::uint64_t garbage_run_ = 0;
  double time_anchor_s_ = std::numeric_limits<double>::quiet_NaN();  // NaN: no anchor, time_s stays NaN
  BeastStats stats_;
  std::function<void(const BeastSkip&)> on_skip_;
};

// Where a Beast stream can be picked up mid-way (after a seek): the first offset in `data` at which
// `frames_in_a_row` whole frames of known types follow back to back (each 0x1a inside doubled), or nullopt.
// A frame start found this way is a frame start of the whole stream unless the data mimic that many frames, which
// a few frames already make unlikely: 8 by default.
std::optional<std::size_t> find_beast_sync(std::span<const std::uint8_t> data, std::size_t frames_in_a_row = 8);

}  // namespace gw::io
