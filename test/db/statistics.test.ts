import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { analyzeChanged } from '../../src/db/statistics';
import { openTestDatabase } from '../support/db';

/**
 * The hub analyses a table it wrote to only when autovacuum would: 50 rows plus a tenth of the
 * table changed since its statistics were taken, the writing transaction's own rows counted.
 */

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

/** The times the table was analysed by hand, as PostgreSQL counts them. */
async function analyses(client: PoolClient, table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>('SELECT analyze_count::text AS n FROM pg_stat_user_tables WHERE relid = $1::regclass', [table]);
  return Number(rows[0]?.n ?? 0);
}

describe('statistics after writes', () => {
  it('analyses a table once a tenth of its rows changed in the transaction, not for a handful, and not twice', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('CREATE TABLE stats_probe (id int)');
      await client.query('INSERT INTO stats_probe SELECT generate_series(1, 1000)');
      // The insert's counts reach the shared statistics before the ANALYZE that resets them;
      // counted after it, they would be taken for changes since.
      await client.query('SELECT pg_stat_force_next_flush()');
      await client.query('SELECT 1');
      await client.query('ANALYZE stats_probe');
      const before = await analyses(client, 'stats_probe');

      await client.query('BEGIN');
      // 80 rows of 1,000: past autovacuum's 50 rows, short of its 50 + 100.
      await client.query('INSERT INTO stats_probe SELECT generate_series(1, 80)');
      expect(await analyzeChanged(client, ['stats_probe'])).toEqual([]);
      await client.query('INSERT INTO stats_probe SELECT generate_series(1, 70)');
      expect(await analyzeChanged(client, ['stats_probe'])).toEqual(['stats_probe']);
      const { rows } = await client.query<{ n: number }>(`SELECT reltuples::int AS n FROM pg_class WHERE oid = 'stats_probe'::regclass`);
      expect(rows[0]?.n).toBe(1150);
      // Analysed in this transaction: its statistics hold these rows.
      await client.query('INSERT INTO stats_probe SELECT generate_series(1, 200)');
      expect(await analyzeChanged(client, ['stats_probe'])).toEqual([]);
      await client.query('COMMIT');
      expect(await analyses(client, 'stats_probe')).toBe(before + 1);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.query('DROP TABLE IF EXISTS stats_probe');
      client.release();
    }
  });

  it('analyses a table that was never analysed once it holds 50 rows', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('CREATE TABLE stats_fresh (id int)');
      await client.query('BEGIN');
      await client.query('INSERT INTO stats_fresh SELECT generate_series(1, 49)');
      expect(await analyzeChanged(client, ['stats_fresh'])).toEqual([]);
      await client.query('INSERT INTO stats_fresh VALUES (50)');
      expect(await analyzeChanged(client, ['stats_fresh'])).toEqual(['stats_fresh']);
      await client.query('COMMIT');
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.query('DROP TABLE IF EXISTS stats_fresh');
      client.release();
    }
  });
});
