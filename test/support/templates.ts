import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { seed } from '../../src/seed';
import { Services } from '../../src/services';
import { adminQuery, databaseUrl } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** What test files start their databases from (test/support/db.ts). */
    databaseTemplates: DatabaseTemplates;
  }
}

export type DatabaseTemplates =
  /** Dumped embedded databases (PGlite's dumpDataDir), as files. */
  | { kind: 'embedded'; migrated: string; seeded: string }
  /** A seeded database on the server, which CREATE DATABASE copies. */
  | { kind: 'server'; seeded: string };

/**
 * Vitest's global setup: the databases that test files start from, made once per run, so that a
 * file starts in under a second. On the embedded database, a migrated and a seeded one (what
 * `npm start` loads on a first start), dumped: initdb alone took three to five seconds per file,
 * and the seed ten more for each file that wanted it. On a server, a seeded database of its own,
 * which a file wanting the seed copies (`CREATE DATABASE … TEMPLATE`, under a second) instead of
 * seeding for ten seconds; other files keep a fresh schema each, which takes a second.
 */
export default async function makeTemplates(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  return url ? serverTemplate(project, url) : embeddedTemplates(project);
}

async function embeddedTemplates(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'malestokk-templates-'));
  const db = await Database.open({ dataDir: 'memory://' });
  try {
    const dump = async (name: string) => {
      const file = path.join(dir, `${name}.tar`);
      const data = await db.embeddedDatabase?.dumpDataDir('none');
      if (!data) throw new Error('the embedded database could not be dumped');
      writeFileSync(file, Buffer.from(await data.arrayBuffer()));
      return file;
    };
    await db.migrate();
    const migrated = await dump('migrated');
    await seed(new Services(db), createLogger('silent'));
    const seeded = await dump('seeded');
    project.provide('databaseTemplates', { kind: 'embedded', migrated, seeded });
  } finally {
    await db.close();
  }
  return () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
}

async function serverTemplate(project: TestProject, url: string): Promise<() => Promise<void>> {
  // A name of this run's own: a run killed before its teardown leaves its template unused, never in the way.
  const name = `malestokk_seeded_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE "${name}"`);
  const drop = () => adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    const db = await Database.open({ url: databaseUrl(url, name) });
    try {
      await db.migrate();
      await seed(new Services(db), createLogger('silent'));
    } finally {
      await db.close();
    }
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  project.provide('databaseTemplates', { kind: 'server', seeded: name });
  return drop;
}
