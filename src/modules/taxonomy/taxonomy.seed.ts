import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Database } from '../../db/database';
import type { Logger } from '../../logger';
import { loadOncePerChecksum } from '../../db/dataset-loads';
import { repoRoot } from '../../paths';
import { parseTaxonomy, type RelationKind, SYMMETRIC_KINDS, type Taxonomy, type TaxonomyTheme } from './taxonomy.schema';

const CodeRow = z.object({ code: z.string() });

/**
 * The canonical indicator taxonomy: `reference/taxonomy.yaml`, validated by taxonomy.schema.ts,
 * loaded into `themes`, `indicators` and `indicator_relations`.
 *
 * Loading is idempotent: the file's sha256 is kept in `dataset_loads`, an unchanged file costs
 * one query, and a changed one is written in one transaction of set-based upserts. Indicators
 * are upserted by code, so their ids (which observations, targets and raw indicators reference)
 * never change; an indicator taken out of the file stays in the table as retired.
 */

export const TAXONOMY_FILE = path.join('reference', 'taxonomy.yaml');
const DATASET = 'taxonomy';

export interface TaxonomyLoadResult {
  /** False when the file was already loaded (same sha256): nothing was written. */
  loaded: boolean;
  version: string;
  themes: number;
  indicators: number;
  /** Relation rows as stored: symmetric kinds count twice. */
  relations: number;
  /** Indicators in the database that the file no longer has; kept because observations may reference them. */
  retired: number;
  retiredCodes: string[];
}

export interface LoadTaxonomyOptions {
  logger?: Logger;
}

/**
 * Loads the taxonomy file into the database unless this exact file (by sha256) is already loaded.
 * Throws a TaxonomyError, and writes nothing, for an invalid file.
 */
export async function loadTaxonomy(
  db: Database,
  file: string = defaultTaxonomyFile(),
  options: LoadTaxonomyOptions = {},
): Promise<TaxonomyLoadResult> {
  const bytes = readFileSync(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const taxonomy = parseTaxonomy(bytes.toString('utf8'), displayName(file));
  const themes = themesParentsFirst(taxonomy.themes);
  const relations = relationRows(taxonomy);
  const codes = taxonomy.indicators.map((i) => i.code);
  const summary = { version: taxonomy.version, themes: themes.length, indicators: codes.length, relations: relations.length };

  const outcome = await loadOncePerChecksum(db, { name: DATASET, sha256 }, async (client) => {
    // The version is how readers tell which definition a figure was mapped under; a changed file
    // under an old version still loads, but someone should hear of it.
    const sameVersion = await client.query('SELECT 1 FROM indicators WHERE taxonomy_version = $1 LIMIT 1', [taxonomy.version]);
    if (sameVersion.rowCount) {
      options.logger?.warn({ version: taxonomy.version }, 'the taxonomy file changed but its version did not; change `version` in the file');
    }

    await client.query(
      `INSERT INTO themes (code, name_nb, name_en, description, parent_code, sort_order)
       SELECT t.code, t.name_nb, t.name_en, t.description, t.parent_code, t.sort_order
         FROM json_to_recordset($1::json)
           AS t(code text, name_nb text, name_en text, description text, parent_code text, sort_order integer)
       ON CONFLICT (code) DO UPDATE SET
         name_nb = EXCLUDED.name_nb, name_en = EXCLUDED.name_en, description = EXCLUDED.description,
         parent_code = EXCLUDED.parent_code, sort_order = EXCLUDED.sort_order`,
      [JSON.stringify(themes)],
    );

    // Upsert by code: an existing indicator keeps its id, which observations reference.
    await client.query(
      `INSERT INTO indicators (code, name_nb, name_en, description, theme_code, unit, period_type, direction,
                               population, comparability_notes, external_codes, derivation, taxonomy_version)
       SELECT i.code, i.name_nb, i.name_en, i.description, i.theme, i.unit, i.period_type, i.direction,
              i.population, i.comparability_notes, i.external_codes, i.derivation, $2
         FROM json_to_recordset($1::json)
           AS i(code text, name_nb text, name_en text, description text, theme text, unit text, period_type text,
                direction text, population text, comparability_notes text, external_codes jsonb, derivation jsonb)
       ON CONFLICT (code) DO UPDATE SET
         name_nb = EXCLUDED.name_nb, name_en = EXCLUDED.name_en, description = EXCLUDED.description,
         theme_code = EXCLUDED.theme_code, unit = EXCLUDED.unit, period_type = EXCLUDED.period_type,
         direction = EXCLUDED.direction, population = EXCLUDED.population,
         comparability_notes = EXCLUDED.comparability_notes, external_codes = EXCLUDED.external_codes,
         derivation = EXCLUDED.derivation, taxonomy_version = EXCLUDED.taxonomy_version`,
      [JSON.stringify(taxonomy.indicators.map(({ related: _related, ...row }) => row)), taxonomy.version],
    );

    // The file owns every relation, so the set is replaced rather than merged.
    await client.query('DELETE FROM indicator_relations');
    const inserted = await client.query(
      `INSERT INTO indicator_relations (indicator_id, related_indicator_id, kind, factor, note)
       SELECT a.id, b.id, r.kind, r.factor, r.note
         FROM json_to_recordset($1::json) AS r(code text, related_code text, kind text, factor numeric, note text)
         JOIN indicators a ON a.code = r.code
         JOIN indicators b ON b.code = r.related_code`,
      [JSON.stringify(relations)],
    );
    if (inserted.rowCount !== relations.length) {
      throw new Error(`taxonomy: stored ${inserted.rowCount} of ${relations.length} relations; an indicator code did not resolve`);
    }
  });

  // Indicators the file no longer lists stay in the database, retired: observations may reference them.
  const retiredCodes = (
    await db.rows(CodeRow, 'taxonomy_seed.retired_codes', 'SELECT code FROM indicators WHERE code <> ALL($1::text[]) ORDER BY code', [codes])
  ).map((r) => r.code);
  const result: TaxonomyLoadResult = { loaded: outcome.loaded, ...summary, retired: retiredCodes.length, retiredCodes };
  if (result.loaded) {
    options.logger?.info({ ...summary, retired: result.retired }, 'taxonomy loaded');
    if (result.retired > 0) {
      options.logger?.warn(
        { retired: result.retiredCodes },
        'indicators no longer in the taxonomy file are kept as retired, because observations may reference them',
      );
    }
  }
  return result;
}

/** `reference/taxonomy.yaml` of the project. */
export function defaultTaxonomyFile(): string {
  return path.join(repoRoot, TAXONOMY_FILE);
}

/** The file name for messages: relative to the project when inside it, so messages read `reference/taxonomy.yaml: ...`. */
function displayName(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(repoRoot, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative.split(path.sep).join('/');
}

interface ThemeRow {
  code: string;
  name_nb: string;
  name_en: string;
  description: string;
  parent_code: string | null;
  sort_order: number;
}

/** Parents before children, so that the rows could be inserted one by one; sort_order keeps the file's order. */
function themesParentsFirst(themes: TaxonomyTheme[]): ThemeRow[] {
  const depth = (code: string) => code.split('.').length;
  return themes
    .map((t, index) => ({
      code: t.code,
      name_nb: t.name_nb,
      name_en: t.name_en,
      description: t.description,
      parent_code: t.parent ?? null,
      sort_order: index + 1,
    }))
    .sort((a, b) => depth(a.code) - depth(b.code) || a.sort_order - b.sort_order);
}

interface RelationRow {
  code: string;
  related_code: string;
  kind: RelationKind;
  factor: number | null;
  note: string | null;
}

function relationRows(taxonomy: Taxonomy): RelationRow[] {
  const rows: RelationRow[] = [];
  for (const indicator of taxonomy.indicators) {
    for (const r of indicator.related) {
      const row = { code: indicator.code, related_code: r.code, kind: r.kind, factor: r.factor ?? null, note: r.note ?? null };
      rows.push(row);
      if (SYMMETRIC_KINDS.has(r.kind)) rows.push({ ...row, code: r.code, related_code: indicator.code });
    }
  }
  return rows;
}
