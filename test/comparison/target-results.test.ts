import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { CODES, insertFixture, newsroomFixture } from './fixtures';

/**
 * targetResults over the newsroom fixture (Bodø's 2018 targets, part of Kristiansund's 2015
 * målekort, real figures) and a test county, municipality and office with invented figures.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  const fixture = newsroomFixture();
  const label = 'Test label (invented)';
  await insertFixture(hub.db, {
    ...fixture,
    counties: [...fixture.counties!, { code: '98', name: 'Test county' }],
    municipalities: [...fixture.municipalities!, { code: '9801', name: 'Test municipality', county: '98' }],
    offices: [...fixture.offices!, { code: '99001', name: 'Test office', county: '98', municipalities: ['9801'] }],
    sources: [...fixture.sources!, { key: 'test', title: 'Test source (invented figures)', publisher: 'Test publisher', reportYear: 2015 }],
    observations: [
      ...fixture.observations!,
      { indicator: CODES.nightsYearly, source: 'test', municipality: '9801', period: '2015', value: '10', label },
      { indicator: CODES.nightsYearly, source: 'test', office: '99001', period: '2015', value: '11', label },
    ],
    targets: [
      ...fixture.targets!,
      { source: 'test', label, indicator: CODES.nightsYearly, municipality: '9801', period: '2015', text: '≤ 10', comparator: 'lte', upper: '10' },
      { source: 'test', label, indicator: CODES.nightsYearly, office: '99001', period: '2015', text: '≤ 10', comparator: 'lte', upper: '10' },
    ],
  });
});
afterAll(async () => {
  await hub?.close();
});

interface Row {
  name: string;
  code: string;
  rawLabel: string;
  targetText: string;
  value: number | null;
  status: string;
  citation: string | null;
  quote: string;
  office: { code: string } | null;
  municipality: { code: string } | null;
  indicator: { code: string } | null;
  source: { title: string };
}

const NODE = 'name code rawLabel targetText value status citation quote office { code } municipality { code } indicator { code } source { title }';

async function targetResults(args: string) {
  const result = await hub.execute<{ targetResults: { totalCount: number; nodes: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
    `{ targetResults(${args}) { totalCount nodes { ${NODE} } pageInfo { hasNextPage endCursor } } }`,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.targetResults;
}

const statusOf = (rows: Row[]) => rows.map((r) => [r.name, r.rawLabel, r.status]);

describe('targetResults', () => {
  it('answers "which offices missed their targets in 2015" with the missed targets only, not those without a result', async () => {
    const missed = await targetResults('period: "2015", met: false, level: OFFICE');
    expect(statusOf(missed.nodes)).toEqual([
      ['NAV Kristiansund', '15 personer per kvartal', 'NOT_MET'], // 12 refugees a quarter against ≥ 15
      ['Test office', 'Test label (invented)', 'NOT_MET'], // 11 against ≤ 10
    ]);
    expect(missed.nodes[0]).toMatchObject({
      code: '24539',
      targetText: '≥ 15',
      value: 12,
      office: { code: '24539' },
      municipality: null,
      indicator: { code: CODES.refugeesQuarterly },
      source: { title: 'Årsmelding 2015' },
      citation: 'Kristiansund kommune, Årsmelding 2015, NAV Kristiansund: «15 personer per kvartal» 12 (2015)',
    });
  });

  it('lists every target of the period without `met`, a target without a result as NO_VALUE', async () => {
    const all = await targetResults('period: "2015"');
    expect(all.totalCount).toBe(5);
    expect(statusOf(all.nodes)).toEqual([
      ['NAV Kristiansund', '15 personer per kvartal', 'NOT_MET'],
      ['NAV Kristiansund', 'Antall liggedøgn over 14 dager per år', 'MET'], // 4 nights within 0-30
      ['NAV Kristiansund', 'Antall passive uker “over tiden” per år', 'NO_VALUE'],
      ['Test municipality', 'Test label (invented)', 'MET'], // 10 against ≤ 10: on the bound is met
      ['Test office', 'Test label (invented)', 'NOT_MET'],
    ]);
    const met = await targetResults('period: "2015", met: true');
    expect(statusOf(met.nodes).map((r) => r[2])).toEqual(['MET', 'MET']);
  });

  it("judges a municipality's target by the municipality's own figure, never its office's", async () => {
    const municipal = await targetResults('period: "2015", level: MUNICIPALITY');
    expect(municipal.nodes).toHaveLength(1);
    expect(municipal.nodes[0]).toMatchObject({ name: 'Test municipality', value: 10, status: 'MET', office: null, municipality: { code: '9801' } });
  });

  it('finds Bodø met all four of its 2018 targets and missed none', async () => {
    expect((await targetResults('period: "2018", met: true')).totalCount).toBe(4);
    expect((await targetResults('period: "2018", met: false')).totalCount).toBe(0);
  });

  it('filters by county and indicator', async () => {
    expect(statusOf((await targetResults('period: "2015", county: "15"')).nodes).map((r) => r[0])).toEqual(['NAV Kristiansund', 'NAV Kristiansund', 'NAV Kristiansund']);
    expect((await targetResults('period: "2015", county: "18"')).totalCount).toBe(0);
    // The test office is registered in county 98 and serves a municipality there.
    expect((await targetResults('period: "2015", county: "98"')).totalCount).toBe(2);
    const refugees = await targetResults(`period: "2015", indicator: "${CODES.refugeesQuarterly}"`);
    expect(statusOf(refugees.nodes)).toEqual([['NAV Kristiansund', '15 personer per kvartal', 'NOT_MET']]);
  });

  it('pages like every connection', async () => {
    const first = await targetResults('period: "2018", first: 3');
    expect(first).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    expect(first.nodes).toHaveLength(3);
    const rest = await targetResults(`period: "2018", first: 3, after: "${first.pageInfo.endCursor}"`);
    expect(rest).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: false } });
    expect([...first.nodes, ...rest.nodes].map((n) => n.targetText).sort()).toEqual(['< 450', '< 6,3 %', '< 90', '> 50 %']);
  });

  it('names the argument of a mistake', async () => {
    const county = await hub.execute('{ targetResults(period: "2015", county: "99") { totalCount } }');
    expect(county.errors?.[0]).toMatchObject({ message: expect.stringMatching(/No county has the number "99"/), extensions: { code: 'BAD_USER_INPUT' } });
    const indicator = await hub.execute('{ targetResults(period: "2015", indicator: "no.such_indicator") { totalCount } }');
    expect(indicator.errors?.[0]).toMatchObject({ message: expect.stringMatching(/Unknown indicator "no.such_indicator"/), extensions: { code: 'BAD_USER_INPUT' } });
    const period = await hub.execute('{ targetResults(period: "2015-13") { totalCount } }');
    expect(period.errors?.[0]?.message).toMatch(/period must look like 2018, 2018-Q1 or 2018-03/);
    const page = await hub.execute('{ targetResults(period: "2015", first: 101) { totalCount } }');
    expect(page.errors?.[0]?.message).toMatch(/first may be at most 100/);
  });
});
