import { request } from 'node:http';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { PoolClient } from 'pg';
import type { Database } from '../../src/db/database';
import type { Logger } from '../../src/logger';

export { FaultProxy } from '../../bench/fault-proxy';

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
