import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { insertFixture } from '../comparison/fixtures';
import { openTestDatabase } from '../support/db';
import { graphqlRequest } from './support';

/**
 * Graceful shutdown under load, on both databases: what SIGTERM runs (hub.close) lets the
 * requests in flight finish, refuses new connections, and closes the database after them; a
 * request that does not finish within SHUTDOWN_TIMEOUT_MS is cut off so that shutdown ends.
 */
async function slowHub(delayMs: number, shutdownTimeoutMs: number): Promise<{ hub: Hub; url: string; started: () => number }> {
  const db = await openTestDatabase();
  // Test data: one invented county.
  await insertFixture(db, { counties: [{ code: '99', name: 'Testfylke' }] });
  const config = loadConfig({ SEED: 'false', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) });
  const hub = await createHub(config, createLogger('silent'), { db });
  // Every statement takes `delayMs` longer, so that requests are still running when shutdown begins.
  const sql = db.sql.bind(db);
  let running = 0;
  db.sql = (async (...args: Parameters<typeof sql>) => {
    running++;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return sql(...args);
  }) as typeof db.sql;
  const url = await hub.listen(0, '127.0.0.1');
  return { hub, url, started: () => running };
}

/** A GraphQL GET over `agent`, with the status and the Connection header of the answer. */
function keptAliveGet(agent: Agent, url: string): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}?query=${encodeURIComponent('{ counties { code } }')}`, { agent, headers: { 'apollo-require-preflight': 'true' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a shutdown under load', () => {
  it('finishes every request in flight, refuses new ones and closes the database after them', async () => {
    const { hub, url, started } = await slowHub(400, 5000);
    // A client that keeps its connection open between requests.
    const keptAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await keptAliveGet(keptAlive, url)).status).toBe(200);
    const inFlight = Array.from({ length: 12 }, () => graphqlRequest(url, '{ counties { code name } }'));
    await until(() => started() >= 13);
    const closing = hub.close();
    // Its next request is refused with an answer, not a reset, and the connection is closed.
    const refused = await keptAliveGet(keptAlive, url);
    expect(refused).toMatchObject({ status: 503, connection: 'close' });
    keptAlive.destroy();
    // The listening socket is closed at once: a new client is refused.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(graphqlRequest(url, '{ counties { code } }')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    for (const answer of answers) expect(answer.json()).toEqual({ data: { counties: [{ code: '99', name: 'Testfylke' }] } });
    await closing;
    expect(hub.db.dataSource.isInitialized).toBe(false);
  });

  it('cuts off a request that outlasts SHUTDOWN_TIMEOUT_MS, so that shutdown ends', async () => {
    const { hub, url, started } = await slowHub(10_000, 300);
    const stuck = graphqlRequest(url, '{ counties { code } }').then(
      (answer) => answer.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    await until(() => started() >= 1);
    await hub.close();
    // Cut off, not answered: close() did not wait for the request's 10 seconds.
    expect(await stuck).toBe('ECONNRESET');
  });
});
