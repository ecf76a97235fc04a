// Ordering search results: the server finds every zone whose names or aliases contain the term; the map goes to the
// best of them: a name that IS the term before one that starts with it, before one that merely contains it; among
// equals, the place the plans mention most (西永 → 西永微电子产业园区, three mentions, before 西永综合保税区, one).
// The zones collection does not list aliases, so a match on an alias alone ranks by mentions.

function names(properties) {
  return [properties.name_zh, properties.name_zht, properties.name_en, ...(properties.aliases ?? [])]
    .filter(Boolean).map((n) => String(n).toLowerCase());
}

/** 0: a name equals the term; 1: a name starts with it; 2: it occurs inside a name; 3: matched otherwise (server-side). */
export function matchRank(properties, term) {
  const q = term.trim().toLowerCase();
  const all = names(properties ?? {});
  if (all.includes(q)) return 0;
  if (all.some((n) => n.startsWith(q))) return 1;
  if (all.some((n) => n.includes(q))) return 2;
  return 3;
}

/** The features best match first, then most mentioned; further ties keep the server's order. */
export function rankMatches(features, term) {
  const mentions = (feature) => feature.properties?.mention_count ?? 0;
  return features
    .map((feature, index) => ({ feature, index, rank: matchRank(feature.properties, term) }))
    .sort((a, b) => a.rank - b.rank || mentions(b.feature) - mentions(a.feature) || a.index - b.index)
    .map(({ feature }) => feature);
}
