import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Comparator, Direction, QualityFlag } from '../../schema/enums';
import { PopulationBasis } from '../geography/geography.type';
import { Source } from '../sources/source.type';
import { Indicator } from '../taxonomy/taxonomy.type';
import { MissingReason, Normalisation, RankBy, RankingLevel } from './comparison.enums';
import { type Filled, ListedAreaRow, RELATED_DESCRIPTIONS, type SourceRef } from './area-row.type';
import { citeRow } from './comparison.shared';

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
export class RankingRow extends ListedAreaRow implements SourceRef {
  sourceId: number;
  sourceTitle: string;
  sourcePublisher: string;
  sourceUrl: string | null;
  /** The source as the ranking statement sent it (once per ranking), so that no second statement loads it. */
  carriedSource?: Source;

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

  /** The label the figure was published under, for `citation`, which is made only when asked for (`cite`): most queries of a long ranking do not ask. */
  rawLabel: string | null;

  /**
   * Filled in by the list when its selection asks for it, as `office` and `source` are (see
   * ListedAreaRow): a getter would be resolved through type-graphql's wrapper on every row.
   */
  @Field(() => String, { description: 'A ready-to-print reference, in the same format as `Observation.citation`.' })
  citation?: string;

  cite(): string {
    // Made of the row's own fields here rather than kept as an object on every row: an object per
    // row would live as long as the ranking, and a 4,000-office ranking's rows outlive a collection.
    return (this.citation ??= citeRow({
      source_publisher: this.sourcePublisher,
      source_title: this.sourceTitle,
      name: this.name,
      raw_label: this.rawLabel,
      value_text: this.valueText,
      period_text: this.periodText,
      period: this.period,
      derivation: this.derivation,
      flags: this.flags,
      quote: this.quote,
    }));
  }

  @Field(() => Source, { nullable: true, description: RELATED_DESCRIPTIONS.source })
  source?: Filled<Source>;

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
export class MissingEntry extends ListedAreaRow {
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
