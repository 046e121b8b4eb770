import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Comparator } from '../../schema/enums';
import { Indicator } from '../taxonomy/taxonomy.type';
import { TargetStatus } from './comparison.enums';
import { AreaRow, type SourceRef } from './area-row.type';

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
