import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { insertFixture } from './fixtures';

/**
 * A comparison's rows lead to the office or municipality each is about, as objects a front end
 * can follow, and never to the other kind. Test data: NAV Testdalen (99901) serving Testkommune 1
 * (9901) of Testfylke, with figures of a test report.
 */
const MONTHLY = 'social_assistance.recipients_monthly_avg';

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: [{ code: '9901', name: 'Testkommune 1', county: '99' }],
    offices: [{ code: '99901', name: 'NAV Testdalen', county: '99', municipalities: ['9901'] }],
    indicators: [{ code: MONTHLY, unit: 'persons', direction: 'lower_is_better' }],
    sources: [{ key: 'test-2018', title: 'Testkilde: oppdiktet årsrapport 2018', publisher: 'Testkommune', reportYear: 2018 }],
    observations: [
      { indicator: MONTHLY, source: 'test-2018', office: '99901', period: '2018', value: '40' },
      { indicator: MONTHLY, source: 'test-2018', municipality: '9901', period: '2018', value: '45' },
    ],
  });
});
afterAll(async () => {
  await hub?.close();
});

describe("a comparison's rows", () => {
  it('lead to the office or the municipality each is about, with its county, and to no other', async () => {
    const answer = await hub.execute<{ compare: { rows: unknown[] } }>(
      `{ compare(offices: ["99901"], municipalities: ["9901"], indicators: ["${MONTHLY}"], periods: ["2018"]) {
           rows { name office { code name county { name } } municipality { code name county { name } } county { code } cells { value } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.compare.rows).toEqual([
      { name: 'NAV Testdalen', office: { code: '99901', name: 'NAV Testdalen', county: { name: 'Testfylke' } }, municipality: null, county: null, cells: [{ value: 40 }] },
      { name: 'Testkommune 1', office: null, municipality: { code: '9901', name: 'Testkommune 1', county: { name: 'Testfylke' } }, county: null, cells: [{ value: 45 }] },
    ]);
  });
});
