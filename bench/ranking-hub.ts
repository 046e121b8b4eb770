import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { QueryConfig } from 'pg';
import { createHub, type Hub } from '../src/app';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { createLogger } from '../src/logger';
import { curatorCsv, insertTestUnits } from './test-data';

/**
 * The hub side of `npm run bench` (bench/ranking.ts forks it): one process, one database, two
 * hubs on it (the response cache off and on), so the orchestrator's CPU and memory figures are
 * this process's alone. Answers the orchestrator's messages over IPC between measured phases only.
 *
 * The synthetic set is test data: 4,000 invented offices with invented figures (bench/test-data.ts),
 * imported from a generated curator CSV (which also measures imports).
 */

export { BENCH_INDICATOR } from './test-data';
export const BENCH_OFFICES = 4000;

export interface HubReady {
  uncachedUrl: string;
  cachedUrl: string;
  /** How the floor reaches the same database (the embedded one through its socket). */
  databaseUrl: string;
  schema: string;
  poolSize: number;
  kind: 'embedded' | 'server';
  seedMs: number;
  importRows: number;
  importMs: number;
}

export interface Captured {
  name?: string;
  text: string;
  values?: unknown[];
  /** Started before the statement before it had answered (a loader batched in the same tick). */
  concurrentWithPrevious: boolean;
}

export type HubRequest = { type: 'stats' } | { type: 'capture-start' } | { type: 'capture-stop' } | { type: 'close' };

function send(message: unknown): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL || undefined;
  const schema = process.env.BENCH_SCHEMA ?? 'public';
  const years = Array.from({ length: Number(process.env.BENCH_YEARS ?? 20) }, (_, i) => 2021 - Number(process.env.BENCH_YEARS ?? 20) + i);
  const base = { LOG_LEVEL: 'silent', MAX_UPLOAD_BYTES: String(256 * 1024 * 1024), ...(url ? { DATABASE_URL: url, DATABASE_SCHEMA: schema } : {}) };
  const logger = createLogger('silent');
  const db = await Database.open({ url, schema, dataDir: 'memory://' });
  const hubs: Hub[] = [];
  try {
    const seeding = performance.now();
    const uncached = await createHub(loadConfig({ ...base, SEED: 'true', CACHE_TTL_SECONDS: '0' }), logger, { db });
    hubs.push(uncached);
    const seedMs = performance.now() - seeding;
    const cached = await createHub(loadConfig({ ...base, SEED: 'false', CACHE_TTL_SECONDS: '3600' }), logger, { db });
    hubs.push(cached);

    await insertTestUnits(db, BENCH_OFFICES);
    const document = curatorCsv(BENCH_OFFICES, years);
    const importing = performance.now();
    const report = await uncached.services.imports.run({ document, fileName: 'bench-test-data.csv' });
    const importMs = performance.now() - importing;
    const importRows = BENCH_OFFICES * years.length;
    if (!report || (report as { errors?: unknown[] }).errors?.length) throw new Error(`the test data import failed: ${JSON.stringify(report).slice(0, 2000)}`);
    await db.pool.query('ANALYZE');

    // Every statement the hub sends goes through the pool; recording there gives the floor the
    // very statements (names, texts, parameters) of one request.
    let capture: Captured[] | null = null;
    let inFlight = 0;
    const pool = db.pool;
    const query = pool.query.bind(pool) as (config: QueryConfig) => Promise<unknown>;
    (pool as unknown as { query: unknown }).query = (config: QueryConfig | string, values?: unknown[]) => {
      const statement: QueryConfig = typeof config === 'string' ? { text: config, values } : config;
      if (!capture) return query(statement);
      capture.push({ name: statement.name, text: statement.text, values: statement.values, concurrentWithPrevious: inFlight > 0 });
      inFlight++;
      return query(statement).finally(() => inFlight--);
    };

    const host = '127.0.0.1';
    const ready: HubReady = {
      uncachedUrl: await uncached.listen(0, host),
      cachedUrl: await cached.listen(0, host),
      databaseUrl: url ?? (db.dataSource.options as { url: string }).url,
      schema,
      poolSize: db.kind === 'embedded' ? 1 : 10,
      kind: db.kind,
      seedMs,
      importRows,
      importMs,
    };
    send({ type: 'ready', ready });

    process.on('message', (message: HubRequest) => {
      switch (message.type) {
        case 'stats':
          send({ type: 'stats', cpu: process.cpuUsage(), rss: process.memoryUsage().rss, statements: db.statements.count });
          break;
        case 'capture-start':
          capture = [];
          send({ type: 'capturing' });
          break;
        case 'capture-stop':
          send({ type: 'captured', statements: capture });
          capture = null;
          break;
        case 'close':
          void (async () => {
            for (const hub of hubs.reverse()) await hub.close().catch(() => undefined);
            process.exit(0);
          })();
          break;
      }
    });
  } catch (error) {
    for (const hub of hubs.reverse()) await hub.close().catch(() => undefined);
    if (!hubs.length) await db.close().catch(() => undefined);
    throw error;
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
