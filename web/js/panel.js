// The side panel: a zone's names, kind, district, sectors, periods, roles and every source sentence, and from there
// the document with that sentence highlighted. All text from the data goes in with textContent, never as HTML.
import { t, kindName, roleName, precisionName, localName, currentLang } from './i18n.js';
import { fetchDocument } from './api.js';

const panel = () => document.getElementById('panel');
const body = () => document.getElementById('panel-body');

function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function row(label, value) {
  return [el('dt', { text: label }), el('dd', { text: value || t('none') })];
}

export function closePanel() {
  panel().hidden = true;
  delete panel().dataset.feature;
  body().replaceChildren();
}

function show(children) {
  delete panel().dataset.feature;
  body().replaceChildren(...children);
  panel().hidden = false;
  panel().scrollTop = 0;
}

/** Where the zone's point comes from (the gazetteer's source note, in English), folded away: it can be long. */
function locationSource(zone) {
  if (!zone.location_source) return '';
  const link = /^https?:\/\/\S+$/.test(zone.location_source_url ?? '')
    ? [' ', el('a', { text: t('sourceLink'), attrs: { href: zone.location_source_url, rel: 'noopener noreferrer', target: '_blank' } })]
    : [];
  return el('details', { className: 'location-source' }, [
    el('summary', { text: t('locationSource') }),
    el('p', {}, [el('span', { text: zone.location_source, attrs: { lang: 'en' } }), ...link]),
  ]);
}

/** A period such as "2021-2025" (or ["2021-2025"], or {start,end}) in words: 2021–2025. */
export function periodText(period) {
  if (Array.isArray(period)) return period.map(periodText).join(', ');
  if (period && typeof period === 'object') return `${period.start ?? period.period_start}–${period.end ?? period.period_end}`;
  return String(period ?? '').replace('-', '–');
}

/**
 * Shows a zone. zone: its feature properties; mentions: its mention properties; lookups: { sectors, districts }.
 * onOpenDocument(mention) opens the document view.
 */
export function showZone(zone, mentions, { sectorsById, districtsById, onOpenDocument }) {
  const lang = currentLang();
  const names = el('p', { className: 'names' }, [
    el('span', { text: zone.name_zh, attrs: { lang: 'zh-Hans' } }),
    zone.name_zht && zone.name_zht !== zone.name_zh ? el('span', { text: ` · ${zone.name_zht}`, attrs: { lang: 'zh-Hant' } }) : '',
    el('span', { text: ` · ${zone.name_en ?? ''}`, attrs: { lang: 'en' } }),
  ]);
  const district = districtsById.get(zone.district);
  const sectorNames = (zone.sectors ?? []).map((id) => localName(sectorsById.get(id)) || id).join('、');
  const facts = el('dl', { className: 'facts' }, [
    ...row(t('kind'), kindName(zone.kind)),
    ...row(t('district'), district ? localName(district) : zone.district),
    ...row(t('sectors'), sectorNames),
    ...row(t('periods'), periodText(zone.periods ?? [])),
    ...row(t('roles'), [...new Set((zone.roles ?? []).map(roleName))].join(currentLang() === 'en' ? ', ' : '、')),
    ...row(t('aliases'), (zone.aliases ?? []).join('、')),
    ...row(t('precision'), `${precisionName(zone.precision)}${zone.location_estimated ? ` · ${t('estimated')}` : ''}`),
  ]);
  const quotes = el('ol', { className: 'quotes' });
  for (const mention of mentions) {
    const open = el('button', { className: 'link-button', text: t('openDocument'), attrs: { type: 'button' } });
    open.addEventListener('click', () => onOpenDocument(mention));
    quotes.append(el('li', { attrs: { 'data-document': mention.document ?? '', 'data-line': String(mention.line ?? '') } }, [
      el('blockquote', { className: 'quote', text: mention.quote, attrs: { lang: 'zh' } }),
      el('p', { className: 'cite' }, [
        el('cite', { text: mention.document_title ?? mention.document }),
        ` · ${periodText(mention.period)} · ${t('line', { n: mention.line })} `,
        open,
      ]),
    ]));
  }
  show([
    el('h2', { text: lang === 'en' ? zone.name_en : zone.name_zh, attrs: { id: 'panel-title' } }),
    names,
    facts,
    locationSource(zone),
    el('h3', { text: `${t('sources')} (${mentions.length})` }),
    mentions.length > 0 ? quotes : el('p', { text: t('noSources') }),
  ]);
}

/**
 * Shows a bulk-loaded feature (`zonemap load`): its name, kind, region, sectors, period and ids. properties: from a
 * vector tile (sectors as comma-separated text) or from the API (sectors as a list).
 */
export function showFeature(properties, { sectorsById }) {
  const sectors = Array.isArray(properties.sectors) ? properties.sectors : String(properties.sectors ?? '').split(',').filter(Boolean);
  const title = properties.name || kindName(properties.kind);
  const facts = el('dl', { className: 'facts' }, [
    ...row(t('kind'), kindName(properties.kind)),
    ...row(t('region'), properties.region),
    ...row(t('sectors'), sectors.map((id) => localName(sectorsById.get(id)) || id).join(currentLang() === 'en' ? ', ' : '、')),
    ...row(t('period'), periodText(properties.period)),
    ...row(t('featureId'), String(properties.id ?? '')),
    ...(properties.source_id ? row(t('sourceId'), properties.source_id) : []),
  ]);
  show([el('h2', { text: title, attrs: { id: 'panel-title' } }), facts]);
  panel().dataset.feature = String(properties.id ?? '');
}

/** Splits text into nodes with the quote (the occurrence nearest the given line) inside a <mark>. */
export function highlightedText(text, quote, line) {
  const starts = [];
  for (let i = text.indexOf(quote); quote && i >= 0; i = text.indexOf(quote, i + 1)) starts.push(i);
  if (starts.length === 0) return { nodes: [document.createTextNode(text)], mark: null };
  const lineOf = (offset) => text.slice(0, offset).split('\n').length;
  const start = starts.reduce((best, s) => (Math.abs(lineOf(s) - line) < Math.abs(lineOf(best) - line) ? s : best), starts[0]);
  const mark = el('mark', { text: quote });
  return { nodes: [document.createTextNode(text.slice(0, start)), mark, document.createTextNode(text.slice(start + quote.length))], mark };
}

/** Shows a mention's document with its sentence highlighted; onBack returns to the zone. */
export async function showDocument(mention, { onBack }) {
  const back = el('button', { className: 'link-button', text: `← ${t('back')}`, attrs: { type: 'button' } });
  back.addEventListener('click', onBack);
  show([back, el('p', { text: t('loading') })]);
  try {
    const doc = await fetchDocument(mention.document);
    const title = currentLang() === 'en' ? doc.title_en ?? doc.title_zh : doc.title_zh ?? doc.title_en;
    const { nodes, mark } = highlightedText(doc.text ?? '', mention.quote ?? '', mention.line ?? 1);
    const text = el('div', { className: 'document-text', attrs: { lang: 'zh', tabindex: '0', 'aria-label': t('documentTitle') } }, nodes);
    show([
      back,
      el('h2', { text: title, attrs: { id: 'panel-title' } }),
      el('p', { className: 'cite', text: `${periodText({ start: doc.period_start, end: doc.period_end })} · ${t('line', { n: mention.line })}` }),
      text,
    ]);
    mark?.scrollIntoView({ block: 'center' });
  } catch (error) {
    show([back, el('p', { className: 'error', text: t('loadError', { e: error.message }) })]);
  }
}
