#include "output/record_writer.hpp"

#include "modes/commb.hpp"

#include <cmath>
#include <iterator>

namespace gw::output {
namespace {

constexpr std::size_t kFlushBytes = 1 << 16;

// One output column: its name, and how to append its value (nothing when the message lacks it).
// The same table drives NDJSON (present fields only) and CSV (every column, empty when absent).
enum class Kind { Number, String, Bool };
struct Column {
  const char* name;
  Kind kind;
  // Appends the value (unquoted) and returns true, or returns false when the field is absent.
  bool (*append)(fmt::memory_buffer&, const modes::ModeSMessage&);
};

template <typename T>
bool put(fmt::memory_buffer& b, const std::optional<T>& v) {
  if (!v) return false;
  if constexpr (std::is_same_v<T, bool>) {
    fmt::format_to(std::back_inserter(b), "{}", *v ? "true" : "false");
  } else {
    fmt::format_to(std::back_inserter(b), "{}", +*v);
  }
  return true;
}

bool put_fixed(fmt::memory_buffer& b, const std::optional<double>& v, int decimals) {
  if (!v) return false;
  fmt::format_to(std::back_inserter(b), "{:.{}f}", *v, decimals);
  return true;
}
bool put_fixed(fmt::memory_buffer& b, const std::optional<float>& v, int decimals) {
  return v ? put_fixed(b, std::optional<double>(*v), decimals) : false;
}

const Column kColumns[] = {
    {"t", Kind::Number,
     [](auto& b, const auto& m) {
       if (!std::isfinite(m.time_s)) return false;
       fmt::format_to(std::back_inserter(b), "{:.6f}", m.time_s);
       return true;
     }},
    {"icao", Kind::String,
     [](auto& b, const auto& m) {
       fmt::format_to(std::back_inserter(b), "{:06x}", m.address);
       return true;
     }},
    {"df", Kind::Number,
     [](auto& b, const auto& m) {
       // Records from state inputs (readsb JSON, OpenSky) carry no downlink format: they have df 0 with an
       // address in the clear, which no DF0 frame has (DF0's address is the CRC remainder).
       if (m.df == 0 && m.address_source == modes::AddressSource::Parity) return false;
       fmt::format_to(std::back_inserter(b), "{}", m.df);
       return true;
     }},
    {"tc", Kind::Number, [](auto& b, const auto& m) { return put(b, m.type_code); }},
    {"lat", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.derived.lat, 6); }},
    {"lon", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.derived.lon, 6); }},
    {"alt_baro", Kind::Number, [](auto& b, const auto& m) { return put(b, m.alt_baro_ft); }},
    {"alt_geom", Kind::Number, [](auto& b, const auto& m) { return put(b, m.alt_geom_ft); }},
    {"on_ground", Kind::Bool, [](auto& b, const auto& m) { return put(b, m.on_ground); }},
    {"gs", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.gs_kt, 1); }},
    {"track", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.track_deg, 2); }},
    {"baro_rate", Kind::Number, [](auto& b, const auto& m) { return put(b, m.baro_rate_fpm); }},
    {"geom_rate", Kind::Number, [](auto& b, const auto& m) { return put(b, m.geom_rate_fpm); }},
    {"ias", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.ias_kt, 0); }},
    {"tas", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.tas_kt, 0); }},
    {"mag_heading", Kind::Number,
     [](auto& b, const auto& m) { return m.heading_is_true != true && put_fixed(b, m.heading_deg, 2); }},
    {"true_heading", Kind::Number,
     [](auto& b, const auto& m) { return m.heading_is_true == true && put_fixed(b, m.heading_deg, 2); }},
    {"callsign", Kind::String,
     [](auto& b, const auto& m) {
       if (!m.callsign) return false;
       // The decoder restricts callsigns to the ICAO 6-bit character set, which needs no JSON/CSV escaping.
       b.append(std::string_view(m.callsign->data()));
       return true;
     }},
    {"category", Kind::String,
     [](auto& b, const auto& m) {
       if (!m.category) return false;
       fmt::format_to(std::back_inserter(b), "{:02X}", *m.category);
       return true;
     }},
    {"squawk", Kind::String,
     [](auto& b, const auto& m) {
       if (!m.squawk) return false;
       fmt::format_to(std::back_inserter(b), "{:04x}", *m.squawk);
       return true;
     }},
    {"emergency", Kind::Number, [](auto& b, const auto& m) { return put(b, m.emergency); }},
    {"version", Kind::Number,
     [](auto& b, const auto& m) { return put(b, m.version ? m.version : m.derived.version); }},
    {"nic", Kind::Number, [](auto& b, const auto& m) { return put(b, m.derived.nic); }},
    {"rc", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.derived.rc_m, 0); }},
    {"nuc_p", Kind::Number, [](auto& b, const auto& m) { return put(b, m.derived.nuc_p); }},
    {"nac_p", Kind::Number, [](auto& b, const auto& m) { return put(b, m.nac_p); }},
    {"nac_v", Kind::Number, [](auto& b, const auto& m) { return put(b, m.nac_v); }},
    {"sil", Kind::Number, [](auto& b, const auto& m) { return put(b, m.sil); }},
    {"sil_type", Kind::String,
     [](auto& b, const auto& m) {
       if (!m.sil_type) return false;
       b.append(std::string_view(*m.sil_type == modes::SilType::PerHour ? "perhour" : "persample"));
       return true;
     }},
    {"gva", Kind::Number, [](auto& b, const auto& m) { return put(b, m.gva); }},
    {"sda", Kind::Number, [](auto& b, const auto& m) { return put(b, m.sda); }},
    {"nic_a", Kind::Number, [](auto& b, const auto& m) { return put(b, m.nic_a ? std::optional<int>(*m.nic_a) : std::nullopt); }},
    {"nic_b", Kind::Number, [](auto& b, const auto& m) { return put(b, m.nic_b ? std::optional<int>(*m.nic_b) : std::nullopt); }},
    {"nic_c", Kind::Number, [](auto& b, const auto& m) { return put(b, m.nic_c ? std::optional<int>(*m.nic_c) : std::nullopt); }},
    {"nic_baro", Kind::Number, [](auto& b, const auto& m) { return put(b, m.nic_baro); }},
    {"gnss_baro_diff", Kind::Number, [](auto& b, const auto& m) { return put(b, m.gnss_baro_diff_ft); }},
    {"nav_altitude", Kind::Number, [](auto& b, const auto& m) { return put(b, m.nav_altitude_ft); }},
    {"nav_altitude_fms", Kind::Number, [](auto& b, const auto& m) { return put(b, m.nav_altitude_fms_ft); }},
    {"nav_qnh", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.nav_qnh_hpa, 1); }},
    {"nav_heading", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.nav_heading_deg, 2); }},
    {"roll", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.roll_deg, 2); }},
    {"track_rate", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.track_rate_deg_s, 3); }},
    {"mach", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.mach, 3); }},
    {"bds", Kind::String,
     [](auto& b, const auto& m) {
       // Comm-B registers the reply fits, e.g. "BDS40,BDS45"; empty when none fits.
       if (!m.commb_registers) return false;
       bool first = true;
       for (unsigned r = 0; r < modes::commb::kRegisterCount; ++r) {
         if (!(*m.commb_registers & (1u << r))) continue;
         if (!first) b.push_back(',');
         b.append(std::string_view(modes::commb::register_name(static_cast<modes::commb::Register>(r))));
         first = false;
       }
       return true;
     }},
    {"signal", Kind::Number, [](auto& b, const auto& m) { return put(b, m.signal); }},
    {"rssi", Kind::Number, [](auto& b, const auto& m) { return put_fixed(b, m.rssi_dbfs, 1); }},
    {"counter_12mhz", Kind::Number, [](auto& b, const auto& m) { return put(b, m.counter_12mhz); }},
};

}  // namespace

bool parse_record_format(std::string_view text, RecordFormat& out) {
  if (text == "ndjson") out = RecordFormat::Ndjson;
  else if (text == "csv") out = RecordFormat::Csv;
  else if (text == "none") out = RecordFormat::None;
  else return false;
  return true;
}

RecordWriter::RecordWriter(std::FILE* out, RecordFormat format) : out_(out), format_(format) {}

RecordWriter::~RecordWriter() { flush(); }

void RecordWriter::write(const modes::ModeSMessage& msg) {
  switch (format_) {
    case RecordFormat::Ndjson: write_ndjson(msg); break;
    case RecordFormat::Csv: write_csv(msg); break;
    case RecordFormat::None: return;
  }
  if (buffer_.size() >= kFlushBytes) flush();
}

void RecordWriter::write_ndjson(const modes::ModeSMessage& msg) {
  buffer_.push_back('{');
  bool first = true;
  for (const Column& col : kColumns) {
    const std::size_t mark = buffer_.size();
    if (!first) buffer_.push_back(',');
    fmt::format_to(std::back_inserter(buffer_), "\"{}\":", col.name);
    if (col.kind == Kind::String) buffer_.push_back('"');
    if (!col.append(buffer_, msg)) {
      buffer_.resize(mark);
      continue;
    }
    if (col.kind == Kind::String) buffer_.push_back('"');
    first = false;
  }
  buffer_.append(std::string_view("}\n"));
}

void RecordWriter::write_csv(const modes::ModeSMessage& msg) {
  if (!header_written_) {
    bool first = true;
    for (const Column& col : kColumns) {
      if (!first) buffer_.push_back(',');
      buffer_.append(std::string_view(col.name));
      first = false;
    }
    buffer_.push_back('\n');
    header_written_ = true;
  }
  bool first = true;
  for (const Column& col : kColumns) {
    if (!first) buffer_.push_back(',');
    col.append(buffer_, msg);
    first = false;
  }
  buffer_.push_back('\n');
}

bool RecordWriter::flush() {
  if (buffer_.size() == 0) return true;
  const std::size_t n = std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
  const bool ok = n == buffer_.size() && std::fflush(out_) == 0;
  buffer_.clear();
  return ok;
}

}  // namespace gw::output
