// BDS 6,2: extended squitter target state and status, TC 29. ICAO Doc 9871 Table A-2-98.
//
// Version 2, subtype 1 (DO-260B §2.2.3.2.7.1):
//   ME bits  1-5   type code 29;  6-7 subtype (1)
//            8     SIL supplement (0 per hour, 1 per sample)
//            9     selected altitude type (0 MCP/FCU, 1 FMS)
//            10-20 selected altitude: 0 = no data, else (v-1) * 32 ft
//            21-29 barometric pressure setting: 0 = no data, else 800 + (v-1) * 0.8 hPa
//            30    selected heading status (1 = valid); 31-39 selected heading, 180/256 degree steps
//            40-43 NACp;  44 NIC-baro;  45-46 SIL
//            47    status of MCP/FCU mode bits; 48 autopilot, 49 VNAV, 50 altitude hold, 51 reserved,
//            52 approach, 53 ACAS operational, 54 LNAV (mode bits are not decoded here); 55-56 reserved
//
// Version 1, subtype 0 (DO-260A §2.2.3.2.7.1):
//   ME bits  6-7   subtype (0)
//            8-9   vertical data available / source (0 = no valid vertical data)
//            10    target altitude type (0 flight level, 1 MSL)
//            11    backward compatibility flag;  12-13 target altitude capability;  14-15 vertical mode
//            16-25 target altitude: v * 100 - 1000 ft (valid up to 100000 ft)
//            26-27 horizontal data available / source (0 = no valid horizontal data)
//            28-36 target heading or track, 1 degree (0-359);  37 heading (0) or track (1)
//            38-39 horizontal mode indicator
//            40-43 NACp;  44 NIC-baro;  45-46 SIL;  47-51 reserved;  52-53 capability / mode codes
//            54-56 emergency / priority status
// Subtypes 2 and 3 are reserved: only type_code and subtype are set.
#pragma once

#include <cstdint>

#include "modes/message.hpp"

namespace gw::modes {

namespace bds62 {
inline constexpr std::int32_t kSelectedAltitudeStepFt = 32;
inline constexpr float kQnhBaseHpa = 800.0f;
inline constexpr float kQnhStepHpa = 0.8f;
inline constexpr float kHeadingStepDeg = 180.0f / 256.0f;
inline constexpr std::int32_t kV1TargetAltitudeStepFt = 100;
inline constexpr std::int32_t kV1TargetAltitudeOffsetFt = -1000;
inline constexpr std::uint32_t kV1TargetAltitudeMaxCode = 1010;  // 100000 ft
}  // namespace bds62

void decode_bds62(std::uint64_t me, ModeSMessage& out) noexcept;

}  // namespace gw::modes
