import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { openTestDatabase } from '../support/db';

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db?.close(); });

// Invented offices (test data). The hub reads rows as arrays and makes the objects itself
// (src/db/row-objects.ts); a reader must not be able to tell them from pg's own.
describe('rows made into objects from the arrays pg sends', () => {
  it('keys every value by its column name, in the order PostgreSQL sent the columns, with pg`s types', async () => {
    const rows = await db.sql('test.row_objects_read', `SELECT * FROM (VALUES (1, 'NAV Testdalen', 12.50::numeric, ARRAY['approximate'], '{"a": 1}'::json), (2, 'NAV Testvik', NULL, ARRAY[]::text[], NULL)) AS v(id, name, value, flags, note)`);
    expect(rows).toEqual([
      { id: 1, name: 'NAV Testdalen', value: '12.50', flags: ['approximate'], note: { a: 1 } },
      { id: 2, name: 'NAV Testvik', value: null, flags: [], note: null },
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual(['id', 'name', 'value', 'flags', 'note']);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
  });

  it('keeps apart two statements whose columns differ, and keeps the last of a repeated name as pg does', async () => {
    const first = await db.sql('test.row_objects_first', `SELECT 1 AS code, 'Bodø' AS name`);
    const second = await db.sql('test.row_objects_second', `SELECT 'Bodø' AS name, 1 AS code, 2 AS code`);
    expect(first).toEqual([{ code: 1, name: 'Bodø' }]);
    expect(second).toEqual([{ name: 'Bodø', code: 2 }]);
  });

  it('takes any column name, quotes and all, as a key and never as code', async () => {
    const rows = await db.sql('test.row_objects_names', `SELECT 1 AS "a""b", 2 AS "c: v[0]}; throw 1; ({", 3 AS "tall\\nrow"`);
    expect(rows).toEqual([{ 'a"b': 1, 'c: v[0]}; throw 1; ({': 2, 'tall\\nrow': 3 }]);
  });

  it('answers a statement with no rows with no rows', async () => {
    expect(await db.sql('test.row_objects_none', 'SELECT 1 AS one WHERE false')).toEqual([]);
  });
});
