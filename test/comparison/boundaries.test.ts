import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { parse } from 'csv-parse/sync';
import { compareCsv, compareJson, TIME_SERIES_COLUMNS } from '../../src/modules/comparison/comparison.csv';
import { comparisonRoutes } from '../../src/modules/comparison/comparison.routes';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';
import { insertFixture } from './fixtures';

/**
 * Municipality codes across boundary changes, on real figures: recipients of social assistance
 * during the year from SSB table 12210 (the extract in reference/data/national), imported through
 * the curator CSV format, one document per year as SSB releases them. Stavanger 1103 is one unit
 * until 2019 and, merged with Finnøy and Rennesøy, a new unit from 2020; Halden kept its unit
 * through 0101 → 3001 → 3101; Trondheim was renumbered 1601 → 5001 in 2018 and merged with Klæbu
 * into a new Trondheim 5001 in 2020.
 */

const RECIPIENTS = 'social_assistance.recipients_yearly';
const YOUNG = 'social_assistance.recipients_18_24_yearly';
const LONG_TERM = 'social_assistance.long_term_recipients';
const EXTRACT = 'reference/data/national/ssb_12210_sosialhjelpsmottakere_kommune_2015_2020.csv';

let hub: Hub;

/** Recipients during the year as the extract holds them, by code and year. */
function recipients(code: string): Map<number, string> {
  const figures = new Map<number, string>();
  for (const line of readFileSync(EXTRACT, 'utf8').split('\n').slice(1)) {
    const [kommunenummer, , aar, maal, verdi] = line.split(',');
    if (kommunenummer === code && maal === 'mottakere' && verdi) figures.set(Number(aar), verdi);
  }
  return figures;
}

/** One curator document per code and year, labelled with where the figure comes from. */
async function importYear(code: string, name: string, year: number, value: string, indicator = RECIPIENTS, measure = 'mottakere') {
  const csv = [
    'area_kind,area_code,label,period,value,unit,indicator,quote,source_title,publisher,report_year',
    `municipality,${code},${measure},${year},${value},persons,${indicator},"${code} ${name} ${year} ${measure} ${value}",` +
      `"SSB tabell 12210 Sosialhjelpsmottakere, uttrekk ${year}, ${measure} (reference/data/national)",Statistisk sentralbyrå,${year}`,
  ].join('\n');
  const report = await hub.services.imports.run({ document: csv, format: 'curator-csv', fileName: `ssb-12210-${code}-${year}-${indicator}.csv` });
  expect(report.status).toBe('created');
}

beforeAll(async () => {
  hub = await createTestHub({ reference: true });
  for (const [year, value] of recipients('1103')) await importYear('1103', 'Stavanger', year, value);
  for (const [year, value] of recipients('0101')) await importYear('0101', 'Halden', year, value);
  for (const [year, value] of recipients('3001')) await importYear('3001', 'Halden', year, value);
  for (const [year, value] of recipients('1601')) await importYear('1601', 'Trondheim', year, value);
  for (const [year, value] of recipients('5001')) await importYear('5001', 'Trondheim', year, value);
});
afterAll(async () => {
  await hub?.close();
});

async function query(text: string, variables?: Record<string, unknown>) {
  const result = await hub.execute<any>(text, variables);
  expect(result.errors).toBeUndefined();
  return result.data;
}

const SERIES = `query($m: String!) { timeSeries(indicator: "${RECIPIENTS}", municipality: $m) {
  name code municipality { name validFromYear validToYear } warnings
  points { period value changeFromPrevious trend breakInSeries breakNote citation figureMunicipality { name code validToYear } } } }`;

describe('the extract the tests read', () => {
  it('holds Stavanger 1103 for every year 2015–2020, Halden under 0101 until 2018 and 3001 in 2020', () => {
    expect([...recipients('1103')]).toEqual([[2015, '3396'], [2016, '3845'], [2017, '3949'], [2018, '3882'], [2019, '3717'], [2020, '3929']]);
    expect([...recipients('0101')]).toEqual([[2015, '1183'], [2016, '1137'], [2017, '1099'], [2018, '1128']]);
    expect([...recipients('3001')]).toEqual([[2020, '1101']]);
    expect([...recipients('1601')]).toEqual([[2015, '4750'], [2016, '4664']]);
    expect([...recipients('5001')]).toEqual([[2018, '5021'], [2019, '5106'], [2020, '5189']]);
  });
});

describe('a time series across a merger', () => {
  it("runs Stavanger's series from 2015 to 2020, the old unit's figures until 2019 and the merged unit's from 2020", async () => {
    const { timeSeries } = await query(SERIES, { m: '1103' });
    expect(timeSeries).toMatchObject({ name: 'Stavanger', code: '1103', municipality: { name: 'Stavanger', validFromYear: 2020, validToYear: null } });
    expect(timeSeries.points.map((p: any) => [p.period, p.value, p.figureMunicipality?.validToYear ?? null])).toEqual([
      ['2015', 3396, 2019],
      ['2016', 3845, 2019],
      ['2017', 3949, 2019],
      ['2018', 3882, 2019],
      ['2019', 3717, 2019],
      ['2020', 3929, null],
    ]);
  });

  it('flags the break at 2020 with the units Stavanger merged with, and at no other point', async () => {
    const { timeSeries } = await query(SERIES, { m: '1103' });
    expect(timeSeries.points.map((p: any) => [p.period, p.breakInSeries])).toEqual([
      ['2015', false], ['2016', false], ['2017', false], ['2018', false], ['2019', false], ['2020', true],
    ]);
    const merged = timeSeries.points[5];
    expect(merged.breakNote).toBe('Stavanger merged with Finnøy and Rennesøy on 1 January 2020: figures before and after cover different areas.');
    expect(timeSeries.points.slice(0, 5).every((p: any) => p.breakNote === null)).toBe(true);
    expect(timeSeries.warnings).toContain(`Break in the series at 2020: ${merged.breakNote} No change or trend is computed across it.`);
  });

  it('computes no change across the merger, but does within each unit', async () => {
    const { timeSeries } = await query(SERIES, { m: '1103' });
    const [y2015, y2016, , , y2019, y2020] = timeSeries.points;
    expect(y2020).toMatchObject({ changeFromPrevious: null, trend: 'UNKNOWN' });
    // Fewer recipients is better: 3,882 in 2018 to 3,717 in 2019 is an improvement of 165.
    expect(y2019).toMatchObject({ changeFromPrevious: -165, trend: 'IMPROVED' });
    expect(y2016).toMatchObject({ changeFromPrevious: 449, trend: 'WORSENED' });
    expect(y2015).toMatchObject({ changeFromPrevious: null, trend: 'UNKNOWN', breakInSeries: false });
  });

  it('cites each figure under the name it was published with', async () => {
    const { timeSeries } = await query(SERIES, { m: '1103' });
    expect(timeSeries.points[1].citation).toContain('Stavanger');
    expect(timeSeries.points[1].citation).toContain('Statistisk sentralbyrå');
    expect(timeSeries.points[1].figureMunicipality).toEqual({ name: 'Stavanger', code: '1103', validToYear: 2019 });
  });
});

describe('a time series across renumbering and a merger', () => {
  it("joins Trondheim's figures under 1601 to those under 5001 until the merger with Klæbu, and breaks there", async () => {
    const { timeSeries } = await query(SERIES, { m: '5001' });
    expect(timeSeries.points.map((p: any) => [p.period, p.value, p.breakInSeries, p.figureMunicipality?.validToYear ?? null])).toEqual([
      ['2015', 4750, false, 2019],
      ['2016', 4664, false, 2019],
      ['2018', 5021, false, 2019],
      ['2019', 5106, false, 2019],
      ['2020', 5189, true, null],
    ]);
    // The merged municipality carries its Southern Sami name too.
    expect(timeSeries.points[4].breakNote).toBe(
      'Trondheim merged with Klæbu into Trondheim - Tråante on 1 January 2020: figures before and after cover different areas.',
    );
    expect(timeSeries.points[3]).toMatchObject({ changeFromPrevious: 85, trend: 'WORSENED' });
  });
});

describe('a time series across renumbering', () => {
  it('keeps Halden one series without a break, asked by its old code or its new one', async () => {
    for (const code of ['0101', '3001', '3101']) {
      const { timeSeries } = await query(SERIES, { m: code });
      expect(timeSeries.name).toBe('Halden');
      expect(timeSeries.points.map((p: any) => [p.period, p.value, p.breakInSeries, p.figureMunicipality])).toEqual([
        ['2015', 1183, false, null],
        ['2016', 1137, false, null],
        ['2017', 1099, false, null],
        ['2018', 1128, false, null],
        ['2020', 1101, false, null],
      ]);
      expect(timeSeries.warnings.join(' ')).not.toMatch(/Break/);
    }
  });

  it('shows no change across the missing 2019, because there is nothing to compare with', async () => {
    const { timeSeries } = await query(SERIES, { m: '3101' });
    expect(timeSeries.points[4]).toMatchObject({ period: '2020', changeFromPrevious: null, trend: 'UNKNOWN', breakNote: null });
    expect(timeSeries.points[3]).toMatchObject({ period: '2018', changeFromPrevious: 29, trend: 'WORSENED' });
  });
});

const COMPARE = `query($m: [String!]!, $p: [String!]!) { compare(municipalities: $m, indicators: ["${RECIPIENTS}"], periods: $p) {
  warnings rows { name code municipality { validToYear } cells { period value missingReason figureMunicipality { name code validToYear } } } } }`;

describe('compare across a merger', () => {
  it("finds Stavanger's 2016 figure in the unit that held 1103 then, and 2020 in today's", async () => {
    const { compare } = await query(COMPARE, { m: ['1103'], p: ['2016', '2019', '2020'] });
    const [row] = compare.rows;
    expect(row).toMatchObject({ name: 'Stavanger', code: '1103', municipality: { validToYear: null } });
    expect(row.cells).toEqual([
      { period: '2016', value: 3845, missingReason: null, figureMunicipality: { name: 'Stavanger', code: '1103', validToYear: 2019 } },
      { period: '2019', value: 3717, missingReason: null, figureMunicipality: { name: 'Stavanger', code: '1103', validToYear: 2019 } },
      { period: '2020', value: 3929, missingReason: null, figureMunicipality: null },
    ]);
    expect(compare.warnings.join(' ')).toMatch(/before a boundary change \(Stavanger \(1103, until 2019\)\): Stavanger, social_assistance.recipients_yearly, 2016; Stavanger, social_assistance.recipients_yearly, 2019\./);
  });

  it("finds Halden's figures under every code it had, as its own", async () => {
    const { compare } = await query(COMPARE, { m: ['3101', '0101'], p: ['2015', '2020'] });
    for (const row of compare.rows) {
      expect(row.cells.map((c: any) => [c.period, c.value, c.figureMunicipality])).toEqual([['2015', 1183, null], ['2020', 1101, null]]);
    }
    expect(compare.warnings.join(' ')).not.toMatch(/boundary/);
  });

  it('still says no figure for a year nobody published', async () => {
    const { compare } = await query(COMPARE, { m: ['1103'], p: ['2014'] });
    expect(compare.rows[0].cells[0]).toMatchObject({ value: null, missingReason: 'NO_VALUE', figureMunicipality: null });
  });
});

describe('two figures for the same year on different borders', () => {
  // Stavanger's real 2016 figure for long-term recipients (1,642, from the extract), beside invented
  // figures for today's Stavanger in 2015 and 2016, as if republished on 2020 borders.
  beforeAll(async () => {
    await importYear('1103', 'Stavanger', 2016, '1642', LONG_TERM, 'mottakere_langtid_6mnd_pluss');
    await insertFixture(hub.db, {
      sources: [{ key: 'test-2020-borders', title: 'Test data: invented figures on 2020 borders', publisher: 'Test data' }],
      observations: [
        { indicator: LONG_TERM, source: 'test-2020-borders', municipality: '1103', period: '2015', value: '1500' },
        { indicator: LONG_TERM, source: 'test-2020-borders', municipality: '1103', period: '2016', value: '1700' },
      ],
    });
  });

  it("takes the figure of the unit that held the code that year, and today's unit's where it has none", async () => {
    const { timeSeries } = await query(SERIES.replace(RECIPIENTS, LONG_TERM), { m: '1103' });
    expect(timeSeries.points.map((p: any) => [p.period, p.value, p.figureMunicipality?.validToYear ?? null, p.breakInSeries, p.changeFromPrevious])).toEqual([
      ['2015', 1500, null, false, null],
      ['2016', 1642, 2019, true, null],
    ]);
    expect(timeSeries.points[1].breakNote).toMatch(/^Stavanger merged with Finnøy and Rennesøy on 1 January 2020/);
    const { compare } = await query(COMPARE.replace(RECIPIENTS, LONG_TERM), { m: ['1103'], p: ['2015', '2016'] });
    expect(compare.rows[0].cells.map((c: any) => [c.period, c.value, c.figureMunicipality?.validToYear ?? null])).toEqual([
      ['2015', 1500, null],
      ['2016', 1642, 2019],
    ]);
  });
});

describe('the compare download', () => {
  it('names the municipality before the merger on the lines whose figure is of it', async () => {
    const comparison = await hub.services.comparison.compare({ municipalities: ['1103'], indicators: [RECIPIENTS], periods: ['2019', '2020'] });
    const lines = parse(compareCsv(comparison).slice(1), { columns: true }) as Record<string, string>[];
    expect(lines.map((l) => [l.name, l.period, l.value, l.figure_municipality, l.figure_municipality_code, l.figure_municipality_until])).toEqual([
      ['Stavanger', '2019', '3717', 'Stavanger', '1103', '2019'],
      ['Stavanger', '2020', '3929', '', '', ''],
    ]);
    const json = compareJson(comparison);
    expect(at(json.rows, 0).cells.map((c) => c.figureMunicipality)).toEqual([
      { name: 'Stavanger', code: '1103', validFromYear: null, validToYear: 2019 },
      null,
    ]);
  });
});

describe('the time series download', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const routes = comparisonRoutes(hub.services);
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = routes[url.pathname];
      if (!route) return void res.writeHead(404).end();
      Promise.resolve(route(req, res, url)).catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('marks the break and the municipality before the merger on their lines', async () => {
    const res = await fetch(`${base}/download/time-series.csv?indicator=${RECIPIENTS}&municipality=1103&delimiter=semicolon`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`time-series-${RECIPIENTS}-1103.csv`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.slice(1).split('\r\n')[0]).toBe(TIME_SERIES_COLUMNS.join(';'));
    const lines = parse(text.slice(1), { columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(lines.map((l) => [l.period, l.value, l.change_from_previous, l.trend, l.break_in_series, l.figure_municipality_until])).toEqual([
      ['2015', '3396', '', 'UNKNOWN', 'false', '2019'],
      ['2016', '3845', '449', 'WORSENED', 'false', '2019'],
      ['2017', '3949', '104', 'WORSENED', 'false', '2019'],
      ['2018', '3882', '-67', 'IMPROVED', 'false', '2019'],
      ['2019', '3717', '-165', 'IMPROVED', 'false', '2019'],
      ['2020', '3929', '', 'UNKNOWN', 'true', ''],
    ]);
    expect(at(lines, 5).break_note).toBe('Stavanger merged with Finnøy and Rennesøy on 1 January 2020: figures before and after cover different areas.');
  });

  it('gives the same points as JSON, with the warnings', async () => {
    const json = (await (await fetch(`${base}/download/time-series.json?indicator=${RECIPIENTS}&municipality=1103`)).json()) as any;
    expect(json).toMatchObject({ name: 'Stavanger', code: '1103', level: 'MUNICIPALITY', indicator: { code: RECIPIENTS, direction: 'LOWER_IS_BETTER' } });
    expect(json.points.map((p: any) => [p.period, p.value, p.breakInSeries, p.figureMunicipality?.validToYear ?? null])).toEqual([
      ['2015', 3396, false, 2019], ['2016', 3845, false, 2019], ['2017', 3949, false, 2019],
      ['2018', 3882, false, 2019], ['2019', 3717, false, 2019], ['2020', 3929, true, null],
    ]);
    expect(json.warnings.join(' ')).toMatch(/Break in the series at 2020/);
  });

  it('answers a code that never existed and a missing indicator with 400 naming the parameter', async () => {
    const unknown = await fetch(`${base}/download/time-series.csv?indicator=${RECIPIENTS}&municipality=9998`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'No municipality has ever had the code "9998".', parameter: 'municipality' });
    const missing = await fetch(`${base}/download/time-series.json?municipality=1103`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'indicator is required.', parameter: 'indicator' });
  });
});

describe('a code that never existed', () => {
  it('is a mistake in the municipality argument of timeSeries', async () => {
    const result = await hub.execute<any>(SERIES, { m: '9998' });
    expect(result.errors?.[0]).toMatchObject({
      message: 'No municipality has ever had the code "9998".',
      extensions: { code: 'BAD_USER_INPUT', argument: 'municipality', value: '9998' },
    });
  });

  it('is a mistake in the municipalities argument of compare', async () => {
    const result = await hub.execute<any>(COMPARE, { m: ['1103', '9998'], p: ['2016'] });
    expect(result.errors?.[0]).toMatchObject({
      message: 'No municipality has ever had the code "9998".',
      extensions: { code: 'BAD_USER_INPUT', argument: 'municipalities', value: ['9998'] },
    });
  });
});

describe('the latest ranking of a merged municipality', () => {
  it('finds the figure published under 1103 most recently: the merged Stavanger in 2020', async () => {
    const { ranking } = await query(
      `{ ranking(indicator: "${RECIPIENTS}", latest: true, level: MUNICIPALITY, scope: { municipality: "1103" }) {
          rows { name code period value municipality { validToYear } } missing { name reason } } }`,
    );
    expect(ranking.rows).toContainEqual({ name: 'Stavanger', code: '1103', period: '2020', value: 3929, municipality: { validToYear: null } });
  });

  it('does not rank the Stavanger that ended in 2019 beside the merged one, on an older year', async () => {
    const { ranking } = await query(
      `{ ranking(indicator: "${RECIPIENTS}", latest: true, level: MUNICIPALITY, scope: { municipalities: ["1103", "3101"] }) {
          rows { name period value municipality { validToYear } } } }`,
    );
    expect(ranking.rows.map((r: any) => [r.name, r.period, r.value])).toEqual([['Halden', '2020', 1101], ['Stavanger', '2020', 3929]]);
  });

  describe('when the latest figure under the code is from before the merger', () => {
    // Recipients aged 18–24: Stavanger's 2019 figure (813) and Halden's 2020 one (201), from the extract.
    beforeAll(async () => {
      await importYear('1103', 'Stavanger', 2019, '813', YOUNG, 'mottakere_18_24');
      await importYear('3001', 'Halden', 2020, '201', YOUNG, 'mottakere_18_24');
    });
    const latest = (scope: string) =>
      query(`{ ranking(indicator: "${YOUNG}", latest: true, level: MUNICIPALITY, scope: ${scope}) {
               rows { name period value municipality { validToYear } } missing { name reason municipality { validToYear } } } }`);

    it('ranks Stavanger on it when 1103 is the only code in scope', async () => {
      const { ranking } = await latest('{ municipality: "1103" }');
      expect(ranking.rows).toEqual([{ name: 'Stavanger', period: '2019', value: 813, municipality: { validToYear: 2019 } }]);
    });

    // Wrong today: the latest year of the scope (Halden's 2020) decides which units are in scope,
    // so the Stavanger that ended in 2019 is dropped and today's is missing. Flip to it() once
    // ranking.sql.ts picks, in latest mode, each code's latest figure among every unit that held it.
    it('ranks Stavanger on it beside another municipality with a later figure', async () => {
      const { ranking } = await latest('{ municipalities: ["1103", "3101"] }');
      expect(ranking.rows.map((r: any) => [r.name, r.period, r.value])).toEqual([['Halden', '2020', 201], ['Stavanger', '2019', 813]]);
      expect(ranking.missing).toEqual([]);
    });
  });
});
