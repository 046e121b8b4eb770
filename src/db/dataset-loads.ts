import type { PoolClient } from 'pg';
import { z } from 'zod';
import type { Database } from './database';

const ChecksumRow = z.object({ sha256: z.string() });

export type DatasetLoad<T> = { loaded: false } | { loaded: true; result: T };

/**
 * Loads a reference data set (the taxonomy, the municipalities and offices) at most once per
 * checksum: start-up comes here on every restart, and an unchanged file costs one query.
 *
 * A new checksum is written in one transaction that first takes a lock on the data set's name in
 * this schema: two hubs starting together against one database would otherwise both see the new
 * checksum and write the same rows twice (and fail on a primary key). The second waits for the
 * first, then finds the checksum stored and writes nothing. The lock names the schema, so hubs
 * and test runs on other schemas of the same server do not wait for each other.
 */
export async function loadOncePerChecksum<T>(
  db: Database,
  dataset: { name: string; sha256: string },
  write: (client: PoolClient) => Promise<T>,
): Promise<DatasetLoad<T>> {
  const stored = await db.rows(ChecksumRow, 'dataset_loads.sha256', 'SELECT sha256 FROM dataset_loads WHERE name = $1', [dataset.name]);
  if (stored[0]?.sha256 === dataset.sha256) return { loaded: false };

  return db.transaction(async (client): Promise<DatasetLoad<T>> => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':dataset_loads:' || $1))`, [dataset.name]);
    const again = await client.query<{ sha256: string }>('SELECT sha256 FROM dataset_loads WHERE name = $1', [dataset.name]);
    if (again.rows[0]?.sha256 === dataset.sha256) return { loaded: false };
    const result = await write(client);
    await client.query(
      `INSERT INTO dataset_loads (name, sha256, loaded_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, loaded_at = EXCLUDED.loaded_at`,
      [dataset.name, dataset.sha256],
    );
    return { loaded: true, result };
  });
}
