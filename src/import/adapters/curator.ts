import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { normaliseSpaces, parseNumber } from '../normalise/number';
import { parsePeriod } from '../normalise/period';
import { parseTarget } from '../normalise/target';
import type { AreaRef, DocumentMeta, ExtractedDocument, ExtractedFigure, FigureUnit, ImportDiagnostic } from '../types';
import { ImportError } from '../types';
import { assertReadableText, metaFromOptions, type AdapterOptions, type FormatAdapter } from './common';

/**
 * The curator format: one row per figure, typed in by a newsroom from a report the other adapters
 * cannot read. The same columns as CSV or as YAML (docs/curator-format.md). One file is one source:
 * the source columns must agree on every row that fills them.
 */

export const CURATOR_CSV = 'curator-csv';
export const CURATOR_YAML = 'curator-yaml';

export const CURATOR_COLUMNS = [
  'area_kind',
  'area_code',
  'label',
  'period',
  'value',
  'target',
  'unit',
  'indicator',
  'quote',
  'source_title',
  'source_url',
  'publisher',
  'report_year',
] as const;

export type CuratorColumn = (typeof CURATOR_COLUMNS)[number];

export const REQUIRED_CURATOR_COLUMNS: readonly CuratorColumn[] = ['area_kind', 'area_code', 'label', 'period', 'value'];

/** Columns that describe the source rather than the figure. */
const SOURCE_COLUMNS = ['source_title', 'source_url', 'publisher', 'report_year'] as const;
type SourceColumn = (typeof SOURCE_COLUMNS)[number];

const UNITS: readonly FigureUnit[] = ['percent', 'percentage_points', 'NOK', 'days', 'nights', 'weeks', 'persons'];
const INDICATOR_CODE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/;

interface Cell {
  value: string;
  line: number;
}

/** One row (CSV record or YAML list item), cells trimmed; absent and empty cells are both missing. */
interface RawRow {
  line: number;
  cells: Partial<Record<CuratorColumn, Cell>>;
}

function isColumn(name: string): name is CuratorColumn {
  return (CURATOR_COLUMNS as readonly string[]).includes(name);
}

function diagnostic(file: string | undefined, line: number | undefined, column: string | undefined, message: string, code = 'INVALID_CELL'): ImportDiagnostic {
  return { code, message, file, line, cell: column === undefined ? undefined : `column "${column}"` };
}

function checkColumns(names: string[], line: number, file: string | undefined): ImportDiagnostic[] {
  const problems: ImportDiagnostic[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (!isColumn(name)) problems.push(diagnostic(file, line, name, `unknown column; the columns are ${CURATOR_COLUMNS.join(', ')}`, 'UNKNOWN_COLUMN'));
    if (seen.has(name)) problems.push(diagnostic(file, line, name, 'the column appears twice', 'DUPLICATE_COLUMN'));
    seen.add(name);
  }
  for (const required of REQUIRED_CURATOR_COLUMNS) {
    if (!seen.has(required)) problems.push(diagnostic(file, line, required, 'required column is missing', 'MISSING_COLUMN'));
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Reading rows: CSV

function csvDelimiter(text: string): string {
  // Norwegian spreadsheets export `;` because the comma is the decimal sign.
  const header = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0];
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

interface CsvRecord {
  record: string[];
  info: { lines: number; raw?: string };
}

function readCsvRows(text: string, file: string | undefined): RawRow[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(text, { bom: true, info: true, raw: true, skip_empty_lines: true, trim: true, delimiter: csvDelimiter(text) }) as unknown as CsvRecord[];
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new ImportError([{ code: 'MALFORMED_CSV', message: e.message ?? String(error), file, line: e.lines }]);
  }
  if (records.length === 0) throw new ImportError([{ code: 'EMPTY_DOCUMENT', message: 'the CSV file has no header row', file }]);
  const firstLine = (r: CsvRecord) => r.info.lines - ((r.info.raw ?? '').replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const headerProblems = checkColumns(header, firstLine(records[0]), file);
  if (headerProblems.length > 0) throw new ImportError(headerProblems);
  return records.slice(1).map((r) => {
    const line = firstLine(r);
    const cells: RawRow['cells'] = {};
    header.forEach((name, k) => {
      if (r.record[k] !== undefined && r.record[k] !== '') cells[name as CuratorColumn] = { value: r.record[k], line };
    });
    return { line, cells };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading rows: YAML `{ source: { title, url, publisher, report_year }, figures: [ {<columns>} ] }`

const YAML_SOURCE_KEYS: Record<string, SourceColumn> = { title: 'source_title', url: 'source_url', publisher: 'publisher', report_year: 'report_year' };

function lineOf(node: { range?: [number, number, number] | null } | null | undefined, counter: LineCounter): number {
  return node?.range ? counter.linePos(node.range[0]).line : 1;
}

function scalarText(node: unknown): string | null {
  if (node === null || node === undefined) return '';
  if (!isScalar(node)) return null;
  return node.value === null || node.value === undefined ? '' : String(node.value).trim();
}

function readYamlMap(node: unknown, counter: LineCounter, file: string | undefined, keyName: (key: string) => string | null, what: string): { cells: Map<string, Cell>; problems: ImportDiagnostic[] } {
  const cells = new Map<string, Cell>();
  const problems: ImportDiagnostic[] = [];
  if (!isMap(node)) return { cells, problems: [diagnostic(file, lineOf(node as YamlNode, counter), undefined, `${what} must be a mapping of key: value`, 'MALFORMED_YAML')] };
  for (const pair of node.items) {
    const key = scalarText(pair.key) ?? '';
    const line = lineOf((pair.value ?? pair.key) as YamlNode, counter);
    const name = keyName(key);
    if (name === null) {
      problems.push(diagnostic(file, line, key, `unknown key in ${what}`, 'UNKNOWN_COLUMN'));
      continue;
    }
    const value = scalarText(pair.value);
    if (value === null) problems.push(diagnostic(file, line, key, 'must be a single value, not a list or mapping', 'MALFORMED_YAML'));
    else if (value !== '') cells.set(name, { value, line });
  }
  return { cells, problems };
}

function readYamlRows(text: string, file: string | undefined): { rows: RawRow[]; source: Partial<Record<SourceColumn, Cell>> } {
  const counter = new LineCounter();
  // The failsafe schema keeps every scalar a string: `0301` stays `0301`, `9.25` is not turned into a float.
  const doc: Document = parseDocument(text, { schema: 'failsafe', lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ImportError(doc.errors.map((e) => ({ code: 'MALFORMED_YAML', message: e.message.split('\n')[0], file, line: e.linePos?.[0]?.line })));
  }
  const problems: ImportDiagnostic[] = [];
  const root = doc.contents;
  if (!isMap(root)) throw new ImportError([diagnostic(file, 1, undefined, 'the YAML document must be a mapping with "source" and "figures"', 'MALFORMED_YAML')]);
  for (const pair of root.items) {
    const key = scalarText(pair.key);
    if (key !== 'source' && key !== 'figures') problems.push(diagnostic(file, lineOf(pair.key as YamlNode, counter), key ?? '?', 'unknown top-level key (use "source" and "figures")', 'UNKNOWN_COLUMN'));
  }
  const sourceNode = root.get('source', true);
  const source: Partial<Record<SourceColumn, Cell>> = {};
  if (sourceNode !== undefined) {
    const read = readYamlMap(sourceNode, counter, file, (k) => YAML_SOURCE_KEYS[k] ?? null, '"source"');
    problems.push(...read.problems);
    for (const [name, cell] of read.cells) source[name as SourceColumn] = cell;
  }
  const figures = root.get('figures', true);
  if (!isSeq(figures)) throw new ImportError([...problems, diagnostic(file, lineOf(figures as YamlNode, counter), undefined, '"figures" must be a list', 'MALFORMED_YAML')]);
  const rows = figures.items.map((item) => {
    const line = lineOf(item as YamlNode, counter);
    const read = readYamlMap(item, counter, file, (k) => (isColumn(k) ? k : null), 'a figure');
    problems.push(...read.problems);
    const present = new Set(read.cells.keys());
    for (const required of REQUIRED_CURATOR_COLUMNS) {
      if (!present.has(required) && isMap(item) && !item.has(required)) problems.push(diagnostic(file, line, required, 'required key is missing', 'MISSING_COLUMN'));
    }
    return { line, cells: Object.fromEntries(read.cells) as RawRow['cells'] };
  });
  if (problems.length > 0) throw new ImportError(problems);
  return { rows, source };
}

// ---------------------------------------------------------------------------------------------
// Rows to figures

function renderQuote(cells: RawRow['cells']): string {
  const target = cells.target ? `, mål ${cells.target.value}` : '';
  return `${cells.label?.value} (${cells.period?.value}): ${cells.value?.value ?? '–'}${target}`;
}

function readArea(row: RawRow, file: string | undefined, problems: ImportDiagnostic[]): AreaRef | undefined {
  const kind = row.cells.area_kind;
  const code = row.cells.area_code;
  if (!kind) problems.push(diagnostic(file, row.line, 'area_kind', 'is empty (use office or municipality)'));
  else if (kind.value !== 'office' && kind.value !== 'municipality') problems.push(diagnostic(file, kind.line, 'area_kind', `"${kind.value}" is not an area kind (use office or municipality)`));
  if (!code) problems.push(diagnostic(file, row.line, 'area_code', 'is empty'));
  else if (kind?.value === 'municipality' && !/^\d{4}$/.test(code.value)) problems.push(diagnostic(file, code.line, 'area_code', `"${code.value}" is not a 4-digit municipality code (keep the leading zero: 0301)`));
  else if (kind?.value === 'office' && !/^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(code.value)) problems.push(diagnostic(file, code.line, 'area_code', `"${code.value}" is not an office code`));
  return kind && code && (kind.value === 'office' || kind.value === 'municipality') ? { kind: kind.value, code: code.value } : undefined;
}

function checkValueAndTarget(row: RawRow, file: string | undefined, problems: ImportDiagnostic[]): void {
  const { value, target, unit } = row.cells;
  if (!value && !target) problems.push(diagnostic(file, row.line, 'value', 'is empty; give the value as published (or a target)'));
  const parsed = value ? parseNumber(value.value) : null;
  if (value && parsed && !parsed.ok) problems.push(diagnostic(file, value.line, 'value', `"${value.value}" is not a number: ${parsed.diagnostic.message}`));
  if (target) {
    const t = parseTarget(target.value);
    if (!t.ok) problems.push(diagnostic(file, target.line, 'target', `"${target.value}" is not a target: ${t.diagnostic.message}`));
  }
  if (unit && !(UNITS as readonly string[]).includes(unit.value)) {
    problems.push(diagnostic(file, unit.line, 'unit', `"${unit.value}" is not a unit (use ${UNITS.join(', ')})`));
  } else if (unit && parsed?.ok && parsed.unit && parsed.unit !== unit.value) {
    problems.push(diagnostic(file, unit.line, 'unit', `is "${unit.value}" but the value "${value!.value}" reads as ${parsed.unit}`));
  }
}

function rowToFigure(row: RawRow, file: string | undefined, problems: ImportDiagnostic[]): ExtractedFigure | null {
  const before = problems.length;
  const area = readArea(row, file, problems);
  const { label, period, value, target, unit, indicator, quote } = row.cells;
  if (!label) problems.push(diagnostic(file, row.line, 'label', 'is empty; copy the label as published'));
  if (!period) problems.push(diagnostic(file, row.line, 'period', 'is empty (use 2018, 2018-Q1 or 2018-03)'));
  else {
    const p = parsePeriod(period.value);
    if (!p.ok) problems.push(diagnostic(file, period.line, 'period', p.message));
  }
  checkValueAndTarget(row, file, problems);
  if (indicator && !INDICATOR_CODE.test(indicator.value)) {
    problems.push(diagnostic(file, indicator.line, 'indicator', `"${indicator.value}" is not an indicator code (like social_assistance.recipients_monthly_avg)`));
  }
  if (problems.length > before || !area || !label || !period) return null;
  const figure: ExtractedFigure = {
    label: normaliseSpaces(label.value),
    period: period.value,
    periodText: period.value,
    valueText: value ? normaliseSpaces(value.value) : null,
    targetText: target ? normaliseSpaces(target.value) : null,
    quote: quote?.value ?? renderQuote(row.cells),
    location: { line: row.line, cell: `row ${row.line}` },
    area,
  };
  if (indicator) figure.indicatorCode = indicator.value;
  if (unit) figure.unit = unit.value as FigureUnit;
  return figure;
}

/** The source columns as one value each; a row that disagrees with an earlier one is an error. */
function readSource(rows: RawRow[], defaults: Partial<Record<SourceColumn, Cell>>, file: string | undefined, problems: ImportDiagnostic[]): Partial<Record<SourceColumn, string>> {
  const first: Partial<Record<SourceColumn, Cell>> = { ...defaults };
  for (const row of rows) {
    for (const column of SOURCE_COLUMNS) {
      const cell = row.cells[column];
      if (!cell) continue;
      const seen = first[column];
      if (!seen) first[column] = cell;
      else if (seen.value !== cell.value) {
        problems.push(diagnostic(file, cell.line, column, `"${cell.value}" differs from "${seen.value}" on line ${seen.line}; one file is one source`));
      }
    }
  }
  const year = first.report_year;
  if (year && !/^\d{4}$/.test(year.value)) problems.push(diagnostic(file, year.line, 'report_year', `"${year.value}" is not a year`));
  const url = first.source_url;
  if (url && !/^https?:\/\/\S+$/.test(url.value)) problems.push(diagnostic(file, url.line, 'source_url', `"${url.value}" is not an http(s) address`));
  return Object.fromEntries(Object.entries(first).map(([k, c]) => [k, c!.value]));
}

function buildMeta(source: Partial<Record<SourceColumn, string>>, figures: ExtractedFigure[], options: AdapterOptions, warnings: ImportDiagnostic[]): DocumentMeta {
  const meta = metaFromOptions(options);
  const fromFile: DocumentMeta = {
    title: source.source_title,
    url: source.source_url,
    publisher: source.publisher,
    reportYear: source.report_year ? Number(source.report_year) : undefined,
  };
  for (const key of ['title', 'url', 'publisher', 'reportYear'] as const) {
    const value = fromFile[key];
    if (value === undefined) continue;
    if (meta[key] !== undefined && meta[key] !== value) {
      warnings.push({ code: 'META_CONFLICT', message: `the file says ${key} "${value}" but the import says "${meta[key]}"; using the file's`, file: options.fileName });
    }
    (meta as Record<string, unknown>)[key] = value;
  }
  const areas = new Set(figures.map((f) => `${f.area!.kind}:${f.area!.code}`));
  if (areas.size === 1 && meta.area === undefined) meta.area = figures[0].area;
  return meta;
}

function rowsToDocument(format: string, rows: RawRow[], defaults: Partial<Record<SourceColumn, Cell>>, options: AdapterOptions): ExtractedDocument {
  const file = options.fileName;
  const problems: ImportDiagnostic[] = [];
  if (rows.length === 0) throw new ImportError([{ code: 'NO_ROWS', message: 'the file has no figures', file }]);
  const figures = rows.map((r) => rowToFigure(r, file, problems)).filter((f): f is ExtractedFigure => f !== null);
  const source = readSource(rows, defaults, file, problems);
  if (problems.length > 0) throw new ImportError(problems);
  const warnings: ImportDiagnostic[] = [];
  return { format, meta: buildMeta(source, figures, options, warnings), figures, warnings };
}

export function parseCuratorCsv(text: string, options: AdapterOptions = {}): ExtractedDocument {
  assertReadableText(text, options.fileName);
  return rowsToDocument(CURATOR_CSV, readCsvRows(text, options.fileName), {}, options);
}

export function parseCuratorYaml(text: string, options: AdapterOptions = {}): ExtractedDocument {
  assertReadableText(text, options.fileName);
  const { rows, source } = readYamlRows(text, options.fileName);
  return rowsToDocument(CURATOR_YAML, rows, source, options);
}

/** A header row naming the curator's required columns. */
export function detectCuratorCsv(text: string): number {
  if (typeof text !== 'string') return 0;
  const header = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0].toLowerCase();
  const names = header.split(/[;,]/).map((h) => h.trim().replace(/^"|"$/g, ''));
  return REQUIRED_CURATOR_COLUMNS.every((c) => names.includes(c)) ? 0.95 : 0;
}

/** A YAML document with a top-level `figures:` list whose items name curator columns. */
export function detectCuratorYaml(text: string): number {
  if (typeof text !== 'string') return 0;
  return /^figures\s*:/m.test(text) && /^\s*-?\s*area_kind\s*:/m.test(text) ? 0.9 : 0;
}

export const curatorCsvAdapter: FormatAdapter = { name: CURATOR_CSV, detect: detectCuratorCsv, parse: parseCuratorCsv };
export const curatorYamlAdapter: FormatAdapter = { name: CURATOR_YAML, detect: detectCuratorYaml, parse: parseCuratorYaml };
