// events.json and events.geojson (schemas: docs/EVENTS_SPOOFING.md). Files are written with AtomicFile: complete
// or absent. The *_text functions return the same documents as strings (for tests and for callers that embed them).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "detect/events.hpp"

namespace gw::output {

// "2026-01-06T22:10:05Z" (UTC, whole seconds, rounded down); "" for a non-finite time.
std::string iso8601_utc(double unix_s);

std::string events_json_text(std::span<const detect::Event> events);
std::string events_geojson_text(std::span<const detect::Event> events);

// Throw std::runtime_error naming the path when the file cannot be written.
void write_events_json(const std::string& path, std::span<const detect::Event> events);
// The same from events_json_text's text, when the caller needs the text too (map hands it to the report).
void write_events_json_text(const std::string& path, std::string_view text);
void write_events_geojson(const std::string& path, std::span<const detect::Event> events);

}  // namespace gw::output
