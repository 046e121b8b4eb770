import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { openTestDatabase } from './support/db';

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db?.close(); });

it('migrates and answers a named statement', async () => {
  const rows = await db.sql<{ n: string }>('smoke', 'SELECT count(*)::text AS n FROM municipalities WHERE code = $1', ['1804']);
  expect(rows[0].n).toBe('0');
  expect(await db.pendingMigrations()).toBe(false);
});
