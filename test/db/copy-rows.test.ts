import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRows } from '../../src/db/batch';
import type { Database } from '../../src/db/database';
import { openTestDatabase } from '../support/db';
import { only } from '../support/indexed';

/** COPY inside a transaction, on the embedded database (blobs into its session) and on a server (a stream). */
let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  await db.pool.query(`CREATE TABLE copy_test (n int, t text CHECK (t IS DISTINCT FROM 'refused'), b boolean, x numeric, l text[])`);
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('copying rows', () => {
  it('keeps an empty text apart from a missing one, exact decimals, booleans and lists with quotes and backslashes', async () => {
    const rows = [
      [1, '', true, '0.10', ['a "quoted", listed', 'back\\slash']],
      [2, null, false, null, []],
      [3, 'line\nbreak, "quote" and \\N', null, '123456789012345.1234567890', ['NULL']],
    ] as const;
    const copied = await db.transaction((client) => copyRows(db, client, 'copy_test', ['n', 't', 'b', 'x', 'l'], rows.map((r) => [...r])));
    expect(copied).toBe(3);
    const { rows: stored } = await db.pool.query('SELECT n, t, b, x::text AS x, l FROM copy_test ORDER BY n');
    expect(stored).toEqual([
      { n: 1, t: '', b: true, x: '0.10', l: ['a "quoted", listed', 'back\\slash'] },
      { n: 2, t: null, b: false, x: null, l: [] },
      { n: 3, t: 'line\nbreak, "quote" and \\N', b: null, x: '123456789012345.1234567890', l: ['NULL'] },
    ]);
  });

  it('copies texts in any script exactly, across the blocks and messages a large copy is cut into', async () => {
    await db.pool.query('TRUNCATE copy_test');
    const texts = ['Bodø – «sosialhjelp»', 'Sámi: Guovdageaidnu', '😀 "sitat", med komma', 'ÆØÅ\næøå', ''];
    const many = Array.from({ length: 45_000 }, (_, i) => [i, `${texts[i % texts.length]} ${i}`, i % 2 === 0, `${i}.5`, [texts[i % texts.length] ?? '']]);
    const copied = await db.transaction((client) => copyRows(db, client, 'copy_test', ['n', 't', 'b', 'x', 'l'], many));
    expect(copied).toBe(many.length);
    const { rows } = await db.pool.query<{ n: number; t: string; b: boolean; x: string; l: string[] }>('SELECT n, t, b, x::text AS x, l FROM copy_test ORDER BY n');
    expect(rows.map((r) => [r.n, r.t, r.b, r.x, r.l])).toEqual(many);
  }, 120_000);

  it('fails the transaction on a refused row, writing nothing of it, and leaves the connection usable', async () => {
    await db.pool.query('TRUNCATE copy_test');
    const many = Array.from({ length: 45_000 }, (_, i) => [i, i === 44_000 ? 'refused' : `row ${i}`, null, null, []]);
    const error = await db
      .transaction(async (client) => {
        await client.query(`INSERT INTO copy_test (n, t) VALUES (-1, 'before the copy')`);
        await copyRows(db, client, 'copy_test', ['n', 't', 'b', 'x', 'l'], many);
      })
      .then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/copy_test_t_check/);
    const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM copy_test');
    expect(only(rows).n).toBe('0');
  }, 120_000);
});
