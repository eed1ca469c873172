// BDS 0,8: extended squitter aircraft identification and category, TC 1-4. DO-260B §2.2.3.2.5,
// ICAO Doc 9871 Table A-2-8.
//
//   ME bits  1-5   type code: 4 = category set A, 3 = set B, 2 = set C, 1 = set D (DO-260B Table 2-16)
//            6-8   emitter category within the set (0 = no category information)
//            9-56  eight 6-bit characters (IA-5 subset, kCharset)
//
// Output: category = 0xSC with S = 0xA..0xD (set) and C = 0..7; callsign with trailing spaces trimmed.
#pragma once

#include <cstdint>
#include <string_view>

#include "modes/message.hpp"

namespace gw::modes {

namespace bds08 {
// DO-260B §2.2.3.2.5.2 character coding (Annex 10 Vol IV Table 3-9): 6-bit code -> character; '#' marks the
// codes that are not assigned.
inline constexpr std::string_view kCharset =
    "#ABCDEFGHIJKLMNOPQRSTUVWXYZ##### ###############0123456789######";
static_assert(kCharset.size() == 64);
}  // namespace bds08

void decode_bds08(std::uint64_t me, std::uint8_t type_code, ModeSMessage& out) noexcept;

}  // namespace gw::modes
