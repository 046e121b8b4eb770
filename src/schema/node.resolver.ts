import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { fromGlobalId, Node } from './node';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Fetches any object by its global id; null when the id names nothing.' })
  async node(@Arg('id', () => ID, { description: 'A global id, as returned in an `id` field.' }) id: string, @Ctx() ctx: Context): Promise<Node | null> {
    const ref = fromGlobalId(id);
    if (!ref) return null;
    const { geography, sources } = ctx.services;
    switch (ref.type) {
      case 'Municipality':
        return geography.municipalityByKey(ref.key);
      case 'Office':
        return geography.officeByCode(ref.key);
      case 'Indicator':
        return ctx.loaders.indicatorByCode.load(ref.key);
      case 'Theme':
        return ctx.loaders.theme.load(ref.key);
      case 'Source':
        return sources.bySha256(ref.key);
      case 'Observation':
        return /^\d{1,18}$/.test(ref.key) ? ctx.loaders.observation.load(ref.key) : null;
      case 'RawIndicator':
        return /^\d{1,9}$/.test(ref.key) ? ctx.loaders.rawIndicator.load(Number(ref.key)) : null;
      default:
        return null;
    }
  }
}
