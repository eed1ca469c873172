// Reads the data object the C++ side injects ({summary, cells, events, spoofing}; see web/README.md) into plain
// records the views use. Field names are read through small lists of accepted spellings, so a renamed or missing
// field degrades to "not shown" rather than a broken report.

import { geoArea, geoCentroid } from 'd3-geo';

export const LEVELS = ['red', 'yellow', 'green', 'insufficient'];

const LEVEL_ALIASES = {
  red: 'red', high: 'red',
  yellow: 'yellow', medium: 'yellow', amber: 'yellow',
  green: 'green', low: 'green', ok: 'green', clean: 'green',
  insufficient: 'insufficient', insufficient_data: 'insufficient', grey: 'insufficient', gray: 'insufficient',
  unknown: 'insufficient',
};

// The first of `keys` that `obj` has with a value other than null/undefined.
export function pick(obj, keys) {
  if (!obj || typeof obj !== 'object') return undefined;
  for (const k of keys) {
    if (obj[k] !== undefined && obj[k] !== null) return obj[k];
  }
  return undefined;
}

function num(v) {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

// Seconds from a number (unix or counter seconds) or an ISO 8601 string.
export function toSeconds(v) {
  const n = num(v);
  if (n !== undefined) return n;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  return undefined;
}

function listOf(value, keys) {
  if (Array.isArray(value)) return value;
  const inner = pick(value, keys);
  return Array.isArray(inner) ? inner : [];
}

// d3-geo reads polygon winding spherically (clockwise = the small side); GeoJSON (RFC 7946) winds the other way.
// A polygon that d3 would read as covering more than half the sphere is reversed, so both windings draw the hexagon.
export function fixWinding(geometry) {
  if (!geometry) return geometry;
  const fixPolygon = (rings) => {
    const area = geoArea({ type: 'Polygon', coordinates: rings });
    return area > 2 * Math.PI ? rings.map((r) => r.slice().reverse()) : rings;
  };
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: fixPolygon(geometry.coordinates) };
  if (geometry.type === 'MultiPolygon') {
    return { type: 'MultiPolygon', coordinates: geometry.coordinates.map(fixPolygon) };
  }
  if (geometry.type === 'Feature') return { ...geometry, geometry: fixWinding(geometry.geometry) };
  return geometry;
}

function levelOf(p, badFrac) {
  const raw = pick(p, ['level', 'status', 'class']);
  if (typeof raw === 'string' && LEVEL_ALIASES[raw.toLowerCase()]) return LEVEL_ALIASES[raw.toLowerCase()];
  // No level written: gpsjam.org's thresholds (below 2 % bad: green, up to 10 %: yellow, above: red).
  if (badFrac === undefined) return 'insufficient';
  return badFrac > 0.1 ? 'red' : badFrac >= 0.02 ? 'yellow' : 'green';
}

function intervalOf(p) {
  const v = pick(p, ['interval', 'bad_frac_interval', 'ci95']);
  if (Array.isArray(v) && v.length === 2 && num(v[0]) !== undefined && num(v[1]) !== undefined) {
    return [num(v[0]), num(v[1])];
  }
  if (v && typeof v === 'object') {
    const lo = num(pick(v, ['lo', 'low', 'lower', 'min']));
    const hi = num(pick(v, ['hi', 'high', 'upper', 'max']));
    if (lo !== undefined && hi !== undefined) return [lo, hi];
  }
  const lo = num(pick(p, ['ci_low', 'ci_lo', 'bad_frac_lo', 'bad_frac_low']));
  const hi = num(pick(p, ['ci_high', 'ci_hi', 'bad_frac_hi', 'bad_frac_high']));
  return lo !== undefined && hi !== undefined ? [lo, hi] : undefined;
}

function normalizeCell(feature, index) {
  const p = feature.properties || {};
  const good = num(pick(p, ['count_good_aircraft', 'good', 'good_aircraft', 'n_good']));
  const bad = num(pick(p, ['count_bad_aircraft', 'bad', 'bad_aircraft', 'n_bad']));
  let badFrac = num(pick(p, ['bad_frac', 'bad_fraction', 'frac_bad']));
  if (badFrac === undefined && good !== undefined && bad !== undefined && good + bad > 0) badFrac = bad / (good + bad);
  const windowRaw = pick(p, ['window_start', 'window', 'start', 't']);
  const windowStart = toSeconds(windowRaw);
  let windowEnd = toSeconds(pick(p, ['window_end', 'end']));
  const windowLength = num(pick(p, ['window_s', 'window_length_s', 'window_seconds']));
  if (windowEnd === undefined && windowStart !== undefined && windowLength !== undefined) {
    windowEnd = windowStart + windowLength;
  }
  const band = pick(p, ['band', 'altitude_band', 'alt_band']);
  return {
    index,
    id: String(pick(p, ['hex', 'h3', 'cell', 'id']) ?? feature.id ?? index),
    geometry: fixWinding(feature.geometry),
    props: p,
    windowKey: windowRaw === undefined ? 'all' : String(windowRaw),
    windowStart,
    windowEnd,
    band: band === undefined ? 'all' : String(band),
    level: levelOf(p, badFrac),
    good,
    bad,
    badFrac,
    interval: intervalOf(p),
  };
}

// One aircraft of an event: {icao, lost_at: {time, lat, lon}, regained_at: {time, lat, lon} | null} as
// events.json writes it (flat lost_s/regained_s/lost_lat/lost_lon are read too).
function normalizeAircraft(a, index) {
  if (typeof a !== 'object' || a === null) return { icao: String(a ?? index) };
  const lost = pick(a, ['lost_at', 'lost']);
  const regained = pick(a, ['regained_at', 'regained']);
  const at = (place, flatKeys) => toSeconds(typeof place === 'object' ? pick(place, ['time', 't', 'time_s']) : place) ??
    toSeconds(pick(a, flatKeys));
  return {
    icao: String(pick(a, ['icao', 'mmsi', 'hex', 'icao24', 'id', 'address']) ?? index),
    lost: at(lost, ['lost_s', 'lost_time', 'start']),
    regained: regained === null ? undefined : at(regained, ['regained_s', 'regained_time', 'end']),
    lat: num(pick(lost, ['lat', 'lat_deg'])) ?? num(pick(a, ['lost_lat', 'lost_lat_deg', 'lat'])),
    lon: num(pick(lost, ['lon', 'lon_deg'])) ?? num(pick(a, ['lost_lon', 'lost_lon_deg', 'lon'])),
    altitudeFt: num(pick(a, ['altitude_ft', 'alt_baro'])),
  };
}

// A located source (events.json: lat, lon, radius_km = how far the jammer's effect reaches, ellipse95 = the
// 95 % region's axes), or, for an event without enough evidence, only its status and reason.
function normalizeSource(s) {
  if (!s || typeof s !== 'object') return undefined;
  const lat = num(pick(s, ['lat', 'lat_deg']));
  const lon = num(pick(s, ['lon', 'lon_deg']));
  if (lat === undefined || lon === undefined) {
    const status = pick(s, ['status']);
    return status ? { located: false, status: String(status), reason: pick(s, ['reason']) } : undefined;
  }
  const ellipse = pick(s, ['ellipse95']) || {};
  return {
    located: true,
    lat,
    lon,
    radiusKm: num(pick(s, ['radius_km', 'radius'])),
    semiMajorKm: num(pick(ellipse, ['semi_major_km'])),
    semiMinorKm: num(pick(ellipse, ['semi_minor_km'])),
    aircraft: num(pick(s, ['aircraft'])),
    region: polygonOf(pick(s, ['ci95', 'region', 'polygon'])),
  };
}

function polygonOf(g) {
  const geometry = g && g.type === 'Feature' ? g.geometry : g;
  return geometry && (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') ? fixWinding(geometry) : undefined;
}

function normalizeEvent(e, index) {
  const aircraftRaw = pick(e, ['aircraft', 'episodes', 'emitters']);
  const aircraft = Array.isArray(aircraftRaw) ? aircraftRaw.map(normalizeAircraft) : [];
  const lostTimes = aircraft.map((a) => a.lost).filter((t) => t !== undefined);
  const regainedTimes = aircraft.map((a) => a.regained).filter((t) => t !== undefined);
  let start = toSeconds(pick(e, ['start', 'start_s', 't_start', 'begin']));
  let end = toSeconds(pick(e, ['end', 'end_s', 't_end']));
  if (start === undefined && lostTimes.length) start = Math.min(...lostTimes);
  if (end === undefined && (regainedTimes.length || lostTimes.length)) {
    end = Math.max(...regainedTimes, ...lostTimes);
  }
  const region = polygonOf(pick(e, ['region', 'area']));
  const center = pick(e, ['center', 'centroid', 'location']);
  let lat = num(pick(e, ['lat', 'center_lat', 'lat_deg'])) ?? num(pick(center, ['lat', 'lat_deg']));
  let lon = num(pick(e, ['lon', 'center_lon', 'lon_deg'])) ?? num(pick(center, ['lon', 'lon_deg']));
  if ((lat === undefined || lon === undefined) && region) [lon, lat] = geoCentroid(region);
  const peak = pick(e, ['peak']);
  const source = normalizeSource(pick(e, ['source', 'located_source']));
  const cells = pick(e, ['cells', 'h3_cells', 'hexes']);
  return {
    index,
    id: String(pick(e, ['id', 'event_id', 'name']) ?? index + 1),
    start,
    end,
    lat,
    lon,
    region,
    aircraftCount: num(pick(e, ['affected_aircraft', 'aircraft_count', 'n_aircraft'])) ?? aircraft.length,
    unaffected: num(pick(e, ['unaffected_aircraft'])),
    affectedFraction: num(pick(e, ['affected_fraction'])),
    peakTime: toSeconds(pick(peak, ['time', 't'])),
    peakAffected: num(pick(peak, ['affected_aircraft', 'aircraft', 'count'])),
    aircraft,
    cells: Array.isArray(cells) ? cells.map(String) : [],
    band: pick(e, ['band']),
    level: pick(e, ['severity_label', 'level', 'severity']),
    source,
    // Two jammers at once in one event: events.json lists both in `sources` (the main one first, also `source`).
    sources: Array.isArray(e.sources) ? e.sources.map(normalizeSource).filter((s) => s && s.located)
      : source && source.located ? [source] : [],
    raw: e,
  };
}

export function normalize(data) {
  const d = data && typeof data === 'object' ? data : {};
  const features = d.cells && Array.isArray(d.cells.features) ? d.cells.features : [];
  const cells = features.filter((f) => f && f.geometry).map(normalizeCell);
  const events = listOf(d.events, ['events', 'items']).map(normalizeEvent);
  const findings = listOf(d.spoofing, ['findings', 'spoofing', 'items']).filter((f) => f && typeof f === 'object');
  const spoofingCounters = pick(d.spoofing, ['counters']);
  // cells.geojson's "gnsswatch" member: the options and the meaning of the levels.
  const cellsMeta = d.cells && typeof d.cells.gnsswatch === 'object' ? d.cells.gnsswatch : {};
  const summary = d.summary && typeof d.summary === 'object' ? d.summary : {};

  const windows = new Map();
  for (const c of cells) {
    if (!windows.has(c.windowKey)) windows.set(c.windowKey, { key: c.windowKey, start: c.windowStart, end: c.windowEnd });
  }
  const windowList = [...windows.values()].sort((a, b) =>
    a.start !== undefined && b.start !== undefined ? a.start - b.start : a.key.localeCompare(b.key));
  const bands = [...new Set(cells.map((c) => c.band))].sort(compareBands);
  return { summary, cells, cellsMeta, events, findings, spoofingCounters, windows: windowList, bands };
}

// Bands sort by their first number ("0-10000" before "10000-20000"), "all" first, then by name.
function compareBands(a, b) {
  if (a === 'all' || b === 'all') return a === 'all' ? (b === 'all' ? 0 : -1) : 1;
  const na = parseFloat(a.replace(/^[^0-9-]*/, ''));
  const nb = parseFloat(b.replace(/^[^0-9-]*/, ''));
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a.localeCompare(b);
}
