import type { FigureUnit } from '../types';
import { compareDecimal, isDecimal } from './decimal';
import { normaliseSpaces, parseNumber, type DiagnosticContext, type ParseFailure, type ParsedNumber } from './number';

/**
 * Reading a required result (*resultatkrav*, *mål*): `< 450`, `> 50 %`, `≥ 15`, `0-30`, `0`.
 */

export type Comparator = 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'range';

export interface ParsedTarget {
  ok: true;
  comparator: Comparator;
  /** Exact decimal; null where the target has no lower bound (`< 450`). */
  lower: string | null;
  /** Exact decimal; null where the target has no upper bound (`> 50 %`). */
  upper: string | null;
  unit: FigureUnit | null;
  /** The target as published, spaces normalised. */
  text: string;
  /** The target itself was hedged (`ca. 50 %`). */
  approximate: boolean;
}

export type TargetResult = ParsedTarget | ParseFailure;

/** The bounds isTargetMet needs; a ParsedTarget is one. */
export type TargetBounds = Pick<ParsedTarget, 'comparator' | 'lower' | 'upper'>;

/** Longest first, so that `<=` is not read as `<` followed by `=`. */
const COMPARATORS: ReadonlyArray<readonly [string, Exclude<Comparator, 'range'>]> = [
  ['mindre enn', 'lt'],
  ['færre enn', 'lt'],
  ['flere enn', 'gt'],
  ['mer enn', 'gt'],
  ['maksimalt', 'lte'],
  ['minimum', 'gte'],
  ['maksimum', 'lte'],
  ['under', 'lt'],
  ['over', 'gt'],
  ['minst', 'gte'],
  ['høyst', 'lte'],
  ['inntil', 'lte'],
  ['maks.', 'lte'],
  ['maks', 'lte'],
  ['min.', 'gte'],
  ['<=', 'lte'],
  ['=<', 'lte'],
  ['>=', 'gte'],
  ['=>', 'gte'],
  ['≤', 'lte'],
  ['⩽', 'lte'],
  ['≥', 'gte'],
  ['⩾', 'gte'],
  ['<', 'lt'],
  ['>', 'gt'],
  ['=', 'eq'],
];

function bounds(comparator: Exclude<Comparator, 'range'>, value: string): Pick<ParsedTarget, 'lower' | 'upper'> {
  switch (comparator) {
    case 'lt':
    case 'lte':
      return { lower: null, upper: value };
    case 'gt':
    case 'gte':
      return { lower: value, upper: null };
    case 'eq':
      return { lower: value, upper: value };
  }
}

function readComparator(text: string): { comparator: Exclude<Comparator, 'range'>; rest: string } | null {
  const lower = text.toLowerCase();
  for (const [symbol, comparator] of COMPARATORS) {
    if (!lower.startsWith(symbol)) continue;
    const rest = text.slice(symbol.length);
    // A word comparator must stand alone (`over 50`, not `overgang`); a symbol may touch the number (`<450`).
    if (/^[a-zæøå]/i.test(symbol.slice(-1)) && !/^\s/.test(rest)) continue;
    return { comparator, rest: rest.trim() };
  }
  return null;
}

/** Places where a range could be split: a dash or `til` with something number-like on its left. */
function rangeSplits(text: string): Array<[string, string]> {
  const splits: Array<[string, string]> = [];
  const separator = /\s*(?:[-–—]|\btil\b)\s*/g;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    const left = text.slice(0, m.index);
    if (/\d/.test(left)) splits.push([left, text.slice(m.index + m[0].length)]);
  }
  return splits;
}

function unitOf(left: ParsedNumber, right: ParsedNumber): FigureUnit | null | undefined {
  if (left.unit && right.unit && left.unit !== right.unit) return undefined;
  return right.unit ?? left.unit;
}

function readRange(text: string, where: DiagnosticContext): TargetResult | null {
  for (const [leftText, rightText] of rangeSplits(text)) {
    const left = parseNumber(leftText, where);
    const right = parseNumber(rightText, where);
    if (!left.ok || !right.ok) continue;
    const unit = unitOf(left, right);
    if (unit === undefined) {
      return { ok: false, diagnostic: { code: 'UNREADABLE_TARGET', message: `the range "${text}" has different units at its two ends`, ...where } };
    }
    if (compareDecimal(left.value, right.value) > 0) {
      return { ok: false, diagnostic: { code: 'RANGE_REVERSED', message: `the range "${text}" has its lower end above its upper end`, ...where } };
    }
    return { ok: true, comparator: 'range', lower: left.value, upper: right.value, unit, text, approximate: left.approximate || right.approximate };
  }
  return null;
}

/**
 * Reads a required result. Never throws. A bare number (`0`) means "equal to"; a range (`0-30`, `0–30`,
 * `0 - 5`) is inclusive at both ends.
 */
export function parseTarget(text: string, where: DiagnosticContext = {}): TargetResult {
  if (typeof text !== 'string') return { ok: false, diagnostic: { code: 'NOT_TEXT', message: `expected text, got ${typeof text}`, ...where } };
  const published = normaliseSpaces(text);
  if (published === '') return { ok: false, diagnostic: { code: 'EMPTY_CELL', message: 'the target cell is empty', ...where } };

  const prefixed = readComparator(published);
  if (prefixed) {
    const number = parseNumber(prefixed.rest, where);
    if (!number.ok) return unreadable(published, number, where);
    return { ok: true, comparator: prefixed.comparator, ...bounds(prefixed.comparator, number.value), unit: number.unit, text: published, approximate: number.approximate };
  }

  const single = parseNumber(published, where);
  if (single.ok) {
    return { ok: true, comparator: 'eq', ...bounds('eq', single.value), unit: single.unit, text: published, approximate: single.approximate };
  }
  return readRange(published, where) ?? unreadable(published, single, where);
}

function unreadable(published: string, failure: ParseFailure, where: DiagnosticContext): ParseFailure {
  if (failure.diagnostic.code === 'EMPTY_CELL') {
    return { ok: false, diagnostic: { code: 'UNREADABLE_TARGET', message: `the target "${published}" has a comparator but no number`, ...where } };
  }
  return {
    ok: false,
    diagnostic: {
      code: 'UNREADABLE_TARGET',
      message: `cannot read "${published}" as a target (write it like "< 450", "≥ 15", "0-30" or "0"): ${failure.diagnostic.message}`,
      ...where,
    },
  };
}

/**
 * Whether a value meets a target, compared exactly (no float rounding: 50.0000000001 is above 50).
 * `value` must be an exact decimal string such as ParsedNumber.value; anything else is a programming
 * error and throws RangeError rather than answering a guess.
 */
export function isTargetMet(target: TargetBounds, value: string): boolean {
  if (!isDecimal(value)) throw new RangeError(`isTargetMet needs an exact decimal string, got ${JSON.stringify(value)}`);
  const { comparator, lower, upper } = target;
  switch (comparator) {
    case 'lt':
      return upper !== null && compareDecimal(value, upper) < 0;
    case 'lte':
      return upper !== null && compareDecimal(value, upper) <= 0;
    case 'gt':
      return lower !== null && compareDecimal(value, lower) > 0;
    case 'gte':
      return lower !== null && compareDecimal(value, lower) >= 0;
    case 'eq':
      return lower !== null && compareDecimal(value, lower) === 0;
    case 'range':
      return lower !== null && upper !== null && compareDecimal(value, lower) >= 0 && compareDecimal(value, upper) <= 0;
  }
}
