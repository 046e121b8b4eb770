import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { Database } from '../../src/db/database';
import { adminQuery, databaseUrl } from './server';
import type { DatabaseTemplates } from './templates';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * schema on the PostgreSQL server named by DATABASE_URL, dropped again afterwards. Every run
 * draws new names, so a run that was killed before dropping what it made leaves it unused,
 * never in the way of the next run.
 *
 * It starts from a copy made once per run where there is one (test/support/templates.ts): on the
 * embedded database, migrated, or with `seeded` also loaded as a first `npm start` loads it; on a
 * server, with `seeded`, a database of its own copied from the seeded one.
 */
export async function openTestDatabase(options: { seeded?: boolean } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const templates = provided();
  if (!url) {
    const template = templates?.kind === 'embedded' ? (options.seeded ? templates.seeded : templates.migrated) : undefined;
    const initialData = template ? new Blob([readFileSync(template)]) : undefined;
    return migrated(await Database.open({ dataDir: 'memory://', initialData }));
  }
  if (options.seeded && templates?.kind === 'server') return seededServerCopy(url, templates.seeded);
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const db = await Database.open({ url, schema });
  const close = db.close.bind(db);
  db.close = async () => {
    try {
      await db.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    } finally {
      await close();
    }
  };
  return migrated(db);
}

/** Whether `openTestDatabase({ seeded: true })` gives a copy that holds what the seed loads. */
export function seededCopies(): boolean {
  const templates = provided();
  return templates !== undefined && (templates.kind === 'server') === Boolean(process.env.DATABASE_URL);
}

async function seededServerCopy(url: string, template: string): Promise<Database> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const drop = () => adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  let db: Database;
  try {
    db = await Database.open({ url: databaseUrl(url, name) });
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  const close = db.close.bind(db);
  db.close = async () => {
    try {
      await close();
    } finally {
      await drop();
    }
  };
  return migrated(db);
}

async function migrated(db: Database): Promise<Database> {
  try {
    await db.migrate();
  } catch (error) {
    // A migration that fails must not leave its half-built schema or an open pool behind.
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

function provided(): DatabaseTemplates | undefined {
  // Undefined where the run has no global setup (the mutation run's configuration).
  return inject('databaseTemplates') as DatabaseTemplates | undefined;
}
