// The bundled scenarios (scenarios/*.json), embedded by cmake/embed.cmake at build time: one function per file,
// named after it with '-' as '_'. The list of names is in scenario.cpp.
#pragma once

#include <string_view>

namespace gw::sim::bundled {

std::string_view korea_dmz();
std::string_view baltic_kaliningrad();
std::string_view east_med();
std::string_view spoofing();
std::string_view intermittent();
std::string_view quiet();

}  // namespace gw::sim::bundled
