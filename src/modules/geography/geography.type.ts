import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node, toGlobalId } from '../../schema/node';

@ObjectType({ simpleResolvers: true, description: 'A Norwegian county (fylke), as of the years it existed.' })
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

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A municipality (kommune) as a unit over time: it keeps its identity through renumbering, and a merger starts a new one.' })
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

  static from(this: void, row: Omit<Municipality, 'id'>): Municipality {
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

/** Which borders a population figure is counted on (`populations.basis`). */
export enum PopulationBasis {
  OWN_YEAR_BORDERS = 'own_year_borders',
  BORDERS_2024 = 'borders_2024',
}

registerEnumType(PopulationBasis, {
  name: 'PopulationBasis',
  description: 'The borders a population figure is counted on. A ranking uses the population of the figure\'s own year; it says which basis it used.',
  valuesConfig: {
    OWN_YEAR_BORDERS: { description: 'The municipality as it was that year, as SSB published it then (2010–2018).' },
    BORDERS_2024: {
      description:
        "SSB's figure for the area of the 2024 municipality (harmonised by FHI's csdata), given only to a municipality whose borders did not change between that year and 2024, so it is the municipality's own population (2005–2026).",
    },
  },
});

@ObjectType({ description: 'Population on 1 January of a year (SSB table 07459), total and by age group.' })
export class Population {
  municipalityId: number;

  @Field(() => Int, { description: 'The year; the count is as of 1 January.' })
  year: number;

  @Field({ description: 'The municipality code the figures were published under: the code of that year, or on 2024 borders the 2024 code (Halden 2019: "3101").' })
  publishedCode: string;

  @Field(() => PopulationBasis, { description: 'The borders the figure is counted on: the municipality of that year, or the 2024 area of an unchanged municipality.' })
  basis: PopulationBasis;

  @Field(() => Int, { description: 'All inhabitants.' })
  total: number;

  @Field(() => Int, { nullable: true, description: 'Inhabitants aged 0–17; known on 2024 borders only.' })
  age0To17: number | null;

  @Field(() => Int, { nullable: true, description: 'Inhabitants aged 16–66; known on 2024 borders only.' })
  age16To66: number | null;

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

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A NAV office: the partnership of NAV and one or more municipalities, or of one city district.' })
export class Office extends Node {
  internalId: number;
  countyCode: string | null;

  @Field({ description: "Stable office code: for the offices of 2014, the id in Difi's agency register (\"24837\", NAV Bodø); for an office only NAV's register of 2020 has, NAV's unit number (\"0617\", NAV Hallingdal)." })
  code: string;

  @Field({ description: 'Name of the office, e.g. "NAV Bodø".' })
  name: string;

  @Field(() => String, { nullable: true, description: 'The unit the office reported to, as registered.' })
  parentName: string | null;

  @Field(() => String, { nullable: true, description: 'Visiting address as registered.' })
  address: string | null;

  @Field({ description: 'Where the office record comes from, e.g. "difi-2014:navnelikhet" (matched to its municipality by name) or "norg-2020" (only in NAV\'s own register of 2020).' })
  origin: string;

  @Field(() => String, { nullable: true, description: "NAV's own unit number (enhetsnummer in NAV's register NORG), e.g. \"1804\" for NAV Bodø; null for an office NAV's register of 2020 does not name." })
  norgCode: string | null;

  @Field(() => Int, { nullable: true, description: "First year a register shows the office: 2014 (Difi's register) or 2020 (NAV's); it may be older." })
  validFromYear: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Last year the office is known to exist; null while it exists. 2019: in Difi's register of 2014 but not NAV's of 2020. 2020: in NAV's register of March 2020 but no longer in April 2025 (closed or merged some time in between).",
  })
  validToYear: number | null;

  @Field(() => [String], { description: 'Names the office had before its current one (NAV renamed many after mergers), oldest first.' })
  formerNames: string[];

  static from(this: void, row: Omit<Office, 'id'>): Office {
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

@ObjectType({ description: 'A group of comparable municipalities under a named scheme, e.g. SSB\'s KOSTRA groups of 2015 (by size and economy).' })
export class PeerGroup {
  municipalityId: number;

  @Field({ description: 'The grouping, e.g. "kostra-2015" (SSB\'s KOSTRA groups 1–16 of 2015, new grouping).' })
  scheme: string;

  @Field({ description: 'The group within the scheme, e.g. "13" (Bodø, Kristiansund).' })
  code: string;

  @Field({ description: 'The municipality code the group list used (for kostra-2015, a code of 2015).' })
  publishedCode: string;

  @Field(() => Int, { nullable: true, description: 'The population the group list gives for the municipality, as published.' })
  population: number | null;
}

@ObjectType({ description: 'A municipality near another in population size, within the same peer group.' })
export class SimilarMunicipality {
  @Field(() => Municipality, { description: 'The similar municipality.' })
  municipality: Municipality;

  @Field(() => Float, {
    description:
      'How far apart the two populations are: |ln(population) − ln(population of this one)|, rounded to 4 decimals. 0 is the same size; 0.1 is about 10 % larger or smaller; 0.693 is twice or half the size. A ratio, so a town of 10,000 is as far from one of 20,000 as a city of 100,000 is from one of 200,000.',
  })
  distance: number;

  @Field(() => Int, { description: 'The year of both populations (1 January).' })
  year: number;

  @Field(() => Int, { description: "The similar municipality's population that year." })
  population: number;

  @Field(() => PopulationBasis, { description: "The borders the similar municipality's population is counted on." })
  basis: PopulationBasis;

  @Field(() => PeerGroup, { description: 'The peer group both belong to.' })
  group: PeerGroup;
}
