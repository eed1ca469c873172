// The map: Natural Earth land and borders (world-atlas 50m, bundled), the hex cells of one window and band on top,
// the coastline again over the cells, and event marks and located sources. SVG in a fixed 1000 x 540 view box,
// Mercator rotated to the data's central longitude (so cells across the antimeridian stay whole); pan by dragging,
// zoom with the wheel or the buttons.

import { geoGraticule10, geoMercator, geoPath, geoCentroid } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import world from 'world-atlas/countries-50m.json';
import { el, svg, formatPercent, formatTime, formatTimeShort } from './format.js';

const WIDTH = 1000;
const HEIGHT = 540;
const MARGIN = 24;
const MIN_SPAN_DEG = 4;   // closest initial view: about 4 degrees of longitude across the map
const MAX_ZOOM = 64;

const LEVEL_TEXT = {
  red: 'red: many aircraft with bad GNSS',
  yellow: 'yellow: some aircraft with bad GNSS',
  green: 'green: few or no aircraft with bad GNSS',
  insufficient: 'insufficient: too few aircraft to judge',
};

// Central longitude of the data: circular mean, so 179 and -179 average to 180, not 0.
function centralLongitude(points) {
  let x = 0;
  let y = 0;
  for (const [lon] of points) {
    x += Math.cos((lon * Math.PI) / 180);
    y += Math.sin((lon * Math.PI) / 180);
  }
  return x === 0 && y === 0 ? 0 : (Math.atan2(y, x) * 180) / Math.PI;
}

// Fitted to the cells first shown (or, without any, to all cells, then to the events' regions and sources).
function makeProjection(model, initialCells) {
  let shapes = (initialCells.length ? initialCells : model.cells).map((c) => c.geometry);
  if (!shapes.length) {
    for (const e of model.events) {
      if (e.region) shapes.push(e.region);
      for (const source of e.sources) if (source.region) shapes.push(source.region);
      if (e.lat !== undefined && e.lon !== undefined) shapes.push({ type: 'Point', coordinates: [e.lon, e.lat] });
    }
  }
  const projection = geoMercator();
  if (!shapes.length) {
    return projection.fitExtent([[MARGIN, MARGIN], [WIDTH - MARGIN, HEIGHT - MARGIN]],
      { type: 'MultiPoint', coordinates: [[-180, -60], [180, 75]] });
  }
  const centers = shapes.map((s) => geoCentroid(s));
  projection.rotate([-centralLongitude(centers), 0]);
  const target = { type: 'GeometryCollection', geometries: shapes };
  projection.fitExtent([[MARGIN, MARGIN], [WIDTH - MARGIN, HEIGHT - MARGIN]], target);
  const maxScale = WIDTH / ((MIN_SPAN_DEG * Math.PI) / 180);
  if (projection.scale() > maxScale) {
    const [cx, cy] = projection(geoCentroid(target));
    const [tx, ty] = projection.translate();
    const f = maxScale / projection.scale();
    projection.scale(maxScale).translate([WIDTH / 2 - (cx - tx) * f, HEIGHT / 2 - (cy - ty) * f]);
  }
  return projection;
}

export function createMap(container, model, initialCells) {
  const projection = makeProjection(model, initialCells);
  const path = geoPath(projection);
  const land = feature(world, world.objects.land);
  const borders = mesh(world, world.objects.countries, (a, b) => a !== b);
  const coast = mesh(world, world.objects.land);

  const hatch = svg('pattern', { id: 'gw-hatch', patternUnits: 'userSpaceOnUse', width: 6, height: 6,
    patternTransform: 'rotate(45)' },
  svg('rect', { width: 6, height: 6, class: 'hatch-bg' }),
  svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }));
  const cellLayer = svg('g', { class: 'cells' });
  const markLayer = svg('g', { class: 'event-marks' });
  const sourceLayer = svg('g', { class: 'sources' });
  const regionLayer = svg('g', { class: 'event-regions' });
  const basemap = {
    graticule: svg('path', { class: 'graticule' }),
    land: svg('path', { class: 'land' }),
    borders: svg('path', { class: 'borders' }),
    coast: svg('path', { class: 'coast' }),
  };
  const viewport = svg('g', { class: 'viewport' },
    basemap.graticule,
    basemap.land,
    basemap.borders,
    cellLayer,
    basemap.coast,
    regionLayer,
    sourceLayer,
    markLayer);
  const root = svg('svg', { id: 'map', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'xMidYMid meet',
    role: 'img', 'aria-label': 'Map of GNSS interference cells' },
  svg('defs', {}, hatch),
  svg('rect', { class: 'ocean', width: WIDTH, height: HEIGHT }),
  viewport);
  const tooltip = el('div', { class: 'tooltip', hidden: true });
  const zoomButtons = el('div', { class: 'zoom-buttons' },
    el('button', { type: 'button', title: 'Zoom in', onclick: () => zoomBy(2) }, '+'),
    el('button', { type: 'button', title: 'Zoom out', onclick: () => zoomBy(0.5) }, '−'),
    el('button', { type: 'button', title: 'Whole data', onclick: () => setView({ k: 1, x: 0, y: 0 }) }, '⟲'));
  const wrap = el('div', { class: 'map-wrap' }, root, zoomButtons, tooltip);
  container.append(wrap);

  // The basemap is drawn for what is in view plus one view's margin on every side (and redrawn after the view
  // changes): the whole 1:50m world as SVG paths would be megabytes of path data at a regional scale.
  function drawBasemap() {
    const w = WIDTH / view.k;
    const h = HEIGHT / view.k;
    const x0 = -view.x / view.k;
    const y0 = -view.y / view.k;
    const clipped = geoMercator().rotate(projection.rotate()).scale(projection.scale())
      .translate(projection.translate()).clipExtent([[x0 - w, y0 - h], [x0 + 2 * w, y0 + 2 * h]]);
    const basePath = geoPath(clipped).digits(Math.max(1, Math.ceil(Math.log10(view.k)) + 1));
    basemap.graticule.setAttribute('d', basePath(geoGraticule10()) || '');
    basemap.land.setAttribute('d', basePath(land) || '');
    basemap.borders.setAttribute('d', basePath(borders) || '');
    basemap.coast.setAttribute('d', basePath(coast) || '');
  }
  let redraw = 0;
  function scheduleBasemap() {
    clearTimeout(redraw);
    redraw = setTimeout(drawBasemap, 150);
  }

  // Pan and zoom: one transform on the viewport group; strokes keep their width (vector-effect in the CSS).
  let view = { k: 1, x: 0, y: 0 };
  function setView(v) {
    view = { k: Math.min(MAX_ZOOM, Math.max(0.5, v.k)), x: v.x, y: v.y };
    viewport.setAttribute('transform', `translate(${view.x.toFixed(2)},${view.y.toFixed(2)}) scale(${view.k.toFixed(5)})`);
    hatch.setAttribute('patternTransform', `rotate(45) scale(${(1 / view.k).toFixed(5)})`);
    scheduleBasemap();
  }
  function toViewBox(event) {
    const ctm = root.getScreenCTM();
    if (!ctm) return { x: WIDTH / 2, y: HEIGHT / 2 };
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
    return { x: p.x, y: p.y };
  }
  function zoomAround(p, factor) {
    const k = Math.min(MAX_ZOOM, Math.max(0.5, view.k * factor));
    const f = k / view.k;
    setView({ k, x: p.x - (p.x - view.x) * f, y: p.y - (p.y - view.y) * f });
  }
  function zoomBy(factor) { zoomAround({ x: WIDTH / 2, y: HEIGHT / 2 }, factor); }
  root.addEventListener('wheel', (e) => {
    e.preventDefault();
    zoomAround(toViewBox(e), Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002)));
  }, { passive: false });
  root.addEventListener('dblclick', (e) => zoomAround(toViewBox(e), 2));
  let drag = null;
  root.addEventListener('pointerdown', (e) => {
    drag = { start: toViewBox(e), view };
    root.setPointerCapture(e.pointerId);
    root.classList.add('dragging');
  });
  root.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const p = toViewBox(e);
    setView({ k: drag.view.k, x: drag.view.x + p.x - drag.start.x, y: drag.view.y + p.y - drag.start.y });
  });
  const endDrag = () => { drag = null; root.classList.remove('dragging'); };
  root.addEventListener('pointerup', endDrag);
  root.addEventListener('pointercancel', endDrag);

  function zoomTo(geometry) {
    const [[x0, y0], [x1, y1]] = path.bounds(geometry);
    if (![x0, y0, x1, y1].every(Number.isFinite)) return;
    const span = Math.max((x1 - x0) / (WIDTH - 2 * MARGIN), (y1 - y0) / (HEIGHT - 2 * MARGIN), 1 / 8);
    const k = Math.min(MAX_ZOOM, Math.max(1, 1 / span));
    setView({ k, x: WIDTH / 2 - ((x0 + x1) / 2) * k, y: HEIGHT / 2 - ((y0 + y1) / 2) * k });
  }

  // Cells of the selection.
  const pathCache = new Map();
  let shown = [];
  let highlighted = new Set();
  function setCells(cells) {
    shown = cells;
    const order = { insufficient: 0, green: 1, yellow: 2, red: 3 };   // worst drawn last, on top
    const sorted = cells.slice().sort((a, b) => order[a.level] - order[b.level]);
    cellLayer.replaceChildren(...sorted.map((c) => {
      if (!pathCache.has(c.index)) pathCache.set(c.index, path(c.geometry) || '');
      return svg('path', { class: `cell level-${c.level}${highlighted.has(c.id) ? ' in-event' : ''}`,
        d: pathCache.get(c.index), 'data-cell': c.index, 'data-h3': c.id });
    }));
    root.dataset.cells = String(cells.length);
  }

  // After a change of window or band: if none of the cells now drawn is in view, show them all.
  function revealCells() {
    if (!shown.length) return;
    const all = { type: 'GeometryCollection', geometries: shown.map((c) => c.geometry) };
    const [[x0, y0], [x1, y1]] = path.bounds(all);
    const vx0 = -view.x / view.k;
    const vy0 = -view.y / view.k;
    const inView = x1 >= vx0 && x0 <= vx0 + WIDTH / view.k && y1 >= vy0 && y0 <= vy0 + HEIGHT / view.k;
    if (!inView) zoomTo(all);
  }

  // Hover: counts of the cell under the pointer.
  const byIndex = new Map(model.cells.map((c) => [String(c.index), c]));
  cellLayer.addEventListener('pointermove', (e) => {
    const c = byIndex.get(e.target.getAttribute && e.target.getAttribute('data-cell'));
    if (!c || drag) return;
    tooltip.replaceChildren(...cellTooltip(c));
    tooltip.hidden = false;
    const box = wrap.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    tooltip.style.left = `${Math.min(x + 14, box.width - 260)}px`;
    tooltip.style.top = `${y + 14}px`;
  });
  cellLayer.addEventListener('pointerleave', () => { tooltip.hidden = true; });

  // Each event's region (dashed) and, for every event that has one, its located source: the 95 % region and the point.
  for (const e of model.events) {
    if (!e.region) continue;
    regionLayer.append(svg('path', { class: 'event-region', 'data-event': e.id, d: path(e.region) },
      svg('title', {}, `Event ${e.id}`)));
  }
  // Located sources: the 95 % region and the point, for every event that has one (two when the event had two
  // jammers at once).
  for (const e of model.events) {
    for (const source of e.sources) {
      const g = svg('g', { class: 'source', 'data-event': e.id });
      if (source.region) g.append(svg('path', { class: 'source-region', d: path(source.region) }));
      const p = projection([source.lon, source.lat]);
      if (p) {
        g.append(svg('path', { class: 'source-point', d: `M${p[0] - 5},${p[1]}h10M${p[0]},${p[1] - 5}v10` }),
          svg('title', {}, `Event ${e.id}: located source ${source.lat.toFixed(3)}, ${source.lon.toFixed(3)}` +
            (source.radiusKm !== undefined ? `, jammed radius ${source.radiusKm.toFixed(0)} km` : '')));
      }
      sourceLayer.append(g);
    }
  }

  // One event: its cells outlined, its aircraft's loss positions marked, the view fitted to them.
  function showEvent(event) {
    highlighted = new Set(event ? event.cells : []);
    for (const node of cellLayer.children) node.classList.toggle('in-event', highlighted.has(node.getAttribute('data-h3')));
    markLayer.replaceChildren();
    for (const g of sourceLayer.children) g.classList.toggle('selected', !!event && g.dataset.event === event.id);
    for (const r of regionLayer.children) r.classList.toggle('selected', !!event && r.dataset.event === event.id);
    if (!event) return;
    const points = event.aircraft.filter((a) => a.lat !== undefined && a.lon !== undefined).map((a) => [a.lon, a.lat]);
    for (const pt of points) {
      const p = projection(pt);
      if (p) markLayer.append(svg('circle', { class: 'loss-point', cx: p[0], cy: p[1], r: 2.5 }));
    }
    const shapes = [];
    for (const c of shown) if (highlighted.has(c.id)) shapes.push(c.geometry);
    if (points.length) shapes.push({ type: 'MultiPoint', coordinates: points });
    if (event.region) shapes.push(event.region);
    for (const source of event.sources) {
      shapes.push(source.region || { type: 'Point', coordinates: [source.lon, source.lat] });
    }
    if (event.lat !== undefined && event.lon !== undefined) {
      shapes.push({ type: 'Point', coordinates: [event.lon, event.lat] });
    }
    if (shapes.length) zoomTo({ type: 'GeometryCollection', geometries: shapes });
  }

  setView(view);
  clearTimeout(redraw);
  drawBasemap();
  return { setCells, revealCells, showEvent, element: root };
}

function cellTooltip(c) {
  const rows = [
    ['good aircraft', c.good ?? '–'],
    ['bad aircraft', c.bad ?? '–'],
    ['bad fraction', formatPercent(c.badFrac)],
    ['95 % interval', c.interval ? `${formatPercent(c.interval[0])} – ${formatPercent(c.interval[1])}` : '–'],
    ['window', c.windowStart !== undefined
      ? `${formatTime(c.windowStart)}${c.windowEnd !== undefined ? ` – ${formatTimeShort(c.windowEnd, c.windowStart)}` : ''}`
      : c.windowKey],
    ['band', c.band],
    ['cell', c.id],
  ];
  return [
    el('div', { class: `tooltip-title level-${c.level}` }, LEVEL_TEXT[c.level]),
    el('table', {}, rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, String(v))))),
  ];
}

export { LEVEL_TEXT };
