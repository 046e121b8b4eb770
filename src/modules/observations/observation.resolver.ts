import { Matches, Max, MaxLength, Min } from 'class-validator';
import { Args, ArgsType, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection, ConnectionArgs, fetchConnection } from '../../schema/connection';
import { checkFilterCodes, UNKNOWN_CODES_REFUSED } from '../../schema/unknown-code';
import { ObservationKind } from '../../schema/enums';
import { Municipality, Office } from '../geography/geography.type';
import { Source } from '../sources/source.type';
import { Indicator } from '../taxonomy/taxonomy.type';
import { Observation, RawIndicator, Revision, Target } from './observation.type';
import { PERIOD_EXAMPLES, PERIOD_PATTERN } from './period';

@ObjectType({ description: 'A page of observations.' })
export class ObservationConnection extends Connection(Observation, 'Observation', 'observation') {}

@ObjectType({ description: 'A page of raw indicators.' })
export class RawIndicatorConnection extends Connection(RawIndicator, 'RawIndicator', 'raw indicator') {}


@ArgsType()
class ObservationsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Indicator code, e.g. "social_assistance.recipients_monthly_avg".' })
  @MaxLength(100)
  indicator?: string;

  @Field(() => String, { nullable: true, description: 'Office code, e.g. "24837" (NAV Bodø).' })
  @MaxLength(40)
  office?: string;

  @Field(() => String, { nullable: true, description: 'Municipality code: figures of the municipality and of the offices serving it (Oslo: all its district offices).' })
  @Matches(/^\d{4}$/, { message: 'municipality must be a four-digit municipality code such as "1804"' })
  municipality?: string;

  @Field(() => String, { nullable: true, description: 'Exactly this period: "2018", "2015-Q3" or "2018-03".' })
  @Matches(PERIOD_PATTERN, { message: `period must look like ${PERIOD_EXAMPLES}` })
  period?: string;

  @Field(() => Int, { nullable: true, description: 'Periods in this year or later.' })
  @Min(1900)
  @Max(2100)
  fromYear?: number;

  @Field(() => Int, { nullable: true, description: 'Periods in this year or earlier.' })
  @Min(1900)
  @Max(2100)
  toYear?: number;

  @Field(() => ObservationKind, { nullable: true, description: 'Only results, or only required results.' })
  kind?: ObservationKind;

  @Field({ defaultValue: false, description: 'Include figures of earlier versions of sources that were replaced by a newer version.' })
  includeSuperseded: boolean;

  @Field({ defaultValue: false, description: 'Only figures whose label is not mapped to a canonical indicator yet.' })
  unmappedOnly: boolean;
}

@ArgsType()
class RawIndicatorsArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, description: 'True: only mapped labels; false: only unmapped ones; omitted: all.' })
  mapped?: boolean;
}

@Resolver(() => Observation)
export class ObservationResolver {
  @Query(() => ObservationConnection, { description: `Published figures, filtered by indicator, office or municipality, period and kind. ${UNKNOWN_CODES_REFUSED}` })
  async observations(@Args() args: ObservationsArgs, @Ctx() ctx: Context): Promise<ObservationConnection> {
    const filter = {
      indicatorCode: args.indicator,
      officeCode: args.office,
      municipalityCode: args.municipality,
      period: args.period,
      fromYear: args.fromYear,
      toYear: args.toYear,
      kind: args.kind,
      includeSuperseded: args.includeSuperseded,
      unmappedOnly: args.unmappedOnly,
    };
    const connection = await fetchConnection(args, (page) => ctx.services.observations.list(filter, page));
    if (connection.totalCount === 0) {
      await checkFilterCodes(ctx, [
        { kind: 'indicator', argument: 'indicator', code: args.indicator },
        { kind: 'office', argument: 'office', code: args.office },
        { kind: 'municipality', argument: 'municipality', code: args.municipality },
      ]);
    }
    return connection;
  }

  @Query(() => RawIndicatorConnection, { description: 'Labels as sources publish them, mapped or not; unmapped ones first.' })
  async rawIndicators(@Args() args: RawIndicatorsArgs, @Ctx() ctx: Context): Promise<RawIndicatorConnection> {
    return fetchConnection(args, (page) => ctx.services.observations.rawIndicators({ mapped: args.mapped }, page));
  }

  @FieldResolver(() => Indicator, { nullable: true, description: 'The canonical indicator; null while the label is unmapped.' })
  async indicator(@Root() o: Observation, @Ctx() ctx: Context): Promise<Indicator | null> {
    return o.indicatorId === null ? null : ctx.loaders.indicator.load(o.indicatorId);
  }

  @FieldResolver(() => RawIndicator, { description: 'The label the figure was published under.' })
  async rawIndicator(@Root() o: Observation, @Ctx() ctx: Context): Promise<RawIndicator | null> {
    return ctx.loaders.rawIndicator.load(o.rawIndicatorId);
  }

  @FieldResolver(() => Office, { nullable: true, description: 'The office the figure is about, where it is about one office.' })
  async office(@Root() o: Observation, @Ctx() ctx: Context): Promise<Office | null> {
    return o.officeId === null ? null : ctx.loaders.office.load(o.officeId);
  }

  @FieldResolver(() => Municipality, { nullable: true, description: 'The municipality the figure is about, where it is about a whole municipality.' })
  async municipality(@Root() o: Observation, @Ctx() ctx: Context): Promise<Municipality | null> {
    return o.municipalityId === null ? null : ctx.loaders.municipality.load(o.municipalityId);
  }

  @FieldResolver(() => Source, { description: 'The document the figure was published in.' })
  async source(@Root() o: Observation, @Ctx() ctx: Context): Promise<Source | null> {
    return ctx.loaders.source.load(o.sourceId);
  }

  @FieldResolver(() => [Revision], {
    description: 'The same figure (unit, indicator, period) as other current sources publish it, best first by the rule of `chosen`; empty when no other source publishes it.',
  })
  async revisions(@Root() o: Observation, @Ctx() ctx: Context): Promise<Revision[]> {
    return (await ctx.loaders.revisions.load(o.internalId)).others;
  }

  @FieldResolver(() => Boolean, {
    description:
      'True when rankings and comparisons use this figure for its unit, indicator and period. Among several published figures the rule is: a value before a withheld one, then the newest report, then the latest import. False for targets, unmapped and superseded figures.',
  })
  async chosen(@Root() o: Observation, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.loaders.revisions.load(o.internalId)).chosen;
  }

  @FieldResolver(() => Target, { nullable: true, description: 'The target published for the same label, area and period; null where there is none.' })
  async target(@Root() o: Observation, @Ctx() ctx: Context): Promise<Target | null> {
    return o.kind === ObservationKind.ACTUAL ? ctx.loaders.target.load(o.internalId) : null;
  }
}

@Resolver(() => Revision)
export class RevisionResolver {
  @FieldResolver(() => Source, { description: 'The document that publishes this figure.' })
  async source(@Root() r: Revision, @Ctx() ctx: Context): Promise<Source | null> {
    return ctx.loaders.source.load(r.sourceId);
  }
}

@Resolver(() => RawIndicator)
export class RawIndicatorResolver {
  @FieldResolver(() => Indicator, { nullable: true, description: 'The canonical indicator it maps to; null while unmapped.' })
  async indicator(@Root() r: RawIndicator, @Ctx() ctx: Context): Promise<Indicator | null> {
    return r.indicatorId === null ? null : ctx.loaders.indicator.load(r.indicatorId);
  }

  @FieldResolver(() => Source, { description: 'The document that published the label.' })
  async source(@Root() r: RawIndicator, @Ctx() ctx: Context): Promise<Source | null> {
    return ctx.loaders.source.load(r.sourceId);
  }
}

@ArgsType()
class AreaObservationsArgs {
  @Field(() => String, { nullable: true, description: 'Only this indicator (code).' })
  @MaxLength(100)
  indicator?: string;

  @Field(() => String, { nullable: true, description: 'Only this period: "2018", "2015-Q3" or "2018-03".' })
  @Matches(PERIOD_PATTERN, { message: `period must look like ${PERIOD_EXAMPLES}` })
  period?: string;

  @Field(() => Int, { defaultValue: 20, description: 'At most this many (1 to 100), ordered by indicator and period.' })
  @Min(1)
  @Max(100, { message: 'first may be at most 100' })
  first: number;
}

@Resolver(() => Office)
export class OfficeObservationsResolver {
  @FieldResolver(() => [Observation], { description: "The office's current figures, by indicator and period." })
  async observations(@Root() office: Office, @Args() args: AreaObservationsArgs, @Ctx() ctx: Context): Promise<Observation[]> {
    return ctx.loaders.areaObservations.load({ level: 'office', areaId: office.internalId, indicatorCode: args.indicator ?? null, period: args.period ?? null, limit: args.first });
  }
}

@Resolver(() => Municipality)
export class MunicipalityObservationsResolver {
  @FieldResolver(() => [Observation], { description: 'Figures published for the municipality as a whole (not those of its offices; see observations(municipality:) for both).' })
  async observations(@Root() m: Municipality, @Args() args: AreaObservationsArgs, @Ctx() ctx: Context): Promise<Observation[]> {
    return ctx.loaders.areaObservations.load({ level: 'municipality', areaId: m.internalId, indicatorCode: args.indicator ?? null, period: args.period ?? null, limit: args.first });
  }
}
