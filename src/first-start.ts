import { fork } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { Logger } from './logger';
import { repoRoot } from './paths';

/** What the child needs of the hub's configuration (no secrets: it travels on the command line). */
export interface FirstStartSettings {
  seed: boolean;
  maxUploadBytes: number;
  logLevel: string;
}

/** What the child sends: a line of its log, then that it is done or why it failed. */
export type FirstStartMessage = { log: string } | { done: true } | { error: string };

/** The child's entry point, built by tsc; tests and the hub run the same build (test/support/build.ts). */
export const FIRST_START_CHILD = path.join(repoRoot, 'dist', 'src', 'first-start-child.js');

/**
 * Makes a new embedded database in `pgdata` and loads its seed in a short-lived child process
 * (src/first-start-child.ts): initdb, the migrations and the seed. Loading the national data grows
 * PGlite's WebAssembly memory, which is never given back; done in the hub's own PGlite, a first
 * start idled at about 60 MB more than a restart (236 MB against 177 on Node 24). The hub then
 * opens the loaded files as a restart does, holding the data folder's lock throughout.
 *
 * The child works in a folder beside `pgdata`, which takes its name only once everything is
 * loaded: a failed or interrupted first start leaves no half-seeded database, and the next start
 * begins again. The child stops when the hub does (its IPC channel closes).
 */
export async function createSeededDataDir(pgdata: string, settings: FirstStartSettings, logger: Logger): Promise<void> {
  const staging = path.join(path.dirname(pgdata), 'first-start');
  rmSync(staging, { recursive: true, force: true });
  try {
    await runChild(staging, settings, logger);
    renameSync(path.join(staging, 'pgdata'), pgdata);
  } catch (error) {
    throw new Error(`could not create and seed the embedded database in ${pgdata}: ${(error as Error).message}`, { cause: error });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function runChild(dataDir: string, settings: FirstStartSettings, logger: Logger): Promise<void> {
  if (!existsSync(FIRST_START_CHILD)) return Promise.reject(new Error(`${FIRST_START_CHILD} is missing; build the hub first (npm run build)`));
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    const child = fork(FIRST_START_CHILD, [dataDir, JSON.stringify(settings)], {
      // The hub's node options (a debugger's port excepted). V8's optimising compiler would not
      // make the load faster: without --liftoff-only it took 23-28 s against 11-20 (2 busy cores).
      execArgv: process.execArgv.filter((arg) => !arg.startsWith('--inspect')),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: FirstStartMessage) => {
      if ('log' in message) relog(logger, message.log);
      else if ('error' in message) failure = message.error;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(failure ?? `the process that loads it ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}`));
    });
  });
}

/** Writes a line of the child's log (pino's JSON) to the hub's log, as if the hub had logged it. */
function relog(logger: Logger, line: string): void {
  const { level, msg, time: _time, pid: _pid, hostname: _hostname, service: _service, ...fields } = JSON.parse(line) as Record<string, unknown>;
  const label = pino.levels.labels[Number(level)] as pino.Level | undefined;
  if (label) logger[label](fields, typeof msg === 'string' ? msg : undefined);
}
