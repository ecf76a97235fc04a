// The basemap: OpenStreetMap-style tiles from a configurable URL, and an offline fallback drawn from ZoneMap's own
// district outlines when the tiles cannot load (no internet, blocked host, ?tiles=none).

function meta(name) {
  return document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
}

/** The tile URL template: ?tiles= overrides the page's zonemap-tiles meta tag; "none" means offline. */
export function tileUrl() {
  const fromQuery = new URLSearchParams(window.location.search).get('tiles');
  const url = fromQuery ?? meta('zonemap-tiles');
  return url === 'none' ? '' : url;
}

/**
 * Adds the tile layer, and switches to the offline basemap at the first tile that fails to load (or at once when
 * there is no tile URL). onOffline is called once, when the offline basemap takes over.
 */
export function addBasemap(map, onOffline) {
  const url = tileUrl();
  let offline = false;
  const goOffline = () => {
    if (offline) return;
    offline = true;
    if (tiles) map.removeLayer(tiles);
    map.getContainer().classList.add('offline-basemap');
    onOffline();
  };
  let tiles = null;
  if (!url) {
    goOffline();
    return;
  }
  tiles = L.tileLayer(url, { maxZoom: 18, attribution: meta('zonemap-tiles-attribution') });
  tiles.on('tileerror', goOffline);
  tiles.addTo(map);
}
