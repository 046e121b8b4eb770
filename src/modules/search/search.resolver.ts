import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { present } from '../../invariant';
import { County } from '../geography/geography.type';
import { DEFAULT_SEARCH_HITS, SearchArgs } from './search.args';
import { SearchHit, SearchItem, SearchKind } from './search.type';

@Resolver(() => SearchHit)
export class SearchResolver {
  @Query(() => [SearchHit], {
    description:
      'Counties, municipalities (also by former names and codes), NAV offices and indicators matching every word of a query, best match first. Case and accents are ignored: "bodo" finds Bodø and NAV Bodø, "sykefravaer" the sick-leave indicators.',
  })
  async search(@Args() args: SearchArgs, @Ctx() ctx: Context): Promise<SearchHit[]> {
    return ctx.services.search.search(args.query, args.first ?? DEFAULT_SEARCH_HITS);
  }

  @FieldResolver(() => SearchItem, { description: 'What was found.' })
  async item(@Root() hit: SearchHit, @Ctx() ctx: Context): Promise<typeof SearchItem | null> {
    // The search statement fills `id` for units and indicators and `key` for counties.
    switch (hit.kind) {
      case SearchKind.MUNICIPALITY:
        return ctx.loaders.municipality.load(present(hit.id, 'the id of a municipality hit'));
      case SearchKind.OFFICE:
        return ctx.loaders.office.load(present(hit.id, 'the id of an office hit'));
      case SearchKind.INDICATOR:
        return ctx.loaders.indicator.load(present(hit.id, 'the id of an indicator hit'));
      case SearchKind.COUNTY: {
        const county = await ctx.loaders.county.load(present(hit.key, 'the key of a county hit'));
        return county && Object.assign(new County(), county);
      }
    }
  }
}
