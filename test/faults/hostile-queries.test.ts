import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src/app';
import { loadConfig } from '../../src/config';
import { insertFixture } from '../comparison/fixtures';
import { openTestDatabase } from '../support/db';
import { at } from '../support/indexed';
import { capturingLogger, graphqlRequest, httpRequest } from './support';

/**
 * Hostile or mistaken requests get a clear refusal (400 or 413) naming the limit, never an
 * internal error and never a reset connection; and every request leaves one log line.
 */
let hub: Hub;
let url: string;
const { logger, lines } = capturingLogger();
beforeAll(async () => {
  const db = await openTestDatabase();
  // Test data: two invented municipalities, enough for a page and a cursor.
  await insertFixture(db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: [
      { code: '9901', name: 'Testkommune', county: '99', validFromYear: 2000 },
      { code: '9902', name: 'Prøvekommune', county: '99', validFromYear: 2000 },
    ],
  });
  const config = loadConfig({ SEED: 'false', LOG_LEVEL: 'info', MAX_QUERY_COST: '1000', MAX_UPLOAD_BYTES: String(1024 * 1024), SLOW_QUERY_MS: '50' });
  hub = await createHub(config, logger, { db });
  url = await hub.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await hub?.close();
});

describe('a pagination cursor', () => {
  it('that the hub did not hand out is a user error naming `after`', async () => {
    const answer = await graphqlRequest(url, '{ municipalities(first: 1, after: "not-a-cursor") { nodes { code } } }');
    expect(answer.status).toBe(200);
    const [error] = answer.json().errors;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/^after: "not-a-cursor" is not a cursor of this list/);
  });

  it('that the hub handed out still pages on', async () => {
    const first = (await graphqlRequest(url, '{ municipalities(first: 1) { nodes { code } pageInfo { endCursor } } }')).json();
    const next = await graphqlRequest(url, 'query($after: String) { municipalities(first: 1, after: $after) { nodes { code } } }', {
      after: first.data.municipalities.pageInfo.endCursor,
    });
    expect(next.json().data.municipalities.nodes).toHaveLength(1);
    expect(next.json().data.municipalities.nodes[0].code).not.toBe(first.data.municipalities.nodes[0].code);
  });
});

/** A query whose fragments spread the one before twice: 2^levels fields from a few hundred bytes. */
function doublingFragments(levels: number): string {
  let fragments = 'fragment F0 on Query { counties { name } }\n';
  for (let i = 1; i <= levels; i++) fragments += `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }\n`;
  return `query Doubling { ...F${levels} }\n${fragments}`;
}

const aliases = (n: number, field = 'counties { name }') => `query Aliases { ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('a hostile query', () => {
  it('whose fragments double at each level is refused with 400 before it runs', async () => {
    const statements = hub.db.statements.count;
    const answer = await graphqlRequest(url, doublingFragments(20));
    expect(answer.status).toBe(400);
    expect(answer.json().errors[0].message).toMatch(/Query too large: its fragments spread out to more than 2000 fields/);
    // Refused before it runs: not one statement reached the database.
    expect(hub.db.statements.count).toBe(statements);
    // Eight levels (512 fields) are within every limit and run.
    const small = await graphqlRequest(url, doublingFragments(8));
    expect(small.status).toBe(200);
  });

  it('with 2,000 aliases of one field is refused with 400 at once, by the token limit before the alias limit', async () => {
    const statements = hub.db.statements.count;
    const answer = await graphqlRequest(url, aliases(2000));
    expect(answer.status).toBe(400);
    expect(answer.json().errors[0].message).toMatch(/more that 5000 tokens/);
    expect(hub.db.statements.count).toBe(statements);
  });

  it('with more than 50 aliases is refused with 400; 50 are answered', async () => {
    expect((await graphqlRequest(url, aliases(50))).status).toBe(200);
    const answer = await graphqlRequest(url, aliases(51));
    expect(answer.status).toBe(400);
    expect(answer.json().errors[0].message).toBe('Too many aliases: the limit is 50 per operation; ask for each field once, or send several requests.');
  });

  it('pays for each alias: two aliases of a page cost twice what one costs', async () => {
    const page = 'municipalities(first: 100) { nodes { code name county { code name } } }';
    const one = await graphqlRequest(url, aliases(1, page));
    expect(one.status).toBe(200);
    const two = await graphqlRequest(url, aliases(2, page));
    expect(two.status).toBe(400);
    const error = two.json().errors[0];
    expect(error.extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(error.message).toMatch(/it would cost 1202 and the limit is 1000/);
  });

  it('with more than 50 directives is refused with 400', async () => {
    const directives = (n: number) => `{ counties { ${'... @include(if: true) { name } '.repeat(n)} } }`;
    expect((await graphqlRequest(url, directives(50))).status).toBe(200);
    const answer = await graphqlRequest(url, directives(51));
    expect(answer.status).toBe(400);
    expect(answer.json().errors[0].message).toMatch(/Too many directives: the limit is 50/);
  });

  it('of more than 5,000 tokens is refused with 400 as a parse error', async () => {
    const answer = await graphqlRequest(url, `{ counties { ${'name '.repeat(5000)} } }`);
    expect(answer.status).toBe(400);
    expect(answer.json().errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    // graphql-js's own wording, typo included.
    expect(answer.json().errors[0].message).toMatch(/Document contains more that 5000 tokens/);
  });
});

describe('a body over MAX_UPLOAD_BYTES', () => {
  /**
   * Sends `total` bytes in chunks without a Content-Length and reads whatever comes back. Once the
   * answer has begun, a failed write of the client's own (EPIPE: Node's client ends its side when the
   * hub ends the answer, and a chunk already on its way then fails) does not fail the request: what
   * counts is the answer, and a 413 cut short fails the test on its body.
   */
  function sendChunked(total: number): Promise<{ status: number; body: string; sent: number }> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        const done = () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sent });
        };
        res.on('end', done);
        res.on('close', done);
      });
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
  }

  it('sent chunked (100 MB, no Content-Length) is answered 413, not a reset connection', async () => {
    const answer = await sendChunked(100 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0].message).toBe('The request body is over the limit of 1048576 bytes.');
    // The hub answered long before the client got to the end.
    expect(answer.sent).toBeLessThan(100 * 1024 * 1024);
    expect((await graphqlRequest(url, '{ counties { code } }')).status).toBe(200);
  });

  // Node's own client without an agent asks for `Connection: close`; node:http then closed the
  // connection outright once the 413 was written, and a client still sending met a reset.
  it.each(['keep-alive', 'close'])('sent chunked on a connection asking for %s, is still read and dropped after the 413 until the client stops (a lingering close), never reset', async (connection) => {
    const { port } = new URL(url);
    // allowHalfOpen: this client goes on sending after the hub's end of the answer, the worst case.
    const socket = connect({ port: Number(port), host: '127.0.0.1', allowHalfOpen: true });
    const errors: Error[] = [];
    socket.on('error', (error) => errors.push(error));
    await once(socket, 'connect');
    socket.write(`POST /graphql HTTP/1.1\r\nHost: hub\r\nConnection: ${connection}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const chunked = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    let answer = '';
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    const ended = once(socket, 'end');
    // Over the limit of 1 MiB, then on until the whole answer has come.
    for (let i = 0; i < 32 || !(answer.includes('PAYLOAD_TOO_LARGE') && answer.endsWith('\r\n0\r\n\r\n')); i++) {
      if (!socket.write(chunked)) await once(socket, 'drain');
      if (i > 2000) throw new Error(`no complete answer after ${i} chunks: ${answer}`);
    }
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    await ended; // the hub has stopped sending ...
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let i = 0; i < 16; i++) if (!socket.write(chunked)) await once(socket, 'drain');
    socket.end('0\r\n\r\n');
    await once(socket, 'close');
    // ... but read everything sent after the answer instead of resetting the connection.
    expect(errors).toEqual([]);
  });

  it('declared by Content-Length is answered 413 before it is read', async () => {
    const answer = await httpRequest(url, { body: ' '.repeat(1024 * 1024 + 1) });
    expect(answer.status).toBe(413);
    expect(answer.json().errors[0].message).toBe('The request body of 1048577 bytes is over the limit of 1048576 bytes.');
  });
});

describe('the request log', () => {
  it('has one line per GraphQL request with its operation, status and duration', async () => {
    lines.length = 0;
    await graphqlRequest(url, 'query CountyNames { counties { name } }');
    await graphqlRequest(url, aliases(51));
    const requests = lines.filter((l) => l.msg === 'request' || l.msg === 'slow request');

    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/graphql', operation: 'CountyNames', status: 200 });
    expect(requests[1]).toMatchObject({ operation: 'Aliases', status: 400, errors: 1 });
    expect(typeof at(requests, 0).ms).toBe('number');
  });

  it('has one line per download with its path, status and duration', async () => {
    lines.length = 0;
    const answer = await httpRequest(`${url.replace('/graphql', '')}/download/ranking.csv?indicator=no.such_indicator`);
    const downloads = lines.filter((l) => l.msg === 'download' || l.path === '/download/ranking.csv');
    expect(downloads).toHaveLength(1);
    expect(downloads[0]).toMatchObject({ method: 'GET', path: '/download/ranking.csv', status: answer.status });
  });

  it('marks a statement slower than SLOW_QUERY_MS with a slow-query line, and only such a one', async () => {
    lines.length = 0;
    await hub.db.sql('test.faults.quick', 'SELECT 1');
    await hub.db.sql('test.faults.slow', 'SELECT pg_sleep(0.1)');
    const slow = lines.filter((l) => l.msg === 'slow query');
    expect(slow.filter((l) => l.statement === 'test.faults.slow')).toEqual([expect.objectContaining({ ms: expect.any(Number) })]);
    expect(slow.find((l) => l.statement === 'test.faults.slow')?.ms).toBeGreaterThanOrEqual(100);
    // SELECT 1 is marked only when a busy machine made it slower than the threshold itself.
    for (const line of slow) expect(line.ms).toBeGreaterThanOrEqual(50);
  });
});
