import { z } from 'zod';
import type { Database } from '../../db/database';
import { column } from '../../db/rows';

/**
 * SQL: true when the code column `code` names a real municipality, not SSB's "Uoppgitt"
 * (unknown municipality) placeholders, which end in 99 (9999, 0399, …) and hold no one.
 */
export const IS_MUNICIPALITY_CODE = (code: string) => `${code} !~ '99$'`;

/** A municipality code as published, and the year the publication is about. */
export interface MunicipalityCodeRef {
  code: string;
  year: number;
}

/** A reference's key and the unit it resolved to, if any. */
const ResolvedCodeRow = z.object({ key: z.string(), municipality_id: column.int.nullable() });

/** The key of a reference in the map `resolveMunicipalityCodes` returns: `0101@2015`. */
export function municipalityCodeKey(code: string, year: number): string {
  return `${code}@${year}`;
}

/**
 * Maps codes as published in a given year to municipality units (ids), in one statement.
 *
 * For each (code, year), in this order:
 *  1. the unit that held the code that year (0101 in 2015 → Halden; 5001 in 2019 → the Trondheim
 *     of 2018–2019; 5001 in 2021 → the Trondheim formed in 2020);
 *  2. else the current unit with that code — a 2024 code is accepted for any year, as many
 *     publications use today's codes for past years (3101 in 2015 → Halden);
 *  3. else the one unit that ever held the code, if only one did (0104 in 2021 → the old Moss).
 * A reference that matches none of these (unknown code, or a reused code outside its years) is
 * absent from the map. Keys are `${code}@${year}` with the code exactly as given; a 3-digit code
 * that lost its leading zero (301 for Oslo, as spreadsheets do) is looked up as 0301.
 */
export async function resolveMunicipalityCodes(db: Database, refs: MunicipalityCodeRef[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (refs.length === 0) return result;
  const lookups = new Map<string, { key: string; code: string; year: number }>();
  for (const ref of refs) {
    const key = municipalityCodeKey(ref.code, ref.year);
    if (lookups.has(key) || !Number.isInteger(ref.year)) continue;
    const trimmed = ref.code.trim();
    lookups.set(key, { key, code: /^\d{3}$/.test(trimmed) ? `0${trimmed}` : trimmed, year: ref.year });
  }
  if (lookups.size === 0) return result;
  const rows = await db.rows(
    ResolvedCodeRow,
    'geography.resolve-municipality-codes',
    `SELECT r.key,
            coalesce(
              (SELECT mc.municipality_id FROM municipality_codes mc
                WHERE mc.code = r.code
                  AND r.year >= coalesce(mc.valid_from_year, r.year)
                  AND r.year <= coalesce(mc.valid_to_year, r.year)
                ORDER BY mc.valid_from_year DESC NULLS LAST
                LIMIT 1),
              (SELECT m.id FROM municipalities m WHERE m.code = r.code AND m.valid_to_year IS NULL),
              (SELECT min(mc.municipality_id) FROM municipality_codes mc
                WHERE mc.code = r.code
               HAVING count(DISTINCT mc.municipality_id) = 1)
            ) AS municipality_id
       FROM json_to_recordset($1::json) AS r(key text, code text, year int)`,
    [JSON.stringify([...lookups.values()])],
  );
  for (const row of rows) if (row.municipality_id !== null) result.set(row.key, row.municipality_id);
  return result;
}
