import { present } from '../src/invariant';
import { type Goal, printGoals } from './goals';
import { percentile } from './latency';
import { procStatusBytes } from './proc';
import { startNodeOptions } from './start-options';
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { Usage } from './memory-hub';
import type { PeakParts } from './peak-watch';

/**
 * Benchmark (not a test) of the hub's memory: `npm run bench:memory` (the embedded database, and a
 * PostgreSQL server too when DATABASE_URL is set, in a fresh schema dropped after). For each
 * database: a first start on a fresh DATA_DIR (or schema) and a restart, each measured idle 10 s
 * after /readyz (RSS as it is, then heap, external memory and RSS after a forced full collection);
 * then 8 concurrent uncached rankings of the national data's offices for LOAD_SECONDS with the
 * peak RSS (the kernel's high-water mark, reset before the load), what the highest of the hub's own
 * samples was made of (bench/peak-watch.ts), and RSS after; beside the peak, the rankings answered
 * per second, their p50 and p99 and the hub's CPU per ranking, since what lowers a peak often costs
 * CPU. On the embedded
 * database, PGlite alone on the same files with the hub's settings gives the database's own share.
 * The hub runs with the node options of package.json's `start` script. It ends with the memory
 * goals it can judge (README, Performance): idle under 250 MB embedded and 120 MB on a server, and
 * the peak of the 8 concurrent rankings under 200 MB.
 */

/** `-- --only=embedded` or `-- --only=server` measures one database. */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 15);
const SETTLE_MS = 10_000;
const CONCURRENCY = 8;
const RANKING = `query MemoryRanking {
  ranking(indicator: "social_assistance.recipients_yearly", period: "2020", level: OFFICE) {
    period direction unit indicator { code nameEn }
    rows { rank name code value exactValue valueText unit period percentile differenceFromMedian previousValue changeFromPrevious citation flags office { name code } source { title url publisher } }
    missing { name code reason detail }
    coverage { ranked missing total }
    warnings
  }
}`;

const root = path.resolve(__dirname, '..', '..');
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
/** The memory goals (README, Performance), in bytes. */
const IDLE_GOAL = { embedded: 250 * 1048576, server: 120 * 1048576 };
const PEAK_GOAL = 200 * 1048576;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  return procStatusBytes(pid, field) ?? 0;
}

class Measured {
  private waiting: ((message: Record<string, unknown>) => void)[] = [];
  readonly exited: Promise<void>;
  constructor(readonly child: ChildProcess) {
    child.on('message', (message: Record<string, unknown>) => this.waiting.shift()?.(message));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }
  static start(env: Record<string, string>): Measured {
    const child = fork(path.join(__dirname, 'memory-hub.js'), [], {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn', HOST: '127.0.0.1' },
      execArgv: [...startNodeOptions(), '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Measured(child);
  }
  next(): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      this.child.once('exit', (code) => reject(new Error(`the measured process exited (${code})`)));
    });
  }
  async usage(gc: boolean): Promise<Usage> {
    const answer = this.next();
    this.child.send({ type: 'usage', gc });
    return (await answer).usage as Usage;
  }
  watch(): void {
    this.child.send({ type: 'watch' });
  }
  /** The process's CPU time so far (user + system, every thread), in ms. */
  async cpuMs(): Promise<number> {
    const answer = this.next();
    this.child.send({ type: 'cpu' });
    const { user, system } = (await answer).cpu as NodeJS.CpuUsage;
    return (user + system) / 1000;
  }
  async peak(): Promise<PeakParts | null> {
    const answer = this.next();
    this.child.send({ type: 'peak' });
    return (await answer).peak as PeakParts | null;
  }
  async close(): Promise<void> {
    this.child.send({ type: 'close' });
    await this.exited;
  }
}

function describe(label: string, before: Usage, after: Usage): string {
  return `${label.padEnd(34)} RSS ${mb(before.rss).padStart(7)} (heap ${mb(before.heapUsed)} of ${mb(before.heapTotal)}); after a full GC: RSS ${mb(after.rss)}, heap ${mb(after.heapUsed)} of ${mb(after.heapTotal)}, external ${mb(after.external)} (array buffers ${mb(after.arrayBuffers)})`;
}

/** Starts the measured process, waits until it is ready and settled; returns it with its idle figures. */
async function startIdle(label: string, env: Record<string, string>): Promise<{ proc: Measured; url: string; line: string; idleRss: number }> {
  const started = performance.now();
  const proc = Measured.start(env);
  const ready = (await proc.next()).ready as string;
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const before = await proc.usage(false);
  const after = await proc.usage(true);
  return { proc, url: ready, line: describe(`${label} (ready in ${(ms / 1000).toFixed(1)} s)`, before, after), idleRss: before.rss };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** CONCURRENCY clients sending the ranking for LOAD_SECONDS; peak RSS from the kernel's high-water mark. */
async function load(proc: Measured, url: string): Promise<{ line: string; peak: number }> {
  const pid = present(proc.child.pid, 'the pid of the measured hub');
  const body = JSON.stringify({ query: RANKING });
  const first = await post(url, body);
  const rows = (JSON.parse(first.text) as { data?: { ranking?: { rows?: unknown[] } } }).data?.ranking?.rows?.length ?? 0;
  if (first.status !== 200 || rows === 0) throw new Error(`the ranking failed: ${first.status} ${first.text.slice(0, 500)}`);
  // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux), so the peak is this load's.
  let sampled = 0;
  let sampler: NodeJS.Timeout | undefined;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    sampler = setInterval(() => (sampled = Math.max(sampled, status(pid, 'VmRSS'))), 20);
  }
  proc.watch();
  const cpuBefore = await proc.cpuMs();
  const started = performance.now();
  const until = started + LOAD_SECONDS * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        const answer = await post(url, body);
        if (answer.status !== 200 || answer.text.includes('"errors"')) throw new Error(`a ranking failed: ${answer.status} ${answer.text.slice(0, 500)}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // What a lower peak costs shows here: V8's options that save memory spend CPU or answer fewer.
  const cpuPerRanking = ((await proc.cpuMs()) - cpuBefore) / latencies.length;
  if (sampler) clearInterval(sampler);
  const peak = sampler ? sampled : status(pid, 'VmHWM');
  const parts = await proc.peak();
  const made = parts
    ? `; at the highest sample (${mb(parts.rss)}): V8's heap ${mb(parts.young + parts.old)} (young generation ${mb(parts.young)}, the rest ${mb(parts.old)}), node's binary and other files ${mb(parts.files)}, other memory ${mb(parts.other)}; node counted ${mb(parts.external)} outside V8's heap (buffers, and on the embedded database PGlite's WebAssembly memory, resident or not)`
    : '';
  latencies.sort((a, b) => a - b);
  const speed = `${latencies.length} answered, ${(latencies.length / seconds).toFixed(0)}/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, the hub's CPU ${cpuPerRanking.toFixed(2)} ms per ranking`;
  return { line: `${CONCURRENCY} concurrent rankings of ${rows} offices, ${LOAD_SECONDS} s, uncached (${speed}): peak RSS ${mb(peak)}${made}`, peak };
}

async function measure(kind: 'embedded' | 'server', env: Record<string, string>, dataDir?: string): Promise<{ lines: string[]; goals: Goal[] }> {
  const lines: string[] = [];
  const goals: Goal[] = [];
  const first = await startIdle('first start, idle', { ...env, PORT: String(await freePort()) });
  lines.push(first.line);
  await first.proc.close();
  const restart = await startIdle('restart, idle', { ...env, PORT: String(await freePort()), CACHE_TTL_SECONDS: '0' });
  lines.push(restart.line);
  const idle = Math.max(first.idleRss, restart.idleRss);
  goals.push({
    goal: `${kind}: idle under ${mb(IDLE_GOAL[kind])} after a first start and a restart`,
    measured: `${mb(first.idleRss)} and ${mb(restart.idleRss)}`,
    met: idle < IDLE_GOAL[kind],
  });
  try {
    const loaded = await load(restart.proc, restart.url);
    lines.push(loaded.line);
    goals.push({ goal: `${kind}: peak of ${CONCURRENCY} concurrent rankings under ${mb(PEAK_GOAL)}`, measured: mb(loaded.peak), met: loaded.peak < PEAK_GOAL });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const before = await restart.proc.usage(false);
    lines.push(describe('after the load, idle', before, await restart.proc.usage(true)));
  } finally {
    await restart.proc.close();
  }
  if (kind === 'embedded' && dataDir) {
    const alone = await startIdle('PGlite alone on the same files', { MEMORY_TARGET: 'pglite', MEMORY_PGDATA: path.join(dataDir, 'pgdata') });
    lines.push(alone.line);
    await alone.proc.close();
  }
  return { lines, goals };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, hub started with node options [${startNodeOptions().join(' ')}]`);
  const goals: Goal[] = [];
  if (!ONLY || ONLY === 'embedded') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'malestokk-memory-'));
    try {
      // An empty DATABASE_URL is unset for the hub's configuration: the embedded database.
      const { lines, goals: judged } = await measure('embedded', { DATA_DIR: dataDir, DATABASE_URL: '' }, dataDir);
      goals.push(...judged);
      console.log(`\nembedded PGlite (a fresh DATA_DIR)\n  ${lines.join('\n  ')}`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl && (!ONLY || ONLY === 'server')) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const { lines, goals: judged } = await measure('server', { DATABASE_URL: serverUrl, DATABASE_SCHEMA: schema });
      goals.push(...judged);
      console.log(`\nPostgreSQL server (a fresh schema)\n  ${lines.join('\n  ')}`);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await admin.end();
    }
  }
  agent.destroy();
  if (goals.length) printGoals(goals);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
