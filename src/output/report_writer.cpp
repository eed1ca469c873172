#include "output/report_writer.hpp"

#include <stdexcept>

#include "output/atomic_file.hpp"
#include "output/report_template.hpp"

namespace gw::output {
namespace {

bool is_blank(std::string_view json) {
  return json.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Appends `json` with each '<' as the JSON escape \u003c. In valid JSON '<' occurs only inside strings, where the
// escape stands for the same character, so the document parses to the same value.
void append_script_safe(std::string& out, std::string_view json) {
  if (is_blank(json)) {
    out += "null";
    return;
  }
  for (;;) {
    const auto lt = json.find('<');
    out += json.substr(0, lt);
    if (lt == std::string_view::npos) return;
    out += "\\u003c";
    json.remove_prefix(lt + 1);
  }
}

}  // namespace

std::string render_report_html(std::string_view summary_json, std::string_view cells_geojson,
                               std::string_view events_json, std::string_view spoofing_json) {
  const std::string_view tpl = report_template();
  const auto at = tpl.find(kReportDataPlaceholder);
  // web/build.mjs fails the build unless the placeholder occurs exactly once: reaching this is a build defect.
  if (at == std::string_view::npos) throw std::logic_error("report template without its data placeholder");
  std::string html;
  html.reserve(tpl.size() + summary_json.size() + cells_geojson.size() + events_json.size() +
               spoofing_json.size() + 64);
  html += tpl.substr(0, at);
  html += "{\"summary\":";
  append_script_safe(html, summary_json);
  html += ",\"cells\":";
  append_script_safe(html, cells_geojson);
  html += ",\"events\":";
  append_script_safe(html, events_json);
  html += ",\"spoofing\":";
  append_script_safe(html, spoofing_json);
  html += '}';
  html += tpl.substr(at + kReportDataPlaceholder.size());
  return html;
}

void write_report_html(const std::string& path, std::string_view summary_json, std::string_view cells_geojson,
                       std::string_view events_json, std::string_view spoofing_json) {
  AtomicFile file(path);
  file.write(render_report_html(summary_json, cells_geojson, events_json, spoofing_json));
  file.commit();
}

}  // namespace gw::output
