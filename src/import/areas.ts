import type { Database } from '../db/database';
import { municipalityCodeKey, resolveMunicipalityCodes } from '../modules/geography/municipality-codes';
import type { ImportPlan } from './plan';
import type { AreaRef, ImportDiagnostic } from './types';
import { ImportError } from './types';
import { periodYear } from './normalise/period';

export interface AreaIds {
  officeId: number | null;
  municipalityId: number | null;
}

/** Office and municipality ids of an import, by `areaKey`. */
export type AreaIndex = ReadonlyMap<string, AreaIds>;

/**
 * The key of an area as an import names it. A municipality code is read in the figure's year, so
 * the year is part of its key: 1103 in 2019 is the Stavanger that ended that year, 1103 in 2020
 * the merged one. An office code names one office whatever the year.
 */
export function areaKey(a: AreaRef, year: number): string {
  return a.kind === 'office' ? `office:${a.code}` : `municipality:${a.code}@${year}`;
}

/** The year a document's own area is read in: its report year, else this year. */
export function documentAreaYear(reportYear: number | null): number {
  return reportYear ?? new Date().getFullYear();
}

/**
 * The offices and municipalities an import names, as ids; a municipality code is read as
 * published in the figure's year. Resolved before the write transaction, so that on the embedded
 * database (one connection) the lookups do not wait for it. Any unknown code stops the import,
 * naming the line it stands on.
 */
export async function resolveAreas(db: Database, plan: ImportPlan, documentArea: AreaRef | null, reportYear: number | null, file?: string): Promise<AreaIndex> {
  const refs = new Map<string, { area: AreaRef; year: number; line?: number }>();
  const add = (area: AreaRef, year: number, line?: number) => {
    const key = areaKey(area, year);
    if (!refs.has(key)) refs.set(key, { area, year, line });
  };
  for (const o of plan.observations) add(o.area, o.year, o.line);
  for (const t of plan.targets) add(t.area, periodYear(t.period));
  if (documentArea) add(documentArea, documentAreaYear(reportYear));
  const list = [...refs.values()];
  const officeCodes = list.filter((r) => r.area.kind === 'office').map((r) => r.area.code);
  const [offices, municipalities] = await Promise.all([
    officeCodes.length
      ? db.sql<{ code: string; id: number }>('import.office_ids', 'SELECT code, id FROM offices WHERE code = ANY($1::text[])', [officeCodes])
      : Promise.resolve([]),
    resolveMunicipalityCodes(db, list.filter((r) => r.area.kind === 'municipality').map((r) => ({ code: r.area.code, year: r.year }))),
  ]);
  const officeIds = new Map(offices.map((o) => [o.code, o.id]));

  const index = new Map<string, AreaIds>();
  const problems: ImportDiagnostic[] = [];
  for (const ref of list) {
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
