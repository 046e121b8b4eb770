import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src/app';
import { dataChanged } from '../../src/cache/data-changes';
import { redisPrefix } from '../../src/cache/response-cache';
import { loadConfig } from '../../src/config';
import { Database } from '../../src/db/database';
import { present } from '../../src/invariant';
import { createLogger } from '../../src/logger';
import { insertTestMunicipalities, names, post, RANKING, testkommuneC } from '../cache/support';
import { CURATOR_KEY } from '../support/hub';
import { postgresBinDir, type ReplicaPair, startReplicaPair } from '../support/replica-pair';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const bin = postgresBinDir();
const importMutation = 'mutation($d: String!) { scorecardImport(input: { document: $d, format: CURATOR_CSV }) { status userErrors { message } } }';
/** A ranking under its own operation name, so that the response cache of an earlier request does not answer it. */
const ranking = (name: string) => RANKING.replace('query MonthlyRanking', `query ${name}`);

function counts(hub: Hub) {
  return present(hub.db.replica, 'the read replica of a hub').counts;
}

/** What the standby itself holds of Testkommune Å, asked directly. */
async function onStandby(pair: ReplicaPair, schema: string): Promise<number> {
  const client = new Client({ connectionString: pair.standbyUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema}".observations o JOIN "${schema}".municipalities m ON m.id = o.municipality_id WHERE m.name = 'Testkommune Å'`,
    );
    return Number(rows[0]?.n);
  } finally {
    await client.end();
  }
}

/**
 * Hubs reading from a streaming standby (DATABASE_READ_URL, src/db/replica.ts), on a primary and
 * standby of their own (test/support/replica-pair.ts). Run with the PostgreSQL server pass of the
 * suite (DATABASE_URL set), where the server's programs are installed.
 */
describe.skipIf(!process.env.DATABASE_URL || !bin)('hubs reading from a read replica', () => {
  let pair: ReplicaPair;
  const schema = `replica_${randomBytes(4).toString('hex')}`;
  let a: Hub;
  let b: Hub;
  let urlA: string;
  let urlB: string;
  let redis: ReturnType<typeof createClient>;

  const config = (extra: Record<string, string> = {}) =>
    loadConfig({
      SEED: 'false',
      LOG_LEVEL: 'silent',
      API_KEYS: `newsroom:${CURATOR_KEY}`,
      DATABASE_URL: pair.primaryUrl,
      DATABASE_READ_URL: pair.standbyUrl,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      ...extra,
    });

  beforeAll(async () => {
    pair = await startReplicaPair(bin as string);
    a = await createHub(config(), createLogger('silent'));
    b = await createHub(config(), createLogger('silent'));
    await insertTestMunicipalities(a.db);
    await dataChanged(a.db);
    urlA = await a.listen(0, '127.0.0.1');
    urlB = await b.listen(0, '127.0.0.1');
    redis = createClient({ url: REDIS_URL });
    await redis.connect();
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (redis?.isOpen) {
      const keys = await redis.keys(`${redisPrefix(a.db)}*`);
      if (keys.length) await redis.del(keys);
      await redis.close();
    }
    await pair?.stop();
  });

  it('sends reads to the standby once it has replayed the hub’s writes', async () => {
    await pair.caughtUp();
    const before = { ...counts(a) };
    const answer = await post(a, urlA, ranking('FromStandby'));
    expect(names(answer)).toEqual(['Testkommune A', 'Testkommune B']);
    expect(counts(a).reads).toBeGreaterThan(before.reads);
    expect(counts(a).onPrimary).toBe(before.onPrimary);
    // The standby's sessions have the primary's settings: JIT off (src/db/session.ts).
    const sessions = await a.db.sql<{ jit: string; standby: boolean }>('replica.session', "SELECT current_setting('jit') AS jit, pg_is_in_recovery() AS standby");
    expect(sessions).toEqual([{ jit: 'off', standby: true }]);
  });

  it('answers a figure just imported while the standby lags behind, from the primary, and goes back to the standby once it has caught up', async () => {
    expect((await post(a, urlA, ranking('Cached'))).headers.get('x-cache')).toBe('MISS');
    await pair.pauseReplay();
    try {
      const imported = await post(a, urlA, importMutation, { 'x-api-key': CURATOR_KEY }, { d: testkommuneC('50') });
      expect(imported.json).toMatchObject({ data: { scorecardImport: { status: 'CREATED', userErrors: [] } } });
      // The standby really is behind: it does not have the figure yet.
      expect(await onStandby(pair, schema)).toBe(0);
      expect(await (await fetch(urlA.replace('/graphql', '/readyz'))).json()).toEqual({ status: 'ready', database: 'server', readReplica: 'behind' });

      const onPrimary = counts(a).onPrimary;
      const after = await post(a, urlA, ranking('Cached'));
      expect(after.headers.get('x-cache')).toBe('MISS');
      expect(names(after)).toEqual(['Testkommune Å', 'Testkommune A', 'Testkommune B']);
      expect(counts(a).onPrimary).toBeGreaterThan(onPrimary);

      // The other hub learns where the import ended with the cache generation in Redis.
      const fromB = await post(b, urlB, ranking('OtherHub'));
      expect(names(fromB)).toEqual(['Testkommune Å', 'Testkommune A', 'Testkommune B']);
      expect(counts(b).onPrimary).toBeGreaterThan(0);
    } finally {
      await pair.resumeReplay();
    }
    await pair.caughtUp();
    expect(await onStandby(pair, schema)).toBe(1);
    expect(await (await fetch(urlA.replace('/graphql', '/readyz'))).json()).toMatchObject({ status: 'ready', readReplica: 'in step' });
    const reads = counts(a).reads;
    expect(names(await post(a, urlA, ranking('CaughtUp')))).toEqual(['Testkommune Å', 'Testkommune A', 'Testkommune B']);
    expect(counts(a).reads).toBeGreaterThan(reads);
  });

  it('sends reads to the primary while the standby is down, and tells why once', async () => {
    const db = await Database.open({ url: pair.primaryUrl, readUrl: 'postgres://postgres@127.0.0.1:1/postgres', schema });
    try {
      present(db.replica, 'the replica').require('FFFFFFFF/0');
      const rows = await db.sql<{ n: number }>('replica.count', 'SELECT count(*)::int AS n FROM municipalities');
      expect(rows[0]?.n).toBe(3);
      expect(present(db.replica, 'the replica').counts.onPrimary).toBe(1);
      expect(await present(db.replica, 'the replica').status()).toBe('unreachable');
    } finally {
      await db.close();
    }
  });

  it('does not hold reads up behind a standby that takes connections but never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    // Start-up gives up on it after the connection timeout (5 s) and starts anyway.
    const db = await Database.open({ url: pair.primaryUrl, readUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, schema });
    try {
      present(db.replica, 'the replica').require('FFFFFFFF/0');
      const started = performance.now();
      const rows = await db.sql<{ n: number }>('replica.count', 'SELECT count(*)::int AS n FROM municipalities');
      expect(rows[0]?.n).toBe(3);
      // On the primary after the 1 s the hub waits to hear from the standby, well before the 5 s
      // after which the connection attempt itself would have failed.
      expect(performance.now() - started).toBeLessThan(4000);
      expect(present(db.replica, 'the replica').counts.onPrimary).toBe(1);
    } finally {
      await db.close();
      silent.close();
    }
  }, 30_000);

  it('refuses at start-up a read URL that is not a standby of DATABASE_URL', async () => {
    await expect(Database.open({ url: pair.primaryUrl, readUrl: process.env.DATABASE_URL, schema })).rejects.toThrow(
      /DATABASE_READ_URL is not a standby of DATABASE_URL: their system identifiers differ/,
    );
  });
});
