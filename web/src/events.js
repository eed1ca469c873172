// The event list: one card per event with its time range, aircraft, located source and a step chart of the
// number of aircraft without GNSS over time (from each aircraft's lost and regained times).

import { el, svg, formatDuration, formatTime, formatTimeShort } from './format.js';

const CHART = { width: 320, height: 96, left: 30, right: 8, top: 8, bottom: 22 };

// Affected aircraft over [t0, t1]: steps up at each loss, down at each regain; a loss never regained lasts to t1.
// The located source in words: where, how far its effect reaches, the 95 % region; or why there is none.
function sourceText(s) {
  if (!s.located) return `Source not located: ${s.status.replace(/_/g, ' ')}${s.reason ? ` (${s.reason})` : ''}`;
  let text = `Located source: ${s.lat.toFixed(3)}, ${s.lon.toFixed(3)}`;
  if (s.semiMajorKm !== undefined && s.semiMinorKm !== undefined) {
    text += `, 95 % region ${s.semiMajorKm.toFixed(1)} × ${s.semiMinorKm.toFixed(1)} km (semi-axes)`;
  }
  if (s.radiusKm !== undefined) text += `; jammed radius ${s.radiusKm.toFixed(0)} km`;
  if (s.aircraft !== undefined) text += `; from ${s.aircraft} aircraft`;
  return text;
}

export function affectedSteps(aircraft, t0, t1) {
  const changes = [];
  for (const a of aircraft) {
    if (a.lost === undefined) continue;
    changes.push([a.lost, +1]);
    if (a.regained !== undefined && a.regained <= t1) changes.push([a.regained, -1]);
  }
  changes.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const steps = [[t0, 0]];
  let n = 0;
  for (const [t, d] of changes) {
    n += d;
    if (steps.length && steps[steps.length - 1][0] === t) steps[steps.length - 1][1] = n;
    else steps.push([t, n]);
  }
  return steps;
}

function chart(event) {
  const times = event.aircraft.flatMap((a) => [a.lost, a.regained]).filter((t) => t !== undefined);
  if (!times.length) return el('p', { class: 'no-chart' }, 'No per-aircraft times in this event.');
  let t0 = Math.min(...times, event.start ?? Infinity);
  let t1 = Math.max(...times, event.end ?? -Infinity);
  if (!(t1 > t0)) { t0 -= 30; t1 += 30; }
  const steps = affectedSteps(event.aircraft, t0, t1);
  const peak = Math.max(1, ...steps.map((s) => s[1]));
  const { width, height, left, right, top, bottom } = CHART;
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
  const y = (n) => height - bottom - (n / peak) * (height - top - bottom);
  let d = `M${x(t0).toFixed(1)},${y(0).toFixed(1)}`;
  for (const [t, n] of steps) d += `H${x(t).toFixed(1)}V${y(n).toFixed(1)}`;
  d += `H${x(t1).toFixed(1)}`;
  const area = `${d}V${y(0).toFixed(1)}Z`;
  return svg('svg', { class: 'event-chart', viewBox: `0 0 ${width} ${height}`, width, height,
    role: 'img', 'aria-label': `Aircraft without GNSS over time, event ${event.id}` },
  svg('title', {}, `Aircraft without GNSS over time (peak ${peak})`),
  svg('path', { class: 'chart-area', d: area }),
  svg('path', { class: 'chart-line', d }),
  svg('line', { class: 'chart-axis', x1: left, x2: width - right, y1: y(0), y2: y(0) }),
  svg('line', { class: 'chart-axis', x1: left, x2: left, y1: top, y2: y(0) }),
  svg('text', { class: 'chart-label', x: left - 4, y: y(peak) + 4, 'text-anchor': 'end' }, String(peak)),
  svg('text', { class: 'chart-label', x: left - 4, y: y(0), 'text-anchor': 'end' }, '0'),
  svg('text', { class: 'chart-label', x: left, y: height - 6 }, formatTime(t0)),
  svg('text', { class: 'chart-label', x: width - right, y: height - 6, 'text-anchor': 'end' },
    formatTimeShort(t1, t0)));
}

export function renderEvents(container, events, onSelect) {
  const sorted = events.slice().sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  const list = el('ol', { id: 'events', class: 'event-list' });
  let selected = null;
  for (const e of sorted) {
    const duration = e.start !== undefined && e.end !== undefined ? e.end - e.start : undefined;
    const facts = [
      `${e.aircraftCount} aircraft lost GNSS` + (e.unaffected !== undefined
        ? ` (${e.unaffected} unaffected${e.affectedFraction !== undefined ? `, ${Math.round(e.affectedFraction * 100)} % affected` : ''})`
        : ''),
      e.peakAffected !== undefined ? `peak ${e.peakAffected}${e.peakTime !== undefined ? ` at ${formatTimeShort(e.peakTime, e.start)}` : ''}` : undefined,
      duration !== undefined ? formatDuration(duration) : undefined,
      e.lat !== undefined && e.lon !== undefined ? `${e.lat.toFixed(2)}, ${e.lon.toFixed(2)}` : undefined,
      e.band !== undefined ? `band ${e.band}` : undefined,
      e.level !== undefined ? `severity ${e.level}` : undefined,
    ].filter(Boolean);
    const item = el('li', { class: 'event', 'data-event': e.id, tabindex: 0 },
      el('div', { class: 'event-head' },
        el('strong', {}, `Event ${e.id}`), ' ',
        el('span', { class: 'event-time' },
          `${formatTime(e.start)} – ${formatTimeShort(e.end, e.start)}`)),
      el('div', { class: 'event-facts' }, facts.join(' · ')),
      e.source ? el('div', { class: 'event-source' }, sourceText(e.source)) : null,
      // A second jammer active at the same time (events.json `sources`).
      ...e.sources.slice(1).map((s) => el('div', { class: 'event-source' },
        sourceText(s).replace('Located source', 'Second source'))),
      chart(e),
      e.aircraft.length ? el('details', {}, el('summary', {}, 'Aircraft'),
        el('ul', { class: 'event-aircraft' }, e.aircraft.map((a) => el('li', {},
          `${a.icao}: lost ${formatTimeShort(a.lost, e.start)}, ` +
          (a.regained !== undefined ? `regained ${formatTimeShort(a.regained, e.start)}` : 'not regained') +
          (a.altitudeFt !== undefined ? ` (${a.altitudeFt} ft)` : ''))))) : null);
    const select = () => {
      selected = selected === item ? null : item;
      for (const li of list.children) li.classList.toggle('selected', li === selected);
      onSelect(selected ? e : null);
    };
    item.addEventListener('click', (ev) => { if (!ev.target.closest('details')) select(); });
    item.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') select(); });
    list.append(item);
  }
  container.append(sorted.length ? list : el('p', { class: 'empty' }, 'No interference events.'));
}
