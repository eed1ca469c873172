// Reader for OpenSky Network state vectors in CSV, as exported from the historical database (state_vectors_data4)
// or written by the `traffic` library:
//   time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,
//   lastposupdate,lastcontact
// Columns are found by header name (case-insensitive, any order); other columns (serials, hour ...) are ignored.
// `time` and `icao24` are required in the header, else InputError. An empty input gives no records.
//
// One record per row (df = 0, address_kind AdsbIcao: the export does not say whether a state came from ADS-B or
// MLAT). Fields and units:
//   lat, lon (deg)              -> derived.lat, derived.lon (both or neither)
//   velocity (m/s)              -> gs_kt
//   heading (deg)               -> track_deg (OpenSky's "heading" is the true track over ground)
//   vertrate (m/s)              -> baro_rate_fpm (the export does not say whether it was barometric or GNSS)
//   callsign                    -> callsign, trailing spaces trimmed
//   onground (true/false/1/0)   -> on_ground
//   squawk (octal digits)       -> squawk
//   baroaltitude, geoaltitude (m) -> alt_baro_ft, alt_geom_ft
//   alert, spi, lastcontact     -> not read
// Time: `lastposupdate` when the row has a position and a lastposupdate (the position is what a detector tests),
// else `time` (the state vector's time). An empty field, "NULL", "null" or "NaN" is an absent field.
//
// Rows are streamed: memory is a fixed buffer whatever the file size. A row with the wrong number of columns, a
// line longer than kMaxOpenSkyLine, a row without a valid icao24 or time is a counted skip; an unparsable field is
// left out of the record and counted in bad_fields. Line numbers are 1-based and count the header.
#pragma once

#include <cstddef>

#include "io/byte_source.hpp"
#include "io/readsb_json.hpp"  // RecordBatchFn, RecordReadStats

namespace gw::io {

inline constexpr std::size_t kMaxOpenSkyLine = 64 * 1024;

void read_opensky_csv(ByteSource& src, const RecordBatchFn& sink, RecordReadStats& stats);

}  // namespace gw::io
