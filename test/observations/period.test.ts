import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { parsePeriod } from '../../src/import/normalise/period';
import { problemsOf, TargetAttainmentArgs } from '../../src/modules/comparison/comparison.args';
import { isPeriod } from '../../src/modules/observations/period';
import { openTestDatabase } from '../support/db';
import { defined } from '../support/indexed';

const VALID = ['2018', '0001', '9999', '2015-Q1', '2015-Q4', '2018-01', '2018-09', '2018-10', '2018-12'];
const INVALID = ['', '18', '20180', '2018-Q0', '2018-Q5', '2018-q1', '2018Q1', '2018-00', '2018-13', '2018-1', '2018-M03', ' 2018', '2018 ', '2018\n', '٢٠١٨', '2018-Q1-01'];

describe('the period rule', () => {
  it.each(VALID)('accepts %j', (period) => expect(isPeriod(period)).toBe(true));
  it.each(INVALID)('refuses %j', (period) => expect(isPeriod(period)).toBe(false));
});

describe('the importer, the API and the observations table agree on periods', () => {
  let db: Database;
  let checkPattern: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    const [row] = await db.dataSource.query(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
        WHERE c.conrelid = 'observations'::regclass AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%period ~%'`,
    );
    // CHECK ((period ~ '^[0-9]{4}(...)?$'::text))
    checkPattern = defined(/period ~ '([^']+)'/.exec(row.def)?.[1], 'the period pattern of the CHECK constraint on observations');
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each([...VALID, ...INVALID])('%j', async (period) => {
    const [{ ok }] = await db.dataSource.query('SELECT $1::text ~ $2::text AS ok', [period, checkPattern]);
    const api = problemsOf(Object.assign(new TargetAttainmentArgs(), { period, office: '24837' })).length === 0;
    expect({ importer: parsePeriod(period).ok, api, table: ok }).toEqual({ importer: isPeriod(period), api: isPeriod(period), table: isPeriod(period) });
  });

  it('finds the CHECK it compares with', () => {
    expect(checkPattern).toContain('Q[1-4]');
  });
});
