import { lstatSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { lockSync } from 'proper-lockfile';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/**
 * A lock that a hub which stopped abruptly (killed, power lost) leaves behind is taken over this
 * long after its last sign of life. The holder refreshes it every half of that, so only a process
 * that stopped, or whose event loop stalled this long, loses it.
 */
export const STALE_LOCK_MS = 20_000;

/**
 * PGlite is one process's database: two processes on the same files would corrupt them. The lock
 * is a folder made with mkdir (atomic: of two processes starting together exactly one gets it)
 * whose time stamp the holder keeps fresh; proper-lockfile takes over a stale one. Returns the
 * function that releases it; an exit that skips shutdown releases it too.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockfilePath = path.join(dataDir, 'malestokk.lock');
  removeOldLockFile(lockfilePath);
  try {
    return lockSync(dataDir, {
      lockfilePath,
      stale: STALE_LOCK_MS,
      // Another process took the lock over while this one stalled: the files may now be written by
      // both, so this process must stop rather than go on writing.
      onCompromised: (error) => {
        throw new DataDirInUseError(`Lost the lock on the embedded database in ${dataDir} (${error.message}); stopping before the files are written by two processes.`);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    throw new DataDirInUseError(
      `The embedded database in ${dataDir} is in use by another process (a running hub?). Stop it first, ` +
        'or import through the scorecardImport mutation, or use a PostgreSQL server with DATABASE_URL. ' +
        `A hub that stopped abruptly leaves the lock for ${STALE_LOCK_MS / 1000} seconds.`,
    );
  }
}

/**
 * Earlier versions of the hub locked with a file holding the owner's pid. Such a file is left only
 * by a hub that stopped abruptly, or is held by an older hub still running; in the first case it
 * is removed, in the second the folder is in use.
 */
function removeOldLockFile(file: string): void {
  let isFile: boolean;
  try {
    isFile = lstatSync(file).isFile();
  } catch {
    return;
  }
  if (!isFile) return;
  const owner = Number(readFileSync(file, 'utf8').trim());
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
    throw new DataDirInUseError(`The embedded database in ${path.dirname(file)} is in use by process ${owner} (a running hub?). Stop it first.`);
  }
  rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
