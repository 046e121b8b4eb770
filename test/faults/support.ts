import { request } from 'node:http';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { PoolClient } from 'pg';
import type { Database } from '../../src/db/database';
import type { Logger } from '../../src/logger';

/**
 * A TCP proxy on a loopback port between the hub and PostgreSQL, to play a server that restarts
 * or cannot be reached without touching the shared server itself.
 */
export class FaultProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts accepting at once, or (`refusing`) reserves a port that refuses connections until `accept()`. */
  static async start(target: string, options: { refusing?: boolean } = {}): Promise<FaultProxy> {
    const url = new URL(target);
    const proxy = new FaultProxy(url.hostname, Number(url.port || 5432));
    await proxy.accept();
    if (options.refusing) await proxy.refuse();
    return proxy;
  }

  /** The target URL with the proxy's port in it. */
  urlFor(target: string): string {
    const url = new URL(target);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }

  /** Listens (again) on the same port. */
  async accept(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Cuts every open connection, as a server restart does. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** Cuts every connection and stops listening: new connections are refused (the server is down). */
  async refuse(): Promise<void> {
    this.dropConnections();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.refuse();
  }
}

/** The pool's open connections (pg keeps them in a private list). */
export function pooledClients(db: Database): PoolClient[] {
  return (db.pool as unknown as { _clients: PoolClient[] })._clients;
}

/** Cuts a connection's socket from the hub's side: a lost network, or PGlite's socket gone. */
export function cutSocket(client: PoolClient): void {
  (client as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
}

/** The backend process id of a pooled connection, for pg_terminate_backend. */
export function backendPid(client: PoolClient): number {
  return (client as unknown as { processID: number }).processID;
}

/** A logger whose lines the test can read. */
export function capturingLogger(level = 'info'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = any>(): T;
}

/** One HTTP request over loopback, without keep-alive. */
export function httpRequest(url: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? (options.body ? 'POST' : 'GET'), agent: false, headers: { 'content-type': 'application/json', ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POSTs a GraphQL operation. */
export function graphqlRequest(url: string, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<HttpAnswer> {
  return httpRequest(url, { body: JSON.stringify({ query, variables }), headers });
}
