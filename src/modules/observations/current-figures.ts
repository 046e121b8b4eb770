import type { PoolClient } from 'pg';
import { analyzeChanged } from '../../db/statistics';
import { CURRENT_FIGURES_SYNC_SQL, CURRENT_FIGURES_SYNC_UNITS_SQL, CURRENT_FIGURES_UNITS_SQL } from './current-figures.sql';

/** The units an import may have changed: those its document's sources publish for, and those of derived figures of the periods it changed. */
export interface ChangedUnits {
  sources: number[];
  periods: string[];
}

/**
 * Rebuilds the current figures (current-figures.sql.ts) of the given indicators, or of all, from
 * the current results, in the caller's transaction. Set-based whatever the number of figures: one
 * statement, after one that reads the units an import changed; refreshDerivedFigures calls it for
 * every indicator whose figures it may have changed.
 */
export async function refreshCurrentFigures(
  client: Pick<PoolClient, 'query'>,
  indicatorIds: number[] | null = null,
  /** What an import changed (every version of its document, the periods): only those units are rebuilt. */
  changed: ChangedUnits | null = null,
): Promise<number> {
  if (indicatorIds !== null && indicatorIds.length === 0) return 0;
  let restrictedTo: [number[], number[], number[]] | null = null;
  if (indicatorIds !== null && changed !== null) {
    const { rows } = await client.query<{ level: 'office' | 'municipality' | 'county'; unit_id: number }>(CURRENT_FIGURES_UNITS_SQL, [
      indicatorIds,
      changed.sources,
      changed.periods,
    ]);
    if (rows.length === 0) return 0;
    const of = (level: string) => [...new Set(rows.filter((r) => r.level === level).map((r) => r.unit_id))];
    restrictedTo = [of('office'), of('municipality'), of('county')];
  }
  // Rows chosen by windows over rows written in this same transaction are estimated at a handful,
  // and a nested loop over two such sets of thousands ran for minutes while the national data
  // loaded: hash and merge joins are right at any size.
  await client.query('SET LOCAL enable_nestloop = off');
  const inserted = (await (restrictedTo !== null
    ? client.query(CURRENT_FIGURES_SYNC_UNITS_SQL, [indicatorIds, ...restrictedTo])
    : client.query(CURRENT_FIGURES_SYNC_SQL, [indicatorIds]))).rowCount ?? 0;
  await client.query('RESET enable_nestloop');
  // The embedded database has no autovacuum to do it: a ranking planned on the statistics of an
  // empty table reads the new rows with nested loops (src/db/statistics.ts).
  await analyzeChanged(client, ['current_figures']);
  return inserted;
}
