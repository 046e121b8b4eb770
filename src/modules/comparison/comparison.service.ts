import type { Database } from '../../db/database';
import { Comparator, Direction, QualityFlag } from '../../schema/enums';
import { ClientError, NotFoundError } from '../../schema/errors';
import { Municipality, PopulationBasis } from '../geography/geography.type';
import { type DefinitionNote, definitionNoteWarning, definitionNoteWarnings } from '../observations/definition-notes';
import { citation } from '../observations/observation.type';
import { Indicator } from '../taxonomy/taxonomy.type';
import { LIMITS } from './comparison.args';
import { COMPARE_SQL } from './compare.sql';
import { PEER_BANDS, RATE_UNITS } from './comparison.fragments';
import { COMPOSITE_INDEX_SQL } from './composite.sql';
import { RANKING_SQL } from './ranking.sql';
import { TARGET_ATTAINMENT_SQL } from './targets.sql';
import { TIME_SERIES_SQL } from './time-series.sql';
import {
  Comparison,
  ComparisonCell,
  ComparisonRow,
  CompositeContribution,
  CompositeIndex,
  CompositeIndicator,
  CompositeRow,
  Coverage,
  LeftOutUnit,
  MissingEntry,
  MissingReason,
  NationalFigure,
  Normalisation,
  PeerBand,
  RankBy,
  Ranking,
  RankingLevel,
  RankingRow,
  TargetAttainment,
  TargetResult,
  TargetStatus,
  TimeSeries,
  TimeSeriesPoint,
  Trend,
} from './comparison.type';

/** Which units to rank or score; every filter given must hold. */
export interface ScopeQuery {
  county?: string | null;
  municipality?: string | null;
  offices?: string[] | null;
  municipalities?: string[] | null;
  peerOf?: string | null;
  kostraGroup?: string | null;
  allUnits?: boolean | null;
}

export interface RankingQuery {
  indicator: string;
  period?: string | null;
  latest?: boolean | null;
  level?: RankingLevel | null;
  normalise?: Normalisation | null;
  scope?: ScopeQuery | null;
  minPopulation?: number | null;
  top?: number | null;
  compareTo?: string | null;
  rankBy?: RankBy | null;
}

export interface CompareQuery {
  offices?: string[] | null;
  municipalities?: string[] | null;
  indicators: string[];
  periods: string[];
}

export interface AreaQuery {
  office?: string | null;
  municipality?: string | null;
}

export interface CompositeQuery {
  indicators: { code: string; weight: number }[];
  period: string;
  level?: RankingLevel | null;
  scope?: ScopeQuery | null;
  maxMissing?: number | null;
  top?: number | null;
}

/** The unit of a normalised value, by normalisation. */
const NORMALISED_UNIT: Record<Normalisation, string | null> = {
  [Normalisation.NONE]: null,
  [Normalisation.PER_1000_INHABITANTS]: 'per_1000_inhabitants',
  [Normalisation.PER_1000_AGED_20_66]: 'per_1000_aged_20_66',
  [Normalisation.PER_1000_AGED_18_24]: 'per_1000_aged_18_24',
};

const AGE_GROUP: Record<Normalisation, string> = {
  [Normalisation.NONE]: 'all ages',
  [Normalisation.PER_1000_INHABITANTS]: 'all ages',
  [Normalisation.PER_1000_AGED_20_66]: 'aged 20–66',
  [Normalisation.PER_1000_AGED_18_24]: 'aged 18–24',
};

/** How many units a warning names before it says "and N more". */
const NAMED_IN_WARNING = 10;

/**
 * Rankings, comparisons, time series, target attainment and composite indices. Every method runs
 * one named statement (the *.sql.ts files beside it) and maps its rows; the arithmetic is done in SQL.
 * Mistakes a client can fix (unknown codes, an indicator without a direction, normalising a
 * share) are ClientErrors whose `field` names the argument, so the downloads can name the
 * query parameter.
 */
export class ComparisonService {
  constructor(private readonly db: Database) {}

  async ranking(q: RankingQuery): Promise<Ranking> {
    const level = q.level ?? RankingLevel.OFFICE;
    const normalise = q.normalise ?? Normalisation.NONE;
    const latest = q.latest ?? false;
    const scope = q.scope ?? {};
    const rankBy = q.rankBy ?? RankBy.VALUE;
    if (latest && q.period) {
      throw new ClientError('Give either a period or latest: true, not both: latest ranks each unit on its own latest figure.', 'BAD_USER_INPUT', 'latest');
    }
    if (q.compareTo && q.period && periodKind(q.compareTo) !== periodKind(q.period)) {
      throw new ClientError(`compareTo "${q.compareTo}" is not the same kind of period as "${q.period}"; compare a year with a year, a quarter with a quarter.`, 'BAD_USER_INPUT', 'compareTo');
    }
    const rows = await this.db.sql<RankingSqlRow>('comparison.ranking', RANKING_SQL, [
      q.indicator,
      q.period ?? null,
      latest,
      level,
      normalise,
      scope.county ?? null,
      scope.municipality ?? null,
      scope.offices ?? null,
      scope.municipalities ?? null,
      scope.peerOf ?? null,
      q.minPopulation ?? null,
      q.top ?? null,
      q.compareTo ?? null,
      rankBy,
      scope.allUnits ?? false,
      scope.kostraGroup ?? null,
    ]);
    const head = rows[0];
    if (!head?.indicator) throw unknownIndicator(q.indicator, 'indicator');
    checkCountyScope(level, scope);
    // Sent as text, and on the first row only (see ranking.sql.ts): parsed once, here.
    const indicator = Indicator.from(JSON.parse(head.indicator) as IndicatorJson);
    if (indicator.direction === Direction.NEITHER) throw noDirection(indicator, 'indicator');
    if (normalise !== Normalisation.NONE && (RATE_UNITS as readonly string[]).includes(indicator.unit)) {
      throw new ClientError(
        `Indicator "${indicator.code}" is already a ${indicator.unit === 'percent' ? 'share (percent)' : `rate (${indicator.unit})`}; dividing it by a population would rank a rate as a count. Rank it with normalise: NONE.`,
        'BAD_USER_INPUT',
        'normalise',
      );
    }
    checkScope(head, scope);
    if (scope.peerOf && head.peer_name === null) {
      throw new ClientError(
        `No population is known for municipality ${scope.peerOf} in or before ${head.asked_year ?? 'the ranking year'}, so its peers cannot be found; rank by county or by a list instead.`,
        'BAD_USER_INPUT',
        'scope.peerOf',
      );
    }

    const unit = NORMALISED_UNIT[normalise] ?? indicator.unit;
    const units = rows.filter((r) => r.unit_id !== null);
    const ranking = new Ranking();
    ranking.indicator = indicator;
    ranking.period = latest ? null : head.asked_period;
    ranking.latest = latest;
    ranking.level = level;
    ranking.normalise = normalise;
    ranking.direction = indicator.direction;
    ranking.unit = unit;
    ranking.rankBy = rankBy;
    ranking.compareTo = q.compareTo ?? null;
    ranking.median = num(head.median);
    ranking.peerBand = peerBand(head);
    ranking.national = nationalFigure(head);
    ranking.rows = units.filter((r) => r.reason === null).map((r) => rankingRow(r, level, normalise, unit));
    ranking.missing = units.filter((r) => r.reason !== null).map((r) => missingEntry(r, level, normalise, indicator, latest, q.minPopulation));
    const coverage = new Coverage();
    coverage.ranked = head.ranked;
    coverage.missing = ranking.missing.length;
    coverage.total = coverage.ranked + coverage.missing;
    ranking.coverage = coverage;
    ranking.warnings = rankingWarnings(head, ranking, latest, scope);
    const notes = definitionNoteWarning(indicator.code, head.definition_notes);
    if (notes) ranking.warnings.push(notes);
    if (rankBy === RankBy.CHANGE) {
      ranking.warnings.unshift(
        `Ranked by the change since ${q.compareTo ?? 'the period before'}, ${indicator.direction === Direction.LOWER_IS_BETTER ? 'the largest fall' : 'the largest rise'} first; a change says nothing about the level.`,
      );
    }
    return ranking;
  }

  async compare(q: CompareQuery): Promise<Comparison> {
    const offices = q.offices ?? [];
    const municipalities = q.municipalities ?? [];
    if (offices.length + municipalities.length === 0) {
      throw new ClientError('Name at least one office or municipality to compare, e.g. offices: ["24837"].', 'BAD_USER_INPUT', 'offices');
    }
    const cells = (offices.length + municipalities.length) * q.indicators.length * q.periods.length;
    if (cells > LIMITS.compareCells) {
      throw new ClientError(
        `That comparison has ${cells} cells (units × indicators × periods) and the limit is ${LIMITS.compareCells}; ask for fewer units, indicators or periods.`,
        'BAD_USER_INPUT',
        'periods',
      );
    }
    const rows = await this.db.sql<CompareSqlRow>('comparison.compare', COMPARE_SQL, [offices, municipalities, q.indicators, q.periods]);
    const unknownIndicators = unique(rows.filter((r) => r.indicator_id === null).map((r) => r.indicator_code));
    if (unknownIndicators.length) throw unknownIndicator(unknownIndicators.join('", "'), 'indicators');
    const unknownOffices = unique(rows.filter((r) => r.unit_id === null && r.level === 'office').map((r) => r.code));
    if (unknownOffices.length) throw new ClientError(`No office has the code ${quoteList(unknownOffices)}; find codes with offices(...).`, 'BAD_USER_INPUT', 'offices');
    const unknownMunicipalities = unique(rows.filter((r) => r.unit_id === null && r.level === 'municipality').map((r) => r.code));
    if (unknownMunicipalities.length) {
      throw new ClientError(`No municipality has ever had the code ${quoteList(unknownMunicipalities)}.`, 'BAD_USER_INPUT', 'municipalities');
    }

    const indicators = new Map<number, Indicator>();
    for (const r of rows) if (!indicators.has(r.indicator_id!)) indicators.set(r.indicator_id!, Indicator.from(r.indicator!));
    const byUnit = new Map<string, ComparisonRow>();
    for (const r of rows) {
      const key = `${r.level}:${r.code}`;
      let row = byUnit.get(key);
      if (!row) {
        row = Object.assign(new ComparisonRow(), areaOf(r.level, r.unit_id!, r.name!, r.code), { cells: [] });
        byUnit.set(key, row);
      }
      row.cells.push(comparisonCell(r, indicators.get(r.indicator_id!)!, row.name));
    }
    const comparison = new Comparison();
    comparison.indicators = [...indicators.values()];
    comparison.periods = q.periods;
    comparison.rows = [...byUnit.values()];
    comparison.warnings = comparisonWarnings(comparison);
    comparison.warnings.push(...(await definitionNoteWarnings(this.db, comparison.rows.flatMap((row) => row.cells.map((c) => ({ indicatorId: c.indicatorId, sourceId: c.sourceId }))))));
    return comparison;
  }

  async timeSeries(indicatorCode: string, area: AreaQuery): Promise<TimeSeries> {
    checkOneArea(area);
    const rows = await this.db.sql<TimeSeriesSqlRow>('comparison.time_series', TIME_SERIES_SQL, [
      indicatorCode,
      area.office ?? null,
      area.office ? null : (area.municipality ?? null),
    ]);
    const head = rows[0];
    if (!head.indicator) throw unknownIndicator(indicatorCode, 'indicator');
    if (head.area_id === null) throw unknownArea(area);
    const series = Object.assign(new TimeSeries(), areaOf(head.level!, head.area_id, head.area_name!, head.area_code!));
    series.indicator = Indicator.from(head.indicator);
    series.direction = series.indicator.direction;
    series.points = rows.filter((r) => r.period !== null).map((r) => timeSeriesPoint(r, series.name));
    series.warnings = timeSeriesWarnings(series);
    return series;
  }

  async targetAttainment(area: AreaQuery, period: string): Promise<TargetAttainment> {
    checkOneArea(area);
    const rows = await this.db.sql<TargetSqlRow>('comparison.target_attainment', TARGET_ATTAINMENT_SQL, [
      area.office ?? null,
      area.office ? null : (area.municipality ?? null),
      period,
    ]);
    const head = rows[0];
    if (head.area_id === null) throw unknownArea(area);
    const attainment = Object.assign(new TargetAttainment(), areaOf(head.level!, head.area_id, head.area_name!, head.area_code!));
    attainment.period = period;
    attainment.results = rows.filter((r) => r.id !== null).map((r) => targetResult(r, period));
    attainment.met = attainment.results.filter((r) => r.status === TargetStatus.MET).length;
    attainment.notMet = attainment.results.filter((r) => r.status === TargetStatus.NOT_MET).length;
    attainment.noValue = attainment.results.filter((r) => r.status === TargetStatus.NO_VALUE).length;
    attainment.total = attainment.results.length;
    return attainment;
  }

  async compositeIndex(q: CompositeQuery): Promise<CompositeIndex> {
    const level = q.level ?? RankingLevel.OFFICE;
    const scope = q.scope ?? {};
    const maxMissing = q.maxMissing ?? 0;
    const rows = await this.db.sql<CompositeSqlRow>('comparison.composite_index', COMPOSITE_INDEX_SQL, [
      q.indicators.map((i) => i.code),
      q.indicators.map((i) => i.weight),
      q.period,
      level,
      Normalisation.NONE,
      scope.county ?? null,
      scope.municipality ?? null,
      scope.offices ?? null,
      scope.municipalities ?? null,
      scope.peerOf ?? null,
      maxMissing,
      q.top ?? null,
      scope.allUnits ?? false,
      scope.kostraGroup ?? null,
    ]);
    const head = rows[0];
    const unknown = head.indicators.filter((i) => i.id === null).map((i) => i.code);
    if (unknown.length) throw unknownIndicator(unknown.join('", "'), 'indicators');
    const indicators = new Map(head.indicators.map((i) => [i.id!, Indicator.from(i.indicator)]));
    const directionless = [...indicators.values()].find((i) => i.direction === Direction.NEITHER);
    if (directionless) throw noDirection(directionless, 'indicators');
    checkScope(head, scope);

    const index = new CompositeIndex();
    index.period = q.period;
    index.level = level;
    index.indicators = head.indicators.map((i) =>
      Object.assign(new CompositeIndicator(), {
        indicator: indicators.get(i.id!)!,
        weight: i.weight,
        direction: i.direction as Direction,
        min: num(i.min),
        max: num(i.max),
        unitsWithValue: i.n,
      }),
    );
    const units = rows.filter((r) => r.unit_id !== null);
    index.rows = units.filter((r) => r.rank !== null).map((r) => compositeRow(r, level, indicators));
    index.leftOut = units
      .filter((r) => r.rank === null)
      .map((r) => Object.assign(new LeftOutUnit(), areaOf(level, r.unit_id!, r.name!, r.code!), { missingIndicators: r.missing ?? [] }));
    index.warnings = compositeWarnings(index, maxMissing);
    return index;
  }
}

// ---- rows of the statements -----------------------------------------------------------------

type IndicatorJson = Omit<Indicator, 'id'>;

interface ScopeChecks {
  unknown_offices: string[] | null;
  unknown_municipalities: string[] | null;
  unknown_county: boolean;
  unknown_municipality: boolean;
  unknown_peer: boolean;
  unknown_kostra_group?: boolean;
}

interface RankingSqlRow extends ScopeChecks {
  /** On the first row only. */
  indicator: string | null;
  indicator_unit: string;
  direction: string;
  asked_period: string | null;
  asked_year: number | null;
  peer_name: string | null;
  peer_year: number | null;
  peer_population: number | null;
  peer_band: number | null;
  median: string | null;
  ranked: number;
  source_count: number;
  source_titles: string | null;
  /** On the first row only, like `indicator`. */
  definition_notes: DefinitionNote[] | null;
  approximate: string[] | null;
  inconsistent: string[] | null;
  provisional: string[] | null;
  disagreeing_units: string[] | null;
  period_count: number;
  period_summary: string | null;
  derived_count: number;
  derivations: string | null;
  national_value: string | null;
  national_quote: string | null;
  national_flags: QualityFlag[] | null;
  national_derivation: string | null;
  national_publisher: string | null;
  national_title: string | null;
  unit_id: number | null;
  code: string;
  name: string;
  reason: MissingReason | null;
  rank: number | null;
  percentile: string | null;
  value: string | null;
  difference_from_median: string | null;
  previous_value: string | null;
  change_from_previous: string | null;
  published_value: string | null;
  period: string | null;
  period_text: string | null;
  previous_period: string | null;
  value_text: string | null;
  figure_unit: string | null;
  quote: string | null;
  flags: QualityFlag[] | null;
  source_id: number | null;
  source_title: string | null;
  source_publisher: string | null;
  source_url: string | null;
  raw_label: string | null;
  population_problem: 'no_area' | 'district' | 'no_population' | 'no_age_group' | null;
  population: string | null;
  denominator: string | null;
  districts: string | null;
  population_year: number | null;
  population_basis: 'own_year_borders' | 'borders_2024' | 'mixed' | null;
  figure_numerator: string | null;
  figure_denominator: string | null;
  denominator_text: string | null;
  derivation: string | null;
  other_periods: string | null;
  target_text: string | null;
  target_comparator: Comparator | null;
  target_met: boolean | null;
}

interface CompareSqlRow {
  level: 'office' | 'municipality';
  code: string;
  unit_id: number | null;
  name: string | null;
  indicator_code: string;
  indicator_id: number | null;
  indicator_unit: string | null;
  indicator: IndicatorJson | null;
  period: string;
  found: boolean | null;
  suppressed: boolean | null;
  value: string | null;
  value_text: string | null;
  unit: string | null;
  quote: string | null;
  flags: QualityFlag[] | null;
  period_text: string | null;
  source_id: number | null;
  source_title: string | null;
  source_publisher: string | null;
  source_url: string | null;
  raw_label: string | null;
  figure_municipality: MunicipalityJson | null;
  revised?: boolean;
}

type MunicipalityJson = Omit<Municipality, 'id'>;

/** The units on either side of a break in a time series, and the succession between them if any. */
interface BoundaryChangeJson {
  kind: 'merged' | 'split' | 'renumbered' | 'transferred' | null;
  year: number | null;
  predecessor: string | null;
  successor: string | null;
  coPredecessors: string[] | null;
  coSuccessors: string[] | null;
  before: string;
  beforeCode: string;
  beforeToYear: number | null;
  after: string;
  afterCode: string;
  afterFromYear: number | null;
}

interface TimeSeriesSqlRow {
  indicator: IndicatorJson | null;
  direction: string | null;
  level: 'office' | 'municipality' | null;
  area_id: number | null;
  area_code: string | null;
  area_name: string | null;
  period: string | null;
  period_text: string | null;
  value: string | null;
  value_text: string | null;
  unit: string | null;
  quote: string;
  flags: QualityFlag[];
  suppressed: boolean;
  source_id: number;
  source_title: string;
  source_publisher: string;
  source_url: string | null;
  raw_label: string;
  previous_period: string;
  change: string | null;
  trend: Trend;
  figure_municipality: MunicipalityJson | null;
  break_in_series: boolean;
  boundary_change: BoundaryChangeJson | null;
  revised?: boolean;
}

/** A target with its result, as TARGETS_WITH_RESULTS gives it. */
export interface TargetRow {
  id: number | null;
  text: string;
  comparator: Comparator;
  lower: string | null;
  upper: string | null;
  quote: string;
  office_id: number | null;
  municipality_id: number | null;
  indicator_id: number | null;
  indicator: IndicatorJson | null;
  raw_label: string;
  unit_name: string;
  unit_code: string;
  source_id: number;
  source_title: string;
  source_publisher: string;
  source_url: string | null;
  found: boolean | null;
  value: string | null;
  value_text: string | null;
  unit: string | null;
  period_text: string | null;
  obs_publisher: string | null;
  obs_title: string | null;
  met: boolean | null;
}

interface TargetSqlRow extends TargetRow {
  level: 'office' | 'municipality' | null;
  area_id: number | null;
  area_code: string | null;
  area_name: string | null;
}

interface CompositeSqlRow extends ScopeChecks {
  indicators: { id: number | null; code: string; weight: number; direction: string; indicator: IndicatorJson; min: string | null; max: string | null; n: number }[];
  unit_id: number | null;
  code: string | null;
  name: string | null;
  used: number | null;
  missing: string[] | null;
  score: string | null;
  contributions:
    | {
        indicatorId: number;
        value: string;
        valueText: string | null;
        scaled: string;
        weight: number;
        contribution: string;
        publisher: string;
        sourceTitle: string;
        rawLabel: string;
        period: string;
        periodText: string | null;
      }[]
    | null;
  rank: number | null;
}

// ---- mapping ------------------------------------------------------------------------------------

function num(text: string | null | undefined): number | null {
  return text === null || text === undefined ? null : Number(text);
}

/** "" for a year, "-Q" for a quarter, "-" for a month. */
function periodKind(period: string): string {
  return period.replace(/\d/g, '');
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function quoteList(values: string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function areaOf(level: string, id: number, name: string, code: string) {
  return {
    officeId: level === 'office' ? id : null,
    municipalityId: level === 'municipality' ? id : null,
    countyCode: level === 'county' ? code : null,
    name,
    code,
  };
}

function rankingRow(r: RankingSqlRow, level: RankingLevel, normalise: Normalisation, unit: string): RankingRow {
  const normalised = normalise !== Normalisation.NONE;
  return Object.assign(new RankingRow(), areaOf(level, r.unit_id!, r.name, r.code), {
    rank: r.rank!,
    value: Number(r.value),
    exactValue: r.value!,
    valueText: r.value_text,
    unit,
    period: r.period!,
    periodText: r.period_text,
    percentile: Number(r.percentile),
    differenceFromMedian: Number(r.difference_from_median),
    previousPeriod: r.previous_period!,
    previousValue: num(r.previous_value),
    changeFromPrevious: num(r.change_from_previous),
    target: r.target_text === null ? null : { text: r.target_text, comparator: r.target_comparator!, met: r.target_met },
    targetMet: r.target_text === null ? null : r.target_met,
    quote: r.quote!,
    flags: r.flags ?? [],
    citation: citeRow(r),
    numerator: normalised ? num(r.published_value) : num(r.figure_numerator),
    denominator: normalised ? num(r.denominator) : num(r.figure_denominator),
    denominatorText: normalised ? null : r.denominator_text,
    populationYear: normalised ? r.population_year : null,
    // The API's enum, from the SQL's basis; a sum over both kinds of borders has none of them.
    populationBasis: normalised && r.population_basis !== null && r.population_basis !== 'mixed' ? POPULATION_BASIS[r.population_basis] : null,
    derivation: r.derivation,
    sourceId: r.source_id!,
    sourceTitle: r.source_title!,
    sourcePublisher: r.source_publisher!,
    sourceUrl: r.source_url,
  });
}

function citeRow(r: { source_publisher: string | null; source_title: string | null; name: string; raw_label: string | null; value_text: string | null; period_text: string | null; period: string | null }): string {
  return citation({
    publisher: r.source_publisher!,
    sourceTitle: r.source_title!,
    areaName: r.name,
    rawLabel: r.raw_label!,
    valueText: r.value_text,
    periodText: r.period_text,
    period: r.period!,
  });
}

function missingEntry(
  r: RankingSqlRow,
  level: RankingLevel,
  normalise: Normalisation,
  indicator: Indicator,
  latest: boolean,
  minPopulation: number | null | undefined,
): MissingEntry {
  return Object.assign(new MissingEntry(), areaOf(level, r.unit_id!, r.name, r.code), {
    reason: r.reason!,
    detail: missingDetail(r, normalise, indicator, latest, minPopulation),
    period: r.period,
    valueText: r.value_text,
    citation: r.period === null ? null : citeRow(r),
  });
}

function missingDetail(r: RankingSqlRow, normalise: Normalisation, indicator: Indicator, latest: boolean, minPopulation: number | null | undefined): string {
  const year = r.population_year;
  switch (r.reason) {
    case MissingReason.NO_VALUE:
      // A figure for the period, but none for the period it is compared with (rankBy: CHANGE).
      if (r.period !== null) return `no figure for ${r.previous_period} to compare with`;
      return latest ? 'no figure published' : `no figure published for ${r.asked_period}`;
    case MissingReason.NOT_COMPARABLE:
      return r.other_periods !== null && r.period === null
        ? `published for ${r.other_periods} only, not for ${r.asked_period}`
        : `published in ${r.figure_unit}, while the indicator is in ${indicator.unit}`;
    case MissingReason.SUPPRESSED:
      return `withheld by the publisher${r.value_text ? ` ("${r.value_text}")` : ''}; not a zero`;
    case MissingReason.NOT_PUBLISHED:
      return `the source has an empty cell for ${r.period ?? r.asked_period}: nothing was published; not a zero`;
    case MissingReason.INCOMPLETE:
      return `no sum: ${r.quote ?? 'some of its municipalities have no figure'}`;
    case MissingReason.NO_POPULATION:
      switch (r.population_problem) {
        case 'district':
          return `serves a city district (${r.districts}); the reference data has no district population, and the whole city's would be wrong`;
        case 'no_area':
          return `the area the office served in ${year} is not known`;
        case null:
          // A share the hub could not derive: its quote says which denominator is missing.
          return r.quote ? `no share: ${r.quote.replace(/^.*?÷ \?: /, '')}` : `no population published for ${year}`;
        case 'no_age_group':
          return `no population ${AGE_GROUP[normalise]} published for ${year}`;
        default:
          return `no population published for ${year}`;
      }
    case MissingReason.BELOW_MIN_POPULATION:
      return `${r.population} inhabitants on 1 January ${year}, fewer than ${minPopulation}`;
    default:
      return String(r.reason);
  }
}

function peerBand(head: RankingSqlRow): PeerBand | null {
  if (head.peer_band === null || head.peer_name === null) return null;
  const band = PEER_BANDS[head.peer_band];
  return Object.assign(new PeerBand(), {
    label: band.max === null ? `${thousands(band.min)} inhabitants or more` : `${thousands(band.min)}–${thousands(band.max)} inhabitants`,
    min: band.min,
    max: band.max,
    populationYear: head.peer_year!,
    peerName: head.peer_name,
    peerPopulation: head.peer_population!,
  });
}

/** 50000 → "50 000", as Norwegian newsrooms write it. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Names for a warning, as a list: an office name may itself hold ", " ("NAV Storfjorden, Norddal"). */
function names(list: readonly string[] | null): string {
  const all = list ?? [];
  return all.length > NAMED_IN_WARNING ? `${all.slice(0, NAMED_IN_WARNING).join(', ')} and ${all.length - NAMED_IN_WARNING} more` : all.join(', ');
}

function rankingWarnings(head: RankingSqlRow, ranking: Ranking, latest: boolean, scope: ScopeQuery): string[] {
  const warnings: string[] = [];
  const { coverage } = ranking;
  if (coverage.total > 0 && coverage.ranked < COVERAGE_WARNING_SHARE * coverage.total) {
    const share = Math.round((100 * coverage.ranked) / coverage.total);
    warnings.push(
      `Only ${coverage.ranked} of ${coverage.total} units in scope (${share} %) are ranked: a ranking of so few says little about the rest${scope.allUnits ? '' : '; with scope { allUnits: true } the silent units are listed too'}.`,
    );
  }
  if (head.derived_count > 0) {
    const published = coverage.ranked - head.derived_count;
    warnings.push(
      published > 0
        ? `The ranking mixes ${published} figures published as "${ranking.indicator.population}" with ${head.derived_count} computed by the hub as "${head.derivations}"; rank them together only where the two definitions agree.`
        : `Every ranked figure is computed by the hub from published ones: ${head.derivations}.`,
    );
  }
  if (scope.kostraGroup) {
    warnings.push(`KOSTRA group ${scope.kostraGroup} as SSB grouped municipalities about 2015; municipalities formed since then are in no group.`);
  }
  if (coverage.ranked === 0) {
    warnings.push(latest ? 'Nothing to rank: no unit in scope has a usable figure.' : `Nothing to rank: no unit in scope has a usable figure for ${head.asked_period ?? 'any period'}.`);
  }
  if (coverage.missing > 0) {
    const reasons = new Map<string, number>();
    for (const m of ranking.missing) reasons.set(m.reason, (reasons.get(m.reason) ?? 0) + 1);
    const counts = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
    warnings.push(`${coverage.missing} of ${coverage.total} units in scope are not ranked (${counts}); see missing. Withheld figures are left out, never counted as zero.`);
  }
  if (head.source_count > 1) {
    warnings.push(`The ranking mixes ${head.source_count} source documents (${head.source_titles}); check that they count the same way before comparing.`);
  }
  if (head.approximate) warnings.push(`Approximate figures (published as "ca.", "vel" or the like): ${names(head.approximate)}.`);
  if (head.inconsistent) warnings.push(`Figures that disagree with another figure of the same source: ${names(head.inconsistent)}.`);
  if (head.provisional) warnings.push(`Provisional figures: ${names(head.provisional)}.`);
  if (head.disagreeing_units) {
    warnings.push(`Published with different values in different documents (the newest report is used): ${names(head.disagreeing_units)}.`);
  }
  if (latest && head.period_count > 1) {
    warnings.push(`Periods differ: each unit is ranked on its latest figure, and they are not all for the same period (${head.period_summary}).`);
  }
  if (ranking.peerBand && head.asked_year !== null && ranking.peerBand.populationYear !== head.asked_year) {
    warnings.push(`Peers are chosen on the population of ${ranking.peerBand.populationYear}, the latest published at or before ${head.asked_year}.`);
  }
  return warnings;
}

/** Below this share of its units in scope, a ranking says so first. */
const COVERAGE_WARNING_SHARE = 0.6;

const POPULATION_BASIS = {
  own_year_borders: PopulationBasis.OWN_YEAR_BORDERS,
  borders_2024: PopulationBasis.BORDERS_2024,
} as const;

function nationalFigure(head: RankingSqlRow): NationalFigure | null {
  if (head.national_quote === null) return null;
  return Object.assign(new NationalFigure(), {
    value: num(head.national_value),
    exactValue: head.national_value,
    quote: head.national_quote,
    flags: head.national_flags ?? [],
    derivation: head.national_derivation,
    sourcePublisher: head.national_publisher ?? '',
    sourceTitle: head.national_title ?? '',
  });
}

/** Counties are not parts of offices or municipalities, and have no peers by size here. */
function checkCountyScope(level: RankingLevel, scope: ScopeQuery): void {
  if (level !== RankingLevel.COUNTY) return;
  const field = (['municipality', 'offices', 'municipalities', 'peerOf', 'kostraGroup'] as const).find((f) => scope[f] != null);
  if (field) {
    throw new ClientError(`scope.${field} does not apply to counties; at level COUNTY use scope.county or scope.allUnits.`, 'BAD_USER_INPUT', `scope.${field}`);
  }
}

function checkScope(head: ScopeChecks, scope: ScopeQuery): void {
  if (head.unknown_county) throw new ClientError(`No county has the number "${scope.county}"; list them with counties.`, 'BAD_USER_INPUT', 'scope.county');
  if (head.unknown_municipality) {
    throw new ClientError(`No municipality has ever had the code "${scope.municipality}".`, 'BAD_USER_INPUT', 'scope.municipality');
  }
  if (head.unknown_offices?.length) {
    throw new ClientError(`No office has the code ${quoteList(head.unknown_offices)}; find codes with offices(...).`, 'BAD_USER_INPUT', 'scope.offices');
  }
  if (head.unknown_municipalities?.length) {
    throw new ClientError(`No municipality has ever had the code ${quoteList(head.unknown_municipalities)}.`, 'BAD_USER_INPUT', 'scope.municipalities');
  }
  if (head.unknown_peer) throw new ClientError(`No municipality has ever had the code "${scope.peerOf}".`, 'BAD_USER_INPUT', 'scope.peerOf');
  if (head.unknown_kostra_group) {
    throw new ClientError(`No municipality is in KOSTRA group "${scope.kostraGroup}"; groups run from 1 to 16.`, 'BAD_USER_INPUT', 'scope.kostraGroup');
  }
}

function checkOneArea(area: AreaQuery): void {
  if (!area.office === !area.municipality) {
    throw new ClientError('Give an office or a municipality (one of them), e.g. office: "24837" or municipality: "1804".', 'BAD_USER_INPUT', 'office');
  }
}

function unknownIndicator(code: string, field: string): ClientError {
  return new ClientError(`Unknown indicator "${code}"; list the codes with indicators(search: ...).`, 'BAD_USER_INPUT', field);
}

function noDirection(indicator: Indicator, field: string): ClientError {
  return new ClientError(
    `Indicator "${indicator.code}" (${indicator.nameEn}) has no direction: neither more nor less is better, so it cannot be ranked or scored. Compare it with compare or timeSeries instead.`,
    'BAD_USER_INPUT',
    field,
  );
}

function unknownArea(area: AreaQuery): ClientError {
  return area.office
    ? new NotFoundError(`No office has the code "${area.office}"; find codes with offices(...).`)
    : new NotFoundError(`No municipality has ever had the code "${area.municipality}".`);
}

function comparisonCell(r: CompareSqlRow, indicator: Indicator, areaName: string): ComparisonCell {
  const comparable = r.unit === null || r.unit === r.indicator_unit;
  const missingReason = !r.found
    ? MissingReason.NO_VALUE
    : r.suppressed
      ? MissingReason.SUPPRESSED
      : comparable
        ? null
        : MissingReason.NOT_COMPARABLE;
  return Object.assign(new ComparisonCell(), {
    indicatorId: r.indicator_id!,
    indicator,
    period: r.period,
    value: num(r.value),
    exactValue: r.value,
    valueText: r.value_text,
    unit: r.found ? (r.unit ?? indicator.unit) : null,
    quote: r.quote,
    citation: r.found ? citeRow({ ...r, name: r.figure_municipality?.name ?? areaName }) : null,
    flags: r.flags ?? [],
    missingReason,
    sourceId: r.source_id,
    sourceTitle: r.source_title,
    sourcePublisher: r.source_publisher,
    sourceUrl: r.source_url,
    revised: r.revised ?? false,
    figureMunicipality: r.figure_municipality ? Municipality.from(r.figure_municipality) : null,
  });
}

function listCells(cells: { row: ComparisonRow; cell: ComparisonCell }[]): string {
  const text = cells.slice(0, NAMED_IN_WARNING).map(({ row, cell }) => `${row.name}, ${cell.indicator.code}, ${cell.period}`);
  return cells.length > NAMED_IN_WARNING ? `${text.join('; ')} and ${cells.length - NAMED_IN_WARNING} more` : text.join('; ');
}

function comparisonWarnings(c: Comparison): string[] {
  const warnings: string[] = [];
  const units = unique(c.indicators.map((i) => i.unit));
  if (units.length > 1) {
    warnings.push(`The indicators have different units (${units.join(', ')}): read them side by side, never add, average or rank them together.`);
  }
  const cells = c.rows.flatMap((row) => row.cells.map((cell) => ({ row, cell })));
  const by = (reason: MissingReason) => cells.filter(({ cell }) => cell.missingReason === reason);
  const none = by(MissingReason.NO_VALUE);
  if (none.length) warnings.push(`No figure for ${none.length} of ${cells.length} cells: ${listCells(none)}.`);
  const withheld = by(MissingReason.SUPPRESSED);
  if (withheld.length) warnings.push(`Withheld by the publisher (not zero): ${listCells(withheld)}.`);
  const other = by(MissingReason.NOT_COMPARABLE);
  if (other.length) warnings.push(`Published in another unit than the indicator's: ${listCells(other)}.`);
  const before = cells.filter(({ cell }) => cell.figureMunicipality !== null);
  if (before.length) {
    const units = unique(before.map(({ cell }) => unitLabel(cell.figureMunicipality!)));
    warnings.push(
      `Figures of a municipality as it was before a boundary change (${units.join('; ')}): ${listCells(before)}. They cover another area than today's municipality of the same code; compare them only with figures on the same borders.`,
    );
  }
  return warnings;
}

function timeSeriesPoint(r: TimeSeriesSqlRow, areaName: string): TimeSeriesPoint {
  return Object.assign(new TimeSeriesPoint(), {
    period: r.period!,
    periodText: r.period_text,
    value: num(r.value),
    exactValue: r.value,
    valueText: r.value_text,
    unit: r.unit,
    previousPeriod: r.previous_period,
    changeFromPrevious: num(r.change),
    trend: r.trend,
    flags: r.flags,
    quote: r.quote,
    citation: citeRow({ ...r, name: r.figure_municipality?.name ?? areaName }),
    sourceId: r.source_id,
    sourceTitle: r.source_title,
    sourcePublisher: r.source_publisher,
    sourceUrl: r.source_url,
    breakInSeries: r.break_in_series,
    revised: r.revised ?? false,
    breakNote: r.boundary_change ? breakNote(r.boundary_change) : null,
    figureMunicipality: r.figure_municipality ? Municipality.from(r.figure_municipality) : null,
  });
}

/** A municipality unit as a reader tells it apart from the one that took its code: "Stavanger (1103, until 2019)". */
function unitLabel(m: Municipality): string {
  const years = m.validToYear !== null ? `until ${m.validToYear}` : m.validFromYear !== null ? `from ${m.validFromYear}` : null;
  return `${m.name} (${m.code}${years ? `, ${years}` : ''})`;
}

/** "A", "A and B", "A, B and C". */
function andList(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Why the figures on either side of a break cover different areas, from the succession between the two units. */
function breakNote(b: BoundaryChangeJson): string {
  const consequence = 'figures before and after cover different areas.';
  const date = `on 1 January ${b.year}`;
  const others = b.coPredecessors ?? [];
  if (b.kind === 'merged') {
    if (others.length === 0) return `${b.predecessor} became part of ${b.successor} ${date}: ${consequence}`;
    return b.predecessor === b.successor
      ? `${b.successor} merged with ${andList(others)} ${date}: ${consequence}`
      : `${b.predecessor} merged with ${andList(others)} into ${b.successor} ${date}: ${consequence}`;
  }
  if (b.kind === 'split') {
    return `${b.predecessor} was split ${date} into ${andList([b.successor!, ...(b.coSuccessors ?? [])])}: ${consequence}`;
  }
  if (b.kind !== null) return `The borders of ${b.predecessor} and ${b.successor} changed ${date} (${b.kind}): ${consequence}`;
  return `The figures before are of ${b.before} (${b.beforeCode}${b.beforeToYear !== null ? `, until ${b.beforeToYear}` : ''}), those from here of ${b.after} (${b.afterCode}${b.afterFromYear !== null ? `, from ${b.afterFromYear}` : ''}): ${consequence}`;
}

function timeSeriesWarnings(s: TimeSeries): string[] {
  const warnings: string[] = [];
  const documents = unique(s.points.map((p) => `${p.sourcePublisher}, ${p.sourceTitle}`));
  if (documents.length > 1) warnings.push(`The series combines ${documents.length} source documents (${documents.join('; ')}); check that they count the same way.`);
  const periods = new Set(s.points.map((p) => p.period));
  const gaps = s.points.slice(1).filter((p) => !periods.has(p.previousPeriod)).map((p) => p.previousPeriod);
  if (gaps.length) warnings.push(`No figure for ${gaps.join(', ')}: the change across a gap is not shown.`);
  const withheld = s.points.filter((p) => p.value === null).map((p) => p.period);
  if (withheld.length) warnings.push(`Withheld by the publisher (not zero): ${withheld.join(', ')}.`);
  if (s.direction === Direction.NEITHER) warnings.push(`"${s.indicator.code}" has no direction, so changes are shown without a trend.`);
  for (const p of s.points.filter((point) => point.breakInSeries)) {
    warnings.push(`Break in the series at ${p.period}: ${p.breakNote} No change or trend is computed across it.`);
  }
  return warnings;
}

/** A target row as the API's TargetResult; used by target attainment and by targetResults. */
export function targetResult(r: TargetRow, period: string): TargetResult {
  const status = r.met === true ? TargetStatus.MET : r.met === false ? TargetStatus.NOT_MET : TargetStatus.NO_VALUE;
  return Object.assign(new TargetResult(), {
    officeId: r.office_id,
    municipalityId: r.office_id === null ? r.municipality_id : null,
    name: r.unit_name,
    code: r.unit_code,
    indicatorId: r.indicator_id,
    indicator: r.indicator ? Indicator.from(r.indicator) : null,
    rawLabel: r.raw_label,
    targetText: r.text,
    comparator: r.comparator,
    lower: num(r.lower),
    upper: num(r.upper),
    value: num(r.value),
    exactValue: r.value,
    valueText: r.value_text,
    unit: r.unit,
    status,
    quote: r.quote,
    citation: r.found
      ? citation({
          publisher: r.obs_publisher!,
          sourceTitle: r.obs_title!,
          areaName: r.unit_name,
          rawLabel: r.raw_label,
          valueText: r.value_text,
          periodText: r.period_text,
          period,
        })
      : null,
    sourceId: r.source_id,
    sourceTitle: r.source_title,
    sourcePublisher: r.source_publisher,
    sourceUrl: r.source_url,
  });
}

function compositeRow(r: CompositeSqlRow, level: RankingLevel, indicators: Map<number, Indicator>): CompositeRow {
  return Object.assign(new CompositeRow(), areaOf(level, r.unit_id!, r.name!, r.code!), {
    rank: r.rank!,
    score: Number(r.score),
    indicatorsUsed: r.used!,
    missingIndicators: r.missing ?? [],
    contributions: (r.contributions ?? []).map((c) =>
      Object.assign(new CompositeContribution(), {
        indicatorId: c.indicatorId,
        indicator: indicators.get(c.indicatorId)!,
        value: Number(c.value),
        exactValue: c.value,
        valueText: c.valueText,
        scaled: Number(c.scaled),
        weight: c.weight,
        contribution: Number(c.contribution),
        citation: citation({
          publisher: c.publisher,
          sourceTitle: c.sourceTitle,
          areaName: r.name!,
          rawLabel: c.rawLabel,
          valueText: c.valueText,
          periodText: c.periodText,
          period: c.period,
        }),
      }),
    ),
  });
}

function compositeWarnings(index: CompositeIndex, maxMissing: number): string[] {
  const warnings: string[] = [];
  for (const i of index.indicators) {
    if (i.unitsWithValue === 0) {
      warnings.push(`No unit in scope has a usable figure for "${i.indicator.code}" in ${index.period}; it adds nothing to the index.`);
    } else if (i.min === i.max) {
      warnings.push(`All ${i.unitsWithValue} units with a figure for "${i.indicator.code}" have the same value (${i.min}); every one of them scores 6 on it.`);
    }
  }
  if (index.leftOut.length) {
    warnings.push(
      `${index.leftOut.length} units lack more than ${maxMissing} of the ${index.indicators.length} indicators and are left out: ${names(index.leftOut.map((u) => u.name))}.`,
    );
  }
  const partial = index.rows.filter((r) => r.missingIndicators.length > 0);
  if (partial.length) {
    warnings.push(`Scored on fewer indicators than asked (a mean over those they have): ${names(partial.map((r) => r.name))}.`);
  }
  return warnings;
}
