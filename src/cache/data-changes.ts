import type { Database } from '../db/database';

/** Told where the write ended in the primary's WAL, when the hub reads from a replica (else null). */
type Listener = (written: string | null) => Promise<void> | void;

/**
 * Who wants to know when figures change. Keyed by the database rather than passed through the
 * services, so that every writer (imports, curator mappings, the CLI) reaches the response cache
 * of its hub with one call and no new constructor argument.
 */
const listeners = new WeakMap<Database, Set<Listener>>();

/** Calls `listener` after every committed write that changes figures in `db`; returns a function that stops it. */
export function onDataChanged(db: Database, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Says that a write that changes figures has been committed. Awaited by the writer, so that when
 * an import answers, every hub has already stopped serving cached answers from before it.
 */
export async function dataChanged(db: Database): Promise<void> {
  // First, so that this hub's next reads wait for the replica to have it (src/db/replica.ts).
  const written = await db.written();
  const set = listeners.get(db);
  if (!set) return;
  await Promise.all([...set].map(async (listener) => listener(written)));
}
