import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { isTargetMet, type TargetBounds } from '../../src/import/normalise/target';
import { openTestDatabase } from '../support/db';

/**
 * target_met() is the one judge of a target in the database: observations, rankings, target
 * attainment and targetResults all call it. It is tested here, in SQL, on and around every bound
 * of every comparator, and against isTargetMet (the importer's exact comparison) as its oracle.
 */
let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

async function met(comparator: TargetBounds['comparator'], lower: string | null, upper: string | null, values: string[]): Promise<(boolean | null)[]> {
  const rows = await db.dataSource.query(
    'SELECT target_met($1, $2::numeric, $3::numeric, v::numeric) AS met FROM unnest($4::text[]) WITH ORDINALITY AS x(v, i) ORDER BY i',
    [comparator, lower, upper, values],
  );
  return rows.map((r: { met: boolean | null }) => r.met);
}

describe('target_met() in SQL, on and around every bound', () => {
  const around = ['449.999999', '450', '450.000001'];

  it('"< 450" is met below 450 only', async () => {
    expect(await met('lt', null, '450', around)).toEqual([true, false, false]);
  });

  it('"≤ 450" is met at 450 and below', async () => {
    expect(await met('lte', null, '450', around)).toEqual([true, true, false]);
  });

  it('"> 450" is met above 450 only', async () => {
    expect(await met('gt', '450', null, around)).toEqual([false, false, true]);
  });

  it('"≥ 450" is met at 450 and above', async () => {
    expect(await met('gte', '450', null, around)).toEqual([false, true, true]);
  });

  it('"0" (an exact count) is met at 0 only', async () => {
    expect(await met('eq', '0', '0', ['-0.000001', '0', '0.000001'])).toEqual([false, true, false]);
  });

  it('"0-30" includes both ends', async () => {
    expect(await met('range', '0', '30', ['-0.000001', '0', '15', '30', '30.000001'])).toEqual([false, true, true, true, false]);
  });

  it('a range with equal ends is met at that value only', async () => {
    expect(await met('range', '5', '5', ['4.999', '5', '5.001'])).toEqual([false, true, false]);
  });

  it('says nothing without a value', async () => {
    expect(await met('lt', null, '450', [null as unknown as string])).toEqual([null]);
  });
});

describe('target_met() agrees with the importer’s exact comparison', () => {
  // Decimals as the importer writes them: up to 6 integer digits and 6 decimals, sign included.
  const decimal = fc
    .tuple(fc.boolean(), fc.integer({ min: 0, max: 999_999 }), fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: undefined }))
    .map(([negative, whole, fraction]) => `${negative && (whole > 0 || (fraction ?? 0) > 0) ? '-' : ''}${whole}${fraction === undefined ? '' : `.${String(fraction).padStart(6, '0')}`}`);
  const target: fc.Arbitrary<TargetBounds> = fc.oneof(
    fc.record({ comparator: fc.constantFrom('lt' as const, 'lte' as const), lower: fc.constant(null), upper: decimal }),
    fc.record({ comparator: fc.constantFrom('gt' as const, 'gte' as const, 'eq' as const), lower: decimal, upper: fc.constant(null) }),
    fc.tuple(decimal, decimal).map(([a, b]) => {
      const [lower, upper] = Number(a) <= Number(b) ? [a, b] : [b, a];
      return { comparator: 'range' as const, lower, upper };
    }),
  );

  it('on 300 random targets, each with a random value and a value on its bound', async () => {
    const cases = fc.sample(fc.tuple(target, decimal), { numRuns: 300, seed: 20261130 }).flatMap(([t, v]) => {
      const bound = t.lower ?? t.upper!;
      return [v, bound].map((value) => ({ t, value }));
    });
    const rows = await db.dataSource.query(
      `SELECT target_met(c.comparator, c.lower::numeric, c.upper::numeric, c.value::numeric) AS met
         FROM json_to_recordset($1::json) AS c(i int, comparator text, lower text, upper text, value text) ORDER BY c.i`,
      [JSON.stringify(cases.map(({ t, value }, i) => ({ i, comparator: t.comparator, lower: t.lower, upper: t.upper, value })))],
    );
    const disagreements = cases.filter(({ t, value }, i) => rows[i].met !== isTargetMet(t, value));
    expect(disagreements).toEqual([]);
  });
});
