import { Field, Float, ObjectType } from 'type-graphql';
import { Direction, QualityFlag } from '../../schema/enums';
import { Municipality } from '../geography/geography.type';
import { Indicator } from '../taxonomy/taxonomy.type';
import { Trend } from './comparison.enums';
import { AreaRow, type SourceRef } from './area-row.type';

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
