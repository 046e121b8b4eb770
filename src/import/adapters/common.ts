import { normaliseSpaces, splitFootnoteMarker } from '../normalise/number';
import type { AreaRef, DocumentMeta, ExtractedDocument, ExtractedFigure, ImportDiagnostic } from '../types';
import { ImportError } from '../types';
import type { JsonStatMapping } from './jsonstat-mapping';

/** What the caller knows about a document that the document may not say itself. */
export interface AdapterOptions {
  fileName?: string;
  area?: AreaRef;
  title?: string;
  publisher?: string;
  reportYear?: number;
  url?: string;
  /** Required by the JSON-stat adapter: which dimension is what, and which category maps where. */
  jsonstatMapping?: JsonStatMapping;
}

export interface FormatAdapter {
  /** Also the ExtractedDocument.format it produces. */
  name: string;
  /** Confidence in 0..1 that the text is in this format; cheap, never throws. */
  detect(text: string): number;
  parse(text: string, options?: AdapterOptions): ExtractedDocument;
  /**
   * For formats whose every figure names its own area: reads the document figure by figure and hands
   * each to onFigure as it is read, in document order, so that a large file never becomes a list of
   * figures. Returns the document without its figures; `parse` is the same reading, collected.
   */
  read?(text: string, options: AdapterOptions, onFigure: (figure: ExtractedFigure) => void): ExtractedDocument;
}

/**
 * A reader's figures collected into its document: the whole document at once, for callers that
 * want it (tests, small documents). The figures of the rows without a problem go with an error
 * that says it has them (ImportError.partial).
 */
export function collectFigures(read: (onFigure: (figure: ExtractedFigure) => void) => ExtractedDocument): ExtractedDocument {
  const figures: ExtractedFigure[] = [];
  try {
    return { ...read((figure) => figures.push(figure)), figures };
  } catch (error) {
    if (error instanceof ImportError && error.partial) error.partial = figures;
    throw error;
  }
}

export interface NumberedLine {
  /** 1-based. */
  line: number;
  /** Spaces normalised (NBSP → space, runs collapsed, trimmed); empty for a blank or NBSP-only line. */
  text: string;
  raw: string;
}

export function numberedLines(text: string): NumberedLine[] {
  return text.split(/\r\n|\r|\n/).map((raw, i) => ({ line: i + 1, text: normaliseSpaces(raw), raw }));
}

/** Share of characters that no text file holds: C0 controls other than tab/newlines, DEL, U+FFFD from bad decoding. */
function nonTextShare(text: string): number {
  const sample = text.slice(0, 16_384);
  if (sample.length === 0) return 0;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const bad = sample.match(/[\u0001-\u0008\u000b\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return bad / sample.length;
}

function firstNonTextLine(text: string): number {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const at = text.search(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

export function isBinary(text: string): boolean {
  return text.includes('\u0000') || text.startsWith('%PDF-') || nonTextShare(text) > 0.1;
}

/**
 * A character normaliseSpaces keeps: a document without one is empty. Searched for rather than
 * normalising the whole document, which for a file of 17 MB made a second copy of it and more.
 */
const VISIBLE = /[^\s\u200b\u200c\u200d]/;

/** Refuses input that is not a text document at all, before any layout-specific reading. */
export function assertReadableText(text: unknown, file: string | undefined): asserts text is string {
  const fail = (code: string, message: string, line?: number): never => {
    throw new ImportError([{ code, message, file, line }]);
  };
  if (typeof text !== 'string') fail('NOT_TEXT', `expected the document as text, got ${text === null ? 'null' : typeof text}`);
  const s = text as string;
  if (isBinary(s)) {
    fail('BINARY_CONTENT', s.startsWith('%PDF-')
      ? 'this is a PDF, not text; extract its text first (e.g. pdftotext -layout) and import that'
      : 'the document holds binary content (NUL bytes or mostly non-text characters); import its text instead', firstNonTextLine(s));
  }
  if (!VISIBLE.test(s)) fail('EMPTY_DOCUMENT', 'the document is empty');
}

export function metaFromOptions(options: AdapterOptions): DocumentMeta {
  const meta: DocumentMeta = {};
  if (options.title !== undefined) meta.title = options.title;
  if (options.publisher !== undefined) meta.publisher = options.publisher;
  if (options.reportYear !== undefined) meta.reportYear = options.reportYear;
  if (options.area !== undefined) meta.area = options.area;
  if (options.url !== undefined) meta.url = options.url;
  return meta;
}

/**
 * The office a report is about: the most frequent `NAV <Name>` in the text. Counting beats taking the
 * first match, because reports also mention `NAV Nordland` or `NAV Kontaktsenter` in passing.
 */
export function officeNameFromText(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/\bNAV[ \u00a0]+([A-ZÆØÅ][a-zæøåA-ZÆØÅ]+(?:[- ][A-ZÆØÅ][a-zæøå]+)*)(?![a-zæøå])/g)) {
    const name = `NAV ${m[1]}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [name, n] of counts) if (!best || n > (counts.get(best) ?? 0)) best = name;
  return best;
}

/**
 * The report year the adapter uses for periods: what the document says, else what the caller says.
 * When both speak and disagree, the document wins for periods and a warning says so.
 */
export function resolveReportYear(fromDocument: number, options: AdapterOptions, warnings: ImportDiagnostic[]): number;
export function resolveReportYear(fromDocument: number | null, options: AdapterOptions, warnings: ImportDiagnostic[]): number | null;
export function resolveReportYear(
  fromDocument: number | null,
  options: AdapterOptions,
  warnings: ImportDiagnostic[],
): number | null {
  if (fromDocument !== null && options.reportYear !== undefined && options.reportYear !== fromDocument) {
    warnings.push({
      code: 'REPORT_YEAR_MISMATCH',
      message: `the document reads as a report for ${fromDocument} but the import says ${options.reportYear}; periods follow the document`,
      file: options.fileName,
    });
  }
  return fromDocument ?? options.reportYear ?? null;
}

export function quoteCell(label: string, column: string): string {
  return `row "${label}", column "${column}"`;
}

/** Unit and period words published in a label (`pr. mnd.`, `per kvartal`), kept for the reader of the figure. */
export function unitWordsInLabel(label: string): string | null {
  const m = /\b(?:pr\.?|per)\s+(?:mnd\.?|måned|kvartal|år|uke|dag|døgn)(?![a-zæøå])/i.exec(label);
  return m ? m[0] : null;
}

/**
 * The footnote text a value's marker points to: the first line after the value that starts with the
 * same marker (`* Tallet er korrigert`, `1) Ny beregning fra 2017`). The marker stays in valueText.
 */
export function attachFootnotes(figures: ExtractedFigure[], lines: readonly NumberedLine[]): void {
  for (const figure of figures) {
    const marker = figure.valueText ? splitFootnoteMarker(normaliseSpaces(figure.valueText))?.marker : undefined;
    if (!marker) continue;
    const bare = marker.replace(/^\((.*)\)$/, '$1)');
    const note = lines.find((l) => l.line > figure.location.line && (l.text.startsWith(`${marker} `) || l.text.startsWith(`${bare} `)) && l.text.length > marker.length + 1);
    if (note) figure.footnote = note.text.slice(note.text.indexOf(' ') + 1).trim();
  }
}
