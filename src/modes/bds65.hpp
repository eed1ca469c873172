// BDS 6,5: extended squitter aircraft operational status, TC 31. DO-260B §2.2.3.2.7.2, ICAO Doc 9871
// Table A-2-101.
//
//   ME bits  1-5   type code 31;  6-8 subtype (0 airborne, 1 surface; others reserved)
//   airborne:  9-24 capability class (16 bits)
//   surface:   9-20 capability class (12 bits): 17-19 NACv (v2), 20 NIC supplement-C (v2);  21-24 L/W code
//            25-40 operational mode: 31-32 SDA (v2)
//            41-43 ADS-B version number (0 DO-260, 1 DO-260A, 2 DO-260B)
//            44    NIC supplement-A (v1: "NIC supplement")
//            45-48 NACp
//            49-50 GVA (airborne, v2; reserved otherwise)
//            51-52 SIL
//            53    NIC-baro (airborne) / track-heading (surface, not decoded)
//            54    HRD: horizontal reference direction (0 true north, 1 magnetic north)
//            55    SIL supplement (v2: 0 per hour, 1 per sample; reserved in v1)
//            56    reserved
//
// Version 0 (DO-260) used a different layout in which bits 41-43 are zero: only version = 0 is decoded, so a
// version-1 or -2 field cannot be read out of a version-0 message. Versions above 2 (DO-260C) set version only.
#pragma once

#include <cstdint>

#include "modes/message.hpp"

namespace gw::modes {

void decode_bds65(std::uint64_t me, ModeSMessage& out) noexcept;

}  // namespace gw::modes
