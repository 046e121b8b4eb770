import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptNodeOptions } from '../../bench/start-options';
import { repoRoot } from '../../src/paths';

/**
 * The import command as a user runs it (`npm run import`, built): MAX_UPLOAD_BYTES limits what
 * clients send to the hub over HTTP, not a file its own user imports. The figures are TEST DATA.
 */
const CLI = path.join(repoRoot, 'dist', 'src', 'cli', 'import.js');
const SHARE = 'qualification_programme.exits_to_work_share';
const serverUrl = process.env.DATABASE_URL;
const schema = `test_cli_${randomBytes(6).toString('hex')}`;
let scratch: string;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 240_000,
  });
  scratch = mkdtempSync(path.join(tmpdir(), 'malestokk-import-cli-'));
}, 250_000);
afterAll(async () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  if (serverUrl) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
});

/** Runs the built command as `npm run import` does: with that script's node options. */
function importFile(file: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const database = serverUrl ? { DATABASE_URL: serverUrl, DATABASE_SCHEMA: schema } : { DATA_DIR: path.join(scratch, 'data') };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...scriptNodeOptions('import'), CLI, file, '--format', 'curator-csv'],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...database, ...env }, timeout: 240_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('npm run import', () => {
  it('imports a file larger than MAX_UPLOAD_BYTES, the limit of HTTP uploads', async () => {
    const rows = Array.from({ length: 24 }, (_, i) => `municipality,1804,Testandel (oppdiktet),${2000 + i},"${20 + i} %",${SHARE}`);
    const file = path.join(scratch, 'larger-than-the-upload-limit.csv');
    writeFileSync(file, ['area_kind,area_code,label,period,value,indicator,source_title,publisher', `${rows[0]},TESTDATA – oppdiktet,Testkilde`, ...rows.slice(1).map((r) => `${r},,`)].join('\n'));
    expect(statSync(file).size).toBeGreaterThan(1024);

    const run = await importFile(file, { MAX_UPLOAD_BYTES: '1024' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Status: created');
    expect(run.stdout).toMatch(/observations \(wrote\)\D+24\b/);
    expect(run.stdout).toMatch(/Done in [\d.]+ s\./);
  }, 300_000);

  it('refuses a file that is not UTF-8 text, naming the file, and writes nothing', async () => {
    const file = path.join(scratch, 'latin1.csv');
    writeFileSync(file, Buffer.from('area_kind,area_code,label,period,value\nmunicipality,1804,Testandel for kvinner og m\xe6nn (oppdiktet),2018,12\n', 'latin1'));
    const run = await importFile(file, {});
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Import refused; nothing was written:\n  latin1.csv: the document is not UTF-8 text (a PDF or another binary file?); import the text extracted from it\n');
  }, 300_000);

  // Only node's command line chooses V8's WebAssembly compiler from Node 22 on, and only the
  // embedded database is compiled by it.
  it.skipIf(serverUrl !== undefined || Number(process.versions.v8.split('.')[0]) < 12)(
    'refuses EMBEDDED_WASM_COMPILER=optimising under --liftoff-only, naming the command to run, before it opens the database',
    async () => {
      const file = path.join(scratch, 'optimising.csv');
      writeFileSync(file, `area_kind,area_code,label,period,value,indicator,source_title,publisher\nmunicipality,1804,Testandel (oppdiktet),2018,"12 %",${SHARE},TESTDATA – oppdiktet,Testkilde\n`);
      const dataDir = path.join(scratch, 'never-opened');
      const run = await importFile(file, { EMBEDDED_WASM_COMPILER: 'optimising', DATA_DIR: dataDir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('EMBEDDED_WASM_COMPILER=optimising cannot apply');
      expect(run.stderr).toContain('node --max-semi-space-size=8 --heap-growing-percent=50 --no-concurrent-recompilation dist/src/cli/import.js <file> [options]');
      expect(existsSync(dataDir)).toBe(false);
    },
    300_000,
  );
});
