import { Field, ObjectType } from 'type-graphql';
import type { County, Municipality, Office } from '../geography/geography.type';
import type { Source } from '../sources/source.type';

/**
 * Internal references every row that names an area carries; field resolvers load the objects.
 * Decorated only so that its fields are inherited: no field returns it, so it is not in the schema.
 */
@ObjectType({ simpleResolvers: true, description: 'A row about one office, municipality or county.' })
export abstract class AreaRow {
  officeId: number | null;
  municipalityId: number | null;
  countyCode?: string | null;
  /** Objects a list loaded for all its rows at once (comparison.resolver.ts), so that a row's field needs no loader round. */
  preloaded?: Preloaded;

  @Field({ description: 'Name of the office, municipality or county, e.g. "NAV Bodø", "Oslo" or "Nordland".' })
  name: string;

  @Field({ description: 'Office code, four-digit municipality code or two-digit county number.' })
  code: string;
}

/** The related objects of a row, when its list loaded them for every row in one step. */
export interface Preloaded {
  office?: Office | null;
  municipality?: Municipality | null;
  county?: County | null;
  source?: Source | null;
}

/** Where a figure came from, kept flat for downloads. */
export interface SourceRef {
  sourceId: number;
  sourceTitle: string;
  sourcePublisher: string;
  sourceUrl: string | null;
}
