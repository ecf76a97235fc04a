// ZoneMap's web map: wires the state (URL), the data (API), the layers, the filters and the panel together.
import { t, translatePage, currentLang, setLang, localName } from './i18n.js';
import { readState, writeState } from './url-state.js';
import { fetchCollection, fetchKinds, fetchSectors, filterParams, getJson } from './api.js';
import { bulkLimits, createBulkOverlay, fetchFeature } from './bulk.js';
import { addBasemap } from './basemap.js';
import { familyColours, zonesLayer, structuresLayer, districtsLayer, offlineBasemapLayer, mentionsLayer, declutterLabels, STATUS_COLOURS } from './layers.js';
import { createFilters } from './filters.js';
import { createLegend } from './legend.js';
import { showZone, showFeature, showDocument, closePanel } from './panel.js';
import { comparePeriods } from './compare.js';
import { rankMatches } from './search.js';

const REGION_VIEWS = { shanghai: [[30.68, 120.85], [31.88, 122.12]], chongqing: [[28.16, 105.29], [32.2, 110.19]] };
const CHINA_VIEW = [[28, 104], [32.5, 123]];

const state = readState();
const statusEl = document.getElementById('status');
let generation = 0;
let taxonomy = { families: [], sectors: [] };
let colours = new Map();
let districts = [];
const sectorsById = new Map();
const districtsById = new Map();
const zonesById = new Map();
const kinds = new Set(); // of the zones seen (the legend's symbols)
let knownKinds = new Set(); // every kind the kind filter knows, loaded data's too (the filter's list)
let offline = false;
let controller = null;
let zoneFeatures = [];
let filters = null;
let bulk = null;
let selectedOutline = null; // the open zone's footprint outline
let sectorCountsQuery = ''; // the filters the sector list's counts are for (start: none, the totals)
let bulkInfo = null;
let bulkQuery = null;

// maxZoom on the map itself: the offline basemap has no tile layer to give one, and clustering needs it.
const map = L.map('map', { zoomControl: true, keyboard: true, minZoom: 3, maxZoom: 18 });
map.fitBounds(CHINA_VIEW);
map.attributionControl.setPrefix(false);
L.control.scale({ imperial: false }).addTo(map);
const legend = createLegend(map);

const overlays = { zones: null, structures: null, districts: null, mentions: null, features: null };
let offlineLayer = null;

function setStatus(text, stateName, count) {
  statusEl.textContent = text;
  statusEl.dataset.state = stateName;
  if (count !== undefined) statusEl.dataset.count = String(count);
  statusEl.dataset.generation = String(generation);
}

function countText(count) {
  const parts = [t('count', { n: count })];
  if (bulkInfo && bulkInfo.mode !== 'empty' && state.layers.includes('features')) parts.push(bulkText(bulkInfo));
  if (offline) parts.push(t('offline'));
  return parts.join(' · ');
}

function bulkText({ count, mode, inView }) {
  const number = (n) => n.toLocaleString(currentLang() === 'en' ? 'en' : 'zh-CN');
  if (mode === 'zoom-in') return t('featuresZoomIn', { n: number(count), v: number(inView) });
  return `${t('featuresCount', { n: number(count) })}${mode === 'tiles' ? ` ${t('featuresTiles')}` : ''}`;
}

/** What the page tells about the features layer (for people in the status line, for tests in data attributes). */
function renderBulkInfo() {
  const info = state.layers.includes('features') ? bulkInfo : null;
  statusEl.dataset.featuresMode = info?.mode ?? 'off';
  statusEl.dataset.featuresCount = String(info?.count ?? 0);
  if (statusEl.dataset.state === 'ready') setStatus(countText(Number(statusEl.dataset.count)), 'ready', Number(statusEl.dataset.count));
}

/**
 * Opens a loaded feature's panel: at once from the tile's properties when there are some, then with every property
 * from the API. The id goes into the address, so a shared link opens the same feature.
 */
async function openFeature(properties) {
  state.feature = String(properties.id);
  state.zone = '';
  writeState(state);
  showFootprint('');
  if (properties.name !== undefined) showFeature(properties, { sectorsById });
  try {
    const full = await fetchFeature(properties.id);
    if (state.feature === String(properties.id)) showFeature(full, { sectorsById });
  } catch (error) {
    if (state.feature === String(properties.id)) setStatus(t('loadError', { e: error.message }), 'error');
  }
}

/** Redraws the features layer for the current filters (only while it is shown). */
async function refreshBulk(signal) {
  if (!bulk || !state.layers.includes('features')) return;
  const params = filterParams(state);
  bulkQuery = params.toString();
  await bulk.refresh(params, signal);
}

function replaceOverlay(name, layer) {
  if (overlays[name]) map.removeLayer(overlays[name]);
  overlays[name] = layer;
  if (layer && state.layers.includes(name)) layer.addTo(map);
}

function rememberZones(features) {
  let newKind = false;
  for (const f of features) {
    if (!f.properties?.id) continue;
    zonesById.set(f.properties.id, f);
    if (f.properties.kind && !kinds.has(f.properties.kind)) { kinds.add(f.properties.kind); newKind = true; }
  }
  if (newKind) filters?.setKinds(filterKinds());
}

function filterKinds() {
  return [...new Set([...kinds, ...knownKinds])];
}

function regionBounds(region) {
  const inRegion = districts.filter((d) => d.properties?.region === region);
  if (inRegion.length > 0) return L.geoJSON({ type: 'FeatureCollection', features: inRegion }).getBounds();
  return L.latLngBounds(REGION_VIEWS[region]);
}

/** Moves to the chosen region (or to all zones); resolves once the map has stopped moving. */
function flyToRegion({ animate }) {
  const bounds = state.region ? regionBounds(state.region) : zonesBounds();
  // A shared link that opens a zone also opens the panel: fit the region into the map beside it, not beneath it.
  const fit = { maxZoom: 11, paddingBottomRight: state.zone ? panelPadding() : [0, 0] };
  if (!animate) {
    map.fitBounds(bounds, { ...fit, animate: false });
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    map.once('moveend', resolve);
    setTimeout(resolve, 1500); // never wait on a move that Leaflet decided not to make
    map.flyToBounds(bounds, { ...fit, duration: 0.6 });
  });
}

/** The room the zone panel takes: at the right on a laptop, at the bottom on a phone. */
function panelPadding() {
  const size = map.getSize();
  return window.matchMedia('(max-width: 699px)').matches ? [0, Math.round(size.y * 0.6)] : [Math.min(420, Math.round(size.x / 2)), 0];
}

function zonesBounds() {
  const bounds = L.latLngBounds([]);
  for (const f of zoneFeatures) if (f.geometry) bounds.extend(L.geoJSON(f).getBounds());
  return bounds.isValid() ? bounds : L.latLngBounds(CHINA_VIEW);
}

/** Every sentence that names one place, asked of the server with a CQL2 filter on place_id. */
async function placeMentions(id) {
  const params = new URLSearchParams({ 'filter-lang': 'cql2-text', filter: `place_id = '${id.replaceAll("'", "''")}'` });
  const collection = await fetchCollection('mentions', params);
  return collection.features.map((f) => f.properties);
}

/** Outlines the open zone's footprint, when the gazetteer bounds it (few places have one: most are points). */
async function showFootprint(id) {
  if (selectedOutline) map.removeLayer(selectedOutline);
  selectedOutline = null;
  if (!id) return;
  try {
    const feature = await getJson(`collections/zones/items/${encodeURIComponent(id)}?geometry=footprint`);
    if (state.zone !== id || !/Polygon$/.test(feature.geometry?.type ?? '')) return;
    selectedOutline = L.geoJSON(feature, { interactive: false, style: { className: 'zone-footprint', color: '#111', weight: 2, dashArray: '6 4', fill: false } }).addTo(map);
  } catch (error) {
    setStatus(t('loadError', { e: error.message }), 'error');
  }
}

/** Opens a zone's panel: its facts and every sentence that names it. */
async function openZone(id, { focus = true } = {}) {
  const feature = zonesById.get(id);
  if (!feature) return;
  state.zone = id;
  state.feature = '';
  writeState(state);
  showFootprint(id);
  const zone = feature.properties;
  const render = (mentions) => showZone(zone, mentions, {
    sectorsById, districtsById,
    onOpenDocument: (mention) => showDocument(mention, { onBack: () => render(mentions) }),
  });
  render([]);
  try {
    const mentions = await placeMentions(id);
    if (state.zone === id) render(mentions);
  } catch (error) {
    setStatus(t('loadError', { e: error.message }), 'error');
  }
  if (focus) document.getElementById('panel').focus();
}

function drawZones(features, statusOf) {
  zoneFeatures = features;
  const { layer, count } = zonesLayer(features, { colours, onSelect: (id) => openZone(id), statusOf });
  replaceOverlay('zones', layer);
  return count;
}

function renderCompareList(result) {
  const box = document.getElementById('compare-list');
  box.replaceChildren();
  if (!result) return;
  const nameOf = (id) => localName(zonesById.get(id)?.properties) || id;
  // Real periods differ by dozens of zones: each status is a list that opens and closes, open when it is short.
  for (const status of ['appeared', 'disappeared', 'changed', 'unchanged']) {
    const ids = [...result.status].filter(([, s]) => s === status).map(([id]) => id)
      .sort((a, b) => nameOf(a).localeCompare(nameOf(b), currentLang() === 'en' ? 'en' : 'zh-Hans-CN'));
    const heading = document.createElement('h3');
    heading.textContent = `${t(status)} (${ids.length})`;
    heading.style.setProperty('--symbol-colour', STATUS_COLOURS[status]);
    heading.className = 'compare-heading';
    const summary = document.createElement('summary');
    summary.append(heading);
    const group = document.createElement('details');
    group.open = status !== 'unchanged' && ids.length <= 40;
    const list = document.createElement('ul');
    for (const id of ids) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = nameOf(id);
      button.addEventListener('click', () => { focusZone(id); openZone(id); });
      const li = document.createElement('li');
      li.append(button);
      list.append(li);
    }
    group.append(summary, list);
    box.append(group);
  }
}

/** Reloads what the filters select and redraws. */
async function refresh({ fly = null } = {}) {
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  const mine = ++generation;
  setStatus(t('loading'), 'loading');
  writeState(state);
  try {
    let count;
    if (state.compare) {
      const result = await comparePeriods(state, signal);
      if (mine !== generation) return;
      rememberZones(result.features);
      count = drawZones(result.features, (id) => result.status.get(id));
      renderCompareList(result);
    } else {
      const zones = await fetchCollection('zones', filterParams(state), signal);
      if (mine !== generation) return;
      rememberZones(zones.features);
      count = drawZones(zones.features);
      renderCompareList(null);
    }
    await Promise.all([refreshSecondaryLayers(signal), refreshBulk(signal), refreshSectorCounts(signal)]);
    if (mine !== generation) return;
    renderLegend();
    if (fly) await flyToRegion({ animate: fly === 'animate' });
    if (mine !== generation) return;
    setStatus(countText(count), 'ready', count);
  } catch (error) {
    if (error.name === 'AbortError') return;
    setStatus(t('loadError', { e: error.message || String(error) }), 'error');
    console.error(error);
  }
}

/**
 * The sector list's counts follow the other filters (region, period, kind): each says how many zones that sector
 * would show. Asked again only when those filters change.
 */
async function refreshSectorCounts(signal) {
  const params = filterParams(state, { withSectors: false, withPeriod: !state.compare });
  if (params.toString() === sectorCountsQuery) return;
  const counted = await fetchSectors(params, signal);
  sectorCountsQuery = params.toString();
  const families = new Map(counted.families.map((f) => [f.id, f.count]));
  const sectors = new Map(counted.sectors.map((x) => [x.id, x.count]));
  for (const f of taxonomy.families) f.count = families.get(f.id) ?? 0;
  for (const x of taxonomy.sectors) x.count = sectors.get(x.id) ?? 0;
  filters?.renderSectorCounts();
}

async function refreshSecondaryLayers(signal) {
  const inRegion = (f) => !state.region || f.properties?.region === state.region;
  replaceOverlay('districts', districtsLayer(districts.filter(inRegion), { shade: state.shade }));
  const regionParams = new URLSearchParams();
  if (state.region) regionParams.set('region', state.region);
  const structures = await fetchCollection('structures', regionParams, signal);
  replaceOverlay('structures', structuresLayer(structures.features));
  declutterStructureLabels();
  if (state.layers.includes('mentions')) {
    const mentions = await fetchCollection('mentions', filterParams(state, { withKind: false }), signal);
    replaceOverlay('mentions', mentionsLayer(mentions.features, { onSelect: (id) => openZone(id) }));
  } else replaceOverlay('mentions', null);
}

function renderLegend() {
  const shown = state.layers.includes('features') && bulkInfo ? bulkInfo : null;
  legend.render({ kinds, taxonomy, colours, comparing: !!state.compare, bulk: shown });
}

function declutterStructureLabels() {
  requestAnimationFrame(() => declutterLabels(map.getContainer(), '.structure-label'));
}
map.on('zoomend moveend overlayadd', declutterStructureLabels);

function applyLayerVisibility() {
  for (const [name, layer] of Object.entries(overlays)) {
    if (!layer) continue;
    if (state.layers.includes(name)) layer.addTo(map);
    else map.removeLayer(layer);
  }
}

function focusZone(id) {
  const feature = zonesById.get(id);
  if (!feature?.geometry) return;
  const bounds = L.geoJSON(feature).getBounds();
  // Keep the place clear of the panel that is about to open (at the right, or at the bottom on a phone).
  map.flyToBounds(bounds, { maxZoom: 12, duration: 0.6, paddingBottomRight: panelPadding(), paddingTopLeft: [20, 20] });
}

async function search(term) {
  const results = document.getElementById('search-results');
  results.replaceChildren();
  if (!term) return;
  try {
    const params = new URLSearchParams({ q: term });
    const found = rankMatches((await fetchCollection('zones', params)).features, term);
    rememberZones(found);
    if (found.length === 0) {
      const p = document.createElement('p');
      p.textContent = t('noResults', { q: term });
      results.append(p);
      return;
    }
    const list = document.createElement('ul');
    for (const f of found) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = `${localName(f.properties)} · ${t(f.properties.region) }`;
      button.addEventListener('click', () => goToZone(f));
      const li = document.createElement('li');
      li.append(button);
      list.append(li);
    }
    results.append(list);
    await goToZone(found[0]);
  } catch (error) {
    setStatus(t('loadError', { e: error.message }), 'error');
  }
}

async function goToZone(feature) {
  const p = feature.properties;
  if (p.region && state.region !== p.region) {
    state.region = p.region;
    filters.render();
    await refresh();
  }
  focusZone(p.id);
  await openZone(p.id);
}

function setupChrome() {
  const langButton = document.getElementById('lang-toggle');
  const renderLang = () => {
    translatePage();
    langButton.textContent = currentLang() === 'en' ? '中文' : 'English';
    langButton.lang = currentLang() === 'en' ? 'zh-Hans' : 'en';
  };
  renderLang();
  langButton.addEventListener('click', () => {
    setLang(currentLang() === 'en' ? 'zh' : 'en');
    // The remembered choice now applies: a ?lang= from a shared link would override it on reload.
    const url = new URL(window.location.href);
    url.searchParams.delete('lang');
    window.history.replaceState(null, '', url);
    renderLang();
    filters.render();
    refresh();
    if (state.zone) openZone(state.zone, { focus: false });
    else if (state.feature) openFeature({ id: state.feature });
  });

  const sidebar = document.getElementById('sidebar');
  const toggle = document.getElementById('toggle-sidebar');
  const setOpen = (open) => {
    sidebar.classList.toggle('collapsed', !open);
    toggle.setAttribute('aria-expanded', String(open));
    setTimeout(() => map.invalidateSize(), 200);
  };
  setOpen(window.matchMedia('(min-width: 700px)').matches);
  toggle.addEventListener('click', () => setOpen(sidebar.classList.contains('collapsed')));

  document.getElementById('panel-close').addEventListener('click', () => {
    closePanel();
    state.zone = '';
    state.feature = '';
    writeState(state);
    showFootprint('');
  });
  document.getElementById('search').addEventListener('submit', (event) => {
    event.preventDefault();
    search(document.getElementById('search-input').value.trim());
  });
}

async function start() {
  setupChrome();
  setStatus(t('loading'), 'loading');
  try {
    const [sectors, districtCollection, kindList] = await Promise.all([fetchSectors(), fetchCollection('districts'), fetchKinds()]);
    taxonomy = sectors;
    districts = districtCollection.features;
    knownKinds = new Set(kindList);
  } catch (error) {
    setStatus(t('loadError', { e: error.message }), 'error');
    return;
  }
  colours = familyColours(taxonomy);
  bulk = createBulkOverlay(map, {
    colours,
    limits: bulkLimits(document.getElementById('map')),
    onSelect: (properties) => openFeature(properties),
    onChange: (info) => {
      const modeChanged = bulkInfo?.mode !== info.mode || bulkInfo?.count !== info.count;
      bulkInfo = info;
      renderBulkInfo();
      if (modeChanged && statusEl.dataset.state === 'ready') renderLegend();
    },
  });
  replaceOverlay('features', bulk.layer);
  for (const s of taxonomy.sectors) sectorsById.set(s.id, s);
  for (const d of districts) districtsById.set(d.properties?.id, d.properties);
  addBasemap(map, () => {
    offline = true;
    offlineLayer = offlineBasemapLayer(map, districts).addTo(map);
    document.getElementById('map').dataset.basemap = 'offline';
    if (statusEl.dataset.state === 'ready') setStatus(countText(Number(statusEl.dataset.count)), 'ready', Number(statusEl.dataset.count));
  });
  filters = createFilters({
    state, taxonomy, kinds: filterKinds(), colours,
    onChange: ({ filters: filtersChanged, regionChanged }) => {
      if (filtersChanged) refresh({ fly: regionChanged ? 'animate' : null });
      else {
        writeState(state);
        if (state.layers.includes('mentions') && !overlays.mentions) refresh();
        else if (state.layers.includes('features') && bulkQuery !== filterParams(state).toString()) refresh();
        else {
          replaceOverlay('districts', districtsLayer(districts.filter((f) => !state.region || f.properties?.region === state.region), { shade: state.shade }));
          applyLayerVisibility();
          renderBulkInfo();
          renderLegend();
        }
      }
    },
  });
  await refresh({ fly: 'instant' });
  if (state.zone) {
    // A shared zone may lie outside the current filters: look for it among all zones.
    if (!zonesById.has(state.zone)) rememberZones((await fetchCollection('zones')).features);
    openZone(state.zone, { focus: false });
  } else if (state.feature) {
    openFeature({ id: state.feature });
  }
}

start();

// For scripts and tests that drive the map itself (the module is loaded once: importing it again gives this map).
export { map };
