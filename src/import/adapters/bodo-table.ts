import { present } from '../../invariant';
import { parseNumber } from '../normalise/number';
import { yearFromHeader } from '../normalise/period';
import { parseTarget } from '../normalise/target';
import type { ExtractedDocument, ExtractedFigure, ImportDiagnostic } from '../types';
import { ImportError } from '../types';
import {
  assertReadableText,
  attachFootnotes,
  metaFromOptions,
  numberedLines,
  officeNameFromText,
  quoteCell,
  resolveReportYear,
  unitWordsInLabel,
  type AdapterOptions,
  type FormatAdapter,
  type NumberedLine,
} from './common';
import { extractProseFigures, REPORT_PROSE_PATTERNS } from './prose';

/**
 * NAV Bodø's layout (annual report 2018): a table `Resultatindikator` flattened to one cell per line,
 * blank lines between cells, then rows of label + one cell per column. Header cells may be split over
 * two lines (`Mål` / `2018`). Figures in the running text are read by the shared prose patterns.
 */

export const BODO_TABLE = 'bodo-table';

const ANCHOR = /^resultatindikator(?:er)?$/i;
const HEADER_WORD = /^(?:gjennomsnitt|snitt|resultat|mål|måltall|resultatkrav|krav)\b/i;
const TARGET_HEADER = /^(?:mål|måltall|resultatkrav|krav)\b/i;
const BARE_YEAR = /^(?:19|20)\d{2}$/;

interface Column {
  header: string;
  line: number;
  kind: 'year' | 'target';
  year: number | null;
}

interface Row {
  label: NumberedLine;
  cells: NumberedLine[];
}

/** `Gjennomsnitt 2016`, `Mål`, `Mål 2018`, or a bare year; a row label such as `Resultat brukerundersøkelse` is not. */
function isHeaderCell(text: string): boolean {
  if (BARE_YEAR.test(text)) return true;
  if (text.length > 40 || !HEADER_WORD.test(text)) return false;
  return yearFromHeader(text) !== null || (TARGET_HEADER.test(text) && text.split(' ').length <= 2);
}

/** A cell that belongs to a row's values: a number, a target, or an SSB symbol for "no value". */
function isValueCell(text: string): boolean {
  if (parseTarget(text).ok) return true;
  const n = parseNumber(text);
  return !n.ok && n.diagnostic.code === 'PLACEHOLDER_SYMBOL';
}

function fail(file: string | undefined, code: string, message: string, line?: number, cell?: string): never {
  throw new ImportError([{ code, message, file, line, cell }]);
}

/** Header cells after the anchor; a bare year right after a yearless cell continues it (`Mål` + `2018`). */
function readHeader(cells: NumberedLine[], start: number): { headers: NumberedLine[]; next: number } {
  const headers: NumberedLine[] = [];
  let i = start;
  for (let cell = cells[i]; cell && isHeaderCell(cell.text); cell = cells[++i]) {
    const previous = headers[headers.length - 1];
    if (BARE_YEAR.test(cell.text) && previous && yearFromHeader(previous.text) === null) {
      headers[headers.length - 1] = { ...previous, text: `${previous.text} ${cell.text}`, raw: `${previous.raw}\n${cell.raw}` };
    } else {
      headers.push(cell);
    }
  }
  return { headers, next: i };
}

function classifyColumns(headers: NumberedLine[], anchor: NumberedLine, file: string | undefined): Column[] {
  const columns: Column[] = headers.map((h) => ({
    header: h.text,
    line: h.line,
    kind: TARGET_HEADER.test(h.text) ? 'target' : 'year',
    year: yearFromHeader(h.text),
  }));
  const years = columns.filter((c) => c.kind === 'year');
  if (years.length === 0) {
    fail(file, 'MALFORMED_HEADER', `the table "${anchor.text}" has no year columns (expected headers like "Gjennomsnitt 2016")`, anchor.line);
  }
  for (const c of years) {
    if (c.year === null) fail(file, 'MALFORMED_HEADER', `the column "${c.header}" names no single year`, c.line, `column "${c.header}"`);
    if (years.filter((o) => o.year === c.year).length > 1) {
      fail(file, 'MALFORMED_HEADER', `two columns are for ${c.year}`, c.line, `column "${c.header}"`);
    }
  }
  if (columns.filter((c) => c.kind === 'target').length > 1) {
    fail(file, 'MALFORMED_HEADER', 'the table has more than one target column', anchor.line);
  }
  return columns;
}

/**
 * Rows until a label with no value cells after it, which is where running text resumes. A row must
 * have a cell for every column: the flattened text keeps no trace of an empty cell, so a short row
 * (a word where a number stood, a cell lost) cannot be placed in its years, and guessing once put
 * 2017's value under 2018. Such a table is refused, naming the cell to fix.
 */
function readRows(cells: NumberedLine[], start: number, columns: Column[], file: string | undefined): { rows: Row[]; end: number } {
  const rows: Row[] = [];
  let i = start;
  const unreadable = (cell: NumberedLine, row: string, column: Column | undefined): never =>
    fail(file, 'UNREADABLE_CELL', `"${cell.text}" stands where the table has a value${column ? ` for "${column.header}"` : ''}; it is not a number, a target or a table symbol (write the number, leave the symbol, or use the curator format)`, cell.line, column ? quoteCell(row, column.header) : `row "${row}"`);
  const isValueAt = (k: number): boolean => {
    const cell = cells[k];
    return cell !== undefined && isValueCell(cell.text);
  };
  for (let label = cells[i]; label && !isValueCell(label.text); label = cells[i]) {
    let j = i + 1;
    while (isValueAt(j)) j++;
    if (j === i + 1) {
      // A word in a row's first cell: the values after it show that the table goes on.
      if (isValueAt(j + 1)) unreadable(present(cells[j], 'the cell before a value'), label.text, columns[0]);
      break;
    }
    const row = { label, cells: cells.slice(i + 1, j) };
    if (row.cells.length > columns.length) {
      const extra = present(row.cells[columns.length], 'the first cell past the last column');
      fail(file, 'ROW_TOO_LONG', `the row has ${row.cells.length} values for ${columns.length} columns (${columns.map((c) => c.header).join(', ')})`, extra.line, `row "${label.text}"`);
    }
    if (row.cells.length < columns.length) {
      const next = cells[j];
      // The cell right after a short row is most likely the word that broke it.
      if (next && isValueAt(j + 1)) unreadable(next, label.text, columns[row.cells.length]);
      fail(file, 'ROW_TOO_SHORT', `the row has ${row.cells.length} values for ${columns.length} columns (${columns.map((c) => c.header).join(', ')}); an empty cell leaves no trace in this layout, so the values cannot be placed in their years: write the missing cell (a table symbol such as ".." for an empty one) or use the curator format`, label.line, `row "${label.text}"`);
    }
    rows.push(row);
    i = j;
  }
  return { rows, end: i };
}

/** Which cell goes in which column: rows are full (readRows refuses short ones), read in column order. */
function assignCells(row: Row, columns: Column[]): Map<Column, NumberedLine> {
  return new Map(columns.map((c, k) => [c, present(row.cells[k], `the cell of row "${row.label.text}" for "${c.header}"`)] as const));
}

function rowFigures(row: Row, columns: Column[], targetYear: number): ExtractedFigure[] {
  const assigned = assignCells(row, columns);
  const label = row.label.text;
  const quote = [label, ...row.cells.map((c) => c.text)].join(' | ');
  const targetColumn = columns.find((c) => c.kind === 'target');
  const target = targetColumn ? assigned.get(targetColumn) : undefined;
  const unitText = unitWordsInLabel(label) ?? (row.cells.some((c) => c.text.includes('%')) ? '%' : null);
  const figures: ExtractedFigure[] = [];
  for (const column of columns.filter((c) => c.kind === 'year')) {
    const cell = assigned.get(column);
    if (!cell) continue;
    figures.push({
      label,
      period: String(column.year),
      periodText: column.header,
      valueText: cell.text,
      targetText: column.year === targetYear && target ? target.text : null,
      quote,
      location: { line: cell.line, cell: quoteCell(label, column.header) },
      unitText,
    });
  }
  // A target for a year the table has no results for yet (e.g. `Mål 2019`) is still the office's stated target.
  if (target && targetColumn && !figures.some((f) => f.period === String(targetYear))) {
    figures.push({
      label,
      period: String(targetYear),
      periodText: targetColumn.header,
      valueText: null,
      targetText: target.text,
      quote,
      location: { line: target.line, cell: quoteCell(label, targetColumn.header) },
      unitText,
    });
  }
  return figures;
}

export function parseBodoTable(text: string, options: AdapterOptions = {}): ExtractedDocument {
  const file = options.fileName;
  assertReadableText(text, file);
  const lines = numberedLines(text);
  const cells = lines.filter((l) => l.text !== '');
  const anchorIndex = cells.findIndex((c) => ANCHOR.test(c.text));
  if (anchorIndex < 0) fail(file, 'NO_TABLE', 'no table found: expected a header cell "Resultatindikator" on a line of its own');
  const anchor = present(cells[anchorIndex], 'the anchor cell');

  const { headers, next } = readHeader(cells, anchorIndex + 1);
  const columns = classifyColumns(headers, anchor, file);
  const { rows, end } = readRows(cells, next, columns, file);
  if (rows.length === 0) fail(file, 'NO_ROWS', `the table "${anchor.text}" has a header but no rows of values`, anchor.line);

  const warnings: ImportDiagnostic[] = [];
  const targetColumn = columns.find((c) => c.kind === 'target');
  const lastYear = Math.max(...columns.flatMap((c) => (c.kind === 'year' && c.year !== null ? [c.year] : [])));
  const reportYear = resolveReportYear(targetColumn?.year ?? lastYear, options, warnings);

  const figures = rows.flatMap((row) => rowFigures(row, columns, reportYear));
  attachFootnotes(figures, lines.filter((l) => l.text !== ''));
  const tableFirstLine = anchor.line;
  const afterTable = cells[end];
  const tableLastLine = afterTable ? afterTable.line - 1 : lines.length;
  const prose = extractProseFigures(
    lines.filter((l) => l.text !== '' && (l.line < tableFirstLine || l.line > tableLastLine)),
    REPORT_PROSE_PATTERNS,
    { reportYear, file },
  );

  const meta = metaFromOptions(options);
  meta.reportYear = reportYear;
  const officeName = officeNameFromText(text);
  if (officeName) meta.officeName = officeName;
  return { format: BODO_TABLE, meta, figures: [...figures, ...prose.figures], warnings: [...warnings, ...prose.warnings] };
}

/** A `Resultatindikator` cell with year-column headers after it. */
export function detectBodoTable(text: string): number {
  if (typeof text !== 'string' || text.includes('\u0000')) return 0;
  const cells = numberedLines(text.slice(0, 200_000)).filter((l) => l.text !== '');
  const anchor = cells.findIndex((c) => ANCHOR.test(c.text));
  if (anchor < 0) return 0;
  const headerYears = cells.slice(anchor + 1, anchor + 8).filter((c) => isHeaderCell(c.text) && !BARE_YEAR.test(c.text) && yearFromHeader(c.text) !== null);
  return headerYears.length >= 2 ? 0.9 : 0.3;
}

export const bodoTableAdapter: FormatAdapter = { name: BODO_TABLE, detect: detectBodoTable, parse: parseBodoTable };
