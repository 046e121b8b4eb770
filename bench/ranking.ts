import { present } from '../src/invariant';
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { type FloorSetup, WRITTEN } from './ranking-floor';
import { type Goal, printGoals } from './goals';
import { procStatusBytes } from './proc';
import { BenchClient } from './http-client';
import { percentile } from './latency';
import { startNodeOptions } from './start-options';
import { BENCH_INDICATOR, BENCH_OFFICES, type Captured, type HubReady } from './ranking-hub';

/**
 * Benchmark (not a test) of rankings over HTTP: `npm run bench` (embedded PGlite in memory) or
 * `DATABASE_URL=postgres://… npm run bench` (a PostgreSQL server, in a fresh schema dropped after);
 * `-- --quick` for a short run while developing. Loopback only, a few minutes at most.
 *
 * One process runs the hub twice on one database (response cache off and on; bench/ranking-hub.ts),
 * another the floor (node:http + pg sending the statements the hub sent, recorded at its pool, and
 * answering the hub's bytes; bench/ranking-floor.ts); this one only sends requests and measures.
 * Data: the national series a first start loads, plus 4,000 invented offices with invented
 * figures (test data), imported from a generated curator CSV; then ANALYZE. Every combination of
 * target × query × concurrency runs for a few seconds, interleaved over rounds so that a noisy
 * neighbour hits all alike. Then start-up: a first start on a fresh DATA_DIR (or schema) and a
 * restart, each with the README's `npm start`, to /readyz.
 */

const QUICK = process.argv.includes('--quick');
const PHASE_SECONDS = QUICK ? 1 : 3;
const ROUNDS = QUICK ? 1 : 2;
const CONCURRENCY = [1, 8];
const ROW_FIELDS =
  'rank name code value exactValue valueText unit period percentile differenceFromMedian previousValue changeFromPrevious citation flags office { name code } source { title url publisher }';
const rankingQuery = (args: string) => `query BenchRanking {
  ranking(${args}) {
    period direction unit indicator { code nameEn }
    rows { ${ROW_FIELDS} }
    missing { name code reason detail }
    coverage { ranked missing total }
    warnings
  }
}`;
const QUERIES = {
  national: {
    label: 'national: recipients_yearly 2020, offices',
    query: rankingQuery('indicator: "social_assistance.recipients_yearly", period: "2020", level: OFFICE'),
  },
  test4000: {
    label: `test data: ${BENCH_OFFICES} invented offices`,
    query: rankingQuery(`indicator: "${BENCH_INDICATOR}", period: "2020", level: OFFICE`),
  },
} as const;
type QueryId = keyof typeof QUERIES;
type Target = 'hub' | 'cached' | 'floor' | 'written';

interface Stats {
  cpu: NodeJS.CpuUsage;
  rss: number;
  statements: number;
}

class Child {
  private waiting: { accept: (m: Record<string, unknown>) => boolean; reject: (e: Error) => void }[] = [];
  constructor(readonly process: ChildProcess) {
    process.on('message', (m: Record<string, unknown>) => {
      this.waiting = this.waiting.filter((w) => !w.accept(m));
    });
    process.on('exit', (code) => {
      for (const w of this.waiting) w.reject(new Error(`the child exited (${code}) before answering`));
      this.waiting = [];
    });
  }
  next<T>(type: string, timeoutMs = 600_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" from the child within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push({
        accept: (m) => {
          if (m.type !== type) return false;
          clearTimeout(timer);
          resolve(m as T);
          return true;
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }
  async ask<T>(message: { type: string }, answer: string): Promise<T> {
    const reply = this.next<T>(answer);
    this.process.send(message);
    return reply;
  }
}

/** The hub and the floor both run with the node options of `npm start`. */
function forkChild(file: string, env: Record<string, string>): Child {
  return new Child(
    fork(path.join(__dirname, file), [], { env: { ...process.env, ...env }, execArgv: startNodeOptions(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
}

const client = new BenchClient();

/**
 * One request. A measured one (`keep` false) counts the answer's bytes and keeps only its first 300
 * for a message: the client shares the two cores with what it measures (bench/http-client.ts).
 */
async function post(url: string, query: string, keep = true): Promise<{ status: number; body: Buffer; bytes: number; cache: string | undefined }> {
  const answer = await client.post(url, JSON.stringify({ query }), keep);
  return { status: answer.status, body: answer.body, bytes: answer.bytes, cache: answer.headers['x-cache'] };
}

/** Resident set size of a process, from /proc (kB → bytes). */
function rssOf(pid: number): number {
  return procStatusBytes(pid, 'VmRSS') ?? 0;
}

/** user + system CPU of a process in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
function cpuOfPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** PostgreSQL server CPU of the hub's and the floor's backends (pg_stat_statements is not preloaded here). */
async function backendCpu(admin: Client | null, app: string): Promise<Map<number, number>> {
  const cpu = new Map<number, number>();
  if (!admin) return cpu;
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [app]);
  for (const { pid } of rows) cpu.set(pid, cpuOfPid(pid));
  return cpu;
}

function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}

interface Result {
  requests: number;
  seconds: number;
  latencies: number[];
  nodeCpuMs: number;
  pgCpuMs: number;
  /** This process's CPU: the client's, and the cost of measuring. */
  clientCpuMs: number;
  statements: number;
  peakRss: number;
}

/**
 * The goals this benchmark can judge: PostgreSQL CPU of the national ranking (about 400 units),
 * the hub against the floor, 4,000 units at one request at a time, cached answers against the
 * uncached floor, SQL statements that do not grow with the units, and start-up.
 */
function rankingGoals(results: Map<string, Result>, serverBacked: boolean): Goal[] {
  const r = (target: Target, id: QueryId, concurrency: number) => present(results.get(`${target}/${id}/${concurrency}`), `${target}/${id}/${concurrency}`);
  const rps = (x: Result) => x.requests / x.seconds;
  const goals: Goal[] = [];
  if (serverBacked) {
    const pg = r('hub', 'national', 1).pgCpuMs / r('hub', 'national', 1).requests;
    goals.push({ goal: 'the national ranking costs at most 2 ms of PostgreSQL CPU', measured: `${fixed(pg)} ms`, met: pg <= 2 });
  }
  for (const c of CONCURRENCY) {
    const floor = rps(r('floor', 'national', c));
    const ratio = rps(r('hub', 'national', c)) / floor;
    const bound = rps(r('written', 'national', c)) / floor;
    goals.push({
      goal: `the hub at 0.8× the floor or better, national, ×${c}`,
      measured: `${fixed(ratio, 2)}× (the floor writing the same answer: ${fixed(bound, 2)}×)`,
      met: ratio >= 0.8,
    });
  }
  const p50 = percentile([...r('hub', 'test4000', 1).latencies].sort((a, b) => a - b), 50);
  goals.push({ goal: `${BENCH_OFFICES} units answer in under 40 ms, ×1 (p50)`, measured: `${fixed(p50)} ms`, met: p50 < 40 });
  for (const id of Object.keys(QUERIES) as QueryId[]) {
    const cached = r('cached', id, 1);
    const times = rps(cached) / rps(r('floor', id, 1));
    goals.push({
      goal: `cached at least 3× the uncached floor with no SQL, ${id}, ×1`,
      measured: `${fixed(times)}×, ${fixed(cached.statements / cached.requests, 2)} SQL/req`,
      met: times >= 3 && cached.statements === 0,
    });
  }
  const statements = (Object.keys(QUERIES) as QueryId[]).map((id) => r('hub', id, 1).statements / r('hub', id, 1).requests);
  goals.push({
    goal: 'SQL statements per ranking the same for 400 and 4,000 units',
    measured: statements.map((n) => fixed(n, 2)).join(' and '),
    met: statements.every((n) => n === statements[0]),
  });
  return goals;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Running, not a zombie that nobody has reaped yet. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function descendants(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** `npm start` to /readyz: ms to ready and RSS of the hub's process 2 s after. */
export async function startOnce(env: Record<string, string>): Promise<{ ms: number; idleRss: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (performance.now() - started > 300_000) throw new Error('no /readyz within 300 s');
      const ok = await new Promise<boolean>((resolve) => {
        request(`http://127.0.0.1:${port}/readyz`, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
          .on('error', () => resolve(false))
          .end();
      });
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, 2000));
    // npm runs the hub as its child: the process listening is the one whose RSS counts.
    const pid = present(child.pid, 'the pid of the started hub');
    const idleRss = Math.max(0, ...descendants(pid).map(rssOf));
    return { ms, idleRss };
  } finally {
    // npm may exit before the hub it started has finished shutting down: wait for every process,
    // so that the restart does not meet the first start's connections or lock.
    const pid = present(child.pid, 'the pid of the started hub');
    const processes = [pid, ...descendants(pid)];
    process.kill(-pid, 'SIGTERM');
    while (processes.some(alive)) await new Promise((r) => setTimeout(r, 50));
  }
}

const TARGET_NAMES: Record<Target, string> = { hub: 'hub, uncached', cached: 'hub, cached', floor: 'floor', written: 'floor, writing' };

const noResult = (): Result => ({ requests: 0, seconds: 0, latencies: [], nodeCpuMs: 0, pgCpuMs: 0, clientCpuMs: 0, statements: 0, peakRss: 0 });

/** Widths of the table's columns after the target's name. */
const COLUMN_WIDTHS = [9, 9, 9, 16, 16, 19, 9, 9, 9];
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const fixed = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  const schema = serverUrl ? `bench_${randomBytes(4).toString('hex')}` : 'public';
  const admin = serverUrl ? new Client({ connectionString: serverUrl }) : null;
  await admin?.connect();
  const hubDbUrl = serverUrl ? `${serverUrl}${serverUrl.includes('?') ? '&' : '?'}application_name=malestokk-bench-hub` : '';
  const children: Child[] = [];
  const startUps: string[] = [];
  try {
    const hub = forkChild('ranking-hub.js', { BENCH_DATABASE_URL: hubDbUrl, BENCH_SCHEMA: schema, BENCH_YEARS: QUICK ? '2' : '20' });
    children.push(hub);
    const { ready } = await hub.next<{ ready: HubReady }>('ready');

    // The statements and bytes of one uncached request of each query, for the floor.
    const routes: FloorSetup['routes'] = {};
    const identical: Record<string, boolean> = {};
    for (const id of Object.keys(QUERIES) as QueryId[]) {
      await post(ready.uncachedUrl, QUERIES[id].query);
      await hub.ask({ type: 'capture-start' }, 'capturing');
      const answer = await post(ready.uncachedUrl, QUERIES[id].query);
      const { statements } = await hub.ask<{ statements: Captured[] }>({ type: 'capture-stop' }, 'captured');
      if (answer.status !== 200 || (JSON.parse(answer.body.toString()) as { errors?: unknown }).errors) throw new Error(`${id}: ${answer.body.toString().slice(0, 500)}`);
      const again = await post(ready.cachedUrl, QUERIES[id].query);
      identical[id] = again.body.equals(answer.body);
      routes[`/${id}`] = { statements, body: answer.body.toString('utf8') };
    }
    const floor = forkChild('ranking-floor.js', {});
    children.push(floor);
    const floorReady = floor.next<{ url: string }>('ready');
    floor.process.send({ databaseUrl: ready.databaseUrl, kind: ready.kind, schema: ready.schema, poolSize: ready.poolSize, routes } satisfies FloorSetup);
    const floorUrl = (await floorReady).url;

    const endpoint = (target: Target, id: QueryId) =>
      target === 'floor' ? `${floorUrl}/${id}` : target === 'written' ? `${floorUrl}${WRITTEN}/${id}` : target === 'cached' ? ready.cachedUrl : ready.uncachedUrl;
    const results = new Map<string, Result>();
    let cacheMisses = 0;

    const phase = async (target: Target, id: QueryId, concurrency: number) => {
      const floorLike = target === 'floor' || target === 'written';
      const server = floorLike ? floor : hub;
      const app = floorLike ? 'malestokk-bench-floor' : 'malestokk-bench-hub';
      const url = endpoint(target, id);
      const query = QUERIES[id].query;
      const length = Buffer.byteLength(present(routes[`/${id}`], `the floor route of ${id}`).body);
      if (target === 'cached') {
        const warm = await post(url, query);
        if (warm.cache !== 'HIT' && warm.cache !== 'MISS') throw new Error('the cached hub sends no X-Cache header');
      }
      // The embedded database runs in the hub's process: its CPU there is the floor's database CPU.
      const dbProcess = floorLike && !admin ? hub : null;
      const dbBefore = await dbProcess?.ask<Stats>({ type: 'stats' }, 'stats');
      const before = await server.ask<Stats>({ type: 'stats' }, 'stats');
      const pgBefore = await backendCpu(admin, app);
      const latencies: number[] = [];
      const serverPid = present(server.process.pid, 'the pid of the server');
      let peakRss = rssOf(serverPid);
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(serverPid))), 50);
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      const deadline = started + PHASE_SECONDS * 1000;
      const worker = async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          const res = await post(url, query, false);
          latencies.push(performance.now() - t0);
          if (res.status !== 200) throw new Error(`${target} ${id}: HTTP ${res.status} ${res.body.toString()}`);
          // As many bytes as the answer recorded for the floor; the bodies themselves are compared before the rounds.
          if (res.bytes !== length) throw new Error(`${target} ${id}: answered ${res.bytes} bytes, not the ${length} of the recorded answer`);
          if (target === 'cached' && res.cache !== 'HIT') cacheMisses++;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const seconds = (performance.now() - started) / 1000;
      const clientCpu = process.cpuUsage(clientBefore);
      clearInterval(sampler);
      const after = await server.ask<Stats>({ type: 'stats' }, 'stats');
      const pgAfter = await backendCpu(admin, app);
      const dbAfter = await dbProcess?.ask<Stats>({ type: 'stats' }, 'stats');
      if (dbBefore && dbAfter) {
        const d = results.get(`${target}-db/${id}/${concurrency}`) ?? noResult();
        d.nodeCpuMs += (dbAfter.cpu.user + dbAfter.cpu.system - dbBefore.cpu.user - dbBefore.cpu.system) / 1000;
        results.set(`${target}-db/${id}/${concurrency}`, d);
      }
      const key = `${target}/${id}/${concurrency}`;
      const r = results.get(key) ?? noResult();
      r.requests += latencies.length;
      r.seconds += seconds;
      r.latencies.push(...latencies);
      r.nodeCpuMs += (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
      r.pgCpuMs += cpuDelta(pgBefore, pgAfter);
      r.clientCpuMs += (clientCpu.user + clientCpu.system) / 1000;
      r.statements += after.statements - before.statements;
      r.peakRss = Math.max(r.peakRss, peakRss);
      results.set(key, r);
    };

    const targets: Target[] = ['hub', 'cached', 'floor', 'written'];
    for (const id of Object.keys(QUERIES) as QueryId[]) for (const t of targets) for (let i = 0; i < 3; i++) await post(endpoint(t, id), QUERIES[id].query);
    for (let round = 0; round < ROUNDS; round++) {
      for (const id of Object.keys(QUERIES) as QueryId[]) {
        for (const concurrency of CONCURRENCY) {
          // Each round starts with another target, so none always runs first after a pause.
          const order = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
          for (const target of order) await phase(target, id, concurrency);
        }
      }
    }

    const db = ready.kind === 'embedded' ? 'embedded PGlite (in memory)' : 'PostgreSQL server';
    console.log(`Målestokk ranking benchmark, ${db}, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z${QUICK ? ' (--quick)' : ''}`);
    console.log(
      `  data: the national series a first start loads (seeded in ${fixed(ready.seedMs / 1000)} s), plus test data: ${BENCH_OFFICES} invented offices × ${ready.importRows / BENCH_OFFICES} years; ANALYZE after`,
    );
    console.log(
      `  import: ${ready.importRows} observations from a generated curator CSV (test data) in ${fixed(ready.importMs / 1000)} s = ${Math.round(ready.importRows / (ready.importMs / 1000))} observations/s`,
    );
    console.log(`  ${ROUNDS} interleaved round(s) of ${PHASE_SECONDS} s per target, query and concurrency; the hub and floor answers are the same bytes`);
    console.log(
      `  floor: node:http + pg sending the statements the hub sent for one request (recorded at the hub's pool: names, texts, parameters) and answering the hub's bytes`,
    );
    console.log(
      `  floor, writing: the same floor making the hub's bytes from its answer, parsed once, with the hub's JSON writer on every request: what writing the answer costs any server, and so the highest ratio to the floor a hub could reach`,
    );
    console.log(`  client: HTTP/1.1 keep-alive, each answer read into one buffer per connection (bench/http-client.ts); its CPU per request is in the table`);
    console.log(
      ready.kind === 'embedded'
        ? '  CPU: PGlite runs inside the hub process, so "Node CPU" of hub rows includes the database, and the hub process\'s CPU during floor runs is shown as the floor\'s database CPU'
        : '  CPU: Node = process.cpuUsage() of the server process; PostgreSQL = /proc/<pid>/stat of the backends of that process\'s connections (pg_stat_statements is not preloaded)',
    );
    for (const id of Object.keys(QUERIES) as QueryId[]) {
      const unidentical = identical[id] ? '' : ' (the cached answer differs from the uncached one!)';
      const route = present(routes[`/${id}`], `the floor route of ${id}`);
      console.log(`\n  ${QUERIES[id].label}: ${route.statements.length} SQL statements, ${Math.round(route.body.length / 1024)} KB per answer${unidentical}`);
      console.log(`  ${'target'.padEnd(22)}${['req/s', 'p50 ms', 'p99 ms', 'Node CPU ms/req', 'PG CPU ms/req', 'client CPU ms/req', 'SQL/req', 'peak RSS', '× floor'].map((h, i) => h.padStart(COLUMN_WIDTHS[i] ?? 9)).join('')}`);
      for (const concurrency of CONCURRENCY) {
        const floorResult = present(results.get(`floor/${id}/${concurrency}`), `the floor result of ${id} at ${concurrency}`);
        const floorRps = floorResult.requests / floorResult.seconds;
        for (const target of targets) {
          const r = present(results.get(`${target}/${id}/${concurrency}`), `the result of ${target} for ${id} at ${concurrency}`);
          const sorted = [...r.latencies].sort((a, b) => a - b);
          const rps = r.requests / r.seconds;
          let pg = serverUrl ? r.pgCpuMs / r.requests : NaN;
          if (!serverUrl && (target === 'floor' || target === 'written')) {
            const hubCpu = results.get(`${target}-db/${id}/${concurrency}`);
            pg = hubCpu ? hubCpu.nodeCpuMs / r.requests : NaN;
          }
          const cells = [fixed(rps), fixed(percentile(sorted, 50)), fixed(percentile(sorted, 99)), fixed(r.nodeCpuMs / r.requests), fixed(pg), fixed(r.clientCpuMs / r.requests), fixed(r.statements / r.requests, 2), mb(r.peakRss), fixed(rps / floorRps, 2)];
          const name = `${TARGET_NAMES[target]} ×${concurrency}`;
          console.log(`  ${name.padEnd(22)}${cells.map((c, i) => c.padStart(COLUMN_WIDTHS[i] ?? 9)).join('')}`);
        }
      }
    }
    if (cacheMisses) console.log(`\n  warning: ${cacheMisses} cached requests were not answered X-Cache: HIT`);
    const goals = rankingGoals(results, Boolean(serverUrl));

    for (const child of children.reverse()) {
      const exited = new Promise((r) => child.process.once('exit', r));
      child.process.send({ type: 'close' });
      await exited;
    }
    children.length = 0;

    if (QUICK) {
      startUps.push('start-up: not measured with --quick');
    } else {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'malestokk-bench-'));
      const startSchema = `bench_${randomBytes(4).toString('hex')}`;
      const env: Record<string, string> = serverUrl ? { DATABASE_URL: serverUrl, DATABASE_SCHEMA: startSchema } : { DATA_DIR: dataDir };
      try {
        const first = await startOnce(env);
        const restart = await startOnce(env);
        goals.push(
          { goal: 'a first start reaches /readyz in under 60 s', measured: `${fixed(first.ms / 1000)} s`, met: first.ms < 60_000 },
          { goal: 'a restart reaches /readyz in under 10 s', measured: `${fixed(restart.ms / 1000)} s`, met: restart.ms < 10_000 },
        );
        startUps.push(
          `start-up (npm start to /readyz, ${serverUrl ? 'a fresh schema' : 'a fresh DATA_DIR'}): first start ${fixed(first.ms / 1000)} s (idle RSS ${mb(first.idleRss)}), restart ${fixed(restart.ms / 1000)} s (idle RSS ${mb(restart.idleRss)})`,
        );
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        if (admin) await admin.query(`DROP SCHEMA IF EXISTS "${startSchema}" CASCADE`).catch(() => undefined);
      }
    }
    console.log(`\n  ${startUps.join('\n  ')}`);
    printGoals(goals);
  } finally {
    for (const child of children) child.process.kill('SIGTERM');
    if (admin) {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await admin.end();
    }
    client.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
