import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Extension } from '@electric-sql/pglite';
import { present } from '../invariant';
import { repoRoot } from '../paths';

/**
 * The contrib extensions the migrations create (accent-free search: unaccent, pg_trgm). A server
 * ships them with PostgreSQL; PGlite loads each from its own bundle. TypeScript's "node" module
 * resolution cannot see the package's subpath exports (Node and Vitest can), hence the computed import.
 */
export async function pgliteExtensions(): Promise<Record<string, Extension>> {
  const load = async (name: string) =>
    present(((await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, Extension | undefined>)[name], `PGlite's ${name} extension`);
  return { unaccent: await load('unaccent'), pg_trgm: await load('pg_trgm') };
}

/**
 * PostgreSQL's defaults size a server's shared memory; inside PGlite every page PostgreSQL ever
 * touches stays in the process (WebAssembly memory never shrinks). 128 MB of shared buffers grew
 * PGlite's memory past its initial 128 MB to 190 MB, resident once the buffers had filled; with
 * 16 MB it stays at 128 MB, and a restarted hub idled at 244 MB instead of 404 (after a forced
 * GC). A data directory's files stay in the operating system's page cache, outside the process.
 * Command-line settings, unlike PGlite's `postgresqlconf`, leave the data directory's
 * postgresql.conf as initdb wrote it.
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'wal_buffers=1MB', 'temp_buffers=4MB', 'maintenance_work_mem=16MB'];

/**
 * PGlite's start parameters with the settings above (also for the memory bench's PGlite alone).
 * PGlite is loaded only here and where an embedded database opens: a hub on a server never needs
 * it (loading it held 0.8 MB of heap and 1–3 MB of RSS in an idle hub).
 */
export async function embeddedStartParams(): Promise<string[]> {
  const { PGlite } = await import('@electric-sql/pglite');
  return [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((setting) => ['-c', setting])];
}

export type WasmCompiler = 'baseline' | 'optimising';

/**
 * PostgreSQL in PGlite is 9 MB of WebAssembly. V8 compiles each function with its baseline
 * compiler (Liftoff) when first called and recompiles the busy ones with its optimising compiler
 * (TurboFan) in the background; the optimising compiler's work stayed resident, about 40 MB for
 * an idle hub (PGlite alone: 157 → 115–130 MB, a restarted hub 217 → 171 MB after a forced GC),
 * for about a third less CPU per statement (an aggregate over 100,000 rows: 28 ms against 38).
 * The flag is the process's and V8 reads it when it compiles, so it is set before PGlite is first
 * created and holds for every embedded database of the process from then on. Measured on Node 20.
 */
export function useWasmCompiler(compiler: WasmCompiler): void {
  // V8 12 and later (Node 22 on) do not apply the flag once running: on Node 24 PGlite alone then
  // held more, not less (195 MB against 174), so there it is node's command line that decides
  // (`npm start` and `npm run import` pass --liftoff-only; see wasmCompilerProblem).
  if (v8Major() >= 12) return;
  setFlagsFromString(compiler === 'baseline' ? '--liftoff-only' : '--no-liftoff-only');
}

/**
 * A program of the project that may open the embedded database, as its user starts it: for the
 * messages below, which name the command to run instead.
 */
export interface EmbeddedProgram {
  /** What the program is called in a message ('the hub', 'the import command'). */
  name: string;
  /** The npm script that starts it with --liftoff-only. */
  script: string;
  /** The command that starts it without --liftoff-only, for EMBEDDED_WASM_COMPILER=optimising. */
  optimising: string;
}

export const HUB_PROGRAM: EmbeddedProgram = { name: 'the hub', script: 'npm start', optimising: 'npm run build && node dist/src/main.js' };

export const IMPORT_PROGRAM: EmbeddedProgram = {
  name: 'the import command',
  script: 'npm run import',
  optimising: 'npm run build && node --max-semi-space-size=8 --heap-growing-percent=50 --no-concurrent-recompilation dist/src/cli/import.js <file> [options]',
};

/**
 * Where node's command line, not the program, chooses V8's compiler (Node 22 on): what is wrong when
 * it disagrees with EMBEDDED_WASM_COMPILER. An 'error' stops start-up (the setting cannot be had in
 * this process); a 'warning' is a process that holds more memory than it needs to: about 60 MB in
 * an idle hub, and about 600 MB more for a moment in any process, while the optimising compiler
 * compiles PostgreSQL's SQL parser (one function of 105 KB with the whole grammar, hot from the
 * first statements; README, Performance).
 */
export function wasmCompilerProblem(
  compiler: WasmCompiler,
  program: EmbeddedProgram,
  execArgv: readonly string[] = process.execArgv,
  major: number = v8Major(),
): { level: 'error' | 'warning'; message: string } | null {
  if (major < 12) return null;
  const baselineOnly = execArgv.includes('--liftoff-only');
  if (compiler === 'optimising' && baselineOnly) {
    return {
      level: 'error',
      message: `EMBEDDED_WASM_COMPILER=optimising cannot apply: on Node 22 and later V8 takes its WebAssembly compiler from node's command line, and this process was started with --liftoff-only (as \`${program.script}\` does). Start ${program.name} with \`${program.optimising}\` instead.`,
    };
  }
  if (compiler === 'baseline' && !baselineOnly) {
    return {
      level: 'warning',
      message: `the embedded database is compiled by V8's optimising compiler too, which holds more memory (about 60 MB in an idle hub, and about 600 MB more for a moment while it compiles PostgreSQL's SQL parser): on Node 22 and later only node's command line sets this; start ${program.name} with node's --liftoff-only (as \`${program.script}\` does), or set EMBEDDED_WASM_COMPILER=optimising to keep it`,
    };
  }
  return null;
}

function v8Major(): number {
  return Number(process.versions.v8.split('.')[0]);
}

/**
 * Run by a child process: creates the data directory with PGlite's initdb and closes it. The
 * arguments are PGlite's entry point, the directory and PGlite's start parameters (JSON).
 */
const CHILD = `
const [entry, dir, params] = process.argv.slice(1);
const { PGlite } = require(entry);
PGlite.create(dir, { startParams: JSON.parse(params) })
  .then((db) => db.close())
  .catch((error) => { console.error(error && error.message ? error.message : String(error)); process.exit(1); });
`;

/** Whether `pgdata` holds a database cluster already (PGlite's own test before it runs initdb). */
export function hasDataDir(pgdata: string): boolean {
  return existsSync(path.join(pgdata, 'PG_VERSION'));
}

/**
 * Creates a new embedded data directory in a short-lived child process. PGlite runs initdb in a
 * second PostgreSQL instance with its own WebAssembly memory and unpacks the result through
 * buffers of its own; in the hub's process that left 110–120 MB resident for good after a first
 * start (malloc's heap does not shrink back), so the hub opens an initialised directory instead.
 * The child gets the compiler the caller asked for: under V8's optimising compiler alone, initdb
 * and its first statements peaked at 1,077–1,107 MB in 2.25 s, against 667–673 MB in 1.9–2.0 s on
 * the baseline compiler (Node 24, two runs each). Only that flag is passed on: the caller's other
 * node options may include preloaded scripts that are not the child's to run.
 */
export async function initDataDir(pgdata: string, startParams: readonly string[], compiler: WasmCompiler = 'baseline'): Promise<void> {
  // The project's own resolution, as Vitest may run this module where \`require\` is missing.
  const entry = createRequire(path.join(repoRoot, 'package.json')).resolve('@electric-sql/pglite');
  const nodeOptions = compiler === 'baseline' ? ['--liftoff-only'] : [];
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [...nodeOptions, '-e', CHILD, entry, pgdata, JSON.stringify(startParams)], { maxBuffer: 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      reject(new Error(`could not create the embedded database in ${pgdata}: ${stderr.trim() || error.message}`, { cause: error }));
    });
  });
}
