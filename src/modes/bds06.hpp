// BDS 0,6: extended squitter surface position, TC 5-8. DO-260B §2.2.3.2.4, ICAO Doc 9871 Table A-2-6.
//
//   ME bits  1-5   type code
//            6-12  movement (ground speed, quantised: kMovementKt)
//            13    ground track status (1 = track valid)
//            14-20 ground track, 360/128 degree steps, clockwise from true north
//            21    T: time synchronised to UTC
//            22    F: CPR format
//            23-39 CPR latitude, 40-56 CPR longitude (surface CPR: 90 degree zones)
#pragma once

#include <array>
#include <cstdint>

#include "modes/message.hpp"

namespace gw::modes {

namespace bds06 {

// DO-260B §2.2.3.2.4.2 "Movement" encoding table (Doc 9871 Table A-2-6): code -> ground speed, knots, at the
// lower bound of each quantisation step. Negative = not available (0) or reserved (125-127).
struct MovementBand {
  std::uint8_t first_code;
  float first_kt;
  float step_kt;
};
inline constexpr std::array<MovementBand, 7> kMovementBands = {{
    {2, 0.125f, 0.125f},  // 2-8:     0.125 <= gs < 1 kt
    {9, 1.0f, 0.25f},     // 9-12:    1 <= gs < 2 kt
    {13, 2.0f, 0.5f},     // 13-38:   2 <= gs < 15 kt
    {39, 15.0f, 1.0f},    // 39-93:   15 <= gs < 70 kt
    {94, 70.0f, 2.0f},    // 94-108:  70 <= gs < 100 kt
    {109, 100.0f, 5.0f},  // 109-123: 100 <= gs < 175 kt
    {124, 175.0f, 0.0f},  // 124:     gs >= 175 kt
}};

constexpr std::array<float, 128> make_movement_table() {
  std::array<float, 128> t{};
  t[0] = -1.0f;  // 0: no information available
  t[1] = 0.0f;   // 1: aircraft stopped (gs < 0.125 kt)
  for (std::size_t b = 0; b < kMovementBands.size(); ++b) {
    const unsigned last = b + 1 < kMovementBands.size() ? kMovementBands[b + 1].first_code : 125;
    for (unsigned c = kMovementBands[b].first_code; c < last; ++c) {
      t[c] = kMovementBands[b].first_kt + static_cast<float>(c - kMovementBands[b].first_code) * kMovementBands[b].step_kt;
    }
  }
  for (unsigned c = 125; c < 128; ++c) t[c] = -1.0f;  // 125-127: reserved
  return t;
}
inline constexpr std::array<float, 128> kMovementKt = make_movement_table();

inline constexpr float kTrackStepDeg = 360.0f / 128.0f;

}  // namespace bds06

void decode_bds06(std::uint64_t me, ModeSMessage& out) noexcept;

}  // namespace gw::modes
