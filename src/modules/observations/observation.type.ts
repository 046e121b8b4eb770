import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Comparator, ObservationKind, QualityFlag } from '../../schema/enums';
import { Node, toGlobalId } from '../../schema/node';
import type { ObservationRow, RevisionRow } from './observation.rows';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One published figure: its value, the text exactly as published, the sentence it came from, and its source.' })
export class Observation extends Node {
  internalId: string;
  rawIndicatorId: number;
  indicatorId: number | null;
  sourceId: number;
  officeId: number | null;
  municipalityId: number | null;
  rawLabel: string;
  publisher: string;
  sourceTitle: string;
  areaName: string;
  /** Exact decimal as PostgreSQL returns numeric. */
  exact: string | null;

  @Field({ description: 'The period: "2018" (year), "2015-Q3" (quarter) or "2018-03" (month).' })
  period: string;

  @Field(() => String, { nullable: true, description: 'The period words as published, e.g. "Gjennomsnitt 2018".' })
  periodText: string | null;

  @Field(() => ObservationKind, { description: 'A result, or a required result.' })
  kind: ObservationKind;

  @Field(() => Float, { nullable: true, description: "The value in the indicator's unit; null when suppressed or not published. Use `exactValue` for the exact decimal." })
  value: number | null;

  @Field(() => String, { nullable: true, description: 'The value as an exact decimal string, as stored (numeric), e.g. "50.7".' })
  exactValue: string | null;

  @Field(() => String, { nullable: true, description: 'The value exactly as published, e.g. "32,4 %" or "vel 2 mill kr".' })
  valueText: string | null;

  @Field(() => String, { nullable: true, description: "The unit of `value` (the canonical indicator's unit once mapped)." })
  unit: string | null;

  @Field({ description: 'The line or sentence of the source the figure was read from, verbatim.' })
  quote: string;

  @Field(() => String, { nullable: true, description: 'Where in the source: line and cell.' })
  location: string | null;

  @Field(() => [QualityFlag], { description: 'What is known about the quality of the figure.' })
  flags: QualityFlag[];

  @Field({ description: 'False when a newer version of the source replaced this figure.' })
  isCurrent: boolean;

  @Field(() => String, { nullable: true, description: 'The footnote a marker on the value points to (`906*`), as the source gives it; null where there is none or the source gives no text.' })
  footnote: string | null;

  @Field({ description: 'A ready-to-print reference: publisher, document, office, quoted label, value and period.' })
  citation: string;

  static from(this: void, row: ObservationRow): Observation {
    const o = Object.assign(new Observation(), row);
    o.id = toGlobalId('Observation', row.internalId);
    o.exactValue = row.exact;
    o.value = row.exact === null ? null : Number(row.exact);
    o.citation = citation({ ...row, derivedQuote: row.flags.includes(QualityFlag.DERIVED) ? row.quote : null });
    return o;
  }
}

/** An observation's place among the figures published for its unit, indicator and period. */
export interface RevisionSet {
  /** True when the hub uses this figure for its unit, indicator and period (rankings, comparisons). */
  chosen: boolean;
  /** The other figures for it, best first. */
  others: Revision[];
}

/**
 * `Bodø kommune, Årsmelding 2018, NAV Bodø: «Samlet antall mottakere av sosialhjelp pr. mnd.» 429 (gjennomsnitt 2018)`.
 * Period words already in parentheses (`(rapportåret 2018)`) are not wrapped twice, and period words
 * that do not name the period's year (`per kvartal`) get the period added, so a citation always says when.
 */
export function citation(
  row: Pick<ObservationRow, 'publisher' | 'sourceTitle' | 'areaName' | 'rawLabel' | 'valueText' | 'periodText' | 'period'> & {
    /** A figure the hub derived (flag DERIVED) has no text as published: its quote says how it was made. */
    derivedQuote?: string | null;
  },
): string {
  const words = row.periodText?.trim().replace(/^\((.*)\)$/, '$1').trim() || null;
  let period = words ? words.charAt(0).toLowerCase() + words.slice(1) : row.period;
  if (words && !words.includes(row.period.slice(0, 4))) period = `${period}, ${row.period}`;
  // "ikke publisert" for a figure the hub computed from published ones would tell a reader the opposite of the truth.
  const value = row.valueText ?? (row.derivedQuote ? `derived by Målestokk: ${row.derivedQuote}` : 'ikke publisert');
  return `${row.publisher}, ${row.sourceTitle}, ${row.areaName}: «${row.rawLabel}» ${value} (${period})`;
}

@ObjectType({ simpleResolvers: true, description: 'The same figure (unit, indicator, period) as another source publishes it: a later report often repeats it, sometimes rounded or corrected.' })
export class Revision {
  internalId: string;
  sourceId: number;
  exact: string | null;

  @Field(() => Float, { nullable: true, description: 'The value in the indicator\'s unit; null when withheld or not published.' })
  value: number | null;

  @Field(() => String, { nullable: true, description: 'The value as an exact decimal string.' })
  exactValue: string | null;

  @Field(() => String, { nullable: true, description: 'The value exactly as that source publishes it.' })
  valueText: string | null;

  @Field(() => Int, { nullable: true, description: 'The year the publishing report is about.' })
  reportYear: number | null;

  @Field(() => [QualityFlag], { description: 'Quality flags of that figure.' })
  flags: QualityFlag[];

  static from(this: void, row: RevisionRow): Revision {
    const r = Object.assign(new Revision(), { internalId: row.internalId, sourceId: row.sourceId, exact: row.exact, valueText: row.valueText, reportYear: row.reportYear, flags: row.flags });
    r.exactValue = row.exact;
    r.value = row.exact === null ? null : Number(row.exact);
    return r;
  }
}

@ObjectType({ simpleResolvers: true, description: 'A required result as the scorecard publishes it, and whether the result met it.' })
export class Target {
  observationId: string;

  @Field({ description: 'The target exactly as published, e.g. "< 450", "≥ 15", "0-30".' })
  text: string;

  @Field(() => Comparator, { description: 'How the result is compared with the bounds.' })
  comparator: Comparator;

  @Field(() => Float, { nullable: true, description: 'Lower bound (for >, ≥, = and ranges).' })
  lower: number | null;

  @Field(() => Float, { nullable: true, description: 'Upper bound (for <, ≤, = and ranges).' })
  upper: number | null;

  @Field(() => String, { nullable: true, description: 'Unit of the bounds, as published.' })
  unit: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the result met the target by the scorecard's own comparator; null when there is no result." })
  met: boolean | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Colour bands (desired / acceptable / unacceptable) where the scorecard gives them.' })
  bands: Record<string, string> | null;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A label exactly as one source publishes it, and its mapping onto the taxonomy. An unmapped label keeps its values until it is mapped.' })
export class RawIndicator extends Node {
  internalId: number;
  sourceId: number;
  indicatorId: number | null;

  @Field({ description: 'The label exactly as published.' })
  label: string;

  @Field(() => String, { nullable: true, description: 'Unit and period words published with the label.' })
  unitText: string | null;

  @Field(() => String, { nullable: true, description: 'How published values become the indicator\'s values: "identity", "scale" (with factor), "percent_text".' })
  transformation: string | null;

  @Field(() => String, { nullable: true, description: 'Factor of a "scale" transformation, as an exact decimal.' })
  transformationFactor: string | null;

  @Field(() => String, { nullable: true, description: 'Why the mapping and transformation hold.' })
  transformationNote: string | null;

  @Field(() => String, { nullable: true, description: 'Who or what mapped it: a mapping file, or a curator.' })
  mappedBy: string | null;

  @Field(() => String, { nullable: true, description: 'What the mapping assumed about the definition (e.g. "recipients ÷ all inhabitants on 1 January"); comparisons that mix sources whose notes differ warn with both.' })
  definitionNote: string | null;

  @Field({ description: 'True once the label is mapped to a canonical indicator.' })
  isMapped: boolean;

  static from(this: void, row: Omit<RawIndicator, 'id' | 'isMapped'>): RawIndicator {
    const r = Object.assign(new RawIndicator(), row);
    r.id = toGlobalId('RawIndicator', row.internalId);
    r.isMapped = row.indicatorId !== null;
    return r;
  }
}
