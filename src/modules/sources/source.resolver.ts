import { Matches } from 'class-validator';
import { Args, ArgsType, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection, ConnectionArgs, fetchConnection } from '../../schema/connection';
import { checkFilterCodes, UNKNOWN_CODES_REFUSED } from '../../schema/unknown-code';
import { Municipality, Office } from '../geography/geography.type';
import { Source } from './source.type';

@ObjectType({ description: 'A page of sources.' })
export class SourceConnection extends Connection(Source, 'Source', 'source') {}

@ArgsType()
class SourcesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only documents about this office (office code).' })
  office?: string;

  @Field(() => String, { nullable: true, description: 'Only documents about this municipality or the offices serving it (four-digit code).' })
  @Matches(/^\d{4}$/, { message: 'municipality must be a four-digit municipality code such as "1804"' })
  municipality?: string;

  @Field({ defaultValue: false, description: 'Include earlier versions of documents that were imported again in a changed version.' })
  includeSuperseded: boolean;
}

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => SourceConnection, { description: `Imported documents, newest report year first. ${UNKNOWN_CODES_REFUSED}` })
  async sources(@Args() args: SourcesArgs, @Ctx() ctx: Context): Promise<SourceConnection> {
    const connection = await fetchConnection(args, (page) =>
      ctx.services.sources.list({ officeCode: args.office, municipalityCode: args.municipality, includeSuperseded: args.includeSuperseded }, page),
    );
    if (connection.totalCount === 0) {
      await checkFilterCodes(ctx, [
        { kind: 'office', argument: 'office', code: args.office },
        { kind: 'municipality', argument: 'municipality', code: args.municipality },
      ]);
    }
    return connection;
  }

  @FieldResolver(() => Office, { nullable: true, description: 'The office the document reports on, where it is one office.' })
  async office(@Root() s: Source, @Ctx() ctx: Context): Promise<Office | null> {
    return s.officeId === null ? null : ctx.loaders.office.load(s.officeId);
  }

  @FieldResolver(() => Municipality, { nullable: true, description: 'The municipality the document reports on, where it is one municipality.' })
  async municipality(@Root() s: Source, @Ctx() ctx: Context): Promise<Municipality | null> {
    return s.municipalityId === null ? null : ctx.loaders.municipality.load(s.municipalityId);
  }

  @FieldResolver(() => Source, { nullable: true, description: 'The newer version that replaced this one; null for the current version.' })
  async supersededBy(@Root() s: Source, @Ctx() ctx: Context): Promise<Source | null> {
    return s.supersededById === null ? null : ctx.loaders.source.load(s.supersededById);
  }

  @FieldResolver(() => [Source], { description: 'Every imported version of this document, oldest first.' })
  async versions(@Root() s: Source, @Ctx() ctx: Context): Promise<Source[]> {
    return ctx.loaders.sourceVersions.load(s.documentKey);
  }

  @FieldResolver(() => String, { description: 'The full text of the document as imported, so that any quote can be checked.' })
  async text(@Root() s: Source, @Ctx() ctx: Context): Promise<string> {
    return ctx.loaders.sourceText.load(s.internalId);
  }
}
