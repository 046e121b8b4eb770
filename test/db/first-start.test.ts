import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { expect, it } from 'vitest';
import { createHub } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import { scratchDirs } from '../support/scratch';

// A hub's first start on a new data folder, as `npm start` makes it: the database is created and
// seeded in a child process (src/first-start.ts), then opened by the hub.
const freshDir = scratchDirs('malestokk-first-start-');

function hubConfig(dataDir: string, extra: Record<string, string> = {}) {
  return loadConfig({ DATA_DIR: dataDir, SEED: 'true', LOG_LEVEL: 'info', CACHE_TTL_SECONDS: '0', ...extra });
}

/** A logger that keeps the messages of what it logs. */
function capturingLogger(): { logger: Logger; messages: string[] } {
  const messages: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => messages.push(String((JSON.parse(line) as { msg?: unknown }).msg)) });
  return { logger, messages };
}

const RANKED = '{ ranking(indicator: "social_assistance.recipients_yearly", period: "2020", level: OFFICE) { coverage { ranked } } }';

it('creates and seeds a new data folder in a child process, logs its progress as the hub, and a restart finds it loaded', async () => {
  const dataDir = freshDir();
  // What a first start stopped half-way leaves behind: the child's folder, made anew.
  mkdirSync(path.join(dataDir, 'first-start', 'pgdata'), { recursive: true });
  writeFileSync(path.join(dataDir, 'first-start', 'pgdata', 'PG_VERSION'), '17\n');

  const first = capturingLogger();
  const hub = await createHub(hubConfig(dataDir), first.logger);
  let ranked: number;
  try {
    expect(first.messages).toEqual(expect.arrayContaining(['applied migrations', 'loaded reference data', 'loaded taxonomy', 'imported sample document']));
    const answer = await hub.execute<{ ranking: { coverage: { ranked: number } } }>(RANKED);
    expect(answer.errors).toBeUndefined();
    ranked = answer.data?.ranking.coverage.ranked ?? 0;
    expect(ranked).toBeGreaterThan(200);
    expect(readdirSync(dataDir).sort()).toEqual(['malestokk.lock', 'pgdata']);
  } finally {
    await hub.close();
  }

  const again = capturingLogger();
  const restarted = await createHub(hubConfig(dataDir), again.logger);
  try {
    expect(again.messages).not.toContain('applied migrations');
    expect(again.messages).not.toContain('imported sample document');
    expect((await restarted.execute<{ ranking: { coverage: { ranked: number } } }>(RANKED)).data?.ranking.coverage.ranked).toBe(ranked);
  } finally {
    await restarted.close();
  }
}, 240_000);

it('stops a first start whose seed fails with the reason, and leaves no database, no half-seeded folder and no lock', async () => {
  const dataDir = freshDir();
  // Every sample document is larger than this: the seed's first import is refused.
  const refused = createHub(hubConfig(dataDir, { MAX_UPLOAD_BYTES: '1024', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  await expect(refused).rejects.toThrow(`could not create and seed the embedded database in ${path.join(dataDir, 'pgdata')}: `);
  await expect(refused).rejects.toThrow(/the limit is 1024 bytes/);
  expect(readdirSync(dataDir)).toEqual([]);
  expect(existsSync(path.join(dataDir, 'pgdata'))).toBe(false);
}, 240_000);
