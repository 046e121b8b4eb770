import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { insertFixture } from './fixtures';

/**
 * Why a unit in scope is not ranked, said in words a journalist can print, and the warnings a
 * ranking opens with. Every place and figure here is test data: Testfylke (99), Testkommune 1–8
 * (9901–9908), their NAV offices 99901–99908 and one city-district office, all in a test source.
 */
const MONTHLY = 'social_assistance.recipients_monthly_avg';
const UNDER_25 = 'social_assistance.recipients_under_25';

const municipality = (n: number, name: string) => ({ code: `990${n}`, name, county: '99' });
const office = (n: number, name: string) => ({ code: `9990${n}`, name, county: '99', municipalities: [`990${n}`] });
const figure = (n: number, value: string | null, extra: { flags?: string[]; valueText?: string; unit?: string } = {}) => ({
  indicator: MONTHLY,
  source: 'test-2018',
  office: `9990${n}`,
  period: '2018',
  value,
  label: 'Gjennomsnittlig antall mottakere per måned',
  ...extra,
});

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: [
      municipality(1, 'Testkommune 1'),
      municipality(2, 'Testkommune 2'),
      municipality(3, 'Testkommune 3'),
      municipality(4, 'Testkommune 4'),
      municipality(5, 'Testkommune 5'),
      municipality(6, 'Testkommune 6'),
      municipality(8, 'Testkommune 8'),
    ],
    populations: [
      { municipality: '9901', year: 2018, total: 12000 },
      { municipality: '9902', year: 2018, total: 3000 },
      // Testkommune 3 has no population for 2018.
      { municipality: '9904', year: 2018, total: 2000 },
      { municipality: '9905', year: 2018, total: 2500 },
      { municipality: '9906', year: 2018, total: 1500 },
      { municipality: '9908', year: 2018, total: 1000 },
    ],
    offices: [
      office(1, 'NAV Testdalen'),
      office(2, 'NAV Testvik'),
      office(3, 'NAV Testnes'),
      office(4, 'NAV Testøy'),
      office(5, 'NAV Testfjord'),
      office(6, 'NAV Testberg'),
      { code: '99907', name: 'NAV Testby sentrum', county: '99', municipalities: ['9901'], district: 'Sentrum' },
      office(8, 'NAV Testli'),
    ],
    indicators: [
      { code: MONTHLY, unit: 'persons', direction: 'lower_is_better', periodType: 'year_average_of_months' },
      { code: UNDER_25, unit: 'persons', direction: 'lower_is_better', periodType: 'year_average_of_months' },
    ],
    sources: [{ key: 'test-2018', title: 'Testkilde: oppdiktet årsrapport 2018', publisher: 'Testkommune', reportYear: 2018 }],
    observations: [
      figure(1, '120', { flags: ['provisional'] }),
      figure(2, '40'),
      figure(3, '30'),
      figure(4, null, { flags: ['suppressed'], valueText: '..' }),
      figure(5, null, { flags: ['not_published'], valueText: '' }),
      figure(6, '25', { unit: 'households' }),
      figure(7, '10'),
      figure(8, '15'),
    ],
  });
});
afterAll(async () => {
  await hub?.close();
});

interface RankingAnswer {
  rows: { rank: number; name: string; value: number }[];
  missing: { name: string; reason: string; detail: string }[];
  coverage: { ranked: number; missing: number; total: number };
  warnings: string[];
}

async function ranking(args: string): Promise<RankingAnswer> {
  const answer = await hub.execute<{ ranking: RankingAnswer }>(
    `{ ranking(${args}) { rows { rank name value } missing { name reason detail } coverage { ranked missing total } warnings } }`,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.ranking;
}

describe('a unit that is not ranked', () => {
  it('is listed with the reason in words: withheld, an empty cell, another unit of measure', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018"`);
    expect(r.rows.map((row) => [row.rank, row.name, row.value])).toEqual([
      [1, 'NAV Testby sentrum', 10],
      [2, 'NAV Testli', 15],
      [3, 'NAV Testnes', 30],
      [4, 'NAV Testvik', 40],
      [5, 'NAV Testdalen', 120],
    ]);
    // In order of name here: the order of the missing units is not what this test is about.
    expect([...r.missing].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'NAV Testberg', reason: 'NOT_COMPARABLE', detail: 'published in households, while the indicator is in persons' },
      { name: 'NAV Testfjord', reason: 'NOT_PUBLISHED', detail: 'the source has an empty cell for 2018: nothing was published; not a zero' },
      { name: 'NAV Testøy', reason: 'SUPPRESSED', detail: 'withheld by the publisher (".."); not a zero' },
    ]);
    expect(r.coverage).toEqual({ ranked: 5, missing: 3, total: 8 });
  });

  it('has no population when normalised: none published for the year, or a city district the reference data has none for', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018", normalise: PER_1000_INHABITANTS`);
    expect(r.rows.map((row) => [row.name, row.value])).toEqual([
      ['NAV Testdalen', 10],
      ['NAV Testvik', 13.3333],
      ['NAV Testli', 15],
    ]);
    expect(r.missing.filter((m) => m.reason === 'NO_POPULATION').sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'NAV Testby sentrum', reason: 'NO_POPULATION', detail: "serves a city district (Sentrum); the reference data has no district population, and the whole city's would be wrong" },
      { name: 'NAV Testnes', reason: 'NO_POPULATION', detail: 'no population published for 2018' },
    ]);
  });

  it('below the smallest population asked for says how many lived there and from which year', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018", minPopulation: 2800`);
    expect(r.rows.map((row) => row.name)).toEqual(['NAV Testvik', 'NAV Testdalen']);
    expect(r.missing.find((m) => m.name === 'NAV Testli')).toEqual({
      name: 'NAV Testli',
      reason: 'BELOW_MIN_POPULATION',
      detail: '1000 inhabitants on 1 January 2018, fewer than 2800',
    });
  });
});

describe('the warnings a ranking opens with', () => {
  it('name the offices whose figures are provisional', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018"`);
    expect(r.warnings).toContain('Provisional figures: NAV Testdalen.');
  });

  it('say first when fewer than 60 % of the units in scope are ranked, and how to list the silent ones', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018", normalise: PER_1000_INHABITANTS`);
    expect(r.coverage).toEqual({ ranked: 3, missing: 5, total: 8 });
    expect(r.warnings[0]).toBe(
      'Only 3 of 8 units in scope (38 %) are ranked: a ranking of so few says little about the rest; with scope { allUnits: true } the silent units are listed too.',
    );
  });

  it('say there is nothing to rank for a period without figures', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2010"`);
    expect(r.rows).toEqual([]);
    expect(r.coverage.ranked).toBe(0);
    expect(r.warnings).toContain('Nothing to rank: no unit in scope has a usable figure for 2010.');
  });

  it('say there is nothing to rank when no unit has any figure of the indicator', async () => {
    const r = await ranking(`indicator: "${UNDER_25}", latest: true`);
    expect(r.rows).toEqual([]);
    expect(r.warnings).toContain('Nothing to rank: no unit in scope has a usable figure.');
  });
});

describe('a ranking asked for in two ways at once', () => {
  it('is refused: a period and latest both', async () => {
    const answer = await hub.execute(`{ ranking(indicator: "${MONTHLY}", period: "2018", latest: true) { rows { rank } } }`);
    expect(answer.data).toBeNull();
    expect(answer.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.argument])).toEqual([
      ['Give either a period or latest: true, not both: latest ranks each unit on its own latest figure.', 'BAD_USER_INPUT', 'latest'],
    ]);
  });
});
