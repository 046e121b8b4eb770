import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { Database } from '../../src/db/database';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * schema on the PostgreSQL server named by DATABASE_URL, dropped again afterwards. Every run
 * draws new schema names, so a run that was killed before dropping its schemas leaves them
 * unused, never in the way of the next run.
 *
 * An embedded database starts from a copy made once per run (test/support/templates.ts): migrated,
 * or with `seeded` also loaded as a first `npm start` loads it.
 */
export async function openTestDatabase(options: { seeded?: boolean } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const schema = url ? `test_${randomBytes(6).toString('hex')}` : 'public';
  const template = embeddedTemplate(options.seeded ?? false);
  const initialData = template ? new Blob([readFileSync(template)]) : undefined;
  const db = await Database.open({ url, schema, dataDir: 'memory://', initialData });
  if (url) {
    const close = db.close.bind(db);
    db.close = async () => {
      try {
        await db.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      } finally {
        await close();
      }
    };
  }
  try {
    await db.migrate();
  } catch (error) {
    // A migration that fails must not leave its half-built schema or an open pool behind.
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

/** The copy an embedded test database starts from; null on a server, or where the run made none. */
export function embeddedTemplate(seeded: boolean): string | null {
  if (process.env.DATABASE_URL) return null;
  const templates = inject('embeddedTemplates') as ProvidedTemplates | undefined;
  return templates ? (seeded ? templates.seeded : templates.migrated) : null;
}

type ProvidedTemplates = NonNullable<ReturnType<typeof inject<'embeddedTemplates'>>>;
