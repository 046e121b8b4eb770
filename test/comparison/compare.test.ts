import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';
import { CODES, insertFixture, newsroomFixture } from './fixtures';

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, newsroomFixture());
});
afterAll(async () => {
  await hub?.close();
});

function data<T>(r: { data?: T; errors?: readonly { message: string }[] }): T {
  expect(r.errors).toBeUndefined();
  return r.data!;
}

describe('compare', () => {
  it('puts offices against indicators and periods, each cell with its source and citation', async () => {
    const { compare } = data(
      await hub.execute<{
        compare: {
          indicators: { code: string }[];
          periods: string[];
          rows: { name: string; office: { name: string } | null; cells: { indicator: { code: string }; period: string; value: number | null; valueText: string | null; unit: string | null; missingReason: string | null; citation: string | null; source: { title: string } | null }[] }[];
          warnings: string[];
        };
      }>(`{ compare(offices: ["24837", "24539"], indicators: ["${CODES.monthly}", "${CODES.kvpExits}"], periods: ["2017", "2018"]) {
            indicators { code } periods
            rows { name office { name } cells { indicator { code } period value valueText unit missingReason citation source { title } } }
            warnings } }`),
    );
    expect(compare.indicators.map((i) => i.code)).toEqual([CODES.monthly, CODES.kvpExits]);
    expect(compare.rows.map((r) => r.name)).toEqual(['NAV Bodø', 'NAV Kristiansund']);
    const bodo = at(compare.rows, 0).cells;
    expect(bodo.map((c) => [c.indicator.code, c.period, c.value])).toEqual([
      [CODES.monthly, '2017', 443],
      [CODES.monthly, '2018', 429],
      [CODES.kvpExits, '2017', 45.7],
      [CODES.kvpExits, '2018', 50.7],
    ]);
    expect(bodo[3]).toMatchObject({ valueText: '50,7 %', unit: 'percent', source: { title: 'Årsmelding 2018' } });
    expect(at(bodo, 1).citation).toBe('Bodø kommune, Årsmelding 2018, NAV Bodø: «Samlet antall mottakere av sosialhjelp pr. mnd.» 429 (gjennomsnitt 2018)');
    expect(at(compare.rows, 1).cells.every((c) => c.missingReason === 'NO_VALUE' && c.value === null)).toBe(true);
    const warnings = compare.warnings.join('\n');
    expect(warnings).toMatch(/different units \(persons, percent\)/);
    expect(warnings).toMatch(/No figure for 4 of 8 cells: NAV Kristiansund, social_assistance.recipients_monthly_avg, 2017/);
  });

  it('marks a withheld cell SUPPRESSED, not zero', async () => {
    const { compare } = data(
      await hub.execute<{ compare: { rows: { cells: { period: string; value: number | null; missingReason: string | null }[] }[]; warnings: string[] } }>(
        `{ compare(offices: ["35023"], indicators: ["${CODES.share}"], periods: ["2021", "2022"]) { rows { cells { period value missingReason } } warnings } }`,
      ),
    );
    expect(at(compare.rows, 0).cells).toEqual([
      { period: '2021', value: 6.9, missingReason: null },
      { period: '2022', value: null, missingReason: 'SUPPRESSED' },
    ]);
    expect(compare.warnings.join('\n')).toMatch(/Withheld by the publisher \(not zero\): NAV Søndre Nordstrand/);
  });

  it('refuses unknown codes and an empty comparison, naming the argument', async () => {
    const unknown = await hub.execute(`{ compare(offices: ["nope"], indicators: ["${CODES.monthly}"], periods: ["2018"]) { periods } }`);
    expect(unknown.errors?.[0]?.message).toMatch(/No office has the code "nope"/);
    const empty = await hub.execute(`{ compare(indicators: ["${CODES.monthly}"], periods: ["2018"]) { periods } }`);
    expect(empty.errors?.[0]?.message).toMatch(/at least one office or municipality/);
    const bad = await hub.execute(`{ compare(offices: ["24837"], indicators: ["${CODES.monthly}"], periods: ["18"]) { periods } }`);
    expect(bad.errors?.[0]?.message).toMatch(/periods: periods must look like 2018/);
  });
});

describe('time series', () => {
  interface Series {
    timeSeries: { name: string; direction: string; points: { period: string; value: number | null; changeFromPrevious: number | null; trend: string }[]; warnings: string[] };
  }
  const FIELDS = 'name direction points { period value changeFromPrevious trend } warnings';

  it('shows fewer recipients as IMPROVED', async () => {
    const { timeSeries } = data(await hub.execute<Series>(`{ timeSeries(indicator: "${CODES.monthly}", office: "24837") { ${FIELDS} } }`));
    expect(timeSeries.points).toEqual([
      { period: '2016', value: 466, changeFromPrevious: null, trend: 'UNKNOWN' },
      { period: '2017', value: 443, changeFromPrevious: -23, trend: 'IMPROVED' },
      { period: '2018', value: 429, changeFromPrevious: -14, trend: 'IMPROVED' },
    ]);
  });

  it('shows more transitions to work as IMPROVED', async () => {
    const { timeSeries } = data(await hub.execute<Series>(`{ timeSeries(indicator: "${CODES.kvpExits}", office: "24837") { ${FIELDS} } }`));
    expect(timeSeries.direction).toBe('HIGHER_IS_BETTER');
    expect(timeSeries.points.map((p) => p.trend)).toEqual(['UNKNOWN', 'IMPROVED', 'IMPROVED']);
    expect(at(timeSeries.points, 1).changeFromPrevious).toBeCloseTo(13.3, 10);
  });

  it('shows a rising share as WORSENED, the same value as UNCHANGED, and a withheld year as UNKNOWN', async () => {
    const grunerlokka = data(await hub.execute<Series>(`{ timeSeries(indicator: "${CODES.share}", office: "24698") { ${FIELDS} } }`));
    expect(grunerlokka.timeSeries.points.map((p) => p.trend)).toEqual(['UNKNOWN', 'WORSENED', 'UNCHANGED']);
    const sondre = data(await hub.execute<Series>(`{ timeSeries(indicator: "${CODES.share}", office: "35023") { ${FIELDS} } }`));
    expect(sondre.timeSeries.points).toEqual([
      { period: '2021', value: 6.9, changeFromPrevious: null, trend: 'UNKNOWN' },
      { period: '2022', value: null, changeFromPrevious: null, trend: 'UNKNOWN' },
      { period: '2023', value: 6.1, changeFromPrevious: null, trend: 'UNKNOWN' },
    ]);
    expect(sondre.timeSeries.warnings.join('\n')).toMatch(/Withheld by the publisher \(not zero\): 2022/);
  });

  it('needs exactly one office or municipality', async () => {
    const both = await hub.execute(`{ timeSeries(indicator: "${CODES.share}", office: "24698", municipality: "0301") { name } }`);
    expect(both.errors?.[0]?.message).toMatch(/Give an office or a municipality/);
  });
});
