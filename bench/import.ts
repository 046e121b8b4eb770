import 'reflect-metadata';
import { present } from '../src/invariant';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { Database } from '../src/db/database';
import { Services } from '../src/services';
import { loadReferenceData } from '../src/modules/geography/reference-data';
import { loadTaxonomy } from '../src/modules/taxonomy/taxonomy.seed';
import { type Goal, printGoals } from './goals';
import { scriptNodeOptions } from './start-options';
import { percentile } from './latency';
import { BENCH_INDICATOR, benchOfficeCode, CURATOR_CSV_HEADER, curatorCsvLines, insertTestUnits, jsonStatDataset, jsonStatMapping } from './test-data';

/**
 * Benchmark (not a test) of imports: `npm run bench:import` (embedded PGlite, and a PostgreSQL
 * server too when DATABASE_URL is set, in a fresh schema dropped after); `-- --rows 20000` for a
 * short run, `-- --database server` (or `embedded`) for one of the two. Writes a curator CSV of invented figures of invented offices (test data, 20 years
 * each) to a temporary file, prepares a fresh database with those offices, then runs the import
 * command (`npm run import`, built, with that script's node options) on the file as a user would and prints its figures: the
 * import's own time as the command reports it, observations/s, the command's CPU time (user +
 * system, start-up included), its peak RSS and, on a server on this machine, the CPU time of the
 * PostgreSQL backends the command connected with: on a shared machine the wall time varies with the
 * load, the CPU time much less, and it shows which side of the import costs what. Then it times
 * small reports into the database the file made (smallReports). It ends with the import goals it
 * can judge (README, Performance).
 */

const argRows = process.argv.indexOf('--rows');
const ROWS = argRows > 0 ? Number(process.argv[argRows + 1]) : 200_000;
const argDatabase = process.argv.indexOf('--database');
/** `--database embedded` or `--database server` runs one of the two only. */
const ONLY = argDatabase > 0 ? process.argv[argDatabase + 1] : undefined;
const argFormat = process.argv.indexOf('--format');
/** The goal names both: a curator CSV and a JSON-stat dataset of the same figures. `--format curator-csv` (or `jsonstat`) runs one. */
const FORMATS = (['curator-csv', 'jsonstat'] as const).filter((f) => argFormat < 0 || process.argv[argFormat + 1] === f);
type Format = (typeof FORMATS)[number];
if (FORMATS.length === 0) throw new Error(`--format ${process.argv[argFormat + 1]} is not a format the bench imports: use curator-csv or jsonstat`);
const YEARS = Array.from({ length: 20 }, (_, i) => 2002 + i);
const OFFICES = Math.ceil(ROWS / YEARS.length);
const CLI = path.join(__dirname, '..', 'src', 'cli', 'import.js');
const PRELOAD = path.join(__dirname, 'import-usage.js');
/** The import goals (README, Performance): the memory one is set for a file of 200,000 rows. */
const THROUGHPUT_GOAL = 50_000;
const MEMORY_GOAL_MB = 300;
const MEMORY_GOAL_ROWS = 200_000;
/** Reports of one office's next year imported after the file, one after the other. */
const SMALL_REPORTS = 9;

interface Run {
  /** The database and the format, e.g. "server, curator-csv". */
  database: string;
  seconds: number;
  observations: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** CPU of the command's PostgreSQL backends (/proc/<pid>/stat); absent on the embedded database or a remote server. */
  databaseCpuSeconds?: number;
  /**
   * CPU of the busiest of those backends. A backend is one process working on one core, so no
   * import can take less time than this: it bounds the throughput whatever the command does.
   */
  busiestBackendCpuSeconds?: number;
}

/** The file of a format, and the arguments the import command is given for it. */
interface BenchFile {
  format: Format;
  path: string;
  args: string[];
}

async function writeFiles(work: string): Promise<BenchFile[]> {
  const files: BenchFile[] = [];
  for (const format of FORMATS) {
    if (format === 'curator-csv') {
      const file = path.join(work, 'bench-test-data.csv');
      await writeCsv(file);
      files.push({ format, path: file, args: ['--format', format] });
    } else {
      const file = path.join(work, 'bench-test-data.json');
      const mapping = path.join(work, 'bench-test-data.mapping.yaml');
      writeFileSync(file, jsonStatDataset(OFFICES, YEARS));
      writeFileSync(mapping, jsonStatMapping(OFFICES));
      files.push({ format, path: file, args: ['--format', format, '--mapping', mapping] });
    }
  }
  return files;
}

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (const line of curatorCsvLines(OFFICES, YEARS)) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function prepare(options: { url?: string; schema?: string; dataDir?: string }): Promise<void> {
  const db = await Database.open(options);
  try {
    await db.migrate();
    await loadReferenceData(db);
    await loadTaxonomy(db);
    await insertTestUnits(db, OFFICES);
  } finally {
    await db.close();
  }
}

/**
 * What users import most: one office's report of a year, into a database that already holds many
 * figures (here the file's). Imported in this process through the import service, as the API does,
 * and timed one by one; each is a new document for the next year of the same office, so each
 * changes figures and the current figures of its office.
 */
async function smallReports(options: { url?: string; schema?: string; dataDir?: string }): Promise<number[]> {
  const db = await Database.open(options);
  try {
    const services = new Services(db, { maxUploadBytes: 1024 * 1024 });
    const office = benchOfficeCode(1, OFFICES);
    const times: number[] = [];
    for (let i = 0; i < SMALL_REPORTS; i++) {
      const year = (YEARS.at(-1) ?? 2021) + 1 + i;
      const document = [
        CURATOR_CSV_HEADER,
        `office,${office},Testmottakere (oppdiktet),${year},${60 + i},persons,${BENCH_INDICATOR},Testrapport ${year} (oppdiktet),Målestokk bench (test data),${year}`,
      ].join('\n');
      const started = performance.now();
      await services.imports.run({ document, fileName: `bench-report-${year}.csv`, format: 'curator-csv' });
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await db.close();
  }
}

/** user + system CPU of a process in seconds, from /proc/<pid>/stat (clock ticks of 10 ms); null once it is gone. */
function cpuOfPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Follows the CPU of the server's backends that run under `app` until stopped: each backend is
 * started for the command, so its CPU when last seen is what the import cost the server (to the
 * sampling interval). Null when the server's processes cannot be read from here.
 */
function followBackends(url: string, app: string): { stop: () => Promise<{ total: number; busiest: number } | null> } {
  const admin = new Client({ connectionString: url });
  const seen = new Map<number, number>();
  let readable = true;
  const sample = async () => {
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [app]);
    for (const { pid } of rows) {
      const cpu = cpuOfPid(pid);
      if (cpu === null) readable = false;
      else seen.set(pid, cpu);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const connected = admin.connect().then(() => {
    timer = setInterval(() => void sample().catch(() => undefined), 100);
  });
  return {
    stop: async () => {
      await connected;
      clearInterval(timer);
      await admin.end();
      const cpu = [...seen.values()];
      return readable && cpu.length > 0 ? { total: cpu.reduce((a, b) => a + b, 0), busiest: Math.max(...cpu) } : null;
    },
  };
}

async function runCli(database: string, file: BenchFile, env: Record<string, string>, work: string): Promise<Run> {
  const usageFile = path.join(work, `usage-${database.replace(/\W+/g, '-')}.json`);
  const app = `malestokk-bench-import-${randomBytes(4).toString('hex')}`;
  const backends = env.DATABASE_URL ? followBackends(env.DATABASE_URL, app) : null;
  const child = fork(CLI, [file.path, ...file.args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', BENCH_USAGE_FILE: usageFile, PGAPPNAME: app },
    // The command runs as `npm run import` runs it: with that script's node options.
    execArgv: [...scriptNodeOptions('import'), '--require', PRELOAD],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let output = '';
  present(child.stdout, 'the output of the import').on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const databaseCpu = await backends?.stop();
  if (code !== 0) throw new Error(`the import command failed (exit ${code}):\n${output}`);
  const timing = /in ([\d.]+) s/.exec(output);
  const written = /observations \(wrote\)\D+(\d+)/.exec(output);
  if (!timing || !written) throw new Error(`the import command's report has no time or count:\n${output}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { userUs: number; systemUs: number; maxRssKb: number };
  return {
    database,
    seconds: Number(timing[1]),
    observations: Number(written[1]),
    cpuSeconds: (usage.userUs + usage.systemUs) / 1e6,
    peakRssMb: usage.maxRssKb / 1024,
    ...(databaseCpu ? { databaseCpuSeconds: databaseCpu.total, busiestBackendCpuSeconds: databaseCpu.busiest } : {}),
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'malestokk-import-bench-'));
  const serverUrl = process.env.DATABASE_URL;
  const schemas: string[] = [];
  try {
    const files = await writeFiles(work);
    console.log(`node ${process.version}, import command run with node options [${scriptNodeOptions('import').join(' ')}]`);
    for (const file of files) {
      console.log(`${file.format} file: ${ROWS.toLocaleString('en')} figures (${OFFICES} invented offices × ${YEARS.length} years), ${(statSync(file.path).size / 1024 / 1024).toFixed(1)} MB`);
    }

    const print = (r: Run) =>
      console.log(
        `${r.database}: ${r.observations.toLocaleString('en')} observations in ${r.seconds.toFixed(1)} s = ${Math.round(r.observations / r.seconds).toLocaleString('en')} observations/s; ` +
          `CPU ${r.cpuSeconds.toFixed(1)} s (command, start-up included)` +
          (r.databaseCpuSeconds !== undefined ? ` + ${r.databaseCpuSeconds.toFixed(1)} s (PostgreSQL backends)` : '') +
          (r.busiestBackendCpuSeconds !== undefined
            ? `; the busiest backend ${r.busiestBackendCpuSeconds.toFixed(1)} s on its one core, so at most ${Math.round(r.observations / r.busiestBackendCpuSeconds).toLocaleString('en')} observations/s however fast the command`
            : '') +
          `; peak RSS ${Math.round(r.peakRssMb)} MB`,
      );
    const goals: Goal[] = [];
    const judge = (r: Run) => {
      const rate = r.observations / r.seconds;
      goals.push({
        goal: `${r.database}: at least ${THROUGHPUT_GOAL.toLocaleString('en')} observations/s`,
        measured:
          `${Math.round(rate).toLocaleString('en')} observations/s` +
          (r.busiestBackendCpuSeconds !== undefined ? ` (PostgreSQL's one backend alone bounds it at ${Math.round(r.observations / r.busiestBackendCpuSeconds).toLocaleString('en')})` : ''),
        met: rate >= THROUGHPUT_GOAL,
      });
      if (ROWS === MEMORY_GOAL_ROWS) {
        goals.push({ goal: `${r.database}: a ${ROWS.toLocaleString('en')}-row file under ${MEMORY_GOAL_MB} MB`, measured: `${Math.round(r.peakRssMb)} MB`, met: r.peakRssMb < MEMORY_GOAL_MB });
      }
    };
    const printSmall = (database: string, times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      console.log(
        `${database}: a report of one office's next year into those ${ROWS.toLocaleString('en')} figures, ${times.length} one after the other: ` +
          `median ${percentile(sorted, 50).toFixed(0)} ms (${sorted[0]?.toFixed(0)}–${sorted.at(-1)?.toFixed(0)} ms)`,
      );
    };
    // Each format into a fresh database of its own, so that both are first imports.
    for (const file of files) {
      if (ONLY !== 'server') {
        const dataDir = path.join(work, `data-${file.format}`);
        await prepare({ dataDir });
        const run = await runCli(`embedded, ${file.format}`, file, { DATA_DIR: dataDir, DATABASE_URL: '' }, work);
        print(run);
        judge(run);
        printSmall(`embedded, ${file.format}`, await smallReports({ dataDir }));
        rmSync(dataDir, { recursive: true, force: true });
      }
      if (serverUrl && ONLY !== 'embedded') {
        const schema = `bench_import_${randomBytes(4).toString('hex')}`;
        schemas.push(schema);
        await prepare({ url: serverUrl, schema });
        const run = await runCli(`server, ${file.format}`, file, { DATABASE_URL: serverUrl, DATABASE_SCHEMA: schema }, work);
        print(run);
        judge(run);
        printSmall(`server, ${file.format}`, await smallReports({ url: serverUrl, schema }));
      }
    }
    if (goals.length) printGoals(goals);
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (serverUrl && schemas.length) {
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await admin.end();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
