import { present } from '../invariant';
import { copyRows, type CopyValue } from '../db/batch';
import type { Database } from '../db/database';
import { analyzeChanged } from '../db/statistics';
import { normaliseLabel } from './map/mapper';
import { type AreaIndex, areaKey, documentAreaYear } from './areas';
import { periodYear } from './normalise/period';
import type { ImportPlan } from './plan';
import type { AreaRef } from './types';
import { ImportError } from './types';
import { refreshDerivedFigures } from '../modules/observations/derived-figures';
import { lockRankingSnapshots } from '../modules/comparison/ranking-snapshots';

export interface SourceRecord {
  documentKey: string;
  title: string;
  publisher: string;
  reportYear: number | null;
  url: string | null;
  format: string;
  sha256: string;
  retrievedAt: Date | null;
  /** The document's text, in a box the writer empties once the text is stored, so that nothing here holds it while the rows are copied. */
  content: { text: string };
  /** The terms the figures may be reused under, e.g. "CC BY 4.0 (Kilde: Statistisk sentralbyrå)". */
  licence?: string | null;
  /** Where the document came from when not from the publisher directly (an extract, a mirror). */
  provenance?: string | null;
  /** The office or municipality the whole document is about, where it is one. */
  area: AreaRef | null;
}

export type WriteStatus = 'created' | 'new_version' | 'unchanged';

export interface WriteResult {
  status: WriteStatus;
  sourceId: number;
  version: number;
  observations: number;
  targets: number;
  rawIndicators: number;
}


/**
 * Writes one planned import in one transaction: the source (a new version when the document
 * changed), its raw labels, observations and targets. Every insert is set-based; a failure
 * anywhere rolls all of it back.
 */
export interface WriteOptions {
  dryRun: boolean;
  /** The curator means a new version to drop figures the previous version published. */
  allowRemovals?: boolean;
  file?: string;
  /** Called once the figures and targets are in, before the derived and current figures are refreshed. */
  onCopied?: (figures: number) => void;
}

export async function writeImport(db: Database, source: SourceRecord, plan: ImportPlan, areas: AreaIndex, options: WriteOptions): Promise<WriteResult> {
  const { dryRun } = options;
  return db.transaction(async (client): Promise<WriteResult> => {
    // One import at a time: each derives sums, current figures and ranking snapshots from what the
    // others wrote, and taken here, before any row is locked, the wait can never be a deadlock.
    await lockRankingSnapshots(client);
    const existing = await client.query<{ id: number; version: number }>(
      '/* import.same_document */ SELECT id, version FROM sources WHERE sha256 = $1',
      [source.sha256],
    );
    const [same] = existing.rows;
    if (same) {
      const counts = await client.query<{ observations: string; targets: string; raw: string }>(
        `/* import.counts */ SELECT (SELECT count(*) FROM observations WHERE source_id = $1 AND NOT ('derived' = ANY(flags))) AS observations,
                (SELECT count(*) FROM targets WHERE source_id = $1) AS targets,
                (SELECT count(*) FROM raw_indicators WHERE source_id = $1) AS raw`,
        [same.id],
      );
      const c = present(counts.rows[0], 'the counts row of a source');
      return {
        status: 'unchanged' as const,
        sourceId: same.id,
        version: same.version,
        observations: Number(c.observations),
        targets: Number(c.targets),
        rawIndicators: Number(c.raw),
      };
    }

    // Each statement of an import runs once: JIT compiling the refresh of derived and current
    // figures (whose estimates over a national file pass every JIT threshold) cost seconds that
    // the run never earned back, and on a server its sorts spilled to disk at the default
    // work_mem. The embedded database keeps the default: its memory is the hub's own and, once
    // grown for a sort, is not given back.
    await client.query(`SET LOCAL jit = off`);
    if (!db.embeddedDatabase) await client.query(`SET LOCAL work_mem = '64MB'`);

    const docArea = source.area ? areas.get(areaKey(source.area, documentAreaYear(source.reportYear))) ?? null : null;

    // Lock the document's versions so that two imports of new versions cannot both be version 2.
    const previous = await client.query<{ id: number; version: number }>(
      '/* import.previous_version */ SELECT id, version FROM sources WHERE document_key = $1 ORDER BY version DESC LIMIT 1 FOR UPDATE',
      [source.documentKey],
    );
    const prior = previous.rows[0];
    const version = prior ? prior.version + 1 : 1;

    const inserted = await client.query<{ id: number }>(
      `/* import.insert_source */
       INSERT INTO sources (document_key, version, title, publisher, office_id, municipality_id, report_year, url, format, sha256, retrieved_at,
                            licence, provenance)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        source.documentKey, version, source.title, source.publisher, docArea?.officeId ?? null, docArea?.municipalityId ?? null,
        source.reportYear, source.url, source.format, source.sha256, source.retrievedAt,
        source.licence ?? null, source.provenance ?? null,
      ],
    );
    const sourceId = present(inserted.rows[0], 'the id returned by inserting a source').id;
    // A statement a part: no message, parameter or value holds the whole of a large document
    // (migration 1764460800009).
    let part = 0;
    for (const text of textParts(source.content.text, TEXT_PART_CHARS)) {
      await client.query('/* import.insert_source_text */ INSERT INTO source_text_parts (source_id, part, text) VALUES ($1, $2, $3)', [sourceId, part++, text]);
    }
    source.content.text = '';

    if (prior) {
      await client.query('/* import.supersede_sources */ UPDATE sources SET superseded_by_id = $1 WHERE document_key = $2 AND id <> $1 AND superseded_by_id IS NULL', [sourceId, source.documentKey]);
      await client.query('/* import.supersede_observations */ UPDATE observations SET is_current = false WHERE source_id IN (SELECT id FROM sources WHERE document_key = $1 AND id <> $2)', [source.documentKey, sourceId]);
      await client.query('/* import.supersede_targets */ UPDATE targets SET is_current = false WHERE source_id IN (SELECT id FROM sources WHERE document_key = $1 AND id <> $2)', [source.documentKey, sourceId]);
    }

    const labels = new Map<string, { label: string; unitText: string | null; indicatorCode: string | null; kind: string | null; factor: string | null; note: string | null; mappedBy: string | null; definitionNote: string | null }>();
    for (const o of plan.observations) {
      if (!labels.has(o.label)) {
        labels.set(o.label, {
          label: o.label,
          unitText: o.unitText,
          indicatorCode: o.indicatorCode,
          kind: o.transformation?.kind ?? null,
          factor: o.transformation?.factor ?? null,
          note: o.transformation?.note ?? null,
          mappedBy: o.mappedBy,
          definitionNote: o.definitionNote,
        });
      }
    }
    for (const t of plan.targets) {
      if (!labels.has(t.label)) labels.set(t.label, { label: t.label, unitText: null, indicatorCode: null, kind: null, factor: null, note: null, mappedBy: null, definitionNote: null });
    }
    const raw = await client.query<{ id: number; label: string; indicator_id: number | null }>(
      `/* import.insert_raw_indicators */
       INSERT INTO raw_indicators (source_id, label, normalised_label, unit_text, indicator_id, transformation, transformation_factor, transformation_note, mapped_by, definition_note)
       SELECT $1, x.label, x.normalised_label, x.unit_text, i.id, x.kind, x.factor, x.note, x.mapped_by, x.definition_note
         FROM json_to_recordset($2::json) AS x(label text, normalised_label text, unit_text text, indicator_code text, kind text, factor numeric, note text, mapped_by text, definition_note text)
         LEFT JOIN indicators i ON i.code = x.indicator_code
       RETURNING id, label, indicator_id`,
      [sourceId, JSON.stringify([...labels.values()].map((l) => ({ label: l.label, normalised_label: normaliseLabel(l.label), unit_text: l.unitText, indicator_code: l.indicatorCode, kind: l.kind, factor: l.factor, note: l.note, mapped_by: l.mappedBy, definition_note: l.definitionNote })))],
    );

    const rawIds = new Map(raw.rows.map((r) => [r.label, r]));
    const observationCount = await copyRows(db, client, 'observations', OBSERVATION_COLUMNS, observationRows(plan, areas, rawIds, sourceId));
    const targetRows = plan.targets.map((t) => {
      const area = present(areas.get(areaKey(t.area, periodYear(t.period))), `the resolved area of a target for ${t.period}`);
      return {
        label: t.label, office_id: area.officeId, municipality_id: area.municipalityId, period: t.period, text: t.text,
        comparator: t.comparator, lower: t.lower, upper: t.upper, unit: t.unit, bands: t.bands, quote: t.quote,
      };
    });
    const tgt = await client.query(
      `/* import.insert_targets */
       WITH inserted AS (
         INSERT INTO targets (source_id, raw_indicator_id, indicator_id, office_id, municipality_id, period, text, comparator, lower, upper, unit, bands, quote)
         SELECT $1, r.id, r.indicator_id, x.office_id, x.municipality_id, x.period, x.text, x.comparator, x.lower, x.upper, x.unit, x.bands, x.quote
           FROM json_to_recordset($2::json) AS x(label text, office_id int, municipality_id int, period text, text text, comparator text,
                                                 lower numeric, upper numeric, unit text, bands jsonb, quote text)
           JOIN raw_indicators r ON r.source_id = $1 AND r.label = x.label
         RETURNING *
       )
       -- A target is also a figure of kind 'target', so it can be listed and compared like results;
       -- a range has no single value and keeps only its text.
       INSERT INTO observations (raw_indicator_id, indicator_id, source_id, office_id, municipality_id, period, year, period_text, kind,
                                 value, published_value, value_text, unit, quote, location, flags)
       SELECT t.raw_indicator_id, t.indicator_id, $1, t.office_id, t.municipality_id, t.period, left(t.period, 4)::int, NULL, 'target',
              CASE t.comparator WHEN 'range' THEN NULL WHEN 'lt' THEN t.upper WHEN 'lte' THEN t.upper ELSE t.lower END,
              CASE t.comparator WHEN 'range' THEN NULL WHEN 'lt' THEN t.upper WHEN 'lte' THEN t.upper ELSE t.lower END,
              t.text, i.unit, t.quote, NULL, '{}'
         FROM inserted t LEFT JOIN indicators i ON i.id = t.indicator_id`,
      [sourceId, JSON.stringify(targetRows)],
    );

    if (prior && !options.allowRemovals) await refuseRemovals(client, prior.id, sourceId, options.file);
    options.onCopied?.(observationCount);

    // Sums over municipalities and shares follow the published figures in the same transaction:
    // those of the indicators and periods of any version of the document.
    const versions = await client.query<{ ids: number[] }>('/* import.document_versions */ SELECT array_agg(id) AS ids FROM sources WHERE document_key = $1', [source.documentKey]);
    const sources = present(versions.rows[0]?.ids, 'the versions of an imported document');
    const touched = await client.query<{ indicators: number[] | null; periods: string[] | null }>(
      `/* import.touched */
       SELECT array_agg(DISTINCT x.indicator_id) AS indicators, array_agg(DISTINCT x.period) AS periods
         FROM (SELECT DISTINCT o.indicator_id, o.period FROM observations o
                WHERE o.indicator_id IS NOT NULL AND o.derivation IS NULL AND o.source_id = ANY($1::int[])) x`,
      [sources],
    );
    await refreshDerivedFigures(client, { indicators: touched.rows[0]?.indicators ?? [], periods: touched.rows[0]?.periods ?? [], sources });
    // Fresh statistics for the tables an import writes, where it changed enough of them
    // (src/db/statistics.ts); PGlite has no autovacuum to do it.
    if (!dryRun) await analyzeChanged(client, ['observations', 'targets', 'raw_indicators', 'sources']);
    // The ranking snapshots these writes forgot are made again by the first request that asks (ranking-snapshots.ts).

    const result: WriteResult = {
      status: prior ? 'new_version' : 'created',
      sourceId,
      version,
      observations: observationCount,
      targets: tgt.rowCount ?? 0,
      rawIndicators: raw.rowCount ?? 0,
    };
    if (dryRun) throw new DryRunRollback(result);
    return result;
  }).catch((error: unknown) => {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  });
}

/**
 * A new version of a document that no longer publishes a figure the current version does (a report
 * cut short, a table with rows missing) would silently take that figure away. Refused unless the
 * curator says the drop is intended; the error lists what would disappear. Derived figures are the
 * hub's own and never count.
 */
async function refuseRemovals(
  client: { query: <R extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<{ rows: R[] }> },
  priorSourceId: number,
  sourceId: number,
  file: string | undefined,
): Promise<void> {
  // Compared with the new version's rows as written (in this transaction), so that no list of
  // every figure travels to the database a second time.
  const dropped = await client.query<{ label: string; period: string; kind: string; area: string; n: string }>(
    `/* import.dropped_figures */
     SELECT r.label, o.period, o.kind, coalesce(f.name, m.name, c.name, CASE WHEN o.national THEN 'Norge' END) AS area, count(*) OVER () AS n
       FROM observations o
       JOIN raw_indicators r ON r.id = o.raw_indicator_id
       LEFT JOIN offices f ON f.id = o.office_id
       LEFT JOIN municipalities m ON m.id = o.municipality_id AND o.office_id IS NULL
       LEFT JOIN counties c ON c.code = o.county_code
      WHERE o.source_id = $1 AND o.derivation IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM observations k JOIN raw_indicators kr ON kr.id = k.raw_indicator_id
           WHERE k.source_id = $2 AND k.derivation IS NULL
             AND kr.label = r.label AND k.period = o.period AND k.kind = o.kind AND k.national = o.national
             AND k.office_id IS NOT DISTINCT FROM o.office_id AND k.municipality_id IS NOT DISTINCT FROM o.municipality_id
             AND k.county_code IS NOT DISTINCT FROM o.county_code)
      ORDER BY o.id
      LIMIT 20`,
    [priorSourceId, sourceId],
  );
  const [first] = dropped.rows;
  if (!first) return;
  const total = Number(first.n);
  throw new ImportError([
    {
      code: 'FIGURES_REMOVED',
      message: `this new version no longer publishes ${total} figure(s) of the version imported before; if the drop is intended, import again with allowRemovals (--allow-removals). It would remove: ${dropped.rows
        .map((d) => `"${d.label}" ${d.period}${d.kind === 'target' ? ' (target)' : ''} for ${d.area}`)
        .join('; ')}${total > dropped.rows.length ? `; and ${total - dropped.rows.length} more` : ''}`,
      file,
    },
  ]);
}

/** The most characters of a source's text one statement writes (about 1 MB of UTF-8 for Norwegian text). */
export const TEXT_PART_CHARS = 1 << 20;

/**
 * A text in consecutive parts of at most `maxChars` UTF-16 units, never splitting a character
 * written as a surrogate pair (PostgreSQL would refuse half of one), so that the parts joined are
 * the text.
 */
export function* textParts(text: string, maxChars: number): Generator<string> {
  if (!(maxChars >= 2)) throw new RangeError(`a text part must hold at least 2 characters, not ${maxChars}`);
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + maxChars, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(start, end);
    start = end;
  }
}

const OBSERVATION_COLUMNS = [
  'raw_indicator_id', 'indicator_id', 'source_id', 'office_id', 'municipality_id', 'county_code', 'national', 'period', 'year', 'period_text', 'kind',
  'value', 'published_value', 'value_text', 'unit', 'quote', 'location', 'flags', 'footnote',
] as const;

/** The planned observations as rows of OBSERVATION_COLUMNS, made one at a time as they are copied. */
function* observationRows(
  plan: ImportPlan,
  areas: AreaIndex,
  rawIds: ReadonlyMap<string, { id: number; indicator_id: number | null }>,
  sourceId: number,
): Generator<CopyValue[]> {
  for (const o of plan.observations) {
    const area = present(areas.get(areaKey(o.area, o.year)), `the resolved area of the figure on line ${o.line}`);
    const raw = present(rawIds.get(o.label), `the raw indicator of "${o.label}"`);
    yield [
      raw.id, raw.indicator_id, sourceId, area.officeId, area.municipalityId, area.countyCode ?? null, area.national ?? false, o.period, o.year,
      o.periodText, o.kind, o.value, o.publishedValue, o.valueText, o.unit, o.quote, o.location, o.flags, o.footnote,
    ];
  }
}

/** Thrown to roll a dry run back after everything was checked against the database. */
class DryRunRollback extends Error {
  constructor(readonly result: WriteResult) {
    super('dry run');
  }
}
