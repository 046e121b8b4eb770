import { Client, type PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { DatabaseUnavailableError } from '../../src/db/database';
import { insertFixture } from '../comparison/fixtures';
import { CURATOR_KEY, createTestHub } from '../support/hub';
import { only } from '../support/indexed';
import { backendPid, cutSocket, graphqlRequest, pooledClients } from './support';

/**
 * A connection lost under the hub, on both databases: on a PostgreSQL server the backend is
 * terminated (pg_terminate_backend on the hub's own connection, never another's); on the
 * embedded database the socket between pg and PGlite is cut, which PGlite answers by rolling
 * back the transaction of that socket.
 */
const serverUrl = process.env.DATABASE_URL;
const curator = { name: 'newsroom', role: 'curator' as const };

let hub: Hub;
let url: string;
beforeAll(async () => {
  hub = await createTestHub();
  // Test data: one invented municipality for the imports to name.
  await insertFixture(hub.db, { counties: [{ code: '99', name: 'Testfylke' }], municipalities: [{ code: '9901', name: 'Testkommune', county: '99', validFromYear: 2000 }] });
  url = await hub.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await hub?.close();
});

/** Loses the connection the way this database loses one. */
async function loseConnection(client: PoolClient): Promise<void> {
  if (!serverUrl) return cutSocket(client);
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [backendPid(client)]);
  } finally {
    await admin.end();
  }
}

const document = (title: string) =>
  [
    'area_kind,area_code,label,period,value,target,unit,indicator,quote,source_title,source_url,publisher,report_year',
    `municipality,9901,Sosialhjelpsmottakere i snitt per måned,2018,"1 234",,,,,${title},https://example.org/${encodeURIComponent(title)},Testkommune (test data),2018`,
    `municipality,9901,Sosialhjelpsmottakere i snitt per måned,2019,"1 200",,,,,${title},https://example.org/${encodeURIComponent(title)},Testkommune (test data),2018`,
  ].join('\n');

const importMutation = 'mutation($d: String!) { scorecardImport(input: { document: $d, format: CURATOR_CSV }) { status userErrors { message } } }';

async function sourcesTitled(title: string): Promise<number> {
  const rows = await hub.db.sql<{ n: string }>('test.faults.sources_titled', 'SELECT count(*) AS n FROM sources WHERE title = $1', [title]);
  return Number(only(rows).n);
}

describe('a connection lost during an import', () => {
  it('fails the import as SERVICE_UNAVAILABLE, writes nothing of it, and the hub keeps serving', async () => {
    const title = 'Avbrutt import (test data)';
    // The connection is lost after the import has written its first rows, before it commits.
    const transaction = hub.db.transaction.bind(hub.db);
    let statements = 0;
    let lost = false;
    hub.db.transaction = (work) =>
      transaction(async (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        const faulty = new Proxy(client, {
          get(target, prop, receiver) {
            if (prop !== 'query') return Reflect.get(target, prop, receiver);
            return async (...args: unknown[]) => {
              if (++statements === 3) {
                await loseConnection(client);
                lost = true;
              }
              return query(...args);
            };
          },
        });
        return work(faulty);
      });
    try {
      const result = await hub.execute<any>(importMutation, { d: document(title) }, curator);
      expect(lost).toBe(true);
      expect(result.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(result.errors?.[0]?.message).toMatch(/nothing was written/);
    } finally {
      hub.db.transaction = transaction;
    }
    expect(await sourcesTitled(title)).toBe(0);
    // The same import afterwards goes through on a new connection.
    const again = await hub.execute<any>(importMutation, { d: document(title) }, curator);
    expect(again.data.scorecardImport).toEqual({ status: 'CREATED', userErrors: [] });
    expect(await sourcesTitled(title)).toBe(1);
  });

  it('answers the mutation over HTTP with 503 and Retry-After, then serves the next request', async () => {
    const transaction = hub.db.transaction.bind(hub.db);
    hub.db.transaction = (work) =>
      transaction(async (client) => {
        await loseConnection(client);
        return work(client);
      });
    try {
      const answer = await graphqlRequest(url, importMutation, { d: document('Avbrutt over HTTP (test data)') }, { 'x-api-key': CURATOR_KEY });
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('5');
      expect(answer.json().errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      hub.db.transaction = transaction;
    }
    const next = await graphqlRequest(url, '{ counties { code } }');
    expect(next.status).toBe(200);
    expect(next.json().data.counties).toEqual([{ code: '99' }]);
  });
});

describe('a connection lost under a read', () => {
  it('tries the read once more on a fresh connection and answers it', async () => {
    await hub.db.sql('test.faults.warm', 'SELECT 1');
    const clients = [...pooledClients(hub.db)];
    const before = hub.db.statements.count;
    // The statement is on its way when the sockets go.
    const read = hub.db.sql<{ code: string }>('test.faults.counties', 'SELECT code FROM counties ORDER BY code');
    clients.forEach(cutSocket);
    const rows = await read;
    expect(rows).toEqual([{ code: '99' }]);
    expect(hub.db.statements.count - before).toBe(2);
    for (const client of clients) expect(pooledClients(hub.db)).not.toContain(client);
  });

  it('does not send a write twice: a lost write is SERVICE_UNAVAILABLE', async () => {
    await hub.db.sql('test.faults.warm', 'SELECT 1');
    const clients = [...pooledClients(hub.db)];
    const write = hub.db.sql('test.faults.write', "UPDATE counties SET name = name WHERE code = '99'");
    clients.forEach(cutSocket);
    await expect(write).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });

  it.skipIf(!serverUrl)('survives idle connections terminated by the server (pg_terminate_backend), unnoticed by the client', async () => {
    await Promise.all([1, 2, 3].map(() => hub.db.sql('test.faults.sleep', 'SELECT pg_sleep(0.05)')));
    const idle = [...pooledClients(hub.db)];
    expect(idle.length).toBeGreaterThan(1);
    for (const client of idle) await loseConnection(client);
    const answer = await graphqlRequest(url, '{ counties { code } }');
    expect(answer.status).toBe(200);
    expect(answer.json().data.counties).toEqual([{ code: '99' }]);
  });
});
