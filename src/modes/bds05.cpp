#include "modes/bds05.hpp"

#include "modes/altitude.hpp"
#include "modes/bits.hpp"

namespace gw::modes {

void decode_bds05(std::uint64_t me, std::uint8_t type_code, ModeSMessage& out) noexcept {
  using bits::me_bit;
  using bits::me_field;
  const std::uint32_t ac12 = me_field(me, 9, 12);
  if (type_code == 0) {
    out.alt_baro_ft = decode_ac12(ac12);
    return;
  }
  out.surveillance_status = static_cast<std::uint8_t>(me_field(me, 6, 2));
  out.nic_b = me_bit(me, 8);
  if (type_code >= 20) {
    out.alt_geom_ft = decode_ac12(ac12);
  } else {
    out.alt_baro_ft = decode_ac12(ac12);
  }
  out.time_sync = me_bit(me, 21);
  CprPosition cpr;
  cpr.format = me_bit(me, 22) ? CprFormat::Odd : CprFormat::Even;
  cpr.lat_cpr = me_field(me, 23, 17);
  cpr.lon_cpr = me_field(me, 40, 17);
  cpr.surface = false;
  out.cpr = cpr;
}

}  // namespace gw::modes
