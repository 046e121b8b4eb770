import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '../../src/app';
import { ResponseCache } from '../../src/cache/response-cache';
import { MemoryResponseStore } from '../../src/cache/response-store';
import { createLogger } from '../../src/logger';
import { CURATOR_KEY, createTestHub } from '../support/hub';
import { get, insertTestMunicipalities, MONTHLY, names, post, RANKING, testkommuneC } from './support';

let hub: Hub;
let url: string;
const curator = { 'x-api-key': CURATOR_KEY };
const importMutation = 'mutation($d: String!, $dry: Boolean) { scorecardImport(input: { document: $d, format: CURATOR_CSV, dryRun: $dry }) { status userErrors { message } } }';

beforeAll(async () => {
  hub = await createTestHub({ cacheTtlSeconds: 60 });
  await insertTestMunicipalities(hub.db);
  url = await hub.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await hub?.close();
});

describe('the response cache of one hub (in memory)', () => {
  it('answers a repeated anonymous ranking from memory with the same bytes and no SQL', async () => {
    // A query text of its own, so that no other test has cached it, whatever order the tests run in.
    const query = RANKING.replace('query MonthlyRanking', 'query RepeatedRanking');
    const first = await post(hub, url, query);
    expect(first.status).toBe(200);
    // Testkommune Å has a figure once a test below has imported one.
    expect(names(first).filter((name) => name !== 'Testkommune Å')).toEqual(['Testkommune A', 'Testkommune B']);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(first.statements).toBeGreaterThan(0);
    const second = await post(hub, url, query);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.statements).toBe(0);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
  });

  it('keeps answers to different variables apart', async () => {
    const query = 'query($p: String!) { ranking(indicator: "' + MONTHLY + '", period: $p, level: MUNICIPALITY) { period rows { name } } }';
    const y2018 = await post(hub, url, query, {}, { p: '2018' });
    const y2017 = await post(hub, url, query, {}, { p: '2017' });
    expect(y2017.headers.get('x-cache')).toBe('MISS');
    expect(y2017.text).not.toBe(y2018.text);
    expect((await post(hub, url, query, {}, { p: '2017' })).text).toBe(y2017.text);
  });

  it('answers a GET, also by its persisted-query hash alone, with an ETag, Cache-Control and 304 when the client has it', async () => {
    const full = await get(hub, url, { query: RANKING });
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toBe('public, max-age=5');
    const etag = full.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);

    const hash = createHash('sha256').update(RANKING).digest('hex');
    const byHash = await get(hub, url, { extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) });
    expect(byHash.headers.get('x-cache')).toBe('HIT');
    expect(byHash.statements).toBe(0);
    expect(byHash.text).toBe(full.text);

    const revalidated = await get(hub, url, { query: RANKING }, { 'apollo-require-preflight': 'true', 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    const changed = await get(hub, url, { query: RANKING }, { 'apollo-require-preflight': 'true', 'if-none-match': '"something-else"' });
    expect(changed.status).toBe(200);
  });

  it('registers a persisted query through Apollo when the hash is new, and caches nothing for the miss', async () => {
    const query = `{ ranking(indicator: "${MONTHLY}", period: "2018", level: MUNICIPALITY) { rows { name value } } }`;
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } });
    const unknown = await get(hub, url, { extensions });
    expect(unknown.json.errors?.[0]?.message).toBe('PersistedQueryNotFound');
    expect((await get(hub, url, { extensions })).headers.get('x-cache')).toBe('MISS');
    const registered = await get(hub, url, { query, extensions });
    expect(registered.json.errors).toBeUndefined();
    expect((await get(hub, url, { extensions })).headers.get('x-cache')).toBe('HIT');
  });

  it("refuses a GET without Apollo's CSRF header even when its answer is cached", async () => {
    const refused = await get(hub, url, { query: RANKING }, {});
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/Cross-Site Request Forgery/);
  });

  it("never answers a curator's request from the cache, nor stores it", async () => {
    const asCurator = await post(hub, url, RANKING, curator);
    expect(asCurator.status).toBe(200);
    expect(asCurator.headers.get('x-cache')).toBeNull();
    expect(asCurator.statements).toBeGreaterThan(0);
  });

  it('stores no answer with errors', async () => {
    const query = '{ ranking(indicator: "no.such.indicator", period: "2018") { rows { name } } }';
    const first = await post(hub, url, query);
    expect(first.json.errors?.length).toBeGreaterThan(0);
    const second = await post(hub, url, query);
    expect(second.headers.get('x-cache')).not.toBe('HIT');
    expect(second.statements).toBeGreaterThan(0);
  });

  it('answers from the new figures at once after an import through the API, and keeps the cache for a dry run or an unchanged file', async () => {
    await post(hub, url, RANKING);
    expect((await post(hub, url, RANKING)).headers.get('x-cache')).toBe('HIT');

    const dry = await post(hub, url, importMutation, curator, { d: testkommuneC('50'), dry: true });
    expect(dry.json.errors).toBeUndefined();
    expect((await post(hub, url, RANKING)).headers.get('x-cache')).toBe('HIT');

    const imported = await post(hub, url, importMutation, curator, { d: testkommuneC('50') });
    expect(imported.json).toMatchObject({ data: { scorecardImport: { status: 'CREATED', userErrors: [] } } });
    const after = await post(hub, url, RANKING);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(names(after)).toEqual(['Testkommune Å', 'Testkommune A', 'Testkommune B']);
    expect((await post(hub, url, RANKING)).headers.get('x-cache')).toBe('HIT');

    const again = await post(hub, url, importMutation, curator, { d: testkommuneC('50') });
    expect(again.json).toMatchObject({ data: { scorecardImport: { status: 'UNCHANGED' } } });
    expect((await post(hub, url, RANKING)).headers.get('x-cache')).toBe('HIT');
  });

  it("answers from the new figures at once after a curator maps a raw label (rawIndicatorMap)", async () => {
    const label = 'Sosialhjelp per måned med ukjent etikett (testdata)';
    const unmapped = await post(hub, url, importMutation, curator, { d: testkommuneC('30', label, '').replace('https://example.org/testdata-c-30', 'https://example.org/testdata-c-unmapped') });
    expect(unmapped.json).toMatchObject({ data: { scorecardImport: { status: 'CREATED', userErrors: [] } } });
    const before = await post(hub, url, RANKING);
    // Unmapped, the 30 counts for nothing yet (Å has no figure, or the 50 another test imported).
    expect(before.json.data?.ranking?.rows.find((r) => r.name === 'Testkommune Å')?.value).not.toBe(30);
    expect((await post(hub, url, RANKING)).headers.get('x-cache')).toBe('HIT');

    const raw = await hub.execute<{ rawIndicators: { nodes: { id: string; label: string }[] } }>('{ rawIndicators(mapped: false) { nodes { id label } } }');
    const id = raw.data!.rawIndicators.nodes.find((n) => n.label === label)!.id;
    const mapped = await post(hub, url, `mutation($id: String!) { rawIndicatorMap(input: { rawIndicator: $id, indicator: "${MONTHLY}", note: "test data" }) { observationsUpdated userErrors { message } } }`, curator, { id });
    expect(mapped.json).toMatchObject({ data: { rawIndicatorMap: { observationsUpdated: 1, userErrors: [] } } });

    const after = await post(hub, url, RANKING);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(after.text).not.toBe(before.text);
  });

  it('is off, with no ETag or Cache-Control, when CACHE_TTL_SECONDS is 0', async () => {
    expect(await ResponseCache.create({ CACHE_TTL_SECONDS: 0, CACHE_HTTP_MAX_AGE_SECONDS: 5, REDIS_URL: undefined }, hub.db, createLogger('silent'))).toBeNull();
  });
});

describe('the in-memory store', () => {
  const answer = (body: string) => ({ body, contentType: 'application/json', etag: '"x"', operation: null });

  it('forgets an answer after its time to live, and not a second before', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const store = new MemoryResponseStore(60, 1024 * 1024);
      const { generation } = await store.lookup('k');
      await store.store('k', generation, answer('{}'));
      vi.setSystemTime(59_999);
      expect(String((await store.lookup('k')).answer?.body)).toBe('{}');
      vi.setSystemTime(60_000);
      expect((await store.lookup('k')).answer).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops what was computed before a new data generation, also an answer that was being computed during it', async () => {
    const store = new MemoryResponseStore(60, 1024 * 1024);
    const { generation } = await store.lookup('k');
    await store.store('k', generation, answer('old'));
    const during = (await store.lookup('j')).generation;
    await store.bump();
    expect((await store.lookup('k')).answer).toBeUndefined();
    await store.store('j', during, answer('computed while importing'));
    expect((await store.lookup('j')).answer).toBeUndefined();
  });

  it('keeps within its bytes by dropping the least recently used answer', async () => {
    // Each answer counts its bytes plus 200: three of 100 bytes fit in 1,000 bytes, four do not.
    const store = new MemoryResponseStore(60, 1000);
    const g = (await store.lookup('a')).generation;
    for (const key of ['a', 'b', 'c']) await store.store(key, g, answer(key.repeat(100)));
    await store.lookup('a');
    await store.store('d', g, answer('d'.repeat(100)));
    expect((await store.lookup('b')).answer).toBeUndefined();
    expect((await store.lookup('a')).answer).toBeDefined();
    expect((await store.lookup('c')).answer).toBeDefined();
    expect((await store.lookup('d')).answer).toBeDefined();
  });
});
