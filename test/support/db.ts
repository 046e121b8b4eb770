import { randomBytes } from 'node:crypto';
import { Database } from '../../src/db/database';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * schema on the PostgreSQL server named by DATABASE_URL, dropped again afterwards.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const schema = url ? `test_${randomBytes(6).toString('hex')}` : 'public';
  const db = await Database.open({ url, schema, dataDir: 'memory://' });
  await db.migrate();
  if (url) {
    const close = db.close.bind(db);
    db.close = async () => {
      await db.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await close();
    };
  }
  return db;
}
