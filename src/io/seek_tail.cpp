#include "io/seek_tail.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "io/input_error.hpp"
#include "modes/message.hpp"

namespace gw::io {
namespace {

// What a probe (a short read from a byte offset) found: where its first frame starts, its time span as
// TimeSpanSink counts it, the first and last times of frames with a counter other than 0, and whether those go
// forward.
class ProbeSink final : public FrameBatchSink {
 public:
  void on_frames(std::span<const modes::RawFrame> frames) override {
    if (!frames.empty() && !found) {
      found = true;
      first_position = frames.front().position;
    }
    span.on_frames(frames);
    for (const auto& f : frames) {
      if (!f.has_counter || f.counter == 0) continue;
      const double t = modes::frame_time_s(f);
      if (!(t >= last_timed_s)) forward = false;
      if (!std::isfinite(first_timed_s)) first_timed_s = t;
      last_timed_s = t;
    }
  }
  bool found = false;
  std::uint64_t first_position = 0;
  TimeSpanSink span;
  double first_timed_s = std::numeric_limits<double>::quiet_NaN();
  double last_timed_s = -std::numeric_limits<double>::infinity();
  bool forward = true;
};

// Reads `bytes` of `path` from `offset` into `probe`; false when it cannot be read.
bool probe(const std::string& path, Format format, const ReadOptions& read, std::uint64_t offset,
           std::uint64_t bytes, ProbeSink& out) {
  ReadOptions o;
  o.start_time_s = read.start_time_s;
  o.batch_frames = read.batch_frames;
  o.start_offset = offset;
  o.max_bytes = bytes;
  InputStats unused;
  try {
    read_input(path, format, out, unused, o);
  } catch (const InputError&) {
    return false;
  }
  return true;
}

}  // namespace

void TimeSpanSink::on_frames(std::span<const modes::RawFrame> frames) {
  for (const auto& f : frames) {
    if (f.has_counter && f.counter == 0) continue;
    note(modes::frame_time_s(f));
  }
}

void TimeSpanSink::on_records(std::span<const modes::ModeSMessage> records) {
  for (const auto& r : records) note(r.time_s);
}

void TimeSpanSink::note(double t) noexcept {
  if (!std::isfinite(t)) return;
  first_s = std::min(first_s, t);
  last_s = std::max(last_s, t);
}

std::optional<SeekedTail> seek_tail(const std::string& path, Format format, const ReadOptions& read, double span_s) {
  constexpr std::uint64_t kTailBytes = 256 * 1024;  // a few seconds of a busy receiver's Beast output
  constexpr std::uint64_t kProbeBytes = 64 * 1024;
  constexpr int kMaxProbes = 64;                    // bisection of 2^64 bytes; more means no progress
  const std::optional<Format> seekable = offset_format(path, format);
  if (!seekable) return std::nullopt;
  format = *seekable;
  const bool avr = format == Format::Avr;
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  if (ec || size <= kTailBytes + kProbeBytes) return std::nullopt;  // small: reading it whole costs little
  ProbeSink head, tail;
  const std::uint64_t tail_from = size - kTailBytes;
  if (!probe(path, format, read, 0, kProbeBytes, head) || !probe(path, format, read, tail_from, kTailBytes, tail)) {
    return std::nullopt;
  }
  if (!head.forward || !tail.forward || !std::isfinite(head.first_timed_s) || !std::isfinite(tail.first_timed_s) ||
      !(head.last_timed_s <= tail.first_timed_s) || !std::isfinite(tail.span.last_s)) {
    return std::nullopt;
  }
  SeekedTail out;
  out.end_s = tail.span.last_s;
  const double from_s = out.end_s - span_s;
  // The head's first time is the file's when times go forward; a counter-0 frame further in (anchored at
  // start_time_s) could only make the file's earlier, which leaves "this file reaches back far enough" true.
  if (!(head.span.first_s <= from_s)) return std::nullopt;
  if (!(head.first_timed_s < from_s)) return out;  // the whole file is within span_s of its end
  // lo: a frame start whose first timed frame is earlier than from_s, hence every frame before it is.
  // hi: where the first frame at from_s or later was seen (bounds the search only; lo alone makes it exact).
  std::uint64_t lo = 0;
  double lo_s = head.first_timed_s;
  std::uint64_t hi = size;
  for (int probes = 0; hi - lo > kProbeBytes; ++probes) {
    if (probes == kMaxProbes) return std::nullopt;
    const std::uint64_t mid = lo + (hi - lo) / 2;
    ProbeSink p;
    if (!probe(path, format, read, mid, kProbeBytes, p)) return std::nullopt;
    // Where the probe's read began: Beast resumes at its first frame (a byte offset); AVR at the line start after
    // mid (its frame positions are line numbers).
    std::uint64_t first_position = p.first_position;
    if (avr) {
      try {
        first_position = avr_line_start(path, mid);
      } catch (const InputError&) {
        return std::nullopt;
      }
    }
    const bool before_tail = first_position < tail_from;
    if (!p.found || !p.forward || !std::isfinite(p.first_timed_s) || !(p.first_timed_s >= lo_s) ||
        !(p.last_timed_s <= tail.last_timed_s) || (before_tail && !(p.first_timed_s <= tail.first_timed_s))) {
      return std::nullopt;  // no frames, or times going backwards
    }
    if (p.first_timed_s < from_s) {
      if (first_position >= hi) return std::nullopt;  // cannot be with times going forward
      lo = first_position;
      lo_s = p.first_timed_s;
    } else {
      hi = std::min(hi, first_position + 1);
    }
  }
  // A read from lo starts where this probe does: make sure that is lo itself (lo was a first frame after a
  // resync; from lo on, the resync must find lo again). An AVR line start is one by construction.
  if (lo > 0 && !avr) {
    ProbeSink at;
    if (!probe(path, format, read, lo, kProbeBytes, at) || !at.found || at.first_position != lo) return std::nullopt;
  }
  out.offset = lo;
  return out;
}

}  // namespace gw::io
