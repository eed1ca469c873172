// The report.html template: web/ bundled by esbuild at build time (one HTML file, JS and CSS inlined) and embedded
// in the program by cmake/embed.cmake. It holds the data placeholder kReportDataPlaceholder exactly once, inside
// <script id="gnsswatch-data" type="application/json">; write_report_html (report_writer.hpp) fills it.
#pragma once

#include <string_view>

namespace gw::output {

inline constexpr std::string_view kReportDataPlaceholder = "/*GNSSWATCH_DATA*/";

// The whole template, UTF-8. Defined in the generated <build>/generated/report_template.cpp.
std::string_view report_template();

}  // namespace gw::output
