// Chinese and English UI strings; the choice is remembered in localStorage.
const STORAGE_KEY = 'zonemap.lang';

const STRINGS = {
  zh: {
    title: 'ZoneMap 产业园区地图', filters: '筛选', search: '搜索地点', searchPlaceholder: '搜索：张江、西永、Lingang…',
    searchButton: '搜索', noResults: '没有找到“{q}”', region: '地区', allRegions: '全部', shanghai: '上海', chongqing: '重庆',
    period: '规划期', allPeriods: '全部', sectors: '产业', clearSectors: '清除', kind: '类型', allKinds: '全部类型',
    layers: '图层', layerZones: '园区', layerStructures: '空间结构', layerDistricts: '区县', layerMentions: '原文提及',
    shadeDistricts: '按园区数量着色区县', compare: '比较两个规划期', compareFrom: '从', compareTo: '到', compareOn: '显示比较',
    appeared: '新出现', disappeared: '消失', changed: '产业变化', unchanged: '未变', export: '导出当前显示内容',
    mapLabel: '产业园区地图', close: '关闭', count: '显示 {n} 个园区', loading: '加载中…', loadError: '无法加载数据：{e}',
    offline: '离线底图：区县边界（瓦片无法加载）', names: '名称', district: '区县', periods: '规划期', roles: '角色',
    sources: '原文出处', line: '第 {n} 行', openDocument: '打开原文', back: '返回', noSources: '没有原文记录',
    legend: '图例', legendKinds: '类型', legendFamilies: '产业门类', zoneLabel: '{name}（{kind}）', cluster: '{n} 个园区',
    documentTitle: '原文', precision: '定位精度', none: '—', noSector: '未注明产业',
    role_pole: '极', role_core: '核', role_belt: '带', role_axis: '轴', role_ring: '环', role_corridor: '走廊', role_wing: '翼',
    role_cluster: '集群', role_city: '城', role_port: '港', role_zone: '区域', role_point: '点', role_base: '基地',
    kind_park: '园区', kind_new_area: '新区', kind_base: '基地', kind_cluster: '集群', kind_zone: '区', kind_town: '镇',
    kind_port: '港区', kind_site: '地块', kind_district: '区县', kind_corridor: '走廊', kind_parcel: '宗地', kind_enterprise: '企业',
    precision_site: '地块', precision_area: '片区', precision_district: '区县（按区县定位）',
    aliases: '别称', estimated: '估计位置（代用点）', locationSource: '位置来源', sourceLink: '来源链接',
    moreResults: '另有 {n} 个结果',
    layerFeatures: '全部导入的园区与企业', featuresCount: '导入要素 {n} 个', featuresTiles: '（矢量瓦片）',
    featuresZoomIn: '导入要素 {n} 个，视野内 {v} 个：放大后显示', featurePoint: '点（企业等）', featureArea: '面（园区、地块）',
    featureId: '编号', sourceId: '原始编号',
  },
  en: {
    title: 'ZoneMap industrial zones', filters: 'Filters', search: 'Search places', searchPlaceholder: 'Search: 张江, 西永, Lingang…',
    searchButton: 'Search', noResults: 'Nothing found for “{q}”', region: 'Region', allRegions: 'All', shanghai: 'Shanghai', chongqing: 'Chongqing',
    period: 'Plan period', allPeriods: 'All', sectors: 'Sectors', clearSectors: 'Clear', kind: 'Kind', allKinds: 'All kinds',
    layers: 'Layers', layerZones: 'Zones', layerStructures: 'Spatial structures', layerDistricts: 'Districts', layerMentions: 'Mentions in the text',
    shadeDistricts: 'Shade districts by zone count', compare: 'Compare two periods', compareFrom: 'From', compareTo: 'to', compareOn: 'Show the comparison',
    appeared: 'Appeared', disappeared: 'Disappeared', changed: 'Sectors changed', unchanged: 'Unchanged', export: 'Export what is shown',
    mapLabel: 'Map of industrial zones', close: 'Close', count: '{n} zones shown', loading: 'Loading…', loadError: 'Could not load data: {e}',
    offline: 'Offline basemap: district outlines (tiles could not load)', names: 'Names', district: 'District', periods: 'Plan periods', roles: 'Roles',
    sources: 'Source sentences', line: 'line {n}', openDocument: 'Open the document', back: 'Back', noSources: 'No source sentences',
    legend: 'Legend', legendKinds: 'Kinds', legendFamilies: 'Sector families', zoneLabel: '{name} ({kind})', cluster: '{n} zones',
    documentTitle: 'Document', precision: 'Precision', none: '—', noSector: 'No sector named',
    role_pole: 'pole', role_core: 'core', role_belt: 'belt', role_axis: 'axis', role_ring: 'ring', role_corridor: 'corridor', role_wing: 'wing',
    role_cluster: 'cluster', role_city: 'city', role_port: 'port', role_zone: 'zone', role_point: 'point', role_base: 'base',
    kind_park: 'park', kind_new_area: 'new area', kind_base: 'base', kind_cluster: 'cluster', kind_zone: 'zone', kind_town: 'town',
    kind_port: 'port', kind_site: 'site', kind_district: 'district', kind_corridor: 'corridor', kind_parcel: 'parcel', kind_enterprise: 'enterprise',
    precision_site: 'site', precision_area: 'area', precision_district: 'district (placed at the district)',
    aliases: 'Also called', estimated: 'estimated (a proxy point)', locationSource: 'Where the point comes from', sourceLink: 'source',
    moreResults: '{n} more',
    layerFeatures: 'All loaded zones and enterprises', featuresCount: '{n} loaded features', featuresTiles: '(vector tiles)',
    featuresZoomIn: '{n} loaded features, {v} in view: zoom in to draw them', featurePoint: 'point (enterprise, …)', featureArea: 'area (zone, parcel)',
    featureId: 'Id', sourceId: 'Id in the loaded file',
  },
};

let lang = readStoredLang();

// ?lang=en|zh in a shared link wins over the remembered choice.
function readStoredLang() {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'zh' || fromUrl === 'en') return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh' || stored === 'en') return stored;
  } catch { /* storage may be blocked; fall back to Chinese */ }
  return 'zh';
}

export function currentLang() { return lang; }

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh';
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* not remembered, still switched */ }
}

/** The UI string for key, with {name} placeholders filled from values. */
export function t(key, values = {}) {
  const template = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

/** A kind id in words (falls back to the id with underscores as spaces). */
export function kindName(kind) {
  const key = `kind_${kind}`;
  return STRINGS[lang][key] ?? String(kind ?? '').replaceAll('_', ' ');
}

/** A role id (pole, core, belt...) in words. */
export function roleName(role) {
  return STRINGS[lang][`role_${role}`] ?? String(role ?? '').replaceAll('_', ' ');
}

/** A location precision (site, area, district) in words. */
export function precisionName(precision) {
  return STRINGS[lang][`precision_${precision}`] ?? String(precision ?? '');
}

/** The name of a taxonomy entry or feature in the current language. */
export function localName(entry) {
  if (!entry) return '';
  return lang === 'en' ? (entry.en ?? entry.name_en ?? entry.zh ?? entry.name_zh) : (entry.zh ?? entry.name_zh ?? entry.en ?? entry.name_en);
}

/** Fills every element marked with data-i18n* attributes under root. */
export function translatePage(root = document) {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-Hans';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
}
