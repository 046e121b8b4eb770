import { createServer } from 'node:http';
import { Pool } from 'pg';
import { onConnectSetUp, schemaOption } from '../src/db/session';
import { answerBytes, stringifyAnswer } from '../src/server/json';
import type { Captured } from './ranking-hub';

/**
 * The floor of `npm run bench`: node:http and pg, nothing else. For each path it sends the
 * statements the hub sent for one request of that query (recorded at the hub's pool: same names,
 * texts and parameters, those the hub started together started together here) and answers with
 * the bytes the hub answered. What the hub spends beyond this is the cost of being a GraphQL hub.
 *
 * Under `/written` the same floor writes those bytes instead of replaying them: the hub's answer,
 * parsed once at set-up, made into its text and UTF-8 by the hub's own writer (`server/json.ts`)
 * on every request. Whatever any server spends on an answer beyond the statements, it must at
 * least write its text, so this floor bounds the hub's ratio to the first from above.
 */

export interface FloorRoute {
  statements: Captured[];
  body: string;
}

export interface FloorSetup {
  databaseUrl: string;
  kind: 'embedded' | 'server';
  schema: string;
  poolSize: number;
  routes: Record<string, FloorRoute>;
}

/** The path prefix of the floor that writes its answers. */
export const WRITTEN = '/written';

/** An answer's bytes as the hub makes them from its result: the text in slices, each encoded. */
function written(value: unknown): Buffer[] {
  const text = stringifyAnswer(value);
  return answerBytes((value as { data?: unknown }).data, text);
}

async function main(): Promise<void> {
  const setup = await new Promise<FloorSetup>((resolve) => process.once('message', (m) => resolve(m as FloorSetup)));
  const url = new URL(setup.databaseUrl);
  url.searchParams.set('application_name', 'malestokk-bench-floor');
  const pool = new Pool({
    connectionString: url.toString(),
    max: setup.poolSize,
    // Never closed while idle: the embedded database keeps a closed connection's prepared
    // statements (one session for all), and pg would prepare them again on a new connection.
    idleTimeoutMillis: 0,
    // The hub's session settings (its schema; on a server, JIT off), so that the statements run as they do for the hub.
    ...schemaOption(setup.schema),
    ...(setup.kind === 'server' ? { onConnect: onConnectSetUp } : {}),
  });
  let statements = 0;
  const routes = new Map(Object.entries(setup.routes).map(([path, route]) => [path, { ...route, bytes: Buffer.from(route.body), value: JSON.parse(route.body) as unknown }]));
  for (const [path, route] of routes) {
    // The writer's text must be the hub's bytes, or the bound would be of another answer.
    if (!Buffer.concat(written(route.value)).equals(route.bytes)) throw new Error(`the floor's writer does not make the hub's answer for ${path}`);
  }

  const run = async (captured: Captured[]) => {
    // Statements the hub started while another was in flight run together; the others wait.
    let wave: Promise<unknown>[] = [];
    for (const s of captured) {
      if (!s.concurrentWithPrevious && wave.length) {
        await Promise.all(wave);
        wave = [];
      }
      statements++;
      // The embedded database is one session for every connection, the hub's too: own names.
      wave.push(pool.query({ name: s.name && `floor.${s.name}`, text: s.text, values: s.values }));
    }
    await Promise.all(wave);
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '';
    const writes = url.startsWith(WRITTEN);
    const route = routes.get(writes ? url.slice(WRITTEN.length) : url);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      run(route.statements).then(
        () => {
          if (!writes) {
            res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': route.bytes.length });
            res.end(route.bytes);
            return;
          }
          // As the hub sends an answer (server/answer.ts): the length first, the pieces corked.
          const pieces = written(route.value);
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': pieces.reduce((n, piece) => n + piece.length, 0) });
          res.cork();
          for (const piece of pieces) res.write(piece);
          res.end();
        },
        (error: unknown) => {
          res.writeHead(500).end(String(error));
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };

  process.on('message', (message: { type: string }) => {
    if (message.type === 'stats') process.send?.({ type: 'stats', cpu: process.cpuUsage(), rss: process.memoryUsage().rss, statements });
    if (message.type === 'close') {
      server.close();
      void pool.end().finally(() => process.exit(0));
    }
  });
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${address.port}` });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
