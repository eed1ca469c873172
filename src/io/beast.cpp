#include "io/beast.hpp"

namespace gw::io {
namespace {

constexpr std::uint8_t kEscape = 0x1a;
constexpr std::uint8_t kTypeModeAC = '1';
constexpr std::uint8_t kTypeShort = '2';
constexpr std::uint8_t kTypeLong = '3';
constexpr std::uint8_t kTypeStatus = '4';
constexpr std::uint8_t kCounterBytes = 6;
constexpr std::uint8_t kSignalBytes = 1;
constexpr std::uint8_t kHeaderBytes = kCounterBytes + kSignalBytes;
// Assumed length of the data of a Radarcape status frame (type '4'); see beast.hpp.
constexpr std::uint8_t kStatusDataBytes = modes::kLongFrameBytes;

constexpr std::uint8_t data_bytes(std::uint8_t type) noexcept {
  switch (type) {
    case kTypeModeAC: return modes::kModeACFrameBytes;
    case kTypeShort: return modes::kShortFrameBytes;
    case kTypeLong: return modes::kLongFrameBytes;
    case kTypeStatus: return kStatusDataBytes;
    default: return 0;
  }
}

}  // namespace

BeastStats& BeastStats::operator+=(const BeastStats& o) noexcept {
  bytes += o.bytes;
  frames_mode_ac += o.frames_mode_ac;
  frames_short += o.frames_short;
  frames_long += o.frames_long;
  frames_status += o.frames_status;
  garbage_bytes += o.garbage_bytes;
  resyncs += o.resyncs;
  truncated_frames += o.truncated_frames;
  unknown_type += o.unknown_type;
  return *this;
}

void BeastParser::report(const BeastSkip& s) {
  if (on_skip_) on_skip_(s);
}

void BeastParser::add_garbage(std::uint64_t at, std::uint64_t n) noexcept {
  if (garbage_run_ == 0) garbage_start_ = at;
  garbage_run_ += n;
  stats_.garbage_bytes += n;
}

void BeastParser::end_garbage(bool resync) {
  if (garbage_run_ == 0) return;
  if (resync) ++stats_.resyncs;
  report({BeastSkip::Kind::Garbage, garbage_start_, garbage_run_, 0});
  garbage_run_ = 0;
}

// The byte after a frame-starting 0x1a (at frame_pos_).
void BeastParser::on_type_byte(std::uint8_t b) {
  const std::uint8_t n = data_bytes(b);
  if (n != 0) {
    end_garbage(true);
    state_ = State::Body;
    type_ = b;
    need_ = static_cast<std::uint8_t>(kHeaderBytes + n);
    have_ = 0;
    escape_ = false;
    return;
  }
  state_ = State::Seek;
  if (b != kEscape) {
    ++stats_.unknown_type;
    report({BeastSkip::Kind::UnknownType, frame_pos_, 2, b});
  }
  // An escaped 0x1a seen out of sync is data; an unknown type is not a frame: both are garbage.
  add_garbage(frame_pos_, 2);
}

void BeastParser::emit(modes::RawFrame& f) const noexcept {
  const std::uint8_t n = static_cast<std::uint8_t>(need_ - kHeaderBytes);
  f = modes::RawFrame{};
  std::uint64_t counter = 0;
  for (std::uint8_t i = 0; i < kCounterBytes; ++i) counter = (counter << 8) | payload_[i];
  f.counter = counter;
  f.has_counter = true;
  f.signal = payload_[kCounterBytes];
  f.has_signal = true;
  for (std::uint8_t i = 0; i < n; ++i) f.bytes[i] = payload_[kHeaderBytes + i];
  f.length = n;
  f.kind = type_ == kTypeModeAC ? modes::FrameKind::ModeAC
           : type_ == kTypeShort ? modes::FrameKind::Short
                                 : modes::FrameKind::Long;
  f.position = frame_pos_;
}

BeastParser::FeedResult BeastParser::feed(std::span<const std::uint8_t> chunk, std::span<modes::RawFrame> out) {
  FeedResult r;
  if (out.empty()) return r;
  const std::size_t size = chunk.size();
  std::size_t i = 0;
  while (i < size) {
    const std::uint8_t b = chunk[i++];
    const std::uint64_t p = pos_++;
    switch (state_) {
      case State::Seek:
        if (b == kEscape) {
          state_ = State::Type;
          frame_pos_ = p;
        } else {
          add_garbage(p, 1);
        }
        continue;
      case State::Type:
        on_type_byte(b);
        continue;
      case State::Body:
        break;
    }
    // Body: unescape.
    if (escape_) {
      escape_ = false;
      if (b != kEscape) {
        // A lone 0x1a inside a frame: this frame is cut short, the 0x1a starts the next one.
        ++stats_.truncated_frames;
        report({BeastSkip::Kind::TruncatedFrame, frame_pos_, p - 1 - frame_pos_, type_});
        frame_pos_ = p - 1;
        on_type_byte(b);
        continue;
      }
    } else if (b == kEscape) {
      escape_ = true;
      continue;
    }
    payload_[have_++] = b;
    if (have_ < need_) continue;
    state_ = State::Seek;
    switch (type_) {
      case kTypeStatus: ++stats_.frames_status; continue;
      case kTypeModeAC: ++stats_.frames_mode_ac; break;
      case kTypeShort: ++stats_.frames_short; break;
      default: ++stats_.frames_long; break;
    }
    emit(out[r.frames++]);
    if (r.frames == out.size()) break;
  }
  stats_.bytes += i;
  r.consumed = i;
  return r;
}

void BeastParser::finish() {
  switch (state_) {
    case State::Body:
      ++stats_.truncated_frames;
      report({BeastSkip::Kind::TruncatedFrame, frame_pos_, pos_ - frame_pos_, type_});
      break;
    case State::Type: add_garbage(frame_pos_, 1); break;
    case State::Seek: break;
  }
  end_garbage(false);
  state_ = State::Seek;
  escape_ = false;
  have_ = 0;
}

}  // namespace gw::io
