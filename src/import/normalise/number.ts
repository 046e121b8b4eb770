import type { FigureUnit, ImportDiagnostic } from '../types';
import { normaliseDecimal, shiftDecimal } from './decimal';

/**
 * Reading numbers as Norwegian reports print them: `32,4 %`, `3 192` (with NO-BREAK SPACE),
 * `vel 2 mill kr`, `1,6 prosentpoeng`, `−5`.
 */

export interface ParsedNumber {
  ok: true;
  /** Exact canonical decimal string (`32.4`, `2000000`). */
  value: string;
  unit: FigureUnit | null;
  /** The text hedged the number (`vel`, `ca.`, `rundt` …): the value is a published approximation. */
  approximate: boolean;
  /** A footnote marker printed on the value (`*` of `906*`, `1)` of `2,6 1)`); the number is read without it. */
  footnoteMarker?: string;
}

export interface ParseFailure {
  ok: false;
  diagnostic: ImportDiagnostic;
}

export type NumberResult = ParsedNumber | ParseFailure;

/** Where the text came from, copied into any diagnostic. */
export interface DiagnosticContext {
  file?: string;
  line?: number;
  cell?: string;
}

/**
 * Words that hedge a number. `vel` and `i overkant av` mean "a little over", `nesten` and `i underkant av`
 * "a little under": all are kept only as the `approximate` flag, because the report gives no bound.
 */
export const APPROXIMATION_WORDS = [
  'i underkant av',
  'i overkant av',
  'cirka',
  'omtrent',
  'rundt',
  'nesten',
  'om lag',
  'vel',
  'ca.',
  'ca',
] as const;

/** Regex source for a number in running text (space or NBSP thousands, decimal comma, either minus sign). */
export const NUMBER_SOURCE = String.raw`[-−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?:,\d+)?|[-−]?\d+(?:,\d+)?`;

/** Regex source for one of the hedging words, to be used with the `i` flag. */
export const APPROXIMATION_SOURCE = `(?:${APPROXIMATION_WORDS.map((w) => w.replace(/[.]/g, '\\.').replace(/ /g, '\\s+')).join('|')})`;

/**
 * SSB's table symbols. They are not numbers and must not become zeros; note that `-` means "nil" in
 * SSB's convention, so even that is left for a human rather than guessed.
 */
const PLACEHOLDERS: Record<string, string> = {
  '-': 'nil (SSB) or an empty cell',
  '–': 'nil (SSB) or an empty cell',
  '—': 'an empty cell',
  '.': 'not applicable (SSB)',
  '..': 'not available (SSB)',
  '...': 'not yet available (SSB)',
  '…': 'not yet available (SSB)',
  ':': 'suppressed for confidentiality (SSB)',
  x: 'suppressed',
};

interface UnitWords {
  unit: FigureUnit | null;
  /** Power of ten the number is multiplied by (`mill` = 6). */
  exponent: number;
}

/** Keys are the unit words with dots removed and spaces collapsed, lower-case. */
const UNIT_WORDS: Record<string, UnitWords> = {
  '': { unit: null, exponent: 0 },
  '%': { unit: 'percent', exponent: 0 },
  prosent: { unit: 'percent', exponent: 0 },
  prosentpoeng: { unit: 'percentage_points', exponent: 0 },
  '%-poeng': { unit: 'percentage_points', exponent: 0 },
  pp: { unit: 'percentage_points', exponent: 0 },
  kr: { unit: 'NOK', exponent: 0 },
  kroner: { unit: 'NOK', exponent: 0 },
  nok: { unit: 'NOK', exponent: 0 },
  ',-': { unit: 'NOK', exponent: 0 },
  'tusen kr': { unit: 'NOK', exponent: 3 },
  'tusen kroner': { unit: 'NOK', exponent: 3 },
  'mill kr': { unit: 'NOK', exponent: 6 },
  'mill kroner': { unit: 'NOK', exponent: 6 },
  'millioner kr': { unit: 'NOK', exponent: 6 },
  'millioner kroner': { unit: 'NOK', exponent: 6 },
  'mill nok': { unit: 'NOK', exponent: 6 },
  mnok: { unit: 'NOK', exponent: 6 },
  'mrd kr': { unit: 'NOK', exponent: 9 },
  'mrd kroner': { unit: 'NOK', exponent: 9 },
  'milliarder kroner': { unit: 'NOK', exponent: 9 },
  tusen: { unit: null, exponent: 3 },
  mill: { unit: null, exponent: 6 },
  millioner: { unit: null, exponent: 6 },
  mrd: { unit: null, exponent: 9 },
  milliarder: { unit: null, exponent: 9 },
  dag: { unit: 'days', exponent: 0 },
  dager: { unit: 'days', exponent: 0 },
  døgn: { unit: 'nights', exponent: 0 },
  liggedøgn: { unit: 'nights', exponent: 0 },
  uke: { unit: 'weeks', exponent: 0 },
  uker: { unit: 'weeks', exponent: 0 },
  person: { unit: 'persons', exponent: 0 },
  personer: { unit: 'persons', exponent: 0 },
  pers: { unit: 'persons', exponent: 0 },
};

/**
 * A footnote marker at the end of a published value: asterisks, superscript digits, or a digit or
 * letter with a closing parenthesis set apart by a space (`2,6 1)`), which a bare `26)` is not.
 */
const FOOTNOTE_MARKER = /(?:\s*(\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})|\s+(\(?(?:\d{1,2}|[a-z])\)))$/;

/** The value text without its footnote marker, and the marker; null when the text carries none. */
export function splitFootnoteMarker(text: string): { text: string; marker: string } | null {
  const m = FOOTNOTE_MARKER.exec(text);
  if (!m || m.index === 0) return null;
  // One of the two alternatives matched, so one of the two groups holds the marker.
  return { text: text.slice(0, m.index), marker: m[1] ?? m[2] ?? '' };
}

/** The flag a table symbol stands for: withheld (`..`, `:`, `x`) or nothing published (`.`, a dash). */
export function placeholderFlag(text: string): 'suppressed' | 'not_published' | null {
  const symbol = normaliseSpaces(text);
  if (!Object.prototype.hasOwnProperty.call(PLACEHOLDERS, symbol)) return null;
  return ['..', '...', '…', ':', 'x'].includes(symbol) ? 'suppressed' : 'not_published';
}

/** Spaces of every width (NBSP, narrow NBSP, thin, figure) become one ordinary space; zero-width marks go. */
export function normaliseSpaces(text: string): string {
  return text
    .replace(/\u200b|\u200c|\u200d|\ufeff/g, '')
    .replace(/[\s\u00a0\u202f\u2007\u2009\u200a]+/g, ' ')
    .trim();
}

function fail(code: string, message: string, where: DiagnosticContext): ParseFailure {
  return { ok: false, diagnostic: { code, message, ...where } };
}

function stripApproximation(text: string): { rest: string; approximate: boolean } {
  for (const word of APPROXIMATION_WORDS) {
    if (!text.startsWith(word)) continue;
    const rest = text.slice(word.length);
    // `vel` must be a word of its own (not the start of `velferd`); `ca.` may touch the number (`ca.107`).
    if (rest.startsWith(' ') || (word.endsWith('.') && /^[\d−+-]/.test(rest))) {
      return { rest: rest.trim(), approximate: true };
    }
  }
  return { rest: text, approximate: false };
}

interface NumberToken {
  /** The digits as a decimal string with `.` as the decimal point and no grouping. */
  decimal: string;
  length: number;
}

const SPACE_GROUPED = /^\d{1,3}(?: \d{3})+(?!\d)(?:,\d+)?/;
const DOT_GROUPED = /^\d{1,3}(?:\.\d{3})+,\d+|^\d{1,3}(?:\.\d{3}){2,}(?![\d,.])/;
const COMMA_DECIMAL = /^\d+,\d+/;
const POINT_DECIMAL = /^\d+\.\d+/;
const INTEGER = /^\d+/;

type TokenResult = { ok: true; token: NumberToken } | { ok: false; code: string; message: string };

function readNumberToken(text: string): TokenResult {
  let m = SPACE_GROUPED.exec(text);
  if (m) return { ok: true, token: { decimal: m[0].replace(/ /g, '').replace(',', '.'), length: m[0].length } };
  m = DOT_GROUPED.exec(text);
  if (m) return { ok: true, token: { decimal: m[0].replace(/\./g, '').replace(',', '.'), length: m[0].length } };
  m = COMMA_DECIMAL.exec(text);
  if (m) return { ok: true, token: { decimal: m[0].replace(',', '.'), length: m[0].length } };
  m = POINT_DECIMAL.exec(text);
  if (m) {
    // `3.192` is 3192 in much Norwegian print and 3.192 elsewhere; guessing would silently change a figure a thousandfold.
    // `0.125` cannot be a thousands group, so only a non-zero 1–3 digit integer part is ambiguous.
    if (/^[1-9]\d{0,2}\.\d{3}$/.test(m[0]) && !/^[\d.,]/.test(text.slice(m[0].length))) {
      return { ok: false, code: 'AMBIGUOUS_NUMBER', message: `"${m[0]}" could be ${m[0].replace('.', '')} (dot as thousands separator) or ${m[0]}; write it as "${m[0].replace('.', ' ')}" or "${m[0].replace('.', ',')}"` };
    }
    return { ok: true, token: { decimal: m[0], length: m[0].length } };
  }
  m = INTEGER.exec(text);
  if (m) return { ok: true, token: { decimal: m[0], length: m[0].length } };
  return { ok: false, code: 'UNREADABLE_NUMBER', message: 'no digits where a number was expected' };
}

function readUnitWords(text: string): UnitWords | undefined {
  const key = text.toLowerCase().replace(/\.(?!\d)/g, '').replace(/ +/g, ' ').trim();
  return Object.prototype.hasOwnProperty.call(UNIT_WORDS, key) ? UNIT_WORDS[key] : undefined;
}

/**
 * Reads one published number. Never throws: anything it cannot read comes back as a diagnostic.
 * An empty or blank cell gives code `EMPTY_CELL`, which callers treat as "no value".
 */
export function parseNumber(text: string, where: DiagnosticContext = {}): NumberResult {
  if (typeof text !== 'string') return fail('NOT_TEXT', `expected text, got ${typeof text}`, where);
  const asPrinted = normaliseSpaces(text);
  if (asPrinted === '') return fail('EMPTY_CELL', 'the cell is empty', where);
  const footnote = splitFootnoteMarker(asPrinted);
  const published = footnote ? footnote.text : asPrinted;
  if (Object.prototype.hasOwnProperty.call(PLACEHOLDERS, published)) {
    return fail('PLACEHOLDER_SYMBOL', `"${published}" is a table symbol meaning ${PLACEHOLDERS[published]}, not a number`, where);
  }
  const { rest: afterHedge, approximate } = stripApproximation(published.toLowerCase());

  let rest = afterHedge;
  let prefixUnit: FigureUnit | null = null;
  const currency = /^kr\.? ?(?=[\d−+-])/.exec(rest);
  if (currency) {
    prefixUnit = 'NOK';
    rest = rest.slice(currency[0].length);
  }

  let negative = false;
  const sign = /^([-−+]) ?/.exec(rest);
  if (sign) {
    negative = sign[1] !== '+';
    rest = rest.slice(sign[0].length);
  }

  const token = readNumberToken(rest);
  if (!token.ok) return fail(token.code, `cannot read "${published}" as a number: ${token.message}`, where);

  const unitText = rest.slice(token.token.length).trim();
  const words = readUnitWords(unitText);
  if (!words) {
    return fail('UNREADABLE_NUMBER', `cannot read "${published}" as a number: unexpected "${unitText}" after the digits`, where);
  }
  if (prefixUnit && words.unit && words.unit !== prefixUnit) {
    return fail('UNREADABLE_NUMBER', `cannot read "${published}" as a number: "kr" before and "${unitText}" after the digits`, where);
  }

  const magnitude = shiftDecimal(normaliseDecimal(token.token.decimal), words.exponent);
  const value = negative ? normaliseDecimal(`-${magnitude}`) : magnitude;
  const parsed: ParsedNumber = { ok: true, value, unit: words.unit ?? prefixUnit, approximate };
  if (footnote) parsed.footnoteMarker = footnote.marker;
  return parsed;
}
