import { Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { ConnectionArgs } from '../../schema/connection';
import { SEARCH_DESCRIPTION, SEARCHABLE } from '../search/search.args';

@ArgsType()
export class MunicipalitiesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only municipalities of this county (two-digit county number, e.g. "18").' })
  @Matches(/^\d{2}$/, { message: 'county must be a two-digit county number such as "18"' })
  county?: string;

  @Field(() => Int, { nullable: true, description: 'Municipalities that existed in this year; without it, those that exist now.' })
  @Min(1838)
  @Max(2100)
  year?: number;

  @Field(() => String, { nullable: true, description: `${SEARCH_DESCRIPTION} Matches the name, every former name and the code ("bodo", "1804").` })
  @MaxLength(200, { message: 'search may be at most 200 characters' })
  @Matches(SEARCHABLE, { message: 'search must contain a letter or a digit, e.g. "bodo"' })
  search?: string;
}

@ArgsType()
export class OfficesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only offices of this county (two-digit county number).' })
  @Matches(/^\d{2}$/, { message: 'county must be a two-digit county number such as "03"' })
  county?: string;

  @Field(() => String, { nullable: true, description: 'Only offices serving this municipality (four-digit code, current or historical).' })
  @Matches(/^\d{4}$/, { message: 'municipality must be a four-digit municipality code such as "1804"' })
  municipality?: string;

  @Field(() => String, { nullable: true, description: `${SEARCH_DESCRIPTION} Matches the name, with or without "NAV" ("bodo", "nav bodo"), and the code.` })
  @MaxLength(200, { message: 'search may be at most 200 characters' })
  @Matches(SEARCHABLE, { message: 'search must contain a letter or a digit, e.g. "nav bodo"' })
  search?: string;
}

@ArgsType()
export class MunicipalityArgs {
  @Field({ description: 'Four-digit municipality code, e.g. "1804" for Bodø; historical codes are found too.' })
  @Length(4, 4, { message: 'code must be a four-digit municipality code such as "1804"' })
  @Matches(/^\d{4}$/, { message: 'code must be a four-digit municipality code such as "1804"' })
  code: string;

  @Field(() => Int, { nullable: true, description: 'Read the code as published in this year (codes were reused after the 2020 and 2024 reforms).' })
  @Min(1838)
  @Max(2100)
  year?: number;
}

/** The most `similar` answers one request may ask for. */
export const MAX_SIMILAR = 50;

@ArgsType()
export class SimilarArgs {
  @Field(() => Int, { defaultValue: 10, description: `How many municipalities, nearest first (at most ${MAX_SIMILAR}).` })
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_SIMILAR, { message: `first may be at most ${MAX_SIMILAR} for similar municipalities` })
  first: number;

  @Field(() => Int, { nullable: true, description: 'Compare populations of this year (1 January); without it, the latest year this municipality has a population for.' })
  @Min(1838)
  @Max(2100)
  year?: number;
}
