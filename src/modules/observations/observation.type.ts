import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import { Comparator, ObservationKind, QualityFlag } from '../../schema/enums';
import { Node, toGlobalId } from '../../schema/node';

@ObjectType({ implements: Node, description: 'One published figure: its value, the text exactly as published, the sentence it came from, and its source.' })
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

  @Field({ description: 'A ready-to-print reference: publisher, document, office, quoted label, value and period.' })
  citation: string;

  static from(row: ObservationRow): Observation {
    const o = Object.assign(new Observation(), row);
    o.id = toGlobalId('Observation', row.internalId);
    o.exactValue = row.exact;
    o.value = row.exact === null ? null : Number(row.exact);
    o.citation = citation(row);
    return o;
  }
}

export type ObservationRow = Omit<Observation, 'id' | 'value' | 'exactValue' | 'citation'>;

/** `Bodø kommune, Årsmelding 2018, NAV Bodø: «Samlet antall mottakere av sosialhjelp pr. mnd.» 429 (gjennomsnitt 2018)` */
export function citation(row: Pick<ObservationRow, 'publisher' | 'sourceTitle' | 'areaName' | 'rawLabel' | 'valueText' | 'periodText' | 'period'>): string {
  const period = row.periodText ? row.periodText.charAt(0).toLowerCase() + row.periodText.slice(1) : row.period;
  const value = row.valueText ?? 'ikke publisert';
  return `${row.publisher}, ${row.sourceTitle}, ${row.areaName}: «${row.rawLabel}» ${value} (${period})`;
}

@ObjectType({ description: 'A required result as the scorecard publishes it, and whether the result met it.' })
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

@ObjectType({ implements: Node, description: 'A label exactly as one source publishes it, and its mapping onto the taxonomy. An unmapped label keeps its values until it is mapped.' })
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

  @Field({ description: 'True once the label is mapped to a canonical indicator.' })
  isMapped: boolean;

  static from(row: Omit<RawIndicator, 'id' | 'isMapped'>): RawIndicator {
    const r = Object.assign(new RawIndicator(), row);
    r.id = toGlobalId('RawIndicator', row.internalId);
    r.isMapped = row.indicatorId !== null;
    return r;
  }
}
