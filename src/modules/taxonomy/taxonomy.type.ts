import { Field, Float, ObjectType } from 'type-graphql';
import { Direction, PeriodType, Unit } from '../../schema/enums';
import { Node, toGlobalId } from '../../schema/node';

@ObjectType({ implements: Node, description: 'A theme of the taxonomy (social assistance, staff, ...); themes form a hierarchy.' })
export class Theme extends Node {
  parentCode: string | null;

  @Field({ description: 'Stable theme code, e.g. "social_assistance".' })
  code: string;

  @Field({ description: 'Name in Norwegian (bokmål).' })
  nameNb: string;

  @Field({ description: 'Name in English.' })
  nameEn: string;

  @Field(() => String, { nullable: true, description: 'What the theme covers.' })
  description: string | null;

  static from(row: Omit<Theme, 'id'>): Theme {
    const t = Object.assign(new Theme(), row);
    t.id = toGlobalId('Theme', row.code);
    return t;
  }
}

@ObjectType({ description: 'A code for the same measure in another statistics system.' })
export class ExternalCode {
  @Field({ description: 'The system, e.g. "SSB Statbank", "KOSTRA", "Oslo statistikkbank".' })
  system: string;

  @Field({ description: 'The code or table in that system.' })
  code: string;

  @Field(() => String, { nullable: true, description: 'How the external measure relates to this one.' })
  note?: string | null;
}

@ObjectType({ implements: Node, description: 'A canonical indicator of the common taxonomy: one measure, defined once, with a direction and a unit. Its code is part of the public contract.' })
export class Indicator extends Node {
  internalId: number;
  themeCode: string;

  @Field({ description: 'Stable indicator code, e.g. "social_assistance.recipients_monthly_avg".' })
  code: string;

  @Field({ description: 'Name in Norwegian (bokmål).' })
  nameNb: string;

  @Field({ description: 'Name in English.' })
  nameEn: string;

  @Field({ description: 'What is counted, how and for whom.' })
  description: string;

  @Field(() => Unit, { description: 'The unit of its values.' })
  unit: Unit;

  @Field(() => PeriodType, { description: 'The period a value covers and how it was aggregated.' })
  periodType: PeriodType;

  @Field(() => Direction, { description: 'Which way is better; rankings follow it.' })
  direction: Direction;

  @Field({ description: 'The population it counts, e.g. "municipal employees of the NAV office".' })
  population: string;

  @Field(() => String, { nullable: true, description: 'When its values are not comparable with seemingly similar measures.' })
  comparabilityNotes: string | null;

  @Field(() => [ExternalCode], { description: 'The same or a related measure in SSB/KOSTRA or other statistics.' })
  externalCodes: ExternalCode[];

  @Field({ description: 'The taxonomy version that last defined the indicator.' })
  taxonomyVersion: string;

  static from(row: Omit<Indicator, 'id'>): Indicator {
    const i = Object.assign(new Indicator(), row);
    i.id = toGlobalId('Indicator', row.code);
    return i;
  }
}

@ObjectType({ description: 'How one indicator relates to another (e.g. yearly = 4 × quarterly average; not comparable with).' })
export class IndicatorRelation {
  indicatorId: number;
  relatedIndicatorId: number;

  @Field({ description: 'The kind of relation, e.g. "yearly_of_quarterly_avg", "not_comparable_with".' })
  kind: string;

  @Field(() => Float, { nullable: true, description: 'The factor of the relation, where it has one (4 for yearly = 4 × quarterly average).' })
  factor: number | null;

  @Field(() => String, { nullable: true, description: 'An explanation of the relation.' })
  note: string | null;
}
