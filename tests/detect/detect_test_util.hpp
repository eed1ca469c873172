// What the detect tests share: a health tracker driven by hand-built messages, and hand-built GNSS episodes.
#pragma once

#include <cstdint>
#include <optional>

#include "detect/health.hpp"
#include "detect/health_classifier.hpp"
#include "modes/message.hpp"

namespace gw::detect::test {

// An ADS-B message (DF17, ICAO address, version 2) of type code `tc` from `address`, with nothing else set: the
// tests add the fields their rule reads (msg.derived as AircraftTable would fill it).
inline modes::ModeSMessage adsb_message(std::uint32_t address, std::uint8_t tc) {
  modes::ModeSMessage m;
  m.df = 17;
  m.address = address;
  m.address_kind = modes::AddressKind::AdsbIcao;
  m.type_code = tc;
  m.derived.version = 2;
  return m;
}

// One HealthTracker writing into a HealthCollector; a test's fixture derives from it and adds its message patterns.
struct TrackerFixture {
  explicit TrackerFixture(HealthOptions options = {}) : tracker(sink, options) {}
  HealthCollector sink;  // declared before the tracker, which keeps a reference to it
  HealthTracker tracker;
  void feed(const modes::ModeSMessage& m, double t) { tracker.update(m, t); }
};

// A loss at (lat, lon) and its regain at (regained_lat, regained_lon); NaN for a place not known.
inline GnssEpisode make_episode(std::uint32_t id, double lost_s, double lat, double lon, double regained_s,
                                double regained_lat, double regained_lon,
                                std::optional<std::int32_t> altitude_ft = std::nullopt) {
  GnssEpisode e;
  e.id = id;
  e.lost_s = lost_s;
  e.lost_lat_deg = lat;
  e.lost_lon_deg = lon;
  e.regained_s = regained_s;
  e.regained_lat_deg = regained_lat;
  e.regained_lon_deg = regained_lon;
  e.altitude_ft = altitude_ft;
  return e;
}

}  // namespace gw::detect::test
