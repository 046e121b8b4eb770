import { z } from 'zod';
import type { Database } from '../../db/database';
import { manyByKey } from '../../db/batch';
import { column } from '../../db/rows';
import type { Page } from '../../schema/connection';
import { Source } from './source.type';

const SOURCE_COLUMNS = `
  s.id AS "internalId", s.document_key AS "documentKey", s.version, s.title, s.publisher,
  s.office_id AS "officeId", s.municipality_id AS "municipalityId", s.report_year AS "reportYear",
  s.url, s.format, s.sha256, s.retrieved_at AS "retrievedAt", s.imported_at AS "importedAt",
  s.superseded_by_id AS "supersededById", s.licence, s.provenance`;

/**
 * A source's row, checked as it arrives (src/db/rows.ts) and held to the GraphQL type it fills;
 * `timestamp` reads its times: a column's Date, or the text a JSON object holds (a ranking's
 * cited sources).
 */
export function sourceRow(timestamp: z.ZodType<Date, unknown>) {
  return z.object({
    internalId: column.int,
    documentKey: z.string(),
    version: column.int,
    title: z.string(),
    publisher: z.string(),
    officeId: column.int.nullable(),
    municipalityId: column.int.nullable(),
    reportYear: column.int.nullable(),
    url: z.string().nullable(),
    format: z.string(),
    sha256: z.string(),
    retrievedAt: timestamp.nullable(),
    importedAt: timestamp,
    supersededById: column.int.nullable(),
    licence: z.string().nullable(),
    provenance: z.string().nullable(),
  }) satisfies z.ZodType<Omit<Source, 'id' | 'isCurrent'>, unknown>;
}

const SourceRow = sourceRow(column.timestamp);
const SourcePageRow = SourceRow.extend({ total: column.count });
const TextPartRow = z.object({ sourceId: column.int, text: z.string() });

export interface SourceFilter {
  officeCode?: string;
  municipalityCode?: string;
  includeSuperseded?: boolean;
}

/** Published documents and their versions. */
export class SourceService {
  constructor(private readonly db: Database) {}

  async byIds(ids: readonly number[]): Promise<Source[]> {
    const rows = await this.db.rows(SourceRow, 'sources.by_ids', `SELECT ${SOURCE_COLUMNS} FROM sources s WHERE s.id = ANY($1::int[])`, [ids]);
    return rows.map(Source.from);
  }

  async bySha256(sha256: string): Promise<Source | null> {
    const rows = await this.db.rows(SourceRow, 'sources.by_sha256', `SELECT ${SOURCE_COLUMNS} FROM sources s WHERE s.sha256 = $1`, [sha256]);
    return rows[0] ? Source.from(rows[0]) : null;
  }

  async list(filter: SourceFilter, page: Page): Promise<{ items: Source[]; total: number }> {
    const rows = await this.db.rows(
      SourcePageRow,
      'sources.list',
      `SELECT ${SOURCE_COLUMNS}, count(*) OVER () AS total
         FROM sources s
        WHERE ($1::boolean OR s.superseded_by_id IS NULL)
          AND ($2::text IS NULL OR s.office_id IN (SELECT id FROM offices WHERE code = $2))
          AND ($3::text IS NULL OR s.municipality_id IN (SELECT municipality_id FROM municipality_codes WHERE code = $3)
               OR s.office_id IN (SELECT a.office_id FROM office_areas a JOIN municipality_codes c ON c.municipality_id = a.municipality_id WHERE c.code = $3))
        ORDER BY s.report_year DESC NULLS LAST, s.publisher, s.title, s.version DESC
        LIMIT $4 OFFSET $5`,
      [filter.includeSuperseded ?? false, filter.officeCode ?? null, filter.municipalityCode ?? null, page.limit, page.offset],
    );
    return { items: rows.map(Source.from), total: rows[0]?.total ?? 0 };
  }

  async versionsOf(documentKeys: readonly string[]): Promise<Source[]> {
    const rows = await this.db.rows(
      SourceRow,
      'sources.versions_of',
      `SELECT ${SOURCE_COLUMNS} FROM sources s WHERE s.document_key = ANY($1::text[]) ORDER BY s.version`,
      [documentKeys],
    );
    return rows.map(Source.from);
  }

  /**
   * The full text of each source, as imported, in the order of `ids` (an empty text for an unknown
   * id). Read a part a row (migration 1764460800009) and joined here, so that PostgreSQL never
   * holds a large document whole.
   */
  async texts(ids: readonly number[]): Promise<string[]> {
    const rows = await this.db.rows(
      TextPartRow,
      'sources.texts',
      'SELECT source_id AS "sourceId", text FROM source_text_parts WHERE source_id = ANY($1::int[]) ORDER BY source_id, part',
      [ids],
    );
    return manyByKey(ids, rows, (r) => r.sourceId).map((parts) => parts.map((p) => p.text).join(''));
  }
}
