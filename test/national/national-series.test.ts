import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
});
afterAll(async () => {
  await hub?.close();
});

async function figure(code: string, year: number, indicator: string) {
  const rows = await hub.services.db.dataSource.query(
    `SELECT o.value::text AS value, o.flags, o.value_text AS "valueText", m.name
       FROM observations o
       JOIN indicators i ON i.id = o.indicator_id
       JOIN municipalities m ON m.id = o.municipality_id
       JOIN sources s ON s.id = o.source_id AND s.publisher = 'Statistisk sentralbyrå'
       JOIN municipality_codes c ON c.municipality_id = m.id AND c.code = $1
        AND $2 BETWEEN coalesce(c.valid_from_year, $2) AND coalesce(c.valid_to_year, $2)
      WHERE i.code = $3 AND o.year = $2 AND o.office_id IS NULL AND o.is_current AND o.derivation IS NULL`,
    [code, year, indicator],
  );
  return rows as { value: string | null; flags: string[]; valueText: string | null; name: string }[];
}

describe('SSB table 12210 on first start', () => {
  it('keeps the provenance a citation needs: publisher, table, extract, licence', async () => {
    const result = await hub.execute<{ sources: { edges: { node: { title: string; publisher: string; url: string; licence: string; provenance: string } }[] } }>(
      '{ sources(first: 10) { edges { node { title publisher url licence provenance } } } }',
    );
    const ssb = result.data!.sources.edges.map((e) => e.node).find((s) => s.publisher === 'Statistisk sentralbyrå');
    expect(ssb).toMatchObject({
      title: 'Statistikkbanken 12210: Sosialhjelpsmottakere per kommune 2015–2020 (uttrekk)',
      url: 'https://www.ssb.no/statbank/table/12210',
      licence: 'CC BY 4.0 (Kilde: Statistisk sentralbyrå)',
    });
    expect(ssb!.provenance).toMatch(/^Extract of table 12210 in kommunedata.rds and kommune.Rdat/);
  });

  it('holds the recipients of Bodø in 2016 and of Oslo in 2015 as SSB published them', async () => {
    expect(await figure('1804', 2016, 'social_assistance.recipients_yearly')).toMatchObject([{ value: '1200', valueText: '1200' }]);
    expect(await figure('0301', 2015, 'social_assistance.recipients_yearly')).toMatchObject([{ value: '19168' }]);
  });

  it('reads Halden under its 2015 code 0101 as the unit that is 3101 today', async () => {
    const [row] = await figure('0101', 2015, 'social_assistance.recipients_yearly');
    expect(row).toMatchObject({ value: '1183' });
    const [unit] = await hub.services.db.dataSource.query(
      `SELECT m.code FROM observations o JOIN municipalities m ON m.id = o.municipality_id JOIN indicators i ON i.id = o.indicator_id
        WHERE i.code = 'social_assistance.recipients_yearly' AND o.year = 2015 AND o.value = 1183 AND o.derivation IS NULL`,
    );
    expect(unit.code).toBe('3101');
  });

  it('keeps an empty cell of the extract as not published, never as zero', async () => {
    const [row] = await hub.services.db.dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE o.value = 0)::int AS zeros
         FROM observations o WHERE 'not_published' = ANY(o.flags) AND o.value IS NULL`,
    );
    expect(row.n).toBeGreaterThan(0);
    const [zeros] = await hub.services.db.dataSource.query(
      `SELECT count(*)::int AS n FROM observations o JOIN sources s ON s.id = o.source_id
        WHERE s.publisher = 'Statistisk sentralbyrå' AND 'not_published' = ANY(o.flags) AND o.value IS NOT NULL`,
    );
    expect(zeros.n).toBe(0);
  });
});

/** SSB's 2016 recipients straight from the file, as the oracle the hub's sums are checked against. */
const extract = parse(readFileSync(path.join(__dirname, '../../reference/data/national/ssb_12210_sosialhjelpsmottakere_kommune_2015_2020.csv')), {
  columns: true,
}) as { kommunenummer: string; aar: string; maal: string; verdi: string }[];
const recipients = (year: string, codes: (code: string) => boolean) =>
  extract.filter((r) => r.aar === year && r.maal === 'mottakere' && codes(r.kommunenummer));

interface DerivedRow {
  value: string | null;
  quote: string;
  flags: string[];
  numerator: string | null;
  denominator: string | null;
  denominator_text: string | null;
  derivation: string | null;
}

async function derived(indicator: string, period: string, where: string, params: unknown[] = []): Promise<DerivedRow[]> {
  return hub.services.db.dataSource.query(
    `SELECT o.value::text AS value, o.quote, o.flags, o.numerator::text AS numerator, o.denominator::text AS denominator,
            o.denominator_text, o.derivation
       FROM observations o JOIN indicators i ON i.id = o.indicator_id
      WHERE i.code = $1 AND o.period = $2 AND o.is_current AND o.derivation IS NOT NULL AND ${where}`,
    [indicator, period, ...params],
  );
}

describe('figures the hub derives from SSB’s municipality figures', () => {
  it("sums a county's recipients over every municipality it had that year", async () => {
    const troms = recipients('2016', (c) => c.startsWith('19'));
    expect(troms).toHaveLength(24);
    const expected = troms.reduce((sum, r) => sum + Number(r.verdi), 0);
    const [row] = await derived('social_assistance.recipients_yearly', '2016', `o.county_code = '19'`);
    expect(row).toMatchObject({ value: String(expected), flags: ['derived'] });
    expect(row!.quote).toBe(`Sum of 24 municipalities = ${expected}`);
  });

  it('gives a county no sum when one municipality has no figure, and names it', async () => {
    const [nordland] = await derived('social_assistance.recipients_yearly', '2016', `o.county_code = '18'`);
    expect(nordland).toMatchObject({ value: null, flags: ['derived', 'incomplete'] });
    expect(nordland!.quote).toBe('1 of 44 municipalities have no figure: Træna');
  });

  it('gives the country no sum in 2016, when five municipalities lack a figure', async () => {
    const [norway] = await derived('social_assistance.recipients_yearly', '2016', 'o.national');
    expect(norway).toMatchObject({ value: null, flags: ['derived', 'incomplete'] });
    expect(norway!.quote).toMatch(/^5 of 428 municipalities have no figure: Andebu, Sandefjord, Solund, Stokke, Træna$/);
  });

  it("sums an office's municipalities from NAV's register: NAV Hadeland 2020 is Gran and Lunner", async () => {
    const [gran] = recipients('2020', (c) => c === '3446');
    const [lunner] = recipients('2020', (c) => c === '3054');
    const [row] = await derived(
      'social_assistance.recipients_yearly',
      '2020',
      `o.office_id = (SELECT id FROM offices WHERE name = 'NAV Hadeland')`,
    );
    expect(row).toMatchObject({ value: String(Number(gran!.verdi) + Number(lunner!.verdi)), flags: ['derived'] });
    expect(row!.quote).toBe(`Sum of 2 municipalities: Gran ${gran!.verdi} + Lunner ${lunner!.verdi} = ${Number(gran!.verdi) + Number(lunner!.verdi)}`);
  });

  it('leaves NAV Hallingdal 2020 without a sum: three of its six municipalities have no figure in the extract', async () => {
    const [row] = await derived(
      'social_assistance.recipients_yearly',
      '2020',
      `o.office_id = (SELECT id FROM offices WHERE name = 'NAV Hallingdal')`,
    );
    expect(row).toMatchObject({ value: null, flags: ['derived', 'incomplete'] });
    expect(row!.quote).toBe('3 of 6 municipalities have no figure: Flå, Hemsedal, Nesbyen');
  });

  it("computes Bodø's recipients per 100 inhabitants aged 20–66 from the count and the population of the year", async () => {
    const [row] = await derived(
      'social_assistance.recipients_per_population_20_66',
      '2016',
      `o.office_id IS NULL AND o.municipality_id = (SELECT municipality_id FROM municipality_codes WHERE code = '1804' LIMIT 1)`,
    );
    const [population] = await hub.services.db.dataSource.query(
      `SELECT p.age_20_66 FROM populations p JOIN municipalities m ON m.id = p.municipality_id WHERE m.code = '1804' AND p.year = 2016`,
    );
    // By hand: 1 200 recipients ÷ inhabitants aged 20–66 on 1 January 2016 × 100, to 4 decimals.
    expect(row).toMatchObject({ numerator: '1200', denominator: String(population.age_20_66), flags: ['derived'] });
    expect(Number(row!.value)).toBeCloseTo((1200 * 100) / population.age_20_66, 4);
    expect(row!.denominator_text).toBe('inhabitants aged 20–66 on 1 January 2016 (own-year borders)');
    expect(row!.quote).toBe(`1200 ÷ ${population.age_20_66} × 100`);
  });

  it('keeps a share of a count that was not published as not published, never zero', async () => {
    // Træna's 2016 cell is empty in the extract.
    const rows = await derived(
      'social_assistance.recipients_per_population_20_66',
      '2016',
      `o.office_id IS NULL AND o.municipality_id IN (SELECT municipality_id FROM municipality_codes WHERE code = '1835')`,
    );
    expect(rows).toMatchObject([{ value: null, flags: ['derived', 'not_published'] }]);
  });

  it('derives nothing where the same figure is published: Oslo i alt publishes its own recipients', async () => {
    const rows = await derived(
      'social_assistance.recipients_yearly',
      '2016',
      `o.office_id IS NULL AND o.municipality_id IN (SELECT municipality_id FROM municipality_codes WHERE code = '0301')`,
    );
    expect(rows).toEqual([]);
  });
});

describe("Stavanger's series across its 2020 merger, on SSB's figures", () => {
  it('is one series 2015–2020 with the break flagged at the merger, and compare finds the figure before it', async () => {
    const result = await hub.execute<{
      timeSeries: { points: { period: string; value: number; breakInSeries: boolean; breakNote: string | null; changeFromPrevious: number | null }[] };
      compare: { rows: { cells: { period: string; value: number | null }[] }[] };
    }>(`{
      timeSeries(indicator: "social_assistance.recipients_yearly", municipality: "1103") { points { period value breakInSeries breakNote changeFromPrevious } }
      compare(municipalities: ["1103"], indicators: ["social_assistance.recipients_yearly"], periods: ["2016", "2020"]) { rows { cells { period value } } }
    }`);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    const points = result.data!.timeSeries.points;
    expect(points.map((p) => [p.period, p.value])).toEqual([
      ['2015', 3396], ['2016', 3845], ['2017', 3949], ['2018', 3882], ['2019', 3717], ['2020', 3929],
    ]);
    expect(points.filter((p) => p.breakInSeries).map((p) => p.period)).toEqual(['2020']);
    expect(points.at(-1)).toMatchObject({ changeFromPrevious: null, breakNote: expect.stringMatching(/^Stavanger merged with .*Finnøy.*Rennesøy.* 2020/) });
    expect(result.data!.compare.rows[0]!.cells.map((c) => [c.period, c.value])).toEqual([['2016', 3845], ['2020', 3929]]);
  });
});
