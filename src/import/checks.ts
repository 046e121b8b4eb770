import { getOrInsert, present } from '../invariant';
import {
  absDecimal,
  addDecimal,
  compareDecimal,
  medianDecimal,
  multiplyDecimal,
  roundingHalfUnit,
  subtractDecimal,
} from './normalise/decimal';
import { parsePeriod, type PeriodKind } from './normalise/period';
import type { AreaRef, ImportDiagnostic, MappedFigure, QualityFlag } from './types';

/**
 * Plausibility checks over the mapped figures of one document. They never change a value: they
 * report, and where the document contradicts itself they flag both figures `inconsistent`.
 *
 * Only a contradiction inside the document earns a flag. A percentage above 100 or a value far from
 * the other years is a warning for a human: a budget can be 104 % used and a bad year can be real.
 */

/** The flags of a figure no check flagged: one frozen list shared by all of them. */
const NO_FLAGS: QualityFlag[] = Object.freeze([]) as unknown as QualityFlag[];

/** What a check needs to know about a figure; MappedFigure (via checkableFromMapped) and the planner's observations both fit. */
export interface CheckableFigure {
  label: string;
  indicatorCode: string | null;
  period: string;
  /** Exact decimal after transformation, or null. */
  value: string | null;
  unit: string | null;
  area?: AreaRef;
  line: number;
  cell?: string;
}

/**
 * The figures of a document as the checks read them: a list, or a plan's observations, which make
 * each figure when it is read rather than holding them all.
 */
export interface FigureList {
  readonly length: number;
  at(index: number): CheckableFigure | undefined;
}

/** The taxonomy relation "yearly = factor × quarterly average", e.g. factor 4. */
export interface QuarterlyYearlyPair {
  yearly: string;
  quarterly: string;
  /** Exact decimal. */
  factor: string;
}

/** The pairs among the sample codes; the database-backed taxonomy supplies its own. */
export const DEFAULT_QUARTERLY_YEARLY_PAIRS: readonly QuarterlyYearlyPair[] = [
  { yearly: 'refugees.settled_yearly', quarterly: 'refugees.settled_quarterly_avg', factor: '4' },
  { yearly: 'housing.temporary_over_14_nights_yearly', quarterly: 'housing.temporary_over_14_nights_quarterly', factor: '4' },
  { yearly: 'youth.passive_weeks_over_limit_yearly', quarterly: 'youth.passive_weeks_over_limit_quarterly', factor: '4' },
];

export interface CheckOptions {
  pairs?: readonly QuarterlyYearlyPair[];
  /** A value is an outlier above ratio × the median of the other periods or below median / ratio. Default 3. */
  outlierRatio?: string;
  file?: string;
}

export interface CheckResult {
  warnings: ImportDiagnostic[];
  /** Flags to add, by index into the figures given. */
  flags: QualityFlag[][];
}

export function checkableFromMapped(mapped: MappedFigure): CheckableFigure {
  const { figure } = mapped;
  return {
    label: figure.label,
    indicatorCode: mapped.indicatorCode,
    period: figure.period,
    value: mapped.value,
    unit: mapped.unit,
    area: figure.area,
    line: figure.location.line,
    cell: figure.location.cell,
  };
}

function areaKey(area: AreaRef | undefined): string {
  return area ? `${area.kind}:${area.code}` : 'document';
}

function kindOf(period: string): PeriodKind | null {
  const parsed = parsePeriod(period);
  return parsed.ok ? parsed.period.kind : null;
}

function warning(code: string, figure: CheckableFigure, message: string, file: string | undefined): ImportDiagnostic {
  return { code, message, file, line: figure.line, cell: figure.cell };
}

/**
 * Yearly against factor × quarterly average, for every pair, area and year with both values. The
 * published numbers are rounded, so they may differ by what rounding explains: half a unit of the
 * yearly figure's last digit plus factor × half a unit of the quarterly one's (3 a quarter allows
 * 2 + 0.5 around 12; 9,25 a quarter allows 0.02 + 0.5 around 37).
 */
export function checkQuarterlyYearly(figures: FigureList, pairs: readonly QuarterlyYearlyPair[], file?: string): CheckResult {
  const flags = noFlags(figures.length);
  const warnings: ImportDiagnostic[] = [];
  // Only figures of a pair's indicators can take part: one pass over the document picks them, in
  // document order, so that the first quarterly figure found is the one it was before.
  const codes = new Set(pairs.flatMap((p) => [p.yearly, p.quarterly]));
  const candidates: Array<{ f: CheckableFigure; i: number }> = [];
  forEachFigure(figures, (f, i) => {
    if (f.indicatorCode !== null && codes.has(f.indicatorCode)) candidates.push({ f, i });
  });
  const flag = (i: number) => (flags[i] = [...present(flags[i], `the flags of figure ${i}`), 'inconsistent']);
  for (const pair of pairs) {
    for (const { f: yearly, i: y } of candidates) {
      if (yearly.indicatorCode !== pair.yearly || yearly.value === null || kindOf(yearly.period) !== 'year') continue;
      const match = candidates.find(({ f }) => f.indicatorCode === pair.quarterly && f.value !== null && f.period === yearly.period && areaKey(f.area) === areaKey(yearly.area));
      const quarterly = match?.f;
      if (!match || quarterly?.value === undefined || quarterly.value === null) continue;
      const expected = multiplyDecimal(pair.factor, quarterly.value);
      const difference = absDecimal(subtractDecimal(yearly.value, expected));
      const allowance = addDecimal(roundingHalfUnit(yearly.value), multiplyDecimal(pair.factor, roundingHalfUnit(quarterly.value)));
      if (compareDecimal(difference, allowance) <= 0) continue;
      flag(y);
      flag(match.i);
      warnings.push(warning(
        'QUARTERLY_YEARLY_MISMATCH',
        yearly,
        `"${yearly.label}" ${yearly.period} is ${yearly.value}, but ${pair.factor} × the quarterly average ("${quarterly.label}" ${quarterly.value}, line ${quarterly.line}) is ${expected}; the difference ${difference} is more than rounding explains (${allowance}). Both are flagged inconsistent.`,
        file,
      ));
    }
  }
  return { warnings, flags };
}

/** Percentages below 0 or above 100. */
export function checkPercentRange(figures: FigureList, file?: string): CheckResult {
  const warnings: ImportDiagnostic[] = [];
  forEachFigure(figures, (f) => {
    if (f.unit === 'percent' && f.value !== null && (compareDecimal(f.value, '0') < 0 || compareDecimal(f.value, '100') > 0)) {
      warnings.push(warning('PERCENT_OUT_OF_RANGE', f, `"${f.label}" ${f.period} is ${f.value} %, outside 0–100 %; check the published figure and its unit`, file));
    }
  });
  return { warnings, flags: noFlags(figures.length) };
}

/**
 * Rule: within one area, measure (indicator code, or label when unmapped), unit and period kind, a
 * value is an outlier when it is above ratio × the median of the measure's values in the document,
 * or below that median / ratio. It needs at least three values (with two there is no telling which
 * is odd) and a positive median (a ratio to zero or a negative number says nothing). The median
 * includes the value itself: with three years, one wild value would otherwise drag the median of
 * "the others" far enough to make the two sound years look like outliers.
 */
export function checkOutliers(figures: FigureList, ratio = '3', file?: string): CheckResult {
  // A group keeps where its figures are and their values, not the figures themselves.
  const groups = new Map<string, Array<{ i: number; value: string }>>();
  forEachFigure(figures, (f, i) => {
    if (f.value === null) return;
    const key = [areaKey(f.area), f.indicatorCode ?? `label:${f.label}`, f.unit ?? '', kindOf(f.period) ?? ''].join('|');
    getOrInsert(groups, key, () => []).push({ i, value: f.value });
  });
  const warnings: ImportDiagnostic[] = [];
  for (const members of groups.values()) {
    if (members.length < 3) continue;
    const median = medianDecimal(members.map((m) => m.value));
    if (compareDecimal(median, '0') <= 0) continue;
    const ceiling = multiplyDecimal(median, ratio);
    for (const { i, value } of members) {
      const high = compareDecimal(value, ceiling) > 0;
      const low = compareDecimal(multiplyDecimal(value, ratio), median) < 0;
      if (!high && !low) continue;
      const f = present(figures.at(i), `figure ${i}`);
      warnings.push(warning('OUTLIER_VALUE', f, `"${f.label}" ${f.period} is ${value}, ${high ? `more than ${ratio} ×` : `less than 1/${ratio} of`} the median ${median} of its periods in this document`, file));
    }
  }
  return { warnings, flags: noFlags(figures.length) };
}

/** All checks; flags are merged per figure without duplicates. */
export function checkFigures(figures: FigureList, options: CheckOptions = {}): CheckResult {
  const results = [
    checkQuarterlyYearly(figures, options.pairs ?? DEFAULT_QUARTERLY_YEARLY_PAIRS, options.file),
    checkPercentRange(figures, options.file),
    checkOutliers(figures, options.outlierRatio ?? '3', options.file),
  ];
  const flags = noFlags(figures.length);
  for (const result of results) {
    result.flags.forEach((found, i) => {
      if (found.length > 0) flags[i] = [...new Set([...(flags[i] ?? []), ...found])];
    });
  }
  return { warnings: results.flatMap((r) => r.warnings), flags };
}

/** Most figures of a large file earn no flag: they share one empty list. */
function noFlags(count: number): QualityFlag[][] {
  return new Array<QualityFlag[]>(count).fill(NO_FLAGS);
}

function forEachFigure(figures: FigureList, visit: (figure: CheckableFigure, index: number) => void): void {
  for (let i = 0; i < figures.length; i++) visit(present(figures.at(i), `figure ${i}`), i);
}
