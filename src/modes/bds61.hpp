// BDS 6,1: extended squitter aircraft status, TC 28. DO-260B §2.2.3.2.7.8, ICAO Doc 9871 Table A-2-97.
//
//   ME bits  1-5   type code 28
//            6-8   subtype: 1 emergency/priority status and Mode A code, 2 ACAS RA broadcast; others reserved
//   subtype 1:
//            9-11  emergency/priority status (0 none, 1 general, 2 medical, 3 minimum fuel, 4 no communications,
//                  5 unlawful interference, 6 downed aircraft, 7 reserved)
//            12-24 Mode A code (ID13 layout)
//            25-56 reserved
//   subtype 2:
//            9-56  ACAS resolution advisory, MB bits 9-56 of BDS 3,0 (kept raw)
#pragma once

#include <cstdint>

#include "modes/message.hpp"

namespace gw::modes {

void decode_bds61(std::uint64_t me, ModeSMessage& out) noexcept;

}  // namespace gw::modes
