import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { Database } from '../../src/db/database';
import { scratchDirs } from '../support/scratch';

// The embedded database on files, as `npm start` runs it; the other tests use memory://.
const freshDir = scratchDirs('malestokk-data-');

it('creates a new data directory, keeps what was written across a restart and runs with the small buffer pool', async () => {
  const dataDir = freshDir();
  const first = await Database.open({ dataDir });
  try {
    expect(existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    await first.dataSource.query('CREATE TABLE kept (id int)');
    await first.dataSource.query('INSERT INTO kept VALUES (42)');
  } finally {
    await first.close();
  }
  // initdb's configuration stays as it wrote it: the settings travel on the command line.
  expect(readFileSync(path.join(dataDir, 'pgdata', 'postgresql.conf'), 'utf8')).toMatch(/^max_connections = 100/m);

  const again = await Database.open({ dataDir });
  try {
    expect(await again.sql('test.kept', 'SELECT id FROM kept')).toEqual([{ id: 42 }]);
    const settings = await again.sql<{ name: string; setting: string }>(
      'test.settings',
      "SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('shared_buffers', 'maintenance_work_mem') ORDER BY name",
    );
    expect(settings).toEqual([
      { name: 'maintenance_work_mem', setting: '16MB' },
      { name: 'shared_buffers', setting: '16MB' },
    ]);
  } finally {
    await again.close();
  }
}, 120_000);

it('says which directory could not be created, and leaves it unlocked', async () => {
  const dataDir = freshDir();
  // A file where the database's folder should go: initdb cannot create it.
  writeFileSync(path.join(dataDir, 'pgdata'), 'not a folder');
  await expect(Database.open({ dataDir })).rejects.toThrow(`could not create the embedded database in ${path.join(dataDir, 'pgdata')}`);
  expect(existsSync(path.join(dataDir, 'malestokk.lock'))).toBe(false);
  // Unlocked: a second try meets the same problem, not a folder "in use".
  await expect(Database.open({ dataDir })).rejects.toThrow('could not create the embedded database');
}, 120_000);

it('compiles the embedded database with the baseline compiler unless EMBEDDED_WASM_COMPILER says optimising', () => {
  expect(loadConfig({}).EMBEDDED_WASM_COMPILER).toBe('baseline');
  expect(loadConfig({ EMBEDDED_WASM_COMPILER: 'optimising' }).EMBEDDED_WASM_COMPILER).toBe('optimising');
  expect(() => loadConfig({ EMBEDDED_WASM_COMPILER: 'turbofan' })).toThrow(ConfigError);
  expect(() => loadConfig({ EMBEDDED_WASM_COMPILER: 'turbofan' })).toThrow(/EMBEDDED_WASM_COMPILER="turbofan": .*"baseline".*"optimising"/);
});
