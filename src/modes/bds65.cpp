#include "modes/bds65.hpp"

#include "modes/bits.hpp"

namespace gw::modes {

void decode_bds65(std::uint64_t me, ModeSMessage& out) noexcept {
  using bits::me_bit;
  using bits::me_field;
  const std::uint32_t subtype = me_field(me, 6, 3);
  if (subtype > 1) return;  // reserved subtypes
  const bool surface = subtype == 1;
  const auto version = static_cast<std::uint8_t>(me_field(me, 41, 3));
  out.version = version;
  if (version != 1 && version != 2) return;

  out.nic_a = me_bit(me, 44);
  out.nac_p = static_cast<std::uint8_t>(me_field(me, 45, 4));
  out.sil = static_cast<std::uint8_t>(me_field(me, 51, 2));
  out.hrd = static_cast<std::uint8_t>(me_field(me, 54, 1));
  if (!surface) out.nic_baro = static_cast<std::uint8_t>(me_field(me, 53, 1));
  if (version == 2) {
    out.sil_type = me_bit(me, 55) ? SilType::PerSample : SilType::PerHour;
    out.sda = static_cast<std::uint8_t>(me_field(me, 31, 2));
    if (surface) {
      out.nic_c = me_bit(me, 20);
      out.nac_v = static_cast<std::uint8_t>(me_field(me, 17, 3));
    } else {
      out.gva = static_cast<std::uint8_t>(me_field(me, 49, 2));
    }
  }
}

}  // namespace gw::modes
