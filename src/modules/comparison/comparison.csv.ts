import { stringify } from 'csv-stringify/sync';
import { Normalisation } from './comparison.type';
import type { Comparison, Ranking, TargetAttainment, TimeSeries } from './comparison.type';

/**
 * What the journalist downloads: CSV and JSON shapes of a ranking, a comparison, a time series and
 * target attainment, built from the same objects the GraphQL API returns.
 *
 * CSV: a header row, a fixed column order (new columns are only ever added at the end), numbers
 * with a decimal point (the published text, with its decimal comma, is in `value_text`), UTF-8
 * with a byte order mark. Without the mark Excel reads the file as Windows-1252 and "Bodø"
 * becomes "BodÃ¸"; with it, Excel, Numbers, LibreOffice and pandas (encoding "utf-8-sig") all read
 * it right. Norwegian Excel splits columns on ";", hence `delimiter=semicolon`.
 */

/** U+FEFF: tells Excel the file is UTF-8. */
export const BOM = '\uFEFF';

export type Delimiter = ',' | ';';

type Cell = string | number | boolean | null | undefined;

function csv(header: string[], records: Cell[][], delimiter: Delimiter): string {
  return BOM + stringify(records, { header: true, columns: header, delimiter, record_delimiter: '\r\n', cast: { boolean: (b) => (b ? 'true' : 'false') } });
}

function normaliseName(n: Normalisation): string {
  return (Object.keys(Normalisation) as (keyof typeof Normalisation)[]).find((k) => Normalisation[k] === n) ?? 'NONE';
}

export const RANKING_COLUMNS = [
  'rank',
  'name',
  'code',
  'level',
  'indicator',
  'period',
  'value',
  'value_text',
  'unit',
  'percentile',
  'difference_from_median',
  'previous_period',
  'previous_value',
  'change_from_previous',
  'target',
  'target_met',
  'numerator',
  'denominator',
  'population_year',
  'flags',
  'missing_reason',
  'missing_detail',
  'source_publisher',
  'source_title',
  'source_url',
  'quote',
  'citation',
];

/** Ranked units first, then the units in scope that are not ranked, with the reason. */
export function rankingCsv(r: Ranking, delimiter: Delimiter = ','): string {
  const level = r.level.toUpperCase();
  const ranked: Cell[][] = r.rows.map((row) => [
    row.rank,
    row.name,
    row.code,
    level,
    r.indicator.code,
    row.period,
    row.exactValue,
    row.valueText,
    row.unit,
    row.percentile,
    row.differenceFromMedian,
    row.previousPeriod,
    row.previousValue,
    row.changeFromPrevious,
    row.target?.text,
    row.targetMet,
    row.numerator,
    row.denominator,
    row.populationYear,
    row.flags.join(' '),
    null,
    null,
    row.sourcePublisher,
    row.sourceTitle,
    row.sourceUrl,
    row.quote,
    row.cite(),
  ]);
  const missing: Cell[][] = r.missing.map((m) => [
    null,
    m.name,
    m.code,
    level,
    r.indicator.code,
    m.period ?? r.period,
    null,
    m.valueText,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    m.reason,
    m.detail,
    null,
    null,
    null,
    null,
    m.citation,
  ]);
  return csv(RANKING_COLUMNS, [...ranked, ...missing], delimiter);
}

export function rankingJson(r: Ranking) {
  return {
    indicator: { code: r.indicator.code, nameNb: r.indicator.nameNb, nameEn: r.indicator.nameEn, unit: r.indicator.unit },
    period: r.period,
    latest: r.latest,
    level: r.level.toUpperCase(),
    normalise: normaliseName(r.normalise),
    rankBy: r.rankBy.toUpperCase(),
    compareTo: r.compareTo,
    direction: r.direction.toUpperCase(),
    unit: r.unit,
    median: r.median,
    peerBand: r.peerBand,
    coverage: r.coverage,
    warnings: r.warnings,
    rows: r.rows.map((row) => ({
      rank: row.rank,
      name: row.name,
      code: row.code,
      period: row.period,
      value: row.value,
      exactValue: row.exactValue,
      valueText: row.valueText,
      unit: row.unit,
      percentile: row.percentile,
      differenceFromMedian: row.differenceFromMedian,
      previousPeriod: row.previousPeriod,
      previousValue: row.previousValue,
      changeFromPrevious: row.changeFromPrevious,
      target: row.target,
      targetMet: row.targetMet,
      numerator: row.numerator,
      denominator: row.denominator,
      populationYear: row.populationYear,
      flags: row.flags,
      source: { publisher: row.sourcePublisher, title: row.sourceTitle, url: row.sourceUrl },
      quote: row.quote,
      citation: row.cite(),
    })),
    missing: r.missing.map((m) => ({
      name: m.name,
      code: m.code,
      reason: m.reason,
      detail: m.detail,
      period: m.period,
      valueText: m.valueText,
      citation: m.citation,
    })),
  };
}

export const COMPARE_COLUMNS = [
  'name',
  'code',
  'level',
  'indicator',
  'period',
  'value',
  'value_text',
  'unit',
  'flags',
  'missing_reason',
  'source_publisher',
  'source_title',
  'source_url',
  'quote',
  'citation',
  // Set where the figure is of a municipality as it was before a boundary change (Stavanger until 2019).
  'figure_municipality',
  'figure_municipality_code',
  'figure_municipality_until',
];

/** One line per unit, indicator and period (long format: a pivot table turns it into a matrix). */
export function compareCsv(c: Comparison, delimiter: Delimiter = ','): string {
  const records: Cell[][] = c.rows.flatMap((row) =>
    row.cells.map((cell) => [
      row.name,
      row.code,
      row.officeId !== null ? 'OFFICE' : 'MUNICIPALITY',
      cell.indicator.code,
      cell.period,
      cell.exactValue,
      cell.valueText,
      cell.unit,
      cell.flags.join(' '),
      cell.missingReason,
      cell.sourcePublisher,
      cell.sourceTitle,
      cell.sourceUrl,
      cell.quote,
      cell.citation,
      cell.figureMunicipality?.name,
      cell.figureMunicipality?.code,
      cell.figureMunicipality?.validToYear,
    ]),
  );
  return csv(COMPARE_COLUMNS, records, delimiter);
}

export function compareJson(c: Comparison) {
  return {
    indicators: c.indicators.map((i) => ({ code: i.code, nameNb: i.nameNb, nameEn: i.nameEn, unit: i.unit, direction: i.direction.toUpperCase() })),
    periods: c.periods,
    warnings: c.warnings,
    rows: c.rows.map((row) => ({
      name: row.name,
      code: row.code,
      level: row.officeId !== null ? 'OFFICE' : 'MUNICIPALITY',
      cells: row.cells.map((cell) => ({
        indicator: cell.indicator.code,
        period: cell.period,
        value: cell.value,
        exactValue: cell.exactValue,
        valueText: cell.valueText,
        unit: cell.unit,
        flags: cell.flags,
        missingReason: cell.missingReason,
        figureMunicipality: cell.figureMunicipality && {
          name: cell.figureMunicipality.name,
          code: cell.figureMunicipality.code,
          validFromYear: cell.figureMunicipality.validFromYear,
          validToYear: cell.figureMunicipality.validToYear,
        },
        source: cell.sourceId === null ? null : { publisher: cell.sourcePublisher, title: cell.sourceTitle, url: cell.sourceUrl },
        quote: cell.quote,
        citation: cell.citation,
      })),
    })),
  };
}

export const TARGET_COLUMNS = [
  'name',
  'code',
  'period',
  'indicator',
  'raw_label',
  'target',
  'comparator',
  'value',
  'value_text',
  'unit',
  'status',
  'source_publisher',
  'source_title',
  'source_url',
  'quote',
  'citation',
];

export function targetsCsv(t: TargetAttainment, delimiter: Delimiter = ','): string {
  const records: Cell[][] = t.results.map((r) => [
    r.name,
    r.code,
    t.period,
    r.indicator?.code,
    r.rawLabel,
    r.targetText,
    r.comparator.toUpperCase(),
    r.exactValue,
    r.valueText,
    r.unit,
    r.status,
    r.sourcePublisher,
    r.sourceTitle,
    r.sourceUrl,
    r.quote,
    r.citation,
  ]);
  return csv(TARGET_COLUMNS, records, delimiter);
}

export function targetsJson(t: TargetAttainment) {
  return {
    name: t.name,
    code: t.code,
    period: t.period,
    met: t.met,
    notMet: t.notMet,
    noValue: t.noValue,
    total: t.total,
    results: t.results.map((r) => ({
      name: r.name,
      code: r.code,
      indicator: r.indicator?.code ?? null,
      rawLabel: r.rawLabel,
      target: r.targetText,
      comparator: r.comparator.toUpperCase(),
      value: r.value,
      exactValue: r.exactValue,
      valueText: r.valueText,
      unit: r.unit,
      status: r.status,
      source: { publisher: r.sourcePublisher, title: r.sourceTitle, url: r.sourceUrl },
      quote: r.quote,
      citation: r.citation,
    })),
  };
}

export const TIME_SERIES_COLUMNS = [
  'name',
  'code',
  'level',
  'indicator',
  'period',
  'period_text',
  'value',
  'value_text',
  'unit',
  'previous_period',
  'change_from_previous',
  'trend',
  'break_in_series',
  'break_note',
  'flags',
  'source_publisher',
  'source_title',
  'source_url',
  'quote',
  'citation',
  'figure_municipality',
  'figure_municipality_code',
  'figure_municipality_until',
];

/** One line per period, oldest first; a break in the series is a column, so a chart can mark it. */
export function timeSeriesCsv(s: TimeSeries, delimiter: Delimiter = ','): string {
  const records: Cell[][] = s.points.map((p) => [
    s.name,
    s.code,
    s.officeId !== null ? 'OFFICE' : 'MUNICIPALITY',
    s.indicator.code,
    p.period,
    p.periodText,
    p.exactValue,
    p.valueText,
    p.unit,
    p.previousPeriod,
    p.changeFromPrevious,
    p.trend,
    p.breakInSeries,
    p.breakNote,
    p.flags.join(' '),
    p.sourcePublisher,
    p.sourceTitle,
    p.sourceUrl,
    p.quote,
    p.citation,
    p.figureMunicipality?.name,
    p.figureMunicipality?.code,
    p.figureMunicipality?.validToYear,
  ]);
  return csv(TIME_SERIES_COLUMNS, records, delimiter);
}

export function timeSeriesJson(s: TimeSeries) {
  return {
    name: s.name,
    code: s.code,
    level: s.officeId !== null ? 'OFFICE' : 'MUNICIPALITY',
    indicator: { code: s.indicator.code, nameNb: s.indicator.nameNb, nameEn: s.indicator.nameEn, unit: s.indicator.unit, direction: s.direction.toUpperCase() },
    warnings: s.warnings,
    points: s.points.map((p) => ({
      period: p.period,
      periodText: p.periodText,
      value: p.value,
      exactValue: p.exactValue,
      valueText: p.valueText,
      unit: p.unit,
      previousPeriod: p.previousPeriod,
      changeFromPrevious: p.changeFromPrevious,
      trend: p.trend,
      breakInSeries: p.breakInSeries,
      breakNote: p.breakNote,
      figureMunicipality: p.figureMunicipality && {
        name: p.figureMunicipality.name,
        code: p.figureMunicipality.code,
        validFromYear: p.figureMunicipality.validFromYear,
        validToYear: p.figureMunicipality.validToYear,
      },
      flags: p.flags,
      source: { publisher: p.sourcePublisher, title: p.sourceTitle, url: p.sourceUrl },
      quote: p.quote,
      citation: p.citation,
    })),
  };
}
