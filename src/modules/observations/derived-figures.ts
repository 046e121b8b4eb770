import type { PoolClient } from 'pg';
import { analyzeChanged } from '../../db/statistics';
import { refreshCurrentFigures } from './current-figures';
import {
  CREATE_DERIVED_NEW_SQL,
  DERIVE_AGGREGATES_SQL,
  DERIVE_SHARES_SQL,
  RELATED_INDICATORS_SQL,
  SYNC_DERIVED_SQL,
} from './derived-figures.sql';

export interface DerivedFiguresResult {
  /** Derived figures after the refresh, with a value and without one (incomplete, no denominator, not published). */
  figures: number;
  withValue: number;
}

/**
 * Recomputes the derived figures (sums over municipalities, shares) that depend on the given
 * indicators, or all of them, from the current published figures, in the caller's transaction, so that an import and the figures derived from it become
 * visible together; then the current figures the rankings read (current-figures.ts) of the same indicators. Set-based: a fixed handful of statements whatever the number of figures.
 */
export async function refreshDerivedFigures(
  client: PoolClient,
  indicatorIds: number[] | null = null,
  /** The sources whose figures changed, where the caller knows (an import: every version of its document). */
  sourceIds: number[] | null = null,
): Promise<DerivedFiguresResult> {
  if (indicatorIds !== null) {
    if (indicatorIds.length === 0) return { figures: 0, withValue: 0 };
    const related = await client.query<{ id: number }>(RELATED_INDICATORS_SQL, [indicatorIds]);
    indicatorIds = related.rows.map((r) => r.id);
  }
  // Statistics that include this transaction's new rows when they are many (src/db/statistics.ts).
  await analyzeChanged(client, ['observations']);
  await client.query(CREATE_DERIVED_NEW_SQL);
  await client.query(DERIVE_AGGREGATES_SQL, [indicatorIds]);
  await client.query('ANALYZE derived_new');
  await client.query(DERIVE_SHARES_SQL, [indicatorIds]);
  for (const statement of SYNC_DERIVED_SQL) await client.query(statement, statement.includes('$1') ? [indicatorIds] : []);
  const { rows } = await client.query<{ figures: number; with_value: number }>(
    `SELECT count(*)::int AS figures, count(value)::int AS with_value FROM derived_new`,
  );
  await client.query('DROP TABLE derived_new');
  // What rankings read follows every figure that changed here, published or derived.
  await refreshCurrentFigures(client, indicatorIds, sourceIds);
  return { figures: rows[0]?.figures ?? 0, withValue: rows[0]?.with_value ?? 0 };
}
