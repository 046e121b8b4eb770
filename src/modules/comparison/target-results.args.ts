import { Matches } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { ConnectionArgs } from '../../schema/connection';
import { INDICATOR_CODE_PATTERN as INDICATOR_CODE } from '../taxonomy/indicator-code';
import { PERIOD_EXAMPLES, PERIOD_PATTERN } from '../observations/period';
import { RankingLevel } from './comparison.type';

@ArgsType()
export class TargetResultsArgs extends ConnectionArgs {
  @Field({ description: 'The period of the targets, e.g. "2015".' })
  @Matches(PERIOD_PATTERN, { message: `period must look like ${PERIOD_EXAMPLES}` })
  period: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only targets met; false: only targets missed ("which offices missed their targets in 2015"). Without it, every target, also those without a result.',
  })
  met?: boolean;

  @Field(() => RankingLevel, { nullable: true, description: "Only offices' targets, or only whole municipalities'. Without it, both." })
  level?: RankingLevel;

  @Field(() => String, { nullable: true, description: 'Only offices and municipalities of this county (two-digit county number, e.g. "15"); an office counts when it is registered there or serves a municipality there.' })
  @Matches(/^\d{2}$/, { message: 'county must be a two-digit county number such as "15"' })
  county?: string;

  @Field(() => String, { nullable: true, description: 'Only targets for this indicator (its code).' })
  @Matches(INDICATOR_CODE, { message: 'indicator must be an indicator code such as "refugees.settled_quarterly_avg"' })
  indicator?: string;
}
