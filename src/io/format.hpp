// Input formats and their recognition from the first bytes of (decompressed) content.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gw::io {

enum class Format : std::uint8_t {
  Auto,                // detect from content
  Beast,               // Mode-S Beast binary (beast.hpp)
  Avr,                 // AVR text (avr.hpp)
  CsvHex,              // CSV of timestamped hex frames (csv_hex.hpp)
  ReadsbAircraftJson,  // readsb / dump1090-fa aircraft.json (readsb_json.hpp)
  ReadsbTrace,         // readsb globe_history trace JSON (readsb_json.hpp)
  OpenSkyCsv,          // OpenSky state vectors CSV (opensky.hpp)
};

// Command-line names: "auto", "beast", "avr", "csv", "aircraft-json", "trace", "opensky".
std::string_view format_name(Format f) noexcept;
std::optional<Format> parse_format(std::string_view name) noexcept;
// "auto, beast, avr, csv, aircraft-json, trace, opensky": for help texts and error messages.
std::string format_names();

// How much content detect_format looks at: pass at least this much when the input has it.
inline constexpr std::size_t kDetectHeadBytes = 1024;

// The format of content starting with `head`; Format::Auto when not recognised:
//   Beast: 0x1a then '1'..'4' at the start (or, in binary content, within its first 64 bytes);
//   JSON ({ or [): "aircraft" -> ReadsbAircraftJson, else "trace" -> ReadsbTrace;
//   first non-blank line '*', '@', '%' or '<' followed by hex, or only 14/28 hex digits: Avr;
//   CSV whose header has the columns time, icao24, lat and lon: OpenSkyCsv;
//   CSV with a field of 14 or 28 hex digits in one of its first rows: CsvHex.
// A UTF-8 byte order mark and leading blank lines are skipped.
Format detect_format(std::span<const std::uint8_t> head) noexcept;

// Same, but throws InputError naming `name` when the format is not recognised.
Format detect_format(std::span<const std::uint8_t> head, const std::string& name);

}  // namespace gw::io
