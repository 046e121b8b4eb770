import { Matches, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

export const MAX_SEARCH_HITS = 50;
export const DEFAULT_SEARCH_HITS = 10;

/** A query must hold a letter or a digit: nothing else is searched. */
export const SEARCHABLE = /[\p{L}\p{N}]/u;
export const SEARCH_DESCRIPTION =
  'Free text, case and accents ignored ("bodo" finds Bodø, "sykefravaer" sykefravær); every word must match. With it, results come best match first.';

@ArgsType()
export class SearchArgs {
  @Field({ description: 'What to look for, e.g. "bodo", "nav bodo", "sykefravaer", "1804". Case and accents are ignored; every word must match.' })
  @MaxLength(200, { message: 'query may be at most 200 characters' })
  @Matches(SEARCHABLE, { message: 'query must contain a letter or a digit, e.g. "bodo"' })
  query: string;

  @Field(() => Int, { nullable: true, description: `How many hits to return (1 to ${MAX_SEARCH_HITS}; default ${DEFAULT_SEARCH_HITS}).` })
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_SEARCH_HITS, { message: `first may be at most ${MAX_SEARCH_HITS}; refine the query for more precise hits` })
  first?: number;
}
