import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { comparisonRoutes } from '../../src/modules/comparison/comparison.routes';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';
import { CODES, insertFixture, newsroomFixture } from './fixtures';

/**
 * The column order a journalist's spreadsheet relies on, written out as the README publishes it
 * (not taken from the code's own constants, which would agree with any reordering).
 */
const RANKING_HEADER =
  'rank,name,code,level,indicator,period,value,value_text,unit,percentile,difference_from_median,previous_period,previous_value,change_from_previous,target,target_met,numerator,denominator,population_year,flags,missing_reason,missing_detail,source_publisher,source_title,source_url,quote,citation';
const COMPARE_HEADER =
  'name,code,level,indicator,period,value,value_text,unit,flags,missing_reason,source_publisher,source_title,source_url,quote,citation,figure_municipality,figure_municipality_code,figure_municipality_until';
const TARGETS_HEADER = 'name,code,period,indicator,raw_label,target,comparator,value,value_text,unit,status,source_publisher,source_title,source_url,quote,citation';

let hub: Hub;
let server: Server;
let base: string;

beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, newsroomFixture());
  // The routes as src/server/routes.ts will mount them, on a server of their own.
  const routes = comparisonRoutes(hub.services);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (!route) return void res.writeHead(404).end();
    Promise.resolve(route(req, res, url)).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await hub?.close();
});

/** The body as sent: Response.text() would drop the byte order mark. */
async function textOf(res: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
}

function rows(text: string, delimiter = ','): Record<string, string>[] {
  return parse(text, { columns: true, bom: true, delimiter });
}

describe('journalist downloads', () => {
  it('have the columns the README publishes, in its order', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    for (const header of [RANKING_HEADER, COMPARE_HEADER, TARGETS_HEADER]) expect(readme).toContain(`\n${header}\n`);
  });

  it('CSV download has the header, BOM, Norwegian letters and citation column', async () => {
    const res = await fetch(`${base}/download/ranking.csv?indicator=${CODES.share}&period=2023&level=office`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="ranking-${CODES.share}-2023-office.csv"; filename*=UTF-8''ranking-${CODES.share}-2023-office.csv`,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.slice(1).split('\r\n')[0]).toBe(RANKING_HEADER);
    const records = rows(text);
    expect(records.map((r) => [r.rank, r.name, r.value, r.missing_reason])).toEqual([
      ['1', 'NAV Sagene', '3.6', ''],
      ['2', 'NAV Grünerløkka', '3.9', ''],
      ['3', 'NAV Søndre Nordstrand', '6.1', ''],
    ]);
    expect(records[1]).toMatchObject({
      source_publisher: 'Testkommune',
      source_title: 'Testkilde: oppdiktede bydelstall',
      citation: 'Testkommune, Testkilde: oppdiktede bydelstall, NAV Grünerløkka: «Andel sosialhjelpsmottakere i befolkningen» 3,9 (2023)',
      change_from_previous: '0',
      previous_period: '2022',
    });
  });

  it('lists units in scope that are not ranked, with the reason, after the ranked ones', async () => {
    const res = await fetch(`${base}/download/ranking.csv?indicator=${CODES.share}&period=2022&delimiter=semicolon`);
    const records = rows(await textOf(res), ';');
    expect(records.at(-1)).toMatchObject({ rank: '', name: 'NAV Søndre Nordstrand', missing_reason: 'SUPPRESSED', value: '' });
  });

  it('JSON download carries the same ranking, with warnings', async () => {
    const res = await fetch(`${base}/download/ranking.json?indicator=${CODES.monthly}&latest&offices=24837,24539`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/ranking-social_assistance.recipients_monthly_avg-latest-office.json/);
    const body = (await res.json()) as ReturnType<typeof import('../../src/modules/comparison/comparison.csv').rankingJson>;
    expect(body).toMatchObject({ latest: true, level: 'OFFICE', normalise: 'NONE', direction: 'LOWER_IS_BETTER', coverage: { ranked: 1, missing: 1, total: 2 } });
    expect(body.rows[0]).toMatchObject({ rank: 1, name: 'NAV Bodø', value: 429, period: '2018', source: { title: 'Årsmelding 2018' } });
    expect(body.missing[0]).toMatchObject({ name: 'NAV Kristiansund', reason: 'NO_VALUE' });
  });

  it('bad parameters get 400 with a message naming the parameter', async () => {
    const cases: [string, string, RegExp][] = [
      [`/download/ranking.csv?indicator=${CODES.share}&level=country`, 'level', /level must be one of office, municipality, county/],
      [`/download/ranking.csv?indicator=${CODES.share}&kostraGroup=17`, 'kostraGroup', /kostraGroup must be a KOSTRA group number from 1 to 16/],
      [`/download/ranking.csv?indicator=${CODES.share}&level=county&municipality=1804`, 'municipality', /does not apply to counties/],
      [`/download/ranking.csv?indicator=${CODES.share}&period=2023-13`, 'period', /period must look like 2018/],
      [`/download/ranking.csv?period=2023`, 'indicator', /indicator is required/],
      [`/download/ranking.csv?indicator=social_assistance.nope`, 'indicator', /Unknown indicator/],
      [`/download/ranking.csv?indicator=${CODES.share}&county=3`, 'county', /county must be a two-digit county number/],
      [`/download/ranking.csv?indicator=${CODES.share}&offices=999999`, 'offices', /No office has the code "999999"/],
      [`/download/ranking.csv?indicator=${CODES.share}&normalise=per_1000_inhabitants`, 'normalise', /already a share/],
      [`/download/ranking.csv?indicator=${CODES.share}&peer_of=1804`, 'peer_of', /Unknown parameter "peer_of"/],
      [`/download/ranking.csv?indicator=${CODES.share}&top=ten`, 'top', /top must be a whole number/],
      [`/download/compare.csv?offices=24837&indicators=${CODES.monthly}`, 'periods', /periods is required/],
    ];
    for (const [path, parameter, message] of cases) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await res.json()) as { error: string; parameter: string };
      expect(body.parameter, path).toBe(parameter);
      expect(body.error, path).toMatch(message);
    }
  });

  it('compare CSV has a line per office, indicator and period, with source, quote and citation', async () => {
    const res = await fetch(`${base}/download/compare.csv?offices=24837&indicators=${CODES.monthly},${CODES.kvpExits}&periods=2017,2018`);
    const text = await textOf(res);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n')[0]).toBe(COMPARE_HEADER);
    const records = rows(text);
    expect(records.map((r) => [r.name, r.indicator, r.period, r.value, r.value_text])).toEqual([
      ['NAV Bodø', CODES.monthly, '2017', '443', '443'],
      ['NAV Bodø', CODES.monthly, '2018', '429', '429'],
      ['NAV Bodø', CODES.kvpExits, '2017', '45.7', '45,7 %'],
      ['NAV Bodø', CODES.kvpExits, '2018', '50.7', '50,7 %'],
    ]);
    expect(at(records, 3).citation).toBe('Bodø kommune, Årsmelding 2018, NAV Bodø: «Andel KVP-deltakere til arbeid / utdanning» 50,7 % (gjennomsnitt 2018)');
    const json = (await (await fetch(`${base}/download/compare.json?offices=24837&indicators=${CODES.monthly}&periods=2018`)).json()) as { rows: { cells: { value: number }[] }[] };
    expect(at(at(json.rows, 0).cells, 0).value).toBe(429);
  });

  it('target attainment downloads as CSV and JSON', async () => {
    const csv = await textOf(await fetch(`${base}/download/targets.csv?office=24837&period=2018`));
    expect(csv.slice(1).split('\r\n')[0]).toBe(TARGETS_HEADER);
    expect(rows(csv).map((r) => r.status)).toEqual(['MET', 'MET', 'MET', 'MET']);
    const json = (await (await fetch(`${base}/download/targets.json?municipality=1804&period=2018`)).json()) as { met: number; name: string };
    expect(json).toMatchObject({ name: 'Bodø', met: 4 });
    const missing = await fetch(`${base}/download/targets.json?office=999999&period=2018`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ parameter: 'office' });
  });
});
