// BDS 0,5: extended squitter airborne position, TC 9-18 (barometric altitude) and TC 20-22 (GNSS height),
// and TC 0 (no position information). DO-260B §2.2.3.2.3, ICAO Doc 9871 Table A-2-5.
//
//   ME bits  1-5   type code
//            6-7   surveillance status (0 none, 1 permanent alert, 2 temporary alert, 3 SPI)
//            8     NIC supplement-B (version 2); single antenna flag in versions 0/1
//            9-20  altitude: AC12 barometric (TC 9-18) or GNSS height HAE (TC 20-22), same coding;
//                  all zeros = not available
//            21    T: time synchronised to UTC
//            22    F: CPR format (0 even, 1 odd)
//            23-39 CPR latitude, 40-56 CPR longitude
//
// TC 0: DO-260B §2.2.3.2.3.1.1: no position; ME bits 9-20 may still carry the barometric altitude.
#pragma once

#include <cstdint>

#include "modes/message.hpp"

namespace gw::modes {

void decode_bds05(std::uint64_t me, std::uint8_t type_code, ModeSMessage& out) noexcept;

}  // namespace gw::modes
