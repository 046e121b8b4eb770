import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { insertFixture } from './fixtures';

/**
 * The warnings a comparison opens with for cells it cannot show as a number: withheld figures,
 * figures in another unit, and many empty cells named up to ten. Test data: NAV Testdalen (99901)
 * with figures of a test report.
 */
const MONTHLY = 'social_assistance.recipients_monthly_avg';
const YEARLY = 'social_assistance.recipients_yearly';

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: [{ code: '9901', name: 'Testkommune 1', county: '99' }],
    offices: [{ code: '99901', name: 'NAV Testdalen', county: '99', municipalities: ['9901'] }],
    indicators: [
      { code: MONTHLY, unit: 'persons', direction: 'lower_is_better' },
      { code: YEARLY, unit: 'persons', direction: 'lower_is_better' },
    ],
    sources: [{ key: 'test-2018', title: 'Testkilde: oppdiktet årsrapport 2018', publisher: 'Testkommune', reportYear: 2018 }],
    observations: [
      { indicator: MONTHLY, source: 'test-2018', office: '99901', period: '2018', value: null, valueText: '..', flags: ['suppressed'] },
      { indicator: YEARLY, source: 'test-2018', office: '99901', period: '2018', value: '52', unit: 'households' },
    ],
  });
});
afterAll(async () => {
  await hub?.close();
});

interface Compared {
  rows: { cells: { period: string; value: number | null; unit: string | null; missingReason: string | null }[] }[];
  warnings: string[];
}

async function compare(periods: string[]): Promise<Compared> {
  const answer = await hub.execute<{ compare: Compared }>(
    `{ compare(offices: ["99901"], indicators: ["${MONTHLY}", "${YEARLY}"], periods: ${JSON.stringify(periods)}) { rows { cells { period value unit missingReason } } warnings } }`,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.compare;
}

describe('a comparison with cells it cannot show as a number', () => {
  it('says which figures were withheld (not zero) and which are published in another unit, shown in their own', async () => {
    const c = await compare(['2018']);
    // The figure in another unit is shown as published, in its own unit, and not compared.
    expect(c.rows.flatMap((r) => r.cells.map((cell) => [cell.period, cell.value, cell.unit, cell.missingReason]))).toEqual([
      ['2018', null, 'persons', 'SUPPRESSED'],
      ['2018', 52, 'households', 'NOT_COMPARABLE'],
    ]);
    expect(c.warnings).toEqual([
      `Withheld by the publisher (not zero): NAV Testdalen, ${MONTHLY}, 2018.`,
      `Published in another unit than the indicator's: NAV Testdalen, ${YEARLY}, 2018.`,
    ]);
  });

  it('names ten empty cells and counts the rest', async () => {
    const periods = ['2011', '2012', '2013', '2014', '2015', '2016', '2017'];
    const c = await compare(periods);
    const named = periods.flatMap((p) => [`${MONTHLY}, ${p}`, `${YEARLY}, ${p}`]);
    expect(named).toHaveLength(14);
    const ten = [...periods.map((p) => `NAV Testdalen, ${MONTHLY}, ${p}`), ...periods.slice(0, 3).map((p) => `NAV Testdalen, ${YEARLY}, ${p}`)];
    expect(c.warnings).toEqual([`No figure for 14 of 14 cells: ${ten.join('; ')} and 4 more.`]);
  });
});
