/**
 * The records that flow through the import pipeline:
 * document → adapter (ExtractedDocument) → normalise → map → checks → write.
 *
 * Adapters are pure: text in, these records out. Nothing here touches the database.
 */
import { UNITS, type Unit } from '../modules/observations/units';

export type QualityFlag =
  | 'approximate'
  | 'provisional'
  | 'derived'
  | 'inconsistent'
  | 'suppressed'
  | 'not_published'
  | 'incomplete'
  | 'no_denominator'
  | 'footnoted'
  | 'break_in_series';

/** Flags a source or a curator may set on a figure; the others are the hub's own findings. */
export const PUBLISHED_FLAGS: readonly QualityFlag[] = ['approximate', 'provisional', 'footnoted', 'break_in_series', 'suppressed', 'not_published'];

/** The units a published number can carry once its words are read (`%`, `prosentpoeng`, `mill kr`, `døgn`). */
export type FigureUnit = Unit;

/** Every FigureUnit, in the order the curator format documents them. */
export const FIGURE_UNITS: readonly FigureUnit[] = UNITS;

/** Where a figure stands in its document, so that an error or a citation can point at it. */
export interface DocumentLocation {
  /** 1-based line number in the document as imported. */
  line: number;
  /** Human-readable cell reference, e.g. `row "Sykefravær kommunalt ansatte", column "Gjennomsnitt 2016"`. */
  cell?: string;
}

/** The geographic unit a figure is about, as named by the document or its mapping file. */
export interface AreaRef {
  /** A county or the country is a level of its own: never ranked among municipalities. */
  kind: 'office' | 'municipality' | 'county' | 'country';
  /** Office code, 4-digit municipality code or 2-digit county code as published; `NO` for the country. */
  code: string;
}

/** One figure as it stands in a document: nothing interpreted yet except where it is and which period it covers. */
export interface ExtractedFigure {
  /** The indicator label exactly as published (whitespace collapsed, NO-BREAK SPACE kept as a space). */
  label: string;
  /** Canonical period: `2018` (year), `2015-Q3` (quarter), `2018-03` (month). */
  period: string;
  /** The period words as published, e.g. `Gjennomsnitt 2018`, `Resultat 2015`. */
  periodText: string;
  /** The value exactly as published (`32,4 %`, `vel 2 mill kr`), or null for an empty cell. */
  valueText: string | null;
  /** The required result as published (`< 450`, `0-30`, `≥ 15`), or null where none is given. */
  targetText: string | null;
  /** The line or sentence the figure was read from, verbatim. */
  quote: string;
  location: DocumentLocation;
  /** Unit and period words published next to the label, e.g. `pr. mnd.`, `per kvartal`, `%`. */
  unitText?: string | null;
  /** Set by formats that name the unit per figure (curator files, JSON-stat mappings). */
  area?: AreaRef;
  /** Set by formats that name the canonical indicator (curator files, JSON-stat mappings). */
  indicatorCode?: string;
  /** Flags the adapter already knows (e.g. `suppressed` for a JSON-stat null). */
  flags?: QualityFlag[];
  /**
   * The exact decimal value where the format states it as a number rather than as text (JSON-stat), e.g. `3.8`.
   * When set, the pipeline uses it instead of parsing valueText, which for such formats is not Norwegian text.
   */
  value?: string;
  /** The unit named by the format for this figure (curator `unit` column, JSON-stat mapping). */
  unit?: FigureUnit | null;
  /** The heading the row sits under in its table, e.g. the success factor (*suksessfaktor*) of a målekort row. */
  groupLabel?: string;
  /** The text of the footnote a marker on the value (`906*`, `2,6 1)`) points to, where the source gives it. */
  footnote?: string;
  /** How the published value becomes the indicator's value, where the format states it (curator `transformation`). */
  transformation?: Transformation;
  /** What the mapping assumed (`recipients ÷ all inhabitants on 1 January`), where the format states it. */
  definitionNote?: string;
  /** Where the figure stands in a table whose quote and cell are renderings of that place (a JSON-stat cell). */
  place?: FigurePlace;
}

/**
 * The place of a figure in a table that renders its quote and cell from the place alone: the
 * table's `texts(index, valueText)` are exactly the figure's quote and `location.cell`. The plan
 * then keeps the place's number rather than two texts of the figure's own and renders them when
 * the row is read: for a dataset of 200,000 cells, the two texts were a fifth of the import's peak
 * memory.
 */
export interface FigurePlace {
  readonly table: PlaceTexts;
  readonly index: number;
}

/** Renders the quote and cell of the figures of one table from their places, both from one address. */
export interface PlaceTexts {
  texts(index: number, valueText: string | null): { quote: string; cell: string };
}

/**
 * The quote of a figure whose source gives no sentence of its own: the figure's label, period and
 * value as published (`Testmottakere (oppdiktet) (2018): 466`), as a curator row without a quote
 * is cited.
 */
export function restatedQuote(label: string, periodText: string, valueText: string): string {
  // Joined rather than written as a template: V8 keeps a template's result as a tree of the pieces.
  return [label, ' (', periodText, '): ', valueText].join('');
}

/** Whether a quote is restatedQuote of these parts, without making that string. */
export function isRestatedQuote(quote: string, label: string, periodText: string, valueText: string): boolean {
  const period = label.length + 2;
  const value = period + periodText.length + 3;
  return quote.length === value + valueText.length && quote.startsWith(label) && quote.startsWith(' (', label.length)
    && quote.startsWith(periodText, period) && quote.startsWith('): ', value - 3) && quote.endsWith(valueText);
}

/** What an adapter knows about the document as a whole. */
export interface DocumentMeta {
  title?: string;
  publisher?: string;
  reportYear?: number;
  /** The office the document reports on, where the document names one. */
  area?: AreaRef;
  officeName?: string;
  url?: string;
  /** Colour-band names of a scorecard legend in published order (`Ønsket resultat`, …); the colours are lost in text. */
  bands?: string[];
}

/** How a published value becomes a value of the canonical indicator. */
export interface Transformation {
  /**
   * `identity`: the parsed value is the indicator value; `percent_text`: a percentage published as text (`32,4 %`)
   * becomes the number 32.4 in unit percent; `scale`: multiply by `factor` (e.g. `-1` for an overspend).
   */
  kind: 'identity' | 'percent_text' | 'scale';
  /** Exact decimal factor, only for `scale`. */
  factor?: string;
  /** Why this transformation, in words a reader of the data can check. */
  note: string;
  /** The unit of the value after the transformation (a fraction scaled by 100 is `percent`). */
  unit?: FigureUnit;
}

/** A figure after mapping: its canonical indicator (or none) and its value after the transformation. */
export interface MappedFigure {
  figure: ExtractedFigure;
  /** Null when the label is not mapped: the pipeline keeps the figure as an unmapped raw indicator. */
  indicatorCode: string | null;
  transformation: Transformation | null;
  /** Where the mapping came from (`<file> (exact)`, `document`, ...); null when unmapped. */
  mappedBy: string | null;
  /** What the mapping assumed about the published figure's definition, where it says. */
  definitionNote?: string;
  /** Exact decimal string as read, before any transformation; null for an empty, suppressed or unreadable cell. */
  publishedValue: string | null;
  /** Exact decimal string after parsing and transformation; null for an empty, suppressed or unreadable cell. */
  value: string | null;
  unit: FigureUnit | null;
  /** Flags from parsing (e.g. `approximate` for `vel 2 mill kr`) merged with the adapter's flags. */
  flags: QualityFlag[];
}

export interface ImportDiagnostic {
  /** Stable machine-readable code, e.g. `EMPTY_DOCUMENT`, `UNREADABLE_NUMBER`, `MORE_COLUMNS_THAN_VALUES`. */
  code: string;
  /** A sentence that says what is wrong and, where possible, what to do. */
  message: string;
  file?: string;
  line?: number;
  cell?: string;
}

export interface ExtractedDocument {
  /** Adapter name, e.g. `bodo-table`, `kristiansund-malekort`, `curator-csv`, `jsonstat`. */
  format: string;
  meta: DocumentMeta;
  figures: ExtractedFigure[];
  /** Things worth telling the importer that do not stop the import. */
  warnings: ImportDiagnostic[];
}

/** Raised by an adapter or parser for input that cannot be imported at all; the pipeline writes nothing. */
export class ImportError extends Error {
  /**
   * Set when the adapter read every row it could despite the problems, so that later checks (areas)
   * can still report theirs in the same run: the figures it read, or an empty list where it handed
   * them on as it read them (FormatAdapter.read).
   */
  partial?: ExtractedFigure[];

  constructor(readonly diagnostics: ImportDiagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'ImportError';
  }
}

/** The first line of a parser's message: YAML and JSON errors add the offending lines below it, which a diagnostic points at instead. */
export function firstLine(message: string): string {
  const end = message.indexOf('\n');
  return end < 0 ? message : message.slice(0, end);
}

export function formatDiagnostic(d: ImportDiagnostic): string {
  const where = [d.file, d.line !== undefined ? `line ${d.line}` : undefined, d.cell].filter(Boolean).join(', ');
  return where ? `${where}: ${d.message}` : d.message;
}
