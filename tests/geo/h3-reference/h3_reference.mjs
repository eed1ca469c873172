// The reference side of tests/geo/h3_test.cpp: answers the test's questions with the real h3-js.
//
// Usage: node h3_reference.mjs DIR
// Reads, from DIR (each file optional):
//   points.txt  "lat lng" per line (degrees)  -> points.out: the 16 cells (res 0-15) per line
//   cells.txt   one cell (hex) per line       -> cells.out:  "lat lng n lat1 lng1 ... latn lngn"
//                                                (cellToLatLng, then the n cellToBoundary vertices)
//   disks.txt   "cell k" per line             -> disks.out:  the gridDisk cells per line
// Numbers are written in JavaScript's shortest round-trip form, so the C++ side reads exact doubles.

import fs from 'node:fs';
import path from 'node:path';
import { cellToBoundary, cellToLatLng, gridDisk, latLngToCell } from 'h3-js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node h3_reference.mjs DIR');
  process.exit(2);
}

function lines(name) {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8');
  return text.split('\n').filter((line) => line.length > 0);
}

function answer(inName, outName, fn) {
  const input = lines(inName);
  if (input === null) return;
  const out = new Array(input.length);
  for (let n = 0; n < input.length; n++) out[n] = fn(input[n].split(' '));
  fs.writeFileSync(path.join(dir, outName), out.join('\n') + '\n');
}

answer('points.txt', 'points.out', ([lat, lng]) => {
  const la = Number(lat);
  const lo = Number(lng);
  const cells = new Array(16);
  for (let res = 0; res < 16; res++) cells[res] = latLngToCell(la, lo, res);
  return cells.join(' ');
});

answer('cells.txt', 'cells.out', ([cell]) => {
  const [lat, lng] = cellToLatLng(cell);
  const boundary = cellToBoundary(cell);
  return [lat, lng, boundary.length, ...boundary.flat()].join(' ');
});

answer('disks.txt', 'disks.out', ([cell, k]) => gridDisk(cell, Number(k)).join(' '));
