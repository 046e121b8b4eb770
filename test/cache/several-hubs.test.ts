import { createHash, randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src/app';
import { redisPrefix } from '../../src/cache/response-cache';
import { loadConfig } from '../../src/config';
import { Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { openTestDatabase } from '../support/db';
import { CURATOR_KEY } from '../support/hub';
import { at } from '../support/indexed';
import { get, insertTestMunicipalities, MONTHLY, names, post, RANKING, testkommuneC } from './support';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const serverUrl = process.env.DATABASE_URL;
const importMutation = 'mutation($d: String!) { scorecardImport(input: { document: $d, format: CURATOR_CSV }) { status userErrors { message } } }';

function hubConfig(extra: Record<string, string> = {}) {
  return loadConfig({ SEED: 'false', LOG_LEVEL: 'silent', API_KEYS: `newsroom:${CURATOR_KEY}`, REDIS_URL, ...extra });
}

// The embedded database belongs to one process (one per data folder): several hubs need a PostgreSQL server.
describe.skipIf(!serverUrl)('two hubs on one PostgreSQL database and one Redis', () => {
  let a: Hub;
  let b: Hub;
  let urlA: string;
  let urlB: string;
  let redis: ReturnType<typeof createClient>;
  let prefix: string;

  beforeAll(async () => {
    const dbA = await openTestDatabase();
    const schema = (dbA.dataSource.options as { schema: string }).schema;
    const dbB = await Database.open({ url: serverUrl, schema });
    a = await createHub(hubConfig(), createLogger('silent'), { db: dbA });
    b = await createHub(hubConfig(), createLogger('silent'), { db: dbB });
    await insertTestMunicipalities(dbA);
    urlA = await a.listen(0, '127.0.0.1');
    urlB = await b.listen(0, '127.0.0.1');
    redis = createClient({ url: REDIS_URL });
    await redis.connect();
    prefix = redisPrefix(dbA);
    expect(redisPrefix(dbB)).toBe(prefix);
  });
  afterAll(async () => {
    // B first: closing A's test database drops the schema they share.
    await b?.close();
    await a?.close();
    if (redis?.isOpen) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(keys);
      await redis.close();
    }
  });

  it('share answers: what one hub computed, the other sends without SQL', async () => {
    const fromA = await post(a, urlA, RANKING);
    expect(fromA.headers.get('x-cache')).toBe('MISS');
    expect(names(fromA)).toEqual(['Testkommune A', 'Testkommune B']);
    const fromB = await post(b, urlB, RANKING);
    expect(fromB.headers.get('x-cache')).toBe('HIT');
    expect(fromB.statements).toBe(0);
    expect(fromB.text).toBe(fromA.text);
  });

  it('an import through one hub is answered, uncached, by the other at once', async () => {
    expect((await post(b, urlB, RANKING)).headers.get('x-cache')).toBe('HIT');
    const imported = await post(a, urlA, importMutation, { 'x-api-key': CURATOR_KEY }, { d: testkommuneC('50') });
    expect(imported.json).toMatchObject({ data: { scorecardImport: { status: 'CREATED', userErrors: [] } } });
    const fromB = await post(b, urlB, RANKING);
    expect(fromB.headers.get('x-cache')).toBe('MISS');
    expect(fromB.statements).toBeGreaterThan(0);
    expect(names(fromB)).toEqual(['Testkommune Å', 'Testkommune A', 'Testkommune B']);
    const fromA = await post(a, urlA, RANKING);
    expect(fromA.headers.get('x-cache')).toBe('HIT');
    expect(fromA.text).toBe(fromB.text);
  });

  it('share persisted queries: a hash registered through one hub is known to the other', async () => {
    const query = `{ ranking(indicator: "${MONTHLY}", period: "2018", level: MUNICIPALITY) { rows { name } } }`;
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } });
    expect((await get(a, urlA, { query, extensions })).json.errors).toBeUndefined();
    // Another Accept header: not the answer stored for A's request, so B's Apollo must know the query itself.
    const fromB = await get(b, urlB, { extensions }, { 'apollo-require-preflight': 'true', accept: 'application/json' });
    expect(fromB.headers.get('x-cache')).toBe('MISS');
    expect(fromB.json.errors).toBeUndefined();
    expect(names(fromB)).toEqual(['Testkommune Å', 'Testkommune A', 'Testkommune B']);
  });

  it('a Redis that lost the generation (a restart, an eviction) does not bring older answers back', async () => {
    expect((await post(a, urlA, RANKING)).headers.get('x-cache')).toBe('HIT');
    await redis.del(`${prefix}generation`);
    expect((await post(b, urlB, RANKING)).headers.get('x-cache')).toBe('MISS');
    expect((await post(a, urlA, RANKING)).headers.get('x-cache')).toBe('HIT');
  });

  it('hubs on another schema of the same server do not share answers', async () => {
    const other = await openTestDatabase();
    try {
      expect(redisPrefix(other)).not.toBe(prefix);
    } finally {
      await other.close();
    }
  });
});

describe.skipIf(!serverUrl)('several hubs starting at once on a new database', () => {
  it('migrate it once, one after another, and all start', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    // Opened one after the other: each creates the schema if it is missing.
    const dbs: Database[] = [];
    for (let i = 0; i < 3; i++) dbs.push(await Database.open({ url: serverUrl, schema }));
    const hubs: Hub[] = [];
    const failed: Database[] = [];
    try {
      const started = await Promise.allSettled(dbs.map((db) => createHub(hubConfig({ CACHE_TTL_SECONDS: '0' }), createLogger('silent'), { db })));
      started.forEach((s, i) => (s.status === 'fulfilled' ? hubs.push(s.value) : failed.push(at(dbs, i))));
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual(['started', 'started', 'started']);
      const first = at(dbs, 0);
      const [{ n }] = await first.dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".migrations`);
      expect(n).toBe(first.dataSource.migrations.length);
      expect(await first.pendingMigrations()).toBe(false);
    } finally {
      for (const hub of hubs) await hub.close();
      for (const db of failed) await db.close().catch(() => undefined);
      const admin = await Database.open({ url: serverUrl, schema: 'public' });
      await admin.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.close();
    }
  });
});

describe('a hub whose Redis is away', () => {
  it('starts and answers uncached', async () => {
    const db = await openTestDatabase();
    // Port 1 on the loopback: nothing listens there.
    const hub = await createHub(hubConfig({ REDIS_URL: 'redis://127.0.0.1:1' }), createLogger('silent'), { db });
    try {
      await insertTestMunicipalities(db);
      const url = await hub.listen(0, '127.0.0.1');
      for (let i = 0; i < 2; i++) {
        const answer = await post(hub, url, RANKING);
        expect(answer.status).toBe(200);
        expect(names(answer)).toEqual(['Testkommune A', 'Testkommune B']);
        expect(answer.headers.get('x-cache')).toBeNull();
        expect(answer.statements).toBeGreaterThan(0);
      }
    } finally {
      await hub.close();
    }
  });
});
