#!/usr/bin/env node
// Validates geodata/gazetteer/<region>.json (plain Node, no dependencies).
// Checks: unique ids, unique aliases/names across places, location shape and region bbox,
// source.note + source.datum present, precision/kind values, and — when
// geodata/districts/<region>.geojson exists — that every location lies inside the
// polygon of the district it claims. Prints precision counts and how many places share
// one point. Then reads ../crosscheck.json (independent second coordinates) and prints, per
// place, the distance from the gazetteer point to the independent point, with median and
// max over site/area places; anything beyond 5 km is flagged (an error with --strict). Independent
// points given in the Shanghai city grid (`grid`) are re-derived with shanghai-grid.mjs.
// Exits 1 on any error.
// Usage: node tools/check-gazetteer.mjs [--strict] [region ...]   (default: shanghai chongqing)
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gridToWgs84 } from './shanghai-grid.mjs';
import { inGeometry } from './geometry.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const strict = args.includes('--strict');
const regionArgs = args.filter((a) => !a.startsWith('--'));
const regions = regionArgs.length ? regionArgs : ['shanghai', 'chongqing'];
const FLAG_KM = 5;
// Generous region boxes (lon/lat, WGS-84), including islands.
const BBOX = {
  shanghai: [120.85, 30.65, 122.25, 31.90],
  chongqing: [105.25, 28.15, 110.25, 32.25],
};
const PREFIX = { shanghai: 'sh-', chongqing: 'cq-' };
const PRECISIONS = new Set(['site', 'area', 'district']);
const KINDS = new Set(['park', 'base', 'zone', 'new_area', 'cluster', 'port', 'site', 'district', 'town', 'corridor']);
const DATUMS = new Set(['WGS-84', 'GCJ-02', 'BD-09']);

const errors = [];
const warnings = [];
const err = (m) => errors.push(m);
const warn = (m) => warnings.push(m);

// Distance (km) from a point to the nearest polygon edge, for messages.
function edgeKm([x, y], g) {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const kx = 111.32 * Math.cos((y * Math.PI) / 180);
  const ky = 110.57;
  let best = Infinity;
  for (const p of polys) for (const r of p) for (let i = 0; i < r.length - 1; i++) {
    const ax = (r[i][0] - x) * kx, ay = (r[i][1] - y) * ky;
    const bx = (r[i + 1][0] - x) * kx, by = (r[i + 1][1] - y) * ky;
    const dx = bx - ax, dy = by - ay;
    const L = dx * dx + dy * dy;
    let t = L ? -(ax * dx + ay * dy) / L : 0;
    t = Math.max(0, Math.min(1, t));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

// Great-circle distance in km (spherical Earth, mean radius): plenty for km-level checks.
function haversineKm([lon1, lat1], [lon2, lat2]) {
  const r = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const counts = {};
const allPlaces = new Map();
for (const region of regions) {
  const file = join(root, 'gazetteer', `${region}.json`);
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    err(`${region}: cannot read/parse ${file}: ${e.message}`);
    continue;
  }
  if (data.region !== region) err(`${region}: file says region "${data.region}"`);
  const bbox = BBOX[region];
  let districts = null;
  const dfile = join(root, 'districts', `${region}.geojson`);
  if (existsSync(dfile)) {
    districts = new Map();
    for (const f of JSON.parse(readFileSync(dfile, 'utf8')).features) {
      districts.set(f.properties.name_zh, f);
      for (const a of f.properties.aliases || []) if (!districts.has(a)) districts.set(a, f);
    }
  }
  const ids = new Map();
  const names = new Map();
  counts[region] = { site: 0, area: 0, district: 0, other: 0, total: 0, estimated: 0 };
  const districtPoints = new Map();
  for (const p of data.places || []) if (p.kind === 'district') districtPoints.set(p.district, p.location);

  for (const p of data.places || []) {
    const id = p.id || '(no id)';
    if (p.id) allPlaces.set(p.id, p);
    counts[region].total++;
    if (!p.id || !/^[a-z0-9-]+$/.test(p.id)) err(`${region}/${id}: bad id`);
    if (PREFIX[region] && p.id && !p.id.startsWith(PREFIX[region])) err(`${region}/${id}: id lacks prefix ${PREFIX[region]}`);
    if (ids.has(p.id)) err(`${region}/${id}: duplicate id`);
    ids.set(p.id, p);
    if (!p.name_zh) err(`${region}/${id}: missing name_zh`);
    if (!KINDS.has(p.kind)) err(`${region}/${id}: unknown kind "${p.kind}"`);
    // names + aliases must be unique across places
    const forms = new Set([p.name_zh, ...(p.aliases || [])].filter(Boolean));
    for (const a of forms) {
      if (names.has(a) && names.get(a) !== p.id) err(`${region}/${id}: name/alias "${a}" also used by ${names.get(a)}`);
      else names.set(a, p.id);
    }
    // location
    const loc = p.location;
    const okLoc = Array.isArray(loc) && loc.length === 2 && loc.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!okLoc) err(`${region}/${id}: location must be [lon, lat] numbers`);
    else {
      if (loc.some((v) => (String(v).split('.')[1] || '').length > 6)) err(`${region}/${id}: more than 6 decimals`);
      if (bbox && !(loc[0] >= bbox[0] && loc[0] <= bbox[2] && loc[1] >= bbox[1] && loc[1] <= bbox[3])) {
        err(`${region}/${id}: location ${loc} outside ${region} bbox ${bbox}`);
      }
    }
    // precision
    if (PRECISIONS.has(p.precision)) counts[region][p.precision]++;
    else { counts[region].other++; err(`${region}/${id}: bad precision "${p.precision}"`); }
    // source
    const s = p.source || {};
    if (!s.note || typeof s.note !== 'string' || !s.note.trim()) err(`${region}/${id}: source.note missing`);
    if (!s.datum) err(`${region}/${id}: source.datum missing`);
    else if (!DATUMS.has(s.datum)) err(`${region}/${id}: source.datum "${s.datum}" not one of ${[...DATUMS]}`);
    if (typeof s.estimated !== 'boolean') warn(`${region}/${id}: source.estimated is not a boolean`);
    if (s.estimated) counts[region].estimated++;
    if (!s.url) warn(`${region}/${id}: source.url missing`);
    // district-precision records must use the district record's point
    if (p.precision === 'district' && p.kind !== 'district' && okLoc) {
      const dp = districtPoints.get(p.district);
      if (dp && (Math.abs(dp[0] - loc[0]) > 1e-6 || Math.abs(dp[1] - loc[1]) > 1e-6)) {
        err(`${region}/${id}: precision district but location differs from the ${p.district} record ${dp}`);
      }
      if (!/district/i.test(s.note || '')) warn(`${region}/${id}: district precision not flagged in source.note`);
    }
    // district polygon
    if (districts && okLoc) {
      const f = districts.get(p.district);
      if (!f) err(`${region}/${id}: district "${p.district}" not in districts/${region}.geojson`);
      else if (!inGeometry(loc, f.geometry)) {
        const inside = [...new Set([...districts.values()])].find((g) => inGeometry(loc, g.geometry));
        err(`${region}/${id}: location ${loc} not inside ${p.district} (${edgeKm(loc, f.geometry).toFixed(2)} km from its edge; ` +
          `falls in ${inside ? inside.properties.name_zh : 'no district'})`);
      }
    }
    if (p.footprint && !['Polygon', 'MultiPolygon'].includes(p.footprint.type)) err(`${region}/${id}: footprint must be Polygon/MultiPolygon`);
  }
}

const pad = (s, n) => String(s).padEnd(n);
console.log(pad('region', 11) + pad('site', 6) + pad('area', 6) + pad('district', 10) + pad('total', 7) + 'estimated');
for (const [r, c] of Object.entries(counts)) {
  console.log(pad(r, 11) + pad(c.site, 6) + pad(c.area, 6) + pad(c.district, 10) + pad(c.total, 7) + c.estimated);
}
// Places that share one point: expected for district-precision records (they reuse the
// district record's point); for site/area records it means one source stands for several places.
const byPoint = new Map();
for (const p of allPlaces.values()) {
  if (!Array.isArray(p.location) || p.kind === 'district') continue;
  const key = p.location.join(',');
  if (!byPoint.has(key)) byPoint.set(key, []);
  byPoint.get(key).push(p);
}
const sharedGroups = [...byPoint.values()].filter((g) => g.length > 1);
const sharedAreaGroups = sharedGroups.filter((g) => g.some((p) => p.precision !== 'district'));
console.log(`shared points: ${sharedGroups.reduce((n, g) => n + g.length, 0)} non-district places on ` +
  `${sharedGroups.length} shared coordinates (${sharedAreaGroups.length} of them with site/area places: ` +
  sharedAreaGroups.map((g) => g.map((p) => p.id).join('+')).join('; ') + ')');

// Independent cross-check (../crosscheck.json).
const crossFile = join(root, 'crosscheck.json');
if (existsSync(crossFile)) {
  let cross;
  try {
    cross = JSON.parse(readFileSync(crossFile, 'utf8'));
  } catch (e) {
    err(`crosscheck.json: cannot parse: ${e.message}`);
  }
  // Re-derive each independent point from what the source said, when the datum tool can load
  // (it needs `npm ci` for decode-echarts.mjs); without it the stored WGS-84 values are used.
  let toWgs84 = null;
  try {
    ({ toWgs84 } = await import('./convert-datum.mjs'));
  } catch {
    warn('crosscheck.json: convert-datum.mjs not loadable (run npm ci in tools/); stored WGS-84 points not re-derived');
  }
  const rows = [];
  for (const c of cross?.checks || []) {
    const p = allPlaces.get(c.id);
    const ind = c.independent || {};
    if (!p) {
      if (regions.some((r) => c.id?.startsWith(PREFIX[r]))) err(`crosscheck.json: ${c.id}: no such place`);
      continue;
    }
    const loc = ind.location;
    if (!Array.isArray(loc) || loc.length !== 2 || !loc.every(Number.isFinite)) {
      err(`crosscheck.json: ${c.id}: independent.location must be [lon, lat]`);
      continue;
    }
    if (!ind.url || !ind.note || !DATUMS.has(ind.datum)) err(`crosscheck.json: ${c.id}: independent source needs note, url and datum`);
    if (toWgs84 && Array.isArray(ind.read)) {
      const derived = toWgs84(ind.datum, ind.read[0], ind.read[1]);
      if (haversineKm(derived, loc) > 0.001) err(`crosscheck.json: ${c.id}: independent.location ${loc} is not ${ind.datum} ${ind.read} converted (${derived})`);
    }
    // A point published in the Shanghai city grid (metres) keeps its grid values in `grid`.
    if (Array.isArray(ind.grid)) {
      const derived = gridToWgs84(ind.grid[0], ind.grid[1]);
      if (haversineKm(derived, loc) > 0.001) err(`crosscheck.json: ${c.id}: independent.location ${loc} is not grid ${ind.grid} converted (${derived})`);
    }
    if (c.primary?.url && p.source?.url && c.primary.url === ind.url) err(`crosscheck.json: ${c.id}: independent source is the record's own source`);
    rows.push({ id: c.id, precision: p.precision, relation: c.relation || '', km: haversineKm(p.location, loc) });
  }
  if (rows.length) {
    console.log('');
    console.log('cross-check: gazetteer point vs independent point (crosscheck.json)');
    for (const r of rows.sort((a, b) => a.km - b.km)) {
      const flag = r.km > FLAG_KM ? `  FLAG > ${FLAG_KM} km` : '';
      console.log(`  ${pad(r.id, 32)} ${pad(r.precision, 9)} ${r.km.toFixed(2).padStart(6)} km  ${r.relation}${flag}`);
    }
    const scored = rows.filter((r) => r.precision === 'site' || r.precision === 'area');
    if (scored.length) {
      const kms = scored.map((r) => r.km);
      console.log(`  site/area places: ${scored.length}, median ${median(kms).toFixed(2)} km, max ${Math.max(...kms).toFixed(2)} km, ` +
        `over ${FLAG_KM} km: ${kms.filter((k) => k > FLAG_KM).length}`);
    }
    for (const r of rows.filter((x) => x.km > FLAG_KM)) {
      (strict ? err : warn)(`crosscheck: ${r.id} is ${r.km.toFixed(2)} km from its independent point (limit ${FLAG_KM} km)`);
    }
  }
}

for (const w of warnings) console.log('WARN  ' + w);
for (const e of errors) console.log('ERROR ' + e);
console.log(errors.length ? `${errors.length} error(s)` : 'OK');
process.exit(errors.length ? 1 : 0);
