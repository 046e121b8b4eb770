import { z } from 'zod';
import type { Database } from '../db/database';
import { column } from '../db/rows';
import { municipalityCodeKey, resolveMunicipalityCodes } from '../modules/geography/municipality-codes';
import type { AreaUse, ImportPlan } from './plan';
import type { AreaRef, ImportDiagnostic } from './types';
import { ImportError } from './types';
import { periodYear } from './normalise/period';

export interface AreaIds {
  officeId: number | null;
  municipalityId: number | null;
  /** A county's figure (its own level, never ranked among municipalities). */
  countyCode?: string | null;
  /** The whole country's figure. */
  national?: boolean;
}

const OfficeIdRow = z.object({ code: z.string(), id: column.int });
const CodeRow = z.object({ code: z.string() });

/** The country as a curator names it. */
export const COUNTRY_CODE = 'NO';

/** Office and municipality ids of an import, by `areaKey`. */
export type AreaIndex = ReadonlyMap<string, AreaIds>;

/**
 * The key of an area as an import names it. A municipality code is read in the figure's year, so
 * the year is part of its key: 1103 in 2019 is the Stavanger that ended that year, 1103 in 2020
 * the merged one. An office code names one office whatever the year.
 */
export function areaKey(a: AreaRef, year: number): string {
  return a.kind === 'municipality' ? `municipality:${a.code}@${year}` : `${a.kind}:${a.code}`;
}

/** The year a document's own area is read in: its report year, else this year. */
export function documentAreaYear(reportYear: number | null): number {
  return reportYear ?? new Date().getFullYear();
}

/** The areas a plan's observations and targets name, in the order they are first named. */
export function* areaUses(plan: ImportPlan): Generator<AreaUse> {
  for (const o of plan.observations) yield { area: o.area, year: o.year, line: o.line };
  for (const t of plan.targets) yield { area: t.area, year: periodYear(t.period) };
}

/**
 * The offices and municipalities an import names, as ids; a municipality code is read as
 * published in the figure's year. Resolved before the write transaction, so that on the embedded
 * database (one connection) the lookups do not wait for it. Any unknown code stops the import,
 * naming the line it stands on.
 */
export async function resolveAreas(db: Database, uses: Iterable<AreaUse>, documentArea: AreaRef | null, reportYear: number | null, file?: string): Promise<AreaIndex> {
  const refs = new Map<string, AreaUse>();
  const add = ({ area, year, line }: AreaUse) => {
    const key = areaKey(area, year);
    if (!refs.has(key)) refs.set(key, { area, year, line });
  };
  for (const use of uses) add(use);
  if (documentArea) add({ area: documentArea, year: documentAreaYear(reportYear) });
  const list = [...refs.values()];
  const officeCodes = list.filter((r) => r.area.kind === 'office').map((r) => r.area.code);
  const countyCodes = list.filter((r) => r.area.kind === 'county').map((r) => r.area.code);
  const [offices, municipalities, counties] = await Promise.all([
    officeCodes.length
      ? db.rows(OfficeIdRow, 'import.office_ids', 'SELECT code, id FROM offices WHERE code = ANY($1::text[])', [officeCodes])
      : Promise.resolve([]),
    resolveMunicipalityCodes(db, list.filter((r) => r.area.kind === 'municipality').map((r) => ({ code: r.area.code, year: r.year }))),
    countyCodes.length
      ? db.rows(CodeRow, 'import.county_codes', 'SELECT code FROM counties WHERE code = ANY($1::text[])', [countyCodes])
      : Promise.resolve([]),
  ]);
  const knownCounties = new Set(counties.map((c) => c.code));
  const officeIds = new Map(offices.map((o) => [o.code, o.id]));

  const index = new Map<string, AreaIds>();
  const problems: ImportDiagnostic[] = [];
  for (const ref of list) {
    if (ref.area.kind === 'country' || ref.area.kind === 'county') {
      const known = ref.area.kind === 'country' ? ref.area.code === COUNTRY_CODE : knownCounties.has(ref.area.code);
      if (known) {
        index.set(areaKey(ref.area, ref.year), ref.area.kind === 'country'
          ? { officeId: null, municipalityId: null, national: true }
          : { officeId: null, municipalityId: null, countyCode: ref.area.code });
      } else {
        problems.push({
          code: ref.area.kind === 'country' ? 'UNKNOWN_COUNTRY' : 'UNKNOWN_COUNTY',
          message: ref.area.kind === 'country' ? `the country's code is "${COUNTRY_CODE}", not "${ref.area.code}"` : `no county has the code "${ref.area.code}" (use the 2-digit county number, e.g. 18 for Nordland)`,
          file,
          line: ref.line,
        });
      }
      continue;
    }
    const id = ref.area.kind === 'office' ? officeIds.get(ref.area.code) : municipalities.get(municipalityCodeKey(ref.area.code, ref.year));
    if (id === undefined) {
      problems.push({
        code: ref.area.kind === 'office' ? 'UNKNOWN_OFFICE' : 'UNKNOWN_MUNICIPALITY',
        message:
          ref.area.kind === 'office'
            ? `no NAV office has the code "${ref.area.code}"; see offices(...) for the codes`
            : `no municipality had the code "${ref.area.code}" in ${ref.year}`,
        file,
        line: ref.line,
      });
      continue;
    }
    index.set(areaKey(ref.area, ref.year), ref.area.kind === 'office' ? { officeId: id, municipalityId: null } : { officeId: null, municipalityId: id });
  }
  if (problems.length) throw new ImportError(problems);
  return index;
}
