import type { MigrationInterface, QueryRunner } from 'typeorm';

const EXTENSIONS = ['unaccent', 'pg_trgm'] as const;

/**
 * Search that forgives accents and case: `bodo` finds Bodø, `sykefravaer` finds sykefravær.
 *
 * The extensions belong to the whole database, not to one schema. Where they are not installed
 * yet, they go into `public` (or, without the right to create there, the hub's own schema), never
 * into a schema that is dropped with its hub: the tests drop theirs, and dropping an extension
 * takes every other schema's search functions and indexes with it. Wherever they live, the hub
 * reaches them only through the wrappers below, which name that schema, so the hub's own
 * search_path need not include it.
 */
export class Search1764460800002 implements MigrationInterface {
  name = 'Search1764460800002';

  async up(q: QueryRunner): Promise<void> {
    // Hubs migrating at the same time (test files, replicas) would race to create the extensions.
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('malestokk:extensions'))`);
    const schemaOf: Record<string, string> = {};
    for (const extension of EXTENSIONS) {
      let [row] = (await q.query(
        `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1`,
        [extension],
      )) as { schema: string }[];
      if (!row) {
        row = await onlyRow<{ schema: string }>(
          q,
          `SELECT CASE WHEN to_regnamespace('public') IS NULL THEN current_schema()
                       WHEN has_schema_privilege('public', 'CREATE') THEN 'public'
                       ELSE current_schema() END AS schema`,
        );
        await q.query(`CREATE EXTENSION IF NOT EXISTS ${extension} SCHEMA ${quoteIdent(row.schema)}`);
      }
      schemaOf[extension] = quoteIdent(row.schema);
    }
    const unaccent = schemaOf.unaccent;
    const trgm = schemaOf.pg_trgm;

    // The one normal form of searched text and of the query: lower case without accents
    // (Bodø → bodo, sykefravær → sykefravaer, Målselv → malselv). unaccent() is only STABLE because
    // it finds its dictionary by search_path; with the dictionary named, the result never changes,
    // which lets indexes use it.
    await q.query(`
      CREATE FUNCTION search_text(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT lower(${unaccent}.unaccent('${unaccent}.unaccent'::regdictionary, value))
      $$`);
    // How closely a query resembles a text (pg_trgm trigram similarity, 0 to 1), for ordering
    // hits of the same kind of match, and for a word that is misspelt rather than missing.
    await q.query(`
      CREATE FUNCTION search_similarity(query text, value text) RETURNS real
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT ${trgm}.similarity(query, value)
      $$`);
    await q.query(`
      CREATE FUNCTION search_word_similarity(word text, value text) RETURNS real
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT ${trgm}.word_similarity(word, value)
      $$`);

    // Trigram indexes on the normal form of every searched name, for substring matches (LIKE).
    const indexes: [string, string, string][] = [
      ['municipalities_name_search_idx', 'municipalities', 'name'],
      ['municipality_codes_name_search_idx', 'municipality_codes', 'name'],
      ['offices_name_search_idx', 'offices', 'name'],
      ['counties_name_search_idx', 'counties', 'name'],
      ['indicators_name_nb_search_idx', 'indicators', 'name_nb'],
      ['indicators_name_en_search_idx', 'indicators', 'name_en'],
    ];
    for (const [index, table, column] of indexes) {
      await q.query(`CREATE INDEX ${index} ON ${table} USING gin (search_text(${column}) ${trgm}.gin_trgm_ops)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'indicators_name_en_search_idx', 'indicators_name_nb_search_idx', 'counties_name_search_idx',
      'offices_name_search_idx', 'municipality_codes_name_search_idx', 'municipalities_name_search_idx',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`DROP FUNCTION search_word_similarity(text, text)`);
    await q.query(`DROP FUNCTION search_similarity(text, text)`);
    await q.query(`DROP FUNCTION search_text(text)`);
    // The extensions stay: other schemas of the database may use them.
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The row of a statement that always returns exactly one (a SELECT without FROM). */
async function onlyRow<T>(q: QueryRunner, text: string): Promise<T> {
  const [row] = (await q.query(text)) as T[];
  if (!row) throw new Error(`expected one row from: ${text}`);
  return row;
}
