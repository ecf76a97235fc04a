// Map layers: zones (symbol by kind, colour by sector family, clustered points or footprints), structures,
// districts (outlines, optionally shaded by zone count), mentions, and the offline basemap.
import { t, kindName, roleName, localName } from './i18n.js';

// Okabe–Ito and Tableau colours: distinguishable with common colour-vision deficiencies.
const FAMILY_PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#8c564b', '#7f7f7f', '#bcbd22', '#6a3d9a', '#b15928', '#1f78b4'];
export const NO_FAMILY_COLOUR = '#555555';
const SHAPES = ['circle', 'square', 'diamond', 'triangle', 'hexagon', 'star'];
const KNOWN_SHAPES = { park: 'circle', new_area: 'square', base: 'diamond', cluster: 'triangle', zone: 'hexagon', town: 'star' };
export const STATUS_COLOURS = { appeared: '#007a3d', disappeared: '#c0392b', changed: '#b36b00', unchanged: '#8a8a8a' };

/** The colour of each sector family, in taxonomy order. */
export function familyColours(taxonomy) {
  return new Map(taxonomy.families.map((family, i) => [family.id, FAMILY_PALETTE[i % FAMILY_PALETTE.length]]));
}

export function kindShape(kind) {
  if (KNOWN_SHAPES[kind]) return KNOWN_SHAPES[kind];
  let hash = 0;
  for (const ch of String(kind)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return SHAPES[hash % SHAPES.length];
}

/** A zone's colour: the first of its families in taxonomy order. */
export function zoneColour(properties, colours) {
  for (const [family, colour] of colours) if ((properties.families ?? []).includes(family)) return colour;
  return NO_FAMILY_COLOUR;
}

/** A small symbol element: shape by kind, fill colour, optional comparison status. */
export function symbolElement(shape, colour, status) {
  const el = document.createElement('span');
  el.className = `zone-symbol shape-${shape}${status ? ` status-${status}` : ''}`;
  el.style.setProperty('--symbol-colour', colour);
  return el;
}

// Leaflet puts tooltip strings in as HTML; data from the API goes in as an element with text only.
function textTip(text) {
  const el = document.createElement('span');
  el.textContent = text;
  return el;
}

function zoneLabel(properties) {
  return t('zoneLabel', { name: localName(properties), kind: kindName(properties.kind) });
}

/**
 * Draws zone features: points as clustered symbols, footprints as polygons. statusOf (optional) gives a comparison
 * status per zone id, which then decides the colour. Returns { layer, count }.
 */
// From this zoom on (a district or closer, where a zone is wanted by itself) every zone is its own symbol.
export const UNCLUSTERED_ZOOM = 12;
const SHARED_POINT_RADIUS = 11;

/**
 * Pixel offsets for symbols that share one point (the gazetteer places several parks of one area at the same
 * estimated point, e.g. 西永's park and its bonded zone): the k-th of n sits on a small ring around the point, so each
 * stays visible and clickable; a single symbol sits on its point.
 */
export function sharedPointOffsets(features) {
  const groups = new Map();
  for (const f of features) {
    if (f.geometry?.type !== 'Point') continue;
    const key = f.geometry.coordinates.join(',');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const offsets = new Map();
  for (const group of groups.values()) {
    group.forEach((f, k) => {
      const angle = (2 * Math.PI * k) / group.length - Math.PI / 2;
      // The ring grows with the group so that neighbouring 20-pixel symbols barely touch (five share one point in Shanghai).
      const radius = Math.max(SHARED_POINT_RADIUS, Math.ceil(group.length * 3.4));
      offsets.set(f, group.length === 1 ? [0, 0] : [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))]);
    });
  }
  return offsets;
}

export function zonesLayer(features, { colours, onSelect, statusOf }) {
  const offsets = sharedPointOffsets(features);
  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    disableClusteringAtZoom: UNCLUSTERED_ZOOM,
    animate: false, // clusters redraw at once: no half-animated state after a move
    maxClusterRadius: 36,
    iconCreateFunction: (cluster) => {
      const el = document.createElement('span');
      el.className = 'cluster-count';
      el.textContent = String(cluster.getChildCount());
      // Comparing: the ring takes the colour of the status most of the cluster's zones have, so a cluster does not hide it.
      const statuses = cluster.getAllChildMarkers().map((m) => m.zoneStatus).filter(Boolean);
      if (statuses.length > 0) {
        const tally = new Map();
        for (const s of statuses) tally.set(s, (tally.get(s) ?? 0) + 1);
        const [main] = [...tally].sort((a, b) => b[1] - a[1])[0];
        el.classList.add('cluster-status');
        el.style.setProperty('--status-colour', STATUS_COLOURS[main]);
      }
      const hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = ` ${t('cluster', { n: cluster.getChildCount() })}`;
      el.append(hidden);
      return L.divIcon({ html: el, className: 'zone-cluster', iconSize: [34, 34] });
    },
  });
  const footprints = L.featureGroup();
  let count = 0;
  for (const feature of features) {
    const p = feature.properties ?? {};
    const status = statusOf?.(p.id);
    const colour = status ? STATUS_COLOURS[status] : zoneColour(p, colours);
    const select = () => onSelect(p.id);
    const geometry = feature.geometry;
    if (!geometry) continue;
    count++;
    if (geometry.type === 'Point') {
      const [lng, lat] = geometry.coordinates;
      const [dx, dy] = offsets.get(feature) ?? [0, 0];
      const marker = L.marker([lat, lng], {
        icon: L.divIcon({ html: symbolElement(kindShape(p.kind), colour, status), className: 'zone-icon', iconSize: [20, 20], iconAnchor: [10 - dx, 10 - dy] }),
        title: zoneLabel(p),
        keyboard: true,
      });
      marker.zoneId = p.id;
      marker.zoneStatus = status;
      marker.on('click', select);
      // Leaflet 1.9 makes markers focusable but does not open them from the keyboard: Enter and Space do here.
      marker.on('add', () => {
        const icon = marker.getElement();
        if (!icon || icon.dataset.keyboard) return;
        icon.dataset.keyboard = 'on';
        icon.setAttribute('aria-label', zoneLabel(p));
        icon.addEventListener('keydown', (event) => {
          if (event.key !== 'Enter' && event.key !== ' ') return;
          event.preventDefault();
          select();
        });
      });
      clusters.addLayer(marker);
    } else {
      const shape = L.geoJSON(feature, {
        style: { color: colour, weight: 2, fillColor: colour, fillOpacity: status === 'disappeared' ? 0.05 : 0.3, dashArray: status === 'disappeared' ? '4 4' : null },
      });
      shape.bindTooltip(textTip(zoneLabel(p)));
      shape.on('click', select);
      shape.zoneId = p.id;
      footprints.addLayer(shape);
    }
  }
  return { layer: L.layerGroup([footprints, clusters]), count, clusters, footprints };
}

// Structures are drawn by role: poles and cores as rings, belts as bands, axes as dashed lines, rings as dashed outlines.
// Real structures are often unions of whole districts: fills stay faint so the zones on top remain readable.
const STRUCTURE_STYLES = {
  pole: { color: '#6a1b9a', weight: 3, fillOpacity: 0.08, radius: 14 },
  core: { color: '#6a1b9a', weight: 3, fillOpacity: 0.08, radius: 16 },
  belt: { color: '#00695c', weight: 3, opacity: 0.8, fillOpacity: 0.05 },
  axis: { color: '#bf360c', weight: 3, dashArray: '10 6', fillOpacity: 0.03 },
  ring: { color: '#283593', weight: 3, dashArray: '2 6', fill: false },
};
const DEFAULT_STRUCTURE_STYLE = { color: '#37474f', weight: 2, fillOpacity: 0.04 };
// Label priority where labels collide: the named poles and cores first, the broad groupings last.
const ROLE_PRIORITY = ['pole', 'core', 'wing', 'axis', 'belt', 'ring', 'city', 'port', 'cluster', 'zone', 'point'];
const rolePriority = (feature) => {
  const i = ROLE_PRIORITY.indexOf(feature.properties?.role);
  return i < 0 ? ROLE_PRIORITY.length : i;
};

export function structuresLayer(features) {
  const drawn = features.filter((f) => f.geometry).sort((a, b) => rolePriority(a) - rolePriority(b));
  return L.geoJSON({ type: 'FeatureCollection', features: drawn }, {
    style: (feature) => STRUCTURE_STYLES[feature.properties?.role] ?? DEFAULT_STRUCTURE_STYLE,
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, { ...(STRUCTURE_STYLES[feature.properties?.role] ?? { color: '#37474f', radius: 12 }), fill: true }),
    onEachFeature: (feature, layer) => {
      layer.bindTooltip(textTip(`${localName(feature.properties)} · ${roleName(feature.properties?.role)}`), { permanent: true, direction: 'top', className: 'structure-label' });
    },
  });
}

/**
 * Hides every label (matched by selector, in document order = priority) that would overlap one already shown, so
 * dozens of permanent structure labels do not pile up into an unreadable block. Hand-written: Leaflet has no label
 * collision handling and the plugins for it are unmaintained.
 */
export function declutterLabels(container, selector) {
  const shown = [];
  for (const label of container.querySelectorAll(selector)) {
    label.classList.remove('label-hidden');
    const r = label.getBoundingClientRect();
    if (r.width === 0) continue;
    if (shown.some((s) => r.left < s.right && r.right > s.left && r.top < s.bottom && r.bottom > s.top)) label.classList.add('label-hidden');
    else shown.push(r);
  }
}

const SHADES = ['#f1f4f8', '#d3e0ee', '#a9c4e0', '#6f9fcb', '#3a78b4'];

export function districtsLayer(features, { shade }) {
  const max = Math.max(1, ...features.map((f) => f.properties?.zone_count ?? 0));
  return L.geoJSON({ type: 'FeatureCollection', features }, {
    interactive: true,
    style: (feature) => {
      const n = feature.properties?.zone_count ?? 0;
      const step = n === 0 ? 0 : 1 + Math.min(SHADES.length - 2, Math.floor(((n - 1) / max) * (SHADES.length - 1)));
      return { color: '#4a5a6a', weight: 1.2, fill: shade, fillColor: SHADES[step], fillOpacity: shade ? 0.6 : 0, className: 'district' };
    },
    onEachFeature: (feature, layer) => {
      const p = feature.properties ?? {};
      layer.bindTooltip(textTip(shade ? `${localName(p)} · ${p.zone_count ?? 0}` : localName(p)), { sticky: true });
    },
  });
}

/** The offline basemap: every district as land on a plain background, below everything else. */
export function offlineBasemapLayer(map, features) {
  if (!map.getPane('offline')) {
    map.createPane('offline');
    map.getPane('offline').style.zIndex = '150';
  }
  return L.geoJSON({ type: 'FeatureCollection', features }, {
    pane: 'offline',
    interactive: false,
    style: { color: '#9aa7b4', weight: 1, fillColor: '#fbfaf6', fillOpacity: 1 },
  });
}

export function mentionsLayer(features, { onSelect }) {
  return L.geoJSON({ type: 'FeatureCollection', features: features.filter((f) => f.geometry) }, {
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 4, color: '#222', weight: 1, fillColor: '#ffd54f', fillOpacity: 0.9, className: 'mention-dot' }),
    onEachFeature: (feature, layer) => {
      const p = feature.properties ?? {};
      layer.bindTooltip(textTip(`${p.name ?? ''}: ${p.quote ?? ''}`));
      if (p.place_id) layer.on('click', () => onSelect(p.place_id));
    },
  });
}
