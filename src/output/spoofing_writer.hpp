// spoofing.json (schema: docs/EVENTS_SPOOFING.md), written with AtomicFile: complete or absent.
#pragma once

#include <span>
#include <string>

#include "detect/spoofing.hpp"

namespace gw::output {

// `counters` (optional) are written as a "counters" object beside the findings.
std::string spoofing_json_text(std::span<const detect::SpoofingFinding> findings,
                               const detect::SpoofingCounters* counters = nullptr);

// Throws std::runtime_error naming the path when the file cannot be written.
void write_spoofing_json(const std::string& path, std::span<const detect::SpoofingFinding> findings,
                         const detect::SpoofingCounters* counters = nullptr);

}  // namespace gw::output
