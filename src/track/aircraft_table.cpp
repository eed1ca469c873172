#include "track/aircraft_table.hpp"

#include <cmath>

#include "modes/integrity.hpp"

namespace gw::track {
namespace {

bool address_in_clear(const modes::ModeSMessage& msg) {
  return msg.address_source == modes::AddressSource::Parity;
}

bool is_position_type_code(std::uint8_t tc) { return (tc >= 5 && tc <= 18) || (tc >= 20 && tc <= 22); }

}  // namespace

AircraftTable::AircraftTable(AircraftTableOptions options) : options_(options) {}

bool AircraftTable::update(modes::ModeSMessage& msg, double clock_s) {
  Aircraft* found = aircraft_.find(msg.address);
  if (!found) {
    // Only a frame whose address is protected by its own parity may introduce a new aircraft. A DF11 reply
    // to a non-zero interrogator code leaves the code in the remainder, so its address is in the clear too.
    if (!address_in_clear(msg) && !options_.accept_unverified_addresses) {
      ++counters_.rejected_unknown_address;
      return false;
    }
    found = &aircraft_.get_or_insert(msg.address);
    found->last_heard_s = clock_s;
  } else if (!address_in_clear(msg) && !options_.accept_unverified_addresses &&
             clock_s - found->last_heard_s > options_.forget_after_seconds) {
    ++counters_.rejected_unknown_address;
    return false;
  }
  Aircraft& ac = *found;
  if (address_in_clear(msg)) ac.last_heard_s = clock_s;
  ++counters_.accepted;

  if (msg.type_code == 31 && msg.version) {
    ac.version = msg.version;
    if (msg.nic_a) ac.nic_a = *msg.nic_a;
    if (msg.nic_c) ac.nic_c = *msg.nic_c;
  }
  msg.derived.version = ac.version;
  if (msg.cpr) derive_position(ac, msg, clock_s);
  if (msg.type_code && is_position_type_code(*msg.type_code)) derive_integrity(ac, msg);
  return true;
}

void AircraftTable::derive_position(Aircraft& ac, modes::ModeSMessage& msg, double clock_s) {
  const modes::CprPosition& cpr = *msg.cpr;
  CprSlot& mine = cpr.format == modes::CprFormat::Odd ? ac.odd : ac.even;
  const CprSlot& other = cpr.format == modes::CprFormat::Odd ? ac.even : ac.odd;
  mine = {cpr, clock_s, true};

  std::optional<modes::cpr::LatLon> reference;
  if (ac.last_position && clock_s - ac.last_position_s <= options_.local_reference_max_seconds) {
    reference = ac.last_position;
  } else if (cpr.surface && options_.receiver) {
    reference = options_.receiver;
  }

  std::optional<modes::cpr::LatLon> pos;
  const bool pair_usable = other.valid && other.cpr.surface == cpr.surface &&
                           std::fabs(clock_s - other.clock_s) <= options_.cpr_pair_max_seconds;
  if (pair_usable) {
    const auto& even = cpr.format == modes::CprFormat::Even ? cpr : other.cpr;
    const auto& odd = cpr.format == modes::CprFormat::Odd ? cpr : other.cpr;
    if (!cpr.surface) {
      pos = modes::cpr::airborne_global(even, odd, cpr.format);
    } else if (reference) {
      pos = modes::cpr::surface_global(even, odd, cpr.format, *reference);
    }
    if (pos) {
      ++counters_.positions_global;
    } else if (!cpr.surface || reference) {
      // Inconsistent pair: forget the older half so the next message starts a fresh pair.
      ++counters_.positions_rejected_pair;
      (cpr.format == modes::CprFormat::Odd ? ac.even : ac.odd).valid = false;
      return;
    }
  }
  if (!pos && reference) {
    pos = cpr.surface ? modes::cpr::surface_local(cpr, *reference) : modes::cpr::airborne_local(cpr, *reference);
    if (pos) ++counters_.positions_local;
  }
  if (!pos) {
    ++counters_.positions_pending;
    return;
  }
  ac.last_position = pos;
  ac.last_position_s = clock_s;
  msg.derived.lat = pos->lat_deg;
  msg.derived.lon = pos->lon_deg;
}

void AircraftTable::derive_integrity(const Aircraft& ac, modes::ModeSMessage& msg) const {
  const std::uint8_t tc = *msg.type_code;
  // Until an operational status message says otherwise, an aircraft is taken to be version 0 (DO-260B
  // §2.2.3.2.7.2.5: version 0 transmitters send no version number).
  const std::uint8_t version = ac.version.value_or(0);
  if (version == 0) {
    // Version 0 defines no NIC (DO-260 §2.2.3.2.3.1): report NUCp only, so that a version-0 aircraft is never
    // read as "NIC 0".
    msg.derived.nuc_p = modes::integrity::nuc_p(tc);
    return;
  }
  const modes::integrity::Containment c =
      (tc >= 5 && tc <= 8) ? modes::integrity::nic_surface(tc, version, ac.nic_a, ac.nic_c)
                           : modes::integrity::nic_airborne(tc, version, ac.nic_a, msg.nic_b.value_or(false));
  msg.derived.nic = c.nic;
  if (std::isfinite(c.rc_m)) msg.derived.rc_m = c.rc_m;
}

void AircraftTable::forget_stale(double clock_s) {
  counters_.aircraft_forgotten += aircraft_.erase_if(
      [&](std::uint32_t, const Aircraft& ac) { return clock_s - ac.last_heard_s > options_.forget_after_seconds; });
}

}  // namespace gw::track
