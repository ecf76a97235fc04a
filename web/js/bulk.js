// The bulk-loaded `features` collection (`zonemap load`, up to millions of rows): drawn as GeoJSON while it is small,
// as Mapbox Vector Tiles (Leaflet.VectorGrid on canvas) once it is larger than the threshold, with the same filters.
import { getJson, fetchCollection } from './api.js';
import { zoneColour } from './layers.js';

export const COLLECTION = 'features';
const PANE = 'bulk';
const DEFAULTS = { vectorThreshold: 5000, viewLimit: 5000000 };

// Leaflet.VectorGrid 1.3.0, the newest on npm, calls L.DomEvent.fakeStop on a click, which Leaflet 1.8 removed
// (fixed upstream, not released): stopping the event is what that call meant.
if (L.DomEvent.fakeStop === undefined) L.DomEvent.fakeStop = L.DomEvent.stop;

/**
 * The two limits, each from ?name=N, else the map element's data-name attribute, else the default:
 * - vector-threshold: above this many matching features the layer is drawn from vector tiles, not GeoJSON;
 * - view-limit: tiles are drawn while at most this many features lie in the view, else the map asks to zoom in.
 *   Below z12 the server thins tiles to one feature per cell (feature_count says how many it stands for), so a
 *   national view of a million features is a few small tiles; the limit is for data far larger than that.
 */
export function bulkLimits(mapElement, search = window.location.search) {
  const params = new URLSearchParams(search);
  const read = (name, fallback) => {
    for (const value of [params.get(name), mapElement.dataset[name.replace(/-(\w)/g, (_, c) => c.toUpperCase())]]) {
      if (value && /^\d+$/.test(value)) return Number(value);
    }
    return fallback;
  };
  return { vectorThreshold: read('vector-threshold', DEFAULTS.vectorThreshold), viewLimit: read('view-limit', DEFAULTS.viewLimit) };
}

/** How many features the parameters match: numberMatched of a one-feature page (the stored count when unfiltered). */
export async function matchedCount(params, signal) {
  const query = new URLSearchParams(params);
  query.set('limit', '1');
  const body = await getJson(`collections/${COLLECTION}/items?${query}`, signal);
  return body.numberMatched ?? 0;
}

/** Families arrive as an array in GeoJSON and as comma-separated text in a tile: always a list. */
function families(properties) {
  const value = properties.families ?? [];
  return Array.isArray(value) ? value : String(value).split(',').filter(Boolean);
}

/** One style for both modes: the sector family's colour (as for zones); points as small circles, polygons as fills. */
export function featureStyle(properties, colours) {
  const colour = zoneColour({ families: families(properties) }, colours);
  // A thinned tile's feature stands for feature_count features in its cell: bigger, so dense areas read as dense.
  const stands = Number(properties.feature_count ?? 1);
  const radius = 3 + Math.min(6, Math.log2(Math.max(1, stands)));
  return { color: colour, weight: 1, opacity: 0.9, fill: true, fillColor: colour, fillOpacity: 0.45, radius };
}

/** The view as an API bbox, clamped to longitudes and latitudes the API accepts. */
function viewBbox(map) {
  const b = map.getBounds();
  const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v)).toFixed(5);
  return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(',');
}

/**
 * The features overlay: a layer group (added and removed by the map's layer toggles) whose content follows the
 * filters (refresh) and, in tile mode, the view. onSelect(properties) is called with a clicked feature's properties;
 * onChange({ count, mode, inView }) whenever what is drawn changes.
 * Modes: 'empty' (nothing matches), 'geojson', 'tiles' (drawn), 'zoom-in' (tiles, too many features in view).
 */
export function createBulkOverlay(map, { colours, limits, onSelect, onChange }) {
  if (!map.getPane(PANE)) map.createPane(PANE).style.zIndex = '450'; // above districts and structures, below zone symbols
  const group = L.layerGroup();
  let content = null;
  let tiles = null;
  let params = new URLSearchParams();
  let count = 0;
  let mode = 'empty';
  let viewController = null;
  let viewTimer = null;

  const report = (inView) => onChange({ count, mode, inView });

  function setContent(layer) {
    if (layer === content) return; // re-adding a tile layer would fetch its tiles again
    if (content) group.removeLayer(content);
    content = layer;
    if (layer) group.addLayer(layer);
  }

  function geojsonLayer(features) {
    return L.geoJSON({ type: 'FeatureCollection', features: features.filter((f) => f.geometry) }, {
      pane: PANE,
      style: (feature) => ({ ...featureStyle(feature.properties ?? {}, colours), className: 'bulk-feature' }),
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, { pane: PANE }),
      onEachFeature: (feature, shape) => shape.on('click', () => onSelect({ id: feature.id, ...feature.properties })),
    });
  }

  function tileLayer() {
    // Each filter goes into the tile URL, so a new filter is a new set of URLs (and of HTTP cache entries).
    const query = params.toString(); // percent-encoded: no braces for the URL template to misread
    const layer = L.vectorGrid.protobuf(`collections/${COLLECTION}/tiles/{z}/{x}/{y}${query ? `?${query}` : ''}`, {
      pane: PANE,
      rendererFactory: L.canvas.tile,
      interactive: true,
      maxNativeZoom: 22,
      vectorTileLayerStyles: { [COLLECTION]: (properties) => featureStyle(properties, colours) },
      fetchOptions: { headers: { Accept: 'application/vnd.mapbox-vector-tile' } },
    });
    layer.on('click', (event) => onSelect(event.layer.properties));
    // Counted on the map element for tests and measurements: tiles drawn, and views whose tiles have all been drawn.
    const counter = (name) => () => { map.getContainer().dataset[name] = String(Number(map.getContainer().dataset[name] ?? 0) + 1); };
    layer.on('tileload', counter('bulkTilesDrawn'));
    layer.on('load', counter('bulkTilesLoaded'));
    return layer;
  }

  /** Tile mode: draw the tiles while the view holds at most viewLimit features, else ask to zoom in. */
  async function followView() {
    viewController?.abort();
    viewController = new AbortController();
    const { signal } = viewController;
    const query = new URLSearchParams(params);
    query.set('bbox', viewBbox(map));
    try {
      const inView = count <= limits.viewLimit ? count : await matchedCount(query, signal);
      if (signal.aborted || mode === 'empty' || mode === 'geojson') return;
      mode = inView <= limits.viewLimit ? 'tiles' : 'zoom-in';
      setContent(mode === 'tiles' ? tiles : null);
      report(inView);
    } catch (error) {
      if (error.name !== 'AbortError') console.error(error);
    }
  }

  map.on('moveend', () => {
    if (!tiles || !map.hasLayer(group)) return;
    clearTimeout(viewTimer);
    viewTimer = setTimeout(followView, 200);
  });
  group.on('add', () => { if (tiles) followView(); });

  return {
    layer: group,
    /** Re-reads the collection for new filters; resolves once the mode is known (tiles then load by themselves). */
    async refresh(nextParams, signal) {
      params = new URLSearchParams(nextParams);
      count = await matchedCount(params, signal);
      tiles = null;
      if (count === 0) {
        mode = 'empty';
        setContent(null);
      } else if (count <= limits.vectorThreshold) {
        const query = new URLSearchParams(params);
        query.set('limit', '10000'); // the API's largest page: a layer under the threshold comes in one or a few requests
        const { features } = await fetchCollection(COLLECTION, query, signal);
        mode = 'geojson';
        setContent(geojsonLayer(features));
      } else {
        tiles = tileLayer();
        mode = 'tiles';
        if (map.hasLayer(group)) await followView(); // else when the layer is switched on
        return;
      }
      report(mode === 'geojson' ? count : 0);
    },
  };
}

/** The full properties of one feature (a tile carries only a subset): /collections/features/items/{id}. */
export async function fetchFeature(id, signal) {
  const body = await getJson(`collections/${COLLECTION}/items/${encodeURIComponent(id)}`, signal);
  return { id: body.id, ...body.properties };
}
