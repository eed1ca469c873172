#include "detect/events.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <unordered_set>

#include "geo/distance.hpp"

namespace gw::detect {
namespace {

using geo::great_circle_km;
using geo::kDegToRad;
using geo::kEarthMeanRadiusKm;
using geo::wrap180;
constexpr int kBufferVertices = 24;            // vertices of the circle used to grow the hull
constexpr double kMinBufferKm = 0.1;
constexpr std::size_t kSeverityManyAffected = 3;
constexpr std::size_t kSeverityExtremeAffected = 10;

// Local equirectangular projection around (lat0, lon0), in km: x east, y north. Orientation is preserved, so a
// counter-clockwise ring in (x, y) is counter-clockwise in (lon, lat). Good to well under 1 % over a few
// hundred km, which is all a region needs.
struct LocalPlane {
  double lat0, lon0, coslat0;
  LocalPlane(double lat, double lon) : lat0(lat), lon0(lon), coslat0(std::cos(lat * kDegToRad)) {}
  struct Xy {
    double x, y;
  };
  Xy to_xy(double lat, double lon) const {
    return {wrap180(lon - lon0) * kDegToRad * kEarthMeanRadiusKm * coslat0, (lat - lat0) * kDegToRad * kEarthMeanRadiusKm};
  }
  geo::h3::LatLng to_lat_lng(Xy p) const {
    return {lat0 + p.y / kEarthMeanRadiusKm / kDegToRad, lon0 + p.x / (kEarthMeanRadiusKm * coslat0) / kDegToRad};
  }
};

double cross(LocalPlane::Xy o, LocalPlane::Xy a, LocalPlane::Xy b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

// Andrew's monotone chain: counter-clockwise hull without repeated or collinear vertices.
std::vector<LocalPlane::Xy> convex_hull(std::vector<LocalPlane::Xy> pts) {
  std::sort(pts.begin(), pts.end(), [](auto a, auto b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  if (pts.size() < 3) return pts;
  std::vector<LocalPlane::Xy> hull(2 * pts.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0) --k;
    hull[k++] = pts[i];
  }
  for (std::size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
    while (k >= t && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0) --k;
    hull[k++] = pts[i];
  }
  hull.resize(k - 1);
  return hull;
}

bool inside_convex_ccw(const std::vector<LocalPlane::Xy>& ring, LocalPlane::Xy p) {
  if (ring.size() < 3) return false;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (cross(ring[i], ring[(i + 1) % ring.size()], p) < 0) return false;
  }
  return true;
}

struct Placed {
  const GnssEpisode* episode;
  double lat, lon;       // the place used for linking: the loss place, else the regain place
  double link_end_s;     // end of the episode's interval for linking
};

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
  std::size_t find(std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

bool episode_less(const GnssEpisode& a, const GnssEpisode& b) {
  if (a.lost_s != b.lost_s) return a.lost_s < b.lost_s;
  if (a.id != b.id) return a.id < b.id;
  return a.regained_s < b.regained_s;
}

// Peak: sweep over loss (+1) and regain (-1) times; an episode never regained stays affected to the event end.
void compute_peak(Event& ev) {
  std::vector<std::pair<double, int>> steps;
  steps.reserve(2 * ev.episodes.size());
  for (const GnssEpisode& e : ev.episodes) {
    steps.emplace_back(e.lost_s, +1);
    if (std::isfinite(e.regained_s)) steps.emplace_back(e.regained_s, -1);
  }
  // At equal times losses count before regains: an aircraft regaining exactly as another loses overlaps it.
  std::sort(steps.begin(), steps.end(), [](auto a, auto b) { return a.first < b.first || (a.first == b.first && a.second > b.second); });
  long active = 0, best = 0;
  for (const auto& [t, d] : steps) {
    active += d;
    if (active > best) {
      best = active;
      ev.peak_s = t;
    }
  }
  ev.peak_affected = static_cast<std::size_t>(best);
}

void compute_region(Event& ev, const EventOptions& options, std::vector<geo::h3::LatLng>& places) {
  places.clear();
  std::vector<geo::h3::LatLng> losses;
  for (const GnssEpisode& e : ev.episodes) {
    if (std::isfinite(e.lost_lat_deg) && std::isfinite(e.lost_lon_deg)) losses.push_back({e.lost_lat_deg, e.lost_lon_deg});
  }
  places = losses;
  for (const GnssEpisode& e : ev.episodes) {
    if (!std::isfinite(e.regained_lat_deg) || !std::isfinite(e.regained_lon_deg)) continue;
    bool near = losses.empty();
    for (const auto& l : losses) {
      if (great_circle_km(l.lat_deg, l.lon_deg, e.regained_lat_deg, e.regained_lon_deg) <= options.max_regain_distance_km) {
        near = true;
        break;
      }
    }
    if (near) places.push_back({e.regained_lat_deg, e.regained_lon_deg});
  }
  double lat0 = 0, sx = 0, sy = 0;
  for (const auto& p : places) {
    lat0 += p.lat_deg;
    sx += std::cos(p.lon_deg * kDegToRad);
    sy += std::sin(p.lon_deg * kDegToRad);
  }
  lat0 /= static_cast<double>(places.size());
  const LocalPlane plane(lat0, std::atan2(sy, sx) / kDegToRad);
  const double buffer = std::max(kMinBufferKm, options.region_buffer_km);
  std::vector<LocalPlane::Xy> pts;
  pts.reserve(places.size() * kBufferVertices);
  for (const auto& p : places) {
    const auto c = plane.to_xy(p.lat_deg, p.lon_deg);
    for (int i = 0; i < kBufferVertices; ++i) {
      const double a = 2 * std::numbers::pi * i / kBufferVertices;
      pts.push_back({c.x + buffer * std::cos(a), c.y + buffer * std::sin(a)});
    }
  }
  const auto hull = convex_hull(std::move(pts));
  ev.region.clear();
  for (const auto& q : hull) ev.region.push_back(plane.to_lat_lng(q));
  ev.region.push_back(ev.region.front());
}

// Distinct good ids in the region during [start, end], the event's own emitters excluded.
std::size_t count_unaffected(const Event& ev, const GoodPresence& presence, const std::vector<geo::h3::LatLng>& places) {
  if (presence.slots().empty()) return 0;
  const LocalPlane plane(ev.region.front().lat_deg, ev.region.front().lon_deg);
  std::vector<LocalPlane::Xy> ring;
  for (std::size_t i = 0; i + 1 < ev.region.size(); ++i) ring.push_back(plane.to_xy(ev.region[i].lat_deg, ev.region[i].lon_deg));
  std::unordered_set<geo::h3::Cell> place_cells;
  for (const auto& p : places) place_cells.insert(geo::h3::lat_lng_to_cell(p, presence.resolution()));
  std::unordered_set<std::uint32_t> affected;
  for (const GnssEpisode& e : ev.episodes) affected.insert(e.id);

  std::unordered_map<geo::h3::Cell, bool> cell_in_region;
  std::unordered_set<std::uint32_t> good;
  const auto first = presence.slots().lower_bound(presence.slot_of(ev.start_s));
  const auto last = presence.slots().upper_bound(presence.slot_of(ev.end_s));
  for (auto it = first; it != last; ++it) {
    for (const auto& [cell, ids] : it->second) {
      auto [pos, inserted] = cell_in_region.try_emplace(cell, false);
      if (inserted) {
        const auto centre = geo::h3::cell_to_lat_lng(cell);
        pos->second = place_cells.count(cell) > 0 || inside_convex_ccw(ring, plane.to_xy(centre.lat_deg, centre.lon_deg));
      }
      if (!pos->second) continue;
      for (const std::uint32_t id : ids) {
        if (!affected.count(id)) good.insert(id);
      }
    }
  }
  return good.size();
}


bool placeable(const GnssEpisode& e) {
  return std::isfinite(e.lost_s) && ((std::isfinite(e.lost_lat_deg) && std::isfinite(e.lost_lon_deg)) ||
                                     (std::isfinite(e.regained_lat_deg) && std::isfinite(e.regained_lon_deg)));
}

// Sorts `episodes` (by loss time, then id, then regain) and places the placeable ones for linking; `placed`
// points into `episodes`.
std::vector<Placed> place_episodes(std::vector<GnssEpisode>& episodes, const EventOptions& options, EventCounters& c) {
  std::sort(episodes.begin(), episodes.end(), episode_less);
  std::vector<Placed> placed;
  placed.reserve(episodes.size());
  for (const GnssEpisode& e : episodes) {
    if (!placeable(e)) {
      ++c.episodes_unplaced;
      continue;
    }
    double lat = e.lost_lat_deg, lon = e.lost_lon_deg;
    if (!std::isfinite(lat) || !std::isfinite(lon)) {
      lat = e.regained_lat_deg;
      lon = e.regained_lon_deg;
    }
    double end = std::isfinite(e.regained_s) ? e.regained_s : e.lost_s;
    end = std::min(end, e.lost_s + options.link_max_episode_s);
    placed.push_back({&e, lat, lon, std::max(end, e.lost_s)});
  }
  return placed;
}

// Whether every two places of `members` are at most max_km apart (Jung's theorem: then they lie in one disk of
// radius max_km / sqrt(3)).
bool within_diameter(const std::vector<Placed>& placed, const std::vector<std::size_t>& members, double max_km) {
  for (std::size_t a = 0; a < members.size(); ++a) {
    const Placed& p = placed[members[a]];
    for (std::size_t b = a + 1; b < members.size(); ++b) {
      const Placed& q = placed[members[b]];
      if (great_circle_km(p.lat, p.lon, q.lat, q.lon) > max_km) return false;
    }
  }
  return true;
}

// The most emitters without GNSS at one time among `members` (their linking intervals; at equal times losses count
// before regains). An episode never regained was bad for as long as it was heard after its loss: it counts as open
// for `never_regained_s`.
std::size_t most_at_once(const std::vector<Placed>& placed, const std::vector<std::size_t>& members,
                         double never_regained_s) {
  std::vector<std::pair<double, int>> steps;
  steps.reserve(2 * members.size());
  for (const std::size_t m : members) {
    const GnssEpisode& e = *placed[m].episode;
    steps.emplace_back(e.lost_s, +1);
    steps.emplace_back(std::isfinite(e.regained_s) ? placed[m].link_end_s : e.lost_s + never_regained_s, -1);
  }
  std::sort(steps.begin(), steps.end(), [](auto a, auto b) { return a.first < b.first || (a.first == b.first && a.second > b.second); });
  long active = 0, most = 0;
  for (const auto& step : steps) {
    active += step.second;
    most = std::max(most, active);
  }
  return static_cast<std::size_t>(most);
}

// Splits a group (indices in loss order) where none of its linking intervals is open for quiet_cut_s, when both
// sides keep at least min_affected distinct emitters; appends the pieces to `out`.
void cut_at_quiet_gaps(const std::vector<Placed>& placed, const std::vector<std::size_t>& group,
                       const EventOptions& options, std::vector<std::vector<std::size_t>>& out) {
  const std::size_t min_ids = std::max<std::size_t>(1, options.min_affected);
  if (!(options.quiet_cut_s > 0) || group.size() < 2 * min_ids) {
    out.push_back(group);
    return;
  }
  // Distinct emitters from member k to the end.
  std::vector<std::size_t> ids_from(group.size() + 1, 0);
  std::unordered_set<std::uint32_t> seen;
  for (std::size_t k = group.size(); k-- > 0;) {
    seen.insert(placed[group[k]].episode->id);
    ids_from[k] = seen.size();
  }
  seen.clear();
  std::vector<std::size_t> piece;
  double open_until = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < group.size(); ++k) {
    const Placed& p = placed[group[k]];
    if (!piece.empty() && p.episode->lost_s - open_until >= options.quiet_cut_s && seen.size() >= min_ids &&
        ids_from[k] >= min_ids) {
      out.push_back(std::move(piece));
      piece.clear();
      seen.clear();
    }
    piece.push_back(group[k]);
    seen.insert(p.episode->id);
    open_until = std::max(open_until, p.link_end_s);
  }
  out.push_back(std::move(piece));
}

// A connected component of the links (members in loss order) and the groups it gives, each an event (or dropped
// when too small). Nothing outside a component can change its groups.
struct LinkedComponent {
  std::vector<std::size_t> members;
  std::vector<std::vector<std::size_t>> groups;
};

// Single linkage (EventOptions: close links, wide links while the group fits one footprint), then cuts at quiet
// gaps. Components in order of their first member. `placed` is sorted by loss time, so once a later loss is
// further than the longest interval plus link_time_s away, no later one can link.
std::vector<LinkedComponent> link_episodes(const std::vector<Placed>& placed, const EventOptions& options) {
  UnionFind any_link(placed.size()), close_link(placed.size());
  const double reach = options.link_time_s + std::max(0.0, options.link_max_episode_s);
  const double wide_km = 2 * std::max(0.0, options.footprint_radius_km);
  const double wide_time_s = std::min(options.wide_link_time_s, options.link_time_s);
  const bool wide = wide_km > options.link_distance_km && wide_time_s >= 0;
  bool any_wide = false;
  for (std::size_t i = 0; i < placed.size(); ++i) {
    for (std::size_t j = i + 1; j < placed.size(); ++j) {
      const double lost_j = placed[j].episode->lost_s;
      if (lost_j - placed[i].episode->lost_s > reach) break;
      const double gap = lost_j - placed[i].link_end_s;  // negative: the intervals overlap
      if (gap > options.link_time_s) continue;
      const double km = great_circle_km(placed[i].lat, placed[i].lon, placed[j].lat, placed[j].lon);
      if (km <= options.link_distance_km) {
        any_link.unite(i, j);
        close_link.unite(i, j);
      } else if (wide && gap <= wide_time_s && km <= wide_km) {
        any_link.unite(i, j);
        any_wide = true;
      }
    }
  }
  std::map<std::size_t, std::vector<std::size_t>> components;
  for (std::size_t i = 0; i < placed.size(); ++i) components[any_link.find(i)].push_back(i);
  std::vector<LinkedComponent> linked;
  linked.reserve(components.size());
  for (auto& [root, members] : components) {
    LinkedComponent c;
    std::map<std::size_t, std::vector<std::size_t>> close_groups;
    if (any_wide) {
      for (const std::size_t m : members) close_groups[close_link.find(m)].push_back(m);
    }
    // Wide links stand only for a group that one footprint holds and in which at least min_affected emitters were
    // without GNSS at once (a jammer affects several at a time; losses far apart that only follow one another are
    // no evidence of one footprint). The footprint test leaves out losses seen at the regain: placed at their
    // regain, beyond the footprint (re-acquisition needs less J/S than tracking), they would break it
    // (docs/EVENTS_SPOOFING.md).
    bool wide_ok = close_groups.size() <= 1;
    if (!wide_ok) {
      std::vector<std::size_t> seen;
      seen.reserve(members.size());
      for (const std::size_t m : members)
        if (!placed[m].episode->seen_at_regain) seen.push_back(m);
      wide_ok = within_diameter(placed, seen, wide_km) &&
                most_at_once(placed, members, wide_time_s) >= std::max<std::size_t>(2, options.min_affected);
    }
    if (!wide_ok) {
      for (const auto& [close_root, group] : close_groups) cut_at_quiet_gaps(placed, group, options, c.groups);
      std::sort(c.groups.begin(), c.groups.end());
    } else {
      cut_at_quiet_gaps(placed, members, options, c.groups);
    }
    c.members = std::move(members);
    linked.push_back(std::move(c));
  }
  return linked;
}

// The event of one group; false (counted) when it has too few distinct emitters.
bool build_event(const std::vector<Placed>& placed, const std::vector<std::size_t>& members,
                 const GoodPresence& presence, const EventOptions& options, EventCounters& c,
                 std::vector<geo::h3::LatLng>& places, Event& ev) {
  std::unordered_set<std::uint32_t> ids;
  ev.start_s = placed[members.front()].episode->lost_s;
  ev.end_s = ev.start_s;
  for (const std::size_t m : members) {
    const GnssEpisode& e = *placed[m].episode;
    ev.episodes.push_back(e);
    ids.insert(e.id);
    ev.end_s = std::max(ev.end_s, std::isfinite(e.regained_s) ? e.regained_s : e.lost_s);
  }
  ev.affected = ids.size();
  if (ev.affected < std::max<std::size_t>(1, options.min_affected)) {
    ++c.groups_too_small;
    return false;
  }
  compute_peak(ev);
  compute_region(ev, options, places);
  ev.unaffected = count_unaffected(ev, presence, places);
  ev.severity = severity_for(ev.affected, ev.unaffected);
  return true;
}

// By start time, then first emitter id; numbered 1, 2, ...
void sort_and_number(std::vector<Event>& events) {
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.start_s < b.start_s || (a.start_s == b.start_s && a.episodes.front().id < b.episodes.front().id);
  });
  for (std::size_t i = 0; i < events.size(); ++i) events[i].id = static_cast<std::uint32_t>(i + 1);
}

}  // namespace

GoodPresence::GoodPresence(int resolution, double slot_s) : resolution_(resolution), slot_s_(slot_s) {
  if (resolution < 0 || resolution > geo::h3::max_resolution || !(slot_s > 0)) {
    throw std::invalid_argument("GoodPresence: resolution must be 0-15 and slot length positive");
  }
}

std::int64_t GoodPresence::slot_of(double time_s) const {
  return static_cast<std::int64_t>(std::floor(time_s / slot_s_));
}

void GoodPresence::add(const HealthSample& sample) {
  if (sample.bad) return;
  add(sample.id, sample.time_s, sample.lat_deg, sample.lon_deg);
}

void GoodPresence::add(std::uint32_t id, double time_s, double lat_deg, double lon_deg) {
  if (!std::isfinite(time_s) || !std::isfinite(lat_deg) || !std::isfinite(lon_deg)) return;
  add_in_cell(id, time_s, geo::h3::lat_lng_to_cell({lat_deg, lon_deg}, resolution_));
}

void GoodPresence::add(const HealthSample& sample, geo::h3::Cell cell) {
  if (sample.bad) return;
  if (!std::isfinite(sample.time_s) || !std::isfinite(sample.lat_deg) || !std::isfinite(sample.lon_deg)) return;
  add_in_cell(sample.id, sample.time_s, cell);
}

void GoodPresence::add_in_cell(std::uint32_t id, double time_s, geo::h3::Cell cell) {
  if (cell == 0) return;
  std::vector<std::uint32_t>& ids = slots_[slot_of(time_s)][cell];
  const auto it = std::lower_bound(ids.begin(), ids.end(), id);
  if (it == ids.end() || *it != id) ids.insert(it, id);
}

void GoodPresence::merge(const GoodPresence& other) {
  if (other.resolution_ != resolution_ || other.slot_s_ != slot_s_) {
    throw std::invalid_argument("GoodPresence::merge: different resolution or slot length");
  }
  for (const auto& [slot, cells] : other.slots_) {
    CellIds& mine = slots_[slot];
    for (const auto& [cell, ids] : cells) {
      std::vector<std::uint32_t>& into = mine[cell];
      std::vector<std::uint32_t> merged;
      merged.reserve(into.size() + ids.size());
      std::set_union(into.begin(), into.end(), ids.begin(), ids.end(), std::back_inserter(merged));
      into = std::move(merged);
    }
  }
}

std::size_t GoodPresence::drop_slots(std::int64_t before, std::int64_t keep_from, std::int64_t keep_to) {
  std::size_t dropped = 0;
  for (auto it = slots_.begin(); it != slots_.end() && it->first < before;) {
    if (it->first >= keep_from && it->first <= keep_to) {
      ++it;
      continue;
    }
    for (const auto& [cell, ids] : it->second) dropped += ids.size();
    it = slots_.erase(it);
  }
  return dropped;
}

std::size_t GoodPresence::entries() const {
  std::size_t n = 0;
  for (const auto& [slot, cells] : slots_) {
    for (const auto& [cell, ids] : cells) n += ids.size();
  }
  return n;
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Isolated: return "isolated";
    case Severity::Moderate: return "moderate";
    case Severity::Severe: return "severe";
    case Severity::Extreme: return "extreme";
  }
  return "isolated";
}

Severity severity_for(std::size_t affected, std::size_t unaffected) {
  if (affected < kSeverityManyAffected) return Severity::Isolated;
  const double present = static_cast<double>(affected + unaffected);
  const double fraction = static_cast<double>(affected) / present;
  if (affected >= kSeverityExtremeAffected && fraction >= 0.8) return Severity::Extreme;
  if (fraction >= 0.5) return Severity::Severe;
  return Severity::Moderate;
}

std::vector<Event> find_events(std::span<const GnssEpisode> episodes, const GoodPresence& presence,
                               const EventOptions& options, EventCounters* counters) {
  EventCounters local;
  EventCounters& c = counters ? *counters : local;
  c = {};
  c.episodes = episodes.size();
  std::vector<GnssEpisode> sorted(episodes.begin(), episodes.end());
  const std::vector<Placed> placed = place_episodes(sorted, options, c);
  const std::vector<LinkedComponent> linked = link_episodes(placed, options);

  std::vector<Event> events;
  std::vector<geo::h3::LatLng> places;
  for (const LinkedComponent& component : linked) {
    for (const std::vector<std::size_t>& members : component.groups) {
      ++c.groups;
      Event ev;
      if (build_event(placed, members, presence, options, c, places, ev)) events.push_back(std::move(ev));
    }
  }
  sort_and_number(events);
  return events;
}

// ---- EventStream ----

EventStream::EventStream(EventOptions options, int presence_resolution, double slot_s)
    : options_(options), presence_(presence_resolution, slot_s) {}

void EventStream::add(const HealthSample& sample) {
  // Only good samples reach the presence: a bad one needs no cell.
  add(sample, sample.bad ? 0 : geo::h3::lat_lng_to_cell({sample.lat_deg, sample.lon_deg}, presence_.resolution()));
}

void EventStream::add(const HealthSample& sample, geo::h3::Cell cell) {
  if (!std::isfinite(sample.time_s)) return;
  first_sample_s_ = std::min(first_sample_s_, sample.time_s);
  latest_sample_s_ = std::max(latest_sample_s_, sample.time_s);
  presence_.add(sample, cell);
}

void EventStream::add(const GnssEpisode& episode) {
  ++counters_.episodes;
  if (!placeable(episode)) {
    ++counters_.episodes_unplaced;
    return;
  }
  pending_.push_back(episode);
  tail_pending_from_s_ = std::min(tail_pending_from_s_, episode.lost_s);
}

void EventStream::advance(double open_loss_floor_s) {
  if (!pruning_ || !std::isfinite(latest_sample_s_)) return;
  // Samples still to come are at or after complete_before; episodes still to come are lost at or after floor.
  const double complete_before = latest_sample_s_ - kLatenessS;
  const double floor = std::min(open_loss_floor_s, complete_before);
  const double slot_s = presence_.slot_s();
  // Episodes of an earlier part end by about this part's first sample, or (one open across the boundary, lost
  // there and regained here) up to link_max_episode_s after its loss: groups starting within that, the link gap,
  // the lateness and one slot (so that no slot they use holds the earlier part's samples) may join them.
  const double head_guard_s = first_sample_s_ + std::max(0.0, options_.link_max_episode_s) + options_.link_time_s +
                              kLatenessS + slot_s;
  const std::int64_t head_slot =
      continues_earlier_part_ ? presence_.slot_of(first_sample_s_) : std::numeric_limits<std::int64_t>::max();

  // Grouping costs O(pending x episodes within the link reach): while a long jamming keeps one group open and
  // nothing becomes final, it is redone less and less often (up to hourly). In between, presence is dropped
  // only before every pending loss (a superset of what the grouping would keep).
  if (latest_sample_s_ < next_grouping_s_) {
    double keep_from_s = floor;
    bool near_head = false;
    for (const GnssEpisode& e : pending_) {
      keep_from_s = std::min(keep_from_s, e.lost_s);
      near_head = near_head || (continues_earlier_part_ && e.lost_s <= head_guard_s);
    }
    if (continues_earlier_part_ && (near_head || floor <= head_guard_s))
      keep_from_s = std::min(keep_from_s, first_sample_s_);
    dropped_presence_ += presence_.drop_slots(presence_.slot_of(keep_from_s), head_slot, keep_head_to_slot_);
    note_later_events_from(floor);
    return;
  }
  const std::size_t final_before = final_.size() + static_cast<std::size_t>(counters_.groups_too_small);

  std::vector<GnssEpisode> sorted = std::move(pending_);
  pending_.clear();
  EventCounters unused;
  const std::vector<Placed> placed = place_episodes(sorted, options_, unused);
  const std::vector<LinkedComponent> linked = link_episodes(placed, options_);

  double keep_from_s = floor;
  if (continues_earlier_part_ && floor <= head_guard_s) keep_from_s = std::min(keep_from_s, first_sample_s_);
  // The groups near the head cannot grow any more when each is closed and no episode still to come can start one
  // (a loss after the head guard joins a head group only by linking to it).
  bool head_may_grow = continues_earlier_part_ && !(floor > head_guard_s);
  double head_end_s = -std::numeric_limits<double>::infinity();
  tail_pending_from_s_ = std::numeric_limits<double>::infinity();
  std::vector<geo::h3::LatLng> places;
  // A component is final as a whole: a later episode joining it could change how it splits into groups.
  for (const LinkedComponent& component : linked) {
    const std::vector<std::size_t>& members = component.members;
    const double start = placed[members.front()].episode->lost_s;
    double link_end = start, end = start;
    for (const std::size_t m : members) {
      const GnssEpisode& e = *placed[m].episode;
      link_end = std::max(link_end, placed[m].link_end_s);
      end = std::max(end, std::isfinite(e.regained_s) ? e.regained_s : e.lost_s);
    }
    const bool closed = link_end + options_.link_time_s < floor;  // no later loss links to it
    const bool near_head = continues_earlier_part_ && start <= head_guard_s;
    const bool complete = static_cast<double>(presence_.slot_of(end) + 1) * slot_s <= complete_before;
    if (closed && complete && !near_head) {
      for (const std::vector<std::size_t>& group : component.groups) {
        ++counters_.groups;
        Event ev;
        if (build_event(placed, group, presence_, options_, counters_, places, ev)) final_.push_back(std::move(ev));
      }
      continue;
    }
    for (const std::size_t m : members) pending_.push_back(*placed[m].episode);
    if (near_head) {
      head_end_s = std::max(head_end_s, end);
      head_may_grow = head_may_grow || !closed;
    } else {
      for (const std::size_t m : members)
        tail_pending_from_s_ = std::min(tail_pending_from_s_, placed[m].episode->lost_s);
    }
    // A group near the head is left to the merge; with the earlier part's episodes it uses every slot from this
    // part's start to its end. One that may still grow keeps every slot from its start on, too.
    if (near_head) keep_head_to_slot_ = std::max(keep_head_to_slot_, presence_.slot_of(end));
    if (!closed || !near_head) keep_from_s = std::min(keep_from_s, start);
  }
  dropped_presence_ += presence_.drop_slots(presence_.slot_of(keep_from_s), head_slot, keep_head_to_slot_);
  const bool progressed = final_.size() + counters_.groups_too_small > final_before || pending_.empty();
  grouping_interval_s_ = progressed ? 0.0 : std::clamp(2 * grouping_interval_s_, kMinRegroupS, kMaxRegroupS);
  next_grouping_s_ = latest_sample_s_ + grouping_interval_s_;
  head_groups_end_s_ = head_may_grow ? std::numeric_limits<double>::infinity() : head_end_s;
  note_later_events_from(floor);
}

// An event still to be found is made of pending episodes and episodes still to come (lost at or after `floor`),
// and starts at its first loss.
void EventStream::note_later_events_from(double floor) {
  double from = floor;
  for (const GnssEpisode& e : pending_) from = std::min(from, e.lost_s);
  later_events_from_s_ = from;
  later_events_after_head_from_s_ = std::min(floor, tail_pending_from_s_);
}

void EventStream::keep_head_until(double end_s) {
  if (std::isfinite(end_s)) keep_head_to_slot_ = std::max(keep_head_to_slot_, presence_.slot_of(end_s));
}

void EventStream::merge(EventStream&& other) {
  presence_.merge(other.presence_);
  pending_.insert(pending_.end(), other.pending_.begin(), other.pending_.end());
  for (Event& ev : other.final_) final_.push_back(std::move(ev));
  counters_.episodes += other.counters_.episodes;
  counters_.episodes_unplaced += other.counters_.episodes_unplaced;
  counters_.groups += other.counters_.groups;
  counters_.groups_too_small += other.counters_.groups_too_small;
  first_sample_s_ = std::min(first_sample_s_, other.first_sample_s_);
  latest_sample_s_ = std::max(latest_sample_s_, other.latest_sample_s_);
  dropped_presence_ += other.dropped_presence_;
  pruning_ = false;  // a merged stream only finishes
  later_events_from_s_ = -std::numeric_limits<double>::infinity();
  later_events_after_head_from_s_ = -std::numeric_limits<double>::infinity();
  head_groups_end_s_ = std::numeric_limits<double>::infinity();
  other = EventStream(other.options_, other.presence_.resolution(), other.presence_.slot_s());
}

std::vector<Event> EventStream::finish(EventCounters* counters) {
  EventCounters rest;
  std::vector<Event> events = find_events(pending_, presence_, options_, &rest);
  for (Event& ev : final_) events.push_back(std::move(ev));
  sort_and_number(events);
  if (counters) {
    *counters = counters_;
    counters->groups += rest.groups;
    counters->groups_too_small += rest.groups_too_small;
  }
  *this = EventStream(options_, presence_.resolution(), presence_.slot_s());
  return events;
}

std::vector<Event> find_events(std::span<const GnssEpisode> episodes, std::span<const HealthSample> samples,
                               const EventOptions& options, EventCounters* counters) {
  GoodPresence presence;
  for (const HealthSample& s : samples) presence.add(s);
  return find_events(episodes, presence, options, counters);
}

}  // namespace gw::detect
