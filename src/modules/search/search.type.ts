import { createUnionType, Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { County, Municipality, Office } from '../geography/geography.type';
import { Indicator } from '../taxonomy/taxonomy.type';

export enum SearchKind {
  COUNTY = 'county',
  MUNICIPALITY = 'municipality',
  OFFICE = 'office',
  INDICATOR = 'indicator',
}
registerEnumType(SearchKind, {
  name: 'SearchKind',
  description: 'What a search hit is.',
  valuesConfig: {
    COUNTY: { description: 'A county (fylke).' },
    MUNICIPALITY: { description: 'A municipality, current or former.' },
    OFFICE: { description: 'A NAV office.' },
    INDICATOR: { description: 'A canonical indicator of the taxonomy.' },
  },
});

/** Values are the tiers of search.sql.ts, best first. */
export enum SearchMatch {
  EXACT = 0,
  PREFIX = 1,
  WORD_PREFIX = 2,
  SUBSTRING = 3,
  SIMILAR = 4,
}
registerEnumType(SearchMatch, {
  name: 'SearchMatch',
  description: 'How a query matched, best first. Case and accents never matter: "bodo" is "Bodø".',
  valuesConfig: {
    EXACT: { description: 'The text is the query ("bodo" for Bodø; "bodo" or "nav bodo" for NAV Bodø).' },
    PREFIX: { description: 'The text starts with the query ("kristian" for Kristiansund).' },
    WORD_PREFIX: { description: 'Every word of the query starts a word of the text ("sosialhjelp unge" for "Unge under 25 år på sosialhjelp").' },
    SUBSTRING: { description: 'Every word of the query occurs in the text, or across the code and names of an indicator ("fravaer" for sykefravær).' },
    SIMILAR: { description: 'A word of four letters or more resembles a word of the text (trigram similarity; "kristiansnd" for Kristiansund).' },
  },
});

export enum SearchField {
  NAME = 'name',
  FORMER_NAME = 'formerName',
  CODE = 'code',
  NAME_NB = 'nameNb',
  NAME_EN = 'nameEn',
  NAMES = 'names',
}
registerEnumType(SearchField, {
  name: 'SearchField',
  description: 'What the query matched.',
  valuesConfig: {
    NAME: { description: 'The name (of an office, with or without "NAV").' },
    FORMER_NAME: { description: 'Another name the municipality was published under, or an earlier name of the office.' },
    CODE: { description: 'The code, whole or its start (municipality, county, office, indicator code).' },
    NAME_NB: { description: "The indicator's Norwegian name." },
    NAME_EN: { description: "The indicator's English name." },
    NAMES: { description: "The indicator's code and names together: the words of the query are spread over them." },
  },
});

export const SearchItem = createUnionType({
  name: 'SearchItem',
  description: 'A county, municipality, NAV office or indicator found by search.',
  // No resolveType of our own: type-graphql wraps one in an async function, and the compiled
  // executor (src/server/executor.ts) needs the type at once; its default tells the classes apart.
  types: () => [County, Municipality, Office, Indicator] as const,
});

@ObjectType({ simpleResolvers: true, description: 'One thing a search found, with what matched and how well.' })
export class SearchHit {
  /** Internal id (municipality, office, indicator) or county number, for the item's loader. */
  id: number | null;
  key: string | null;

  @Field(() => SearchKind, { description: 'What was found.' })
  kind: SearchKind;

  @Field(() => SearchMatch, { description: 'How the query matched.' })
  match: SearchMatch;

  @Field(() => SearchField, { description: 'What the query matched.' })
  field: SearchField;

  @Field({ description: 'The text that matched, as published (e.g. "NAV Bodø", a former name, a code).' })
  matched: string;

  @Field(() => Float, { description: 'Trigram similarity of the whole query and the matched text, 0 to 1; orders hits of the same match.' })
  similarity: number;
}
