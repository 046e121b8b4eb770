import type { Database } from '../db/database';
import { municipalityCodeKey, resolveMunicipalityCodes } from '../modules/geography/municipality-codes';
import type { ImportPlan } from './plan';
import type { AreaRef, ImportDiagnostic } from './types';
import { ImportError } from './types';

export interface AreaIds {
  officeId: number | null;
  municipalityId: number | null;
}

/** Office and municipality ids of an import, by `areaKey`. */
export type AreaIndex = ReadonlyMap<string, AreaIds>;

export function areaKey(a: AreaRef): string {
  return `${a.kind}:${a.code}`;
}

/**
 * The offices and municipalities an import names, as ids; a municipality code is read as
 * published in the figure's year. Resolved before the write transaction, so that on the embedded
 * database (one connection) the lookups do not wait for it. Any unknown code stops the import,
 * naming the line it stands on.
 */
export async function resolveAreas(db: Database, plan: ImportPlan, documentArea: AreaRef | null, reportYear: number | null, file?: string): Promise<AreaIndex> {
  const refs = new Map<string, { area: AreaRef; year: number; line?: number }>();
  for (const o of plan.observations) if (!refs.has(areaKey(o.area))) refs.set(areaKey(o.area), { area: o.area, year: o.year, line: o.line });
  for (const t of plan.targets) if (!refs.has(areaKey(t.area))) refs.set(areaKey(t.area), { area: t.area, year: Number(t.period.slice(0, 4)) });
  if (documentArea && !refs.has(areaKey(documentArea))) {
    refs.set(areaKey(documentArea), { area: documentArea, year: reportYear ?? new Date().getFullYear() });
  }
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
    index.set(areaKey(ref.area), ref.area.kind === 'office' ? { officeId: id, municipalityId: null } : { officeId: null, municipalityId: id });
  }
  if (problems.length) throw new ImportError(problems);
  return index;
}
