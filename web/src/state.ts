/**
 * The page's whole state lives in the query string of `/`, so that a link in an article opens
 * the same view. Parsing never throws: an unknown value falls back to its default, as a link
 * edited by hand or written by an older page must still open something sensible.
 */

export type Level = 'municipality' | 'office' | 'county';
export type Lang = 'nb' | 'en';
export type NormaliseKey = 'none' | 'total' | 'age_20_66' | 'age_18_24';
export type Scope =
  | { kind: 'all' }
  | { kind: 'county'; county: string }
  | { kind: 'kostra'; group: string }
  | { kind: 'list'; codes: string[] };

export interface ViewState {
  /** Indicator code; null until the page picks its default. */
  indicator: string | null;
  /** Period ranked; null: the default period of the indicator and level. */
  period: string | null;
  level: Level;
  scope: Scope;
  normalise: NormaliseKey;
  /** Code of the unit whose panel is open. */
  unit: string | null;
  lang: Lang;
}

export const DEFAULT_INDICATOR = 'social_assistance.recipients_per_population_20_66';

export const LEVELS: readonly Level[] = ['municipality', 'office', 'county'];
export const NORMALISE_KEYS: readonly NormaliseKey[] = ['none', 'total', 'age_20_66', 'age_18_24'];

/** The API's Normalisation value of each key of the URL. */
export const NORMALISATION: Record<NormaliseKey, string> = {
  none: 'NONE',
  total: 'PER_1000_INHABITANTS',
  age_20_66: 'PER_1000_AGED_20_66',
  age_18_24: 'PER_1000_AGED_18_24',
};

/** Units the API refuses to divide by a population: they are rates already. */
const RATE_UNITS = ['percent', 'percentage_points', 'per_1000_inhabitants'];

export function normalisationApplies(indicatorUnit: string): boolean {
  return !RATE_UNITS.includes(indicatorUnit.toLowerCase());
}

const INDICATOR_CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_]*)+$/;
const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
const COUNTY = /^\d{2}$/;
const KOSTRA = /^\d{1,2}$/;
const MUNICIPALITY = /^\d{4}$/;
const UNIT = /^[\w.-]{1,40}$/;

export function parseScope(text: string | null): Scope {
  if (!text || text === 'all') return { kind: 'all' };
  const [kind, value = ''] = splitOnce(text, ':');
  if (kind === 'county' && COUNTY.test(value)) return { kind: 'county', county: value };
  if (kind === 'kostra' && KOSTRA.test(value)) return { kind: 'kostra', group: value };
  if (kind === 'list') {
    const codes = [...new Set(value.split(',').map((c) => c.trim()).filter((c) => MUNICIPALITY.test(c)))];
    if (codes.length) return { kind: 'list', codes };
  }
  return { kind: 'all' };
}

export function formatScope(scope: Scope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'county':
      return `county:${scope.county}`;
    case 'kostra':
      return `kostra:${scope.group}`;
    case 'list':
      return `list:${scope.codes.join(',')}`;
  }
}

export function parseState(search: string, browserLanguages: readonly string[] = []): ViewState {
  const p = new URLSearchParams(search);
  const indicator = p.get('indicator');
  const period = p.get('period');
  const level = p.get('level') as Level | null;
  const normalise = p.get('normalise') as NormaliseKey | null;
  const unit = p.get('unit');
  const lang = p.get('lang');
  return {
    indicator: indicator && INDICATOR_CODE.test(indicator) ? indicator : null,
    period: period && PERIOD.test(period) ? period : null,
    level: level && LEVELS.includes(level) ? level : 'municipality',
    scope: parseScope(p.get('scope')),
    normalise: normalise && NORMALISE_KEYS.includes(normalise) ? normalise : 'none',
    unit: unit && UNIT.test(unit) ? unit : null,
    lang: lang === 'en' || lang === 'nb' ? lang : browserLanguages.some((l) => /^(nb|nn|no)\b/i.test(l)) || !browserLanguages.length ? 'nb' : 'en',
  };
}

/** The query string of a state, parameters in a fixed order so that equal views have equal links. */
export function formatState(state: ViewState): string {
  const p = new URLSearchParams();
  if (state.indicator) p.set('indicator', state.indicator);
  if (state.period) p.set('period', state.period);
  p.set('level', state.level);
  p.set('scope', formatScope(state.scope));
  p.set('normalise', state.normalise);
  if (state.unit) p.set('unit', state.unit);
  p.set('lang', state.lang);
  // Commas and colons read better unescaped in a link and are safe in a query string.
  return `?${p.toString().replace(/%2C/g, ',').replace(/%3A/g, ':')}`;
}

/** The API's RankingScope: every unit of the period in scope, so that the silent ones are listed as missing. */
export function rankingScope(scope: Scope): Record<string, unknown> {
  switch (scope.kind) {
    case 'all':
      return { allUnits: true };
    case 'county':
      return { county: scope.county, allUnits: true };
    case 'kostra':
      return { kostraGroup: scope.group, allUnits: true };
    case 'list':
      return { municipalities: scope.codes, allUnits: true };
  }
}

/** Which scopes a level can take: counties are filtered by county only. */
export function scopeAllowed(scope: Scope, level: Level): boolean {
  return level !== 'county' || scope.kind === 'all' || scope.kind === 'county';
}

/**
 * The hub's download of the ranking on screen (GET /download/ranking.csv or .json), with the
 * same arguments as the GraphQL query.
 */
export function downloadHref(format: 'csv' | 'json', state: ViewState, period: string | null): string | null {
  if (!state.indicator) return null;
  const p = new URLSearchParams();
  p.set('indicator', state.indicator);
  if (period) p.set('period', period);
  p.set('level', state.level);
  p.set('normalise', NORMALISATION[state.normalise].toLowerCase());
  const scope = state.scope;
  if (scope.kind === 'county') p.set('county', scope.county);
  if (scope.kind === 'kostra') p.set('kostraGroup', scope.group);
  if (scope.kind === 'list') p.set('municipalities', scope.codes.join(','));
  p.set('allUnits', 'true');
  return `/download/ranking.${format}?${p.toString().replace(/%2C/g, ',')}`;
}

export interface PeriodCoverage {
  period: string;
  offices: { withValue: number };
  municipalities: { withValue: number };
  counties: { withValue: number };
}

/**
 * The period a view opens on when the link names none: the newest period in which the level has
 * at least half as many units with a value as in its best-covered period. The newest period
 * of all is often one that a single city publishes; a national view should open on national data.
 */
export function defaultPeriod(coverage: readonly PeriodCoverage[], level: Level): string | null {
  const count = (c: PeriodCoverage) => (level === 'office' ? c.offices : level === 'county' ? c.counties : c.municipalities).withValue;
  const best = Math.max(0, ...coverage.map(count));
  if (best === 0) return null;
  const newestFirst = [...coverage].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
  return newestFirst.find((c) => count(c) * 2 >= best)?.period ?? null;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
