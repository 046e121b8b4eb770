import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { StartupError, startHub } from '../../src/server/startup';
import { FaultProxy, graphqlRequest, httpRequest } from './support';

/**
 * The database away: unreachable at start-up, or restarting while the hub serves. Played with a
 * TCP proxy of the test's own between the hub and the PostgreSQL server, never by touching the
 * shared server. The embedded database runs inside the hub's process, so it cannot be away while
 * the hub runs; these cases apply to a server only (a lost socket to PGlite is in
 * lost-connection.test.ts).
 */
const serverUrl = process.env.DATABASE_URL;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** A fresh schema, dropped after the file. */
function freshSchema(): string {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  cleanups.push(async () => {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await admin.end();
    }
  });
  return schema;
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`still not as expected: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!serverUrl)('a PostgreSQL server unreachable at start-up', () => {
  it('answers /healthz at once, /readyz 503 with the reason, and starts (migrated) once the server answers', async () => {
    const proxy = await FaultProxy.start(serverUrl!, { refusing: true });
    cleanups.push(() => proxy.close());
    const config = loadConfig({
      DATABASE_URL: proxy.urlFor(serverUrl!),
      DATABASE_SCHEMA: freshSchema(),
      PORT: '0',
      HOST: '127.0.0.1',
      SEED: 'false',
      LOG_LEVEL: 'silent',
      DATABASE_RETRY_MAX_MS: '200',
    });
    const startup = await startHub(config, createLogger('silent'));
    cleanups.push(async () => {
      await startup.abort();
      await (await startup.ready.catch(() => null))?.close();
    });
    const base = startup.url.replace('/graphql', '');

    expect((await httpRequest(`${base}/healthz`)).status).toBe(200);
    const notReady = await until(() => httpRequest(`${base}/readyz`), (a) => /not reachable/.test(a.body));
    expect(notReady.status).toBe(503);
    expect(notReady.json()).toEqual({ status: 'starting', reason: `PostgreSQL at 127.0.0.1:${proxy.port} is not reachable (ECONNREFUSED)` });
    const early = await graphqlRequest(startup.url, '{ counties { code } }');
    expect(early.status).toBe(503);
    expect(early.headers['retry-after']).toBe('5');

    await proxy.accept();
    const hub: Hub = await startup.ready;
    expect(await hub.db.pendingMigrations()).toBe(false);
    const ready = await httpRequest(`${base}/readyz`);
    expect(ready.json()).toMatchObject({ status: 'ready' });
    expect((await graphqlRequest(startup.url, '{ counties { code } }')).json()).toEqual({ data: { counties: [] } });
  });
});

describe.skipIf(!serverUrl)('a PostgreSQL server restarting while the hub serves', () => {
  it('answers SERVICE_UNAVAILABLE (503, Retry-After) while it is down, never an internal error, and serves again after', async () => {
    const proxy = await FaultProxy.start(serverUrl!);
    cleanups.push(() => proxy.close());
    // Without the response cache: it would answer the repeated query while the database is away.
    const config = loadConfig({ DATABASE_URL: proxy.urlFor(serverUrl!), DATABASE_SCHEMA: freshSchema(), PORT: '0', HOST: '127.0.0.1', SEED: 'false', LOG_LEVEL: 'silent', CACHE_TTL_SECONDS: '0' });
    const startup = await startHub(config, createLogger('silent'));
    const hub = await startup.ready;
    cleanups.push(() => hub.close());
    const base = startup.url.replace('/graphql', '');
    expect((await graphqlRequest(startup.url, '{ counties { code } }')).status).toBe(200);

    await proxy.refuse();
    const during = await graphqlRequest(startup.url, '{ counties { code } }');
    expect(during.status).toBe(503);
    expect(during.headers['retry-after']).toBe('5');
    expect(during.json().errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    const readiness = await httpRequest(`${base}/readyz`);
    expect(readiness.status).toBe(503);
    expect(readiness.json().status).toBe('database unreachable');
    expect((await httpRequest(`${base}/healthz`)).status).toBe(200);

    await proxy.accept();
    const after = await graphqlRequest(startup.url, '{ counties { code } }');
    expect(after.status).toBe(200);
    expect(after.json()).toEqual({ data: { counties: [] } });
  });
});

describe('a port already in use', () => {
  it('ends start-up with one line naming the port and what to do', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', SEED: 'false', LOG_LEVEL: 'silent', DATA_DIR: 'memory://', ...(serverUrl ? { DATABASE_URL: serverUrl } : {}) });
    const failure = await startHub(config, createLogger('silent')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as Error).message).toBe(`Port ${port} on 127.0.0.1 is already in use by another program; stop it or set PORT to a free port.`);
  });
});
