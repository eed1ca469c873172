// The simulator's bundled airport list: the regions the bundled scenarios play in (Korea and its neighbours,
// the Baltic, the Eastern Mediterranean, Central Europe as a quiet control), with what traffic generation needs:
// position and elevation (aerodrome reference points as published in the states' AIPs, rounded to ~10 m), a
// traffic weight, and the 24-bit address block and airline designators of the state, so generated aircraft
// look like that region's traffic.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace gw::sim {

enum class Region : std::uint8_t { Korea, Baltic, EastMed, CentralEurope };

struct Airport {
  std::string_view icao;
  std::string_view name;
  double lat_deg;
  double lon_deg;
  double elevation_m;
  Region region;
  bool local;          // inside the region proper (false: a neighbour that flights come from / go to)
  int weight;          // relative number of movements (1 small .. 10 hub)
  // ICAO Annex 10 Vol III Part I Chapter 9 appendix: the state's block of 24-bit aircraft addresses.
  std::uint32_t address_first;
  std::uint32_t address_last;
  std::string_view airlines;  // ICAO airline designators of the state, space separated
};

std::span<const Airport> airports();
std::span<const Airport> airports_in(Region region);  // contiguous: the table is sorted by region
const Airport* find_airport(std::string_view icao);

std::string_view region_name(Region region);            // "korea", "baltic", "east-med", "central-europe"
bool region_from_name(std::string_view name, Region& out);
inline constexpr Region kAllRegions[] = {Region::Korea, Region::Baltic, Region::EastMed, Region::CentralEurope};

}  // namespace gw::sim
