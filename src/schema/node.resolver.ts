import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { fromGlobalId, Node } from './node';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Fetches any object by its global id; null when the id names nothing.' })
  async node(@Arg('id', () => ID, { description: 'A global id, as returned in an `id` field.' }) id: string, @Ctx() ctx: Context): Promise<Node | null> {
    const ref = fromGlobalId(id);
    if (!ref) return null;
    const { geography } = ctx.services;
    switch (ref.type) {
      case 'Municipality':
        return geography.municipalityByKey(ref.key);
      case 'Office':
        return geography.officeByCode(ref.key);
      default:
        return null;
    }
  }
}
