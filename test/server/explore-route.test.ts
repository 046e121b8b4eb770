import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context';
import { EXPLORE_CSP, exploreSite } from '../../src/server/explore';
import { createHttpServer, sendJson } from '../../src/server/http';

const INDEX = '<!doctype html><title>explore</title><script type="module" src="/assets/index-AbC123.js"></script>';
const SCRIPT = 'console.log("explore");';

/** The hub's HTTP layer with the explore page's files from `root`; /graphql is never reached here. */
async function serve(root: string): Promise<{ server: Server; base: string }> {
  const server = createHttpServer({
    apollo: {} as ApolloServer<Context>,
    context: () => Promise.reject(new Error('no GraphQL in these tests')),
    routes: { '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    site: exploreSite(root).handler,
    maxBodyBytes: 1024,
    onError: (error) => {
      throw error;
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A raw GET, so that a path is sent exactly as written (fetch would normalise `..`). */
function rawGet(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the explore page served at /', () => {
  let dir: string;
  let hub: { server: Server; base: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'explore-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), SCRIPT);
    writeFileSync(path.join(dir, '.build-hash'), 'abc\n');
    writeFileSync(path.join(dir, 'geo.json'), '{}');
    writeFileSync(path.join(dir, 'areas.topojson'), JSON.stringify({ type: 'Topology', objects: {}, arcs: Array(400).fill([[0, 0]]) }));
    hub = await serve(dir);
  });

  afterAll(async () => {
    await new Promise((resolve) => hub.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / with index.html, revalidated on every load and locked to this origin', async () => {
    const response = await fetch(`${hub.base}/?indicator=social_assistance.recipients_yearly&level=county`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(EXPLORE_CSP);
    expect(response.headers.get('etag')).toBeTruthy();
    expect(await response.text()).toBe(INDEX);
  });

  it('answers 304 to a reload with the ETag it sent', async () => {
    const first = await fetch(`${hub.base}/`);
    const etag = first.headers.get('etag') ?? '';
    await first.text();
    // fetch would add `cache-control: no-cache` to a conditional request, which forbids a 304.
    const again = await rawGet(hub.base, '/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('caches a built asset for a year: its name changes with its content', async () => {
    const response = await fetch(`${hub.base}/assets/index-AbC123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(await response.text()).toBe(SCRIPT);
  });

  it('compresses what it sends for a client that accepts it, as a phone does', async () => {
    writeFileSync(path.join(dir, 'assets', 'big-AbC123.js'), `${SCRIPT}\n`.repeat(200));
    const response = await fetch(`${hub.base}/assets/big-AbC123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await response.text()).toBe(`${SCRIPT}\n`.repeat(200));
  });

  it('sends map boundaries (TopoJSON) as JSON, compressed', async () => {
    const response = await fetch(`${hub.base}/areas.topojson`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.json()).toMatchObject({ type: 'Topology' });
  });

  it('revalidates a file outside assets/, whose name does not change', async () => {
    const response = await fetch(`${hub.base}/geo.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 404 in JSON for a path with no file, a dot file or a path out of the folder', async () => {
    for (const rawPath of ['/no/such/page', '/assets/index-missing.js', '/.build-hash', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      const response = await rawGet(hub.base, rawPath);
      expect(response.status, rawPath).toBe(404);
      expect(JSON.parse(response.body), rawPath).toEqual({ error: expect.stringMatching(/^Nothing at .*; the API is at \/graphql$/) });
    }
  });

  it('leaves the hub’s own routes before the files', async () => {
    writeFileSync(path.join(dir, 'healthz'), 'a file named like a route');
    const response = await fetch(`${hub.base}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('the explore page before it is built', () => {
  let dir: string;
  let hub: { server: Server; base: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'explore-unbuilt-'));
    hub = await serve(path.join(dir, 'web'));
  });

  afterAll(async () => {
    await new Promise((resolve) => hub.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / with a short page saying how to build it', async () => {
    const response = await fetch(`${hub.base}/`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await response.text();
    expect(page).toContain('npm run build:web');
    expect(page).toContain('href="/graphql"');
  });

  it('serves the page once it is built, without a restart', async () => {
    mkdirSync(path.join(dir, 'web'), { recursive: true });
    writeFileSync(path.join(dir, 'web', 'index.html'), INDEX);
    try {
      const response = await fetch(`${hub.base}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX);
    } finally {
      rmSync(path.join(dir, 'web'), { recursive: true, force: true });
    }
  });

  it('answers any other path 404 in JSON, as without the page', async () => {
    const response = await fetch(`${hub.base}/assets/index-AbC123.js`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Nothing at /assets/index-AbC123.js; the API is at /graphql' });
  });
});
