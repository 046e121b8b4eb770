import { Field, Float, ObjectType } from 'type-graphql';
import { QualityFlag } from '../../schema/enums';
import { Municipality } from '../geography/geography.type';
import { Indicator } from '../taxonomy/taxonomy.type';
import { MissingReason } from './comparison.enums';
import { AreaRow } from './area-row.type';

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
