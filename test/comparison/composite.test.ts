import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';
import { insertFixture } from './fixtures';

let hub: Hub;
const RECIPIENTS = 'social_assistance.recipients_share_20_66';
const WORK = 'qualification_programme.exit_work_education_share';
const NIGHTS = 'housing.temporary_over_14_nights_yearly';
const STAFF = 'staff.employees';

beforeAll(async () => {
  hub = await createTestHub();
  // Invented offices and figures, from a test source.
  const offices = [
    ['1001', 'NAV Testby A'],
    ['1002', 'NAV Testby B'],
    ['1003', 'NAV Testby D'],
    ['1004', 'NAV Testby C'],
  ] as const;
  // recipients (lower is better), transitions to work (higher is better), nights (all equal).
  const values: Record<(typeof offices)[number][0], [string | null, string, string]> = {
    '1001': ['10', '50', '5'],
    '1002': ['20', '70', '5'],
    '1003': ['30', '60', '5'],
    '1004': [null, '80', '5'],
  };
  await insertFixture(hub.db, {
    counties: [{ code: '33', name: 'Buskerud' }],
    offices: offices.map(([code, name]) => ({ code, name, county: '33' })),
    indicators: [
      { code: RECIPIENTS, unit: 'percent', direction: 'lower_is_better' },
      { code: WORK, unit: 'percent', direction: 'higher_is_better' },
      { code: NIGHTS, unit: 'nights', direction: 'lower_is_better' },
      { code: STAFF, unit: 'persons', direction: 'neither' },
    ],
    sources: [{ key: 'test-2018', title: 'Testkilde: oppdiktede tall 2018', publisher: 'Testkommune', reportYear: 2018 }],
    observations: offices.flatMap(([code]) => {
      const [r, w, n] = values[code];
      return [
        ...(r === null ? [] : [{ indicator: RECIPIENTS, source: 'test-2018', office: code, period: '2018', value: r }]),
        { indicator: WORK, source: 'test-2018', office: code, period: '2018', value: w },
        { indicator: NIGHTS, source: 'test-2018', office: code, period: '2018', value: n },
      ];
    }),
  });
});
afterAll(async () => {
  await hub?.close();
});

interface Composite {
  compositeIndex: {
    indicators: { indicator: { code: string }; weight: number; min: number | null; max: number | null; unitsWithValue: number }[];
    rows: { rank: number; name: string; score: number; missingIndicators: string[]; contributions: { indicator: { code: string }; value: number; scaled: number; contribution: number; citation: string }[] }[];
    leftOut: { name: string; missingIndicators: string[]; office: { name: string } | null }[];
    warnings: string[];
  };
}

const FIELDS = `indicators { indicator { code } weight min max unitsWithValue }
  rows { rank name score missingIndicators contributions { indicator { code } value scaled contribution citation } }
  leftOut { name missingIndicators office { name } }
  warnings`;

const WEIGHTS = `[{ code: "${RECIPIENTS}", weight: 2 }, { code: "${WORK}", weight: 1 }, { code: "${NIGHTS}" }]`;

async function composite(args: string) {
  const result = await hub.execute<Composite>(`{ compositeIndex(${args}) { ${FIELDS} } }`);
  expect(result.errors).toBeUndefined();
  return result.data!.compositeIndex;
}

describe('composite index', () => {
  it('scales each indicator 1–6 by direction, best 6, and shows each contribution', async () => {
    const c = await composite(`indicators: ${WEIGHTS}, period: "2018"`);
    expect(c.indicators.map((i) => [i.indicator.code, i.weight, i.min, i.max, i.unitsWithValue])).toEqual([
      [RECIPIENTS, 2, 10, 30, 3],
      [WORK, 1, 50, 80, 4],
      [NIGHTS, 1, 5, 5, 4],
    ]);
    expect(c.rows.map((r) => [r.rank, r.name])).toEqual([
      [1, 'NAV Testby A'],
      [2, 'NAV Testby B'],
      [3, 'NAV Testby D'],
    ]);
    const asker = at(c.rows, 0);
    const baerum = at(c.rows, 1);
    const lier = at(c.rows, 2);
    // Fewest recipients (10 of 10–30) scores 6; fewest transitions to work (50 of 50–80) scores 1.
    expect(asker.contributions.map((x) => [x.indicator.code, x.scaled])).toEqual([
      [RECIPIENTS, 6],
      [WORK, 1],
      [NIGHTS, 6],
    ]);
    // (2 × 6 + 1 × 1 + 1 × 6) ÷ 4
    expect(asker.score).toBe(4.75);
    expect(asker.contributions.map((x) => x.contribution)).toEqual([3, 0.25, 1.5]);
    // Testby B: recipients 20 → 3.5; work 70 → 1 + 5 × 20/30 = 4.3333; (7 + 4.3333 + 6) ÷ 4
    expect(at(baerum.contributions, 1).scaled).toBeCloseTo(4.3333, 4);
    expect(baerum.score).toBeCloseTo(17.3333 / 4, 3);
    expect(at(lier.contributions, 0).scaled).toBe(1);
    expect(at(asker.contributions, 0).citation).toBe(`Testkommune, Testkilde: oppdiktede tall 2018, NAV Testby A: «${RECIPIENTS}» 10 (2018)`);
  });

  it('leaves out units lacking more than maxMissing indicators, and lists them', async () => {
    const c = await composite(`indicators: ${WEIGHTS}, period: "2018"`);
    expect(c.leftOut).toEqual([{ name: 'NAV Testby C', missingIndicators: [RECIPIENTS], office: { name: 'NAV Testby C' } }]);
    const warnings = c.warnings.join('\n');
    expect(warnings).toMatch(/All 4 units with a figure for "housing.temporary_over_14_nights_yearly" have the same value \(5\); every one of them scores 6/);
    expect(warnings).toMatch(/1 units lack more than 0 of the 3 indicators and are left out: NAV Testby C/);
  });

  it('with maxMissing 1, scores a unit on the indicators it has', async () => {
    const c = await composite(`indicators: ${WEIGHTS}, period: "2018", maxMissing: 1`);
    expect(c.leftOut).toEqual([]);
    expect(c.rows[0]).toMatchObject({ rank: 1, name: 'NAV Testby C', score: 6, missingIndicators: [RECIPIENTS] });
    // Leaving Testby C in or out does not move anyone else's score.
    expect(c.rows.find((r) => r.name === 'NAV Testby A')!.score).toBe(4.75);
  });

  it('refuses an indicator without a direction, naming it', async () => {
    const result = await hub.execute(`{ compositeIndex(indicators: [{ code: "${STAFF}" }, { code: "${WORK}" }], period: "2018") { rows { rank } } }`);
    expect(result.errors?.[0]?.message).toMatch(/"staff.employees" .* has no direction/);
  });

  it('refuses a weight of zero and a repeated code', async () => {
    const zero = await hub.execute(`{ compositeIndex(indicators: [{ code: "${WORK}", weight: 0 }], period: "2018") { rows { rank } } }`);
    expect(zero.errors?.[0]?.message).toMatch(/indicators: \[0\]\.weight: weight must be more than 0/);
    const twice = await hub.execute(`{ compositeIndex(indicators: [{ code: "${WORK}" }, { code: "${WORK}" }], period: "2018") { rows { rank } } }`);
    expect(twice.errors?.[0]?.message).toMatch(/indicators must not repeat a code/);
  });
});
