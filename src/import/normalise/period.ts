/**
 * Canonical periods: `2018` (year), `2015-Q3` (quarter), `2018-03` (month), by the one rule of
 * src/modules/observations/period.ts, and the period words and codes of the sources read into them.
 */
import { isPeriod, PERIOD_EXAMPLES, PERIOD_PATTERN } from '../../modules/observations/period';

export { isPeriod, PERIOD_PATTERN };

export type PeriodKind = 'year' | 'quarter' | 'month';

export interface Period {
  period: string;
  kind: PeriodKind;
  year: number;
  quarter?: number;
  month?: number;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; message: string };

/** A year a report can be about; four digits alone would also accept `0042` or a postcode. */
const YEAR_IN_TEXT = /(?<![\d,.])(19\d{2}|20\d{2})(?![\d,])/g;

export function parsePeriod(text: string): PeriodResult {
  const m = typeof text === 'string' ? PERIOD_PATTERN.exec(text) : null;
  if (!m) return { ok: false, message: `${JSON.stringify(text)} is not a period (use ${PERIOD_EXAMPLES})` };
  const year = Number(m[1]);
  if (m[2]) return { ok: true, period: { period: text, kind: 'quarter', year, quarter: Number(m[2]) } };
  if (m[3]) return { ok: true, period: { period: text, kind: 'month', year, month: Number(m[3]) } };
  return { ok: true, period: { period: text, kind: 'year', year } };
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`not a four-digit year: ${year}`);
}

export function yearPeriod(year: number): string {
  checkYear(year);
  return String(year);
}

export function quarterPeriod(year: number, quarter: number): string {
  checkYear(year);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`not a quarter: ${quarter}`);
  return `${year}-Q${quarter}`;
}

export function monthPeriod(year: number, month: number): string {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`not a month: ${month}`);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The calendar year a canonical period falls in. Throws RangeError for a non-period. */
export function periodYear(period: string): number {
  const parsed = parsePeriod(period);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.period.year;
}

export function periodKind(period: string): PeriodKind {
  const parsed = parsePeriod(period);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.period.kind;
}

/**
 * A period from a statistics bank's time code: SSB writes `2018`, `2018K1` (kvartal), `2018M03`;
 * others write `2018Q1` or already `2018-Q1`. Returns null for anything else.
 */
export function periodFromStatbank(code: string): string | null {
  const text = code.trim();
  if (isPeriod(text)) return text;
  const quarter = /^(\d{4})\s*[-]?\s*[KkQq]([1-4])$/.exec(text);
  if (quarter) return `${quarter[1]}-Q${quarter[2]}`;
  const month = /^(\d{4})\s*[-]?\s*M(0[1-9]|1[0-2])$/i.exec(text);
  if (month) return `${month[1]}-${month[2]}`;
  return null;
}

/** Every distinct year named in a text, in order of appearance (`Resultat 2013 Resultat 2014` → [2013, 2014]). */
export function yearsInText(text: string): number[] {
  const years: number[] = [];
  for (const m of text.matchAll(YEAR_IN_TEXT)) {
    const year = Number(m[1]);
    if (!years.includes(year)) years.push(year);
  }
  return years;
}

/**
 * The one year a column header names (`Gjennomsnitt 2016`, `Resultat\n2013`, `Mål 2018`), or null when
 * it names none or several: a header like `2016–2018` is not one year's column.
 */
export function yearFromHeader(text: string): number | null {
  const [year, ...others] = yearsInText(text);
  return year !== undefined && others.length === 0 ? year : null;
}
