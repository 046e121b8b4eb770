import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { openTestDatabase } from '../support/db';
import { only } from '../support/indexed';

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db?.close(); });

it('keeps answering after a statement fails, inside and outside a transaction', async () => {
  await expect(db.sql('test.fails', 'SELECT 1/0')).rejects.toThrow(/division by zero/);
  expect(only(await db.sql<{ x: number }>('test.one', 'SELECT 1 AS x')).x).toBe(1);
  await expect(db.transaction(async (client) => client.query('SELECT 1/$1::int', [0]))).rejects.toThrow(/division by zero/);
  expect(only(await db.sql<{ x: number }>('test.one', 'SELECT 1 AS x')).x).toBe(1);
});

it('rolls a failed transaction back completely', async () => {
  await expect(
    db.transaction(async (client) => {
      await client.query("INSERT INTO counties (code, name) VALUES ('99', 'Testfylke')");
      await client.query("INSERT INTO counties (code, name) VALUES ('99', 'Twice')");
    }),
  ).rejects.toThrow(/duplicate key/);
  expect(await db.sql('test.count_counties', "SELECT code FROM counties WHERE code = '99'")).toEqual([]);
});

// PostgreSQL compiles a statement whose estimated cost passes jit_above_cost; the hub's estimates
// run to millions for statements of a few milliseconds (a municipality's time series: 1.3 ms to
// run, 1.6 s to compile). PGlite has no JIT.
it.skipIf(!process.env.DATABASE_URL)('runs its sessions on a server without JIT compilation, in and outside a transaction', async () => {
  expect(only(await db.sql<{ jit: string }>('test.jit', "SELECT current_setting('jit') AS jit")).jit).toBe('off');
  const inTransaction = await db.transaction(async (client) => (await client.query<{ jit: string }>("SELECT current_setting('jit') AS jit")).rows);
  expect(only(inTransaction).jit).toBe('off');
});
