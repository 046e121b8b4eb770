import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columns, notNull, nullable, packedColumnsSql } from '../../src/db/columns';
import type { Database } from '../../src/db/database';
import { RowShapeError } from '../../src/db/rows';
import { openTestDatabase } from '../support/db';

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db?.close(); });

// Invented rows (test data): the shape of a ranking's rows, not its figures.
const Ranked = columns({
  unit_id: nullable.int,
  name: notNull.text,
  value: nullable.text,
  population: nullable.bigint,
  reason: nullable.oneOf(['NO_VALUE', 'SUPPRESSED']),
  flags: notNull.eachOneOf(['approximate', 'provisional']),
  withheld: notNull.bool,
  notes: nullable.json,
});

const ROWS = `SELECT v.unit_id, v.name, v.value::text AS value, v.population::bigint AS population, v.reason, v.flags, v.withheld,
                     '[{"note": null}]'::json AS notes
  FROM (VALUES (1, 'NAV Testdalen', 12.50::numeric, 9007199254740993, NULL::text, ARRAY['approximate'], false),
               (2, 'NAV Testvik', NULL, NULL, 'SUPPRESSED', ARRAY[]::text[], true)) AS v(unit_id, name, value, population, reason, flags, withheld)`;

describe('rows read with typed columns', () => {
  it('hands over what pg sends: numeric and int8 as exact text, arrays, booleans and parsed JSON', async () => {
    const rows = await db.columns(Ranked, 'test.columns_read', ROWS);
    expect(rows).toEqual([
      { unit_id: 1, name: 'NAV Testdalen', value: '12.50', population: '9007199254740993', reason: null, flags: ['approximate'], withheld: false, notes: [{ note: null }] },
      { unit_id: 2, name: 'NAV Testvik', value: null, population: null, reason: 'SUPPRESSED', flags: [], withheld: true, notes: [{ note: null }] },
    ]);
  });

  it('names the column whose type changed, with both types', async () => {
    const read = db.columns(Ranked, 'test.columns_type', ROWS.replace('v.population::bigint AS population', 'v.population::int AS population').replace('9007199254740993', '17'));
    await expect(read).rejects.toThrow(RowShapeError);
    await expect(read).rejects.toThrow('statement test.columns_type, field population: declared int8, PostgreSQL sent type int4');
  });

  it('names a column the statement no longer sends, and one it sends undeclared', async () => {
    await expect(db.columns(Ranked, 'test.columns_missing', ROWS.replace(/,\s*'\[\{"note": null\}\]'::json AS notes/, ''))).rejects.toThrow(
      'statement test.columns_missing, field notes: the column is missing',
    );
    await expect(db.columns(Ranked, 'test.columns_extra', ROWS.replace('AS notes', 'AS notes, 1 AS rank'))).rejects.toThrow(
      "statement test.columns_extra, field rank: a column the statement's specification does not declare",
    );
  });

  it('names the row with a null in a column declared never null', async () => {
    const read = db.columns(Ranked, 'test.columns_null', ROWS.replace("'NAV Testvik'", 'NULL'));
    await expect(read).rejects.toThrow('statement test.columns_null, row 2 of 2, field name: null in a column declared never null');
  });

  it('names a word a column may not hold, in a text and in a text array', async () => {
    await expect(db.columns(Ranked, 'test.columns_word', ROWS.replace("'SUPPRESSED'", "'WITHHELD'"))).rejects.toThrow(
      'statement test.columns_word, row 2 of 2, field reason: "WITHHELD" is none of "NO_VALUE", "SUPPRESSED"',
    );
    await expect(db.columns(Ranked, 'test.columns_flag', ROWS.replace("ARRAY['approximate']", "ARRAY['approximate', 'estimated']"))).rejects.toThrow(
      'statement test.columns_flag, row 1 of 2, field flags: "estimated" is none of "approximate", "provisional"',
    );
  });

  it('lets a nullable column be null and a word column hold any of its words', async () => {
    const rows = await db.columns(Ranked, 'test.columns_words', ROWS.replace('NULL::text', "'NO_VALUE'").replace("ARRAY[]::text[]", "ARRAY['provisional', 'approximate']"));
    expect(rows.map((r) => [r.reason, r.flags])).toEqual([
      ['NO_VALUE', ['approximate']],
      ['SUPPRESSED', ['provisional', 'approximate']],
    ]);
  });
});

describe('rows kept packed, one JSON array each, in pages', () => {
  /** The rows of ROWS packed, a page of one row each: rows are counted over pages. */
  const packed = (rows = ROWS) => `SELECT json_agg(p.packed ORDER BY p.n) AS page
    FROM (SELECT row_number() OVER () AS n, ${packedColumnsSql(Ranked, 'r')} AS packed FROM (${rows}) r) p
   GROUP BY p.n ORDER BY p.n`;
  const read = (name: string, text: string) => db.packed(Ranked, name, text);

  it('reads back what the columns would have handed over: numeric and int8 as exact text, arrays, booleans and parsed JSON', async () => {
    expect(await read('test.packed_read', packed())).toEqual(await db.columns(Ranked, 'test.columns_unpacked', ROWS));
  });

  it('names the row and column whose value was packed as another kind, and a row of other columns', async () => {
    // The int8 packed as a number (not through packedColumnsSql): digits past 2^53 would be lost.
    const asNumber = packed().replace('r.population::text', 'r.population');
    await expect(read('test.packed_kind', asNumber)).rejects.toThrow(RowShapeError);
    await expect(read('test.packed_kind', asNumber)).rejects.toThrow('statement test.packed_kind, row 1 of 2, field population: declared int8, packed as number');
    // A column whose type became numeric: a number, but not a whole one.
    await expect(read('test.packed_fraction', packed(ROWS.replace('SELECT v.unit_id,', 'SELECT v.unit_id + 0.5 AS unit_id,')))).rejects.toThrow(
      'statement test.packed_fraction, row 1 of 2, field unit_id: declared int4, packed as number',
    );
    await expect(read('test.packed_short', packed().replace(', r.notes) AS packed', ') AS packed'))).rejects.toThrow(
      'statement test.packed_short, row 1 of 2: not a packed row of the 8 declared columns',
    );
  });

  it('names what a statement sent instead of one json column of pages of packed rows', async () => {
    await expect(read('test.packed_unpacked', ROWS)).rejects.toThrow(
      'statement test.packed_unpacked: declared one json column of packed rows, PostgreSQL sent unit_id (int4), name (text),',
    );
    await expect(read('test.packed_unpaged', `SELECT '{"unit_id": 1}'::json AS packed`)).rejects.toThrow(
      'statement test.packed_unpaged, field packed: not a page (a JSON array) of packed rows',
    );
  });

  it('checks null and words as unpacked rows are checked', async () => {
    await expect(read('test.packed_null', packed(ROWS.replace("'NAV Testvik'", 'NULL')))).rejects.toThrow(
      'statement test.packed_null, row 2 of 2, field name: null in a column declared never null',
    );
    await expect(read('test.packed_flag', packed(ROWS.replace("ARRAY['approximate']", "ARRAY['approximate', 'estimated']")))).rejects.toThrow(
      'statement test.packed_flag, row 1 of 2, field flags: "estimated" is none of "approximate", "provisional"',
    );
  });
});
