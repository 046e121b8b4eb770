import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../src/db/database';
import { column, RowShapeError } from '../../src/db/rows';
import { InvariantError } from '../../src/invariant';
import { openTestDatabase } from '../support/db';

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db?.close(); });

const Figure = z.object({ id: column.bigint, year: column.int, value: column.numeric.nullable(), total: column.count, label: z.string() });

const FIGURES = `SELECT 9007199254740993::bigint AS id, 2024 AS year, v.value, count(*) OVER () AS total, v.label
  FROM (VALUES (0.1::numeric, 'first'), (12345678901234567890.123456789::numeric, 'second'), (NULL::numeric, 'withheld')) AS v(value, label)`;

describe('rows read through a schema', () => {
  it('keeps numeric and bigint exact as text, reads a count as a number and drops columns the schema does not name', async () => {
    const rows = await db.rows(Figure.omit({ label: true }), 'test.rows_exact', FIGURES);
    expect(rows).toEqual([
      { id: '9007199254740993', year: 2024, value: '0.1', total: 3 },
      { id: '9007199254740993', year: 2024, value: '12345678901234567890.123456789', total: 3 },
      { id: '9007199254740993', year: 2024, value: null, total: 3 },
    ]);
  });

  it('names the statement, the row and the field when a column has another type', async () => {
    // A float where the schema expects numeric: the value was cast by mistake.
    const read = db.rows(Figure, 'test.rows_wrong_type', `SELECT id, year, value::float8 AS value, total, label FROM (${FIGURES}) f`);
    await expect(read).rejects.toThrow(RowShapeError);
    await expect(read).rejects.toThrow(/^statement test\.rows_wrong_type, row 1 of 3, field value: Invalid input: expected string, received number$/);
  });

  it('names the row that breaks the schema, not only the first', async () => {
    const read = db.rows(Figure.extend({ value: column.numeric }), 'test.rows_null', FIGURES);
    await expect(read).rejects.toThrow(/^statement test\.rows_null, row 3 of 3, field value: Invalid input: expected string, received null$/);
  });

  it('names the column a statement no longer selects', async () => {
    const read = db.rows(Figure, 'test.rows_missing', `SELECT id, value, total, label FROM (${FIGURES}) f`);
    await expect(read).rejects.toThrow('statement test.rows_missing, row 1 of 3, field year: the column is missing');
  });

  it('refuses a numeric sent as a float, a bigint with a fraction, and int8 where a whole number is expected', async () => {
    await expect(db.rows(z.object({ n: column.numeric }), 'test.rows_float', 'SELECT 0.5::float8 AS n')).rejects.toThrow('field n: Invalid input: expected string, received number');
    await expect(db.rows(z.object({ n: column.bigint }), 'test.rows_fraction', "SELECT '1.5' AS n")).rejects.toThrow('field n: expected a whole number as text');
    await expect(db.rows(z.object({ n: column.int }), 'test.rows_int8', 'SELECT 1::bigint AS n')).rejects.toThrow('field n: Invalid input: expected number, received string');
  });

  it('names the field of a row that fits no shape of a union, from the shape it came closest to', async () => {
    // A point of a series: a figure with its value and source, or a year without any.
    const Point = z.union([z.object({ year: column.int, value: column.numeric, source: z.string() }), z.object({ year: column.int, value: z.null(), source: z.null() })]);
    const read = db.rows(Point, 'test.rows_union', "SELECT 2020 AS year, 12.5::float8 AS value, 'Testkilde' AS source");
    await expect(read).rejects.toThrow(/^statement test\.rows_union, row 1 of 1, field value: Invalid input: expected string, received number$/);
  });

  it('is an invariant error, so a client sees an internal error and the log the detail', async () => {
    await expect(db.rows(z.object({ n: column.int }), 'test.rows_invariant', "SELECT 'x' AS n")).rejects.toBeInstanceOf(InvariantError);
  });

  it('reads a timestamptz as a Date and an empty result as no rows', async () => {
    const [row] = await db.rows(z.object({ at: column.timestamp }), 'test.rows_timestamp', "SELECT '2024-03-01T12:00:00Z'::timestamptz AS at");
    expect(row?.at.toISOString()).toBe('2024-03-01T12:00:00.000Z');
    expect(await db.rows(Figure, 'test.rows_none', `${FIGURES} LIMIT 0`)).toEqual([]);
  });
});
