import { Args, Ctx, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { UNKNOWN_CODES_REFUSED } from '../../schema/unknown-code';
import { Connection, fetchConnection } from '../../schema/connection';
import { TargetResult } from './comparison.type';
import { TargetResultsArgs } from './target-results.args';

@ObjectType({ description: 'A page of published targets with their results.' })
export class TargetResultConnection extends Connection(TargetResult, 'TargetResult', 'published target and its result') {}

@Resolver()
export class TargetResultsResolver {
  @Query(() => TargetResultConnection, {
    description: `Published targets of one period across every office and municipality, each with its result and MET, NOT_MET or NO_VALUE by the scorecard's own comparator (judged in the database by target_met()). \`met: false\` answers "which offices missed their targets in 2015". Ordered by office or municipality name, then label. ${UNKNOWN_CODES_REFUSED}`,
  })
  async targetResults(@Args() args: TargetResultsArgs, @Ctx() ctx: Context): Promise<TargetResultConnection> {
    return fetchConnection(args, (page) => ctx.services.targetResults.targetResults(args, page));
  }
}
