import type { Lang } from './state';

/** Every label of the page, in Norwegian (bokmål) and English. */
const LABELS = {
  title: { nb: 'Målestokk', en: 'Målestokk' },
  tagline: {
    nb: 'NAV-tall for alle kommuner på én målestokk: rangert, med kilde og sitat.',
    en: 'NAV figures of every municipality on one yardstick: ranked, with source and quote.',
  },
  language: { nb: 'Språk', en: 'Language' },
  indicator: { nb: 'Indikator', en: 'Indicator' },
  searchIndicator: { nb: 'Søk etter indikator', en: 'Search indicators' },
  searchHint: { nb: 'Navn på norsk eller engelsk', en: 'Name in Norwegian or English' },
  noIndicatorMatch: { nb: 'Ingen indikator passer søket.', en: 'No indicator matches the search.' },
  noFigures: { nb: 'ingen tall', en: 'no figures' },
  notRanked: { nb: 'rangeres ikke', en: 'not ranked' },
  period: { nb: 'Periode', en: 'Period' },
  level: { nb: 'Nivå', en: 'Level' },
  municipality: { nb: 'Kommuner', en: 'Municipalities' },
  office: { nb: 'NAV-kontorer', en: 'NAV offices' },
  county: { nb: 'Fylker', en: 'Counties' },
  scope: { nb: 'Utvalg', en: 'Scope' },
  scopeAll: { nb: 'Hele landet', en: 'All of Norway' },
  scopeCounty: { nb: 'Ett fylke', en: 'A county' },
  scopeKostra: { nb: 'En KOSTRA-gruppe', en: 'A KOSTRA group' },
  scopeList: { nb: 'En liste', en: 'A list' },
  scopeCountyValue: { nb: 'Fylke', en: 'County' },
  scopeKostraValue: { nb: 'KOSTRA-gruppe (1–16)', en: 'KOSTRA group (1–16)' },
  scopeListValue: { nb: 'Kommunenumre, skilt med komma', en: 'Municipality codes, separated by commas' },
  kostraGroup: { nb: 'Gruppe', en: 'Group' },
  normalise: { nb: 'Per innbygger', en: 'Per inhabitant' },
  normaliseNone: { nb: 'Som publisert', en: 'As published' },
  normaliseTotal: { nb: 'Per 1 000 innbyggere', en: 'Per 1,000 inhabitants' },
  normalise2066: { nb: 'Per 1 000 innbyggere 20–66 år', en: 'Per 1,000 inhabitants aged 20–66' },
  normalise1824: { nb: 'Per 1 000 innbyggere 18–24 år', en: 'Per 1,000 inhabitants aged 18–24' },
  normaliseNotApplicable: { nb: 'Gjelder ikke andeler og rater', en: 'Not for shares and rates' },
  higherIsBetter: { nb: 'Høyere er bedre', en: 'Higher is better' },
  lowerIsBetter: { nb: 'Lavere er bedre', en: 'Lower is better' },
  noDirection: { nb: 'Ingen retning (rangeres ikke)', en: 'No direction (not ranked)' },
  unitLabel: { nb: 'Enhet', en: 'Unit' },
  loading: { nb: 'Henter …', en: 'Loading …' },
  error: { nb: 'Noe gikk galt', en: 'Something went wrong' },
  retry: { nb: 'Prøv igjen', en: 'Try again' },
  warnings: { nb: 'Les før du publiserer', en: 'Read before publishing' },
  rank: { nb: 'Plass', en: 'Rank' },
  name: { nb: 'Navn', en: 'Name' },
  value: { nb: 'Verdi', en: 'Value' },
  change: { nb: 'Endring', en: 'Change' },
  target: { nb: 'Mål', en: 'Target' },
  flags: { nb: 'Merknader', en: 'Flags' },
  met: { nb: 'nådd', en: 'met' },
  notMet: { nb: 'ikke nådd', en: 'not met' },
  improved: { nb: 'bedre', en: 'better' },
  worsened: { nb: 'dårligere', en: 'worse' },
  unchanged: { nb: 'uendret', en: 'unchanged' },
  since: { nb: 'siden', en: 'since' },
  withoutFigure: { nb: 'Uten tall', en: 'Without a figure' },
  rankingTable: { nb: 'Rangering', en: 'Ranking' },
  rankingCaption: { nb: 'Beste først etter indikatorens retning.', en: 'Best first by the indicator’s direction.' },
  chart: { nb: 'Sortert stolpediagram', en: 'Sorted bar chart' },
  median: { nb: 'median', en: 'median' },
  national: { nb: 'Hele landet', en: 'Norway' },
  map: { nb: 'Kart', en: 'Map' },
  mapCredit: { nb: 'Kartdata © Kartverket', en: 'Map data © Kartverket' },
  downloads: { nb: 'Last ned og del', en: 'Download and share' },
  downloadCsv: { nb: 'Last ned CSV', en: 'Download CSV' },
  downloadJson: { nb: 'Last ned JSON', en: 'Download JSON' },
  copyPermalink: { nb: 'Kopier lenke til visningen', en: 'Copy link to this view' },
  copied: { nb: 'Kopiert', en: 'Copied' },
  copyFailed: { nb: 'Kunne ikke kopiere; merk teksten og kopier selv.', en: 'Could not copy; select the text and copy it.' },
  close: { nb: 'Lukk', en: 'Close' },
  timeSeries: { nb: 'Tidsserie', en: 'Time series' },
  seriesAsPublished: {
    nb: 'Tidsserien viser tallene slik de er publisert, ikke per innbygger.',
    en: 'The series shows the figures as published, not per inhabitant.',
  },
  timeSeriesSummary: { nb: 'Verdier per periode', en: 'Values per period' },
  breakInSeries: { nb: 'brudd i serien', en: 'break in series' },
  revised: { nb: 'revidert', en: 'revised' },
  withheld: { nb: 'skjult', en: 'withheld' },
  peers: { nb: 'Sammenlignbare kommuner', en: 'Peers' },
  peersNote: {
    nb: 'Samme KOSTRA-gruppe, nærmest i folketall.',
    en: 'Same KOSTRA group, nearest in population.',
  },
  peersNone: { nb: 'Ingen sammenlignbare kommuner (ingen KOSTRA-gruppe).', en: 'No peers (no KOSTRA group).' },
  servedMunicipalities: { nb: 'Kommuner kontoret betjener', en: 'Municipalities the office serves' },
  countySeries: {
    nb: 'Fylkets tall fra fylkesrangeringen for hver periode; brudd i serien markeres bare for kommuner og NAV-kontorer.',
    en: 'The county’s figures from the county ranking of each period; breaks in series are marked for municipalities and NAV offices only.',
  },
  inhabitants: { nb: 'innbyggere', en: 'inhabitants' },
  sources: { nb: 'Kilder og sitater', en: 'Sources and quotes' },
  quote: { nb: 'Sitat', en: 'Quote' },
  source: { nb: 'Kilde', en: 'Source' },
  citation: { nb: 'Sitering', en: 'Citation' },
  copyCitation: { nb: 'Kopier sitering', en: 'Copy citation' },
  otherPeriods: { nb: 'Andre perioder', en: 'Other periods' },
  noSeries: { nb: 'Ingen tall for denne enheten.', en: 'No figures for this unit.' },
  playground: { nb: 'GraphQL-lekeplass', en: 'GraphQL playground' },
  madeFrom: {
    nb: 'Siden bruker bare det offentlige GraphQL-API-et, med lagrede spørringer.',
    en: 'This page uses only the public GraphQL API, with persisted queries.',
  },
  unitPanel: { nb: 'Enhet', en: 'Unit' },
} as const;

export type LabelKey = keyof typeof LABELS;

export function t(lang: Lang, key: LabelKey): string {
  return LABELS[key][lang];
}

/** "ranked 306 of 356; 50 without a figure" in either language. */
export function coverageText(lang: Lang, coverage: { ranked: number; missing: number; total: number }): string {
  return lang === 'nb'
    ? `rangert ${coverage.ranked} av ${coverage.total}; ${coverage.missing} uten tall`
    : `ranked ${coverage.ranked} of ${coverage.total}; ${coverage.missing} without a figure`;
}

const UNIT_LABELS: Record<string, { nb: string; en: string }> = {
  percent: { nb: '%', en: '%' },
  percentage_points: { nb: 'prosentpoeng', en: 'percentage points' },
  persons: { nb: 'personer', en: 'persons' },
  count: { nb: 'antall', en: 'count' },
  nok: { nb: 'kr', en: 'NOK' },
  nights: { nb: 'døgn', en: 'nights' },
  weeks: { nb: 'uker', en: 'weeks' },
  per_1000_inhabitants: { nb: 'per 1 000 innbyggere', en: 'per 1,000 inhabitants' },
  per_1000_aged_20_66: { nb: 'per 1 000 innbyggere 20–66 år', en: 'per 1,000 inhabitants aged 20–66' },
  per_1000_aged_18_24: { nb: 'per 1 000 innbyggere 18–24 år', en: 'per 1,000 inhabitants aged 18–24' },
};

export function unitLabel(lang: Lang, unit: string | null | undefined): string {
  if (!unit) return '';
  return UNIT_LABELS[unit.toLowerCase()]?.[lang] ?? unit.toLowerCase().replace(/_/g, ' ');
}

const FLAG_LABELS: Record<string, { nb: string; en: string }> = {
  APPROXIMATE: { nb: 'omtrentlig', en: 'approximate' },
  BREAK_IN_SERIES: { nb: 'brudd i serien', en: 'break in series' },
  DERIVED: { nb: 'beregnet', en: 'derived' },
  FOOTNOTED: { nb: 'fotnote', en: 'footnote' },
  INCOMPLETE: { nb: 'ufullstendig', en: 'incomplete' },
  INCONSISTENT: { nb: 'motstridende', en: 'inconsistent' },
  NOT_PUBLISHED: { nb: 'ikke publisert', en: 'not published' },
  NO_DENOMINATOR: { nb: 'mangler nevner', en: 'no denominator' },
  PROVISIONAL: { nb: 'foreløpig', en: 'provisional' },
  SUPPRESSED: { nb: 'skjult', en: 'withheld' },
};

export function flagLabel(lang: Lang, flag: string): string {
  return FLAG_LABELS[flag]?.[lang] ?? flag.toLowerCase().replace(/_/g, ' ');
}

const REASON_LABELS: Record<string, { nb: string; en: string }> = {
  BELOW_MIN_POPULATION: { nb: 'for få innbyggere', en: 'too few inhabitants' },
  INCOMPLETE: { nb: 'ufullstendig sum', en: 'incomplete sum' },
  NOT_COMPARABLE: { nb: 'ikke sammenlignbart', en: 'not comparable' },
  NOT_PUBLISHED: { nb: 'ikke publisert', en: 'not published' },
  NO_POPULATION: { nb: 'folketall mangler', en: 'no population' },
  NO_VALUE: { nb: 'ingen tall', en: 'no figure' },
  SUPPRESSED: { nb: 'skjult av utgiver', en: 'withheld by the publisher' },
};

export function reasonLabel(lang: Lang, reason: string): string {
  return REASON_LABELS[reason]?.[lang] ?? reason.toLowerCase().replace(/_/g, ' ');
}

/**
 * An exact decimal string from the API ("1234.5", "-0.25") written the way a reader of the
 * language expects ("1 234,5" / "1,234.5"), digit for digit: nothing is rounded through a float.
 */
export function formatExact(lang: Lang, exact: string | null | undefined): string {
  if (exact === null || exact === undefined || exact === '') return '–';
  const [, sign, whole, fraction] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(exact.trim()) ?? [];
  if (whole === undefined) return exact;
  const grouped = whole.length > 4 || (lang === 'en' && whole.length > 3) ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'nb' ? '\u00a0' : ',') : whole;
  const minus = sign ? '−' : '';
  return fraction ? `${minus}${grouped}${lang === 'nb' ? ',' : '.'}${fraction}` : `${minus}${grouped}`;
}

/** A float from the API (a change, a median), shown with at most `digits` decimals. */
export function formatNumber(lang: Lang, value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: digits }).format(value);
}
