import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, isNode } from 'yaml';
import { normaliseSpaces, parseNumber } from '../normalise/number';
import { parsePeriod } from '../normalise/period';
import { PERIOD_EXAMPLES } from '../../modules/observations/period';
import { parseTarget } from '../normalise/target';
import { isDecimal } from '../normalise/decimal';
import type { AreaRef, DocumentMeta, ExtractedDocument, ExtractedFigure, FigureUnit, ImportDiagnostic, QualityFlag, Transformation } from '../types';
import { FIGURE_UNITS, firstLine, ImportError, PUBLISHED_FLAGS, restatedQuote } from '../types';
import { COUNTRY_CODE } from '../areas';
import { assertReadableText, collectFigures, metaFromOptions, type AdapterOptions, type FormatAdapter } from './common';
import { INDICATOR_CODE_RULE, isIndicatorCode } from '../../modules/taxonomy/indicator-code';

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
  'flags',
  'footnote',
  'transformation',
  'factor',
  'definition_note',
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

/** Units a curator may name: the figure units, and kroner in thousands or millions as tables print them. */
const SCALED_NOK: Record<string, string> = { NOK_thousand: '1000', NOK_million: '1000000' };
const UNITS: readonly string[] = [...FIGURE_UNITS, ...Object.keys(SCALED_NOK)];

/** Transformations a curator may declare; the shortcuts say the unit they give. */
const TRANSFORMATIONS: Record<string, { factor?: string; unit?: FigureUnit; note: string }> = {
  identity: { note: 'the value as published' },
  scale: { note: 'multiplied by the factor the curator gave' },
  fraction_to_percent: { factor: '100', unit: 'percent', note: 'a fraction published as 0.031 is 3.1 %' },
  fraction_to_per_1000: { factor: '1000', unit: 'per_1000_inhabitants', note: 'a fraction published as 0.0139 is 13.9 per 1,000' },
};
const AREA_KINDS = ['municipality', 'office', 'county', 'country'] as const;

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
  const [header = ''] = text.split('\n', 1);
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

/**
 * Columns whose text a plan keeps for every row (a period, a value as published) and that a large
 * file repeats: one string each, not one per row. The others are let go with their row, or kept
 * once for all the rows of a label or an area.
 */
const SHARED_COLUMNS: ReadonlySet<CuratorColumn> = new Set(['period', 'value']);

/** normaliseSpaces that hands back the very string it was given when nothing changes, so shared copies stay shared. */
function spaced(text: string): string {
  const normalised = normaliseSpaces(text);
  return normalised === text ? text : normalised;
}

/**
 * Reads the CSV record by record and hands each row on as it is read: a file of 200,000 figures
 * never becomes a list of 200,000 parsed records beside the figures made from them.
 */
function forEachCsvRow(text: string, file: string | undefined, onRow: (row: RawRow) => void): void {
  let header: CuratorColumn[] | null = null;
  // A large file repeats its labels, codes, periods and units on every row: one string each, not one per row.
  const strings = new Map<string, string>();
  const intern = (text: string): string => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    strings.set(text, text);
    return text;
  };
  // A record's own first line: the parser counts lines up to the record's end (blank lines before it
  // included), and a line break inside a record can only be one inside a quoted cell, kept in the cell.
  const onRecord = (record: string[], { lines }: { lines: number }): undefined => {
    let line = lines;
    for (const cell of record) for (let at = cell.indexOf('\n'); at >= 0; at = cell.indexOf('\n', at + 1)) line--;
    if (!header) {
      const names = record.map((h) => h.trim().toLowerCase());
      const headerProblems = checkColumns(names, line, file);
      if (headerProblems.length > 0) throw new ImportError(headerProblems);
      header = names as CuratorColumn[];
      return undefined;
    }
    const cells: RawRow['cells'] = {};
    header.forEach((name, k) => {
      const published = record[k];
      if (published) cells[name] = { value: SHARED_COLUMNS.has(name) ? intern(published) : published, line };
    });
    onRow({ line, cells });
    return undefined;
  };
  // Line endings as LF: the parser counts a CRLF inside a quoted cell as two lines, which would put every
  // later record's line one too far; and a file saved with Windows line endings gives the same figures.
  const lf = text.replace(/\r\n?/g, '\n');
  try {
    parseCsv(lf, { bom: true, skip_empty_lines: true, trim: true, delimiter: csvDelimiter(lf), on_record: onRecord });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const e = error as { message?: string; lines?: number };
    throw new ImportError([{ code: 'MALFORMED_CSV', message: e.message ?? String(error), file, line: e.lines }]);
  }
  // A text without a header row is blank, which assertReadableText has already refused.
}

// ---------------------------------------------------------------------------------------------
// Reading rows: YAML `{ source: { title, url, publisher, report_year }, figures: [ {<columns>} ] }`

const YAML_SOURCE_KEYS: Record<string, SourceColumn> = { title: 'source_title', url: 'source_url', publisher: 'publisher', report_year: 'report_year' };

function lineOf(node: unknown, counter: LineCounter): number {
  return isNode(node) && node.range ? counter.linePos(node.range[0]).line : 1;
}

/** A scalar's text, trimmed; '' for a key without a value (`? key`); null for a list or mapping. */
function scalarText(node: unknown): string | null {
  if (node === null) return '';
  // The failsafe schema reads every scalar as a string (a tag it does not know, `!!int 3`, too).
  return isScalar(node) && typeof node.value === 'string' ? node.value.trim() : null;
}

function readYamlMap(node: unknown, counter: LineCounter, file: string | undefined, keyName: (key: string) => string | null, what: string): { cells: Map<string, Cell>; problems: ImportDiagnostic[] } {
  const cells = new Map<string, Cell>();
  const problems: ImportDiagnostic[] = [];
  if (!isMap(node)) return { cells, problems: [diagnostic(file, lineOf(node, counter), undefined, `${what} must be a mapping of key: value`, 'MALFORMED_YAML')] };
  for (const pair of node.items) {
    const key = scalarText(pair.key) ?? '';
    const line = lineOf((pair.value ?? pair.key), counter);
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
    throw new ImportError(doc.errors.map((e) => ({ code: 'MALFORMED_YAML', message: firstLine(e.message), file, line: e.linePos?.[0]?.line })));
  }
  const problems: ImportDiagnostic[] = [];
  const root = doc.contents;
  if (!isMap(root)) throw new ImportError([diagnostic(file, 1, undefined, 'the YAML document must be a mapping with "source" and "figures"', 'MALFORMED_YAML')]);
  for (const pair of root.items) {
    const key = scalarText(pair.key);
    if (key !== 'source' && key !== 'figures') problems.push(diagnostic(file, lineOf(pair.key, counter), key ?? '?', 'unknown top-level key (use "source" and "figures")', 'UNKNOWN_COLUMN'));
  }
  const sourceNode = root.get('source', true);
  const source: Partial<Record<SourceColumn, Cell>> = {};
  if (sourceNode !== undefined) {
    const read = readYamlMap(sourceNode, counter, file, (k) => YAML_SOURCE_KEYS[k] ?? null, '"source"');
    problems.push(...read.problems);
    for (const [name, cell] of read.cells) source[name as SourceColumn] = cell;
  }
  const figures = root.get('figures', true);
  if (!isSeq(figures)) throw new ImportError([...problems, diagnostic(file, lineOf(figures, counter), undefined, '"figures" must be a list', 'MALFORMED_YAML')]);
  const rows = figures.items.map((item) => {
    const line = lineOf(item, counter);
    const read = readYamlMap(item, counter, file, (k) => (isColumn(k) ? k : null), 'a figure');
    problems.push(...read.problems);
    for (const required of REQUIRED_CURATOR_COLUMNS) {
      // A key that is there but empty is an empty cell, reported by the row's own checks.
      if (isMap(item) && !item.has(required)) problems.push(diagnostic(file, line, required, 'required key is missing', 'MISSING_COLUMN'));
    }
    return { line, cells: Object.fromEntries(read.cells) };
  });
  if (problems.length > 0) throw new ImportError(problems);
  return { rows, source };
}

// ---------------------------------------------------------------------------------------------
// Rows to figures

function renderQuote(label: Cell, period: Cell, value: Cell | undefined, target: Cell | undefined): string {
  const restated = restatedQuote(label.value, period.value, value?.value ?? '–');
  // Joined, not a template, for the reason restatedQuote gives: a large file keeps one per row.
  return target ? [restated, ', mål ', target.value].join('') : restated;
}

function readArea(row: RawRow, file: string | undefined, problems: ImportDiagnostic[], known: Map<string, AreaRef>): AreaRef | undefined {
  const kind = row.cells.area_kind;
  const code = row.cells.area_code;
  const kinds = AREA_KINDS.join(', ');
  if (!kind) problems.push(diagnostic(file, row.line, 'area_kind', `is empty (use ${kinds})`));
  else if (!(AREA_KINDS as readonly string[]).includes(kind.value)) problems.push(diagnostic(file, kind.line, 'area_kind', `"${kind.value}" is not an area kind (use ${kinds})`));
  if (!code) problems.push(diagnostic(file, row.line, 'area_code', kind?.value === 'country' ? `is empty (use ${COUNTRY_CODE})` : 'is empty'));
  else if (kind?.value === 'municipality' && !/^\d{4}$/.test(code.value)) problems.push(diagnostic(file, code.line, 'area_code', `"${code.value}" is not a 4-digit municipality code (keep the leading zero: 0301)`));
  else if (kind?.value === 'county' && !/^\d{2}$/.test(code.value)) problems.push(diagnostic(file, code.line, 'area_code', `"${code.value}" is not a 2-digit county code (keep the leading zero: 03)`));
  else if (kind?.value === 'country' && code.value !== COUNTRY_CODE) problems.push(diagnostic(file, code.line, 'area_code', `"${code.value}" is not the country's code (use ${COUNTRY_CODE})`));
  else if (kind?.value === 'office' && !/^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(code.value)) problems.push(diagnostic(file, code.line, 'area_code', `"${code.value}" is not an office code`));
  if (!kind || !code || !(AREA_KINDS as readonly string[]).includes(kind.value)) return undefined;
  // The rows of one area share one reference (nothing changes an area once read).
  const key = `${kind.value}:${code.value}`;
  let area = known.get(key);
  if (!area) known.set(key, (area = { kind: kind.value as AreaRef['kind'], code: code.value }));
  return area;
}

/** The flags column: published flags separated by commas or spaces. */
function readFlags(row: RawRow, file: string | undefined, problems: ImportDiagnostic[]): QualityFlag[] {
  const cell = row.cells.flags;
  if (!cell) return [];
  const flags = cell.value.split(/[\s,;]+/).filter(Boolean);
  const unknown = flags.filter((f) => !(PUBLISHED_FLAGS as readonly string[]).includes(f));
  if (unknown.length) problems.push(diagnostic(file, cell.line, 'flags', `${unknown.map((f) => `"${f}"`).join(', ')} is not a flag a source publishes (use ${PUBLISHED_FLAGS.join(', ')})`));
  return [...new Set(flags.filter((f): f is QualityFlag => (PUBLISHED_FLAGS as readonly string[]).includes(f)))];
}

/** The transformation and unit columns as the transformation the pipeline applies, if any. */
function readTransformation(row: RawRow, file: string | undefined, problems: ImportDiagnostic[]): Transformation | undefined {
  const { transformation, factor, unit, indicator, value } = row.cells;
  const scaledNok = unit ? SCALED_NOK[unit.value] : undefined;
  if (!transformation) {
    if (factor) problems.push(diagnostic(file, factor.line, 'factor', 'goes with transformation: scale'));
    if (!scaledNok) return undefined;
    return { kind: 'scale', factor: scaledNok, unit: 'NOK', note: `the table gives kroner in ${unit?.value === 'NOK_million' ? 'millions' : 'thousands'}` };
  }
  const known = TRANSFORMATIONS[transformation.value];
  if (!known) {
    problems.push(diagnostic(file, transformation.line, 'transformation', `"${transformation.value}" is not a transformation (use ${Object.keys(TRANSFORMATIONS).join(', ')})`));
    return undefined;
  }
  if (!indicator) problems.push(diagnostic(file, transformation.line, 'transformation', 'needs the indicator column: a transformation says how the value becomes that indicator\'s value'));
  if (scaledNok && unit) problems.push(diagnostic(file, unit.line, 'unit', `${unit.value} is itself a transformation; give unit NOK with the transformation`));
  if (transformation.value === 'scale' && (!factor || !isDecimal(factor.value.replace(',', '.')))) {
    problems.push(diagnostic(file, factor?.line ?? transformation.line, 'factor', factor ? `"${factor.value}" is not a decimal number` : 'is empty; a scale transformation needs a factor (e.g. 100)'));
  } else if (transformation.value !== 'scale' && factor) {
    problems.push(diagnostic(file, factor.line, 'factor', `goes with transformation: scale, not ${transformation.value}`));
  }
  if (known.unit && unit && unit.value !== known.unit) problems.push(diagnostic(file, unit.line, 'unit', `is "${unit.value}" but ${transformation.value} gives ${known.unit}`));
  const printed = value ? parseNumber(value.value) : null;
  if (value && transformation.value !== 'identity' && printed?.ok && printed.unit) {
    problems.push(diagnostic(file, value.line, 'value', `"${value.value}" already reads as ${printed.unit}; a value to be transformed is the bare number as published`));
  }
  const t: Transformation = { kind: transformation.value === 'identity' ? 'identity' : 'scale', note: known.note };
  const f = known.factor ?? factor?.value.replace(',', '.');
  if (t.kind === 'scale' && f) t.factor = f;
  const u = known.unit ?? (unit && !scaledNok ? (unit.value as FigureUnit) : undefined);
  if (u) t.unit = u;
  return t;
}

function checkValueAndTarget(row: RawRow, flags: QualityFlag[], file: string | undefined, problems: ImportDiagnostic[]): void {
  const { value, target, unit } = row.cells;
  const parsed = value ? parseNumber(value.value) : null;
  if (value && parsed && !parsed.ok && parsed.diagnostic.code !== 'PLACEHOLDER_SYMBOL') problems.push(diagnostic(file, value.line, 'value', `"${value.value}" is not a number: ${parsed.diagnostic.message}`));
  const withheld = flags.filter((f) => f === 'suppressed' || f === 'not_published');
  if (value && parsed?.ok && withheld.length) problems.push(diagnostic(file, row.cells.flags?.line ?? row.line, 'flags', `${withheld.join(', ')} means there is no value, but the value is "${value.value}"`));
  if (target) {
    const t = parseTarget(target.value);
    if (!t.ok) problems.push(diagnostic(file, target.line, 'target', `"${target.value}" is not a target: ${t.diagnostic.message}`));
  }
  // A value whose words say its unit must say the unit given; they never say kroner in thousands or millions.
  if (unit && !UNITS.includes(unit.value)) {
    problems.push(diagnostic(file, unit.line, 'unit', `"${unit.value}" is not a unit (use ${UNITS.join(', ')})`));
  } else if (unit && value && keepsValue(row.cells.transformation) && parsed?.ok && parsed.unit && parsed.unit !== unit.value) {
    problems.push(diagnostic(file, unit.line, 'unit', `is "${unit.value}" but the value "${value.value}" reads as ${parsed.unit}`));
  }
}

/** No transformation, or identity: the value is stored as published, so its words must agree with its unit. */
function keepsValue(transformation: Cell | undefined): boolean {
  return !transformation || transformation.value === 'identity';
}

function rowToFigure(row: RawRow, file: string | undefined, problems: ImportDiagnostic[], areas: Map<string, AreaRef>): ExtractedFigure | null {
  const before = problems.length;
  const area = readArea(row, file, problems, areas);
  const { label, period, value, target, unit, indicator, quote, footnote, definition_note: definitionNote } = row.cells;
  if (!label) problems.push(diagnostic(file, row.line, 'label', 'is empty; copy the label as published'));
  if (!period) problems.push(diagnostic(file, row.line, 'period', `is empty (use ${PERIOD_EXAMPLES})`));
  else {
    const p = parsePeriod(period.value);
    if (!p.ok) problems.push(diagnostic(file, period.line, 'period', p.message));
  }
  const flags = readFlags(row, file, problems);
  checkValueAndTarget(row, flags, file, problems);
  const transformation = readTransformation(row, file, problems);
  if (indicator && !isIndicatorCode(indicator.value)) {
    problems.push(diagnostic(file, indicator.line, 'indicator', `"${indicator.value}" is not an indicator code (${INDICATOR_CODE_RULE})`));
  }
  if (problems.length > before || !area || !label || !period) return null;
  const figure: ExtractedFigure = {
    label: spaced(label.value),
    period: period.value,
    periodText: period.value,
    // An empty value cell is kept as published: nothing (never a zero), flagged not_published downstream.
    valueText: value ? spaced(value.value) : target ? null : '',
    targetText: target ? spaced(target.value) : null,
    quote: quote?.value ?? renderQuote(label, period, value, target),
    location: { line: row.line, cell: `row ${row.line}` },
    area,
  };
  if (footnote) {
    figure.footnote = footnote.value;
    if (!flags.includes('footnoted')) flags.push('footnoted');
  }
  if (flags.length) figure.flags = flags;
  if (indicator) figure.indicatorCode = indicator.value;
  if (transformation) {
    figure.transformation = transformation;
    if (transformation.unit) figure.unit = transformation.unit;
  } else if (unit) figure.unit = unit.value as FigureUnit;
  if (definitionNote) figure.definitionNote = definitionNote.value;
  return figure;
}

/** The source columns as one value each; a row that disagrees with an earlier one is an error. */
class SourceCells {
  private readonly first: Partial<Record<SourceColumn, Cell>>;

  constructor(defaults: Partial<Record<SourceColumn, Cell>>) {
    this.first = { ...defaults };
  }

  add(row: RawRow, file: string | undefined, problems: ImportDiagnostic[]): void {
    for (const column of SOURCE_COLUMNS) {
      const cell = row.cells[column];
      if (!cell) continue;
      const seen = this.first[column];
      if (!seen) this.first[column] = cell;
      else if (seen.value !== cell.value) {
        problems.push(diagnostic(file, cell.line, column, `"${cell.value}" differs from "${seen.value}" on line ${seen.line}; one file is one source`));
      }
    }
  }

  values(file: string | undefined, problems: ImportDiagnostic[]): Partial<Record<SourceColumn, string>> {
    const year = this.first.report_year;
    if (year && !/^\d{4}$/.test(year.value)) problems.push(diagnostic(file, year.line, 'report_year', `"${year.value}" is not a year`));
    const url = this.first.source_url;
    if (url && !/^https?:\/\/\S+$/.test(url.value)) problems.push(diagnostic(file, url.line, 'source_url', `"${url.value}" is not an http(s) address`));
    return Object.fromEntries(Object.entries(this.first).flatMap(([k, c]) => (c ? [[k, c.value]] : [])));
  }
}

function buildMeta(source: Partial<Record<SourceColumn, string>>, onlyArea: AreaRef | undefined, options: AdapterOptions, warnings: ImportDiagnostic[]): DocumentMeta {
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
  if (onlyArea && meta.area === undefined) meta.area = onlyArea;
  return meta;
}

/**
 * Each row becomes a figure as it is read and is handed to onFigure: nothing of a row is kept here
 * but what the source columns say. The document returned holds no figures.
 */
function rowsToDocument(format: string, forEachRow: (onRow: (row: RawRow) => void) => void, defaults: Partial<Record<SourceColumn, Cell>>, options: AdapterOptions, onFigure: (figure: ExtractedFigure) => void): ExtractedDocument {
  const file = options.fileName;
  const problems: ImportDiagnostic[] = [];
  const source = new SourceCells(defaults);
  let anyRow = false;
  const areas = new Map<string, AreaRef>();
  // The curator adapter gives every figure its area; a file about one area is a document about it.
  // The rows of one area share one AreaRef (readArea), so one reference means one area.
  let firstArea: AreaRef | undefined;
  let oneArea = true;
  forEachRow((row) => {
    anyRow = true;
    const figure = rowToFigure(row, file, problems, areas);
    if (figure) {
      if (firstArea === undefined) firstArea = figure.area;
      else if (figure.area !== firstArea) oneArea = false;
      onFigure(figure);
    }
    source.add(row, file, problems);
  });
  if (!anyRow) throw new ImportError([{ code: 'NO_ROWS', message: 'the file has no figures', file }]);
  const sourceValues = source.values(file, problems);
  // The rows without a problem were handed on all the same (partial), so that later checks can report theirs.
  if (problems.length > 0) throw Object.assign(new ImportError(sortByLine(problems)), { partial: [] });
  const warnings: ImportDiagnostic[] = [];
  return { format, meta: buildMeta(sourceValues, oneArea ? firstArea : undefined, options, warnings), figures: [], warnings };
}

/** A row's problems and the source columns' disagreements are found in one pass; reported in line order. */
function sortByLine(problems: ImportDiagnostic[]): ImportDiagnostic[] {
  return problems.map((p, i) => [p, i] as const).sort(([a, i], [b, j]) => (a.line ?? 0) - (b.line ?? 0) || i - j).map(([p]) => p);
}

/** The curator CSV, read record by record: each figure goes to onFigure as its row is read (see FormatAdapter.read). */
export function readCuratorCsv(text: string, options: AdapterOptions, onFigure: (figure: ExtractedFigure) => void): ExtractedDocument {
  assertReadableText(text, options.fileName);
  return rowsToDocument(CURATOR_CSV, (onRow) => forEachCsvRow(text, options.fileName, onRow), {}, options, onFigure);
}

export function parseCuratorCsv(text: string, options: AdapterOptions = {}): ExtractedDocument {
  return collectFigures((onFigure) => readCuratorCsv(text, options, onFigure));
}

export function readCuratorYaml(text: string, options: AdapterOptions, onFigure: (figure: ExtractedFigure) => void): ExtractedDocument {
  assertReadableText(text, options.fileName);
  const { rows, source } = readYamlRows(text, options.fileName);
  return rowsToDocument(CURATOR_YAML, (onRow) => rows.forEach(onRow), source, options, onFigure);
}

export function parseCuratorYaml(text: string, options: AdapterOptions = {}): ExtractedDocument {
  return collectFigures((onFigure) => readCuratorYaml(text, options, onFigure));
}

/** A header row naming the curator's required columns. */
export function detectCuratorCsv(text: string): number {
  if (typeof text !== 'string') return 0;
  const [header = ''] = text.replace(/^\ufeff/, '').split(/\r?\n/, 1);
  const names = header.toLowerCase().split(/[;,]/).map((h) => h.trim().replace(/^"|"$/g, ''));
  return REQUIRED_CURATOR_COLUMNS.every((c) => names.includes(c)) ? 0.95 : 0;
}

/** A YAML document with a top-level `figures:` list whose items name curator columns. */
export function detectCuratorYaml(text: string): number {
  if (typeof text !== 'string') return 0;
  return /^figures\s*:/m.test(text) && /^\s*-?\s*area_kind\s*:/m.test(text) ? 0.9 : 0;
}

export const curatorCsvAdapter: FormatAdapter = { name: CURATOR_CSV, detect: detectCuratorCsv, parse: parseCuratorCsv, read: readCuratorCsv };
export const curatorYamlAdapter: FormatAdapter = { name: CURATOR_YAML, detect: detectCuratorYaml, parse: parseCuratorYaml, read: readCuratorYaml };
