import * as Plot from '@observablehq/plot';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { type AreaState, assignAreas, type ColourClasses, colourClasses, type MapDirection, type MapUnit } from './areas';
import { windFeatureForD3 } from './winding';
import './map.css';

export type { MapUnit } from './areas';
export { countyMapUnits, MUNICIPALITY_MAP_FIELDS, municipalityMapUnit } from './areas';

export interface MapOptions {
  level: 'municipality' | 'county';
  units: MapUnit[];
  direction: MapDirection;
  lang: 'nb' | 'en';
  onSelect: (code: string) => void;
}

/** Boundaries of 2024 (© Kartverket, CC BY 4.0, via robhop/fylker-og-kommuner), served beside the page. */
const SOURCES = {
  municipality: { file: 'geo/kommuner_2024_S.topojson', object: 'Kommuner', code: 'kommunenummer', name: 'kommunenavn' },
  county: { file: 'geo/fylker_2024_S.topojson', object: 'Fylker', code: 'fylkesnummer', name: 'fylkesnavn' },
} as const;

interface Area {
  code: string;
  name: string;
  feature: GeoJSON.Feature;
}

const loaded = new Map<string, Promise<Area[]>>();

/** Each boundary file is fetched once per page; a failed fetch is forgotten so that the next view retries. */
function areas(level: MapOptions['level']): Promise<Area[]> {
  const source = SOURCES[level];
  let promise = loaded.get(level);
  if (!promise) {
    promise = fetch(new URL(source.file, document.baseURI))
      .then((res) => {
        if (!res.ok) throw new Error(`${source.file}: HTTP ${res.status}`);
        return res.json() as Promise<Topology>;
      })
      .then((topology) => {
        const collection = feature(topology, topology.objects[source.object] as GeometryCollection) as GeoJSON.FeatureCollection;
        return collection.features.map((f) => ({
          code: String(f.properties?.[source.code]),
          name: String(f.properties?.[source.name]),
          feature: windFeatureForD3(f),
        }));
      });
    promise.catch(() => loaded.delete(level));
    loaded.set(level, promise);
  }
  return promise;
}

/** Sequential, light (worst) to dark (best); readable for the common colour-vision deficiencies. */
const SCHEME = 'ylgnbu';
const NO_FIGURE = '#e4e4e4';
const OUTSIDE = '#f6f6f6';
const HATCH_ID = 'map-borders-changed';

const TEXT = {
  nb: {
    label: 'Kart over rangeringen',
    keys: 'Piltastene flytter mellom områdene i rekkefølge etter plass; Enter åpner enheten.',
    darker: 'Mørkere er bedre',
    changed: 'Grenser endret siden året',
    noFigure: 'Uten tall',
    outside: 'Utenfor utvalget',
    rank: 'plass',
    changedTip: 'grensene er endret siden året; se',
  },
  en: {
    label: 'Map of the ranking',
    keys: 'The arrow keys move between the areas in rank order; Enter opens the unit.',
    darker: 'Darker is better',
    changed: 'Borders changed since that year',
    noFigure: 'No figure',
    outside: 'Outside the scope',
    rank: 'rank',
    changedTip: 'borders changed since that year; see',
  },
} as const;

/**
 * Draws the 2024 municipalities (or counties) coloured by the ranked value into `container`,
 * replacing what was there. An area is coloured only where one ranked unit covers it exactly (see
 * areas.ts); the container gets `data-state="ready"` once drawn, `"error"` if the boundaries
 * cannot be loaded.
 */
export function renderMap(container: HTMLElement, options: MapOptions): Promise<void> {
  container.dataset.testid ??= 'map';
  container.dataset.state = 'loading';
  // A later call wins: an older one that finishes loading after it must not draw over it.
  const ticket = String(Number(container.dataset.renderTicket ?? 0) + 1);
  container.dataset.renderTicket = ticket;
  return areas(options.level).then(
    (list) => {
      if (container.dataset.renderTicket !== ticket) return;
      draw(container, list, options);
      container.dataset.state = 'ready';
    },
    (error: unknown) => {
      if (container.dataset.renderTicket !== ticket) return;
      container.replaceChildren();
      const message = document.createElement('p');
      message.textContent = options.lang === 'nb' ? 'Kartet kunne ikke lastes.' : 'The map could not be loaded.';
      container.append(message);
      container.dataset.state = 'error';
      container.dataset.error = error instanceof Error ? error.message : String(error);
    },
  );
}

function draw(container: HTMLElement, list: Area[], options: MapOptions): void {
  const text = TEXT[options.lang];
  const states = assignAreas(
    list.map((a) => a.code),
    options.units,
  );
  const ranked = [...states.values()].filter((s): s is Extract<AreaState, { kind: 'ranked' }> => s.kind === 'ranked');
  const classes = colourClasses(
    ranked.map((s) => Number(s.unit.value)),
    options.direction,
  );
  const fillOf = (state: AreaState): string => {
    if (state.kind === 'ranked' && classes) return classColour(classes.classOf(Number(state.unit.value)), classes.n);
    if (state.kind === 'changed') return `url(#${HATCH_ID})`;
    if (state.kind === 'no-figure') return NO_FIGURE;
    return OUTSIDE;
  };

  const collection: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: list.map((a) => a.feature) };
  const width = Math.max(280, Math.min(container.clientWidth || 480, 640));
  const svg = Plot.plot({
    width,
    // Norway is tall: about 1.3 times as high as wide in this projection.
    height: Math.round(width * 1.3),
    margin: 4,
    projection: { type: 'transverse-mercator', rotate: [-15, -65], domain: collection },
    marks: [Plot.geo(collection, { fill: OUTSIDE, stroke: '#ffffff', strokeWidth: 0.4 })],
    ariaLabel: text.label,
    ariaDescription: text.keys,
  }) as SVGSVGElement;
  svg.setAttribute('role', 'group');
  svg.classList.add('map-areas');
  // Plot names each mark's <g> with aria-label; ARIA allows a name only on an element with a role.
  for (const g of svg.querySelectorAll('g[aria-label]:not([role])')) g.setAttribute('role', 'group');
  addHatch(svg);

  const tooltip = document.createElement('div');
  tooltip.className = 'map-tooltip';
  tooltip.setAttribute('role', 'status');
  tooltip.hidden = true;
  const show = (area: Area, state: AreaState, path: SVGPathElement) => {
    tooltip.textContent = describe(area, state, options);
    tooltip.hidden = false;
    const box = path.getBoundingClientRect();
    const outer = container.getBoundingClientRect();
    tooltip.style.left = `${Math.round(box.left - outer.left + box.width / 2)}px`;
    tooltip.style.top = `${Math.round(box.top - outer.top)}px`;
  };
  const hide = () => {
    tooltip.hidden = true;
  };

  const paths = [...svg.querySelectorAll<SVGPathElement>('g[aria-label="geo"] path')];
  const focusable: { path: SVGPathElement; rank: number; name: string }[] = [];
  paths.forEach((path, i) => {
    // Plot draws one path per feature, in the order of the features.
    const area = list[i];
    if (!area) return;
    // assignAreas gives every area a state; one without would have nothing of the scope in it.
    const state: AreaState = states.get(area.code) ?? { kind: 'outside' };
    path.setAttribute('fill', fillOf(state));
    path.dataset.code = area.code;
    path.dataset.state = state.kind;
    const unit = state.kind === 'ranked' || state.kind === 'no-figure' ? state.unit : state.kind === 'changed' && state.units.length === 1 ? state.units[0] : undefined;
    if (unit) path.dataset.unitCode = unit.code;
    if (state.kind === 'ranked' && state.unit.value !== null) path.dataset.value = state.unit.value;
    if (state.kind === 'outside') return;
    // Areas with something to say take focus and clicks; those outside the scope stay inert.
    focusable.push({ path, rank: state.kind === 'ranked' ? state.unit.rank ?? Infinity : Infinity, name: area.name });
    path.setAttribute('tabindex', '-1');
    path.setAttribute('role', 'button');
    path.setAttribute('aria-label', describe(area, state, options));
    path.addEventListener('pointerenter', () => show(area, state, path));
    path.addEventListener('pointerleave', hide);
    path.addEventListener('focus', () => show(area, state, path));
    path.addEventListener('blur', hide);
    if (unit) {
      path.style.cursor = 'pointer';
      path.addEventListener('click', () => options.onSelect(unit.code));
      path.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          options.onSelect(unit.code);
        }
      });
    }
  });

  roveFocus(
    svg,
    focusable.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'nb')).map((f) => f.path),
  );
  container.style.position = 'relative';
  container.replaceChildren(svg, tooltip, legend(classes, options, text));
}

/**
 * One tab stop for the whole map, not one per municipality: Tab enters at the best-ranked area and
 * leaves to the next control; the arrow keys move through the areas in rank order (then those
 * without a rank, by name), Home and End to either end.
 */
function roveFocus(svg: SVGSVGElement, order: SVGPathElement[]): void {
  const [first] = order;
  if (!first) return;
  first.setAttribute('tabindex', '0');
  const index = new Map(order.map((path, i) => [path, i]));
  svg.addEventListener('keydown', (event) => {
    const at = index.get(event.target as SVGPathElement);
    if (at === undefined) return;
    const to =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? Math.min(at + 1, order.length - 1)
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? Math.max(at - 1, 0)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? order.length - 1
              : null;
    const next = to === null ? undefined : order[to];
    if (!next) return;
    event.preventDefault();
    order[at]?.setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    next.focus();
  });
}

function describe(area: Area, state: AreaState, options: MapOptions): string {
  const text = TEXT[options.lang];
  switch (state.kind) {
    case 'ranked':
      return `${area.name}: ${state.unit.value} (${text.rank} ${state.unit.rank})`;
    case 'no-figure':
      return `${area.name}: ${text.noFigure.toLowerCase()}`;
    case 'changed':
      return `${area.name}: ${text.changedTip} ${state.units.map((u) => `${u.name}${u.value === null ? '' : ` ${u.value}`}`).join(', ')}`;
    default:
      return `${area.name}: ${text.outside.toLowerCase()}`;
  }
}

function addHatch(svg: SVGSVGElement, id = HATCH_ID): void {
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  defs.innerHTML =
    `<pattern id="${id}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="${NO_FIGURE}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#7a7a7a" stroke-width="2"/></pattern>`;
  svg.prepend(defs);
}

const ramp = Plot.scale({ color: { type: 'linear', domain: [0, 1], scheme: SCHEME } });

/** Class 0 (worst) is pale, class n − 1 (best) dark; the palest tenth of the scheme is too close to white. */
function classColour(c: number, n: number): string {
  return String(ramp.apply(0.12 + 0.88 * (n === 1 ? 1 : c / (n - 1))));
}

function legend(classes: ColourClasses | null, options: MapOptions, text: (typeof TEXT)[MapOptions['lang']]): HTMLElement {
  const box = document.createElement('div');
  box.dataset.testid = 'legend';
  box.className = 'map-legend';
  if (classes && classes.thresholds.length) {
    // Numbers ascend left to right; the colours follow the direction, so dark is always the best.
    const ascending = Array.from({ length: classes.n }, (_, i) => classColour(options.direction === 'higher_is_better' ? i : classes.n - 1 - i, classes.n));
    const key = Plot.legend({
      color: { type: 'threshold', domain: classes.thresholds, range: ascending, label: text.darker },
      width: 280,
      tickFormat: (d: number) => d.toLocaleString(options.lang === 'nb' ? 'nb-NO' : 'en-GB'),
    });
    for (const g of key.querySelectorAll('g[aria-label]:not([role])')) g.setAttribute('role', 'group');
    box.append(key);
  }
  const swatch = (fill: string, label: string) => {
    const item = document.createElement('span');
    item.className = 'map-legend-item';
    item.innerHTML = `<svg width="14" height="14" aria-hidden="true"><rect class="swatch" width="14" height="14" fill="${fill}" stroke="#999"/></svg>`;
    item.append(label);
    return item;
  };
  const hatch = swatch(NO_FIGURE, text.changed);
  const svg = hatch.querySelector('svg');
  const rect = svg?.querySelector('rect.swatch');
  if (svg && rect) {
    // Its own id: two patterns of one id in a page are invalid, and the legend may outlive the map.
    addHatch(svg, `${HATCH_ID}-legend`);
    rect.setAttribute('fill', `url(#${HATCH_ID}-legend)`);
  }
  box.append(hatch, swatch(NO_FIGURE, text.noFigure), swatch(OUTSIDE, text.outside));
  return box;
}
