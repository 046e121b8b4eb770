import { present } from '../../invariant';
import { z } from 'zod';
import { readPackedPages } from '../../db/columns';
import type { Database } from '../../db/database';
import { StatementVariants } from '../../db/variants';
import { column, parseRows } from '../../db/rows';
import { Direction, QualityFlag, Unit } from '../../schema/enums';
import { ClientError } from '../../schema/errors';
import { PopulationBasis } from '../geography/geography.type';
import { type DefinitionNote, definitionNoteWarning } from '../observations/definition-notes';
import { sourceRow } from '../sources/source.service';
import { Source } from '../sources/source.type';
import { IndicatorRow } from '../taxonomy/taxonomy.rows';
import { Indicator } from '../taxonomy/taxonomy.type';
import { PEER_BANDS, RATE_UNITS } from './comparison.fragments';
import { RANKING_SQL, RANKING_VARIANTS_SPEC, RankingColumns, type RankingColumnRow } from './ranking.sql';
import { claimSnapshot, cutAtTop, isSnapshotLevel, LATEST, SNAPSHOT_READ_SQL, SNAPSHOT_STATEMENT } from './ranking-snapshots';
import { Coverage, MissingEntry, MissingReason, NationalFigure, Normalisation, PeerBand, RankBy, Ranking, RankingLevel, RankingRow } from './comparison.type';
import { areaOf, type CitationParts, checkScope, citeRow, names, noDirection, num, type ScopeQuery, unknownIndicator } from './comparison.shared';

/** A ranking of one indicator (ranking.sql.ts) as the API's Ranking: the ranked rows, who is missing and why, and the warnings. */

export { RANKING_VARIANTS_SPEC };
/** The ranking statement with its switches written in (RANKING_VARIANTS_SPEC, src/db/variants.ts). */
export const RANKING_VARIANTS = new StatementVariants('comparison.ranking', RANKING_SQL, RANKING_VARIANTS_SPEC);

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

export interface RankingOptions {
  /** The statement's variants; a test passes its own to compare them with the full statement. */
  variants?: StatementVariants;
  /** Whether a snapshot may answer (ranking-snapshots.ts); a test turns it off to compare the two. */
  snapshots?: boolean;
}

export async function ranking(db: Database, q: RankingQuery, { variants = RANKING_VARIANTS, snapshots = true }: RankingOptions = {}): Promise<Ranking> {
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
  const asked: Asked = { ...q, level, normalise, latest, scope, rankBy };
  const rows = (snapshots ? await snapshotRows(db, asked) : null) ?? (await statementRows(db, variants, asked));
  const first = rows[0];
  if (!first?.head) throw unknownIndicator(q.indicator, 'indicator');
  checkCountyScope(level, scope);
  // On the first row only (see ranking.sql.ts): checked once, here.
  const head = present(parseRows(RankingHead, 'comparison.ranking (head)', [first.head])[0], 'the head of a ranking');
  const [indicatorJson] = parseRows(IndicatorRow, 'comparison.ranking (indicator)', [head.indicator]);
  const indicator = Indicator.from(present(indicatorJson, 'the indicator of a ranking'));
  if (indicator.direction === Direction.NEITHER) throw noDirection(indicator, 'indicator');
  if (normalise !== Normalisation.NONE && (RATE_UNITS as readonly string[]).includes(indicator.unit)) {
    throw new ClientError(
      `Indicator "${indicator.code}" is already a ${indicator.unit === Unit.PERCENT ? 'share (percent)' : `rate (${indicator.unit})`}; dividing it by a population would rank a rate as a count. Rank it with normalise: NONE.`,
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
  const units = unitRows(rows);
  const cited: Cited = {
    sources: citedSources(head.sources),
    labels: new Map(Object.entries(head.labels ?? {}).map(([id, label]) => [Number(id), label])),
    derivations: head.derivation_texts ?? [],
  };
  const ranking = new Ranking();
  ranking.indicator = indicator;
  ranking.period = latest ? null : first.asked_period;
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
  ranking.rows = units.filter((r) => r.reason === null).map((r) => rankingRow(r, level, normalise, unit, cited));
  ranking.missing = units.filter((r) => r.reason !== null).map((r) => missingEntry(r, level, normalise, indicator, latest, q.minPopulation, cited));
  const coverage = new Coverage();
  coverage.ranked = present(head.ranked, 'the ranked count of a ranking');
  coverage.missing = ranking.missing.length;
  coverage.total = coverage.ranked + coverage.missing;
  ranking.coverage = coverage;
  ranking.warnings = rankingWarnings(head, first.asked_period, ranking, latest, scope);
  const notes = definitionNoteWarning(indicator.code, head.definition_notes);
  if (notes) ranking.warnings.push(notes);
  if (rankBy === RankBy.CHANGE) {
    ranking.warnings.unshift(
      `Ranked by the change since ${q.compareTo ?? 'the period before'}, ${indicator.direction === Direction.LOWER_IS_BETTER ? 'the largest fall' : 'the largest rise'} first; a change says nothing about the level.`,
    );
  }
  return ranking;
}

/** A ranking's question with its defaults filled in. */
type Asked = RankingQuery & { level: RankingLevel; normalise: Normalisation; latest: boolean; scope: ScopeQuery; rankBy: RankBy };

/**
 * The ranking read from its snapshot (ranking-snapshots.ts) when one answers the question; null when
 * none does. A whole-level ranking whose snapshot is not there (forgotten by a write since) is made
 * now, in a transaction of its own, and read there; when it cannot be made now (no figures for it,
 * or an import holds the snapshots' lock), null, and the statement derives it.
 */
async function snapshotRows(db: Database, q: Asked): Promise<RankingColumnRow[] | null> {
  const { level, normalise, latest, scope, rankBy } = q;
  const period = latest ? (q.period ? null : LATEST) : q.period || null;
  const whole =
    period !== null && normalise === Normalisation.NONE && rankBy === RankBy.VALUE && q.minPopulation == null && q.compareTo == null &&
    (q.top == null || q.top >= 1) && Object.values(scope).every((v) => v == null || v === false);
  if (!whole || !isSnapshotLevel(level)) return null;
  const values = [SNAPSHOT_STATEMENT, q.indicator, level, period, q.top ?? null];
  const rows = await db.packed(RankingColumns, SNAPSHOT_READ, SNAPSHOT_READ_SQL, values);
  if (rows.length > 0) return cutAtTop(rows, q.top ?? null);
  const made = await db.transaction(async (client) => {
    if ((await claimSnapshot(client, { indicator: q.indicator, level, period })) === null) return [];
    return readPackedPages(RankingColumns, SNAPSHOT_READ, await client.query({ name: SNAPSHOT_READ, text: SNAPSHOT_READ_SQL, values }));
  });
  return made.length > 0 ? cutAtTop(made, q.top ?? null) : null;
}

const SNAPSHOT_READ = 'comparison.ranking.snapshot_read';

/** The ranking derived by its statement. */
async function statementRows(db: Database, variants: StatementVariants, q: Asked): Promise<RankingColumnRow[]> {
  const { level, normalise, latest, scope, rankBy } = q;
  const statement = variants.statement([
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
  return db.columns(RankingColumns, statement.name, statement.text, statement.values);
}

const texts = z.array(z.string()).nullable();

/** definition_notes: what each ranked source's mapping assumed. */
const DefinitionNotes = z.array(z.object({ note: z.string().nullable(), titles: z.string() }) satisfies z.ZodType<DefinitionNote>).nullable();

/**
 * The ranking-wide values (`head`, on the first row): checked with zod, since there is one per
 * ranking. Numbers PostgreSQL keeps exact (the median, the national figure) come as text.
 */
const RankingHead = z.object({
  /** The indicator (INDICATOR_JSON), checked by IndicatorRow. */
  indicator: z.unknown(),
  /** The documents the rows cite (SOURCE_JSON), checked by CitedSource. */
  sources: z.array(z.unknown()).nullable(),
  /** The labels the rows' figures were published under, by raw indicator id. */
  labels: z.record(z.string(), z.string()).nullable(),
  /** How the hub derived the rows' figures it computed, each once; a row names its own by `derivation_index`. */
  derivation_texts: texts,
  asked_year: z.number().int().nullable(),
  peer_name: z.string().nullable(),
  peer_year: z.number().int().nullable(),
  peer_population: z.number().int().nullable(),
  peer_band: z.number().int().nullable(),
  median: z.string().nullable(),
  ranked: z.number().int().nullable(),
  source_count: z.number().int().nullable(),
  source_titles: z.string().nullable(),
  approximate: texts,
  inconsistent: texts,
  provisional: texts,
  disagreeing_units: texts,
  period_count: z.number().int().nullable(),
  period_summary: z.string().nullable(),
  derived_count: z.number().int().nullable(),
  derivations: z.string().nullable(),
  definition_notes: DefinitionNotes,
  national_value: z.string().nullable(),
  national_quote: z.string().nullable(),
  national_flags: z.array(z.enum(QualityFlag)).nullable(),
  national_derivation: z.string().nullable(),
  national_publisher: z.string().nullable(),
  national_title: z.string().nullable(),
  unknown_offices: texts,
  unknown_municipalities: texts,
  unknown_county: z.boolean().nullable(),
  unknown_municipality: z.boolean().nullable(),
  unknown_peer: z.boolean().nullable(),
  unknown_kostra_group: z.boolean().nullable(),
});
type RankingHead = z.output<typeof RankingHead>;

/** A row about a unit in scope (not the one row of a ranking with no unit in scope). */
type UnitRow = RankingColumnRow & { readonly unit_id: number; readonly code: string; readonly name: string };

function unitRows(rows: readonly RankingColumnRow[]): UnitRow[] {
  const units: UnitRow[] = [];
  for (const r of rows) {
    if (r.unit_id === null) continue;
    present(r.code, 'the code of a unit in scope');
    present(r.name, 'the name of a unit in scope');
    units.push(r as UnitRow);
  }
  return units;
}

/** "" for a year, "-Q" for a quarter, "-" for a month. */
function periodKind(period: string): string {
  return period.replace(/\d/g, '');
}

/**
 * What SOURCE_JSON makes of a source (times as PostgreSQL's text), checked: a ranking cites a
 * handful of documents, so checking them costs nothing, unlike checking its 4,000 rows (about
 * 20 ms of CPU with zod), which stay typed by RankingColumnRow alone.
 */
const CitedSource = sourceRow(column.timestampText);

/** The cited documents by id, each made into the API's Source once per ranking. */
function citedSources(documents: readonly unknown[] | null): Map<number, Source> {
  const sources = new Map<number, Source>();
  for (const s of parseRows(CitedSource, 'comparison.ranking (sources)', documents ?? [])) sources.set(s.internalId, Source.from(s));
  return sources;
}

/** What the rows of one ranking cite, sent once for all of them. */
interface Cited {
  sources: Map<number, Source>;
  labels: Map<number, string>;
  derivations: readonly string[];
}

/** How the hub derived a row's figure, for a figure it computed; null for a published one. */
function derivationOf(r: UnitRow, cited: Cited): string | null {
  return r.derivation_index === null ? null : present(cited.derivations[r.derivation_index - 1], `derivation ${r.derivation_index} of a ranking`);
}

/** What `citeRow` needs of a row with a figure: its own columns, its source's texts and label, and its derivation. */
function citationParts(r: UnitRow, source: Source | undefined, cited: Cited, derivation: string | null): CitationParts {
  return {
    source_publisher: source?.publisher ?? null,
    source_title: source?.title ?? null,
    name: r.name,
    raw_label: r.raw_indicator_id === null ? null : (cited.labels.get(r.raw_indicator_id) ?? null),
    value_text: r.value_text,
    period_text: r.period_text,
    period: r.period,
    derivation,
    flags: r.flags,
    quote: r.quote,
  };
}

function rankingRow(r: UnitRow, level: RankingLevel, normalise: Normalisation, unit: string, cited: Cited): RankingRow {
  const normalised = normalise !== Normalisation.NONE;
  // Assigned one by one onto the class's own fields, not merged from object literals: a ranking
  // of 4,000 units builds 4,000 of these on every request.
  const row = new RankingRow();
  row.officeId = level === RankingLevel.OFFICE ? r.unit_id : null;
  row.municipalityId = level === RankingLevel.MUNICIPALITY ? r.unit_id : null;
  row.countyCode = level === RankingLevel.COUNTY ? r.code : null;
  row.name = r.name;
  row.code = r.code;
  // A ranked row has its rank, value, period and source; the missing rows are read apart (missingEntry).
  row.rank = present(r.rank, 'the rank of a ranked row');
  row.value = Number(r.value);
  row.exactValue = present(r.value, 'the value of a ranked row');
  row.valueText = r.value_text;
  row.unit = unit;
  row.period = present(r.period, 'the period of a ranked row');
  row.periodText = r.period_text;
  row.percentile = Number(r.percentile);
  row.differenceFromMedian = Number(r.difference_from_median);
  row.previousPeriod = present(r.previous_period, 'the previous period of a ranked row');
  row.previousValue = num(r.previous_value);
  row.changeFromPrevious = num(r.change_from_previous);
  row.target = r.target_text === null ? null : { text: r.target_text, comparator: present(r.target_comparator, 'the comparator of a target'), met: r.target_met };
  row.targetMet = r.target_text === null ? null : r.target_met;
  row.quote = present(r.quote, 'the quote of a ranked row');
  row.flags = r.flags ?? [];
  row.numerator = normalised ? num(r.published_value) : num(r.figure_numerator);
  row.denominator = normalised ? num(r.denominator) : num(r.figure_denominator);
  row.denominatorText = normalised ? null : r.denominator_text;
  row.populationYear = normalised ? r.population_year : null;
  // The API's enum, from the SQL's basis; a sum over both kinds of borders has none of them.
  row.populationBasis = normalised && r.population_basis !== null && r.population_basis !== 'mixed' ? POPULATION_BASIS[r.population_basis] : null;
  row.derivation = derivationOf(r, cited);
  row.sourceId = present(r.source_id, 'the source of a ranked row');
  const source = present(cited.sources.get(row.sourceId), `the cited source ${row.sourceId} of a ranked row`);
  row.sourceTitle = source.title;
  row.sourcePublisher = source.publisher;
  row.sourceUrl = source.url;
  row.rawLabel = r.raw_indicator_id === null ? null : (cited.labels.get(r.raw_indicator_id) ?? null);
  row.carried = r;
  row.carriedSource = source;
  return row;
}

function missingEntry(
  r: UnitRow,
  level: RankingLevel,
  normalise: Normalisation,
  indicator: Indicator,
  latest: boolean,
  minPopulation: number | null | undefined,
  cited: Cited,
): MissingEntry {
  return Object.assign(new MissingEntry(), areaOf(level, r.unit_id, r.name, r.code), {
    carried: r,
    reason: present(r.reason, 'the reason a unit is missing'),
    detail: missingDetail(r, normalise, indicator, latest, minPopulation),
    period: r.period,
    valueText: r.value_text,
    citation: r.period === null ? null : citeRow(citationParts(r, r.source_id === null ? undefined : cited.sources.get(r.source_id), cited, derivationOf(r, cited))),
  });
}

function missingDetail(r: UnitRow, normalise: Normalisation, indicator: Indicator, latest: boolean, minPopulation: number | null | undefined): string {
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

function peerBand(head: RankingHead): PeerBand | null {
  if (head.peer_band === null || head.peer_name === null) return null;
  const band = present(PEER_BANDS[head.peer_band], `peer band ${head.peer_band}`);
  return Object.assign(new PeerBand(), {
    label: band.max === null ? `${thousands(band.min)} inhabitants or more` : `${thousands(band.min)}–${thousands(band.max)} inhabitants`,
    min: band.min,
    max: band.max,
    populationYear: present(head.peer_year, 'the population year of a peer band'),
    peerName: head.peer_name,
    peerPopulation: present(head.peer_population, 'the population of a peer'),
  });
}

/** 50000 → "50 000", as Norwegian newsrooms write it. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function rankingWarnings(head: RankingHead, askedPeriod: string | null, ranking: Ranking, latest: boolean, scope: ScopeQuery): string[] {
  const warnings: string[] = [];
  const { coverage } = ranking;
  if (coverage.total > 0 && coverage.ranked < COVERAGE_WARNING_SHARE * coverage.total) {
    const share = Math.round((100 * coverage.ranked) / coverage.total);
    warnings.push(
      `Only ${coverage.ranked} of ${coverage.total} units in scope (${share} %) are ranked: a ranking of so few says little about the rest${scope.allUnits ? '' : '; with scope { allUnits: true } the silent units are listed too'}.`,
    );
  }
  const derived = head.derived_count ?? 0;
  if (derived > 0) {
    const published = coverage.ranked - derived;
    warnings.push(
      published > 0
        ? `The ranking mixes ${published} figures published as "${ranking.indicator.population}" with ${derived} computed by the hub as "${head.derivations}"; rank them together only where the two definitions agree.`
        : `Every ranked figure is computed by the hub from published ones: ${head.derivations}.`,
    );
  }
  if (scope.kostraGroup) {
    warnings.push(`KOSTRA group ${scope.kostraGroup} as SSB grouped municipalities about 2015; municipalities formed since then are in no group.`);
  }
  if (coverage.ranked === 0) {
    warnings.push(latest ? 'Nothing to rank: no unit in scope has a usable figure.' : `Nothing to rank: no unit in scope has a usable figure for ${askedPeriod ?? 'any period'}.`);
  }
  if (coverage.missing > 0) {
    const reasons = new Map<string, number>();
    for (const m of ranking.missing) reasons.set(m.reason, (reasons.get(m.reason) ?? 0) + 1);
    const counts = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
    warnings.push(`${coverage.missing} of ${coverage.total} units in scope are not ranked (${counts}); see missing. Withheld figures are left out, never counted as zero.`);
  }
  if ((head.source_count ?? 0) > 1) {
    warnings.push(`The ranking mixes ${head.source_count} source documents (${head.source_titles}); check that they count the same way before comparing.`);
  }
  if (head.approximate) warnings.push(`Approximate figures (published as "ca.", "vel" or the like): ${names(head.approximate)}.`);
  if (head.inconsistent) warnings.push(`Figures that disagree with another figure of the same source: ${names(head.inconsistent)}.`);
  if (head.provisional) warnings.push(`Provisional figures: ${names(head.provisional)}.`);
  if (head.disagreeing_units) {
    warnings.push(`Published with different values in different documents (the newest report is used): ${names(head.disagreeing_units)}.`);
  }
  if (latest && (head.period_count ?? 0) > 1) {
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

function nationalFigure(head: RankingHead): NationalFigure | null {
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
