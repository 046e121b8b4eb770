import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createHub, type Hub } from '../src/app';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { present } from '../src/invariant';
import { createLogger } from '../src/logger';
import { FaultProxy } from './fault-proxy';
import { percentile } from './latency';

/**
 * The fault script (not a test): a bounded soak and the faults of issue 10 against a hub on
 * 127.0.0.1, printing what a client saw. Loopback only; nothing outside this process is touched
 * but the hub's own schema and connections on the PostgreSQL server.
 *
 *   npm run faults                                  embedded PGlite in memory, 2-minute soak
 *   npm run faults -- --quick                       10-second soak
 *   npm run faults -- --soak=60 --concurrency=4     a soak of your own
 *   DATABASE_URL=postgres://… npm run faults        a PostgreSQL server, through a proxy of the
 *                                                   script's own (a schema of its own, dropped after)
 *
 * The response cache is off (CACHE_TTL_SECONDS=0): every request reaches the database.
 *
 * 1. Soak: mixed requests (rankings, nested lookups, downloads) at a fixed concurrency; prints
 *    requests/s, p50, p99, peak RSS and RSS growth, and errors by status and code.
 * 2. Hostile requests: each once, with its status and time.
 * 3. Database restart (server only): the proxy refuses for 2 s under load; counts answers by code.
 * 4. Backend lost mid-import: the import's connection is terminated (server) or cut (embedded).
 * 5. Shutdown under load: hub.close() with requests in flight; counts those that failed.
 */

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'] as const;
  }),
);
const SOAK_SECONDS = Number(args.get('soak') ?? (args.has('quick') ? 10 : 120));
const CONCURRENCY = Number(args.get('concurrency') ?? 8);
if (!(SOAK_SECONDS > 0 && SOAK_SECONDS <= 3600)) throw new Error('--soak must be a number of seconds from 1 to 3600');
if (!(Number.isInteger(CONCURRENCY) && CONCURRENCY > 0 && CONCURRENCY <= 64)) throw new Error('--concurrency must be a whole number from 1 to 64');

interface MixItem {
  name: string;
  path: string;
  query?: string;
}

/** The mix a newsroom sends: published figures, a ranking, nested lookups and downloads (seeded reference data). The first two are also sent alone. */
const MIX: [MixItem, MixItem, ...MixItem[]] = [
  { name: 'ranking', path: '/graphql', query: 'query Ranking { ranking(indicator: "social_assistance.recipients_population_share", period: "2023") { rows { rank value office { name } } missing { name reason } warnings } }' },
  { name: 'municipality', path: '/graphql', query: 'query BodoPopulation { municipality(code: "1804") { name county { name } population(year: 2018) { total } } }' },
  {
    name: 'offices',
    path: '/graphql',
    query: 'query OsloOffices { offices(county: "03", first: 20) { totalCount edges { node { code name areas { district municipality { code name county { name } } } } } } }',
  },
  {
    name: 'municipalities',
    path: '/graphql',
    query: 'query Nordland { municipalities(county: "18", year: 2018, first: 50) { totalCount pageInfo { endCursor } edges { node { code name population(year: 2018) { total age20To66 } } } } }',
  },
  { name: 'ranking.csv', path: '/download/ranking.csv?indicator=social_assistance.recipients_population_share&period=2023&level=municipality' },
  { name: 'time-series.json', path: '/download/time-series.json?indicator=social_assistance.recipients_population_share&municipality=1804' },
];

interface Answer {
  status: number;
  code: string;
  ms: number;
  /** When the request was sent (performance.now()). */
  at: number;
}

let base = '';

/** One request on a kept-alive connection; `code` is the GraphQL error code, the HTTP status, or the network error. */
async function send(path: string, query?: string): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}${path}`, query ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) } : undefined);
    const text = await res.text();
    let code = String(res.status);
    if (path === '/graphql') {
      const errors = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors;
      const [first] = errors ?? [];
      if (first) code = first.extensions?.code ?? 'ERROR';
      else if (res.status === 200) code = 'ok';
    } else if (res.status === 200) code = 'ok';
    // The hub's answer to a request that reached it after its shutdown began (src/server/http.ts).
    if (res.status === 503 && text.includes('shutting down')) code = '503 shutting down';
    return { status: res.status, code, ms: performance.now() - t0, at: t0 };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { status: 0, code: cause?.code ?? (error as Error).name, ms: performance.now() - t0, at: t0 };
  }
}

/**
 * The soak's answers, kept small: its live-heap figure is read in the process that sends the load,
 * and an object kept per answer (about 100 bytes) grew the heap by 5 MB over two minutes at 580
 * requests/s, which read as a leak of the hub's. Latencies go into a typed array, whose memory is
 * outside V8's heap, and answers are counted by code.
 */
class Tally {
  count = 0;
  readonly codes = new Map<string, number>();
  private latencies = new Float64Array(1 << 16);

  add(answer: Answer): void {
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.count * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count++] = answer.ms;
    this.codes.set(answer.code, (this.codes.get(answer.code) ?? 0) + 1);
  }

  sortedLatencies(): Float64Array {
    return this.latencies.slice(0, this.count).sort();
  }
}

/**
 * Sends the mix at CONCURRENCY for `seconds`, calling `during` once it has started; a worker stops
 * at a refused connection. The answers are returned, or, given a tally, counted there instead.
 */
async function load(seconds: number, during?: () => Promise<void>, tally?: Tally): Promise<Answer[]> {
  const answers: Answer[] = [];
  const deadline = performance.now() + seconds * 1000;
  let i = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const item = present(MIX[i++ % MIX.length], 'a request of the mix');
      const answer = await send(item.path, item.query);
      if (tally) tally.add(answer);
      else answers.push(answer);
      if (answer.code === 'ECONNREFUSED') return;
    }
  };
  await Promise.all([...Array.from({ length: CONCURRENCY }, worker), during?.()]);
  return answers;
}

function byCode(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a.code, (counts.get(a.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function soak(): Promise<void> {
  // A warm-up first, so that growth is measured from a hub that has compiled and cached what it needs.
  await load(Math.min(5, SOAK_SECONDS));
  const rssAfterWarmUp = process.memoryUsage().rss;
  let peak = rssAfterWarmUp;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250);
  // RSS at each quarter: a hub that leaks keeps climbing, one that has reached its working set levels off.
  // With --expose-gc (npm run faults), the live heap after a full collection too: the clearer sign of a leak.
  const gc = (globalThis as { gc?: () => void }).gc;
  const quarters: number[] = [];
  const heaps: number[] = [];
  const sample = () => {
    quarters.push(process.memoryUsage().rss);
    if (gc) {
      gc();
      heaps.push(process.memoryUsage().heapUsed);
    }
  };
  const quarterTimers = [1, 2, 3].map((q) => setTimeout(sample, (SOAK_SECONDS * 1000 * q) / 4));
  const started = performance.now();
  const tally = new Tally();
  await load(SOAK_SECONDS, undefined, tally);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  quarterTimers.forEach(clearTimeout);
  const rssAtEnd = process.memoryUsage().rss;
  sample();
  const latencies = tally.sortedLatencies();
  const errors = [...tally.codes].filter(([code]) => code !== 'ok');
  const errorCount = errors.reduce((n, [, count]) => n + count, 0);
  console.log(`1. Soak: ${SOAK_SECONDS} s of mixed requests (${MIX.map((m) => m.name).join(', ')}), ${CONCURRENCY} at a time`);
  console.log(`   requests:   ${tally.count} in ${seconds.toFixed(1)} s = ${(tally.count / seconds).toFixed(1)} requests/s`);
  console.log(`   latency:    p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? 0)}`);
  console.log(`   errors:     ${errorCount}${errorCount ? ` (${errors.sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ')})` : ''}`);
  console.log(`   RSS:        ${mb(rssAfterWarmUp)} after warm-up, peak ${mb(peak)}, ${mb(rssAtEnd)} at the end; script and hub in one process`);
  console.log(`   RSS growth: ${quarters.map(mb).join(' → ')} at each quarter; ${mb(rssAtEnd - present(quarters[0], 'the RSS at the first quarter'))} over the last three quarters`);
  if (heaps.length) console.log(`   live heap:  ${heaps.map(mb).join(' → ')} after a full GC at each quarter`);
}

async function hostile(): Promise<void> {
  const aliases = `query Aliases { ${Array.from({ length: 2000 }, (_, i) => `a${i}: counties { name }`).join(' ')} }`;
  let doubling = 'fragment F0 on Query { counties { name } }\n';
  for (let i = 1; i <= 20; i++) doubling += `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }\n`;
  const cases: [string, () => Promise<Answer>][] = [
    ['2,000 aliases of one field', () => send('/graphql', aliases)],
    ['fragments doubling 20 levels', () => send('/graphql', `query Doubling { ...F20 }\n${doubling}`)],
    ['51 aliases', () => send('/graphql', `{ ${Array.from({ length: 51 }, (_, i) => `a${i}: counties { name }`).join(' ')} }`)],
    ['51 directives', () => send('/graphql', `{ counties { ${'... @include(if: true) { name } '.repeat(51)} } }`)],
    ['a made-up cursor', () => send('/graphql', '{ municipalities(after: "bogus") { nodes { code } } }')],
    ['100 MB chunked body', () => chunked(100 * 1024 * 1024)],
  ];
  console.log('2. Hostile requests (each once)');
  for (const [name, run] of cases) {
    const a = await run();
    console.log(`   ${name.padEnd(30)} ${a.status} ${a.code} in ${ms(a.ms)}`);
  }
}

/** A body without Content-Length, sent until the hub answers. */
function chunked(total: number): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let sent = 0;
    // Settled by the answer's status line: the hub then closes its side, and the pump's next write
    // fails (EPIPE), which, waited for the end of the body, could come first.
    const req = request(`${base}/graphql`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      resolve({ status: res.statusCode ?? 0, code: `${res.statusCode} after ${mb(sent)} sent`, ms: performance.now() - t0, at: t0 });
      res.resume();
      res.on('end', () => req.destroy());
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, code: error.code ?? error.message, ms: performance.now() - t0, at: t0 }));
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

async function databaseRestart(proxy: FaultProxy | undefined): Promise<void> {
  if (!proxy) {
    console.log('3. Database restart: not applicable to the embedded database (it runs inside the hub process)');
    return;
  }
  const answers = await load(6, async () => {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await proxy.refuse();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await proxy.accept();
  });
  const last = await send(MIX[0].path, MIX[0].query);
  console.log('3. Database restart: every connection cut and refused for 2 s in a 6-second load');
  console.log(`   answers:    ${byCode(answers)}`);
  console.log(`   internal:   ${answers.filter((a) => a.code === 'INTERNAL_SERVER_ERROR' || a.status === 500).length} (must be 0); after the restart: ${last.code}`);
}

async function lostImport(hub: Hub, serverUrl: string | undefined): Promise<void> {
  const csv = [
    'area_kind,area_code,label,period,value,target,unit,indicator,quote,source_title,source_url,publisher,report_year',
    'municipality,1804,Testetikett (test data),2018,"1 234",,,,,Avbrutt import (test data),https://example.org/fault-script,Test data,2018',
  ].join('\n');
  const transaction = hub.db.transaction.bind(hub.db);
  hub.db.transaction = (work) =>
    transaction(async (client) => {
      await client.query('SELECT 1');
      const pid = (client as unknown as { processID: number }).processID;
      if (serverUrl) {
        const admin = new Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await admin.end();
      } else {
        (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      }
      return work(client);
    });
  const result = await hub.execute<{ scorecardImport: unknown }>(
    'mutation($d: String!) { scorecardImport(input: { document: $d, format: CURATOR_CSV }) { status } }',
    { d: csv },
    { name: 'fault-script', role: 'curator' },
  );
  hub.db.transaction = transaction;
  const written = await hub.db.sql<{ n: string }>('faults.sources_written', "SELECT count(*) AS n FROM sources WHERE title = 'Avbrutt import (test data)'");
  const after = await send(MIX[1].path, MIX[1].query);
  console.log(`4. Backend lost mid-import (${serverUrl ? 'pg_terminate_backend' : "PGlite's socket cut"})`);
  console.log(`   mutation:   ${String((result.errors?.[0]?.extensions?.code as string | undefined) ?? 'no error')}; sources written: ${present(written[0], 'the count of sources written').n}; next request: ${after.code}; process alive`);
}

async function shutdown(hub: Hub): Promise<void> {
  let closing = Infinity;
  let closedIn = 0;
  const answers = await load(3, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    closing = performance.now();
    await hub.close();
    closedIn = performance.now() - closing;
  });
  // In flight: sent before the close began and not yet answered then. Of those, a request still on
  // its way when the close began is refused on arrival, as a new one is ("503 shutting down"): it
  // never started, and its client may send it again.
  const sentBefore = answers.filter((a) => a.at < closing && a.at + a.ms >= closing);
  const arrivedAfter = sentBefore.filter((a) => a.code === '503 shutting down');
  const inFlight = sentBefore.filter((a) => a.code !== '503 shutting down');
  const failed = inFlight.filter((a) => a.code !== 'ok');
  const later = answers.filter((a) => a.at >= closing);
  console.log('5. Shutdown under load: hub.close() (what SIGTERM runs) after 1 s of load');
  console.log(
    `   closed in:  ${ms(closedIn)}; in flight when it began: ${inFlight.length}, of them failed: ${failed.length}${failed.length ? ` (${byCode(failed)})` : ''}` +
      `${arrivedAfter.length ? `; sent before it but reaching the hub after it, refused: ${arrivedAfter.length}` : ''}`,
  );
  console.log(`   new ones:   ${later.length} sent after it began, all refused (${byCode(later) || 'none'}; 503 on a kept-alive connection)`);
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ? loadConfig({ DATABASE_URL: process.env.DATABASE_URL }).DATABASE_URL : undefined;
  const schema = serverUrl ? `faults_${randomBytes(4).toString('hex')}` : 'public';
  const proxy = serverUrl ? await FaultProxy.start(serverUrl) : undefined;
  // The response cache is off, so that every request reaches the database the faults are about.
  const config = loadConfig({ SEED: 'true', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '5000', CACHE_TTL_SECONDS: '0' });
  const db = await Database.open({ url: proxy && serverUrl ? proxy.urlFor(serverUrl) : undefined, schema, dataDir: 'memory://' });
  let hub: Hub | undefined;
  const seeding = performance.now();
  try {
    hub = await createHub(config, createLogger('silent'), { db });
    base = (await hub.listen(0, '127.0.0.1')).replace(/\/graphql$/, '');
    const cpu = (await import('node:os')).cpus();
    console.log(`Målestokk fault script (${db.kind === 'embedded' ? 'embedded PGlite' : 'PostgreSQL server through a loopback proxy'}, Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim()})`);
    console.log(`   seeded in ${(performance.now() - seeding) / 1000 < 1 ? ms(performance.now() - seeding) : `${((performance.now() - seeding) / 1000).toFixed(1)} s`}`);
    await soak();
    await hostile();
    await databaseRestart(proxy);
    await lostImport(hub, serverUrl && proxy ? serverUrl : undefined);
    await shutdown(hub);
  } finally {
    if (serverUrl) {
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await admin.end();
    }
    if (hub) await hub.close().catch(() => undefined);
    else await db.close();
    await proxy?.close();
    console.log(`   peak RSS of the process (getrusage): ${mb(process.resourceUsage().maxRSS * 1024)}`);
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
