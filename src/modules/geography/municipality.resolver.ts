import { Arg, Args, Ctx, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection, fetchConnection } from '../../schema/connection';
import { checkFilterCodes, UNKNOWN_CODES_REFUSED } from '../../schema/unknown-code';
import { County, Municipality, MunicipalityChange, MunicipalityCode, Office, PeerGroup, Population, SimilarMunicipality } from './geography.type';
import { MunicipalitiesArgs, MunicipalityArgs, SimilarArgs } from './geography.args';

@ObjectType({ description: 'A page of municipalities.' })
export class MunicipalityConnection extends Connection(Municipality, 'Municipality', 'municipality') {}

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => MunicipalityConnection, { description: `Municipalities, by county, year and name; the current ones by default, ordered by code, or best match first with \`search\`. ${UNKNOWN_CODES_REFUSED}` })
  async municipalities(@Args() args: MunicipalitiesArgs, @Ctx() ctx: Context): Promise<MunicipalityConnection> {
    const connection = await fetchConnection(args, (page) => ctx.services.geography.municipalities({ countyCode: args.county, year: args.year, search: args.search }, page));
    if (connection.totalCount === 0) await checkFilterCodes(ctx, [{ kind: 'county', argument: 'county', code: args.county }]);
    return connection;
  }

  @Query(() => Municipality, { nullable: true, description: 'One municipality by its code; null when no municipality ever had the code.' })
  async municipality(@Args() args: MunicipalityArgs, @Ctx() ctx: Context): Promise<Municipality | null> {
    return ctx.services.geography.municipalityByCode(args.code, args.year);
  }

  @Query(() => [County], { description: 'All counties, current ones first.' })
  async counties(@Ctx() ctx: Context): Promise<County[]> {
    return ctx.services.geography.counties();
  }

  @FieldResolver(() => County, { nullable: true, description: 'The county the municipality belongs (or last belonged) to.' })
  async county(@Root() m: Municipality, @Ctx() ctx: Context): Promise<County | null> {
    return m.countyCode ? ctx.loaders.county.load(m.countyCode) : null;
  }

  @FieldResolver(() => Population, {
    nullable: true,
    description:
      'Population on 1 January of the year, on the borders of that year (2010–2018) or else on 2024 borders (see basis); null where the reference data has none for this unit, e.g. before 2020 for a municipality whose borders changed in the 2020 reform.',
  })
  async population(
    @Root() m: Municipality,
    @Arg('year', () => Int, { description: 'The year (population as of 1 January).' }) year: number,
    @Ctx() ctx: Context,
  ): Promise<Population | null> {
    return ctx.loaders.population.load({ municipalityId: m.internalId, year });
  }

  @FieldResolver(() => [Population], { description: 'Every population figure the reference data has for this unit (2005–2026, see basis), oldest first.' })
  async populations(@Root() m: Municipality, @Ctx() ctx: Context): Promise<Population[]> {
    return ctx.loaders.populationSeries.load(m.internalId);
  }

  @FieldResolver(() => [MunicipalityCode], { description: 'Every code the municipality was published under, oldest first.' })
  async codes(@Root() m: Municipality, @Ctx() ctx: Context): Promise<MunicipalityCode[]> {
    return ctx.loaders.municipalityCodes.load(m.internalId);
  }

  @FieldResolver(() => [Municipality], { description: 'Municipalities that were merged (or split) into this one.' })
  async predecessors(@Root() m: Municipality, @Ctx() ctx: Context): Promise<Municipality[]> {
    const changes = await ctx.loaders.municipalityChanges.load(m.internalId);
    return loadAll(ctx, changes.filter((c) => c.successorId === m.internalId).map((c) => c.predecessorId));
  }

  @FieldResolver(() => [Municipality], { description: 'Municipalities this one was merged (or split) into.' })
  async successors(@Root() m: Municipality, @Ctx() ctx: Context): Promise<Municipality[]> {
    const changes = await ctx.loaders.municipalityChanges.load(m.internalId);
    return loadAll(ctx, changes.filter((c) => c.predecessorId === m.internalId).map((c) => c.successorId));
  }

  @FieldResolver(() => [MunicipalityChange], { description: 'Mergers and splits that ended or started this municipality.' })
  async changes(@Root() m: Municipality, @Ctx() ctx: Context): Promise<MunicipalityChange[]> {
    return ctx.loaders.municipalityChanges.load(m.internalId);
  }

  @FieldResolver(() => PeerGroup, { nullable: true, description: "SSB's KOSTRA group of 2015 (groups 1–16, by size and economy); null for a municipality that did not exist in 2015 (those formed by the 2020 reform have none)." })
  async kostraGroup(@Root() m: Municipality, @Ctx() ctx: Context): Promise<PeerGroup | null> {
    return ctx.loaders.kostraGroup.load(m.internalId);
  }

  @FieldResolver(() => [SimilarMunicipality], {
    description:
      'The municipalities of the same KOSTRA group (kostraGroup) nearest in population size, nearest first: distance is |ln(population) − ln(population of this one)|, so size is compared as a ratio. Both populations are of the same year. Empty for a municipality without a KOSTRA group (one formed in 2020 or later), or without a population that year.',
  })
  async similar(@Root() m: Municipality, @Args() args: SimilarArgs, @Ctx() ctx: Context): Promise<SimilarMunicipality[]> {
    return ctx.loaders.similarMunicipalities.load({ municipalityId: m.internalId, year: args.year ?? null, first: args.first });
  }

  @FieldResolver(() => [Office], { description: 'NAV offices serving the municipality (a city may have one per district).' })
  async offices(@Root() m: Municipality, @Ctx() ctx: Context): Promise<Office[]> {
    const areas = await ctx.loaders.areasOfMunicipality.load(m.internalId);
    const offices = await ctx.loaders.office.loadMany([...new Set(areas.map((a) => a.officeId))]);
    return offices.filter((o): o is Office => o instanceof Office);
  }
}

async function loadAll(ctx: Context, ids: number[]): Promise<Municipality[]> {
  const found = await ctx.loaders.municipality.loadMany(ids);
  return found.filter((m): m is Municipality => m instanceof Municipality);
}
