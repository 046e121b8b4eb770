import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { comparisonRoutes } from '../../src/modules/comparison/comparison.routes';
import { createTestHub } from '../support/hub';

/**
 * How the download routes refuse a request before reading any figure: the method, each kind of
 * parameter (flag, number, choice, list, delimiter) and a parameter given twice, each answered 400
 * with the parameter named. downloads.test.ts covers the files themselves.
 */

let hub: Hub;
let server: Server;
let base: string;

beforeAll(async () => {
  hub = await createTestHub();
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

const SHARE = 'social_assistance.recipients_population_share';

describe('download parameters', () => {
  it('answers GET and HEAD only, saying so in the Allow header', async () => {
    const res = await fetch(`${base}/download/ranking.csv?indicator=${SHARE}`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toEqual({ error: '/download/ranking.csv answers GET only' });
  });

  it.each([
    [`/download/ranking.csv?indicator=${SHARE}&latest=maybe`, 'latest', 'latest must be true or false.'],
    [`/download/ranking.csv?indicator=${SHARE}&level=region`, 'level', 'level must be one of office, municipality, county.'],
    [`/download/ranking.csv?indicator=${SHARE}&rankBy=size`, 'rankBy', 'rankBy must be one of value, change.'],
    [`/download/ranking.csv?indicator=${SHARE}&minPopulation=1.5`, 'minPopulation', 'minPopulation must be a whole number.'],
    [`/download/ranking.csv?indicator=${SHARE}&minPopulation=-1`, 'minPopulation', 'minPopulation must be 0 or more'],
    [`/download/ranking.csv?indicator=${SHARE}&period=2018&period=2019`, 'period', 'Give period once.'],
    [`/download/ranking.csv?indicator=${SHARE}&municipalities=1804,180`, 'municipalities', 'municipalities must be four-digit municipality codes such as "1804"'],
    [`/download/ranking.json?indicator=${SHARE}&delimiter=;`, 'delimiter', expect.stringContaining('Unknown parameter "delimiter"')],
    [`/download/compare.csv?offices=24837&periods=2018`, 'indicators', 'indicators is required: one or more indicator codes, comma-separated.'],
    [`/download/time-series.csv?office=24837`, 'indicator', 'indicator is required.'],
    [`/download/targets.csv?office=24837`, 'period', 'period is required.'],
  ])('%s → 400 naming %s', async (path, parameter, error) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error, parameter });
  });

  it('takes a flag given without a value as true, and semicolons spelt out', async () => {
    // No figures are loaded: the request gets past its parameters to the indicator check.
    for (const path of [`/download/ranking.csv?indicator=${SHARE}&latest`, `/download/ranking.csv?indicator=${SHARE}&delimiter=semicolon&level=MUNICIPALITY`]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({ parameter: 'indicator' });
    }
  });
});
