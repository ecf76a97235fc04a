// The ZoneMap API as the map uses it (OGC API – Features collections, /sectors, /documents, /export).
// Paths are relative so the map works wherever ZoneMap serves it.

const PAGE_SIZE = 1000;

/** The API's query parameters for a filter state (only those that are set). */
export function filterParams(state, { withKind = true, withSectors = true, withPeriod = true } = {}) {
  const params = new URLSearchParams();
  if (withSectors && state.sectors.length > 0) params.set('sector', state.sectors.join(','));
  if (withPeriod && state.period) params.set('period', state.period);
  if (state.region) params.set('region', state.region);
  if (withKind && state.kind) params.set('kind', state.kind);
  return params;
}

export async function getJson(url, signal) {
  const response = await fetch(url, { signal, headers: { Accept: 'application/geo+json, application/json' } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try { const problem = await response.json(); detail = problem.detail ?? problem.title ?? detail; } catch { /* not problem+json */ }
    throw new Error(detail);
  }
  return response.json();
}

/**
 * Every feature of a collection for these parameters, following the collection's "next" links page by page.
 * Returns { features, numberMatched }.
 */
export async function fetchCollection(collection, params = new URLSearchParams(), signal) {
  const query = new URLSearchParams(params);
  if (!query.has('limit')) query.set('limit', String(PAGE_SIZE));
  let url = `collections/${collection}/items?${query}`;
  const features = [];
  let numberMatched = null;
  for (let page = 0; url && page < 100; page++) {
    const body = await getJson(url, signal);
    features.push(...(body.features ?? []));
    numberMatched ??= body.numberMatched ?? null;
    const next = (body.links ?? []).find((link) => link.rel === 'next');
    url = next && (body.features ?? []).length > 0 ? resolveLink(next.href) : null;
  }
  return { features, numberMatched: numberMatched ?? features.length };
}

// The API may give absolute links naming another host (behind a proxy): follow the path and query on this origin.
function resolveLink(href) {
  const resolved = new URL(href, window.location.href);
  return resolved.origin === window.location.origin ? resolved.href : new URL(resolved.pathname + resolved.search, window.location.origin).href;
}

/** The taxonomy as families and a flat list of sectors, each sector naming its family and counting its zones. */
/** The kinds the kind filter knows: the gazetteer's and those of loaded data (parcel, enterprise...), from the queryables. */
export async function fetchKinds(signal) {
  const queryables = await getJson('collections/features/queryables', signal);
  return queryables.properties?.kind?.enum ?? [];
}

/** The taxonomy with zone counts; given filter params (region, period, kind), the counts follow them. */
export async function fetchSectors(params = new URLSearchParams(), signal) {
  const query = params.toString();
  const taxonomy = await getJson(query ? `sectors?${query}` : 'sectors', signal);
  const families = taxonomy.families ?? [];
  return {
    families: families.map((f) => ({ id: f.id, zh: f.zh, en: f.en, count: f.zone_count })),
    sectors: families.flatMap((f) => (f.sectors ?? []).map((s) => ({ id: s.id, family: f.id, zh: s.zh, en: s.en, count: s.zone_count }))),
  };
}

export function fetchDocument(id, signal) { return getJson(`documents/${encodeURIComponent(id)}`, signal); }

/** The /export URL for a format, collection and the current filters. */
export function exportUrl(format, state, collection = 'zones') {
  const params = filterParams(state);
  params.set('format', format);
  params.set('collection', collection);
  return `export?${params}`;
}
