// Comparing two plan periods: which zones appear, disappear or change sectors from one to the other.
import { fetchCollection, filterParams } from './api.js';

function sectorsByPlace(mentions) {
  const byPlace = new Map();
  for (const { properties: m } of mentions) {
    if (!m?.place_id) continue;
    const set = byPlace.get(m.place_id) ?? new Set();
    for (const s of m.sectors ?? []) set.add(s);
    byPlace.set(m.place_id, set);
  }
  return byPlace;
}

const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

/** Classifies each zone as a pure function of the two periods' zones and mentions (for tests and the UI alike). */
export function classify(zonesA, zonesB, mentionsA, mentionsB) {
  const a = new Map(zonesA.map((f) => [f.properties.id, f]));
  const b = new Map(zonesB.map((f) => [f.properties.id, f]));
  const sectorsA = sectorsByPlace(mentionsA);
  const sectorsB = sectorsByPlace(mentionsB);
  const status = new Map();
  const features = [];
  for (const [id, feature] of b) {
    if (!a.has(id)) status.set(id, 'appeared');
    else status.set(id, sameSet(sectorsA.get(id) ?? new Set(), sectorsB.get(id) ?? new Set()) ? 'unchanged' : 'changed');
    features.push(feature);
  }
  for (const [id, feature] of a) {
    if (b.has(id)) continue;
    status.set(id, 'disappeared');
    features.push(feature);
  }
  return { status, features, sectorsA, sectorsB };
}

/** Loads both periods under the other current filters and classifies the zones. */
export async function comparePeriods(state, signal) {
  const [periodA, periodB] = state.compare;
  const withPeriod = (period, collection) => {
    const params = collection === 'zones' ? filterParams(state, { withPeriod: false }) : filterParams(state, { withPeriod: false, withKind: false, withSectors: false });
    params.set('period', period);
    return fetchCollection(collection, params, signal);
  };
  const [zonesA, zonesB, mentionsA, mentionsB] = await Promise.all([
    withPeriod(periodA, 'zones'), withPeriod(periodB, 'zones'), withPeriod(periodA, 'mentions'), withPeriod(periodB, 'mentions'),
  ]);
  return classify(zonesA.features, zonesB.features, mentionsA.features, mentionsB.features);
}
