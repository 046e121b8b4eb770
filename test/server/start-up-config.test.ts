import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/paths';

/**
 * The hub as an operator starts it, `node dist/src/main.js`, with settings from the real
 * environment: a mistake stops start-up with one line on stderr naming the variable, exit code 2,
 * and no stack trace. The build is incremental, so it costs little when dist is current.
 */
const MAIN = path.join(repoRoot, 'dist', 'src', 'main.js');
let scratch: string;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 240_000,
  });
  scratch = mkdtempSync(path.join(tmpdir(), 'malestokk-config-'));
}, 250_000);
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  stderr: string;
  stdout: string;
}

/** Starts the hub with exactly these variables (and PATH), on a free loopback port and a data folder of its own. */
function start(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: path.join(scratch, 'data'), SEED: 'false', ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

function expectRefused(exit: Exit, line: RegExp): void {
  expect(exit.code, exit.stderr).toBe(2);
  const lines = exit.stderr.trim().split('\n');
  expect(lines, exit.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(exit.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('start-up with a mistake in the environment', () => {
  it('names a port that is not a number', async () => {
    expectRefused(await start({ PORT: 'http' }), /^Invalid configuration: PORT="http": /);
  });

  it('names a limit out of its range', async () => {
    expectRefused(await start({ MAX_QUERY_DEPTH: '1' }), /^Invalid configuration: MAX_QUERY_DEPTH="1": .*2/);
  });

  it('names a DATABASE_URL that is not PostgreSQL, without its password', async () => {
    const exit = await start({ DATABASE_URL: 'mysql://root:hunter2hunter2@localhost/db' });
    expectRefused(exit, /^Invalid configuration: DATABASE_URL="mysql:\/\/root:\*\*\*@localhost\/db": must be a PostgreSQL URL/);
    expect(exit.stderr).not.toContain('hunter2');
  });

  it('lists every wrong variable at once, one per line after the first', async () => {
    const exit = await start({ PORT: 'http', LOG_LEVEL: 'loud' });
    expect(exit.code).toBe(2);
    expect(exit.stderr.trim().split('\n')).toEqual([
      'Invalid configuration; fix these environment variables:',
      expect.stringMatching(/^ {2}PORT="http": /),
      expect.stringMatching(/^ {2}LOG_LEVEL="loud": /),
    ]);
  });

  it('names an API key that is too short, and never prints the key', async () => {
    const exit = await start({ API_KEYS: 'newsroom:short-key' });
    expectRefused(exit, /API_KEYS entry 1: expected name:key with a key of at least 16 characters/);
    expect(exit.stderr).not.toContain('short-key');
  });

  it('names a keys file it cannot read, and the line of a bad entry in one it can', async () => {
    expectRefused(await start({ API_KEYS_FILE: path.join(scratch, 'missing.txt') }), /API_KEYS_FILE=.*missing\.txt: cannot read the file/);
    const file = path.join(scratch, 'keys.txt');
    writeFileSync(file, '# curators\nnewsroom:0123456789abcdef0123\nresearch\n');
    expectRefused(await start({ API_KEYS_FILE: file }), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 3: expected name:key`));
  });
});
