// The legend: symbols by kind, colours by sector family, and the comparison's colours when it is on.
import { t, kindName, localName } from './i18n.js';
import { kindShape, symbolElement, STATUS_COLOURS, NO_FAMILY_COLOUR } from './layers.js';

// Kinds are told apart by shape: a mid grey shows every shape (white vanished on the legend's white).
const KIND_LEGEND_COLOUR = '#8a96a3';

function entry(symbol, text) {
  const li = document.createElement('li');
  const label = document.createElement('span');
  label.textContent = text;
  li.append(symbol, ' ', label);
  return li;
}

export function createLegend(map) {
  const control = L.control({ position: 'bottomright' });
  const details = document.createElement('details');
  details.className = 'legend';
  details.open = window.matchMedia('(min-width: 700px)').matches;
  control.onAdd = () => {
    L.DomEvent.disableClickPropagation(details);
    L.DomEvent.disableScrollPropagation(details);
    return details;
  };
  control.addTo(map);

  return {
    /** bulk: the features layer's { count, mode } when it is shown, else null. */
    render({ kinds, taxonomy, colours, comparing, bulk = null }) {
      const summary = document.createElement('summary');
      summary.textContent = t('legend');
      const sections = [summary];
      const section = (title, items) => {
        const h = document.createElement('h2');
        h.textContent = title;
        const ul = document.createElement('ul');
        ul.append(...items);
        sections.push(h, ul);
      };
      if (comparing) {
        section(t('compare'), Object.entries(STATUS_COLOURS).map(([status, colour]) => entry(symbolElement('circle', colour, status), t(status))));
      } else {
        // Family counts are of plan zones: loaded features may carry any family, so then every family is listed.
        const families = taxonomy.families.filter((f) => (f.count ?? 0) > 0 || bulk?.count > 0);
        section(t('legendFamilies'), [
          ...families.map((f) => entry(symbolElement('circle', colours.get(f.id)), localName(f))),
          entry(symbolElement('circle', NO_FAMILY_COLOUR), t('noSector')),
        ]);
      }
      if (bulk?.count > 0) {
        section(`${t('layerFeatures')}${bulk.mode === 'geojson' ? '' : ` ${t('featuresTiles')}`}`, [
          entry(symbolElement('circle', KIND_LEGEND_COLOUR), t('featurePoint')),
          entry(symbolElement('square', KIND_LEGEND_COLOUR), t('featureArea')),
        ]);
      }
      section(t('legendKinds'), [...kinds].sort().map((k) => entry(symbolElement(kindShape(k), KIND_LEGEND_COLOUR), kindName(k))));
      details.replaceChildren(...sections);
    },
  };
}
