#include "output/report_writer.hpp"

#include <cstdio>
#include <stdexcept>
#include <vector>

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

// The same as append_script_safe, written to `file` piece by piece.
void write_script_safe(AtomicFile& file, std::string_view json) {
  if (is_blank(json)) {
    file.write("null");
    return;
  }
  for (;;) {
    const auto lt = json.find('<');
    file.write(json.substr(0, lt));
    if (lt == std::string_view::npos) return;
    file.write("\\u003c");
    json.remove_prefix(lt + 1);
  }
}

// The template around the data, with `write_cells` writing the cells' JSON: the page is written piece by piece,
// never held whole (the cells of a long run are megabytes).
template <class WriteCells>
void write_report(const std::string& path, std::string_view summary_json, WriteCells&& write_cells,
                  std::string_view events_json, std::string_view spoofing_json) {
  const std::string_view tpl = report_template();
  const auto at = tpl.find(kReportDataPlaceholder);
  if (at == std::string_view::npos) throw std::logic_error("report template without its data placeholder");
  AtomicFile file(path);
  file.write(tpl.substr(0, at));
  file.write("{\"summary\":");
  write_script_safe(file, summary_json);
  file.write(",\"cells\":");
  write_cells(file);
  file.write(",\"events\":");
  write_script_safe(file, events_json);
  file.write(",\"spoofing\":");
  write_script_safe(file, spoofing_json);
  file.write("}");
  file.write(tpl.substr(at + kReportDataPlaceholder.size()));
  file.commit();
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
  write_report(
      path, summary_json, [&](AtomicFile& file) { write_script_safe(file, cells_geojson); }, events_json,
      spoofing_json);
}

void write_report_html_cells_file(const std::string& path, std::string_view summary_json,
                                  const std::string& cells_geojson_path, std::string_view events_json,
                                  std::string_view spoofing_json) {
  write_report(
      path, summary_json,
      [&](AtomicFile& file) {
        std::FILE* in = std::fopen(cells_geojson_path.c_str(), "rb");
        if (!in) throw std::runtime_error("cannot read " + cells_geojson_path);
        std::vector<char> chunk(1 << 20);
        bool blank = true;
        while (const std::size_t got = std::fread(chunk.data(), 1, chunk.size(), in)) {
          const std::string_view text(chunk.data(), got);
          if (blank && !is_blank(text)) blank = false;
          // '<' is one byte: escaping chunk by chunk is escaping the whole.
          for (std::string_view rest = text;;) {
            const auto lt = rest.find('<');
            file.write(rest.substr(0, lt));
            if (lt == std::string_view::npos) break;
            file.write("\\u003c");
            rest.remove_prefix(lt + 1);
          }
        }
        const bool failed = std::ferror(in) != 0;
        std::fclose(in);
        if (failed) throw std::runtime_error("cannot read " + cells_geojson_path);
        if (blank) file.write("null");  // after whitespace only: still valid JSON
      },
      events_json, spoofing_json);
}

}  // namespace gw::output
