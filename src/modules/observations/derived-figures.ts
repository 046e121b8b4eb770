import type { PoolClient } from 'pg';
import { analyzeChanged } from '../../db/statistics';
import { type ChangedUnits, refreshCurrentFigures } from './current-figures';
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

/** What an import changed: the figures of some indicators in some periods, published by some sources (every version of its document). */
export interface ChangedFigures extends ChangedUnits {
  indicators: number[];
}

/**
 * Recomputes the derived figures (sums over municipalities, shares) that depend on what changed, or
 * all of them, from the current published figures, in the caller's transaction, so that an import and the figures derived from it become
 * visible together; then the current figures the rankings read (current-figures.ts) of the same indicators. Set-based: a fixed handful of statements whatever the number of figures.
 * A derived figure depends only on figures of its own period (derived-figures.sql.ts), so only the changed periods are derived again.
 */
export async function refreshDerivedFigures(client: PoolClient, changed: ChangedFigures | null = null): Promise<DerivedFiguresResult> {
  let indicatorIds: number[] | null = null;
  if (changed !== null) {
    if (changed.indicators.length === 0) return { figures: 0, withValue: 0 };
    const related = await client.query<{ id: number }>(RELATED_INDICATORS_SQL, [changed.indicators]);
    indicatorIds = related.rows.map((r) => r.id);
  }
  const periods = changed?.periods ?? null;
  // Statistics that include this transaction's new rows when they are many (src/db/statistics.ts).
  await analyzeChanged(client, ['observations']);
  await client.query(CREATE_DERIVED_NEW_SQL);
  await client.query(DERIVE_AGGREGATES_SQL, [indicatorIds, periods]);
  await client.query('ANALYZE derived_new');
  await client.query(DERIVE_SHARES_SQL, [indicatorIds, periods]);
  await client.query(SYNC_DERIVED_SQL.stale, [indicatorIds, periods]);
  await client.query(SYNC_DERIVED_SQL.changed);
  await client.query(SYNC_DERIVED_SQL.added);
  const { rows } = await client.query<{ figures: number; with_value: number }>(
    `SELECT count(*)::int AS figures, count(value)::int AS with_value FROM derived_new`,
  );
  await client.query('DROP TABLE derived_new');
  // What rankings read follows every figure that changed here, published or derived.
  await refreshCurrentFigures(client, indicatorIds, changed);
  return { figures: rows[0]?.figures ?? 0, withValue: rows[0]?.with_value ?? 0 };
}
