import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { insertFixture } from './fixtures';

/**
 * A ranking's rows and missing entries get their office, municipality and source from one load per
 * list and kind (comparison.resolver.ts), not a loader round per row: the objects must be the
 * row's own, however the client selects them, and nothing is loaded that was not asked for.
 * Test data: invented offices and figures.
 */

let hub: Hub;
const INDICATOR = 'social_assistance.recipients_monthly_avg';
const UNITS = Array.from({ length: 6 }, (_, i) => ({ municipality: String(4601 + i), office: `46${String(i).padStart(3, '0')}` }));

beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [{ code: '46', name: 'Testfylke' }],
    municipalities: UNITS.map((u) => ({ code: u.municipality, name: `Testkommune ${u.municipality}`, county: '46' })),
    offices: UNITS.map((u) => ({ code: u.office, name: `NAV Testkommune ${u.municipality}`, county: '46', municipalities: [u.municipality] })),
    indicators: [{ code: INDICATOR, unit: 'persons', direction: 'lower_is_better' }],
    sources: [
      { key: 'test-2023', title: 'Testrapport 2023', publisher: 'Testkommune', reportYear: 2023, url: 'https://example.org/2023' },
      { key: 'test-2022', title: 'Testrapport 2022', publisher: 'Testkommune', reportYear: 2022 },
    ],
    // The last office publishes 2022 only, so the 2023 ranking lists it as missing.
    observations: UNITS.flatMap((u, i) => [
      ...(i < 5 ? [{ indicator: INDICATOR, source: 'test-2023', office: u.office, period: '2023', value: String(100 + i * 7) }] : []),
      { indicator: INDICATOR, source: 'test-2022', office: u.office, period: '2022', value: String(90 + i * 3) },
      // Three municipalities publish a figure of their own too.
      ...(i < 3 ? [{ indicator: INDICATOR, source: 'test-2023', municipality: u.municipality, period: '2023', value: String(200 + i) }] : []),
    ]),
  });
});
afterAll(async () => {
  await hub?.close();
});

interface Row {
  name: string;
  code?: string;
  period: string;
  kontor: { name: string; code: string } | null;
  source?: { title: string } | null;
  municipality?: { code: string } | null;
}

async function rank(args: string, selection: string) {
  const before = hub.db.statements.count;
  const fragments = [
    selection.includes('...Place') ? 'fragment Place on RankingRow { name period kontor: office { name code } ... on RankingRow { source { title } } }' : '',
    selection.includes('...Absent') ? 'fragment Absent on MissingEntry { name kontor: office { name code } }' : '',
  ];
  const result = await hub.execute<{ ranking: { rows: Row[]; missing: Row[] } }>(`{
    ranking(indicator: "${INDICATOR}", ${args}) { ${selection} }
  }
  ${fragments.join('\n')}`);
  expect(result.errors).toBeUndefined();
  return { ...result.data!.ranking, statements: hub.db.statements.count - before };
}

describe('offices and reports of ranked rows', () => {
  it("gives every ranked office its own office and the report of its period's figure, through fragments and aliases", async () => {
    const r = await rank('period: "2023"', 'rows { ...Place } missing { ...Absent }');
    expect(r.rows).toHaveLength(5);
    for (const row of r.rows) {
      expect(row.kontor?.name).toBe(row.name);
      expect(row.source?.title).toBe('Testrapport 2023');
    }
    expect(r.rows.map((row) => row.kontor?.code)).toEqual(['46000', '46001', '46002', '46003', '46004']);
    expect(r.missing.map((m) => [m.name, m.kontor?.code])).toEqual([['NAV Testkommune 4606', '46005']]);
    // The ranking alone: its rows carry their offices (rows and missing entries alike) and reports.
    expect(r.statements).toBe(1);
  });

  it("gives each office of a latest-mode ranking the report its own latest figure came from", async () => {
    const r = await rank('latest: true', 'rows { ...Place }');
    const byCode = new Map(r.rows.map((row) => [row.kontor?.code, row]));
    expect(byCode.get('46005')?.period).toBe('2022');
    expect(byCode.get('46005')?.source?.title).toBe('Testrapport 2022');
    expect(byCode.get('46000')?.source?.title).toBe('Testrapport 2023');
  });

  it('asks the database for nothing but the ranking when no office or report is selected', async () => {
    const r = await rank('period: "2023"', 'rows { name } missing { name }');
    expect(r.rows).toHaveLength(5);
    expect(r.statements).toBe(1);
  });

  it('gives a row the same office, municipality, county and report, field by field, as a lookup of each', async () => {
    const OFFICE = 'id code name parentName address origin norgCode validFromYear validToYear formerNames county { code }';
    const SOURCE = 'id documentKey version title publisher reportYear url format sha256 retrievedAt importedAt isCurrent licence provenance office { code } municipality { code } supersededBy { id }';
    const MUNICIPALITY = 'id code name validFromYear validToYear county { code }';
    const COUNTY = 'code name validFromYear validToYear';
    const result = await hub.execute<{
      offices: { rows: { office: unknown; source: { id: string } }[]; missing: { office: unknown }[] };
      municipalities: { rows: { code: string; municipality: unknown }[] };
      counties: { missing: { county: unknown }[] };
      office: unknown;
      absent: unknown;
      municipality: unknown;
      allCounties: { code: string }[];
    }>(`{
      offices: ranking(indicator: "${INDICATOR}", period: "2023") { rows { office { ${OFFICE} } source { ${SOURCE} } } missing { office { ${OFFICE} } } }
      municipalities: ranking(indicator: "${INDICATOR}", period: "2023", level: MUNICIPALITY) { rows { code municipality { ${MUNICIPALITY} } } }
      counties: ranking(indicator: "${INDICATOR}", period: "2023", level: COUNTY, scope: { allUnits: true }) { missing { county { ${COUNTY} } } }
      office(code: "46000") { ${OFFICE} }
      absent: office(code: "46005") { ${OFFICE} }
      municipality(code: "4601") { ${MUNICIPALITY} }
      allCounties: counties { ${COUNTY} }
    }`);
    expect(result.errors).toBeUndefined();
    const data = result.data!;
    expect(data.offices.rows[0]?.office).toEqual(data.office);
    expect(data.offices.missing[0]?.office).toEqual(data.absent);
    expect(data.municipalities.rows[0]?.municipality).toEqual(data.municipality);
    expect(data.counties.missing.map((m) => m.county)).toEqual(data.allCounties);
    const sourceId = data.offices.rows[0]?.source.id;
    const looked = await hub.execute<{ node: unknown }>(`{ node(id: "${sourceId}") { ... on Source { ${SOURCE} } } }`);
    expect(looked.errors).toBeUndefined();
    expect(data.offices.rows[0]?.source).toEqual(looked.data!.node);
    expect((looked.data!.node as { title: string }).title).toBe('Testrapport 2023');
  });

  it('gives a municipality ranking its municipalities and no office', async () => {
    const r = await rank('period: "2023", level: MUNICIPALITY', 'rows { code kontor: office { name code } municipality { code } }');
    expect(r.rows.map((row) => [row.code, row.municipality?.code, row.kontor])).toEqual([
      ['4601', '4601', null],
      ['4602', '4602', null],
      ['4603', '4603', null],
    ]);
  });
});
