import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { loadConfig } from '../../src/config';
import { buildHubSchema } from '../../src/schema/build';
import { EXAMPLES_FILE, PLAYGROUND_CSP, readExamples } from '../../src/server/playground';
import { createTestHub } from '../support/hub';
import { at, defined } from '../support/indexed';

/** The limits a hub has when nothing is configured, as createTestHub starts it. */
const limits = loadConfig({});

let hub: Hub;
let origin: string;
let endpoint: string;
beforeAll(async () => {
  hub = await createTestHub();
  endpoint = await hub.listen(0, '127.0.0.1');
  origin = new URL(endpoint).origin;
});
afterAll(async () => { await hub?.close(); });

/** A GET with the path exactly as given, dots and escapes untouched (node:http does not normalise paths). */
function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: new URL(origin).port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function openPlayground(): Promise<{ response: Response; html: string }> {
  const response = await fetch(endpoint, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  return { response, html: await response.text() };
}

/** The URLs of the page's script and link tags. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]*)"/g)].map((m) => defined(m[1], 'the URL of a tag'));
}

interface ErrorBody {
  data?: unknown;
  errors: { message: string; extensions: { code: string } }[];
}

function postGraphql(body: unknown): Promise<Response> {
  return fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Fails when a response shows a stack trace: a `stack` or `stacktrace` key, or "at file:line:col" lines. */
function expectNoStackTrace(value: unknown, where = 'response'): void {
  if (typeof value === 'string') {
    expect(value, where).not.toMatch(/\n\s+at .+:\d+:\d+/);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => expectNoStackTrace(item, `${where}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      expect(key.toLowerCase(), `${where}.${key}`).not.toMatch(/^stack(trace)?$/);
      expectNoStackTrace(item, `${where}.${key}`);
    }
  }
}

describe('the playground', () => {
  it('serves GraphiQL to a browser asking for /graphql, under a policy that allows only this origin', async () => {
    const { response, html } = await openPlayground();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(PLAYGROUND_CSP);
    expect(PLAYGROUND_CSP).toContain("default-src 'none'");
    expect(PLAYGROUND_CSP).toContain("script-src 'self';");
    expect(PLAYGROUND_CSP).toContain("style-src 'self';");
    expect(PLAYGROUND_CSP).not.toContain('unsafe-eval');
    expect(html).toContain('<div id="graphiql">');
  });

  it('loads every script and style sheet from the hub itself, none from another host', async () => {
    const { html } = await openPlayground();
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) expect(url, url).not.toMatch(/^(?:[a-z][a-z\d+.-]*:)?\/\//i);
    for (const url of urls.filter((u) => !u.startsWith('data:'))) {
      expect(new URL(url, endpoint).origin, url).toBe(origin);
      expect(new URL(url, endpoint).pathname, url).toMatch(/^\/playground\/assets\/[\w.-]+$/);
    }
    expect(urls.filter((u) => u.includes('.js')).map((u) => new URL(u, endpoint).pathname)).toEqual([
      '/playground/assets/react.production.min.js',
      '/playground/assets/react-dom.production.min.js',
      '/playground/assets/graphiql.min.js',
      '/playground/assets/playground.js',
    ]);
  });

  it('serves each file the page loads with its content type and a year-long cache', async () => {
    const { html } = await openPlayground();
    for (const url of referencedUrls(html).filter((u) => !u.startsWith('data:'))) {
      const response = await fetch(new URL(url, endpoint));
      expect(response.status, url).toBe(200);
      const type = url.includes('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('cache-control'), url).toContain('max-age=31536000');
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect((await response.text()).length, url).toBeGreaterThan(0);
    }
  });

  it('sends GraphiQL compressed to a browser that accepts gzip', async () => {
    const response = await fetch(`${origin}/playground/assets/graphiql.min.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain('window.GraphiQL');
  });

  it('opens a tab per example, the first one as the default query', async () => {
    const { html } = await openPlayground();
    const json = /<script type="application\/json" id="playground-config">([^<]*)<\/script>/.exec(html)?.[1];
    const config = JSON.parse(json ?? 'null') as { defaultQuery: string; tabs: { query: string }[] };
    const examples = readExamples(EXAMPLES_FILE);
    expect(config.tabs.map((t) => t.query)).toEqual(examples.map((e) => e.query));
    expect(config.defaultQuery).toBe(at(examples, 0).query);
    expect(config.defaultQuery).toContain('query BodoPopulation');
  });

  it('serves the file itself whatever its query string says', async () => {
    const answer = await rawGet('/playground/assets/playground.js?v=../../package.json');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('GraphiQL.createFetcher');
  });

  it('refuses to post to a playground file', async () => {
    const post = await fetch(`${origin}/playground/assets/playground.js`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it.each([
    ['a path out of the folder', '/playground/assets/../../package.json'],
    ['an encoded path out of the folder', '/playground/assets/%2e%2e/%2e%2e/package.json'],
    ['a file of the folder the page does not load', '/playground/assets/graphiql.js'],
    ['a file of the package beside the bundle', '/playground/assets/package.json'],
  ])('knows no other file: %s is 404', async (_, rawPath) => {
    // Sent as written, so that the hub's own reading of the path is what is tested: fetch() would
    // resolve the dots before the request left.
    const answer = await rawGet(rawPath);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('"name": "malestokk"');
    expect(answer.body).not.toContain('"name": "graphiql"');
  });

  it('still answers GraphQL on POST /graphql', async () => {
    const response = await postGraphql({ query: '{ __typename municipalities { totalCount } }' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query', municipalities: { totalCount: 0 } } });
  });
});

describe('the example queries', () => {
  const source = readFileSync(EXAMPLES_FILE, 'utf8');
  const examples = readExamples(EXAMPLES_FILE);

  it('keep the queries of the contract word for word', () => {
    expect(source).toContain('{ municipality(code: "1804") { name county { name } population(year: 2018) { total } } }');
    expect(source).toContain(
      '{ observations(indicator: "social_assistance.recipients_monthly_avg", municipality: "1804", period: "2018", first: 10) { edges { node { value valueText period kind quote target { text met } source { title url } citation } } } }',
    );
    expect(source).toContain(
      '{ ranking(indicator: "social_assistance.recipients_population_share", period: "2023") { rows { rank value office { name } } missing { name reason } warnings } }',
    );
  });

  it('say above each query what it answers', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const example of examples) expect(example.description, example.name).not.toBe('');
  });

  it('are every one valid against the schema', async () => {
    const schema = await buildHubSchema();
    const invalid = examples.map((example) => [example.name, validate(schema, parse(example.query)).map((e) => e.message)] as const);
    expect(invalid.filter(([, messages]) => messages.length > 0)).toEqual([]);
    expect(invalid.map(([name]) => name)).toEqual(examples.map((e) => e.name));
  });
});

describe('health, errors and limits', () => {
  it('says it is alive on /healthz', async () => {
    const response = await fetch(`${origin}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('says it is ready on /readyz once the database is migrated', async () => {
    const response = await fetch(`${origin}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready' });
  });

  it('answers an unknown path with 404 JSON that points at /graphql', async () => {
    const response = await fetch(`${origin}/no/such/page`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ error: 'Nothing at /no/such/page; the API is at /graphql' });
  });

  it('refuses a request body over the upload limit with 413, naming the limit', async () => {
    const padding = 'x'.repeat(limits.MAX_UPLOAD_BYTES);
    const response = await postGraphql({ query: '{ __typename }', variables: { padding } });
    expect(response.status).toBe(413);
    const body = (await response.json()) as ErrorBody;
    const error = at(body.errors, 0);
    expect(error.message).toMatch(new RegExp(`over the limit of ${limits.MAX_UPLOAD_BYTES} bytes`));
    expect(error.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expectNoStackTrace(body);
  });

  it('refuses a body that is not JSON, saying so', async () => {
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.errors[0]).toEqual({ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } });
    expectNoStackTrace(body);
  });

  it('refuses a query nested deeper than the depth limit before running it', async () => {
    const depth = limits.MAX_QUERY_DEPTH + 2;
    const query = `{ municipality(code: "1804") { ${'predecessors { '.repeat(depth - 2)}name${' }'.repeat(depth - 2)} } }`;
    const response = await postGraphql({ query });
    const body = (await response.json()) as ErrorBody;
    expect(response.status).toBe(400);
    expect(body.data).toBeUndefined();
    const error = at(body.errors, 0);
    expect(error.message).toMatch(new RegExp(`^Query too deep: it nests ${depth} levels and the limit is ${limits.MAX_QUERY_DEPTH};`));
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expectNoStackTrace(body);
  });

  it('refuses a query costlier than the cost limit, saying what it would cost', async () => {
    // Each page of 100 municipalities costs 301 (1 + 100 × edge, node and code), so 20 pages are over 5000.
    const pages = Math.ceil(limits.MAX_QUERY_COST / 301) + 1;
    const query = `{ ${Array.from({ length: pages }, (_, i) => `p${i}: municipalities(first: 100) { edges { node { code } } }`).join(' ')} }`;
    const response = await postGraphql({ query });
    const body = (await response.json()) as ErrorBody;
    expect(response.status).toBe(400);
    expect(body.data).toBeUndefined();
    const error = at(body.errors, 0);
    expect(error.message).toMatch(new RegExp(`^Query too costly: it would cost \\d+ and the limit is ${limits.MAX_QUERY_COST}`));
    expect(error.extensions.code).toBe('QUERY_TOO_COSTLY');
    expectNoStackTrace(body);
  });

  it('shows no stack trace for a request GraphQL cannot parse', async () => {
    const response = await postGraphql({ query: '{ municipality(code: ' });
    const body = (await response.json()) as ErrorBody;
    expect(response.status).toBe(400);
    expect(at(body.errors, 0).extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expectNoStackTrace(body);
  });
});
