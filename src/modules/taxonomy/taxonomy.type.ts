import { Field, Float, Int, ObjectType } from 'type-graphql';
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

  static from(this: void, row: Omit<Theme, 'id'>): Theme {
    const t = Object.assign(new Theme(), row);
    t.id = toGlobalId('Theme', row.code);
    return t;
  }
}

@ObjectType({ simpleResolvers: true, description: 'A code for the same measure in another statistics system.' })
export class ExternalCode {
  @Field({ description: 'The system, e.g. "SSB Statbank", "KOSTRA", "Oslo statistikkbank".' })
  system: string;

  @Field({ description: 'The code or table in that system.' })
  code: string;

  @Field(() => String, { nullable: true, description: 'How the external measure relates to this one.' })
  note?: string | null;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A canonical indicator of the common taxonomy: one measure, defined once, with a direction and a unit. Its code is part of the public contract.' })
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

  static from(this: void, row: Omit<Indicator, 'id'>): Indicator {
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

@ObjectType({ description: 'How many units of one level have a current figure for an indicator in a period, and how many of them have it as published.' })
export class LevelCoverage {
  @Field(() => Int, { description: 'Units (offices, municipalities, counties, or the country) with at least one current figure.' })
  units: number;

  @Field(() => Int, { description: 'Units with a figure as a source published it.' })
  published: number;

  @Field(() => Int, { description: 'Units whose only figures the hub computed (a sum over municipalities, a share from a count and a population).' })
  derivedOnly: number;

  @Field(() => Int, { description: 'Units with a figure that has a value: what a ranking can place (the others were withheld by the publisher).' })
  withValue: number;

  @Field(() => Int, { description: 'Current figures at this level (a unit may have several, from several sources).' })
  figures: number;
}

@ObjectType({ description: "An indicator's current figures in one period, by level: what a national front end can rank, and how much of it the hub computed." })
export class IndicatorCoverage {
  indicatorId: number;

  @Field({ description: 'The period, e.g. "2018", "2015-Q2" or "2018-03".' })
  period: string;

  @Field(() => LevelCoverage, { description: "NAV offices with their own figure (a city district's office included)." })
  offices: LevelCoverage;

  @Field(() => LevelCoverage, { description: 'Municipalities with a figure for the whole municipality.' })
  municipalities: LevelCoverage;

  @Field(() => LevelCoverage, { description: 'Counties with a figure for the whole county.' })
  counties: LevelCoverage;

  @Field(() => LevelCoverage, { description: 'The whole country: 1 unit when there is a national figure, else 0.' })
  country: LevelCoverage;

  @Field(() => Int, { description: 'Documents the figures come from.' })
  sourceCount: number;

  @Field(() => Int, { description: 'Current figures at every level.' })
  figures: number;

  @Field(() => Int, { description: 'Figures as a source published them.' })
  publishedFigures: number;

  @Field(() => Int, { description: 'Figures the hub computed from published ones.' })
  derivedFigures: number;

  @Field(() => Int, { description: 'Figures without a value or withheld by the publisher (never zeros).' })
  withheldFigures: number;
}

@ObjectType({ description: 'An indicator an office or municipality has current figures for, at its own level: what it publishes.' })
export class PublishedIndicator {
  areaId: number;
  sourceIds: number[];

  @Field(() => Indicator, { description: 'The indicator.' })
  indicator: Indicator;

  @Field(() => [String], { description: 'Periods with a figure, newest first.' })
  periods: string[];

  @Field({ description: 'The newest period with a figure.' })
  latestPeriod: string;

  @Field(() => Int, { description: 'Current figures, over every period and source.' })
  figures: number;

  @Field(() => Int, { description: 'Figures as a source published them.' })
  publishedFigures: number;

  @Field(() => Int, { description: 'Figures the hub computed from published ones (e.g. an office as the sum of its municipalities).' })
  derivedFigures: number;
}
