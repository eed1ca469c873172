// Compact Position Reporting (CPR): pure functions, no state.
//
// RTCA DO-260B Appendix A §A.1.7 ("CPR"): 17-bit encoding of latitude and longitude for 1090 MHz extended
// squitter airborne (TC 9-18, 20-22) and surface (TC 5-8) position messages.
//
//   nl                       A.1.7.2 NL(lat), number of longitude zones             (NZ = 15)
//   encode                   A.1.7.3 the transmitter's encoding, Nb = 17
//   airborne_local           A.1.7.5 locally unambiguous decoding from one message and a reference
//   surface_local            A.1.7.6 the same with 90° surface zones
//   airborne_global          A.1.7.7 globally unambiguous decoding from an even/odd pair
//   surface_global           A.1.7.8 the same for surface messages (needs a reference to pick a quadrant)
//
// (The surface section numbers A.1.7.6 / A.1.7.8 follow the order of the airborne ones; the equations are the
// airborne ones with 90° in place of 360°, which is what the standard specifies for surface messages.)
//
// Which pair to decode, and whether it is recent enough (DO-260B A.1.7.7 note: both within 10 s airborne,
// 25/50 s surface) is the tracker's business, not this file's. Latitudes are in [-90, 90], longitudes in
// [-180, 180), degrees, WGS-84.
#pragma once

#include "modes/message.hpp"

#include <optional>

namespace gw::modes::cpr {

inline constexpr int kNz = 15;                    // latitude zones between equator and a pole (A.1.7.1)
inline constexpr int kNb = 17;                    // bits per encoded coordinate in the extended squitter
inline constexpr double kCprScale = 131072.0;     // 2^Nb

struct LatLon {
  double lat_deg;
  double lon_deg;
};

// Number of longitude zones NL(lat) in 1..59 (A.1.7.2), by lookup in a table of transition latitudes.
// NaN gives 1.
int nl(double lat_deg) noexcept;

// Transition latitude between NL = n and NL = n - 1, for n in 2..59 (A.1.7.2 closed formula, tabulated);
// NaN for other n. At exactly this latitude NL is n.
double nl_transition_lat_deg(int n) noexcept;

// Airborne global decoding of an even and an odd message (A.1.7.7). The position returned is that of
// the message `latest` names. nullopt when the two latitudes fall in different NL zones (the pair does
// not describe one position, e.g. the aircraft crossed a transition latitude between them, or one
// message is corrupt), or when a latitude is outside [-90, 90].
std::optional<LatLon> airborne_global(const CprPosition& even, const CprPosition& odd,
                                      CprFormat latest) noexcept;

// Airborne local decoding of one message against a reference position (A.1.7.5). The result is right only
// if the true position is within half a zone of the reference: 180 NM is safe anywhere.
std::optional<LatLon> airborne_local(const CprPosition& msg, LatLon reference) noexcept;

// Surface global decoding of an even and an odd message (A.1.7.8). Surface zones span 90° of latitude
// and longitude, so the pair leaves 2 candidate latitudes (northern / southern hemisphere) and 4 candidate
// longitudes; `reference` (the receiver or the aircraft's last known position, within 45° of it) picks the
// nearest. Same rejections as airborne_global.
std::optional<LatLon> surface_global(const CprPosition& even, const CprPosition& odd, CprFormat latest,
                                     LatLon reference) noexcept;

// Surface local decoding of one message against a reference (A.1.7.6); right within 45 NM of the reference.
std::optional<LatLon> surface_local(const CprPosition& msg, LatLon reference) noexcept;

// The transmitter's 17-bit encoding (A.1.7.3) of a position; `surface` selects 90° zones.
CprPosition encode(double lat_deg, double lon_deg, CprFormat format, bool surface) noexcept;

}  // namespace gw::modes::cpr
