import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { EXAMPLES_FILE, readExamples } from '../../src/server/playground';
import { createTestHub } from '../support/hub';

/**
 * Discovery, search and missed targets on the sample data as `npm start` loads it: the reference
 * geography, the taxonomy, Bodø's 2018 and Kristiansund's 2015 reports and Oslo's STØ020 table.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
});
afterAll(async () => {
  await hub?.close();
});

describe('the sample data, discovered', () => {
  it('answers "which offices missed their targets in 2015": Kristiansund, three of its six', async () => {
    const result = await hub.execute<any>(`{
      missed: targetResults(period: "2015", met: false, level: OFFICE) { totalCount nodes { name code targetText value status } }
      all: targetResults(period: "2015") { totalCount nodes { code status } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.missed.totalCount).toBe(3);
    expect(result.data.missed.nodes.map((n: { code: string; targetText: string; value: number }) => [n.code, n.targetText, n.value])).toEqual(
      expect.arrayContaining([
        ['24539', '≥ 15', 12], // refugees settled per quarter
        ['24539', '≥ 60', 48], // refugees settled per year
        ['24539', '0', 3], // nights in temporary housing beyond 14 days, per quarter
      ]),
    );
    const kristiansund = result.data.all.nodes.filter((n: { code: string }) => n.code === '24539');
    expect(kristiansund.map((n: { status: string }) => n.status).sort()).toEqual(['MET', 'MET', 'MET', 'NOT_MET', 'NOT_MET', 'NOT_MET']);
  });

  it('finds Bodø met all four of its 2018 targets', async () => {
    const result = await hub.execute<any>(`{ targetResults(period: "2018", met: true) { nodes { code } } missed: targetResults(period: "2018", met: false) { totalCount } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.targetResults.nodes.filter((n: { code: string }) => n.code === '24837')).toHaveLength(4);
    expect(result.data.missed.totalCount).toBe(0);
  });

  it("finds NAV Bodø by \"nav bodo\" and lists what it publishes, its sick leave among them", async () => {
    const result = await hub.execute<any>(`{
      offices(search: "nav bodo") { nodes { code indicators { indicator { code } periods latestPeriod sources { title } } } }
    }`);
    expect(result.errors).toBeUndefined();
    const [office] = result.data.offices.nodes;
    expect(office.code).toBe('24837');
    const sickLeave = office.indicators.find((p: { indicator: { code: string } }) => p.indicator.code === 'staff.sick_leave_municipal_share');
    expect(sickLeave).toMatchObject({ periods: ['2018', '2017', '2016'], latestPeriod: '2018' });
  });

  it("covers Oslo's 15 districts in 2023 for the population share on social assistance", async () => {
    const result = await hub.execute<any>(`{ indicator(code: "social_assistance.recipients_population_share") {
      periods coverage { period offices { units published } } } }`);
    expect(result.errors).toBeUndefined();
    const { periods, coverage } = result.data.indicator;
    expect(periods).toContain('2023');
    expect(coverage.find((c: { period: string }) => c.period === '2023').offices).toEqual({ units: 15, published: 15 });
  });

  it('answers every example of the playground without errors', async () => {
    const examples = readExamples(EXAMPLES_FILE);
    expect(examples.length).toBeGreaterThanOrEqual(16);
    for (const example of examples) {
      const result = await hub.execute<any>(example.query);
      expect(result.errors, example.name).toBeUndefined();
      if (example.name === 'MissedTargets2015') expect(result.data.targetResults.totalCount).toBe(3);
      if (example.name === 'SearchBodo') expect(result.data.search.slice(0, 2).map((h: { item: { code: string } }) => h.item.code)).toEqual(['1804', '24837']);
      if (example.name === 'NationalRanking2016') expect(result.data.ranking.coverage.ranked).toBeGreaterThanOrEqual(420);
      if (example.name === 'CountyRanking2016') expect(result.data.ranking.missing.map((m: { name: string }) => m.name)).toContain('Nordland');
    }
  });
});
