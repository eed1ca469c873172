#include "io/avr.hpp"

namespace gw::io {
namespace {

constexpr std::size_t kCounterDigits = 12;
constexpr std::size_t kSignalDigits = 2;

}  // namespace

namespace detail {

bool frame_from_hex(std::string_view hex, modes::RawFrame& frame) noexcept {
  switch (hex.size()) {
    case 2 * modes::kModeACFrameBytes: frame.kind = modes::FrameKind::ModeAC; break;
    case 2 * modes::kShortFrameBytes: frame.kind = modes::FrameKind::Short; break;
    case 2 * modes::kLongFrameBytes: frame.kind = modes::FrameKind::Long; break;
    default: return false;
  }
  if (!decode_hex(hex, frame.bytes.data())) return false;
  frame.length = static_cast<std::uint8_t>(hex.size() / 2);
  return true;
}

}  // namespace detail

AvrStats& AvrStats::operator+=(const AvrStats& o) noexcept {
  bytes += o.bytes;
  lines += o.lines;
  frames_mode_ac += o.frames_mode_ac;
  frames_short += o.frames_short;
  frames_long += o.frames_long;
  bad_lines += o.bad_lines;
  return *this;
}

bool AvrParser::parse_line(std::string_view line, modes::RawFrame& frame, std::string_view& reason) noexcept {
  reason = {};
  line = detail::trim(line);
  if (line.empty()) return false;
  frame = modes::RawFrame{};

  const char prefix = line.front();
  std::size_t header_digits = 0;  // counter (+ signal) digits before the frame
  switch (prefix) {
    case '*': line.remove_prefix(1); break;
    case '@':
    case '%': line.remove_prefix(1); header_digits = kCounterDigits; break;
    case '<': line.remove_prefix(1); header_digits = kCounterDigits + kSignalDigits; break;
    default:
      if (detail::hex_value(prefix) < 0) {
        reason = "not an AVR line (expected '*', '@', '%', '<' or hex)";
        return false;
      }
      break;
  }
  if (!line.empty() && line.back() == ';') line.remove_suffix(1);
  if (!detail::is_hex(line)) {
    reason = "not hex";
    return false;
  }
  if (line.size() < header_digits) {
    reason = "too short for its timestamp";
    return false;
  }
  if (header_digits > 0) {
    std::uint64_t counter = 0;
    detail::parse_hex_u64(line.substr(0, kCounterDigits), counter);
    frame.counter = counter;
    frame.has_counter = true;
    if (header_digits > kCounterDigits) {
      std::uint64_t signal = 0;
      detail::parse_hex_u64(line.substr(kCounterDigits, kSignalDigits), signal);
      frame.signal = static_cast<std::uint8_t>(signal);
      frame.has_signal = true;
    }
    line.remove_prefix(header_digits);
  }
  if (!detail::frame_from_hex(line, frame)) {
    reason = "frame is not 4, 14 or 28 hex digits";
    return false;
  }
  return true;
}

bool AvrParser::take(const LineSplitter::Line& line, modes::RawFrame& out) {
  ++stats_.lines;
  std::string_view reason;
  bool ok = false;
  if (line.too_long) {
    reason = "line too long";
  } else {
    ok = parse_line(line.text, out, reason);
  }
  if (ok) {
    out.position = line.number;
    switch (out.kind) {
      case modes::FrameKind::ModeAC: ++stats_.frames_mode_ac; break;
      case modes::FrameKind::Short: ++stats_.frames_short; break;
      case modes::FrameKind::Long: ++stats_.frames_long; break;
    }
    return true;
  }
  if (!reason.empty()) {
    ++stats_.bad_lines;
    if (on_bad_) on_bad_({line.number, reason});
  }
  return false;
}

AvrParser::FeedResult AvrParser::feed(std::span<const std::uint8_t> chunk, std::span<modes::RawFrame> out) {
  const auto [consumed, frames] =
      detail::feed_lines(lines_, chunk, out, [this](const auto& line, modes::RawFrame& f) { return take(line, f); });
  stats_.bytes += consumed;
  return {consumed, frames};
}

std::size_t AvrParser::finish(std::span<modes::RawFrame> out) {
  return detail::finish_lines(lines_, out, [this](const auto& line, modes::RawFrame& f) { return take(line, f); });
}

}  // namespace gw::io
