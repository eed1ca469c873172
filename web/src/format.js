// Text for times, fractions and counts.

// Unix seconds as UTC ("2026-01-06 22:15:00Z"); small values are counter seconds (Beast without --start-time).
export function formatTime(s) {
  if (s === undefined || s === null || !Number.isFinite(s)) return '–';
  if (Math.abs(s) < 1e8) return `t+${s.toFixed(0)} s`;
  return new Date(s * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

// Like formatTime, without the date when it equals the one of `reference`.
export function formatTimeShort(s, reference) {
  const full = formatTime(s);
  const ref = formatTime(reference);
  if (full.length > 11 && full.slice(0, 11) === ref.slice(0, 11)) return full.slice(11);
  return full;
}

export function formatDuration(seconds) {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function formatPercent(f) {
  if (f === undefined || !Number.isFinite(f)) return '–';
  return `${(f * 100).toFixed(f < 0.1 ? 1 : 0)} %`;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

// A JSON value as table text: times as formatTime does, {lat, lon} as "lat, lon", lists joined, objects as
// "key: value" pairs.
export function formatValue(v) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return ISO_TIME.test(v) ? formatTime(Date.parse(v) / 1000) : v;
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  if (typeof v === 'object') {
    if (typeof v.lat === 'number' && typeof v.lon === 'number' && Object.keys(v).length === 2) {
      return `${v.lat.toFixed(4)}, ${v.lon.toFixed(4)}`;
    }
    return Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`).join('; ');
  }
  return String(v);
}

// An element with attributes and children (strings become text nodes, never HTML).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
