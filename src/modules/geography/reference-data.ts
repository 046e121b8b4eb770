import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import type { Database } from '../../db/database';
import { column } from '../../db/rows';
import { loadOncePerChecksum } from '../../db/dataset-loads';
import { referenceDir } from '../../paths';
import {
  buildReferenceModel,
  REFERENCE_FILE_NAMES,
  ReferenceDataError,
  type ReferenceFiles,
} from './reference-data-model';
import { buildNationalModel, KOSTRA_SCHEME, NORG_ORIGIN, type NationalModel } from './national-reference-model';

export { ReferenceDataError } from './reference-data-model';

/** The name under which this data set's checksum is kept in `dataset_loads`. */
export const REFERENCE_DATASET = 'reference-data';

/**
 * Part of the checksum, so that a change to the identity rules reloads the data even when
 * the files are unchanged. Raise it whenever the derivation changes what is written.
 */
const LOADER_VERSION = 'geography-v2';

/** Offices of Difi's 2014 register (the test counts keep meaning those). */
const DIFI_ORIGIN_PATTERN = 'difi-2014%';
/** Offices this loader owns (Difi's and NAV's registers); offices of other origins (curated) are left alone. */
const OWN_ORIGIN_PATTERNS = [DIFI_ORIGIN_PATTERN, NORG_ORIGIN];
/** Peer-group schemes this loader owns. */
const OWN_PEER_SCHEMES = [KOSTRA_SCHEME];

/** `reference/data` of the project. */
export function defaultReferenceDataDir(): string {
  return path.join(referenceDir, 'data');
}

export interface ReferenceDataResult {
  /** False when the same files (same checksum) were loaded before: nothing was written. */
  loaded: boolean;
  /** Rows per table; when the model was built, also what its derivation set aside or matched. */
  counts: Record<string, number>;
}

/**
 * Loads counties, municipality units with their code history and successions, population
 * (2010–2018 on each year's borders, 2005–2026 on 2024 borders where the borders did not change),
 * KOSTRA groups of 2015, and the NAV offices of 2014 (Difi) and 2020 (NAV's register, ended and
 * renamed by its units of 2025) from `dir`, at most once per checksum of the files.
 *
 * A reload (changed files) runs in one transaction and upserts by natural keys, so the ids that
 * sources and observations point at stay the same: municipalities are matched on their code
 * history (code, first year), offices on their code (Difi id, or NAV's number for an office only
 * NAV's register has), code rows on (code, first year), peer groups on (municipality, scheme).
 * Rows that are no longer in the data are deleted, unless something outside the geography
 * tables points at them; then the load fails rather than cascade-delete published figures.
 */
export async function loadReferenceData(db: Database, dir = defaultReferenceDataDir()): Promise<ReferenceDataResult> {
  const raw = readFiles(dir);
  const sha256 = checksum(raw);
  // The model is built only for new files: every restart comes here, and building it takes
  // longer than the rest of the check.
  const outcome = await loadOncePerChecksum(db, { name: REFERENCE_DATASET, sha256 }, async (client) => {
    const files = decode(raw);
    const model = buildNationalModel(buildReferenceModel(files), files);
    await writeModel(client, model);
    return {
      unplacedPopulationRows: model.unplacedPopulation.length,
      unplacedOfficeAreas: model.unplacedOfficeAreas.length,
      repairedNames: model.repairedNames,
      ignoredBorderCodes: model.ignoredBorderCodes.length,
      unplacedPeerGroups: model.unplacedPeerGroups.length,
      skippedNorgRows: model.skippedNorgRows.length,
      norgOfficesMatchedToDifi: model.norg.matchedToDifi,
      norgOfficesEnded: model.norg.ended,
      norgOfficesRenamed: model.norg.renamed,
    };
  });
  const counts = await countRows(db);
  return outcome.loaded ? { loaded: true, counts: { ...counts, ...outcome.result } } : { loaded: false, counts };
}

type RawFiles = Record<keyof ReferenceFiles, Buffer>;

function readFiles(dir: string): RawFiles {
  const raw = {} as RawFiles;
  for (const [key, file] of Object.entries(REFERENCE_FILE_NAMES) as [keyof ReferenceFiles, string][]) {
    const full = path.join(dir, file);
    if (!existsSync(full)) throw new ReferenceDataError(`reference file missing: ${full}`);
    raw[key] = readFileSync(full);
  }
  return raw;
}

function checksum(raw: RawFiles): string {
  const hash = createHash('sha256').update(LOADER_VERSION).update('\0');
  for (const [key, file] of Object.entries(REFERENCE_FILE_NAMES) as [keyof ReferenceFiles, string][]) {
    hash.update(file).update('\0').update(raw[key]).update('\0');
  }
  return hash.digest('hex');
}

function decode(raw: RawFiles): ReferenceFiles {
  const files = {} as ReferenceFiles;
  for (const key of Object.keys(raw) as (keyof ReferenceFiles)[]) files[key] = raw[key].toString('utf8');
  return files;
}

const CountsRow = z.record(z.string(), column.int);

async function countRows(db: Database): Promise<Record<string, number>> {
  const [row] = await db.rows(
    CountsRow,
    'reference-data.counts',
    `SELECT
       (SELECT count(*) FROM counties)::int AS "counties",
       (SELECT count(*) FROM municipalities)::int AS "municipalities",
       (SELECT count(*) FROM municipalities WHERE valid_to_year IS NULL)::int AS "currentMunicipalities",
       (SELECT count(*) FROM municipality_codes)::int AS "municipalityCodes",
       (SELECT count(*) FROM municipality_successions)::int AS "successions",
       (SELECT count(*) FROM populations)::int AS "populations",
       (SELECT count(*) FROM populations WHERE basis = 'borders_2024')::int AS "populationsOn2024Borders",
       (SELECT count(*) FROM municipality_peer_groups WHERE scheme = ANY($3::text[]))::int AS "peerGroups",
       (SELECT count(*) FROM offices WHERE origin LIKE $1)::int AS "offices",
       (SELECT count(*) FROM offices WHERE norg_code IS NOT NULL)::int AS "norgOffices",
       (SELECT count(*) FROM offices WHERE origin = $2)::int AS "norgOnlyOffices",
       (SELECT count(*) FROM office_areas a JOIN offices o ON o.id = a.office_id
         WHERE o.origin LIKE $1 AND a.valid_from_year < 2020)::int AS "officeAreas",
       (SELECT count(*) FROM office_areas WHERE valid_from_year = 2020)::int AS "norgOfficeAreas"`,
    [DIFI_ORIGIN_PATTERN, NORG_ORIGIN, OWN_PEER_SCHEMES],
  );
  // A SELECT of counts always returns its one row.
  return row ?? {};
}

/** Everything in the caller's transaction; a handful of set-based statements, none per row. */
async function writeModel(client: PoolClient, model: NationalModel): Promise<void> {
  const json = (rows: unknown[]) => JSON.stringify(rows);

  // ---- counties: upsert by code. None is deleted: offices and curated rows may still name an old one.
  await client.query(
    `INSERT INTO counties (code, name, valid_from_year, valid_to_year)
     SELECT code, name, valid_from_year, valid_to_year
       FROM json_to_recordset($1::json) AS r(code text, name text, valid_from_year int, valid_to_year int)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, valid_from_year = EXCLUDED.valid_from_year, valid_to_year = EXCLUDED.valid_to_year
     WHERE (counties.name, counties.valid_from_year, counties.valid_to_year)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.valid_from_year, EXCLUDED.valid_to_year)`,
    [json(model.counties.map((c) => ({ code: c.code, name: c.name, valid_from_year: c.validFromYear, valid_to_year: c.validToYear })))],
  );

  // ---- municipalities: keep the id of the stored unit that shares the most recent code row.
  const ids = await assignMunicipalityIds(client, model);
  const keep = [...ids];
  const blocked = await client.query<{ id: number; code: string; name: string }>(
    `SELECT m.id, m.code, m.name FROM municipalities m
      WHERE m.id <> ALL($1::int[])
        AND (EXISTS (SELECT 1 FROM sources s WHERE s.municipality_id = m.id)
          OR EXISTS (SELECT 1 FROM observations o WHERE o.municipality_id = m.id)
          OR EXISTS (SELECT 1 FROM targets t WHERE t.municipality_id = m.id))`,
    [keep],
  );
  if (blocked.rows.length) {
    throw new ReferenceDataError(
      `the reference data no longer has municipalities that published figures point at: ${blocked.rows.map((r) => `${r.code} ${r.name} (#${r.id})`).join(', ')}`,
    );
  }
  // Cascades to their code rows, successions, populations and office areas, all rewritten below.
  await client.query('DELETE FROM municipalities WHERE id <> ALL($1::int[])', [keep]);
  await client.query(
    `INSERT INTO municipalities (id, code, name, county_code, valid_from_year, valid_to_year)
     SELECT id, code, name, county_code, valid_from_year, valid_to_year
       FROM json_to_recordset($1::json) AS r(id int, code text, name text, county_code text, valid_from_year int, valid_to_year int)
      ORDER BY id
     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name, county_code = EXCLUDED.county_code,
       valid_from_year = EXCLUDED.valid_from_year, valid_to_year = EXCLUDED.valid_to_year
     WHERE (municipalities.code, municipalities.name, municipalities.county_code, municipalities.valid_from_year, municipalities.valid_to_year)
       IS DISTINCT FROM (EXCLUDED.code, EXCLUDED.name, EXCLUDED.county_code, EXCLUDED.valid_from_year, EXCLUDED.valid_to_year)`,
    [
      json(model.units.map((u) => ({
        id: ids[u.index], code: u.code, name: u.name, county_code: u.countyCode, valid_from_year: u.validFromYear, valid_to_year: u.validToYear,
      }))),
    ],
  );

  // ---- code rows: keyed by (code, first year); -1 stands for "since before the data" so the key can be hashed.
  await client.query(
    `WITH src AS MATERIALIZED (
       SELECT * FROM json_to_recordset($1::json) AS r(municipality_id int, code text, name text, valid_from_year int, valid_to_year int)
     ), gone AS (
       DELETE FROM municipality_codes mc
        WHERE NOT EXISTS (SELECT 1 FROM src WHERE src.code = mc.code AND coalesce(src.valid_from_year, -1) = coalesce(mc.valid_from_year, -1))
     ), changed AS (
       UPDATE municipality_codes mc
          SET municipality_id = src.municipality_id, name = src.name, valid_to_year = src.valid_to_year
         FROM src
        WHERE src.code = mc.code AND coalesce(src.valid_from_year, -1) = coalesce(mc.valid_from_year, -1)
          AND (mc.municipality_id, mc.name, mc.valid_to_year) IS DISTINCT FROM (src.municipality_id, src.name, src.valid_to_year)
     )
     INSERT INTO municipality_codes (municipality_id, code, name, valid_from_year, valid_to_year)
     SELECT src.municipality_id, src.code, src.name, src.valid_from_year, src.valid_to_year FROM src
      WHERE NOT EXISTS (SELECT 1 FROM municipality_codes mc WHERE mc.code = src.code AND coalesce(mc.valid_from_year, -1) = coalesce(src.valid_from_year, -1))
      ORDER BY src.municipality_id, src.valid_from_year NULLS FIRST`,
    [
      json(model.units.flatMap((u) => u.codes.map((c) => ({
        municipality_id: ids[u.index], code: c.code, name: c.name, valid_from_year: c.validFromYear, valid_to_year: c.validToYear,
      })))),
    ],
  );

  // ---- successions
  await client.query(
    `WITH src AS MATERIALIZED (
       SELECT * FROM json_to_recordset($1::json) AS r(predecessor_id int, successor_id int, year int, kind text)
     ), gone AS (
       DELETE FROM municipality_successions s
        WHERE NOT EXISTS (SELECT 1 FROM src WHERE (src.predecessor_id, src.successor_id, src.year) = (s.predecessor_id, s.successor_id, s.year))
     )
     INSERT INTO municipality_successions (predecessor_id, successor_id, year, kind)
     SELECT predecessor_id, successor_id, year, kind FROM src
     ON CONFLICT (predecessor_id, successor_id, year) DO UPDATE SET kind = EXCLUDED.kind
     WHERE municipality_successions.kind IS DISTINCT FROM EXCLUDED.kind`,
    [
      json(model.successions.map((s) => ({
        predecessor_id: ids[s.predecessor], successor_id: ids[s.successor], year: s.year, kind: s.kind,
      }))),
    ],
  );

  // ---- population: the largest table (8,000 rows); arrays of columns parse faster than JSON.
  const columns = <T>(pick: (p: NationalModel['populations'][number]) => T) => model.populations.map(pick);
  await client.query(
    `WITH src AS MATERIALIZED (
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],
                            $10::int[], $11::int[], $12::int[])
         AS r(municipality_id, year, published_code, basis, total, age_0_17, age_16_66, age_18_24, age_20_66, age_18_66, age_25_66, age_67_plus)
     ), gone AS (
       DELETE FROM populations p
        WHERE NOT EXISTS (SELECT 1 FROM src WHERE (src.municipality_id, src.year) = (p.municipality_id, p.year))
     )
     INSERT INTO populations (municipality_id, year, published_code, basis, total, age_0_17, age_16_66,
       age_18_24, age_20_66, age_18_66, age_25_66, age_67_plus)
     SELECT municipality_id, year, published_code, basis, total, age_0_17, age_16_66,
       age_18_24, age_20_66, age_18_66, age_25_66, age_67_plus FROM src
     ON CONFLICT (municipality_id, year) DO UPDATE SET published_code = EXCLUDED.published_code, basis = EXCLUDED.basis,
       total = EXCLUDED.total, age_0_17 = EXCLUDED.age_0_17, age_16_66 = EXCLUDED.age_16_66,
       age_18_24 = EXCLUDED.age_18_24, age_20_66 = EXCLUDED.age_20_66, age_18_66 = EXCLUDED.age_18_66,
       age_25_66 = EXCLUDED.age_25_66, age_67_plus = EXCLUDED.age_67_plus
     WHERE (populations.published_code, populations.basis, populations.total, populations.age_0_17, populations.age_16_66,
            populations.age_18_24, populations.age_20_66, populations.age_18_66, populations.age_25_66, populations.age_67_plus)
       IS DISTINCT FROM (EXCLUDED.published_code, EXCLUDED.basis, EXCLUDED.total, EXCLUDED.age_0_17, EXCLUDED.age_16_66,
            EXCLUDED.age_18_24, EXCLUDED.age_20_66, EXCLUDED.age_18_66, EXCLUDED.age_25_66, EXCLUDED.age_67_plus)`,
    [
      columns((p) => ids[p.unit]), columns((p) => p.year), columns((p) => p.publishedCode), columns((p) => p.basis),
      columns((p) => p.total), columns((p) => p.age0To17), columns((p) => p.age16To66), columns((p) => p.age18To24),
      columns((p) => p.age20To66), columns((p) => p.age18To66), columns((p) => p.age25To66), columns((p) => p.age67Plus),
    ],
  );

  // ---- peer groups of the schemes this loader owns, keyed by (municipality, scheme).
  await client.query(
    `WITH src AS MATERIALIZED (
       SELECT * FROM json_to_recordset($1::json) AS r(municipality_id int, scheme text, group_code text, published_code text, population int)
     ), gone AS (
       DELETE FROM municipality_peer_groups g
        WHERE g.scheme = ANY($2::text[])
          AND NOT EXISTS (SELECT 1 FROM src WHERE (src.municipality_id, src.scheme) = (g.municipality_id, g.scheme))
     )
     INSERT INTO municipality_peer_groups (municipality_id, scheme, group_code, published_code, population)
     SELECT municipality_id, scheme, group_code, published_code, population FROM src
     ON CONFLICT (municipality_id, scheme) DO UPDATE SET group_code = EXCLUDED.group_code,
       published_code = EXCLUDED.published_code, population = EXCLUDED.population
     WHERE (municipality_peer_groups.group_code, municipality_peer_groups.published_code, municipality_peer_groups.population)
       IS DISTINCT FROM (EXCLUDED.group_code, EXCLUDED.published_code, EXCLUDED.population)`,
    [
      json(model.peerGroups.map((g) => ({
        municipality_id: ids[g.unit], scheme: g.scheme, group_code: g.groupCode, published_code: g.publishedCode, population: g.population,
      }))),
      OWN_PEER_SCHEMES,
    ],
  );

  // ---- offices: upsert by code (Difi id, or NAV number for an office only NAV's register has);
  // drop offices of these registers no longer listed unless figures point at them.
  const officeCodes = model.offices.map((o) => o.code);
  const blockedOffices = await client.query<{ code: string; name: string }>(
    `SELECT o.code, o.name FROM offices o
      WHERE o.origin LIKE ANY($2::text[]) AND o.code <> ALL($1::text[])
        AND (EXISTS (SELECT 1 FROM sources s WHERE s.office_id = o.id)
          OR EXISTS (SELECT 1 FROM observations b WHERE b.office_id = o.id)
          OR EXISTS (SELECT 1 FROM targets t WHERE t.office_id = o.id))`,
    [officeCodes, OWN_ORIGIN_PATTERNS],
  );
  if (blockedOffices.rows.length) {
    throw new ReferenceDataError(
      `the reference data no longer has offices that published figures point at: ${blockedOffices.rows.map((r) => `${r.code} ${r.name}`).join(', ')}`,
    );
  }
  const officeRows = json(model.offices.map((o) => ({
    code: o.code, name: o.name, parent_name: o.parentName, county_code: o.countyCode, address: o.address, origin: o.origin,
    valid_from_year: o.validFromYear, valid_to_year: o.validToYear, open_if_figures: o.openIfFigures, norg_code: o.norgCode,
    former_names: o.formerNames,
  })));
  // A NAV number that moves to another office would trip the unique index half-way through the upsert.
  await client.query(
    `UPDATE offices o SET norg_code = NULL
      WHERE o.norg_code IS NOT NULL AND o.origin LIKE ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM json_to_recordset($1::json) AS r(code text, norg_code text) WHERE r.code = o.code AND r.norg_code = o.norg_code)`,
    [officeRows, OWN_ORIGIN_PATTERNS],
  );
  await client.query(
    `WITH src AS MATERIALIZED (
       SELECT r.code, r.name, r.parent_name, r.county_code, r.address, r.origin, r.valid_from_year, r.norg_code,
              ARRAY(SELECT json_array_elements_text(r.former_names)) AS former_names,
              -- An office no register names after 2019 stays open while published figures point at it.
              CASE WHEN r.open_if_figures AND EXISTS (
                     SELECT 1 FROM offices o WHERE o.code = r.code
                        AND (EXISTS (SELECT 1 FROM sources s WHERE s.office_id = o.id)
                          OR EXISTS (SELECT 1 FROM observations b WHERE b.office_id = o.id)
                          OR EXISTS (SELECT 1 FROM targets t WHERE t.office_id = o.id)))
                   THEN NULL ELSE r.valid_to_year END AS valid_to_year
         FROM json_to_recordset($1::json) AS r(code text, name text, parent_name text, county_code text, address text, origin text,
                valid_from_year int, valid_to_year int, open_if_figures boolean, norg_code text, former_names json)
     ), gone AS (
       DELETE FROM offices o WHERE o.origin LIKE ANY($2::text[]) AND NOT EXISTS (SELECT 1 FROM src WHERE src.code = o.code)
     )
     INSERT INTO offices (code, name, parent_name, county_code, address, origin, valid_from_year, valid_to_year, norg_code, former_names)
     SELECT code, name, parent_name, county_code, address, origin, valid_from_year, valid_to_year, norg_code, former_names FROM src ORDER BY code
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_name = EXCLUDED.parent_name, county_code = EXCLUDED.county_code,
       address = EXCLUDED.address, origin = EXCLUDED.origin, valid_from_year = EXCLUDED.valid_from_year,
       valid_to_year = EXCLUDED.valid_to_year, norg_code = EXCLUDED.norg_code, former_names = EXCLUDED.former_names
     WHERE (offices.name, offices.parent_name, offices.county_code, offices.address, offices.origin, offices.valid_from_year,
            offices.valid_to_year, offices.norg_code, offices.former_names)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.parent_name, EXCLUDED.county_code, EXCLUDED.address, EXCLUDED.origin,
            EXCLUDED.valid_from_year, EXCLUDED.valid_to_year, EXCLUDED.norg_code, EXCLUDED.former_names)`,
    [officeRows, OWN_ORIGIN_PATTERNS],
  );

  // ---- office areas of the offices of both registers, keyed by (office, municipality, district, first year).
  await client.query(
    `WITH src AS MATERIALIZED (
       SELECT o.id AS office_id, r.municipality_id, r.district, r.valid_from_year, r.valid_to_year
         FROM json_to_recordset($1::json) AS r(office_code text, municipality_id int, district text, valid_from_year int, valid_to_year int)
         JOIN offices o ON o.code = r.office_code
     ), mine AS (
       SELECT a.* FROM office_areas a JOIN offices o ON o.id = a.office_id WHERE o.origin LIKE ANY($2::text[])
     ), gone AS (
       DELETE FROM office_areas a USING mine
        WHERE a.id = mine.id
          AND NOT EXISTS (SELECT 1 FROM src WHERE src.office_id = mine.office_id AND src.municipality_id = mine.municipality_id
                            AND coalesce(src.district, '') = coalesce(mine.district, '')
                            AND coalesce(src.valid_from_year, -1) = coalesce(mine.valid_from_year, -1))
     ), changed AS (
       UPDATE office_areas a SET valid_to_year = src.valid_to_year
         FROM src
        WHERE src.office_id = a.office_id AND src.municipality_id = a.municipality_id
          AND coalesce(src.district, '') = coalesce(a.district, '')
          AND coalesce(src.valid_from_year, -1) = coalesce(a.valid_from_year, -1)
          AND a.valid_to_year IS DISTINCT FROM src.valid_to_year
     )
     INSERT INTO office_areas (office_id, municipality_id, district, valid_from_year, valid_to_year)
     SELECT src.office_id, src.municipality_id, src.district, src.valid_from_year, src.valid_to_year FROM src
      WHERE NOT EXISTS (SELECT 1 FROM mine WHERE mine.office_id = src.office_id AND mine.municipality_id = src.municipality_id
                          AND coalesce(mine.district, '') = coalesce(src.district, '')
                          AND coalesce(mine.valid_from_year, -1) = coalesce(src.valid_from_year, -1))
      ORDER BY src.office_id, src.municipality_id`,
    [
      json(model.officeAreas.map((a) => ({
        office_code: a.officeCode, municipality_id: ids[a.unit], district: a.district, valid_from_year: a.validFromYear, valid_to_year: a.validToYear,
      }))),
      OWN_ORIGIN_PATTERNS,
    ],
  );
}

/**
 * Database ids for the model's units, by unit index. A unit keeps the id of the stored unit that
 * holds the same code row (code, first year) — its most recent shared one — so renumbering or a
 * later end year does not change the id; a stored unit without code rows can still be claimed by
 * a current unit with its code. Units with no match get fresh ids from the sequence.
 */
async function assignMunicipalityIds(client: PoolClient, model: NationalModel): Promise<number[]> {
  const stored = await client.query<{ municipality_id: number; code: string; valid_from_year: number | null; current_code: string | null }>(
    `SELECT mc.municipality_id, mc.code, mc.valid_from_year, NULL::text AS current_code FROM municipality_codes mc
     UNION ALL
     SELECT m.id, m.code, NULL, m.code FROM municipalities m
      WHERE m.valid_to_year IS NULL AND NOT EXISTS (SELECT 1 FROM municipality_codes mc WHERE mc.municipality_id = m.id)`,
  );
  const byCodeRow = new Map<string, number>();
  const byCurrentCode = new Map<string, number>();
  for (const r of stored.rows) {
    if (r.current_code !== null) byCurrentCode.set(r.current_code, r.municipality_id);
    else byCodeRow.set(`${r.code}|${r.valid_from_year ?? ''}`, r.municipality_id);
  }
  const ids = new Array<number | undefined>(model.units.length);
  const claimed = new Set<number>();
  for (const unit of model.units) {
    const candidates = [...unit.codes].reverse().map((c) => byCodeRow.get(`${c.code}|${c.validFromYear ?? ''}`));
    if (unit.validToYear === null) candidates.push(byCurrentCode.get(unit.code));
    const id = candidates.find((c): c is number => c !== undefined && !claimed.has(c));
    if (id !== undefined) {
      ids[unit.index] = id;
      claimed.add(id);
    }
  }
  const missing = model.units.filter((u) => ids[u.index] === undefined);
  if (missing.length) {
    const fresh = await client.query<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('municipalities', 'id'))::int AS id FROM generate_series(1, $1::int) ORDER BY 1`,
      [missing.length],
    );
    for (const [i, u] of missing.entries()) {
      const id = fresh.rows[i]?.id;
      if (id === undefined) throw new Error(`the municipalities sequence gave ${fresh.rows.length} ids for ${missing.length} units`);
      ids[u.index] = id;
    }
  }
  return ids as number[];
}
