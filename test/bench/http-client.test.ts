import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BenchClient } from '../../bench/http-client';

/** The benchmark's client must count and keep what the hub and the floor send, byte for byte, or the benchmark's checks mean nothing. */

const servers: (Server | HttpServer)[] = [];
const clients: BenchClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen<S extends Server | HttpServer>(server: S): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
}

function newClient(): BenchClient {
  const client = new BenchClient();
  clients.push(client);
  return client;
}

/** A server that answers every request on a connection with what `answer` writes, raw. */
async function rawServer(answer: (socket: Socket, request: string) => void): Promise<string> {
  return listen(
    createServer((socket) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? 0);
        if (text.length < end + 4 + length) return;
        const request = text.slice(0, end + 4 + length);
        text = text.slice(request.length);
        answer(socket, request);
      });
      socket.on('error', () => undefined);
    }),
  );
}

describe('the benchmark client', () => {
  it('reads an answer whole when kept and counts it when not, on one connection', async () => {
    const answer = `{"data":{"ranking":${JSON.stringify('Bodø – ' + 'x'.repeat(3_000_000))}}}`;
    const connections = new Set<unknown>();
    const bodies: string[] = [];
    const url = await listen(
      createHttpServer((req, res) => {
        connections.add(req.socket);
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          bodies.push(body);
          res.setHeader('x-cache', 'HIT');
          res.end(answer);
        });
      }),
    );
    const client = newClient();
    const kept = await client.post(url, '{"query":"{ a }"}');
    expect(kept.status).toBe(200);
    expect(kept.headers['x-cache']).toBe('HIT');
    expect(kept.body.equals(Buffer.from(answer))).toBe(true);
    expect(kept.bytes).toBe(Buffer.byteLength(answer));

    const counted = await client.post(url, '{"query":"{ b }"}', false);
    expect(counted.bytes).toBe(Buffer.byteLength(answer));
    expect(counted.body.equals(Buffer.from(answer).subarray(0, 300))).toBe(true);
    expect(bodies).toEqual(['{"query":"{ a }"}', '{"query":"{ b }"}']);
    expect(connections.size).toBe(1);
  });

  it('opens a connection for each request in flight', async () => {
    const connections = new Set<unknown>();
    const url = await listen(
      createHttpServer((req, res) => {
        connections.add(req.socket);
        req.resume();
        req.on('end', () => setTimeout(() => res.end('{}'), 20));
      }),
    );
    const client = newClient();
    const answers = await Promise.all(Array.from({ length: 4 }, () => client.post(url, '{}')));
    expect(answers.map((a) => a.body.toString())).toEqual(['{}', '{}', '{}', '{}']);
    expect(connections.size).toBe(4);
  });

  it('reads a head and a body that arrive a few bytes at a time', async () => {
    const reply = 'HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}';
    const url = await rawServer((socket) => {
      let i = 0;
      const next = () => {
        if (i >= reply.length) return;
        socket.write(reply.slice(i, i + 7), 'latin1');
        i += 7;
        setTimeout(next, 2);
      };
      next();
    });
    const answer = await newClient().post(url, '{}');
    expect(answer.status).toBe(201);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.body.toString()).toBe('{"ok":true}');
  });

  it('refuses an answer it cannot frame, naming the header', async () => {
    const url = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'));
    await expect(newClient().post(url, '{}')).rejects.toThrow(/Transfer-Encoding: chunked; this client reads answers framed by Content-Length only/);
  });

  it('refuses bytes past the Content-Length', async () => {
    const url = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}}'));
    await expect(newClient().post(url, '{}')).rejects.toThrow(/sent 1 bytes past the answer's Content-Length/);
  });

  it('fails a request whose answer is cut off, and answers the next on a new connection', async () => {
    let requests = 0;
    const url = await rawServer((socket) => {
      requests++;
      if (requests === 1) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a"');
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
    });
    const client = newClient();
    await expect(client.post(url, '{}')).rejects.toThrow(/closed the connection/);
    expect((await client.post(url, '{}')).body.toString()).toBe('{}');
  });
});
