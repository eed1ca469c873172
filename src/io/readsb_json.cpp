#include "io/readsb_json.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "io/input_error.hpp"

namespace gw::io {
namespace {

namespace od = simdjson::ondemand;
using modes::AddressKind;
using modes::ModeSMessage;

// A JSON document larger than this is not an aircraft.json or a trace (those are kB to a few MB).
constexpr std::size_t kMaxJsonBytes = std::size_t{1} << 30;
constexpr std::size_t kReadChunk = std::size_t{1} << 16;

// Limits of the integrity fields, from their widths in DO-260B (§2.2.3.2.7.2 operational status, §2.2.3.2.6
// airborne velocity) and readsb's NIC (0-11). A value outside its range is an impossible value, not a reading.
constexpr double kMaxNic = 11, kMaxNacP = 11, kMaxNacV = 7, kMaxSil = 3, kMaxGva = 3, kMaxSda = 3, kMaxNicBaro = 1,
                 kMaxVersion = 7, kMaxEmergency = 7;

// DO-260B §2.2.3.2.7.8.1.1, Table 2-85: emergency/priority status values, under readsb's names.
constexpr std::array<std::string_view, 8> kEmergencyNames = {"none",  "general", "lifeguard", "minfuel",
                                                             "nordo", "unlawful", "downed",   "reserved"};

// readsb's `type` strings (README-json.md, aircraft.json "type") and the AddressKind each stands for.
struct SourceTypeName {
  std::string_view name;
  AddressKind kind;
};
constexpr std::array<SourceTypeName, 12> kSourceTypes = {{
    {"adsb_icao", AddressKind::AdsbIcao},
    {"adsb_icao_nt", AddressKind::AdsbIcao},
    {"adsr_icao", AddressKind::AdsrIcao},
    {"tisb_icao", AddressKind::TisbIcao},
    {"adsc", AddressKind::ModeS},
    {"mlat", AddressKind::ModeS},
    {"other", AddressKind::ModeS},
    {"mode_s", AddressKind::ModeS},
    {"adsb_other", AddressKind::AdsbOther},
    {"adsr_other", AddressKind::AdsrOther},
    {"tisb_other", AddressKind::TisbOther},
    {"tisb_trackfile", AddressKind::TisbOther},
}};

std::optional<AddressKind> kind_for_type(std::string_view type) {
  for (const auto& t : kSourceTypes)
    if (t.name == type) return t.kind;
  return std::nullopt;
}

bool is_icao_kind(AddressKind k) {
  return k == AddressKind::AdsbIcao || k == AddressKind::AdsrIcao || k == AddressKind::TisbIcao;
}

// A parsed readsb address: "~" prefix means a non-ICAO address (README-json.md, aircraft.json "hex").
struct ReadsbHex {
  std::uint32_t address = 0;
  bool non_icao = false;
};

std::optional<ReadsbHex> parse_readsb_hex(std::string_view text) {
  ReadsbHex out;
  if (!text.empty() && text.front() == '~') {
    out.non_icao = true;
    text.remove_prefix(1);
  }
  const auto a = detail::parse_icao24_hex(text);
  if (!a) return std::nullopt;
  out.address = *a;
  return out;
}

// address_kind from `type` when it names one, else from the '~' of the hex. A '~' address is never given an ICAO
// kind, whatever `type` says.
AddressKind resolve_kind(std::optional<AddressKind> from_type, bool non_icao) {
  if (from_type && !(non_icao && is_icao_kind(*from_type))) return *from_type;
  return non_icao ? AddressKind::AdsbOther : AddressKind::AdsbIcao;
}

// ---------------------------------------------------------------------------------------------------------------
// The whole ByteSource, in a buffer with simdjson's padding.
struct JsonBuffer {
  std::string bytes;  // size() = length + SIMDJSON_PADDING
  std::size_t length = 0;
};

JsonBuffer slurp(ByteSource& src) {
  JsonBuffer buf;
  buf.bytes.resize(kReadChunk + simdjson::SIMDJSON_PADDING);
  for (;;) {
    if (buf.bytes.size() - buf.length < kReadChunk + simdjson::SIMDJSON_PADDING)
      buf.bytes.resize(buf.bytes.size() * 2);
    const std::size_t n = src.read(reinterpret_cast<std::uint8_t*>(buf.bytes.data() + buf.length), kReadChunk);
    if (n == 0) break;
    buf.length += n;
    if (buf.length > kMaxJsonBytes)
      throw InputError(src.name(), "JSON document too large", InputLocation::byte(buf.length),
                       "limit " + std::to_string(kMaxJsonBytes) + " bytes");
  }
  std::fill(buf.bytes.begin() + static_cast<std::ptrdiff_t>(buf.length), buf.bytes.end(), '\0');
  return buf;
}

// Errors that only concern the value asked for; every other simdjson error leaves the document unreadable.
bool is_value_error(simdjson::error_code ec) {
  return ec == simdjson::INCORRECT_TYPE || ec == simdjson::NUMBER_OUT_OF_RANGE || ec == simdjson::NUMBER_ERROR;
}

// The document being read, for error messages.
class JsonContext {
 public:
  JsonContext(const std::string& name, const JsonBuffer& buf, od::document& doc)
      : name_(name), begin_(buf.bytes.data()), length_(buf.length), doc_(doc) {}

  [[noreturn]] void fail(std::string_view problem, simdjson::error_code ec = simdjson::SUCCESS) const {
    InputLocation where = InputLocation::none();
    const char* loc = nullptr;
    if (ec == simdjson::INCOMPLETE_ARRAY_OR_OBJECT)  // unbalanced brackets: found at the end of the input
      where = InputLocation::byte(length_);
    else if (doc_.current_location().get(loc) == simdjson::SUCCESS && loc >= begin_)
      where = InputLocation::byte(static_cast<std::uint64_t>(loc - begin_));
    throw InputError(name_, problem, where, ec == simdjson::SUCCESS ? std::string_view{} : simdjson::error_message(ec));
  }

  // Throws on document-level errors; returns true when `ec` is fine, false for a value-level error.
  bool check(simdjson::error_code ec) const {
    if (ec == simdjson::SUCCESS) return true;
    if (is_value_error(ec)) return false;
    fail("malformed JSON", ec);
  }

 private:
  const std::string& name_;
  const char* begin_;
  std::size_t length_;
  od::document& doc_;
};

// ---------------------------------------------------------------------------------------------------------------
// Typed reads of one value. Absent = JSON null; Bad = wrong type or impossible value (counted, field dropped).
enum class Got : std::uint8_t { Value, Absent, Bad };

Got value_type(const JsonContext& cx, od::value& v, od::json_type& type) {
  if (!cx.check(v.type().get(type))) return Got::Bad;
  return type == od::json_type::null ? Got::Absent : Got::Value;
}

Got get_number(const JsonContext& cx, od::value& v, double& out) {
  od::json_type type{};
  const Got g = value_type(cx, v, type);
  if (g != Got::Value) return g;
  if (type != od::json_type::number) return Got::Bad;
  if (!cx.check(v.get_double().get(out))) return Got::Bad;
  return std::isfinite(out) ? Got::Value : Got::Bad;
}

Got get_string(const JsonContext& cx, od::value& v, std::string_view& out) {
  od::json_type type{};
  const Got g = value_type(cx, v, type);
  if (g != Got::Value) return g;
  if (type != od::json_type::string) return Got::Bad;
  return cx.check(v.get_string().get(out)) ? Got::Value : Got::Bad;
}

// Converts a number to T (integral, rounded) within [lo, hi].
template <typename T>
std::optional<T> to_int(double x, double lo, double hi) {
  if (!(x >= lo && x <= hi)) return std::nullopt;
  return static_cast<T>(std::lround(x));
}

// A code field (nic, nac_p ...): an integer within [0, max].
std::optional<std::uint8_t> to_code(double x, double max) {
  if (!(x >= 0 && x <= max) || x != std::floor(x)) return std::nullopt;
  return static_cast<std::uint8_t>(x);
}

constexpr double kInt32Lo = std::numeric_limits<std::int32_t>::min();
constexpr double kInt32Hi = std::numeric_limits<std::int32_t>::max();

// ---------------------------------------------------------------------------------------------------------------
// The readsb aircraft fields (README-json.md, aircraft.json), shared by aircraft.json entries and trace `details`.
enum class Key : std::uint8_t {
  Unknown, AltBaro, AltGeom, BaroRate, Category, Emergency, Flight, GeomRate, Gs, Gva, Hex, Ias, Lat, Lon,
  MagHeading, NacP, NacV, NavAltitudeFms, NavAltitudeMcp, NavHeading, NavQnh, Nic, NicA, NicBaro, NicC, Rc, Rssi,
  Seen, SeenPos, Sda, Sil, SilType, Squawk, Tas, Track, TrueHeading, Type, Version,
};

struct KeyName {
  std::string_view name;
  Key key;
};
// Sorted by name for binary search.
constexpr std::array<KeyName, 37> kKeys = {{
    {"alt_baro", Key::AltBaro},       {"alt_geom", Key::AltGeom},
    {"baro_rate", Key::BaroRate},     {"category", Key::Category},
    {"emergency", Key::Emergency},    {"flight", Key::Flight},
    {"geom_rate", Key::GeomRate},     {"gs", Key::Gs},
    {"gva", Key::Gva},                {"hex", Key::Hex},
    {"ias", Key::Ias},                {"lat", Key::Lat},
    {"lon", Key::Lon},                {"mag_heading", Key::MagHeading},
    {"nac_p", Key::NacP},             {"nac_v", Key::NacV},
    {"nav_altitude_fms", Key::NavAltitudeFms}, {"nav_altitude_mcp", Key::NavAltitudeMcp},
    {"nav_heading", Key::NavHeading}, {"nav_qnh", Key::NavQnh},
    {"nic", Key::Nic},                {"nic_a", Key::NicA},
    {"nic_baro", Key::NicBaro},       {"nic_c", Key::NicC},
    {"rc", Key::Rc},                  {"rssi", Key::Rssi},
    {"sda", Key::Sda},                {"seen", Key::Seen},
    {"seen_pos", Key::SeenPos},       {"sil", Key::Sil},
    {"sil_type", Key::SilType},       {"squawk", Key::Squawk},
    {"tas", Key::Tas},                {"track", Key::Track},
    {"true_heading", Key::TrueHeading}, {"type", Key::Type},
    {"version", Key::Version},
}};

static_assert(std::is_sorted(kKeys.begin(), kKeys.end(),
                             [](const KeyName& a, const KeyName& b) { return a.name < b.name; }));

Key key_for(std::string_view name) {
  const auto it = std::lower_bound(kKeys.begin(), kKeys.end(), name,
                                   [](const KeyName& k, std::string_view n) { return k.name < n; });
  return (it != kKeys.end() && it->name == name) ? it->key : Key::Unknown;
}

// Fields of one readsb aircraft object that need the whole object before they can be placed.
struct AircraftExtras {
  std::optional<ReadsbHex> hex;
  bool hex_bad = false;
  std::optional<AddressKind> type_kind;
  std::optional<double> seen_s, seen_pos_s;
  std::optional<float> mag_heading, true_heading;
  std::optional<std::int32_t> nav_alt_mcp, nav_alt_fms;
  std::uint64_t bad_fields = 0;
};

// Reads one field of a readsb aircraft object into `m` / `x`. Unknown keys are ignored.
void read_aircraft_field(const JsonContext& cx, Key key, od::value& v, ModeSMessage& m, AircraftExtras& x) {
  double num = 0;
  std::string_view str;
  Got g = Got::Absent;
  // Each case sets g; `ok` false makes the value a bad field.
  bool ok = true;
  const auto number = [&] { g = get_number(cx, v, num); return g == Got::Value; };
  const auto string = [&] { g = get_string(cx, v, str); return g == Got::Value; };
  const auto code = [&](std::optional<std::uint8_t>& dst, double max) {
    if (number()) ok = (dst = to_code(num, max)).has_value();
  };
  const auto int32 = [&](std::optional<std::int32_t>& dst) {
    if (number()) ok = (dst = to_int<std::int32_t>(num, kInt32Lo, kInt32Hi)).has_value();
  };
  const auto real = [&](std::optional<float>& dst, double lo, double hi) {
    if (number()) {
      ok = num >= lo && num <= hi;
      if (ok) dst = static_cast<float>(num);
    }
  };
  const auto flag = [&](std::optional<bool>& dst) {
    od::json_type type{};
    g = value_type(cx, v, type);
    if (g != Got::Value) return;
    if (type == od::json_type::boolean) {
      bool b = false;
      ok = cx.check(v.get_bool().get(b));
      if (ok) dst = b;
    } else if (number()) {
      ok = num == 0 || num == 1;
      if (ok) dst = num == 1;
    }
  };
  constexpr double kMaxAngle = 360;

  switch (key) {
    case Key::Unknown: return;
    case Key::Hex:
      if (string()) {
        x.hex = parse_readsb_hex(str);
        x.hex_bad = !x.hex;
      } else {
        x.hex_bad = true;
      }
      return;  // address problems are counted as bad_address by the caller, not as bad fields
    case Key::Type:
      if (string()) x.type_kind = kind_for_type(str);  // unknown types: default kind, not an error
      break;
    case Key::Flight:
      if (string()) {
        auto cs = detail::parse_callsign(str);
        ok = cs.has_value();
        if (ok && (*cs)[0] != '\0') m.callsign = cs;  // an all-blank callsign is no callsign
      }
      break;
    case Key::AltBaro: {
      od::json_type type{};
      g = value_type(cx, v, type);
      if (g == Got::Value && type == od::json_type::string) {
        ok = cx.check(v.get_string().get(str)) && str == "ground";
        if (ok) m.on_ground = true;
      } else if (g == Got::Value && number()) {
        ok = (m.alt_baro_ft = to_int<std::int32_t>(num, kInt32Lo, kInt32Hi)).has_value();
        if (ok) m.on_ground = false;
      }
      break;
    }
    case Key::AltGeom: int32(m.alt_geom_ft); break;
    case Key::BaroRate: int32(m.baro_rate_fpm); break;
    case Key::GeomRate: int32(m.geom_rate_fpm); break;
    case Key::Gs: real(m.gs_kt, 0, 1e5); break;
    case Key::Ias: real(m.ias_kt, 0, 1e5); break;
    case Key::Tas: real(m.tas_kt, 0, 1e5); break;
    case Key::Track: real(m.track_deg, 0, kMaxAngle); break;
    case Key::MagHeading: real(x.mag_heading, 0, kMaxAngle); break;
    case Key::TrueHeading: real(x.true_heading, 0, kMaxAngle); break;
    case Key::Squawk:
      if (string()) ok = (m.squawk = detail::parse_squawk(str)).has_value();
      break;
    case Key::Emergency:
      if (string()) {
        const auto it = std::find(kEmergencyNames.begin(), kEmergencyNames.end(), str);
        ok = it != kEmergencyNames.end();
        if (ok) m.emergency = static_cast<std::uint8_t>(it - kEmergencyNames.begin());
      } else if (g == Got::Bad) {
        // readsb writes a string; a number 0-7 is the code itself
        g = Got::Absent;
        code(m.emergency, kMaxEmergency);
      }
      break;
    case Key::Category:
      if (string()) ok = (m.category = detail::parse_category(str)).has_value();
      break;
    case Key::NavQnh: real(m.nav_qnh_hpa, 0, 2000); break;
    case Key::NavAltitudeMcp: int32(x.nav_alt_mcp); break;
    case Key::NavAltitudeFms: int32(x.nav_alt_fms); break;
    case Key::NavHeading: real(m.nav_heading_deg, 0, kMaxAngle); break;
    case Key::Lat:
      if (number()) {
        ok = num >= -90 && num <= 90;
        if (ok) m.derived.lat = num;
      }
      break;
    case Key::Lon:
      if (number()) {
        ok = num >= -180 && num <= 180;
        if (ok) m.derived.lon = num;
      }
      break;
    case Key::Nic: code(m.derived.nic, kMaxNic); break;
    case Key::Rc:
      if (number()) {
        ok = num >= 0;
        if (ok) m.derived.rc_m = static_cast<float>(num);
      }
      break;
    case Key::Version: code(m.derived.version, kMaxVersion); break;
    case Key::NicBaro: code(m.nic_baro, kMaxNicBaro); break;
    case Key::NacP: code(m.nac_p, kMaxNacP); break;
    case Key::NacV: code(m.nac_v, kMaxNacV); break;
    case Key::Sil: code(m.sil, kMaxSil); break;
    case Key::Gva: code(m.gva, kMaxGva); break;
    case Key::Sda: code(m.sda, kMaxSda); break;
    case Key::NicA: flag(m.nic_a); break;
    case Key::NicC: flag(m.nic_c); break;
    case Key::SilType:
      if (string()) {
        if (str == "perhour") m.sil_type = modes::SilType::PerHour;
        else if (str == "persample") m.sil_type = modes::SilType::PerSample;
        else ok = str == "unknown";
      }
      break;
    case Key::Rssi: real(m.rssi_dbfs, -1000, 1000); break;
    case Key::Seen:
      if (number()) {
        ok = num >= 0;
        if (ok) x.seen_s = num;
      }
      break;
    case Key::SeenPos:
      if (number()) {
        ok = num >= 0;
        if (ok) x.seen_pos_s = num;
      }
      break;
  }
  if (g == Got::Bad || !ok) ++x.bad_fields;
}

// Reads the fields of one readsb aircraft object (an aircraft.json entry or a trace row's details).
void read_aircraft_object(const JsonContext& cx, od::object& obj, ModeSMessage& m, AircraftExtras& x) {
  for (auto field_result : obj) {
    od::field field;
    if (!cx.check(std::move(field_result).get(field))) cx.fail("malformed JSON object");
    std::string_view name;
    if (!cx.check(field.unescaped_key().get(name))) cx.fail("malformed JSON key");
    const Key key = key_for(name);
    if (key == Key::Unknown) continue;  // skipped by the iterator
    od::value v = field.value();
    read_aircraft_field(cx, key, v, m, x);
  }
}

// Places the fields that depend on others of the same object.
void finish_aircraft(ModeSMessage& m, const AircraftExtras& x) {
  if (x.mag_heading) {
    m.heading_deg = x.mag_heading;
    m.heading_is_true = false;
  } else if (x.true_heading) {
    m.heading_deg = x.true_heading;
    m.heading_is_true = true;
  }
  if (x.nav_alt_mcp) m.nav_altitude_ft = x.nav_alt_mcp;
  else if (x.nav_alt_fms) m.nav_altitude_ft = x.nav_alt_fms;
}

// lat and lon come as a pair: one without the other is a bad field and neither is kept.
void pair_position(ModeSMessage& m, std::uint64_t& bad_fields) {
  if (m.derived.lat.has_value() != m.derived.lon.has_value()) {
    m.derived.lat.reset();
    m.derived.lon.reset();
    ++bad_fields;
  }
}

void emit(std::span<const ModeSMessage> records, const RecordBatchFn& sink, RecordReadStats& stats) {
  for (std::size_t i = 0; i < records.size(); i += kRecordBatchSize) {
    const auto batch = records.subspan(i, std::min(kRecordBatchSize, records.size() - i));
    sink(batch);
    stats.records += batch.size();
  }
}

// Opens the document; the top level must be an object.
od::object open_top_object(const std::string& name, const JsonBuffer& buf, od::parser& parser, od::document& doc) {
  const simdjson::padded_string_view view(buf.bytes.data(), buf.length, buf.bytes.size());
  if (auto ec = parser.iterate(view).get(doc))
    throw InputError(name, "malformed JSON", InputLocation::none(), simdjson::error_message(ec));
  const JsonContext cx(name, buf, doc);
  od::object top;
  if (!cx.check(doc.get_object().get(top))) cx.fail("expected a JSON object at the top level");
  return top;
}

// After the top-level object: only whitespace may follow (current_location() is OUT_OF_BOUNDS at the end).
void expect_end(const JsonContext& cx, od::document& doc) {
  const char* loc = nullptr;
  if (doc.current_location().get(loc) == simdjson::SUCCESS) cx.fail("trailing content after the JSON document");
}

// ---------------------------------------------------------------------------------------------------------------
// Trace rows.

// readsb trace flags (README-json.md, "trace jsons").
constexpr std::uint32_t kTraceFlagStale = 1;
constexpr std::uint32_t kTraceFlagNewLeg = 2;
constexpr std::uint32_t kTraceFlagGeomRate = 4;
constexpr std::uint32_t kTraceFlagGeomAlt = 8;
static_assert((kTraceFlagStale | kTraceFlagNewLeg) == 3, "bits 1 and 2 carry no ModeSMessage field");

enum TraceColumn : std::size_t {
  kColTime = 0, kColLat, kColLon, kColAlt, kColGs, kColTrack, kColFlags, kColVrate, kColDetails, kColSource,
  kColGeomAlt, kColGeomRate, kColIas, kColRoll,
};

// Columns before `details` are held here until the flags and details are known.
struct TraceRowColumns {
  std::optional<double> dt, lat, lon;
  std::optional<double> alt;  // feet
  bool ground = false;
  std::optional<double> gs, track, vrate;
  std::uint32_t flags = 0;
  std::optional<double> geom_alt, geom_rate;
};

// Reads one trace row into `m` (time_s = seconds after the trace's timestamp). Returns false when the row has no
// usable time offset (the whole row is still consumed).
bool read_trace_row(const JsonContext& cx, od::array& row, ModeSMessage& m, AircraftExtras& x) {
  TraceRowColumns c;
  std::size_t i = 0;
  double num = 0;
  std::string_view str;
  for (auto element : row) {
    od::value v;
    if (!cx.check(std::move(element).get(v))) cx.fail("malformed trace row");
    Got g = Got::Absent;
    bool ok = true;
    const auto number = [&](std::optional<double>& dst) {
      g = get_number(cx, v, num);
      if (g == Got::Value) dst = num;
    };
    switch (i) {
      case kColTime: number(c.dt); break;
      case kColLat: number(c.lat); ok = !c.lat || std::abs(*c.lat) <= 90; break;
      case kColLon: number(c.lon); ok = !c.lon || std::abs(*c.lon) <= 180; break;
      case kColAlt: {
        od::json_type type{};
        g = value_type(cx, v, type);
        if (g == Got::Value && type == od::json_type::string) {
          ok = cx.check(v.get_string().get(str)) && str == "ground";
          c.ground = ok;
        } else if (g == Got::Value) {
          number(c.alt);
          ok = !c.alt || (*c.alt >= kInt32Lo && *c.alt <= kInt32Hi);
        }
        break;
      }
      case kColGs: number(c.gs); ok = !c.gs || *c.gs >= 0; break;
      case kColTrack: number(c.track); ok = !c.track || (*c.track >= 0 && *c.track <= 360); break;
      case kColFlags: {
        std::optional<double> f;
        number(f);
        ok = !f || (*f >= 0 && *f <= 255 && *f == std::floor(*f));
        if (f && ok) c.flags = static_cast<std::uint32_t>(*f);
        break;
      }
      case kColVrate: number(c.vrate); ok = !c.vrate || (*c.vrate >= kInt32Lo && *c.vrate <= kInt32Hi); break;
      case kColDetails: {
        od::json_type type{};
        g = value_type(cx, v, type);
        if (g == Got::Value && type == od::json_type::object) {
          od::object details;
          if (!cx.check(v.get_object().get(details))) cx.fail("malformed trace details");
          read_aircraft_object(cx, details, m, x);
        } else if (g == Got::Value) {
          ok = false;
        }
        break;
      }
      case kColSource:
        g = get_string(cx, v, str);
        if (g == Got::Value) x.type_kind = kind_for_type(str);
        break;
      case kColGeomAlt:
        number(c.geom_alt);
        ok = !c.geom_alt || (*c.geom_alt >= kInt32Lo && *c.geom_alt <= kInt32Hi);
        break;
      case kColGeomRate:
        number(c.geom_rate);
        ok = !c.geom_rate || (*c.geom_rate >= kInt32Lo && *c.geom_rate <= kInt32Hi);
        break;
      case kColIas: {
        std::optional<double> s;
        number(s);
        ok = !s || *s >= 0;
        if (s && ok) m.ias_kt = static_cast<float>(*s);
        break;
      }
      default: break;  // roll and later columns are not read
    }
    if (g == Got::Bad || !ok) {
      if (i == kColTime) {
        c.dt.reset();  // the row is skipped (bad_time), not counted as a bad field
        ++i;
        continue;
      }
      ++x.bad_fields;
      // a bad value is not used
      if (i == kColLat) c.lat.reset();
      if (i == kColLon) c.lon.reset();
      if (i == kColAlt) c.alt.reset();
      if (i == kColGs) c.gs.reset();
      if (i == kColTrack) c.track.reset();
      if (i == kColVrate) c.vrate.reset();
      if (i == kColGeomAlt) c.geom_alt.reset();
      if (i == kColGeomRate) c.geom_rate.reset();
    }
    ++i;
  }
  if (!c.dt) return false;
  m.time_s = *c.dt;

  // The row's own columns override the details object of the same row.
  if (c.lat && c.lon) {
    m.derived.lat = c.lat;
    m.derived.lon = c.lon;
  } else if (c.lat || c.lon) {
    ++x.bad_fields;
  }
  const auto to_i32 = [](double x) { return static_cast<std::int32_t>(std::lround(x)); };
  if (c.ground) {
    m.on_ground = true;
  } else if (c.alt) {
    if (c.flags & kTraceFlagGeomAlt) {
      m.alt_geom_ft = to_i32(*c.alt);
    } else {
      m.alt_baro_ft = to_i32(*c.alt);
      m.on_ground = false;
    }
  }
  if (c.geom_alt) m.alt_geom_ft = to_i32(*c.geom_alt);  // column 10 is explicitly geometric: it wins
  if (c.gs) m.gs_kt = static_cast<float>(*c.gs);
  if (c.track) {
    if (c.ground) {  // README-json.md: on the ground column 5 is the true heading, not the track
      x.true_heading = static_cast<float>(*c.track);
      x.mag_heading.reset();
    } else {
      m.track_deg = static_cast<float>(*c.track);
    }
  }
  if (c.vrate) {
    if (c.flags & kTraceFlagGeomRate) m.geom_rate_fpm = to_i32(*c.vrate);
    else m.baro_rate_fpm = to_i32(*c.vrate);
  }
  if (c.geom_rate) m.geom_rate_fpm = to_i32(*c.geom_rate);  // column 11 is explicitly geometric: it wins
  return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------

void read_readsb_aircraft_json(ByteSource& src, const RecordBatchFn& sink, RecordReadStats& stats) {
  const std::string name = src.name();
  const JsonBuffer buf = slurp(src);
  od::parser parser;
  od::document doc;
  od::object top = open_top_object(name, buf, parser, doc);
  const JsonContext cx(name, buf, doc);

  std::optional<double> now;
  bool have_aircraft = false;
  std::vector<ModeSMessage> records;
  std::vector<AircraftExtras> extras;  // seen / seen_pos per record, placed once `now` is known
  RecordReadStats local;

  for (auto field_result : top) {
    od::field field;
    if (!cx.check(std::move(field_result).get(field))) cx.fail("malformed JSON object");
    std::string_view key;
    if (!cx.check(field.unescaped_key().get(key))) cx.fail("malformed JSON key");
    od::value v = field.value();
    if (key == "now") {
      double t = 0;
      if (get_number(cx, v, t) != Got::Value) cx.fail("\"now\" is not a number");
      now = t;
    } else if (key == "aircraft") {
      od::array list;
      if (!cx.check(v.get_array().get(list))) cx.fail("\"aircraft\" is not an array");
      have_aircraft = true;
      for (auto entry : list) {
        od::value ev;
        if (!cx.check(std::move(entry).get(ev))) cx.fail("malformed aircraft entry");
        od::json_type type{};
        od::object obj;
        if (value_type(cx, ev, type) != Got::Value || type != od::json_type::object ||
            !cx.check(ev.get_object().get(obj))) {
          ++local.bad_rows;
          continue;
        }
        ModeSMessage m;
        AircraftExtras x;
        read_aircraft_object(cx, obj, m, x);
        local.bad_fields += x.bad_fields;
        if (!x.hex) {
          ++local.bad_address;
          continue;
        }
        m.address = x.hex->address;
        m.address_kind = resolve_kind(x.type_kind, x.hex->non_icao);
        finish_aircraft(m, x);
        pair_position(m, local.bad_fields);
        records.push_back(m);
        extras.push_back(x);
      }
    }
  }
  expect_end(cx, doc);
  if (!have_aircraft) throw InputError(name, "not a readsb aircraft.json: no \"aircraft\" array");
  if (!now) throw InputError(name, "not a readsb aircraft.json: no \"now\" time");

  for (std::size_t i = 0; i < records.size(); ++i) {
    ModeSMessage& m = records[i];
    const AircraftExtras& x = extras[i];
    double age = 0;
    if (m.derived.lat && x.seen_pos_s) age = *x.seen_pos_s;
    else if (x.seen_s) age = *x.seen_s;
    m.time_s = *now - age;
  }

  local.skipped = local.bad_address + local.bad_time + local.bad_rows;
  stats.skipped += local.skipped;
  stats.bad_address += local.bad_address;
  stats.bad_time += local.bad_time;
  stats.bad_rows += local.bad_rows;
  stats.bad_fields += local.bad_fields;
  emit(records, sink, stats);
}

void read_readsb_trace(ByteSource& src, const RecordBatchFn& sink, RecordReadStats& stats) {
  const std::string name = src.name();
  const JsonBuffer buf = slurp(src);
  od::parser parser;
  od::document doc;
  od::object top = open_top_object(name, buf, parser, doc);
  const JsonContext cx(name, buf, doc);

  std::optional<ReadsbHex> hex;
  std::optional<double> timestamp;
  bool have_trace = false;
  std::vector<ModeSMessage> records;
  std::vector<std::optional<AddressKind>> kinds;  // per record, from the row's source type
  RecordReadStats local;

  for (auto field_result : top) {
    od::field field;
    if (!cx.check(std::move(field_result).get(field))) cx.fail("malformed JSON object");
    std::string_view key;
    if (!cx.check(field.unescaped_key().get(key))) cx.fail("malformed JSON key");
    od::value v = field.value();
    if (key == "icao") {
      std::string_view s;
      if (get_string(cx, v, s) != Got::Value || !(hex = parse_readsb_hex(s)))
        cx.fail("\"icao\" is not a 6-digit hex address");
    } else if (key == "timestamp") {
      double t = 0;
      if (get_number(cx, v, t) != Got::Value) cx.fail("\"timestamp\" is not a number");
      timestamp = t;
    } else if (key == "trace") {
      od::array rows;
      if (!cx.check(v.get_array().get(rows))) cx.fail("\"trace\" is not an array");
      have_trace = true;
      for (auto entry : rows) {
        od::value rv;
        if (!cx.check(std::move(entry).get(rv))) cx.fail("malformed trace row");
        od::json_type type{};
        od::array row;
        if (value_type(cx, rv, type) != Got::Value || type != od::json_type::array ||
            !cx.check(rv.get_array().get(row))) {
          ++local.bad_rows;
          continue;
        }
        ModeSMessage m;
        AircraftExtras x;
        const bool timed = read_trace_row(cx, row, m, x);
        local.bad_fields += x.bad_fields;
        if (!timed) {
          ++local.bad_time;
          continue;
        }
        finish_aircraft(m, x);
        pair_position(m, local.bad_fields);
        records.push_back(m);
        kinds.push_back(x.type_kind);
      }
    }
  }
  expect_end(cx, doc);
  if (!have_trace) throw InputError(name, "not a readsb trace: no \"trace\" array");
  if (!hex) throw InputError(name, "not a readsb trace: no \"icao\" address");
  if (!timestamp) throw InputError(name, "not a readsb trace: no \"timestamp\"");

  for (std::size_t i = 0; i < records.size(); ++i) {
    ModeSMessage& m = records[i];
    m.address = hex->address;
    m.address_kind = resolve_kind(kinds[i], hex->non_icao);
    m.time_s += *timestamp;
  }

  local.skipped = local.bad_address + local.bad_time + local.bad_rows;
  stats.skipped += local.skipped;
  stats.bad_address += local.bad_address;
  stats.bad_time += local.bad_time;
  stats.bad_rows += local.bad_rows;
  stats.bad_fields += local.bad_fields;
  emit(records, sink, stats);
}

// ---------------------------------------------------------------------------------------------------------------

namespace detail {

std::optional<std::uint32_t> parse_icao24_hex(std::string_view text) {
  if (text.size() != 6) return std::nullopt;
  std::uint32_t a = 0;
  for (char ch : text) {
    std::uint32_t d = 0;
    if (ch >= '0' && ch <= '9') d = static_cast<std::uint32_t>(ch - '0');
    else if (ch >= 'a' && ch <= 'f') d = static_cast<std::uint32_t>(ch - 'a' + 10);
    else if (ch >= 'A' && ch <= 'F') d = static_cast<std::uint32_t>(ch - 'A' + 10);
    else return std::nullopt;
    a = (a << 4) | d;
  }
  return a;
}

std::optional<std::uint16_t> parse_squawk(std::string_view text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  std::uint16_t s = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '7') return std::nullopt;
    s = static_cast<std::uint16_t>((s << 4) | static_cast<std::uint16_t>(ch - '0'));
  }
  return s;
}

std::optional<modes::Callsign> parse_callsign(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() > 8) return std::nullopt;
  modes::Callsign cs{};
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch < 0x20 || ch > 0x7e) return std::nullopt;
    cs[i] = ch;
  }
  return cs;
}

std::optional<std::uint8_t> parse_category(std::string_view text) {
  if (text.size() != 2 || text[0] < 'A' || text[0] > 'D' || text[1] < '0' || text[1] > '7') return std::nullopt;
  return static_cast<std::uint8_t>(((text[0] - 'A' + 0xA) << 4) | (text[1] - '0'));
}

}  // namespace detail
}  // namespace gw::io
