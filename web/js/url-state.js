// The view's filter state lives in the query string, so a view can be shared, bookmarked and reloaded.

export const PERIODS = ['2011-2012', '2011-2015', '2013', '2016-2020', '2021-2025'];
export const REGIONS = ['shanghai', 'chongqing'];
export const LAYERS = ['zones', 'structures', 'districts', 'mentions', 'features'];
const DEFAULT_LAYERS = ['zones', 'structures', 'districts', 'features'];

const list = (value) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** Reads the state from a query string; unknown values are dropped rather than trusted. */
export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const period = params.get('period') ?? '';
  const region = params.get('region') ?? '';
  const compare = list(params.get('compare')).filter((p) => PERIODS.includes(p));
  const layers = params.has('layers') ? list(params.get('layers')).filter((l) => LAYERS.includes(l)) : DEFAULT_LAYERS;
  return {
    sectors: list(params.get('sector')),
    period: PERIODS.includes(period) ? period : '',
    region: REGIONS.includes(region) ? region : '',
    kind: params.get('kind') ?? '',
    layers,
    shade: params.get('shade') === '1',
    compare: compare.length === 2 ? compare : null,
    zone: params.get('zone') ?? '',
    // A bulk-loaded feature's id (the features layer), open in the panel; a zone wins if both are given.
    feature: params.get('zone') ? '' : (params.get('feature') ?? ''),
  };
}

/** Writes the state into the address bar (replacing, not adding, history entries); other parameters such as tiles stay. */
export function writeState(state) {
  const params = new URLSearchParams(window.location.search);
  const set = (key, value) => (value ? params.set(key, value) : params.delete(key));
  set('sector', state.sectors.join(','));
  set('period', state.period);
  set('region', state.region);
  set('kind', state.kind);
  const defaultLayers = state.layers.length === DEFAULT_LAYERS.length && DEFAULT_LAYERS.every((l) => state.layers.includes(l));
  set('layers', defaultLayers ? '' : state.layers.join(',') || 'none');
  set('shade', state.shade ? '1' : '');
  set('compare', state.compare ? state.compare.join(',') : '');
  set('zone', state.zone);
  set('feature', state.feature);
  const query = params.toString().replaceAll('%2C', ',');
  const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, '', url);
}
