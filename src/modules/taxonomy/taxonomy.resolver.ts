import { Matches, MaxLength } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection, ConnectionArgs, fetchConnection } from '../../schema/connection';
import { checkFilterCodes, UNKNOWN_CODES_REFUSED } from '../../schema/unknown-code';
import { SEARCH_DESCRIPTION, SEARCHABLE } from '../search/search.args';
import { Municipality, Office } from '../geography/geography.type';
import { Source } from '../sources/source.type';
import { Indicator, IndicatorCoverage, IndicatorRelation, PublishedIndicator, Theme } from './taxonomy.type';

@ObjectType({ description: 'A page of indicators.' })
export class IndicatorConnection extends Connection(Indicator, 'Indicator', 'indicator') {}

@ArgsType()
class IndicatorsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only indicators of this theme or its sub-themes, e.g. "social_assistance".' })
  @MaxLength(100)
  theme?: string;

  @Field(() => String, { nullable: true, description: `${SEARCH_DESCRIPTION} Matches the code and the Norwegian and English names.` })
  @MaxLength(200, { message: 'search may be at most 200 characters' })
  @Matches(SEARCHABLE, { message: 'search must contain a letter or a digit, e.g. "sykefravaer"' })
  search?: string;
}

@Resolver(() => Indicator)
export class IndicatorResolver {
  @Query(() => IndicatorConnection, { description: `The canonical indicators, by theme and free text; ordered by code, or best match first with \`search\`. ${UNKNOWN_CODES_REFUSED}` })
  async indicators(@Args() args: IndicatorsArgs, @Ctx() ctx: Context): Promise<IndicatorConnection> {
    const connection = await fetchConnection(args, (page) => ctx.services.taxonomy.indicators({ theme: args.theme, search: args.search }, page));
    if (connection.totalCount === 0) await checkFilterCodes(ctx, [{ kind: 'theme', argument: 'theme', code: args.theme }]);
    return connection;
  }

  @Query(() => Indicator, { nullable: true, description: 'One indicator by its code; null when there is none.' })
  async indicator(
    @Arg('code', { description: 'Indicator code, e.g. "social_assistance.recipients_monthly_avg".' }) code: string,
    @Ctx() ctx: Context,
  ): Promise<Indicator | null> {
    return ctx.loaders.indicatorByCode.load(code);
  }

  @FieldResolver(() => Theme, { description: 'The theme the indicator belongs to.' })
  async theme(@Root() i: Indicator, @Ctx() ctx: Context): Promise<Theme | null> {
    return ctx.loaders.theme.load(i.themeCode);
  }

  @FieldResolver(() => [IndicatorRelation], { description: 'How this indicator relates to others.' })
  async related(@Root() i: Indicator, @Ctx() ctx: Context): Promise<IndicatorRelation[]> {
    return ctx.loaders.indicatorRelations.load(i.internalId);
  }

  @FieldResolver(() => [String], { description: 'Periods with at least one current figure, at any level, newest first.' })
  async periods(@Root() i: Indicator, @Ctx() ctx: Context): Promise<string[]> {
    return (await ctx.loaders.indicatorCoverage.load(i.internalId)).map((c) => c.period);
  }

  @FieldResolver(() => [IndicatorCoverage], {
    description:
      'Per period, newest first: how many offices, municipalities and counties (and whether the country) have a current figure, from how many sources, and how many figures were published or computed by the hub.',
  })
  async coverage(@Root() i: Indicator, @Ctx() ctx: Context): Promise<IndicatorCoverage[]> {
    return ctx.loaders.indicatorCoverage.load(i.internalId);
  }
}

@Resolver(() => Office)
export class OfficeIndicatorsResolver {
  @FieldResolver(() => [PublishedIndicator], { description: "The indicators the office has its own current figures for, by indicator code: what it publishes." })
  async indicators(@Root() o: Office, @Ctx() ctx: Context): Promise<PublishedIndicator[]> {
    return ctx.loaders.officeIndicators.load(o.internalId);
  }
}

@Resolver(() => Municipality)
export class MunicipalityIndicatorsResolver {
  @FieldResolver(() => [PublishedIndicator], {
    description: 'The indicators with current figures for the whole municipality (not for one of its offices), by indicator code.',
  })
  async indicators(@Root() m: Municipality, @Ctx() ctx: Context): Promise<PublishedIndicator[]> {
    return ctx.loaders.municipalityIndicators.load(m.internalId);
  }
}

@Resolver(() => PublishedIndicator)
export class PublishedIndicatorResolver {
  @FieldResolver(() => [Source], { description: 'The documents the figures come from.' })
  async sources(@Root() p: PublishedIndicator, @Ctx() ctx: Context): Promise<Source[]> {
    const sources = await ctx.loaders.source.loadMany(p.sourceIds);
    return sources.filter((s): s is Source => s instanceof Source);
  }
}

@Resolver(() => IndicatorRelation)
export class IndicatorRelationResolver {
  @FieldResolver(() => Indicator, { description: 'The related indicator.' })
  async indicator(@Root() r: IndicatorRelation, @Ctx() ctx: Context): Promise<Indicator | null> {
    return ctx.loaders.indicator.load(r.relatedIndicatorId);
  }
}

@Resolver(() => Theme)
export class ThemeResolver {
  @Query(() => [Theme], { description: 'Every theme of the taxonomy, in display order; use `parent` and `children` for the hierarchy.' })
  async themes(@Ctx() ctx: Context): Promise<Theme[]> {
    return ctx.services.taxonomy.themes();
  }

  @FieldResolver(() => Theme, { nullable: true, description: 'The broader theme; null for a top-level theme.' })
  async parent(@Root() t: Theme, @Ctx() ctx: Context): Promise<Theme | null> {
    return t.parentCode ? ctx.loaders.theme.load(t.parentCode) : null;
  }

  @FieldResolver(() => [Theme], { description: 'The narrower themes.' })
  async children(@Root() t: Theme, @Ctx() ctx: Context): Promise<Theme[]> {
    return ctx.loaders.childThemes.load(t.code);
  }

  @FieldResolver(() => [Indicator], { description: 'The indicators directly under this theme.' })
  async indicators(@Root() t: Theme, @Ctx() ctx: Context): Promise<Indicator[]> {
    return ctx.loaders.themeIndicators.load(t.code);
  }
}
