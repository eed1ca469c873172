// Parsing of time arguments (--start-time): ISO 8601 UTC or unix seconds.
#pragma once

#include <optional>
#include <string_view>

namespace gw::cli {

// "2026-01-06T21:56:56Z", "2026-01-06T21:56:56.3Z", "2026-01-06 21:56:56", "2026-01-06T23:56:56+02:00",
// "2026-01-06" (midnight UTC), or plain unix seconds "1767736616.3". Returns unix seconds, or nullopt.
std::optional<double> parse_time(std::string_view text);

}  // namespace gw::cli
