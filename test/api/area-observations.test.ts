import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';

/**
 * Figures reached from an office or a municipality, and published labels, on the sample reports
 * loaded at first start: NAV Bodø's 2018 table (office 24837) and Oslo's STØ020 dataset (0301).
 */

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
});
afterAll(async () => {
  await hub?.close();
});

async function query<T>(text: string): Promise<T> {
  const result = await hub.execute<T>(text);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

describe('figures of one office or municipality', () => {
  it("gives an office's figure filtered by indicator and period, with its label, indicator, source and target", async () => {
    const data = await query<{ office: { observations: Record<string, any>[] } }>(`{ office(code: "24837") {
      observations(indicator: "social_assistance.recipients_under_25_monthly_avg", period: "2018") {
        value period kind chosen office { code } municipality { code } rawIndicator { label } indicator { code } source { publisher } target { text met } } } }`);
    expect(data.office.observations).toEqual([
      {
        value: 89,
        period: '2018',
        kind: 'ACTUAL',
        chosen: true,
        office: { code: '24837' },
        municipality: null,
        rawIndicator: { label: expect.any(String) },
        indicator: { code: 'social_assistance.recipients_under_25_monthly_avg' },
        source: { publisher: expect.any(String) },
        target: { text: '< 90', met: true },
      },
      // The target under the same label: published, but never the figure a ranking uses.
      expect.objectContaining({ value: 90, kind: 'TARGET', chosen: false, target: null, rawIndicator: { label: 'Antall unge u/25 år på øk. sosialhjelp pr. mnd.' } }),
    ]);
  });

  it('keeps an office to its own figures, at most `first`, in indicator and period order', async () => {
    const data = await query<{ office: { observations: { period: string; indicator: { code: string } | null; office: { code: string } }[] } }>(
      '{ office(code: "24837") { observations(first: 5) { period indicator { code } office { code } } } }',
    );
    const rows = data.office.observations;
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.office.code === '24837')).toBe(true);
    const keys = rows.map((r) => `${r.indicator?.code ?? ''}|${r.period}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("gives a municipality's figures as a whole municipality, not its offices'", async () => {
    const data = await query<{ municipality: { observations: { office: { code: string } | null; municipality: { code: string } | null; indicator: { code: string } }[] } }>(
      '{ municipality(code: "0301") { observations(first: 100, indicator: "social_assistance.recipients_population_share") { office { code } municipality { code } indicator { code } } } }',
    );
    expect(data.municipality.observations).toHaveLength(17);
    expect(data.municipality.observations.every((o) => o.office === null && o.municipality?.code === '0301')).toBe(true);
  });

  it('refuses `first` above 100 and a period of the wrong shape, naming the argument', async () => {
    const result = await hub.execute('{ office(code: "24837") { observations(first: 101, period: "2018-13") { value } } }');
    expect(result.data?.office ?? null).toBeNull();
    expect(JSON.stringify(result.errors)).toContain('first may be at most 100');
  });
});

describe('published labels', () => {
  it('splits labels into mapped (with their indicator) and unmapped (without), the two adding up to all', async () => {
    type Labels = { rawIndicators: { totalCount: number; nodes: { label: string; indicator: { code: string } | null; source: { title: string } }[] } };
    const all = await query<Labels>('{ rawIndicators(first: 100) { totalCount nodes { label indicator { code } source { title } } } }');
    const mapped = await query<Labels>('{ rawIndicators(mapped: true, first: 100) { totalCount nodes { label indicator { code } source { title } } } }');
    const unmapped = await query<Labels>('{ rawIndicators(mapped: false, first: 100) { totalCount nodes { label indicator { code } source { title } } } }');
    expect(mapped.rawIndicators.totalCount).toBeGreaterThan(0);
    expect(mapped.rawIndicators.totalCount + unmapped.rawIndicators.totalCount).toBe(all.rawIndicators.totalCount);
    expect(mapped.rawIndicators.nodes.every((n) => n.indicator !== null && n.source.title !== '')).toBe(true);
    expect(unmapped.rawIndicators.nodes.every((n) => n.indicator === null)).toBe(true);
  });
});
