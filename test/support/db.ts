import { randomBytes } from 'node:crypto';
import { Database } from '../../src/db/database';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * schema on the PostgreSQL server named by DATABASE_URL, dropped again afterwards. Every run
 * draws new schema names, so a run that was killed before dropping its schemas leaves them
 * unused, never in the way of the next run.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const schema = url ? `test_${randomBytes(6).toString('hex')}` : 'public';
  const db = await Database.open({ url, schema, dataDir: 'memory://' });
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
