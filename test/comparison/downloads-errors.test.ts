import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { comparisonRoutes } from '../../src/modules/comparison/comparison.routes';
import { createTestHub } from '../support/hub';
import { CODES, insertFixture, newsroomFixture } from './fixtures';

/**
 * The download routes' parameters beyond the plain case: HEAD, the delimiter, flags spelt out,
 * empty parameters, and the file names a journalist saves. download-parameters.test.ts covers the
 * refusals of each kind of parameter, downloads.test.ts the files' columns.
 */
let hub: Hub;
let server: Server;
let base: string;

beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, newsroomFixture());
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
  await hub?.close();
});

const RANKING = `/download/ranking.csv?indicator=${CODES.monthly}&period=2018&offices=24837,24539`;

function records(text: string, delimiter: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true, delimiter });
}

describe('a download asked with HEAD', () => {
  it('answers the headers a GET would, without the file', async () => {
    const get = await fetch(`${base}${RANKING}`);
    const body = Buffer.from(await get.arrayBuffer());
    const head = await fetch(`${base}${RANKING}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    for (const header of ['content-type', 'content-disposition']) expect(head.headers.get(header), header).toBe(get.headers.get(header));
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('the delimiter of a CSV download', () => {
  it('is a semicolon when given as ";", for Norwegian Excel', async () => {
    const res = await fetch(`${base}${RANKING}&delimiter=${encodeURIComponent(';')}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.split('\r\n')[0]).toMatch(/^rank;name;code;/);
    expect(records(text, ';').map((r) => [r.rank, r.name, r.value, r.missing_reason])).toEqual([
      ['1', 'NAV Bodø', '429', ''],
      ['', 'NAV Kristiansund', '', 'NO_VALUE'],
    ]);
  });

  it('is a comma when given as "comma", as without it', async () => {
    const plain = await (await fetch(`${base}${RANKING}`)).text();
    expect(await (await fetch(`${base}${RANKING}&delimiter=COMMA`)).text()).toBe(plain);
  });

  it('is refused when it is neither, naming the parameter', async () => {
    const res = await fetch(`${base}${RANKING}&delimiter=tab`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'delimiter must be comma or semicolon.', parameter: 'delimiter' });
  });
});

describe('the latest flag of a ranking download', () => {
  it('names the file "latest" when each unit is ranked on its latest figure', async () => {
    const res = await fetch(`${base}/download/ranking.csv?indicator=${CODES.monthly}&latest=yes&offices=24837`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename="ranking-${CODES.monthly}-latest-office.csv"`);
  });

  it.each(['false', '0', 'no'])('given as "%s" is off, so a period may be given with it', async (value) => {
    const res = await fetch(`${base}${RANKING}&latest=${value}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename="ranking-${CODES.monthly}-2018-office.csv"`);
  });
});

describe('an empty parameter', () => {
  it('counts as not given: a time series of the municipality when the office is left empty', async () => {
    const res = await fetch(`${base}/download/time-series.json?indicator=${CODES.monthly}&office=&municipality=1804`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename="time-series-${CODES.monthly}-1804.json"`);
    expect(await res.json()).toMatchObject({ name: 'Bodø', code: '1804', level: 'MUNICIPALITY' });
  });

  it('counts as not given for the area of target attainment too', async () => {
    const res = await fetch(`${base}/download/targets.json?office=24837&municipality=&period=2018`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'NAV Bodø', code: '24837', met: 4 });
  });
});
