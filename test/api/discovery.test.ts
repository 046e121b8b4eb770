import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { CODES, insertFixture, newsroomFixture } from '../comparison/fixtures';
import { createTestHub } from '../support/hub';

/**
 * What the hub has: an indicator's periods and coverage per level, and what each office and
 * municipality publishes. Bodø's, Kristiansund's and Oslo's districts' figures are real (see the
 * fixture); the test county, municipality and office and their figures are invented test data.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  const fixture = newsroomFixture();
  await insertFixture(hub.db, {
    ...fixture,
    counties: [...fixture.counties!, { code: '98', name: 'Test county' }],
    municipalities: [...fixture.municipalities!, { code: '9801', name: 'Test municipality', county: '98' }],
    offices: [...fixture.offices!, { code: '99001', name: 'Test office', county: '98', municipalities: ['9801'] }],
    indicators: [...fixture.indicators!, { code: 'test.unpublished', unit: 'persons', direction: 'lower_is_better' }],
    sources: [...fixture.sources!, { key: 'test', title: 'Test source (invented figures)', publisher: 'Test publisher', reportYear: 2023 }],
    observations: [
      ...fixture.observations!,
      { indicator: CODES.share, source: 'test', municipality: '9801', period: '2023', value: '5.0', label: 'municipality' },
      { indicator: CODES.share, source: 'test', municipality: '9801', period: '2023', value: '5.1', label: 'municipality, derived' },
      { indicator: CODES.share, source: 'test', office: '99001', period: '2023', value: '5.1', label: 'office, derived' },
      { indicator: CODES.share, source: 'test', office: '99001', period: '2023', value: '9.9', label: 'office, superseded' },
      { indicator: CODES.share, source: 'test', municipality: '9801', period: '2020', value: '8.8', label: 'municipality, target' },
      { indicator: CODES.share, source: 'test', municipality: '9801', period: '2023', value: '5.2', label: 'county, derived' },
      { indicator: CODES.share, source: 'test', municipality: '9801', period: '2023', value: '5.3', label: 'country' },
    ],
  });
  const testRow = (label: string) => `raw_indicator_id = (SELECT id FROM raw_indicators WHERE label = '${label}')`;
  await hub.db.pool.query(`UPDATE observations SET derivation = 'test' WHERE ${testRow('municipality, derived')} OR ${testRow('office, derived')}`);
  // The office's derived figure names the municipality it was summed over: it is still the office's.
  await hub.db.pool.query(`UPDATE observations SET municipality_id = (SELECT id FROM municipalities WHERE code = '9801') WHERE ${testRow('office, derived')}`);
  await hub.db.pool.query(`UPDATE observations SET is_current = false WHERE ${testRow('office, superseded')}`);
  await hub.db.pool.query(`UPDATE observations SET kind = 'target' WHERE ${testRow('municipality, target')}`);
  await hub.db.pool.query(`UPDATE observations SET municipality_id = NULL, county_code = '98', derivation = 'test' WHERE ${testRow('county, derived')}`);
  await hub.db.pool.query(`UPDATE observations SET municipality_id = NULL, national = true WHERE ${testRow('country')}`);
});
afterAll(async () => {
  await hub?.close();
});

const LEVEL = 'units published derivedOnly withValue figures';
const COVERAGE = `period offices { ${LEVEL} } municipalities { ${LEVEL} } counties { ${LEVEL} } country { ${LEVEL} }
  sourceCount figures publishedFigures derivedFigures withheldFigures`;

async function indicator(code: string) {
  const result = await hub.execute<any>(`{ indicator(code: "${code}") { periods coverage { ${COVERAGE} } } }`);
  expect(result.errors).toBeUndefined();
  return result.data.indicator;
}

const level = (units: number, published: number, figures: number, withValue = units) => ({ units, published, derivedOnly: units - published, withValue, figures });

describe('Indicator.periods and Indicator.coverage', () => {
  it("lists the periods with a current figure, newest first, and none for an indicator nobody publishes", async () => {
    expect((await indicator(CODES.monthly)).periods).toEqual(['2018', '2017', '2016']);
    expect((await indicator(CODES.refugeesQuarterly)).periods).toEqual(['2015', '2014']);
    // 2020 holds only a target and nothing current: not a period with a figure.
    expect((await indicator(CODES.share)).periods).toEqual(['2023', '2022', '2021']);
    expect(await indicator('test.unpublished')).toEqual({ periods: [], coverage: [] });
  });

  it('counts units per level, published apart from derived, and skips superseded figures and targets', async () => {
    const [y2023] = (await indicator(CODES.share)).coverage;
    expect(y2023).toEqual({
      period: '2023',
      // Three Oslo districts as published, and the test office with a derived figure only.
      offices: level(4, 3, 4),
      // One municipality with a published and a derived figure: published, two figures.
      municipalities: level(1, 1, 2),
      counties: level(1, 0, 1),
      country: level(1, 1, 1),
      sourceCount: 2,
      figures: 8,
      publishedFigures: 5,
      derivedFigures: 3,
      withheldFigures: 0,
    });
  });

  it("counts a withheld figure as a figure and as withheld, never as missing", async () => {
    const coverage = (await indicator(CODES.share)).coverage;
    expect(coverage.map((c: { period: string; withheldFigures: number; offices: { units: number } }) => [c.period, c.offices.units, c.withheldFigures])).toEqual([
      ['2023', 4, 0],
      ['2022', 3, 1], // Søndre Nordstrand withheld its 2022 share
      ['2021', 3, 0],
    ]);
    // Søndre Nordstrand has a figure for 2022, but none a ranking can place.
    expect(coverage[1]).toMatchObject({ offices: level(3, 3, 3, 2), municipalities: level(0, 0, 0), counties: level(0, 0, 0), country: level(0, 0, 0), sourceCount: 1 });
  });
});

describe('what an office or a municipality publishes', () => {
  const PUBLISHED = 'indicator { code } periods latestPeriod figures publishedFigures derivedFigures sources { title }';

  it("lists NAV Bodø's four scorecard indicators with their periods and source", async () => {
    const result = await hub.execute<any>(`{ office(code: "24837") { indicators { ${PUBLISHED} } } }`);
    expect(result.errors).toBeUndefined();
    const published = result.data.office.indicators;
    expect(published.map((p: { indicator: { code: string } }) => p.indicator.code)).toEqual(
      [CODES.kvpExits, CODES.monthly, CODES.under25, CODES.sickLeave].sort(),
    );
    for (const p of published) {
      expect(p).toMatchObject({ periods: ['2018', '2017', '2016'], latestPeriod: '2018', figures: 3, publishedFigures: 3, derivedFigures: 0, sources: [{ title: 'Årsmelding 2018' }] });
    }
  });

  it("keeps an office's figures and a whole municipality's apart", async () => {
    const result = await hub.execute<any>(`{
      office(code: "99001") { indicators { ${PUBLISHED} } }
      test: municipality(code: "9801") { indicators { ${PUBLISHED} } }
      bodo: municipality(code: "1804") { indicators { ${PUBLISHED} } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.office.indicators).toEqual([
      { indicator: { code: CODES.share }, periods: ['2023'], latestPeriod: '2023', figures: 1, publishedFigures: 0, derivedFigures: 1, sources: [{ title: 'Test source (invented figures)' }] },
    ]);
    // The office's derived figure names the municipality too, but is not the municipality's.
    expect(result.data.test.indicators).toEqual([
      { indicator: { code: CODES.share }, periods: ['2023'], latestPeriod: '2023', figures: 2, publishedFigures: 1, derivedFigures: 1, sources: [{ title: 'Test source (invented figures)' }] },
    ]);
    // Bodø's scorecard is the office's, not the municipality's.
    expect(result.data.bodo.indicators).toEqual([]);
  });

  it("lists Kristiansund's indicators newest period first", async () => {
    const result = await hub.execute<any>(`{ office(code: "24539") { indicators { indicator { code } periods latestPeriod } } }`);
    expect(result.data.office.indicators).toEqual([
      { indicator: { code: CODES.nightsYearly }, periods: ['2015'], latestPeriod: '2015' },
      { indicator: { code: CODES.refugeesQuarterly }, periods: ['2015', '2014'], latestPeriod: '2015' },
    ]);
  });
});

describe('discovery fields are batched per request', () => {
  async function statements(query: string): Promise<number> {
    const before = hub.db.statements.count;
    const result = await hub.execute(query);
    expect(result.errors).toBeUndefined();
    return hub.db.statements.count - before;
  }

  it('sends the same statements for 2 indicators as for 8: one for periods and coverage together', async () => {
    const query = (first: number) => `{ indicators(first: ${first}) { nodes { code periods coverage { period offices { units } } } } }`;
    const few = await statements(query(2));
    const many = await statements(query(8));
    expect(many).toBe(few);
    expect(many).toBe(2); // the page, and coverage for every indicator of it
  });

  it('sends the same statements for 2 offices as for 6, and for their municipalities', async () => {
    const query = (first: number) => `{ offices(first: ${first}) { nodes { indicators { indicator { code } sources { title } }
      municipalities { indicators { indicator { code } sources { title } } } } } }`;
    const counts = [await statements(query(2)), await statements(query(6))];
    // The page, the offices' indicators, their areas, the municipalities, the municipalities'
    // indicators and the sources: sources reached at two depths may take a second DataLoader
    // wave, one statement more, never one per office.
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(7);
  });
});
