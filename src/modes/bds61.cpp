#include "modes/bds61.hpp"

#include "modes/altitude.hpp"
#include "modes/bits.hpp"

namespace gw::modes {

void decode_bds61(std::uint64_t me, ModeSMessage& out) noexcept {
  using bits::me_field;
  const std::uint32_t subtype = me_field(me, 6, 3);
  if (subtype == 1) {
    out.emergency = static_cast<std::uint8_t>(me_field(me, 9, 3));
    out.squawk = decode_id13(me_field(me, 12, 13));
  } else if (subtype == 2) {
    out.acas_ra = me & ((std::uint64_t{1} << 48) - 1);  // ME bits 9-56
  }
}

}  // namespace gw::modes
