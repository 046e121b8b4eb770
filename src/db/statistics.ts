import type { PoolClient } from 'pg';

/**
 * Planner statistics kept fresh by the hub's own writes. The embedded database has no autovacuum,
 * and a statement planned on statistics from before a large import (a few hundred figures where
 * there are now thousands) runs nested loops for minutes; but `ANALYZE` samples up to 30,000 rows
 * whatever changed, 0.2–0.4 s on a national database, which a report of a few figures paid twice.
 *
 * So a table is analysed when its rows changed as much as makes autovacuum analyse it
 * (`autovacuum_analyze_threshold` 50 rows plus `autovacuum_analyze_scale_factor` a tenth of the
 * rows), counting the changes of the caller's own transaction, which autovacuum cannot see yet.
 * A table already analysed in this transaction is left: its statistics include the transaction's
 * rows, and what it wrote after (derived figures) is a small part of it.
 *
 * The counts are PostgreSQL's cumulative statistics: other sessions' changes reach them within
 * about a second of their commit, the session's own (`pg_stat_xact_user_tables`) at once.
 */
const CHANGED_TABLES_SQL = `/* statistics.changed_tables */
SELECT c.oid::regclass::text AS name
  FROM pg_class c
  LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
  LEFT JOIN pg_stat_xact_user_tables x ON x.relid = c.oid
 WHERE c.oid = ANY($1::regclass[])
   AND NOT coalesce(s.last_analyze >= now(), false)
   AND coalesce(s.n_mod_since_analyze, 0) + coalesce(x.n_tup_ins + x.n_tup_upd + x.n_tup_del, 0)
       >= 50 + 0.1 * greatest(c.reltuples, 0)
 ORDER BY c.oid`;

/** Analyses those of `tables` whose rows changed enough since their statistics were taken; returns the tables analysed. */
export async function analyzeChanged(client: Pick<PoolClient, 'query'>, tables: readonly string[]): Promise<string[]> {
  // A transaction reads the shared statistics once and keeps what it read (stats_fetch_consistency):
  // without this, an ANALYZE earlier in it would not be seen.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ name: string }>(CHANGED_TABLES_SQL, [tables]);
  const names = rows.map((r) => r.name);
  if (names.length > 0) await client.query(`ANALYZE ${names.join(', ')}`);
  return names;
}
