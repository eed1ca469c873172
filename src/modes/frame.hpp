// A Mode S / Mode A/C frame as it arrives from a receiver, before any decoding.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace gw::modes {

// Beast frame types ('1'..'4'); AVR and CSV inputs give only Short or Long.
enum class FrameKind : std::uint8_t {
  ModeAC,  // 2 bytes: Mode A (identity) or Mode C (altitude) reply
  Short,   // 7 bytes: 56-bit Mode S (DF0, 4, 5, 11)
  Long,    // 14 bytes: 112-bit Mode S (DF16, 17, 18, 20, 21, ...)
};

inline constexpr std::size_t kShortFrameBytes = 7;
inline constexpr std::size_t kLongFrameBytes = 14;
inline constexpr std::size_t kModeACFrameBytes = 2;

// Rate of the receiver clock in RawFrame::counter (Beast and AVR '@' timestamps): 12 MHz.
inline constexpr double kCounterHz = 12e6;

// Fixed-size and trivially copyable: readers fill arrays of these without allocating.
struct RawFrame {
  std::array<std::uint8_t, kLongFrameBytes> bytes{};
  std::uint8_t length = 0;  // 2, 7 or 14
  FrameKind kind = FrameKind::Short;
  bool has_counter = false;
  bool has_signal = false;
  std::uint8_t signal = 0;     // Beast signal byte (sqrt of power, 0..255); valid when has_signal
  std::uint64_t counter = 0;   // receiver's 12 MHz clock (48 bits); valid when has_counter
  // Unix seconds (UTC) when the input carries a time (CSV, live arrival clock, or a counter anchored with
  // --start-time); NaN otherwise.
  double time_s = std::numeric_limits<double>::quiet_NaN();
  // Byte offset (binary inputs) or 1-based line number (text inputs) where the frame starts: for messages
  // and error reports that name a place in the input.
  std::uint64_t position = 0;
};

// The frame's time in seconds: Unix time when the input gives one, else the receiver's counter in seconds since
// counter zero (Beast/AVR without --start-time), else NaN (bare hex). The counter has 48 bits, so the signed
// conversion is exact and cheaper than the unsigned one.
inline double frame_time_s(const RawFrame& frame) noexcept {
  if (std::isfinite(frame.time_s)) return frame.time_s;
  if (frame.has_counter) return static_cast<double>(static_cast<std::int64_t>(frame.counter)) / kCounterHz;
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace gw::modes
