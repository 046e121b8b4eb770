import { Field, ObjectType } from 'type-graphql';
import { County, Municipality, Office } from '../geography/geography.type';

/**
 * Internal references every row that names an area carries; field resolvers load the objects.
 * Decorated only so that its fields are inherited: no field returns it, so it is not in the schema.
 */
@ObjectType({ simpleResolvers: true, description: 'A row about one office, municipality or county.' })
export abstract class AreaRow {
  officeId: number | null;
  municipalityId: number | null;
  countyCode?: string | null;
  /** The area's columns, where the row's own statement joined them (a ranking's): no second statement loads the area. */
  carried?: CarriedArea;

  @Field({ description: 'Name of the office, municipality or county, e.g. "NAV Bodø", "Oslo" or "Nordland".' })
  name: string;

  @Field({ description: 'Office code, four-digit municipality code or two-digit county number.' })
  code: string;
}

/** The descriptions of a row's related objects, the same whether a field resolver or the row's list fills them. */
export const RELATED_DESCRIPTIONS = {
  office: 'The office, when the row is about an office.',
  municipality: 'The municipality, when the row is about a whole municipality.',
  county: 'The county, when the row is about a county.',
  source: 'The document the figure was published in (title, url, publisher); null where there is no figure.',
} as const;

/**
 * A related object as its list filled it in: the object, null where the row names none, or the
 * Error its loader answered for the row's key, which graphql-js and graphql-jit report as that
 * field's error just as if a resolver had thrown it.
 */
export type Filled<T> = T | null | Error;

/**
 * A row of a ranking's `rows` or `missing`: its office, municipality and county are plain fields
 * that the list's resolver fills in, for every row and only those its selection asks for, before
 * the rows are walked (comparison.resolver.ts). A field resolver per row would cost a resolver
 * call, a resolve info and type-graphql's wrapper on each of 4,000 rows for what is already
 * known. Such rows reach a query through their list only; no field returns this type itself.
 */
@ObjectType({ simpleResolvers: true, description: 'A row of a ranking about one office, municipality or county.' })
export abstract class ListedAreaRow extends AreaRow {
  @Field(() => Office, { nullable: true, description: RELATED_DESCRIPTIONS.office })
  office?: Filled<Office>;

  @Field(() => Municipality, { nullable: true, description: RELATED_DESCRIPTIONS.municipality })
  municipality?: Filled<Municipality>;

  @Field(() => County, { nullable: true, description: RELATED_DESCRIPTIONS.county })
  county?: Filled<County>;
}

/** Where a figure came from, kept flat for downloads. */
export interface SourceRef {
  sourceId: number;
  sourceTitle: string;
  sourcePublisher: string;
  sourceUrl: string | null;
}

/**
 * The columns of a row's office, municipality or county that its statement joined (ranking.sql.ts):
 * what the geography loaders read, made into the same objects, and only for a field a query asks for.
 */
export interface CarriedArea {
  area_code: string | null;
  area_name: string | null;
  area_county_code: string | null;
  area_valid_from_year: number | null;
  area_valid_to_year: number | null;
  office_parent_name: string | null;
  office_address: string | null;
  office_origin: string | null;
  office_norg_code: string | null;
  office_former_names: string[] | null;
}

/** The row's office from its carried columns; undefined when the statement found none (the loader then answers). */
export function carriedOffice(id: number, c: CarriedArea): Office | undefined {
  if (c.area_code === null || c.area_name === null || c.office_origin === null) return undefined;
  return Office.from({
    internalId: id,
    code: c.area_code,
    name: c.area_name,
    parentName: c.office_parent_name,
    countyCode: c.area_county_code,
    address: c.office_address,
    origin: c.office_origin,
    norgCode: c.office_norg_code,
    validFromYear: c.area_valid_from_year,
    validToYear: c.area_valid_to_year,
    formerNames: c.office_former_names ?? [],
  });
}

/** The row's municipality from its carried columns. */
export function carriedMunicipality(id: number, c: CarriedArea): Municipality | undefined {
  if (c.area_code === null || c.area_name === null) return undefined;
  return Municipality.from({
    internalId: id,
    code: c.area_code,
    name: c.area_name,
    countyCode: c.area_county_code,
    validFromYear: c.area_valid_from_year,
    validToYear: c.area_valid_to_year,
  });
}

/** The row's county from its carried columns. */
export function carriedCounty(c: CarriedArea): County | undefined {
  if (c.area_code === null || c.area_name === null) return undefined;
  return Object.assign(new County(), { code: c.area_code, name: c.area_name, validFromYear: c.area_valid_from_year, validToYear: c.area_valid_to_year });
}
