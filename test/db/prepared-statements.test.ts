import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { openTestDatabase } from '../support/db';

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db?.close(); });

it('runs a named statement again after the pool has replaced its connection', async () => {
  // The embedded PGlite is one session behind its socket, so a statement prepared on a closed
  // connection is still there when the pool opens the next one (as it does when one fails).
  const count = () => db.sql<{ n: string }>('test.count_municipalities', 'SELECT count(*)::text AS n FROM municipalities');
  expect(await count()).toEqual([{ n: '0' }]);
  const client = await db.pool.connect();
  client.release(true);
  expect(await count()).toEqual([{ n: '0' }]);
  expect(await count()).toEqual([{ n: '0' }]);
});
