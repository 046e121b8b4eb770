import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir, STALE_LOCK_MS } from '../../src/db/lock';
import { scratchDirs } from '../support/scratch';

const freshDir = scratchDirs('malestokk-lock-');
const lockPath = (dir: string) => path.join(dir, 'malestokk.lock');

describe('the embedded database folder lock', () => {
  it('lets one holder in, refuses the next while held, and lets it in once released', () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`The embedded database in ${dir} is in use by another process`);
    release();
    expect(existsSync(lockPath(dir))).toBe(false);
    lockDataDir(dir)();
  });

  it('refuses a folder whose lock another process keeps fresh', () => {
    const dir = freshDir();
    mkdirSync(lockPath(dir));
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(existsSync(lockPath(dir))).toBe(true);
  });

  it('takes over a lock that a hub which stopped abruptly left, once it is stale', () => {
    const dir = freshDir();
    mkdirSync(lockPath(dir));
    const stopped = new Date(Date.now() - STALE_LOCK_MS - 5_000);
    utimesSync(lockPath(dir), stopped, stopped);
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    release();
  });

  it('removes the pid file of an earlier version whose process is gone, and refuses one whose process runs', () => {
    const gone = freshDir();
    // Far above any pid the system hands out.
    writeFileSync(lockPath(gone), '999999999');
    lockDataDir(gone)();

    const running = freshDir();
    writeFileSync(lockPath(running), String(process.ppid));
    expect(() => lockDataDir(running)).toThrow(`is in use by process ${process.ppid}`);
  });
});
