#include "output/spoofing_writer.hpp"

#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "output/atomic_file.hpp"
#include "output/events_writer.hpp"  // iso8601_utc

namespace gw::output {
namespace {

using Buffer = fmt::memory_buffer;

void put_time(Buffer& b, double t) {
  if (std::isfinite(t)) fmt::format_to(std::back_inserter(b), "\"{}\"", iso8601_utc(t));
  else b.append(std::string_view("null"));
}

void put_point(Buffer& b, const std::optional<detect::GeoPoint>& p) {
  if (!p || !std::isfinite(p->lat_deg) || !std::isfinite(p->lon_deg)) {
    b.append(std::string_view("null"));
    return;
  }
  fmt::format_to(std::back_inserter(b), "{{\"lat\":{:.5f},\"lon\":{:.5f}}}", p->lat_deg, p->lon_deg);
}

void put_value(Buffer& b, double v) {
  if (!std::isfinite(v)) b.append(std::string_view("null"));
  else if (v == std::round(v) && std::abs(v) < 1e15) fmt::format_to(std::back_inserter(b), "{:.0f}", v);
  else fmt::format_to(std::back_inserter(b), "{:.3f}", v);
}

}  // namespace

std::string spoofing_json_text(std::span<const detect::SpoofingFinding> findings, const detect::SpoofingCounters* counters) {
  Buffer b;
  b.append(std::string_view("{\"findings\":["));
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const detect::SpoofingFinding& f = findings[i];
    b.append(std::string_view(i ? ",\n{" : "\n{"));
    fmt::format_to(std::back_inserter(b), "\"kind\":\"{}\",\"aircraft\":[", detect::spoofing_kind_name(f.kind));
    for (std::size_t k = 0; k < f.aircraft.size(); ++k) {
      fmt::format_to(std::back_inserter(b), "{}\"{:06x}\"", k ? "," : "", f.aircraft[k]);
    }
    b.append(std::string_view("],\"start\":"));
    put_time(b, f.start_s);
    b.append(std::string_view(",\"end\":"));
    put_time(b, f.end_s);
    fmt::format_to(std::back_inserter(b), ",\"occurrences\":{},\"evidence\":{{", f.occurrences);
    for (std::size_t k = 0; k < f.evidence_count; ++k) {
      fmt::format_to(std::back_inserter(b), "{}\"{}\":", k ? "," : "", f.evidence[k].name);
      put_value(b, f.evidence[k].value);
    }
    b.append(std::string_view("},\"reported\":"));
    put_point(b, f.reported);
    b.append(std::string_view(",\"plausible\":"));
    put_point(b, f.plausible);
    b.push_back('}');
  }
  b.append(std::string_view("\n]"));
  if (counters) {
    const detect::SpoofingCounters& c = *counters;
    fmt::format_to(std::back_inserter(b),
                   ",\"counters\":{{\"messages\":{},\"positions\":{},\"positions_no_integrity\":{},\"velocities\":{},\"skipped_corrected\":{},"
                   "\"skipped_not_adsb\":{},\"out_of_order\":{},\"glitches\":{},\"jumps_unconfirmed\":{},"
                   "\"tracks_evicted\":{},\"tracks_refused\":{},\"findings_dropped\":{}}}",
                   c.messages, c.positions, c.positions_no_integrity, c.velocities, c.skipped_corrected, c.skipped_not_adsb, c.out_of_order,
                   c.glitches, c.jumps_unconfirmed, c.tracks_evicted, c.tracks_refused, c.findings_dropped);
  }
  b.append(std::string_view("}\n"));
  return fmt::to_string(b);
}

void write_spoofing_json(const std::string& path, std::span<const detect::SpoofingFinding> findings,
                         const detect::SpoofingCounters* counters) {
  const std::string text = spoofing_json_text(findings, counters);
  AtomicFile file(path);
  file.write(text);
  file.commit();
}

}  // namespace gw::output
