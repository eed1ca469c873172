// report.html: one self-contained file (no network, opens offline) with the map of cells, the event list with a
// chart per event, the spoofing findings and a summary. The page is web/ bundled into the template of
// report_template.hpp; this fills the template's data placeholder with
//   {"summary": <summary>, "cells": <cells.geojson>, "events": <events.json>, "spoofing": <spoofing.json>}
// Field names the page reads: web/README.md.
#pragma once

#include <string>
#include <string_view>

namespace gw::output {

// The report's HTML for the given JSON documents (each one complete, valid JSON; an empty view stands for null).
// Every '<' in them is written as \u003c, which keeps the JSON equal and means nothing in the data (a string
// "</script>" or "<!--") can end the data's <script> element or start markup.
std::string render_report_html(std::string_view summary_json, std::string_view cells_geojson,
                               std::string_view events_json, std::string_view spoofing_json);

// Writes render_report_html(...) to `path` through AtomicFile (complete or absent), piece by piece (the page is
// never held whole). Throws std::runtime_error naming the path when it cannot be written.
void write_report_html(const std::string& path, std::string_view summary_json, std::string_view cells_geojson,
                       std::string_view events_json, std::string_view spoofing_json);
// The same with the cells read from a written cells.geojson in chunks: memory stays flat whatever its size.
void write_report_html_cells_file(const std::string& path, std::string_view summary_json,
                                  const std::string& cells_geojson_path, std::string_view events_json,
                                  std::string_view spoofing_json);

}  // namespace gw::output
