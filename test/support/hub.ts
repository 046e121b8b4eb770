import { createHub, type Hub } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { loadReferenceData } from '../../src/modules/geography/reference-data';
import { loadTaxonomy } from '../../src/modules/taxonomy/taxonomy.seed';
import { openTestDatabase, seededCopies } from './db';

export const CURATOR_KEY = 'test-curator-key-0123456789';

/**
 * A hub on a fresh database of its own. With `seed`, the same start-up loading as `npm start`
 * (reference data, taxonomy, sample reports): a copy of a database so loaded once per run
 * (test/support/templates.ts). With `reference`, the real geography and the taxonomy only, loaded
 * into this database, for tests that import figures of their own. The response cache is off unless `cacheTtlSeconds`
 * is given: tests that write with SQL behind the hub's back would otherwise read old answers.
 */
export async function createTestHub(options: { seed?: boolean; reference?: boolean; cacheTtlSeconds?: number } = {}): Promise<Hub> {
  const db = await openTestDatabase({ seeded: options.seed });
  const config = loadConfig({
    // A seeded copy holds what the seed loads already: seeding it again would only find that out.
    SEED: options.seed && !seededCopies() ? 'true' : 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    API_KEYS: `newsroom:${CURATOR_KEY}`,
    CACHE_TTL_SECONDS: String(options.cacheTtlSeconds ?? 0),
  });
  const hub = await createHub(config, createLogger(config.LOG_LEVEL), { db });
  if (options.reference) {
    await loadReferenceData(hub.db);
    await loadTaxonomy(hub.db);
  }
  return hub;
}
