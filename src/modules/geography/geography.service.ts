import { z } from 'zod';
import type { Database } from '../../db/database';
import { column } from '../../db/rows';
import type { Page } from '../../schema/connection';
import { MUNICIPALITY_HITS, OFFICE_HITS } from '../search/search.sql';
import { County, Municipality, MunicipalityChange, MunicipalityCode, Office, OfficeArea, PeerGroup, Population, PopulationBasis, SimilarMunicipality } from './geography.type';
import { KOSTRA_SCHEME } from './national-reference-model';

const MUNICIPALITY_COLUMNS = `
  m.id AS "internalId", m.code, m.name, m.county_code AS "countyCode",
  m.valid_from_year AS "validFromYear", m.valid_to_year AS "validToYear"`;

const OFFICE_COLUMNS = `
  o.id AS "internalId", o.code, o.name, o.parent_name AS "parentName", o.county_code AS "countyCode",
  o.address, o.origin, o.norg_code AS "norgCode", o.valid_from_year AS "validFromYear", o.valid_to_year AS "validToYear",
  o.former_names AS "formerNames"`;

const POPULATION_COLUMNS = `
  p.municipality_id AS "municipalityId", p.year, p.published_code AS "publishedCode", p.basis, p.total,
  p.age_0_17 AS "age0To17", p.age_16_66 AS "age16To66", p.age_18_24 AS "age18To24", p.age_20_66 AS "age20To66",
  p.age_18_66 AS "age18To66", p.age_25_66 AS "age25To66", p.age_67_plus AS "age67Plus"`;

// The shapes of the rows below, checked as they arrive (src/db/rows.ts). Each is held to the
// GraphQL type it fills, so a field added to the type and not to its statement fails to compile.
const year = column.int.nullable();
const validity = { validFromYear: year, validToYear: year };

const CountyRow = z.object({ code: z.string(), name: z.string(), ...validity }) satisfies z.ZodType<County>;

export const MunicipalityRow = z.object({
  internalId: column.int, code: z.string(), name: z.string(), countyCode: z.string().nullable(), ...validity,
}) satisfies z.ZodType<Omit<Municipality, 'id'>>;

const MunicipalityCodeRow = z.object({ municipalityId: column.int, code: z.string(), name: z.string(), ...validity }) satisfies z.ZodType<MunicipalityCode>;

const MunicipalityChangeRow = z.object({ predecessorId: column.int, successorId: column.int, year: column.int, kind: z.string() }) satisfies z.ZodType<MunicipalityChange>;

const inhabitants = column.int.nullable();
const PopulationRow = z.object({
  municipalityId: column.int, year: column.int, publishedCode: z.string(), basis: z.enum(PopulationBasis), total: column.int,
  age0To17: inhabitants, age16To66: inhabitants, age18To24: inhabitants, age20To66: inhabitants, age18To66: inhabitants,
  age25To66: inhabitants, age67Plus: inhabitants,
}) satisfies z.ZodType<Population>;

const OfficeRow = z.object({
  internalId: column.int, code: z.string(), name: z.string(), parentName: z.string().nullable(), countyCode: z.string().nullable(),
  address: z.string().nullable(), origin: z.string(), norgCode: z.string().nullable(), ...validity, formerNames: z.array(z.string()),
}) satisfies z.ZodType<Omit<Office, 'id'>>;

const OfficeAreaRow = z.object({ officeId: column.int, municipalityId: column.int, district: z.string().nullable(), ...validity }) satisfies z.ZodType<OfficeArea>;

const PeerGroupRow = z.object({
  municipalityId: column.int, scheme: z.string(), code: z.string(), publishedCode: z.string(), population: column.int.nullable(),
}) satisfies z.ZodType<PeerGroup>;

/** A page of a list, with `count(*) OVER ()` on every row. */
const Total = { total: column.count };
const MunicipalityPageRow = MunicipalityRow.extend(Total);
const OfficePageRow = OfficeRow.extend(Total);

const SimilarRow = MunicipalityRow.extend({
  key: column.int, distance: column.float, year: column.int, population: column.int, basis: z.enum(PopulationBasis),
  scheme: z.string(), groupCode: z.string(), publishedCode: z.string(), groupPopulation: column.int.nullable(),
});

/** One `similar` question: the municipality, the year (null: its latest population) and how many. */
export interface SimilarKey {
  municipalityId: number;
  year: number | null;
  first: number;
}

export interface MunicipalityFilter {
  countyCode?: string;
  /** Municipalities that existed in this year; without it, those that exist now. */
  year?: number;
  /** Free text matched by search.sql.ts; with it, the best match comes first. */
  search?: string;
}

export interface OfficeFilter {
  countyCode?: string;
  municipalityCode?: string;
  /** Free text matched by search.sql.ts; with it, the best match comes first. */
  search?: string;
}

/** Municipalities, counties, population and NAV offices: the reference geography. */
export class GeographyService {
  constructor(private readonly db: Database) {}

  async countiesByCodes(codes: readonly string[]): Promise<County[]> {
    return this.db.rows(
      CountyRow,
      'geography.counties_by_codes',
      `SELECT code, name, valid_from_year AS "validFromYear", valid_to_year AS "validToYear"
         FROM counties WHERE code = ANY($1::text[])`,
      [codes],
    );
  }

  async counties(): Promise<County[]> {
    return this.db.rows(
      CountyRow,
      'geography.counties',
      `SELECT code, name, valid_from_year AS "validFromYear", valid_to_year AS "validToYear"
         FROM counties ORDER BY valid_to_year IS NOT NULL, code`,
    );
  }

  async municipalitiesByIds(ids: readonly number[]): Promise<Municipality[]> {
    const rows = await this.db.rows(
      MunicipalityRow,
      'geography.municipalities_by_ids',
      `SELECT ${MUNICIPALITY_COLUMNS} FROM municipalities m WHERE m.id = ANY($1::int[])`,
      [ids],
    );
    return rows.map(Municipality.from);
  }

  /**
   * Finds the municipality unit behind a code. With a year, the code is read as published that
   * year (0101 in 2015 is Halden); without one, the current code wins, then the latest holder.
   */
  async municipalityByCode(code: string, year?: number): Promise<Municipality | null> {
    const rows = await this.db.rows(
      MunicipalityRow,
      'geography.municipality_by_code',
      `SELECT ${MUNICIPALITY_COLUMNS}
         FROM municipality_codes c JOIN municipalities m ON m.id = c.municipality_id
        WHERE c.code = $1
        ORDER BY
          CASE WHEN $2::int IS NOT NULL
                AND coalesce(c.valid_from_year, 0) <= $2::int AND coalesce(c.valid_to_year, 9999) >= $2::int THEN 0 ELSE 1 END,
          (m.valid_to_year IS NULL AND c.valid_to_year IS NULL) DESC,
          coalesce(c.valid_to_year, 9999) DESC
        LIMIT 1`,
      [code, year ?? null],
    );
    if (rows[0]) return Municipality.from(rows[0]);
    // A unit whose own code is not in the code history (no history loaded for it).
    const direct = await this.db.rows(
      MunicipalityRow,
      'geography.municipality_by_own_code',
      `SELECT ${MUNICIPALITY_COLUMNS} FROM municipalities m WHERE m.code = $1 ORDER BY m.valid_to_year IS NULL DESC LIMIT 1`,
      [code],
    );
    return direct[0] ? Municipality.from(direct[0]) : null;
  }

  async municipalityByKey(key: string): Promise<Municipality | null> {
    const [code, lastYear] = key.split(':');
    const rows = await this.db.rows(
      MunicipalityRow,
      'geography.municipality_by_key',
      `SELECT ${MUNICIPALITY_COLUMNS} FROM municipalities m
        WHERE m.code = $1 AND m.valid_to_year IS NOT DISTINCT FROM $2::int`,
      [code, lastYear ? Number(lastYear) : null],
    );
    return rows[0] ? Municipality.from(rows[0]) : null;
  }

  async municipalities(filter: MunicipalityFilter, page: Page): Promise<{ items: Municipality[]; total: number }> {
    const rows = await this.db.rows(
      MunicipalityPageRow,
      'geography.municipalities',
      `SELECT ${MUNICIPALITY_COLUMNS}, count(*) OVER () AS total
         FROM municipalities m
         LEFT JOIN (${MUNICIPALITY_HITS('$5')}) h ON h.id = m.id
        WHERE ($1::text IS NULL OR m.county_code = $1)
          AND CASE WHEN $2::int IS NULL THEN m.valid_to_year IS NULL
                   ELSE coalesce(m.valid_from_year, 0) <= $2::int AND coalesce(m.valid_to_year, 9999) >= $2::int END
          AND ($5::text IS NULL OR h.id IS NOT NULL)
        ORDER BY h.tier, h.similarity DESC, m.code, m.valid_to_year DESC NULLS FIRST
        LIMIT $3 OFFSET $4`,
      [filter.countyCode ?? null, filter.year ?? null, page.limit, page.offset, filter.search ?? null],
    );
    return { items: rows.map(Municipality.from), total: rows[0]?.total ?? 0 };
  }

  async codesByMunicipalityIds(ids: readonly number[]): Promise<MunicipalityCode[]> {
    return this.db.rows(
      MunicipalityCodeRow,
      'geography.codes_by_municipality_ids',
      `SELECT municipality_id AS "municipalityId", code, name,
              valid_from_year AS "validFromYear", valid_to_year AS "validToYear"
         FROM municipality_codes WHERE municipality_id = ANY($1::int[])
        ORDER BY municipality_id, valid_from_year NULLS FIRST`,
      [ids],
    );
  }

  async changesByMunicipalityIds(ids: readonly number[]): Promise<MunicipalityChange[]> {
    return this.db.rows(
      MunicipalityChangeRow,
      'geography.changes_by_municipality_ids',
      `SELECT predecessor_id AS "predecessorId", successor_id AS "successorId", year, kind
         FROM municipality_successions
        WHERE predecessor_id = ANY($1::int[]) OR successor_id = ANY($1::int[])
        ORDER BY year`,
      [ids],
    );
  }

  async populations(keys: readonly { municipalityId: number; year: number }[]): Promise<Population[]> {
    return this.db.rows(
      PopulationRow,
      'geography.populations',
      `SELECT ${POPULATION_COLUMNS}
         FROM populations p
         JOIN unnest($1::int[], $2::int[]) AS k(municipality_id, year)
           ON k.municipality_id = p.municipality_id AND k.year = p.year`,
      [keys.map((k) => k.municipalityId), keys.map((k) => k.year)],
    );
  }

  async populationSeries(ids: readonly number[]): Promise<Population[]> {
    return this.db.rows(
      PopulationRow,
      'geography.population_series',
      `SELECT ${POPULATION_COLUMNS}
         FROM populations p WHERE p.municipality_id = ANY($1::int[]) ORDER BY p.municipality_id, p.year`,
      [ids],
    );
  }

  async officesByIds(ids: readonly number[]): Promise<Office[]> {
    const rows = await this.db.rows(
      OfficeRow,
      'geography.offices_by_ids',
      `SELECT ${OFFICE_COLUMNS} FROM offices o WHERE o.id = ANY($1::int[])`,
      [ids],
    );
    return rows.map(Office.from);
  }

  async officeByCode(code: string): Promise<Office | null> {
    const rows = await this.db.rows(OfficeRow, 'geography.office_by_code', `SELECT ${OFFICE_COLUMNS} FROM offices o WHERE o.code = $1`, [code]);
    return rows[0] ? Office.from(rows[0]) : null;
  }

  /** Finds offices by name or former name (NAV Fana is now Nav Bergen sør), ignoring case and a leading "NAV". */
  async officesByName(name: string): Promise<Office[]> {
    const rows = await this.db.rows(
      OfficeRow,
      'geography.offices_by_name',
      `SELECT ${OFFICE_COLUMNS} FROM offices o
        WHERE EXISTS (SELECT 1 FROM unnest(array_prepend(o.name, o.former_names)) AS n(name)
                       WHERE lower(regexp_replace(n.name, '^NAV\\s+', '', 'i')) = lower(regexp_replace($1, '^NAV\\s+', '', 'i')))
        ORDER BY o.code`,
      [name.trim()],
    );
    return rows.map(Office.from);
  }

  async offices(filter: OfficeFilter, page: Page): Promise<{ items: Office[]; total: number }> {
    const rows = await this.db.rows(
      OfficePageRow,
      'geography.offices',
      `SELECT ${OFFICE_COLUMNS}, count(*) OVER () AS total
         FROM offices o
         LEFT JOIN (${OFFICE_HITS('$5')}) h ON h.id = o.id
        WHERE ($1::text IS NULL OR o.county_code = $1)
          AND ($2::text IS NULL OR EXISTS (
                SELECT 1 FROM office_areas a JOIN municipality_codes c ON c.municipality_id = a.municipality_id
                 WHERE a.office_id = o.id AND c.code = $2))
          AND ($5::text IS NULL OR h.id IS NOT NULL)
        ORDER BY h.tier, h.similarity DESC, o.name, o.code
        LIMIT $3 OFFSET $4`,
      [filter.countyCode ?? null, filter.municipalityCode ?? null, page.limit, page.offset, filter.search ?? null],
    );
    return { items: rows.map(Office.from), total: rows[0]?.total ?? 0 };
  }

  async areasByOfficeIds(ids: readonly number[]): Promise<OfficeArea[]> {
    return this.db.rows(
      OfficeAreaRow,
      'geography.areas_by_office_ids',
      `SELECT office_id AS "officeId", municipality_id AS "municipalityId", district,
              valid_from_year AS "validFromYear", valid_to_year AS "validToYear"
         FROM office_areas WHERE office_id = ANY($1::int[]) ORDER BY office_id, district NULLS FIRST`,
      [ids],
    );
  }

  async areasByMunicipalityIds(ids: readonly number[]): Promise<OfficeArea[]> {
    return this.db.rows(
      OfficeAreaRow,
      'geography.areas_by_municipality_ids',
      `SELECT office_id AS "officeId", municipality_id AS "municipalityId", district,
              valid_from_year AS "validFromYear", valid_to_year AS "validToYear"
         FROM office_areas WHERE municipality_id = ANY($1::int[]) ORDER BY municipality_id, district NULLS FIRST`,
      [ids],
    );
  }

  /** The KOSTRA group of 2015 of each unit that had one. */
  async kostraGroupsByMunicipalityIds(ids: readonly number[]): Promise<PeerGroup[]> {
    return this.db.rows(
      PeerGroupRow,
      'geography.kostra_groups_by_municipality_ids',
      `SELECT municipality_id AS "municipalityId", scheme, group_code AS code, published_code AS "publishedCode", population
         FROM municipality_peer_groups WHERE municipality_id = ANY($1::int[]) AND scheme = $2`,
      [ids, KOSTRA_SCHEME],
    );
  }

  /**
   * For each key, the `first` municipalities of the same KOSTRA group nearest in population that
   * year, in one statement: distance = |ln(population) − ln(population of the subject)|, ties by
   * code. Both populations are of the same year, each on the basis the reference data has for it;
   * a municipality without a population that year is left out. Returns the key's index with each.
   */
  async similarMunicipalities(keys: readonly SimilarKey[]): Promise<{ key: number; similar: SimilarMunicipality }[]> {
    const rows = await this.db.rows(
      SimilarRow,
      'geography.similar_municipalities',
      `WITH k AS (
         SELECT * FROM unnest($1::int[], $2::int[], $3::int[]) WITH ORDINALITY AS k(municipality_id, year, first, ord)
       ), subject AS (
         SELECT k.ord, k.municipality_id, k.first, g.scheme, g.group_code, p.year, p.total
           FROM k
           JOIN municipality_peer_groups g ON g.municipality_id = k.municipality_id AND g.scheme = $4
           -- Without a year: the latest year the subject has a population for.
           CROSS JOIN LATERAL (
             SELECT p.year, p.total FROM populations p
              WHERE p.municipality_id = k.municipality_id AND (k.year IS NULL OR p.year = k.year) AND p.total > 0
              ORDER BY p.year DESC LIMIT 1) p
       ), ranked AS (
         SELECT s.ord, s.first, s.year, s.scheme, po.total AS population, po.basis,
                g.group_code, g.published_code, g.population AS group_population,
                abs(ln(po.total::float8) - ln(s.total::float8)) AS distance,
                row_number() OVER (PARTITION BY s.ord ORDER BY abs(ln(po.total::float8) - ln(s.total::float8)), m.code, m.id) AS rank,
                m.id, m.code, m.name, m.county_code, m.valid_from_year, m.valid_to_year
           FROM subject s
           JOIN municipality_peer_groups g ON g.scheme = s.scheme AND g.group_code = s.group_code AND g.municipality_id <> s.municipality_id
           JOIN populations po ON po.municipality_id = g.municipality_id AND po.year = s.year AND po.total > 0
           JOIN municipalities m ON m.id = g.municipality_id
       )
       SELECT (ord - 1)::int AS key, round(distance::numeric, 4)::float8 AS distance, year, population, basis,
              scheme, group_code AS "groupCode", published_code AS "publishedCode", group_population AS "groupPopulation",
              id AS "internalId", code, name, county_code AS "countyCode", valid_from_year AS "validFromYear", valid_to_year AS "validToYear"
         FROM ranked WHERE rank <= first ORDER BY ord, rank`,
      [keys.map((k) => k.municipalityId), keys.map((k) => k.year), keys.map((k) => k.first), KOSTRA_SCHEME],
    );
    return rows.map((r) => {
      const group = Object.assign(new PeerGroup(), {
        municipalityId: r.internalId, scheme: r.scheme, code: r.groupCode, publishedCode: r.publishedCode, population: r.groupPopulation,
      });
      const municipality = Municipality.from({
        internalId: r.internalId, code: r.code, name: r.name, countyCode: r.countyCode, validFromYear: r.validFromYear, validToYear: r.validToYear,
      });
      return {
        key: r.key,
        similar: Object.assign(new SimilarMunicipality(), { municipality, distance: r.distance, year: r.year, population: r.population, basis: r.basis, group }),
      };
    });
  }
}
