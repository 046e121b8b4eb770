import { present } from '../../invariant';
import { normaliseSpaces, parseNumber } from '../normalise/number';
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
import { extractProseFigures, isProseLine, REPORT_PROSE_PATTERNS } from './prose';

/**
 * NAV Kristiansund's layout (annual report 2015): a *målekort* whose header
 * `Suksessfaktor (delmål) Måleindikator Resultatkrav Resultat 2013 …` is spread over lines and whose
 * rows run their cells together on one line (sometimes over several, with blank lines between).
 * A row is split from the right: trailing numbers are results, the token before them the requirement,
 * the rest the labels. Fewer results than year columns are aligned to the last years, because an
 * empty cell leaves no trace in the text and the empty one in this layout is the oldest year.
 */

export const KRISTIANSUND_MALEKORT = 'kristiansund-malekort';

const HEADER_START = /^(?:suksessfaktor|måleindikator)\b/i;
const HEADER_WORDS = /^(?:suksessfaktor|\(delmål\)|delmål|måleindikator|indikator|resultatkrav|krav|mål|resultat|(?:19|20)\d{2})$/i;
const BAND_LINE = /^(?:ønsket|akseptabelt|uakseptabelt)\s+resultat$/i;
const COMPARATOR_TOKEN = /^(?:<|>|<=|>=|=<|=>|≤|≥|=)$/;
const DASH_TOKEN = /^[-–—]$/;
/** Words that start an indicator cell (`Antall liggedøgn …`); mid-line, they end the success factor before them. */
const INDICATOR_WORDS = '(?:Antall|Andel|Gjennomsnittlig|Prosentandel|Prosent|Ventetid|Saksbehandlingstid|Tid)\\s';
const STARTS_AS_INDICATOR = new RegExp(`^${INDICATOR_WORDS}`);
const INDICATOR_START = new RegExp(`\\s(?=${INDICATOR_WORDS})`);
/** A count target written as the indicator, `15 personer per kvartal`, at the end of the text. */
const COUNT_INDICATOR = /(?:^|\s)(\d+(?:,\d+)?\s+(?:personer|brukere|deltakere|dager|døgn|uker)\s+(?:per|pr\.?)\s+(?:kvartal|år|måned|mnd\.?|uke))$/;
/** A row longer than this many lines is not a row: the table has ended. */
const MAX_ROW_LINES = 6;

interface YearColumn {
  kind: 'year';
  header: string;
  year: number;
}

type Column = { kind: 'group' | 'label' | 'target'; header: string } | YearColumn;

function isYearColumn(c: Column): c is YearColumn {
  return c.kind === 'year';
}

interface Token {
  text: string;
  line: number;
}

interface Row {
  lines: NumberedLine[];
  /** The text before the requirement: success factor and indicator run together. */
  labelText: string;
  target: Token | null;
  /** At least one: a row without a result is no row. */
  values: [Token, ...Token[]];
}

function fail(file: string | undefined, code: string, message: string, line?: number, cell?: string): never {
  throw new ImportError([{ code, message, file, line, cell }]);
}

function isNumberToken(text: string): boolean {
  return parseNumber(text).ok;
}

/** `≥15`, `0-30`, `<450`: a requirement written as one token. */
function isTargetToken(text: string): boolean {
  return !isNumberToken(text) && parseTarget(text).ok;
}

/** Whether a token and the token with a word glued on are both numbers, or both requirements. */
function readsAlike(token: string, glued: string): boolean {
  return isNumberToken(token) ? isNumberToken(glued) : isTargetToken(token) && isTargetToken(glued);
}

/** Tokens of a line, with a `%` that stands apart glued back to its number. */
function tokenise(line: NumberedLine): Token[] {
  const tokens: Token[] = [];
  for (const word of line.text.split(' ').filter(Boolean)) {
    const previous = tokens[tokens.length - 1];
    // `%` and a footnote marker (`2,6 1)`) that stand apart belong to the number or requirement before them
    // (`≥15 %`: left apart, the requirement would be taken for a label word and a result for the requirement).
    if (/^(?:%|prosent|\(?\d{1,2}\)|\*{1,3})$/i.test(word) && previous && readsAlike(previous.text, `${previous.text} ${word}`)) previous.text += ` ${word}`;
    else tokens.push({ text: word, line: line.line });
  }
  return tokens;
}

function readHeaderLines(lines: NumberedLine[], start: number): { text: string; end: number } {
  const parts: string[] = [];
  let end = start;
  for (const [offset, line] of lines.slice(start).entries()) {
    if (line.text === '') continue;
    if (!line.text.split(' ').every((w) => HEADER_WORDS.test(w))) break;
    parts.push(line.text);
    end = start + offset;
  }
  return { text: parts.join(' '), end };
}

function parseHeader(text: string, line: number, file: string | undefined): Column[] {
  const words = text.split(' ');
  const columns: Column[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = present(words[k], `header word ${k}`);
    const next = words[k + 1] ?? '';
    const previous = columns[columns.length - 1];
    if (/^suksessfaktor$/i.test(w)) columns.push({ kind: 'group', header: w });
    // `(delmål)` finishes the success factor's heading and names no column of its own.
    else if (/^\(?delmål\)?$/i.test(w) && previous?.kind === 'group') continue;
    else if (/^(?:måleindikator|indikator)$/i.test(w)) columns.push({ kind: 'label', header: w });
    else if (/^(?:resultatkrav|krav|mål)$/i.test(w)) columns.push({ kind: 'target', header: w });
    else if (/^resultat$/i.test(w) && /^\d{4}$/.test(next)) {
      columns.push({ kind: 'year', header: `${w} ${next}`, year: Number(next) });
      k++;
    } else if (/^\d{4}$/.test(w)) columns.push({ kind: 'year', header: w, year: Number(w) });
    else fail(file, 'MALFORMED_HEADER', `the målekort header has a word "${w}" that names no column`, line);
  }
  const years = columns.filter(isYearColumn);
  if (!columns.some((c) => c.kind === 'label')) fail(file, 'MALFORMED_HEADER', 'the målekort header has no "Måleindikator" column', line);
  if (years.length === 0) fail(file, 'MALFORMED_HEADER', 'the målekort header has no year columns (expected "Resultat 2015")', line);
  if (columns.slice(columns.length - years.length).some((c) => c.kind !== 'year')) {
    fail(file, 'MALFORMED_HEADER', 'the year columns must be the last columns of the målekort header', line);
  }
  if (new Set(years.map((c) => c.year)).size !== years.length) fail(file, 'MALFORMED_HEADER', 'two columns are for the same year', line);
  return columns;
}

/** Reads a row from the right. Null while the row is incomplete (no requirement or no result yet). */
function parseRow(tokens: Token[], hasTarget: boolean): Omit<Row, 'lines'> | null {
  let j = tokens.length - 1;
  const values: Token[] = [];
  for (let token = tokens[j]; token && isNumberToken(token.text); token = tokens[--j]) values.unshift(token);
  // Before the results: the requirement's last token and the one before it, if the row has them.
  const last = tokens[j];
  const beforeLast = tokens[j - 1];
  let target: Token | null = null;
  if (hasTarget) {
    if (last && COMPARATOR_TOKEN.test(last.text) && values.length > 0) {
      const number = present(values.shift(), 'the number after a comparator');
      target = { text: `${last.text} ${number.text}`, line: number.line };
      j--;
    } else if (last && beforeLast && DASH_TOKEN.test(last.text) && isNumberToken(beforeLast.text) && values.length > 0) {
      const upper = present(values.shift(), 'the upper end of a range');
      target = { text: `${beforeLast.text} ${last.text} ${upper.text}`, line: upper.line };
      j -= 2;
    } else if (last && isTargetToken(last.text)) {
      target = last;
      j--;
    } else if (values.length >= 2) {
      // A requirement without a comparator (`0`) is the leftmost number: the column is never empty in this layout.
      target = present(values.shift(), 'the leftmost number');
    }
    if (!target) return null;
  }
  const [first, ...rest] = values;
  if (!first) return null;
  return { labelText: tokens.slice(0, j + 1).map((t) => t.text).join(' '), target, values: [first, ...rest] };
}

/** Success factor and indicator of a row, split where the indicator cell begins. */
export function splitSuccessFactor(labelText: string): { successFactor: string | null; indicator: string } {
  // A row that starts with an indicator word is all indicator, even if it ends like a count (`… over 14 dager per år`).
  if (STARTS_AS_INDICATOR.test(labelText)) return { successFactor: null, indicator: labelText };
  const keyword = INDICATOR_START.exec(labelText);
  if (keyword) return { successFactor: labelText.slice(0, keyword.index).trim(), indicator: labelText.slice(keyword.index).trim() };
  const count = COUNT_INDICATOR.exec(labelText);
  if (count && count.index > 0) {
    return { successFactor: labelText.slice(0, count.index).trim(), indicator: present(count[1], 'the count group of a matched count indicator') };
  }
  return { successFactor: null, indicator: labelText };
}

interface Body {
  rows: Row[];
  /** Line numbers the table's rows occupy, so that the prose reader leaves them alone. */
  usedLines: Set<number>;
  warnings: ImportDiagnostic[];
}

/**
 * A row read over several lines whose earlier line already ends in a value: that line was a row of
 * its own that could not be read (a word where a result stood), and reading on would give the next
 * row's results under a label that swallowed it. Refused, naming the word.
 */
function refuseSwallowedRow(buffer: NumberedLine[], file: string | undefined): void {
  for (const line of buffer.slice(0, -1)) {
    const tokens = tokenise(line);
    const isValue = (t: Token) => isNumberToken(t.text) || isTargetToken(t.text) || COMPARATOR_TOKEN.test(t.text) || DASH_TOKEN.test(t.text);
    // A line of values only (`≥ 15`, `9,25 12`) is a piece of a row spread over lines, as the målekort prints them;
    // a label with one count in it (`15 personer per kvartal`) is a label.
    if (tokens.every(isValue) || tokens.filter(isValue).length < 2) continue;
    const lastValue = tokens.map(isValue).lastIndexOf(true);
    const word = tokens[lastValue + 1] ?? present([...tokens].reverse().find((t) => !isValue(t)), 'a word in a row of values');
    fail(file, 'UNREADABLE_CELL', `the row holds values but "${word.text}" stands where a number or requirement belongs, so its results cannot be read; fix the cell or use the curator format`, line.line, `row "${line.text}"`);
  }
}

function readBody(lines: NumberedLine[], start: number, columns: Column[], file: string | undefined): Body {
  const hasTarget = columns.some((c) => c.kind === 'target');
  const rows: Row[] = [];
  const warnings: ImportDiagnostic[] = [];
  let buffer: NumberedLine[] = [];
  for (const line of lines.slice(start)) {
    if (line.text === '') continue;
    if (isProseLine(line.text)) break;
    const tokens = tokenise(line);
    const previous = rows[rows.length - 1];
    // A line of numbers only, after a row that has room for them, is that row's results wrapped onto the next line.
    if (buffer.length === 0 && previous && tokens.every((t) => isNumberToken(t.text))) {
      // Values on a line of their own after a complete row: the row's results would be read as
      // earlier years than printed. Which year each belongs to cannot be told from the text.
      fail(file, 'UNREADABLE_CELL', `a line of values only ("${line.text}") follows a complete row, so it cannot be told which years its values and the row's belong to; put them on the row's line or use the curator format`, line.line, `row "${previous.labelText}"`);
    }
    buffer.push(line);
    if (buffer.length > MAX_ROW_LINES) break;
    const row = parseRow(buffer.flatMap(tokenise), hasTarget);
    if (!row) continue;
    // A dash or number before the requirement (`– 5 4`) is no label either.
    if (!/\p{L}/u.test(row.labelText)) fail(file, 'MALFORMED_ROW', 'results without an indicator label', line.line);
    refuseSwallowedRow(buffer, file);
    rows.push({ ...row, lines: buffer });
    buffer = [];
  }
  const [unread] = buffer;
  if (unread && buffer.some((l) => tokenise(l).some((t) => isNumberToken(t.text) || isTargetToken(t.text)))) {
    warnings.push({ code: 'INCOMPLETE_ROW', message: `text after the last row looks like part of a row but has no requirement and result; not read: "${unread.text}"`, file, line: unread.line });
  }
  const usedLines = new Set(rows.flatMap((r) => r.lines.map((l) => l.line)));
  return { rows, usedLines, warnings };
}

function rowFigures(row: Row, indicator: string, successFactor: string | null, years: YearColumn[], reportYear: number, warnings: ImportDiagnostic[], file: string | undefined): ExtractedFigure[] {
  if (row.values.length > years.length) {
    const extra = row.values[0];
    fail(file, 'ROW_TOO_LONG', `the row has ${row.values.length} results for ${years.length} year columns (${years.map((c) => c.header).join(', ')})`, extra.line, `row "${indicator}"`);
  }
  const used = years.slice(years.length - row.values.length);
  if (used.length < years.length) {
    const empty = years.slice(0, years.length - used.length).map((c) => c.header);
    warnings.push({
      code: 'MORE_YEAR_COLUMNS_THAN_VALUES',
      message: `row "${indicator}" has ${row.values.length} results for ${years.length} year columns; read them as ${used.map((c) => c.header).join(' and ')} and left ${empty.join(' and ')} empty`,
      file,
      line: row.values[0].line,
      cell: `row "${indicator}"`,
    });
  }
  const quote = row.lines.map((l) => l.text).join(' ');
  return row.values.map((value, k) => {
    const column = present(used[k], `the year column of result ${k + 1}`);
    const figure: ExtractedFigure = {
      label: indicator,
      period: String(column.year),
      periodText: column.header,
      valueText: value.text,
      targetText: column.year === reportYear && row.target ? row.target.text : null,
      quote,
      location: { line: value.line, cell: quoteCell(indicator, column.header) },
      unitText: unitWordsInLabel(indicator),
    };
    if (successFactor) figure.groupLabel = successFactor;
    return figure;
  });
}

function readBands(lines: NumberedLine[], before: number): string[] {
  return lines.slice(0, before).filter((l) => BAND_LINE.test(l.text)).map((l) => l.text);
}

export function parseKristiansundMalekort(text: string, options: AdapterOptions = {}): ExtractedDocument {
  const file = options.fileName;
  assertReadableText(text, file);
  const lines = numberedLines(text);
  const start = lines.findIndex((l) => HEADER_START.test(l.text));
  if (start < 0) fail(file, 'NO_TABLE', 'no målekort found: expected a header starting with "Suksessfaktor" or "Måleindikator"');
  const header = readHeaderLines(lines, start);
  const columns = parseHeader(header.text, present(lines[start], 'the header line').line, file);
  const years = columns.filter(isYearColumn);
  const body = readBody(lines, header.end + 1, columns, file);
  if (body.rows.length === 0) fail(file, 'NO_ROWS', 'the målekort has a header but no rows with a requirement and results', present(lines[header.end], 'the last header line').line);

  const warnings = [...body.warnings];
  const reportYear = resolveReportYear(Math.max(...years.map((c) => c.year)), options, warnings);
  const hasGroupColumn = columns.some((c) => c.kind === 'group');
  const figures: ExtractedFigure[] = [];
  let successFactor: string | null = null;
  for (const row of body.rows) {
    const split = hasGroupColumn ? splitSuccessFactor(row.labelText) : { successFactor: null, indicator: row.labelText };
    // The success factor cell spans the rows below it until the next one starts.
    successFactor = split.successFactor ?? successFactor;
    figures.push(...rowFigures(row, split.indicator, successFactor, years, reportYear, warnings, file));
  }
  attachFootnotes(figures, lines);

  const headerLines = new Set(lines.slice(start, header.end + 1).map((l) => l.line));
  const prose = extractProseFigures(
    // Blank lines hold no sentence; the table's lines are read as the table only.
    lines.filter((l) => !headerLines.has(l.line) && !body.usedLines.has(l.line)),
    REPORT_PROSE_PATTERNS,
    { reportYear, file },
  );

  const meta = metaFromOptions(options);
  meta.reportYear = reportYear;
  const officeName = officeNameFromText(text);
  if (officeName) meta.officeName = officeName;
  const bands = readBands(lines, start);
  if (bands.length > 0) meta.bands = bands.map(normaliseSpaces);
  return { format: KRISTIANSUND_MALEKORT, meta, figures: [...figures, ...prose.figures], warnings: [...warnings, ...prose.warnings] };
}

/** A header naming both `Måleindikator` and `Resultatkrav`, as a målekort does. */
export function detectKristiansundMalekort(text: string): number {
  if (typeof text !== 'string' || text.includes('\u0000')) return 0;
  const sample = text.slice(0, 200_000);
  const indicator = /(?:^|\s)Måleindikator(?:\s|$)/i.test(sample);
  const requirement = /(?:^|\s)Resultatkrav(?:\s|$)/i.test(sample);
  if (indicator && requirement) return 0.9;
  return indicator ? 0.3 : 0;
}

export const kristiansundMalekortAdapter: FormatAdapter = {
  name: KRISTIANSUND_MALEKORT,
  detect: detectKristiansundMalekort,
  parse: parseKristiansundMalekort,
};
