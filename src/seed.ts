import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Logger } from './logger';
import { loadReferenceData } from './modules/geography/reference-data';
import { refreshDerivedFigures } from './modules/observations/derived-figures';
import { loadTaxonomy } from './modules/taxonomy/taxonomy.seed';
import { repoRoot } from './paths';
import type { Database } from './db/database';
import { Services } from './services';
import { forgetOtherSnapshots, makeRankingSnapshots } from './modules/comparison/ranking-snapshots';

const manifestSchema = z.object({
  documents: z.array(
    z.object({
      file: z.string(),
      format: z.string(),
      mapping: z.string().optional(),
      title: z.string(),
      publisher: z.string(),
      // A document whose figures each name their own area (a national extract) names none.
      area: z.object({ kind: z.enum(['office', 'municipality']), code: z.string() }).optional(),
      report_year: z.number().int(),
      url: z.string().optional(),
      licence: z.string().optional(),
      provenance: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
});

export const SAMPLE_MANIFEST = path.join(repoRoot, 'reference', 'seeds', 'manifest.yaml');

/**
 * Applies the migrations the database lacks and, when `options.seed`, loads the seed (below); returns
 * the services on it. What every start does, in the hub (src/app.ts) and in the child that makes a
 * new embedded database (src/first-start.ts).
 */
export async function migrateAndSeed(db: Database, options: { seed: boolean; maxUploadBytes: number }, logger: Logger): Promise<Services> {
  const applied = await db.migrate();
  if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
  const services = new Services(db, { maxUploadBytes: options.maxUploadBytes });
  if (options.seed) await seed(services, logger);
  // Rankings whose snapshots a write forgot since (an import, reference data, the taxonomy), or
  // that another release's ranking statement made: made once here, not by the first requests.
  const made = await db.transaction(async (client) => {
    await forgetOtherSnapshots(client);
    return makeRankingSnapshots(client);
  });
  if (made) logger.info({ rankings: made }, 'made ranking snapshots');
  return services;
}

/**
 * Loads what a newcomer needs to see real data at first start: reference geography, the
 * taxonomy, the sample reports. Each step is idempotent, so a restart changes nothing.
 */
export async function seed(services: Services, logger: Logger): Promise<void> {
  const reference = await loadReferenceData(services.db);
  if (reference.loaded) {
    logger.info({ counts: reference.counts }, 'loaded reference data');
    // The hub's own tables only: a bare ANALYZE visits every schema of the database, and on a
    // server shared with other hubs (or other test files) it waits for their locks, minutes at a time.
    const tables: { name: string }[] = await services.db.dataSource.query(
      "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema()",
    );
    if (tables.length) await services.db.dataSource.query(`ANALYZE ${tables.map((t) => t.name).join(', ')}`);
  }
  const taxonomy = await loadTaxonomy(services.db, undefined, { logger });
  if (taxonomy.loaded) logger.info({ version: taxonomy.version, indicators: taxonomy.indicators }, 'loaded taxonomy');
  const written = await importSamples(services, logger);
  // Each import derives the figures of what it wrote, on the reference data loaded above; only
  // documents that were already there need their derived figures redone for new reference data
  // (populations, office areas) or derivation rules. On a first start there are none.
  const counted: unknown[] = await services.db.dataSource.query(
    'SELECT count(*)::int AS earlier FROM sources WHERE superseded_by_id IS NULL AND NOT (id = ANY($1::int[]))',
    [written],
  );
  const { earlier } = z.object({ earlier: z.number().int() }).parse(counted[0]);
  if ((reference.loaded || taxonomy.loaded) && earlier > 0) {
    // The ranking snapshots this forgets are made once, by migrateAndSeed, after the whole seed.
    const derived = await services.db.transaction((client) => refreshDerivedFigures(client));
    logger.info(derived, 'derived figures refreshed');
    await services.db.dataSource.query('ANALYZE observations');
  }
}

/**
 * Imports the sample documents listed in reference/seeds/manifest.yaml; a document imported before
 * is left as it is. Returns the ids of the sources written now.
 */
export async function importSamples(services: Services, logger: Logger): Promise<number[]> {
  const written: number[] = [];
  const manifest = manifestSchema.parse(parseYaml(readFileSync(SAMPLE_MANIFEST, 'utf8')));
  for (const doc of manifest.documents) {
    const file = path.join(repoRoot, doc.file);
    const report = await services.imports.run({
      document: readFileSync(file),
      fileName: doc.file,
      format: doc.format,
      mapping: doc.mapping ? readFileSync(path.join(repoRoot, doc.mapping), 'utf8') : undefined,
      mappingFileName: doc.mapping,
      title: doc.title,
      publisher: doc.publisher,
      area: doc.area,
      reportYear: doc.report_year,
      url: doc.url,
      licence: doc.licence,
      provenance: doc.provenance,
    });
    if (report.status !== 'unchanged') {
      written.push(report.source.id);
      logger.info({ file: doc.file, observations: report.written.observations, warnings: report.plan.warnings.length }, 'imported sample document');
    }
  }
  return written;
}
