import { createHash } from 'node:crypto';
import { dataChanged } from '../cache/data-changes';
import { z } from 'zod';
import type { Database } from '../db/database';
import { column } from '../db/rows';
import { adapters, detectFormat, findAdapter } from './adapters';
import type { AdapterOptions } from './adapters/common';
import { parseJsonStatMapping } from './adapters/jsonstat-mapping';
import type { QuarterlyYearlyPair } from './checks';
import { type LabelTable, loadLabelMappings, type MappingResult, normaliseLabel } from './map/mapper';
import { type ImportPlan, ImportPlanner, type IndicatorInfo, type PlanContext } from './plan';
import type { AreaRef, ExtractedDocument, ImportDiagnostic } from './types';
import { ImportError } from './types';
import { areaUses, resolveAreas } from './areas';
import { type WriteResult, writeImport } from './writer';

// What the import reads back from the database, checked as it arrives (src/db/rows.ts).
const IndicatorInfoRow = z.object({ code: z.string(), unit: z.string(), periodType: z.string() }) satisfies z.ZodType<IndicatorInfo>;
const PairRow = z.object({ yearly: z.string(), quarterly: z.string(), factor: column.numeric }) satisfies z.ZodType<QuarterlyYearlyPair>;
const CuratorMappingRow = z.object({
  label: z.string(),
  code: z.string(),
  kind: z.enum(['identity', 'percent_text', 'scale']),
  factor: column.numeric.nullable(),
  note: z.string().nullable(),
  createdBy: z.string(),
});

/**
 * A document handed over to the import, which lets go of it once it is stored: the caller keeps no
 * reference of its own, so that a large file's text is not held while its rows are copied (about
 * 10 MB less at the peak of a 200,000-row import on the embedded database, with a file of 17.5 MB).
 */
export class HandedOverDocument {
  /** Its length in UTF-16 units, as `string.length`. */
  readonly length: number;
  private text: string | null;

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  /** The text; once only. */
  take(): string {
    if (this.text === null) throw new Error('the document was handed over already');
    const text = this.text;
    this.text = null;
    return text;
  }
}

export interface ImportInput {
  /** The document as published: text, bytes that must be UTF-8 text, or text handed over. */
  document: string | Buffer | HandedOverDocument;
  /** Name to use in messages and as the document's identity when nothing better is known. */
  fileName?: string;
  /** Adapter name; detected from the text when omitted. */
  format?: string;
  /** A mapping file's text (YAML), for formats that need one (JSON-stat). */
  mapping?: string;
  mappingFileName?: string;
  dryRun?: boolean;
  /** A new version of the document may drop figures the version before published (the report lists them otherwise). */
  allowRemovals?: boolean;
  /** The office or municipality the document reports on, where the document does not say. */
  area?: AreaRef;
  title?: string;
  publisher?: string;
  reportYear?: number;
  url?: string;
  retrievedAt?: Date;
  /** The terms the figures may be reused under. */
  licence?: string;
  /** Where the document came from when not from the publisher directly (an extract, a mirror). */
  provenance?: string;
}

export interface ImportReport {
  status: WriteResult['status'];
  dryRun: boolean;
  format: string;
  source: { id: number; title: string; publisher: string; sha256: string; version: number; reportYear: number | null; url: string | null };
  plan: ImportPlan;
  written: WriteResult;
}

/**
 * The steps of an import as they end: the document read, its figures planned and checked, the
 * figures copied into the database (derived and current figures are refreshed after), and the
 * import committed.
 */
export type ProgressListener = (step: 'parsed' | 'planned' | 'copied' | 'written', detail: { figures?: number }) => void;

/**
 * Imports one published document: adapter → plan (normalise, map, check) → one transaction.
 * The same bytes twice change nothing; a changed document becomes a new version of its source.
 */
export class ImportService {
  private labels: LabelTable | undefined;

  constructor(
    private readonly db: Database,
    /** The largest document taken; the import command, reading a file of the user's own, sets none (Infinity). */
    private readonly maxBytes: number,
  ) {}

  async run(input: ImportInput, progress?: ProgressListener): Promise<ImportReport> {
    const file = input.fileName;
    // Emptied once the writer has it (below): from then on the writer's box is the text's only holder here.
    let text = documentText(input.document, this.maxBytes, file);
    if (text.trim() === '') throw new ImportError([{ code: 'EMPTY_DOCUMENT', message: 'the document is empty', file }]);

    const adapter = input.format ? findAdapter(input.format) : detectFormat(text);
    if (!adapter) {
      throw new ImportError([
        input.format
          ? { code: 'UNKNOWN_FORMAT', message: `"${input.format}" is not a format; use one of ${adapters.map((a) => a.name).join(', ')}`, file }
          : { code: 'FORMAT_NOT_RECOGNISED', message: `the layout is not one the importer knows; name it with format (${adapters.map((a) => a.name).join(', ')}) or use the curator CSV format`, file },
      ]);
    }
    const options: AdapterOptions = {
      fileName: file,
      area: input.area,
      title: input.title,
      publisher: input.publisher,
      reportYear: input.reportYear,
      url: input.url,
    };
    if (input.mapping !== undefined) options.jsonstatMapping = parseJsonStatMapping(input.mapping, input.mappingFileName ?? 'mapping');

    const [indicators, pairs, curated] = await Promise.all([this.indicators(), this.pairs(), this.curatorMappings()]);
    const planContext: PlanContext = {
      file,
      defaultArea: input.area,
      labels: this.labelTable(),
      curatorMapping: (label) => curated.get(normaliseLabel(label)) ?? null,
      indicators,
      pairs,
    };
    // A format that can be read row by row is planned as it is read: a large file never becomes a
    // list of figures. Any other is read whole, and its figures are planned after, with the area the
    // document names for the figures that name none.
    let planner = new ImportPlanner(planContext);
    let doc: ExtractedDocument;
    try {
      if (adapter.read) doc = adapter.read(text, options, (figure) => planner.add(figure));
      else {
        const whole = adapter.parse(text, options);
        planner = new ImportPlanner(planContext, whole.meta.area);
        for (const figure of whole.figures) planner.add(figure);
        doc = { ...whole, figures: [] };
      }
    } catch (error) {
      if (!(error instanceof ImportError) || !error.partial) throw error;
      // A file's unreadable cells and its unknown areas are reported together (the curator fixes both at once).
      // Figures read whole come with the error; figures read row by row were planned already.
      for (const figure of error.partial) planner.add(figure);
      const areaProblems = await resolveAreas(this.db, planner.namedAreas, null, null, file).then(
        () => [],
        (e: unknown) => {
          if (e instanceof ImportError) return e.diagnostics.map((d) => ({ ...d, cell: d.cell ?? 'column "area_code"' }));
          throw e;
        },
      );
      throw new ImportError(sortByLine([...error.diagnostics, ...areaProblems]));
    }
    progress?.('parsed', { figures: planner.figures });

    const title = input.title ?? doc.meta.title;
    const publisher = input.publisher ?? doc.meta.publisher;
    const reportYear = input.reportYear ?? doc.meta.reportYear ?? null;
    const area = input.area ?? doc.meta.area ?? null;
    // Every problem of a file in one run: the plan's, the missing source details and unknown areas together.
    const problems: ImportDiagnostic[] = [];
    let plan: ImportPlan | null = null;
    try {
      plan = planner.finish(doc.warnings);
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      problems.push(...error.diagnostics);
    }
    if (!title) problems.push({ code: 'NO_TITLE', message: 'the document does not say its title; pass title', file });
    if (!publisher) problems.push({ code: 'NO_PUBLISHER', message: 'the document does not say who published it; pass publisher', file });
    const areaCell = adapter.name.startsWith('curator') ? 'column "area_code"' : undefined;
    const areas = await resolveAreas(this.db, plan ? areaUses(plan) : planner.namedAreas, area, reportYear, file).catch((error: unknown) => {
      if (!(error instanceof ImportError)) throw error;
      problems.push(...error.diagnostics.map((d) => ({ ...d, cell: d.cell ?? (d.line !== undefined ? areaCell : undefined) })));
      return null;
    });
    // A missing title or publisher was reported above; checked again here so that the types know it.
    if (problems.length || !plan || !areas || !title || !publisher) throw new ImportError(sortByLine(problems));
    progress?.('planned', { figures: plan.observations.length });

    const sha256 = documentHash(text);
    const url = input.url ?? doc.meta.url ?? null;
    const documentKey = url ?? [publisher, title, reportYear ?? '', area ? `${area.kind}:${area.code}` : ''].join('|');
    const source = {
      documentKey, title, publisher, reportYear, url, format: adapter.name, sha256, retrievedAt: input.retrievedAt ?? null, content: { text }, area,
      licence: input.licence ?? null, provenance: input.provenance ?? null,
    };
    // eslint-disable-next-line no-useless-assignment -- nothing reads it again: the assignment is what lets go of the text
    text = '';
    const written = await writeImport(
      this.db,
      source,
      plan,
      areas,
      { dryRun: input.dryRun ?? false, allowRemovals: input.allowRemovals ?? false, file, onCopied: (figures) => progress?.('copied', { figures }) },
    );
    if (written.status !== 'unchanged' && !(input.dryRun ?? false)) {
      // Committed: every hub stops answering from before this import (src/cache).
      await dataChanged(this.db);
    }
    progress?.('written', { figures: written.observations });
    return {
      status: written.status,
      dryRun: input.dryRun ?? false,
      format: adapter.name,
      source: { id: written.sourceId, title, publisher, sha256, version: written.version, reportYear, url },
      plan,
      written,
    };
  }

  private labelTable(): LabelTable {
    this.labels ??= loadLabelMappings();
    return this.labels;
  }

  private async indicators(): Promise<Map<string, IndicatorInfo>> {
    const rows = await this.db.rows(IndicatorInfoRow, 'import.indicators', 'SELECT code, unit, period_type AS "periodType" FROM indicators');
    return new Map(rows.map((r) => [r.code, r]));
  }

  private async pairs(): Promise<QuarterlyYearlyPair[]> {
    return this.db.rows(
      PairRow,
      'import.quarterly_yearly_pairs',
      `SELECT y.code AS yearly, q.code AS quarterly, r.factor::text AS factor
         FROM indicator_relations r
         JOIN indicators y ON y.id = r.indicator_id
         JOIN indicators q ON q.id = r.related_indicator_id
        WHERE r.kind = 'yearly_of_quarterly_avg' AND r.factor IS NOT NULL`,
    );
  }

  private async curatorMappings(): Promise<Map<string, MappingResult>> {
    const rows = await this.db.rows(
      CuratorMappingRow,
      'import.curator_mappings',
      `SELECT m.normalised_label AS label, i.code, m.transformation AS kind, m.transformation_factor::text AS factor, m.note, m.created_by AS "createdBy"
         FROM label_mappings m JOIN indicators i ON i.id = m.indicator_id`,
    );
    return new Map(
      rows.map((r) => [
        r.label,
        {
          indicatorCode: r.code,
          transformation: { kind: r.kind, factor: r.factor ?? undefined, note: r.note ?? 'mapped by a curator' },
          matchedBy: 'normalised' as const,
          mappedBy: `curator ${r.createdBy}`,
        },
      ]),
    );
  }
}

/**
 * The identity of a document's text: a byte-order mark or Windows line endings alone do not make a
 * new version, so the hash is taken over the text without the mark and with LF line endings.
 */
export function documentHash(text: string): string {
  return createHash('sha256').update(text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n'), 'utf8').digest('hex');
}

function sortByLine(problems: ImportDiagnostic[]): ImportDiagnostic[] {
  return problems.map((p, i) => [p, i] as const).sort(([a, i], [b, j]) => (a.line ?? 0) - (b.line ?? 0) || i - j).map(([p]) => p);
}

/** The text of a document as given, its size checked first; a handed-over document is taken. */
function documentText(given: ImportInput['document'], maxBytes: number, file: string | undefined): string {
  const document = given instanceof HandedOverDocument ? given.take() : given;
  const bytes = typeof document === 'string' ? Buffer.byteLength(document, 'utf8') : document.length;
  if (bytes > maxBytes) {
    throw new ImportError([{ code: 'TOO_LARGE', message: `the document is ${bytes} bytes; the limit is ${maxBytes} bytes`, file }]);
  }
  return typeof document === 'string' ? document : decodeUtf8(document, file);
}

/** A document's bytes as text; a document that is not UTF-8 is refused (NOT_UTF8). */
export function decodeUtf8(bytes: Buffer, file: string | undefined): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError([{ code: 'NOT_UTF8', message: 'the document is not UTF-8 text (a PDF or another binary file?); import the text extracted from it', file }]);
  }
}
