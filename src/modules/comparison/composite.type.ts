import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Direction } from '../../schema/enums';
import { Indicator } from '../taxonomy/taxonomy.type';
import { RankingLevel } from './comparison.enums';
import { AreaRow } from './area-row.type';

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

  @Field(() => Float, { description: 'The scaled value × weight ÷ (sum of the weights of the indicators this unit has); the contributions add up to the score.' })
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
