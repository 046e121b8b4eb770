import { Args, ArgsType, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Matches } from 'class-validator';
import type { Context } from '../../context';
import { Connection, fetchConnection } from '../../schema/connection';
import { checkFilterCodes, UNKNOWN_CODES_REFUSED } from '../../schema/unknown-code';
import { ClientError } from '../../schema/errors';
import { County, Municipality, Office, OfficeArea } from './geography.type';
import { OfficesArgs } from './geography.args';

@ObjectType({ description: 'A page of NAV offices.' })
export class OfficeConnection extends Connection(Office, 'Office', 'NAV office') {}

@ArgsType()
class OfficeArgs {
  @Field(() => String, { nullable: true, description: 'The office code, e.g. "24837" for NAV Bodø.' })
  @Matches(/^[\w.-]{1,40}$/, { message: 'code must be an office code such as "24837"' })
  code?: string;

  @Field(() => String, { nullable: true, description: 'The office name, with or without "NAV", e.g. "NAV Bodø" or "Bodø".' })
  name?: string;
}

@Resolver(() => Office)
export class OfficeResolver {
  @Query(() => OfficeConnection, { description: `NAV offices, by county, by a municipality they serve and by name; ordered by name, or best match first with \`search\`. ${UNKNOWN_CODES_REFUSED}` })
  async offices(@Args() args: OfficesArgs, @Ctx() ctx: Context): Promise<OfficeConnection> {
    const connection = await fetchConnection(args, (page) =>
      ctx.services.geography.offices({ countyCode: args.county, municipalityCode: args.municipality, search: args.search }, page),
    );
    if (connection.totalCount === 0) {
      await checkFilterCodes(ctx, [
        { kind: 'county', argument: 'county', code: args.county },
        { kind: 'municipality', argument: 'municipality', code: args.municipality },
      ]);
    }
    return connection;
  }

  @Query(() => Office, { nullable: true, description: 'One NAV office by code or by name; null when none matches.' })
  async office(@Args() args: OfficeArgs, @Ctx() ctx: Context): Promise<Office | null> {
    if (args.code) return ctx.services.geography.officeByCode(args.code);
    if (!args.name) throw new ClientError('office needs a code or a name, e.g. office(code: "24837") or office(name: "NAV Bodø")', 'BAD_USER_INPUT', 'code');
    const found = await ctx.services.geography.officesByName(args.name);
    if (found.length > 1) {
      throw new ClientError(`"${args.name}" names ${found.length} offices (${found.map((o) => o.code).join(', ')}); ask by code`, 'BAD_USER_INPUT', 'name', args.name);
    }
    return found[0] ?? null;
  }

  @FieldResolver(() => County, { nullable: true, description: 'The county the office is in.' })
  async county(@Root() o: Office, @Ctx() ctx: Context): Promise<County | null> {
    return o.countyCode ? ctx.loaders.county.load(o.countyCode) : null;
  }

  @FieldResolver(() => [OfficeArea], { description: 'The areas the office serves, per period.' })
  async areas(@Root() o: Office, @Ctx() ctx: Context): Promise<OfficeArea[]> {
    return ctx.loaders.officeAreas.load(o.internalId);
  }

  @FieldResolver(() => [Municipality], { description: 'The municipalities the office serves (in whole or in part).' })
  async municipalities(@Root() o: Office, @Ctx() ctx: Context): Promise<Municipality[]> {
    const areas = await ctx.loaders.officeAreas.load(o.internalId);
    const found = await ctx.loaders.municipality.loadMany([...new Set(areas.map((a) => a.municipalityId))]);
    return found.filter((m): m is Municipality => m instanceof Municipality);
  }
}

@Resolver(() => OfficeArea)
export class OfficeAreaResolver {
  @FieldResolver(() => Municipality, { description: 'The municipality of the area.' })
  async municipality(@Root() a: OfficeArea, @Ctx() ctx: Context): Promise<Municipality | null> {
    return ctx.loaders.municipality.load(a.municipalityId);
  }
}
