import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { referenceDir } from '../../src/paths';
import { createTestHub } from '../support/hub';
import { defined } from '../support/indexed';

/**
 * The comparison API on the real sample data: reference geography, the taxonomy, Bodø's and
 * Kristiansund's reports and Oslo's STØ020 table, loaded as `npm start` loads them.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
});
afterAll(async () => {
  await hub?.close();
});

const SHARE = 'social_assistance.recipients_population_share';

interface JsonStat {
  id: string[];
  size: number[];
  dimension: Record<string, { category: { index: Record<string, number>; label: Record<string, string> } }>;
  value: (number | null)[];
}

/** Every city district's share of the population on social assistance in `year`, read straight from the JSON-stat file. */
function districtShares(year: string): { district: string; value: number | null }[] {
  const data = JSON.parse(readFileSync(path.join(referenceDir, 'data', 'oslo_bydel_sosialhjelp_andel_STO020.jsonstat.json'), 'utf8')) as JsonStat;
  const category = (dim: string) => defined(data.dimension[dim], `dimension ${dim}`).category;
  const position = (dim: string, label: string) => {
    const { index, label: labels } = category(dim);
    const key = Object.keys(labels).find((k) => labels[k] === label);
    if (key === undefined) throw new Error(`no ${dim} "${label}"`);
    return defined(index[key], `index of ${dim} "${label}"`);
  };
  const strides = data.size.map((_, i) => data.size.slice(i + 1).reduce((a, b) => a * b, 1));
  const cell = (labels: Record<string, string | number>) => {
    const offset = data.id.reduce((sum, dim, i) => {
      const label = defined(labels[dim], `the ${dim} of a cell`);
      return sum + (typeof label === 'number' ? label : position(dim, label)) * defined(strides[i], `size of ${dim}`);
    }, 0);
    return defined(data.value[offset], `value ${offset}`);
  };
  const geography = category('geografi').label;
  return Object.values(geography)
    .filter((name) => name.startsWith('Bydel '))
    .map((district) => ({
      district,
      value: cell({ ContentsCode: 0, år: year, geografi: district, alder: 'I alt', statistikkvariabel: 'Andel sosialhjelpsmottakere i befolkningen' }),
    }));
}

/** "Bydel St.Hanshaugen" and "NAV St. Hanshaugen" are the same district. */
function districtKey(name: string): string {
  return name.replace(/^(Bydel|NAV)\s+/, '').replace(/\s+/g, '').toLowerCase();
}

interface Ranked {
  ranking: {
    rows: { rank: number; value: number; office: { name: string } | null; municipality: { name: string } | null }[];
    missing: { name: string; reason: string }[];
    coverage: { ranked: number; missing: number; total: number };
    warnings: string[];
  };
}

describe('the comparison contract on the sample data', () => {
  it("ranks Oslo's 15 districts in 2023 as STØ020 publishes them, lowest share first", async () => {
    const result = await hub.execute<Ranked>(
      `{ ranking(indicator: "${SHARE}", period: "2023", scope: { municipality: "0301" }) {
           rows { rank value office { name } municipality { name } } missing { name reason } coverage { ranked missing total } warnings } }`,
    );
    expect(result.errors).toBeUndefined();
    const { rows, missing, coverage } = result.data!.ranking;
    const published = districtShares('2023');
    expect(published).toHaveLength(15);
    const withValue = published.filter((p): p is { district: string; value: number } => p.value !== null).sort((a, b) => a.value - b.value);
    // Competition ranking (1, 2, 2, 4) computed here from the file.
    const expected = withValue.map((p) => ({ key: districtKey(p.district), value: p.value, rank: 1 + withValue.filter((q) => q.value < p.value).length }));
    expect(rows.map((r) => r.value)).toEqual(expected.map((e) => e.value));
    expect(rows.map((r) => [r.rank, districtKey(r.office!.name)]).sort()).toEqual(expected.map((e) => [e.rank, e.key]).sort());
    expect(missing.map((m) => districtKey(m.name)).sort()).toEqual(published.filter((p) => p.value === null).map((p) => districtKey(p.district)).sort());
    expect(coverage.total).toBe(15);
  });

  it('never ranks Oslo i alt or Sum bydeler as offices', async () => {
    const result = await hub.execute<Ranked>(`{ ranking(indicator: "${SHARE}", period: "2023") { rows { rank value office { name } municipality { name } } missing { name reason } coverage { ranked missing total } warnings } }`);
    expect(result.errors).toBeUndefined();
    const { rows, missing, coverage } = result.data!.ranking;
    expect(coverage.total).toBe(15);
    expect(rows.every((r) => r.office !== null && r.municipality === null)).toBe(true);
    const names = [...rows.map((r) => r.office!.name), ...missing.map((m) => m.name)];
    expect(names.filter((n) => /Oslo i alt|Sum bydeler|^Oslo$/.test(n))).toEqual([]);
    // Oslo i alt is a figure for the whole municipality: it is ranked among municipalities.
    const municipalities = await hub.execute<Ranked>(`{ ranking(indicator: "${SHARE}", period: "2023", level: MUNICIPALITY) { rows { rank value municipality { name } } } }`);
    expect(municipalities.data!.ranking.rows.map((r) => r.municipality?.name)).toEqual(['Oslo']);
  });

  it('finds Bodø met all four of its 2018 targets', async () => {
    const result = await hub.execute<{ targetAttainment: { met: number; notMet: number; noValue: number; total: number; results: { status: string }[] } }>(
      `{ targetAttainment(office: "24837", period: "2018") { met notMet noValue total results { status } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.targetAttainment).toMatchObject({ met: 4, notMet: 0, noValue: 0, total: 4 });
  });

  it("shows which of Kristiansund's six 2015 targets were met, by the scorecard's own comparators", async () => {
    const result = await hub.execute<{ targetAttainment: { met: number; notMet: number; noValue: number; total: number; results: { rawLabel: string; targetText: string; status: string }[] } }>(
      `{ targetAttainment(office: "24539", period: "2015") { met notMet noValue total results { rawLabel targetText status } } }`,
    );
    expect(result.errors).toBeUndefined();
    const byTarget = Object.fromEntries(result.data!.targetAttainment.results.map((r) => [`${r.rawLabel} ${r.targetText}`, r.status]));
    expect(byTarget).toEqual({
      '15 personer per kvartal ≥ 15': 'NOT_MET', // 12 refugees a quarter
      '60 personer per år ≥ 60': 'NOT_MET', // 48 a year
      'Antall liggedøgn over 14 dager per kvartal 0': 'NOT_MET', // 3 nights
      'Antall liggedøgn over 14 dager per år 0-30': 'MET', // 4 nights
      'Antall passive uker “over tiden” per kvartal 0-5': 'MET', // 3 weeks
      'Antall passive uker “over tiden” per år 0-15': 'MET', // 12 weeks
    });
    expect(result.data!.targetAttainment).toMatchObject({ met: 3, notMet: 3, noValue: 0, total: 6 });
  });

  it('answers the contract query as written with the answer the README publishes', async () => {
    const result = await hub.execute<Ranked>(
      '{ ranking(indicator: "social_assistance.recipients_population_share", period: "2023") { rows { rank value office { name } } missing { name reason } warnings } }',
    );
    expect(result.errors).toBeUndefined();
    const { rows, missing, warnings } = result.data!.ranking;
    expect(rows).toHaveLength(15);
    // The rows the README's "Example queries" prints, word for word.
    expect(rows.slice(0, 4)).toEqual([
      { rank: 1, value: 1.4, office: { name: 'NAV Vestre Aker' } },
      { rank: 2, value: 1.8, office: { name: 'NAV Nordstrand' } },
      { rank: 2, value: 1.8, office: { name: 'NAV Ullern' } },
      { rank: 4, value: 2.1, office: { name: 'NAV Nordre Aker' } },
    ]);
    expect(rows.at(-1)).toEqual({ rank: 15, value: 4.7, office: { name: 'NAV Søndre Nordstrand' } });
    expect(missing).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
