import type { PoolClient } from 'pg';
import { CURRENT_FIGURES_DELETE_SQL, CURRENT_FIGURES_INSERT_SQL } from './current-figures.sql';

/**
 * Rebuilds the current figures (current-figures.sql.ts) of the given indicators, or of all, from
 * the current results, in the caller's transaction. Two set-based statements whatever the number
 * of figures; refreshDerivedFigures calls it for every indicator whose figures it may have changed.
 */
export async function refreshCurrentFigures(client: Pick<PoolClient, 'query'>, indicatorIds: number[] | null = null): Promise<number> {
  if (indicatorIds !== null && indicatorIds.length === 0) return 0;
  await client.query(CURRENT_FIGURES_DELETE_SQL, [indicatorIds]);
  const inserted = await client.query(CURRENT_FIGURES_INSERT_SQL, [indicatorIds]);
  // The embedded database has no autovacuum to do it: a ranking planned on the statistics of an
  // empty table reads the new rows with nested loops.
  await client.query('ANALYZE current_figures');
  return inserted.rowCount ?? 0;
}
