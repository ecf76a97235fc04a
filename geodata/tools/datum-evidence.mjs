#!/usr/bin/env node
// Re-runs the datum tests of ../DATUM.md: compares echarts@4.9.0 map geometry with an
// independent WGS-84 reference, the OpenStreetMap-derived country outlines of the npm
// package @geo-maps/countries-coastline-1m@0.6.0 (ODbL; NOT a dependency of the
// project, fetch it by hand only to re-check the datum):
//
//   cd geodata/tools && npm ci
//   mkdir -p /tmp/osmref && (cd /tmp/osmref && npm pack @geo-maps/countries-coastline-1m@0.6.0 && tar xzf *.tgz)
//   node datum-evidence.mjs /tmp/osmref/package/map.geo.json
//
// Test 1 (islands): every echarts island polygon (0.2 .. 5000 km2) that matches exactly
//   one OSM island of similar area (0.6x .. 1.6x) and nearby position gives one offset
//   vector (OSM centroid - echarts centroid). The median offset is compared with the
//   offset that the GCJ-02 hypothesis predicts (half-step de-bias + GCJ-02 -> WGS-84).
// Test 2 (land border): echarts vertices within 1 km of the OSM national border of a
//   border province; the translation minimising their (80% trimmed) mean distance to the
//   OSM border is searched (0.5 mdeg grid, refined to 0.125 mdeg) and compared with the
//   prediction.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEchartsMap, gcj02ToWgs84 } from './decode-echarts.mjs';

const MAPS = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', 'echarts', 'map', 'json');
const osmFile = process.argv[2];
if (!osmFile) {
  console.error('usage: node datum-evidence.mjs <countries-coastline-1m map.geo.json>');
  process.exit(2);
}

const polysOf = (g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const trimmedMean = (v, keep = 0.8) => { const s = [...v].sort((a, b) => a - b).slice(0, Math.max(1, Math.floor(v.length * keep))); return s.reduce((a, b) => a + b, 0) / s.length; };
const mdeg = (v) => (v * 1000).toFixed(2);
const kmBetween = (dx, dy, lat) => Math.hypot(dx * 111.32 * Math.cos((lat * Math.PI) / 180), dy * 110.57);

/** Predicted correction (WGS-84 minus decoded value) under the GCJ-02 hypothesis. */
function predicted(x, y, scale) {
  const h = 0.5 / scale;
  const [wx, wy] = gcj02ToWgs84(x - h, y - h);
  return [wx - x, wy - y];
}

function centroidArea(ring) {
  let a = 0; let cx = 0; let cy = 0;
  const [x0, y0] = ring[0];
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]; const [x2, y2] = ring[(i + 1) % ring.length];
    const c = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    a += c; cx += (x1 + x2 - 2 * x0) * c; cy += (y1 + y2 - 2 * y0) * c;
  }
  return { area: Math.abs(a / 2), c: [cx / (3 * a) + x0, cy / (3 * a) + y0] };
}

console.log(`reading ${osmFile} ...`);
const osm = JSON.parse(readFileSync(osmFile, 'utf8'));
const china = osm.features.filter((f) => ['CHN', 'HKG', 'MAC', 'TWN'].includes(f.properties.A3));

// ---- test 1: islands --------------------------------------------------------------
const osmIslands = [];
for (const f of china) {
  for (const poly of polysOf(f.geometry)) {
    const ring = poly[0];
    const { area, c } = centroidArea(ring);
    let b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of ring) b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
    osmIslands.push({ area, c, b });
  }
}
const islandFiles = ['zhejiang', 'fujian', 'shandong', 'liaoning', 'guangdong', 'hainan', 'shanghai', 'jiangsu', 'hebei', 'guangxi']
  .map((p) => `province/${p}.json`);
const rows = [];
for (const file of islandFiles) {
  const { features, scale } = readEchartsMap(join(MAPS, file));
  for (const f of features) {
    for (const poly of polysOf(f.geometry)) {
      const { area, c } = centroidArea(poly[0]);
      if (area < 2e-5 || area > 0.5) continue;
      const cand = osmIslands.filter((o) => o.area > area * 0.6 && o.area < area * 1.6
        && c[0] > o.b[0] - 0.02 && c[0] < o.b[2] + 0.02 && c[1] > o.b[1] - 0.02 && c[1] < o.b[3] + 0.02);
      if (cand.length !== 1) continue;
      const [px, py] = predicted(c[0], c[1], scale);
      rows.push({ lat: c[1], dx: cand[0].c[0] - c[0], dy: cand[0].c[1] - c[1], px, py });
    }
  }
}
console.log(`\nTest 1: ${rows.length} matched islands in ${islandFiles.length} echarts province files`);
for (const [label, sel] of [['all', () => true], ['lat >= 35', (r) => r.lat >= 35], ['lat < 35', (r) => r.lat < 35]]) {
  const s = rows.filter(sel);
  if (!s.length) continue;
  console.log(`  ${label.padEnd(9)} n=${String(s.length).padEnd(4)}`
    + ` observed OSM-echarts (mdeg) ${mdeg(median(s.map((r) => r.dx)))}, ${mdeg(median(s.map((r) => r.dy)))}`
    + ` | GCJ-02 predicts ${mdeg(median(s.map((r) => r.px)))}, ${mdeg(median(s.map((r) => r.py)))}`
    + ` | median misfit km: as decoded ${median(s.map((r) => kmBetween(r.dx, r.dy, r.lat))).toFixed(3)},`
    + ` after GCJ-02->WGS-84 ${median(s.map((r) => kmBetween(r.dx - r.px, r.dy - r.py, r.lat))).toFixed(3)}`);
}
const closer = rows.filter((r) => kmBetween(r.dx - r.px, r.dy - r.py, r.lat) < kmBetween(r.dx, r.dy, r.lat)).length;
console.log(`  islands that fit better after the conversion: ${closer} / ${rows.length}`);

// ---- test 2: land borders ---------------------------------------------------------
const CELL = 0.02;
const index = new Map();
const key = (i, j) => i * 100000 + j; // cells of 0.02 deg: i, j < 100000 in China
for (const f of china) {
  if (f.properties.A3 !== 'CHN') continue;
  for (const poly of polysOf(f.geometry)) for (const ring of poly) {
    for (let k = 0; k < ring.length - 1; k++) {
      const a = ring[k]; const b = ring[k + 1];
      const i0 = Math.floor(Math.min(a[0], b[0]) / CELL); const i1 = Math.floor(Math.max(a[0], b[0]) / CELL);
      const j0 = Math.floor(Math.min(a[1], b[1]) / CELL); const j1 = Math.floor(Math.max(a[1], b[1]) / CELL);
      if ((i1 - i0 + 1) * (j1 - j0 + 1) > 400) continue;
      for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) {
        const kk = key(i, j);
        if (!index.has(kk)) index.set(kk, []);
        index.get(kk).push([a, b]);
      }
    }
  }
}
function distanceKm([x, y], reach = 2) {
  const kx = 111.32 * Math.cos((y * Math.PI) / 180); const ky = 110.57;
  let d = Infinity;
  const ci = Math.floor(x / CELL); const cj = Math.floor(y / CELL);
  for (let i = ci - reach; i <= ci + reach; i++) for (let j = cj - reach; j <= cj + reach; j++) {
    for (const [[ax, ay], [bx, by]] of index.get(key(i, j)) ?? []) {
      const ux = (bx - ax) * kx; const uy = (by - ay) * ky; const wx = (x - ax) * kx; const wy = (y - ay) * ky;
      const l2 = ux * ux + uy * uy;
      const t = l2 ? Math.max(0, Math.min(1, (ux * wx + uy * wy) / l2)) : 0;
      d = Math.min(d, Math.hypot(wx - t * ux, wy - t * uy));
    }
  }
  return d;
}
console.log('\nTest 2: vertices near the national land border (slow: a few minutes per province)');
for (const prov of process.argv.slice(3).length ? process.argv.slice(3) : ['yunnan', 'jilin', 'guangxi']) {
  const { features, scale } = readEchartsMap(join(MAPS, `province/${prov}.json`));
  const verts = [];
  for (const f of features) for (const poly of polysOf(f.geometry)) for (const ring of poly) for (const v of ring) verts.push(v);
  const near = verts.filter((v) => distanceKm(v, 1) < 1.0);
  // coarse-to-fine: 0.5 mdeg steps over +-10 mdeg, then 0.125 mdeg steps around the best
  const fit = (dx, dy) => trimmedMean(near.map(([x, y]) => distanceKm([x + dx, y + dy])));
  let best = null;
  for (let i = -20; i <= 20; i++) for (let j = -20; j <= 20; j++) {
    const t = fit(i * 0.0005, j * 0.0005);
    if (!best || t < best.t) best = { dx: i * 0.0005, dy: j * 0.0005, t };
  }
  const centre = best;
  for (let i = -8; i <= 8; i++) for (let j = -8; j <= 8; j++) {
    const dx = centre.dx + i * 0.000125; const dy = centre.dy + j * 0.000125;
    const t = fit(dx, dy);
    if (t < best.t) best = { dx, dy, t };
  }
  const c = near.reduce((a, v) => [a[0] + v[0] / near.length, a[1] + v[1] / near.length], [0, 0]);
  const [px, py] = predicted(c[0], c[1], scale);
  const asIs = near.map((v) => distanceKm(v));
  const conv = near.map(([x, y]) => { const [qx, qy] = predicted(x, y, scale); return distanceKm([x + qx, y + qy]); });
  console.log(`  ${prov.padEnd(8)} n=${near.length} best shift (mdeg) ${mdeg(best.dx)}, ${mdeg(best.dy)}`
    + ` | GCJ-02 predicts ${mdeg(px)}, ${mdeg(py)}`
    + ` | median distance km: as decoded ${median(asIs).toFixed(3)}, after conversion ${median(conv).toFixed(3)}`);
}
