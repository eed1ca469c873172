// BDS 0,9: extended squitter airborne velocity, TC 19. DO-260B §2.2.3.2.6, ICAO Doc 9871 Table A-2-9.
//
//   ME bits  1-5   type code 19
//            6-8   subtype: 1 ground speed, 2 ground speed supersonic (x4), 3 airspeed + heading,
//                  4 airspeed + heading supersonic (x4); 0, 5-7 reserved (nothing else decoded)
//            9     intent change flag
//            10    IFR capability (v0/v1), reserved (v2)
//            11-13 NUCr (v0) / NACv (v1, v2)
//   subtypes 1-2:
//            14    east-west direction (1 = west), 15-24 east-west velocity (0 = n/a, else v-1 kt)
//            25    north-south direction (1 = south), 26-35 north-south velocity (0 = n/a, else v-1 kt)
//   subtypes 3-4:
//            14    heading status (1 = available), 15-24 heading, 360/1024 degree steps
//            25    airspeed type (0 IAS, 1 TAS), 26-35 airspeed (0 = n/a, else v-1 kt)
//   all:
//            36    vertical rate source (0 GNSS, 1 barometric)
//            37    vertical rate sign (1 = down), 38-46 vertical rate (0 = n/a, else (v-1) * 64 ft/min)
//            47-48 reserved
//            49    GNSS-baro difference sign (1 = GNSS below baro), 50-56 difference (0 = n/a, else
//                  (v-1) * 25 ft)
//
// Heading (subtypes 3-4) is magnetic or true depending on the HRD bit of operational status (TC 31), which
// this stateless decoder does not know: heading_is_true is left empty.
#pragma once

#include <cstdint>

#include "modes/message.hpp"

namespace gw::modes {

namespace bds09 {
inline constexpr float kSupersonicFactor = 4.0f;
inline constexpr std::int32_t kVerticalRateStepFpm = 64;
inline constexpr std::int32_t kGnssBaroDiffStepFt = 25;
inline constexpr float kHeadingStepDeg = 360.0f / 1024.0f;
}  // namespace bds09

void decode_bds09(std::uint64_t me, ModeSMessage& out) noexcept;

}  // namespace gw::modes
