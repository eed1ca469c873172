// The spoofing findings table. Columns are the findings' own fields: the usual ones first, then any others.

import { el, formatTime, formatValue } from './format.js';

const PREFERRED = ['kind', 'aircraft', 'icao', 'start', 'end', 'occurrences', 'evidence', 'reported', 'plausible'];
const TIME_KEY = /(^t$|^time$|_s$|^start$|^end$|_time$)/;

export function renderFindings(container, findings, counters) {
  const keys = [];
  for (const f of findings) for (const k of Object.keys(f)) if (!keys.includes(k)) keys.push(k);
  keys.sort((a, b) => {
    const ia = PREFERRED.indexOf(a);
    const ib = PREFERRED.indexOf(b);
    return (ia < 0 ? PREFERRED.length : ia) - (ib < 0 ? PREFERRED.length : ib);
  });
  const cell = (k, v) => {
    if (TIME_KEY.test(k) && typeof v === 'number' && Math.abs(v) >= 1e8) return formatTime(v);
    return formatValue(v);
  };
  const table = el('table', { id: 'findings', class: 'findings' },
    el('thead', {}, el('tr', {}, keys.map((k) => el('th', { scope: 'col' }, k)))),
    el('tbody', {}, findings.length
      ? findings.map((f) => el('tr', { class: 'finding' }, keys.map((k) => el('td', {}, cell(k, f[k])))))
      : el('tr', {}, el('td', { class: 'empty' }, 'No spoofing findings.'))));
  container.append(el('div', { class: 'table-scroll' }, table));
  if (counters && typeof counters === 'object') {
    container.append(el('details', { class: 'counters' }, el('summary', {}, 'Spoofing checks: counters'),
      el('dl', {}, Object.entries(counters).map(([k, v]) => [el('dt', {}, k), el('dd', {}, formatValue(v))]))));
  }
}
