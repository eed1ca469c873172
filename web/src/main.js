// Entry point of report.html: reads the injected data, then draws the summary, the map with its window and band
// selectors and legend, the event list and the spoofing findings.

import { normalize, pick, toSeconds, LEVELS } from './data.js';
import { createMap, LEVEL_TEXT } from './map.js';
import { renderEvents } from './events.js';
import { renderFindings } from './findings.js';
import { el, formatTime, formatTimeShort, formatValue } from './format.js';

function readData() {
  const node = document.getElementById('gnsswatch-data');
  const text = node ? node.textContent.trim() : '';
  if (!text || text.startsWith('/*')) throw new Error('this report template holds no data (written without gnsswatch map?)');
  return JSON.parse(text);
}

function countByLevel(cells) {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0]));
  for (const c of cells) counts[c.level] += 1;
  return counts;
}

function levelCounts(counts, id) {
  return el('span', { class: 'level-counts', id },
    LEVELS.map((l) => el('span', { class: `count level-${l}`, 'data-level': l }, `${counts[l]} ${l}`)));
}

// The default view: the window and band with the most red and yellow cells (then the most cells, then the earliest).
function defaultSelection(model) {
  let best = null;
  for (const w of model.windows) {
    for (const b of model.bands) {
      const cells = model.cells.filter((c) => c.windowKey === w.key && c.band === b);
      if (!cells.length) continue;
      const score = [cells.filter((c) => c.level === 'red' || c.level === 'yellow').length, cells.length];
      if (!best || score[0] > best.score[0] || (score[0] === best.score[0] && score[1] > best.score[1])) {
        best = { window: w.key, band: b, score };
      }
    }
  }
  return best || { window: model.windows[0]?.key, band: model.bands[0] };
}

function renderSummary(header, model) {
  const s = model.summary;
  const aircraft = pick(s, ['aircraft', 'aircraft_count', 'n_aircraft', 'emitters']);
  const stat = (id, value, label) => el('div', { class: 'stat', id },
    el('span', { class: 'stat-value' }, formatValue(value)), el('span', { class: 'stat-label' }, label));
  const shown = new Set(['aircraft', 'aircraft_count', 'n_aircraft', 'emitters', 'start_s', 'first_s', 'start',
    'time_start', 'end_s', 'last_s', 'end', 'time_end']);
  const extra = Object.entries(s).filter(([k, v]) => !shown.has(k) && v !== null && typeof v !== 'object');
  const start = pick(s, ['start_s', 'first_s', 'start', 'time_start']);
  const end = pick(s, ['end_s', 'last_s', 'end', 'time_end']);
  header.replaceChildren(
    el('h1', {}, 'gnsswatch: GNSS interference report'),
    toSeconds(start) !== undefined ? el('p', { class: 'span' },
      `${formatTime(toSeconds(start))}${toSeconds(end) !== undefined ? ` – ${formatTimeShort(toSeconds(end), toSeconds(start))}` : ''}`) : null,
    el('div', { class: 'stats' },
      stat('sum-aircraft', aircraft ?? '–', 'aircraft'),
      el('div', { class: 'stat', id: 'sum-cells' },
        levelCounts(countByLevel(model.cells), 'sum-levels'),
        el('span', { class: 'stat-label' }, `cells by level (${model.cells.length} in all windows and bands)`)),
      stat('sum-events', model.events.length, 'interference events'),
      stat('sum-findings', model.findings.length, 'spoofing findings')),
    extra.length ? el('dl', { class: 'summary-extra' },
      extra.map(([k, v]) => [el('dt', {}, k), el('dd', {}, formatValue(v))])) : null);
}

function legend(meta) {
  const swatch = (cls) => el('span', { class: `swatch ${cls}` });
  const insufficient = typeof meta.min_aircraft === 'number'
    ? `insufficient: fewer than ${meta.min_aircraft} aircraft, too few to judge` : LEVEL_TEXT.insufficient;
  return el('div', { class: 'legend', id: 'legend' },
    el('div', { class: 'legend-title' }, 'Aircraft with bad GNSS per cell' +
      (typeof meta.h3_resolution === 'number' ? ` (H3 resolution ${meta.h3_resolution})` : '')),
    ['red', 'yellow', 'green'].map((l) => el('div', { class: 'legend-row' }, swatch(`level-${l}`), LEVEL_TEXT[l])),
    el('div', { class: 'legend-row' }, swatch('level-insufficient'), insufficient),
    el('div', { class: 'legend-row' }, swatch('no-data'),
      'no data: no aircraft seen, nothing drawn. No data is not clean.'),
    el('div', { class: 'legend-row' }, el('span', { class: 'swatch region-swatch' }), 'event region'),
    el('div', { class: 'legend-row' }, el('span', { class: 'swatch source-swatch' }), 'located source (95 % region)'),
    typeof meta.levels === 'string' ? el('div', { class: 'legend-note' }, `Levels: ${meta.levels}.`) : null,
    typeof meta.bad_frac === 'string' ? el('div', { class: 'legend-note' }, `bad_frac = ${meta.bad_frac}.`) : null);
}

// The selection in the address (#window=...&band=...), so a view can be bookmarked or shared.
function readHash() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  return { window: params.get('window') ?? undefined, band: params.get('band') ?? undefined };
}

function writeHash(windowKey, band) {
  const hash = `#${new URLSearchParams({ window: windowKey, band })}`;
  try {
    history.replaceState(null, '', hash);
  } catch {
    // Some browsers refuse replaceState on file:// pages; the selection then just is not kept in the address.
  }
}

function main() {
  const header = document.getElementById('summary');
  const app = document.getElementById('app');
  let model;
  try {
    model = normalize(readData());
  } catch (err) {
    header.replaceChildren(el('h1', {}, 'gnsswatch: GNSS interference report'),
      el('p', { class: 'error' }, `Cannot read the report data: ${err.message}`));
    return;
  }
  renderSummary(header, model);

  const selection = defaultSelection(model);
  const asked = readHash();
  if (asked.window !== undefined && model.windows.some((w) => w.key === asked.window)) selection.window = asked.window;
  if (asked.band !== undefined && model.bands.includes(asked.band)) selection.band = asked.band;
  const selected = (windowKey, band) => model.cells.filter((c) => c.windowKey === windowKey && c.band === band);
  const windowSelect = el('select', { id: 'window-select', 'aria-label': 'Time window' },
    model.windows.map((w) => el('option', { value: w.key, selected: w.key === selection.window },
      w.start !== undefined ? `${formatTime(w.start)}${w.end !== undefined ? ` – ${formatTimeShort(w.end, w.start)}` : ''}` : w.key)));
  const bandSelect = el('select', { id: 'band-select', 'aria-label': 'Altitude band' },
    model.bands.map((b) => el('option', { value: b, selected: b === selection.band }, b)));
  const status = el('span', { class: 'selection-status', id: 'selection-status' });
  const mapPanel = el('section', { class: 'map-panel' });
  const controls = el('div', { class: 'controls' },
    el('label', {}, 'Window ', windowSelect), el('label', {}, 'Band ', bandSelect), status);
  mapPanel.append(controls);
  const map = createMap(mapPanel, model, selected(selection.window, selection.band));
  mapPanel.append(legend(model.cellsMeta));

  const update = (remember) => {
    const cells = selected(windowSelect.value, bandSelect.value);
    map.setCells(cells);
    if (remember) {
      writeHash(windowSelect.value, bandSelect.value);
      map.revealCells();
    }
    map.element.dataset.window = windowSelect.value;
    map.element.dataset.band = bandSelect.value;
    status.replaceChildren(`${cells.length} cells drawn: `, levelCounts(countByLevel(cells), 'selection-levels'));
  };
  windowSelect.addEventListener('change', () => update(true));
  bandSelect.addEventListener('change', () => update(true));
  update(false);

  const side = el('section', { class: 'side-panel' }, el('h2', {}, `Interference events (${model.events.length})`));
  renderEvents(side, model.events, (e) => map.showEvent(e));
  const findings = el('section', { class: 'findings-panel' },
    el('h2', {}, `Spoofing findings (${model.findings.length})`));
  renderFindings(findings, model.findings, model.spoofingCounters);
  app.replaceChildren(el('div', { class: 'columns' }, mapPanel, side), findings);
  document.body.dataset.ready = 'true';
}

main();
