import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { insertFixture } from './fixtures';

let hub: Hub;
const INDICATOR = 'social_assistance.recipients_monthly_avg';

/** `n` offices in a county, each serving its own municipality, with figures for 2022 and 2023 from two reports. */
function county(code: string, name: string, n: number, first: number) {
  const units = Array.from({ length: n }, (_, i) => ({ municipality: String(first + i).padStart(4, '0'), office: `${code}${String(i).padStart(3, '0')}` }));
  return {
    county: { code, name },
    municipalities: units.map((u) => ({ code: u.municipality, name: `Kommune ${u.municipality}`, county: code })),
    offices: units.map((u) => ({ code: u.office, name: `NAV Kommune ${u.municipality}`, county: code, municipalities: [u.municipality] })),
    observations: units.flatMap((u, i) => [
      { indicator: INDICATOR, source: `report-${code}-2023`, office: u.office, period: '2023', value: String(100 + ((i * 37) % 50)) },
      { indicator: INDICATOR, source: `report-${code}-2022`, office: u.office, period: '2022', value: String(90 + ((i * 17) % 40)) },
    ]),
  };
}

beforeAll(async () => {
  hub = await createTestHub();
  const small = county('46', 'Vestland', 5, 4601);
  const large = county('50', 'Trøndelag', 50, 5001);
  await insertFixture(hub.db, {
    counties: [small.county, large.county],
    municipalities: [...small.municipalities, ...large.municipalities],
    offices: [...small.offices, ...large.offices],
    indicators: [{ code: INDICATOR, unit: 'persons', direction: 'lower_is_better' }],
    sources: ['46', '50'].flatMap((c) => [
      { key: `report-${c}-2023`, title: `Testrapport 2023 (${c}, oppdiktede tall)`, publisher: 'Testkommune', reportYear: 2023, url: `https://example.org/${c}/2023` },
      { key: `report-${c}-2022`, title: `Testrapport 2022 (${c}, oppdiktede tall)`, publisher: 'Testkommune', reportYear: 2022 },
    ]),
    observations: [...small.observations, ...large.observations],
  });
});
afterAll(async () => {
  await hub?.close();
});

async function statementsFor(query: string): Promise<{ statements: number; rows: number }> {
  const before = hub.db.statements.count;
  const result = await hub.execute<{ ranking: { rows: unknown[] } }>(query);
  expect(result.errors).toBeUndefined();
  return { statements: hub.db.statements.count - before, rows: result.data!.ranking.rows.length };
}

describe('SQL statements per ranking', () => {
  it('a ranking runs a fixed number of SQL statements whatever the number of offices', async () => {
    const query = (county: string) => `{
      ranking(indicator: "${INDICATOR}", period: "2023", scope: { county: "${county}" }) {
        rows { rank value citation office { name municipalities { name } } source { title url } }
        missing { name office { name } }
        coverage { total }
        warnings
      }
    }`;
    const five = await statementsFor(query('46'));
    const fifty = await statementsFor(query('50'));
    expect(five.rows).toBe(5);
    expect(fifty.rows).toBe(50);
    expect(fifty.statements).toBe(five.statements);
    // The ranking itself, which carries each row's office and source, then one batched statement
    // each for the offices' areas and those areas' municipalities.
    expect(five.statements).toBe(3);
  });

  it('the ranking itself is one statement', async () => {
    const { statements } = await statementsFor(`{ ranking(indicator: "${INDICATOR}", period: "2023") { rows { rank name value changeFromPrevious percentile } warnings } }`);
    expect(statements).toBe(1);
  });
});
