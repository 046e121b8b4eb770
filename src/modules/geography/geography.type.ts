import { Field, Int, ObjectType } from 'type-graphql';
import { Node, toGlobalId } from '../../schema/node';

@ObjectType({ description: 'A Norwegian county (fylke), as of the years it existed.' })
export class County {
  @Field({ description: 'Two-digit county number, e.g. "18" for Nordland.' })
  code: string;

  @Field({ description: 'County name as SSB publishes it.' })
  name: string;

  @Field(() => Int, { nullable: true, description: 'First year the county existed with this code, where known.' })
  validFromYear: number | null;

  @Field(() => Int, { nullable: true, description: 'Last year the county existed with this code; null while it exists.' })
  validToYear: number | null;
}

@ObjectType({ implements: Node, description: 'A municipality (kommune) as a unit over time: it keeps its identity through renumbering, and a merger starts a new one.' })
export class Municipality extends Node {
  internalId: number;
  countyCode: string | null;

  @Field({ description: 'Four-digit municipality code (kommunenummer): the current code, or the last one of a municipality that no longer exists.' })
  code: string;

  @Field({ description: 'Name of the municipality.' })
  name: string;

  @Field(() => Int, { nullable: true, description: 'First year the municipality existed as this unit, where known.' })
  validFromYear: number | null;

  @Field(() => Int, { nullable: true, description: 'Last year the municipality existed as this unit; null while it exists.' })
  validToYear: number | null;

  static from(row: Omit<Municipality, 'id'>): Municipality {
    const m = Object.assign(new Municipality(), row);
    m.id = toGlobalId('Municipality', municipalityKey(row));
    return m;
  }
}

/** The public key of a municipality unit: its code, or `code:lastYear` for one that no longer exists. */
export function municipalityKey(row: { code: string; validToYear: number | null }): string {
  return row.validToYear === null ? row.code : `${row.code}:${row.validToYear}`;
}

@ObjectType({ description: 'A code a municipality was published under, and in which years.' })
export class MunicipalityCode {
  municipalityId: number;

  @Field({ description: 'Four-digit municipality code.' })
  code: string;

  @Field({ description: 'The name published with this code.' })
  name: string;

  @Field(() => Int, { nullable: true, description: 'First year the code was in use, where known.' })
  validFromYear: number | null;

  @Field(() => Int, { nullable: true, description: 'Last year the code was in use; null while in use.' })
  validToYear: number | null;
}

@ObjectType({ description: 'A change that ended or started a municipality: a merger or a split.' })
export class MunicipalityChange {
  predecessorId: number;
  successorId: number;

  @Field(() => Int, { description: 'The year the change took effect (1 January).' })
  year: number;

  @Field({ description: 'What happened: merged, split or transferred.' })
  kind: string;
}

@ObjectType({ description: 'Population on 1 January of a year (SSB table 07459), total and by age group.' })
export class Population {
  municipalityId: number;

  @Field(() => Int, { description: 'The year; the count is as of 1 January.' })
  year: number;

  @Field({ description: 'The municipality code the figures were published under that year.' })
  publishedCode: string;

  @Field(() => Int, { description: 'All inhabitants.' })
  total: number;

  @Field(() => Int, { nullable: true, description: 'Inhabitants aged 18–24.' })
  age18To24: number | null;

  @Field(() => Int, { nullable: true, description: 'Inhabitants aged 20–66 (the denominator of KOSTRA social-assistance shares).' })
  age20To66: number | null;

  @Field(() => Int, { nullable: true, description: 'Inhabitants aged 18–66.' })
  age18To66: number | null;

  @Field(() => Int, { nullable: true, description: 'Inhabitants aged 25–66.' })
  age25To66: number | null;

  @Field(() => Int, { nullable: true, description: 'Inhabitants aged 67 and over.' })
  age67Plus: number | null;
}

@ObjectType({ implements: Node, description: 'A NAV office: the partnership of NAV and one or more municipalities, or of one city district.' })
export class Office extends Node {
  internalId: number;
  countyCode: string | null;

  @Field({ description: "Stable office code (for the offices of 2014, the id in Difi's agency register)." })
  code: string;

  @Field({ description: 'Name of the office, e.g. "NAV Bodø".' })
  name: string;

  @Field(() => String, { nullable: true, description: 'The unit the office reported to, as registered.' })
  parentName: string | null;

  @Field(() => String, { nullable: true, description: 'Visiting address as registered.' })
  address: string | null;

  @Field({ description: 'Where the office record comes from, e.g. "difi-2014:navnelikhet" (matched to its municipality by name).' })
  origin: string;

  static from(row: Omit<Office, 'id'>): Office {
    const o = Object.assign(new Office(), row);
    o.id = toGlobalId('Office', row.code);
    return o;
  }
}

@ObjectType({ description: 'The area an office serves in a period: a municipality, or one district of it.' })
export class OfficeArea {
  officeId: number;
  municipalityId: number;

  @Field(() => String, { nullable: true, description: 'The city district, where the office serves one district (e.g. "Gamle Oslo").' })
  district: string | null;

  @Field(() => Int, { nullable: true, description: 'First year of the period, where known.' })
  validFromYear: number | null;

  @Field(() => Int, { nullable: true, description: 'Last year of the period; null while it lasts.' })
  validToYear: number | null;
}
