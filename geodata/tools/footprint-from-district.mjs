// Gives a place an outline its district already holds: the island it is (the part of its district's multipolygon
// that contains its point: 长兴岛 in 崇明区), or with --whole the district itself, for a zone defined as that
// district (the Shanghai part of the Yangtze Delta demonstration zone is 青浦区). The decoded boundaries hold the
// outline, so the footprint is as honest (and as generalised) as the district itself.
//
//   node tools/footprint-from-district.mjs <place-id> [--whole] [--write]
//
// Without --write it prints what it would set. With --write it stores the footprint in gazetteer/<region>.json and
// appends a sentence on it to the record's source note (once).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inPolygon } from './geometry.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [id, ...flags] = process.argv.slice(2);
if (!id) { console.error('usage: node tools/footprint-from-district.mjs <place-id> [--whole] [--write]'); process.exit(2); }
const whole = flags.includes('--whole');

const region = id.startsWith('cq-') ? 'chongqing' : 'shanghai';
const gazetteerFile = join(root, 'gazetteer', `${region}.json`);
const gazetteer = JSON.parse(readFileSync(gazetteerFile, 'utf8'));
const place = gazetteer.places.find((p) => p.id === id);
if (!place) { console.error(`${id}: no such place in gazetteer/${region}.json`); process.exit(2); }

const districts = JSON.parse(readFileSync(join(root, 'districts', `${region}.geojson`), 'utf8')).features;
const district = districts.find((f) => f.properties.name_zh === place.district || (f.properties.aliases || []).includes(place.district));
if (!district) { console.error(`${id}: district ${place.district} not in districts/${region}.geojson`); process.exit(2); }
const parts = district.geometry.type === 'MultiPolygon' ? district.geometry.coordinates : [district.geometry.coordinates];
let footprint, sentence;
if (whole) {
  footprint = district.geometry;
  sentence = `Footprint: the whole ${place.district} polygon of districts/${region}.geojson, which the zone is defined as ` +
    `(generalised echarts boundary, errors of 100-500 m along it; tools/footprint-from-district.mjs --whole).`;
} else {
  if (parts.length < 2) { console.error(`${id}: ${place.district} is one polygon: its outline is the district, not an island of it (--whole?)`); process.exit(2); }
  const part = parts.find((rings) => inPolygon(place.location, rings));
  if (!part) { console.error(`${id}: its point lies in no part of ${place.district}`); process.exit(2); }
  footprint = { type: 'Polygon', coordinates: part };
  sentence = `Footprint: the island's outline, i.e. the part of the ${place.district} polygon in districts/${region}.geojson ` +
    `that contains the point (generalised echarts boundary, errors of 100-500 m along the shore; tools/footprint-from-district.mjs).`;
}
console.log(`${id}: footprint = ${whole ? 'all' : 'part'} of ${place.district}, ${footprint.type}`);
if (flags.includes('--write')) {
  place.footprint = footprint;
  if (!place.source.note.includes('Footprint: ')) place.source.note += ` ${sentence}`;
  writeFileSync(gazetteerFile, JSON.stringify(gazetteer, null, 2) + '\n');
  console.log(`wrote gazetteer/${region}.json`);
}
