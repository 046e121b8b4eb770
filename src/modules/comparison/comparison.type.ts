import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Comparator, Direction, QualityFlag } from '../../schema/enums';
import type { County, Office } from '../geography/geography.type';
import { PopulationBasis } from '../geography/geography.type';
import { Municipality } from '../geography/geography.type';
import type { Source } from '../sources/source.type';
import { Indicator } from '../taxonomy/taxonomy.type';

/**
 * What the comparison queries return: rankings, comparison matrices, time series, target
 * attainment and composite indices. Rows keep the internal ids of what they point to
 * (office, municipality, source); field resolvers turn those into objects through the
 * per-request loaders, so a ranking of 400 offices costs one batched statement per kind of object.
 * Every type is `simpleResolvers`: its plain fields are read by graphql-js directly instead of
 * through a type-graphql wrapper per field and row (no middleware or auth applies to them);
 * field resolvers still run where declared.
 */

export enum RankingLevel {
  OFFICE = 'office',
  MUNICIPALITY = 'municipality',
  COUNTY = 'county',
}
registerEnumType(RankingLevel, {
  name: 'RankingLevel',
  description: 'What is ranked or compared: NAV offices, municipalities or counties.',
  valuesConfig: {
    OFFICE: {
      description:
        "NAV offices, on the offices' own figures or, for a count, the sum over the municipalities the office served that year (a city-district office is an office; Oslo i alt is not).",
    },
    MUNICIPALITY: { description: 'Municipalities, on figures for the whole municipality (e.g. Oslo i alt).' },
    COUNTY: {
      description:
        "Counties of the year asked (the 15 of 2024, or the 19 of 2015), on a published county figure or the sum over every municipality the county had that year; never ranked as municipalities.",
    },
  },
});

/** Internal values name the population column the denominator is read from. */
export enum Normalisation {
  NONE = 'none',
  PER_1000_INHABITANTS = 'total',
  PER_1000_AGED_20_66 = 'age_20_66',
  PER_1000_AGED_18_24 = 'age_18_24',
}
registerEnumType(Normalisation, {
  name: 'Normalisation',
  description: 'Divide a count by the population of the same year (1 January) so that areas of different size compare. Only counts are normalised; a share is never turned into a rate.',
  valuesConfig: {
    NONE: { description: 'The values as published.' },
    PER_1000_INHABITANTS: { description: 'Per 1,000 inhabitants of all ages.' },
    PER_1000_AGED_20_66: { description: 'Per 1,000 inhabitants aged 20–66 (the KOSTRA denominator for social assistance).' },
    PER_1000_AGED_18_24: { description: 'Per 1,000 inhabitants aged 18–24.' },
  },
});

export enum RankBy {
  VALUE = 'value',
  CHANGE = 'change',
}
registerEnumType(RankBy, {
  name: 'RankBy',
  description: 'What a ranking orders by.',
  valuesConfig: {
    VALUE: { description: 'The value of the period ranked (default).' },
    CHANGE: { description: "The change since the period compared with (`compareTo`, or the period before): the most improved first, by the indicator's direction." },
  },
});

export enum MissingReason {
  NO_VALUE = 'NO_VALUE',
  SUPPRESSED = 'SUPPRESSED',
  NOT_COMPARABLE = 'NOT_COMPARABLE',
  BELOW_MIN_POPULATION = 'BELOW_MIN_POPULATION',
  NO_POPULATION = 'NO_POPULATION',
  NOT_PUBLISHED = 'NOT_PUBLISHED',
  INCOMPLETE = 'INCOMPLETE',
}
registerEnumType(MissingReason, {
  name: 'MissingReason',
  description: 'Why a unit in scope has no place in a ranking (or a comparison cell no value).',
  valuesConfig: {
    NO_VALUE: { description: 'No figure was published for the period.' },
    SUPPRESSED: { description: 'The publisher withheld the figure (e.g. fewer than 4 persons); it is not a zero.' },
    NOT_COMPARABLE: { description: 'A figure exists but measures something else: another unit, or another kind of period (a quarter where a year is ranked).' },
    BELOW_MIN_POPULATION: { description: 'The area had fewer inhabitants than `minPopulation` that year.' },
    NO_POPULATION: { description: 'The population of the area that year is not known (e.g. a city district), so the figure cannot be normalised or filtered by size.' },
    NOT_PUBLISHED: { description: 'The source has an empty cell for the area and period: nothing was published (or the extract dropped it). Not a zero.' },
    INCOMPLETE: { description: "An office's, county's or the country's sum over its municipalities is missing because some of them have no figure; `detail` names them." },
  },
});

export enum Trend {
  IMPROVED = 'IMPROVED',
  WORSENED = 'WORSENED',
  UNCHANGED = 'UNCHANGED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(Trend, {
  name: 'Trend',
  description: "The change from the previous period, judged by the indicator's direction.",
  valuesConfig: {
    IMPROVED: { description: 'Moved the better way (fewer recipients, more transitions to work).' },
    WORSENED: { description: 'Moved the worse way.' },
    UNCHANGED: { description: 'The same value as the period before.' },
    UNKNOWN: { description: 'No value for this or the previous period, or the indicator has no direction.' },
  },
});

export enum TargetStatus {
  MET = 'MET',
  NOT_MET = 'NOT_MET',
  NO_VALUE = 'NO_VALUE',
}
registerEnumType(TargetStatus, {
  name: 'TargetStatus',
  description: "Whether a result met its target, by the scorecard's own comparator.",
  valuesConfig: {
    MET: { description: 'The result met the target.' },
    NOT_MET: { description: 'The result missed the target.' },
    NO_VALUE: { description: 'There is no published result (or it was withheld) for the period.' },
  },
});

/**
 * Internal references every row that names an area carries; field resolvers load the objects.
 * Decorated only so that its fields are inherited: no field returns it, so it is not in the schema.
 */
@ObjectType({ simpleResolvers: true, description: 'A row about one office, municipality or county.' })
export abstract class AreaRow {
  officeId: number | null;
  municipalityId: number | null;
  countyCode?: string | null;
  /** Objects a list loaded for all its rows at once (comparison.resolver.ts), so that a row's field needs no loader round. */
  preloaded?: Preloaded;

  @Field({ description: 'Name of the office, municipality or county, e.g. "NAV Bodø", "Oslo" or "Nordland".' })
  name: string;

  @Field({ description: 'Office code, four-digit municipality code or two-digit county number.' })
  code: string;
}

/** The related objects of a row, when its list loaded them for every row in one step. */
export interface Preloaded {
  office?: Office | null;
  municipality?: Municipality | null;
  county?: County | null;
  source?: Source | null;
}

/** Where a figure came from, kept flat for downloads. */
export interface SourceRef {
  sourceId: number;
  sourceTitle: string;
  sourcePublisher: string;
  sourceUrl: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A target published for the same label, area and period as a ranked figure.' })
export class RankingTarget {
  @Field({ description: 'The target exactly as published, e.g. "< 450".' })
  text: string;

  @Field(() => Comparator, { description: 'How the published result is compared with the bounds.' })
  comparator: Comparator;

  @Field(() => Boolean, { nullable: true, description: 'Whether the published (not normalised) result met it; null without a result.' })
  met: boolean | null;
}

@ObjectType({ simpleResolvers: true, description: 'One ranked office or municipality.' })
export class RankingRow extends AreaRow implements SourceRef {
  sourceId: number;
  sourceTitle: string;
  sourcePublisher: string;
  sourceUrl: string | null;

  @Field(() => Int, { description: 'Place in the ranking, 1 = best by the indicator\'s direction; ties share a place and the next place is skipped (1, 2, 2, 4).' })
  rank: number;

  @Field(() => Float, { description: 'The value ranked: as published, or per 1,000 inhabitants when normalised (rounded to 4 decimals).' })
  value: number;

  @Field({ description: 'The value ranked as an exact decimal string.' })
  exactValue: string;

  @Field(() => String, { nullable: true, description: 'The figure exactly as published, e.g. "3,8" or "429".' })
  valueText: string | null;

  @Field({ description: 'The unit of `value`: the indicator\'s unit, or "per_1000_inhabitants", "per_1000_aged_20_66", "per_1000_aged_18_24" when normalised.' })
  unit: string;

  @Field({ description: 'The period of the figure: the ranking\'s period, or in latest mode this unit\'s latest period.' })
  period: string;

  @Field(() => String, { nullable: true, description: 'The period words as published, e.g. "Gjennomsnitt 2018".' })
  periodText: string | null;

  @Field(() => Float, { description: 'Share of the ranked units (this one included) that this one does at least as well as, in percent: the best has 100.' })
  percentile: number;

  @Field(() => Float, { description: 'The ranked quantity (the value, or with rankBy: CHANGE the change) minus its median over the ranked units. Positive means above the median, which is worse when lower is better.' })
  differenceFromMedian: number;

  @Field({ description: 'The period compared with: `compareTo`, or else the period before of the same kind (the year before a year, the quarter before a quarter, the month before a month).' })
  previousPeriod: string;

  @Field(() => Float, { nullable: true, description: 'The value of that period, normalised the same way (with that year\'s population); null when none was published.' })
  previousValue: number | null;

  @Field(() => Float, { nullable: true, description: 'Value minus the value of the period compared with; null when either is missing. What is ranked with rankBy: CHANGE.' })
  changeFromPrevious: number | null;

  @Field(() => RankingTarget, { nullable: true, description: 'The target the area published for the figure, where it published one.' })
  target: RankingTarget | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the published figure met that target; null without a target.' })
  targetMet: boolean | null;

  @Field({ description: 'The line or sentence of the source the figure was read from, verbatim.' })
  quote: string;

  @Field(() => [QualityFlag], { description: 'What is known about the quality of the figure.' })
  flags: QualityFlag[];

  @Field({ description: 'A ready-to-print reference, in the same format as `Observation.citation`.' })
  citation: string;

  @Field(() => Float, { nullable: true, description: 'Normalised rankings: the published count that was divided. A share the hub derived (flag DERIVED): its numerator.' })
  numerator: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Normalised rankings: the population it was divided by (the area's inhabitants in the age group, 1 January). A derived share: its denominator, described by `denominatorText`.",
  })
  denominator: number | null;

  @Field(() => String, { nullable: true, description: 'What the denominator is, e.g. "inhabitants aged 20–66 on 1 January 2016 (own-year borders)".' })
  denominatorText: string | null;

  @Field(() => Int, { nullable: true, description: 'Normalised rankings: the year of that population.' })
  populationYear: number | null;

  @Field(() => PopulationBasis, {
    nullable: true,
    description:
      'Normalised rankings: the borders the population was counted on: the municipality as it was that year (2010–2018), or the 2024 area of a municipality whose borders have not changed since. A sum over an office\'s or county\'s municipalities on both says OWN_YEAR_BORDERS only when all are.',
  })
  populationBasis: PopulationBasis | null;

  @Field(() => String, { nullable: true, description: 'How the hub computed the figure, for a figure it derived (a sum over municipalities, a share); null for a published one.' })
  derivation: string | null;
}

@ObjectType({ simpleResolvers: true, description: "The country's figure for the ranked indicator and period, for context." })
export class NationalFigure {
  @Field(() => Float, { nullable: true, description: 'The value; null when there is none, e.g. a sum over municipalities of which some have no figure (see `quote`).' })
  value: number | null;

  @Field(() => String, { nullable: true, description: 'The value as an exact decimal string.' })
  exactValue: string | null;

  @Field({ description: 'The published line, or how the hub computed it ("Sum of 428 municipalities = 134670"), or which municipalities are missing.' })
  quote: string;

  @Field(() => [QualityFlag], { description: 'DERIVED for a sum the hub computed; INCOMPLETE when municipalities are missing.' })
  flags: QualityFlag[];

  @Field(() => String, { nullable: true, description: 'How the hub computed it; null for a published figure.' })
  derivation: string | null;

  @Field({ description: 'Who published the figure (or the municipality figures it was summed from).' })
  sourcePublisher: string;

  @Field({ description: 'The title of that document.' })
  sourceTitle: string;
}

@ObjectType({ simpleResolvers: true, description: 'An office or municipality in scope that is not ranked, and why.' })
export class MissingEntry extends AreaRow {
  @Field(() => MissingReason, { description: 'Why it is not ranked.' })
  reason: MissingReason;

  @Field({ description: 'The reason in words, e.g. "withheld by the publisher (..)" or "serves a city district (Gamle Oslo); there is no district population".' })
  detail: string;

  @Field(() => String, { nullable: true, description: 'The period of the figure that could not be ranked, where there is one.' })
  period: string | null;

  @Field(() => String, { nullable: true, description: 'The figure as published, where there is one (a suppressed cell may read "..").' })
  valueText: string | null;

  @Field(() => String, { nullable: true, description: 'A reference to the figure that could not be ranked, where there is one.' })
  citation: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'How much of the scope a ranking covers.' })
export class Coverage {
  @Field(() => Int, { description: 'Units ranked (all of them, also those beyond `top`).' })
  ranked: number;

  @Field(() => Int, { description: 'Units in scope that are not ranked; see `missing`.' })
  missing: number;

  @Field(() => Int, { description: 'Units in scope.' })
  total: number;
}

@ObjectType({ simpleResolvers: true, description: 'The size band of a peer group: municipalities (or offices) of similar population.' })
export class PeerBand {
  @Field({ description: 'The band in words, e.g. "50 000–99 999 inhabitants".' })
  label: string;

  @Field(() => Int, { description: 'Lowest population of the band.' })
  min: number;

  @Field(() => Int, { nullable: true, description: 'Highest population of the band; null for the top band.' })
  max: number | null;

  @Field(() => Int, { description: 'The year (1 January) whose population decides the band.' })
  populationYear: number;

  @Field({ description: 'The municipality whose peers are ranked.' })
  peerName: string;

  @Field(() => Int, { description: 'Its population that year.' })
  peerPopulation: number;
}

@ObjectType({ simpleResolvers: true, description: 'Offices, municipalities or counties ranked on one indicator, with who is missing and why, and warnings a journalist should read first.' })
export class Ranking {
  @Field(() => Indicator, { description: 'The indicator ranked.' })
  indicator: Indicator;

  @Field(() => String, { nullable: true, description: 'The period ranked; null in latest mode, where each row has its own.' })
  period: string | null;

  @Field({ description: 'True when each unit is ranked on its latest figure.' })
  latest: boolean;

  @Field(() => RankingLevel, { description: 'Offices, municipalities or counties.' })
  level: RankingLevel;

  @Field(() => Normalisation, { description: 'How values were normalised.' })
  normalise: Normalisation;

  @Field(() => Direction, { description: 'Which way is better, from the taxonomy.' })
  direction: Direction;

  @Field({ description: 'The unit of the ranked values.' })
  unit: string;

  @Field(() => RankBy, { description: 'What the ranking orders by.' })
  rankBy: RankBy;

  @Field(() => String, { nullable: true, description: 'The period every row is compared with, when `compareTo` was given.' })
  compareTo: string | null;

  @Field(() => Float, { nullable: true, description: 'Median of the ranked quantity (values, or changes with rankBy: CHANGE); null when nothing is ranked.' })
  median: number | null;

  @Field(() => PeerBand, { nullable: true, description: 'The size band, when the scope is `peerOf`.' })
  peerBand: PeerBand | null;

  @Field(() => [RankingRow], { description: 'Ranked units, best first (ties in name order).' })
  rows: RankingRow[];

  @Field(() => [MissingEntry], { description: 'Units in scope that are not ranked, with the reason; never ranked as zeros.' })
  missing: MissingEntry[];

  @Field(() => Coverage, { description: 'Ranked, missing and total units in scope.' })
  coverage: Coverage;

  @Field(() => NationalFigure, {
    nullable: true,
    description: "The country's figure for the period, for context (published, or the hub's sum over every municipality); null in latest mode, when normalising, or when there is none.",
  })
  national: NationalFigure | null;

  @Field(() => [String], { description: 'What to check before publishing: mixed sources, approximate or inconsistent figures, differing periods.' })
  warnings: string[];
}

@ObjectType({ simpleResolvers: true, description: 'One figure of a comparison: an indicator for a period, or why there is none.' })
export class ComparisonCell {
  indicatorId: number;
  sourceId: number | null;
  sourceTitle: string | null;
  sourcePublisher: string | null;
  sourceUrl: string | null;

  @Field({ description: 'True when another current source publishes a figure for this cell too; the cell shows the one chosen (a value before a withheld one, then the newest report, then the latest import).' })
  revised: boolean;

  @Field(() => Indicator, { description: 'The indicator.' })
  indicator: Indicator;

  @Field({ description: 'The period.' })
  period: string;

  @Field(() => Float, { nullable: true, description: 'The value in the indicator\'s unit; null when missing or withheld.' })
  value: number | null;

  @Field(() => String, { nullable: true, description: 'The value as an exact decimal string.' })
  exactValue: string | null;

  @Field(() => String, { nullable: true, description: 'The value exactly as published.' })
  valueText: string | null;

  @Field(() => String, { nullable: true, description: 'The unit of the value.' })
  unit: string | null;

  @Field(() => String, { nullable: true, description: 'The line or sentence of the source, verbatim.' })
  quote: string | null;

  @Field(() => String, { nullable: true, description: 'A ready-to-print reference, as `Observation.citation`.' })
  citation: string | null;

  @Field(() => [QualityFlag], { description: 'What is known about the quality of the figure.' })
  flags: QualityFlag[];

  @Field(() => MissingReason, { nullable: true, description: 'Why there is no value; null when there is one.' })
  missingReason: MissingReason | null;

  @Field(() => Municipality, {
    nullable: true,
    description:
      "The municipality the figure was published for, when it is not the row's own: the unit that held the code in the period's year before a boundary change (for 1103 in 2016, the Stavanger that existed until 2019, before it merged with Finnøy and Rennesøy). Null when the figure is the row's own, or there is none.",
  })
  figureMunicipality: Municipality | null;
}

@ObjectType({ simpleResolvers: true, description: 'One office or municipality of a comparison, with a cell per indicator and period.' })
export class ComparisonRow extends AreaRow {
  @Field(() => [ComparisonCell], { description: 'Cells in the order of the indicators asked, then of the periods asked.' })
  cells: ComparisonCell[];
}

@ObjectType({ simpleResolvers: true, description: 'A matrix of offices and municipalities against indicators and periods, with warnings.' })
export class Comparison {
  @Field(() => [Indicator], { description: 'The indicators, in the order asked.' })
  indicators: Indicator[];

  @Field(() => [String], { description: 'The periods, in the order asked.' })
  periods: string[];

  @Field(() => [ComparisonRow], { description: 'Offices first, then municipalities, in the order asked.' })
  rows: ComparisonRow[];

  @Field(() => [String], { description: 'Different units side by side, missing or withheld cells.' })
  warnings: string[];
}

@ObjectType({ simpleResolvers: true, description: 'One period of a time series.' })
export class TimeSeriesPoint implements SourceRef {
  sourceId: number;
  sourceTitle: string;
  sourcePublisher: string;
  sourceUrl: string | null;

  @Field({ description: 'The period.' })
  period: string;

  @Field(() => String, { nullable: true, description: 'The period words as published.' })
  periodText: string | null;

  @Field(() => Float, { nullable: true, description: 'The value; null when withheld.' })
  value: number | null;

  @Field(() => String, { nullable: true, description: 'The value as an exact decimal string.' })
  exactValue: string | null;

  @Field(() => String, { nullable: true, description: 'The value exactly as published.' })
  valueText: string | null;

  @Field(() => String, { nullable: true, description: 'The unit of the value.' })
  unit: string | null;

  @Field({ description: 'The period before, of the same kind (year before a year, quarter before a quarter).' })
  previousPeriod: string;

  @Field(() => Float, { nullable: true, description: 'Value minus the previous period\'s value; null when either is missing, or when the two cover different areas (`breakInSeries`).' })
  changeFromPrevious: number | null;

  @Field(() => Trend, { description: 'Better, worse or unchanged since the previous period, by the indicator\'s direction; UNKNOWN across a break in the series, where the figures before and after cover different areas.' })
  trend: Trend;

  @Field({ description: "True when this point's figure is of another municipality unit than the point before (a merger or split between them, e.g. Stavanger 2020): the figures before and after cover different areas, so no change or trend is computed across it." })
  breakInSeries: boolean;

  @Field({ description: 'True when another current source publishes a figure for this unit, indicator and period too; the point shows the one chosen (a value before a withheld one, then the newest report, then the latest import), Observation.revisions lists the others.' })
  revised: boolean;

  @Field(() => String, { nullable: true, description: 'What changed at a break, e.g. "Stavanger merged with Finnøy and Rennesøy on 1 January 2020: figures before and after cover different areas."; null where there is no break.' })
  breakNote: string | null;

  @Field(() => Municipality, {
    nullable: true,
    description:
      "The municipality the figure was published for, when it is not the series' own: a unit that held the code before a boundary change (for 1103 until 2019, the Stavanger that merged in 2020). Null for the series' own figures.",
  })
  figureMunicipality: Municipality | null;

  @Field(() => [QualityFlag], { description: 'What is known about the quality of the figure.' })
  flags: QualityFlag[];

  @Field({ description: 'The line or sentence of the source, verbatim.' })
  quote: string;

  @Field({ description: 'A ready-to-print reference, as `Observation.citation`.' })
  citation: string;
}

@ObjectType({ simpleResolvers: true, description: 'One indicator over time for one office or municipality.' })
export class TimeSeries extends AreaRow {
  @Field(() => Indicator, { description: 'The indicator.' })
  indicator: Indicator;

  @Field(() => Direction, { description: 'Which way is better; trends follow it.' })
  direction: Direction;

  @Field(() => [TimeSeriesPoint], { description: 'One point per published period, oldest first. For a municipality code, each period\'s figure is that of the unit that held the code that year, else of the current unit; a point where the unit changes is marked `breakInSeries`.' })
  points: TimeSeriesPoint[];

  @Field(() => [String], { description: 'Mixed sources, gaps, withheld values.' })
  warnings: string[];
}

@ObjectType({ simpleResolvers: true, description: 'One published target and the result against it.' })
export class TargetResult extends AreaRow implements SourceRef {
  indicatorId: number | null;
  sourceId: number;
  sourceTitle: string;
  sourcePublisher: string;
  sourceUrl: string | null;

  @Field(() => Indicator, { nullable: true, description: 'The canonical indicator; null while the label is unmapped.' })
  indicator: Indicator | null;

  @Field({ description: 'The label exactly as the scorecard publishes it.' })
  rawLabel: string;

  @Field({ description: 'The target exactly as published, e.g. "< 450" or "0-30".' })
  targetText: string;

  @Field(() => Comparator, { description: 'How the result is compared with the bounds.' })
  comparator: Comparator;

  @Field(() => Float, { nullable: true, description: 'Lower bound.' })
  lower: number | null;

  @Field(() => Float, { nullable: true, description: 'Upper bound.' })
  upper: number | null;

  @Field(() => Float, { nullable: true, description: 'The result; null when none was published or it was withheld.' })
  value: number | null;

  @Field(() => String, { nullable: true, description: 'The result as an exact decimal string.' })
  exactValue: string | null;

  @Field(() => String, { nullable: true, description: 'The result exactly as published.' })
  valueText: string | null;

  @Field(() => String, { nullable: true, description: 'The unit of the result.' })
  unit: string | null;

  @Field(() => TargetStatus, { description: 'MET, NOT_MET or NO_VALUE, judged by the database function target_met() as everywhere else.' })
  status: TargetStatus;

  @Field({ description: 'The line of the source the target was read from, verbatim.' })
  quote: string;

  @Field(() => String, { nullable: true, description: 'A reference to the result, as `Observation.citation`; null without a result.' })
  citation: string | null;
}

@ObjectType({ simpleResolvers: true, description: "An area's published targets for a period, and how many were met." })
export class TargetAttainment extends AreaRow {
  @Field({ description: 'The period.' })
  period: string;

  @Field(() => [TargetResult], { description: 'One per published target, by label.' })
  results: TargetResult[];

  @Field(() => Int, { description: 'Targets met.' })
  met: number;

  @Field(() => Int, { description: 'Targets missed.' })
  notMet: number;

  @Field(() => Int, { description: 'Targets without a result.' })
  noValue: number;

  @Field(() => Int, { description: 'All targets.' })
  total: number;
}

@ObjectType({ simpleResolvers: true, description: 'How one indicator enters a composite index.' })
export class CompositeIndicator {
  @Field(() => Indicator, { description: 'The indicator.' })
  indicator: Indicator;

  @Field(() => Float, { description: 'Its weight as given.' })
  weight: number;

  @Field(() => Direction, { description: 'Which way is better; the best value scores 6.' })
  direction: Direction;

  @Field(() => Float, { nullable: true, description: 'Lowest value among the units in scope; null when none has a value.' })
  min: number | null;

  @Field(() => Float, { nullable: true, description: 'Highest value among the units in scope.' })
  max: number | null;

  @Field(() => Int, { description: 'Units in scope with a usable value.' })
  unitsWithValue: number;
}

@ObjectType({ simpleResolvers: true, description: "One indicator's part in a unit's composite score." })
export class CompositeContribution {
  indicatorId: number;

  @Field(() => Indicator, { description: 'The indicator.' })
  indicator: Indicator;

  @Field(() => Float, { description: 'The published value.' })
  value: number;

  @Field({ description: 'The value as an exact decimal string.' })
  exactValue: string;

  @Field(() => String, { nullable: true, description: 'The value exactly as published.' })
  valueText: string | null;

  @Field(() => Float, { description: 'The value on the 1–6 scale: 6 for the best in scope, 1 for the worst, linear between.' })
  scaled: number;

  @Field(() => Float, { description: 'The weight as given.' })
  weight: number;

  @Field(() => Float, { description: 'scaled × weight ÷ (sum of the weights of the indicators this unit has); the contributions add up to the score.' })
  contribution: number;

  @Field({ description: 'A ready-to-print reference to the figure.' })
  citation: string;
}

@ObjectType({ simpleResolvers: true, description: 'One unit of a composite index.' })
export class CompositeRow extends AreaRow {
  @Field(() => Int, { description: 'Place by score, 1 = best; ties share a place.' })
  rank: number;

  @Field(() => Float, { description: 'Weighted mean of the scaled values, 1–6 (rounded to 4 decimals).' })
  score: number;

  @Field(() => Int, { description: 'Indicators with a usable value.' })
  indicatorsUsed: number;

  @Field(() => [String], { description: 'Codes of the indicators this unit lacks (at most `maxMissing`).' })
  missingIndicators: string[];

  @Field(() => [CompositeContribution], { description: 'Each indicator\'s part of the score, in the order asked.' })
  contributions: CompositeContribution[];
}

@ObjectType({ simpleResolvers: true, description: 'A unit left out of a composite index for lacking too many indicators.' })
export class LeftOutUnit extends AreaRow {
  @Field(() => [String], { description: 'Codes of the indicators it lacks.' })
  missingIndicators: string[];
}

@ObjectType({ simpleResolvers: true, description: 'Several indicators combined into one score per unit, each scaled 1–6 by direction (as Kommunebarometeret does).' })
export class CompositeIndex {
  @Field({ description: 'The period.' })
  period: string;

  @Field(() => RankingLevel, { description: 'Offices or municipalities.' })
  level: RankingLevel;

  @Field(() => [CompositeIndicator], { description: 'The indicators, weights and ranges, in the order asked.' })
  indicators: CompositeIndicator[];

  @Field(() => [CompositeRow], { description: 'Units by score, best first.' })
  rows: CompositeRow[];

  @Field(() => [LeftOutUnit], { description: 'Units lacking more than `maxMissing` indicators.' })
  leftOut: LeftOutUnit[];

  @Field(() => [String], { description: 'Indicators where all units are equal or none has a value, units left out.' })
  warnings: string[];
}
