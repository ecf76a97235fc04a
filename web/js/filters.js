// The filter controls (region, period timeline, sector families with their sectors, kind, layers, comparison,
// export links). Each control writes into the shared state and calls onChange; render() reflects the state back.
import { t, localName, kindName } from './i18n.js';
import { PERIODS } from './url-state.js';
import { exportUrl } from './api.js';

export const EXPORT_FORMATS = [
  { format: 'geojson', label: 'GeoJSON' },
  { format: 'csv', label: 'CSV' },
  { format: 'kml', label: 'KML' },
  { format: 'gpkg', label: 'GeoPackage' },
  { format: 'shp', label: 'Shapefile' },
];

// The timeline shows plan periods in order of their first year, then length.
const TIMELINE = [...PERIODS].sort((a, b) => a.localeCompare(b) || a.length - b.length);
const TIMELINE_START = 2011;
const TIMELINE_YEARS = 15;

function input(type, name, value, checked) {
  const node = document.createElement('input');
  node.type = type;
  node.name = name;
  node.value = value;
  node.checked = checked;
  return node;
}

function labelled(control, text, extra = '') {
  const label = document.createElement('label');
  const span = document.createElement('span');
  span.textContent = text;
  label.append(control, ' ', span);
  if (extra) {
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = extra;
    label.append(' ', count);
  }
  return label;
}

export function createFilters({ state, taxonomy, kinds, onChange, colours }) {
  const sidebar = document.getElementById('sidebar');

  // Each period is a row whose bar spans its years on a shared 2011–2025 axis.
  function renderPeriods() {
    const box = document.getElementById('period-choices');
    const rows = [labelled(input('radio', 'period', '', state.period === ''), t('allPeriods'))];
    for (const p of TIMELINE) {
      const [from, to = from] = p.split('-').map(Number);
      const row = labelled(input('radio', 'period', p, state.period === p), p.replace('-', '–'));
      const bar = document.createElement('span');
      bar.className = 'period-bar';
      bar.setAttribute('aria-hidden', 'true');
      bar.style.setProperty('--from', String(from - TIMELINE_START));
      bar.style.setProperty('--years', String(to - from + 1));
      row.append(bar);
      rows.push(row);
    }
    box.style.setProperty('--span', String(TIMELINE_YEARS));
    box.replaceChildren(...rows);
  }

  function renderSectors() {
    const tree = document.getElementById('sector-tree');
    tree.replaceChildren();
    for (const family of taxonomy.families) {
      const sectors = taxonomy.sectors.filter((s) => s.family === family.id);
      const group = document.createElement('div');
      group.className = 'sector-family';
      const familyBox = input('checkbox', 'family', family.id, sectors.length > 0 && sectors.every((s) => state.sectors.includes(s.id)));
      familyBox.indeterminate = !familyBox.checked && sectors.some((s) => state.sectors.includes(s.id));
      const familyLabel = labelled(familyBox, localName(family), `(${family.count ?? 0})`);
      familyLabel.className = 'family-label';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.setProperty('--symbol-colour', colours.get(family.id));
      familyLabel.prepend(swatch);
      const list = document.createElement('div');
      list.className = 'sector-list';
      for (const sector of sectors) {
        const label = labelled(input('checkbox', 'sector', sector.id, state.sectors.includes(sector.id)), localName(sector), `(${sector.count ?? 0})`);
        // A sector no plan ties to a zone stays choosable (the taxonomy is the reference) but recedes.
        if (!sector.count) label.classList.add('empty');
        list.append(label);
      }
      group.append(familyLabel, list);
      tree.append(group);
    }
  }

  function renderKinds() {
    const select = document.getElementById('kind-filter');
    const all = new Set([...kinds, ...(state.kind ? [state.kind] : [])]);
    select.replaceChildren(new Option(t('allKinds'), ''), ...[...all].sort().map((k) => new Option(kindName(k), k)));
    select.value = state.kind;
  }

  function renderCompare() {
    for (const [id, fallback] of [['compare-a', '2016-2020'], ['compare-b', '2021-2025']]) {
      const select = document.getElementById(id);
      select.replaceChildren(...TIMELINE.map((p) => new Option(p.replace('-', '–'), p)));
      select.value = state.compare ? state.compare[id === 'compare-a' ? 0 : 1] : select.dataset.value ?? fallback;
    }
    document.getElementById('compare-on').checked = !!state.compare;
  }

  function renderExport() {
    const box = document.getElementById('export-links');
    box.replaceChildren(...EXPORT_FORMATS.map(({ format, label }) => {
      const link = document.createElement('a');
      link.href = exportUrl(format, state);
      link.className = 'button';
      link.dataset.format = format;
      link.setAttribute('download', '');
      link.textContent = label;
      return link;
    }));
  }

  function render() {
    for (const radio of sidebar.querySelectorAll('input[name="region"]')) radio.checked = radio.value === state.region;
    for (const box of sidebar.querySelectorAll('input[name="layer"]')) box.checked = state.layers.includes(box.value);
    document.getElementById('shade-districts').checked = state.shade;
    renderPeriods();
    renderSectors();
    renderKinds();
    renderCompare();
    renderExport();
  }

  sidebar.addEventListener('change', (event) => {
    const target = event.target;
    const changed = { filters: true };
    if (target.name === 'region') state.region = target.value;
    else if (target.name === 'period') state.period = target.value;
    else if (target.name === 'sector') {
      state.sectors = target.checked ? [...state.sectors, target.value] : state.sectors.filter((s) => s !== target.value);
    } else if (target.name === 'family') {
      const ids = taxonomy.sectors.filter((s) => s.family === target.value).map((s) => s.id);
      state.sectors = target.checked ? [...new Set([...state.sectors, ...ids])] : state.sectors.filter((s) => !ids.includes(s));
    } else if (target.id === 'kind-filter') state.kind = target.value;
    else if (target.name === 'layer') {
      state.layers = target.checked ? [...state.layers, target.value] : state.layers.filter((l) => l !== target.value);
      changed.filters = false;
    } else if (target.id === 'shade-districts') { state.shade = target.checked; changed.filters = false; }
    else if (['compare-on', 'compare-a', 'compare-b'].includes(target.id)) {
      const on = document.getElementById('compare-on').checked;
      state.compare = on ? [document.getElementById('compare-a').value, document.getElementById('compare-b').value] : null;
    } else return;
    renderSectors();
    renderExport();
    onChange({ ...changed, regionChanged: target.name === 'region' });
  });

  document.getElementById('clear-sectors').addEventListener('click', () => {
    state.sectors = [];
    renderSectors();
    renderExport();
    onChange({ filters: true });
  });

  /** New counts in the existing sector list (in place: a checkbox just clicked keeps its focus). */
  function renderSectorCounts() {
    const families = new Map(taxonomy.families.map((f) => [f.id, f.count]));
    const sectors = new Map(taxonomy.sectors.map((x) => [x.id, x.count]));
    for (const box of document.querySelectorAll('#sector-tree input[name="family"], #sector-tree input[name="sector"]')) {
      const count = (box.name === 'family' ? families : sectors).get(box.value) ?? 0;
      const label = box.closest('label');
      label.querySelector('.count').textContent = `(${count})`;
      if (box.name === 'sector') label.classList.toggle('empty', !count);
    }
  }

  render();
  return { render, renderSectorCounts, setKinds(next) { kinds = next; renderKinds(); } };
}
