#include "modes/bds08.hpp"

#include "modes/bits.hpp"

namespace gw::modes {

void decode_bds08(std::uint64_t me, std::uint8_t type_code, ModeSMessage& out) noexcept {
  // Set A is TC 4 and set D is TC 1: set nibble = 0xE - TC.
  out.category = static_cast<std::uint8_t>(((0xE - type_code) << 4) | bits::me_field(me, 6, 3));
  Callsign cs{};
  int len = 0;
  for (unsigned i = 0; i < 8; ++i) {
    const char c = bds08::kCharset[bits::me_field(me, 9 + 6 * i, 6)];
    cs[i] = c;
    if (c != ' ') len = static_cast<int>(i) + 1;
  }
  for (int i = len; i < 9; ++i) cs[i] = '\0';
  out.callsign = cs;
}

}  // namespace gw::modes
