import type { Database } from './database';

/**
 * Runs `work` (migrations and the seed) while holding a lock that every hub on the same schema
 * takes first, so that several hubs starting at once against a new database migrate it once, one
 * after another, instead of racing to create the same tables. A session lock on a connection of
 * its own: the work itself runs on the pool's other connections and in transactions of its own.
 * The embedded database serves one process and one connection, so it needs (and allows) none.
 */
export async function withStartUpLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (db.kind !== 'server') return work();
  const client = await db.pool.connect();
  let broken = false;
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext(current_schema() || ':start-up'))`);
    return await work();
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    // A session lock lives as long as its connection; a released connection goes back to the
    // pool, so the lock is given up explicitly, or the connection closed with it.
    if (!broken) await client.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || ':start-up'))`).catch(() => (broken = true));
    client.release(broken);
  }
}
