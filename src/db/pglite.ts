import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../paths';

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
 */
export async function initDataDir(pgdata: string, startParams: readonly string[]): Promise<void> {
  // The project's own resolution, as Vitest may run this module where \`require\` is missing.
  const entry = createRequire(path.join(repoRoot, 'package.json')).resolve('@electric-sql/pglite');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['-e', CHILD, entry, pgdata, JSON.stringify(startParams)], { maxBuffer: 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      reject(new Error(`could not create the embedded database in ${pgdata}: ${stderr.trim() || error.message}`, { cause: error }));
    });
  });
}
