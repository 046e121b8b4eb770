import { types } from 'pg';
import { z } from 'zod';
import { InvariantError } from '../invariant';

/**
 * A row that does not have the shape its statement promises: a column renamed or dropped by a
 * migration, a cast forgotten, a type changed. A bug, not bad input (clients see an internal
 * error); the message names the statement, the row and the field, so the log says what to fix.
 */
export class RowShapeError extends InvariantError {
  override name = 'RowShapeError';
}

/**
 * Readers for what pg hands over per PostgreSQL type. The hub sets no type parsers, so pg's
 * defaults apply: int2/int4 and float8 arrive as numbers, int8 and numeric as text (so that no
 * digit is lost), timestamps as Date, json as parsed JSON, arrays as arrays. Figures are numeric
 * and stay text here: converting them to a float is a decision for the code that needs one.
 */
const parseTimestamp = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date;

export const column = {
  /** int2, int4: a whole number. */
  int: z.number().int(),
  /** float8, real: a number, not exact (similarities, distances). */
  float: z.number(),
  /** numeric: exact, as PostgreSQL's text. */
  numeric: z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number as text'),
  /** int8 (an id, a sum): whole, as text. */
  bigint: z.string().regex(/^-?\d+$/, 'expected a whole number as text'),
  /** `count(*)`: int8 as text, read as a number, as a count never comes near 2^53. */
  count: z
    .string()
    .regex(/^\d+$/, 'expected a count as text')
    .transform((text) => Number(text)),
  /** timestamptz: a Date. */
  timestamp: z.date(),
  /** timestamptz inside JSON (json_build_object writes it as text): made a Date by pg's own parser. */
  timestampText: z.string().transform((text) => parseTimestamp(text)),
};

/**
 * Checks every row of statement `name` against `schema` and returns the parsed rows (only the
 * schema's fields, with its transforms applied). Build the schema once, at module level: zod
 * compiles an object schema on first use.
 */
export function parseRows<S extends z.ZodType>(schema: S, name: string, rows: readonly unknown[]): z.output<S>[] {
  const parsed: z.output<S>[] = new Array<z.output<S>>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const result = schema.safeParse(row);
    if (!result.success) throw new RowShapeError(describeMismatch(name, i, rows.length, row, result.error));
    parsed[i] = result.data;
  }
  return parsed;
}

/**
 * The issue to report: for a row that matches no shape of a union (a time series' point with or
 * without a figure), the first issue of the shape it came closest to, so that the message names a
 * field rather than "Invalid input".
 */
function closestIssue(issue: z.core.$ZodIssue | undefined): z.core.$ZodIssue | undefined {
  if (issue?.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
  const inner = closestIssue(closest[0]);
  return inner && { ...inner, path: [...issue.path, ...inner.path] };
}

function describeMismatch(name: string, index: number, count: number, row: unknown, error: z.ZodError): string {
  const issue = closestIssue(error.issues[0]);
  const where = `statement ${name}, row ${index + 1} of ${count}`;
  if (!issue) return `${where}: ${error.message}`;
  const field = issue.path.map(String).join('.');
  if (!field) return `${where}: ${issue.message}`;
  const missing = issue.path.length === 1 && typeof row === 'object' && row !== null && !(String(issue.path[0]) in row);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where}, field ${field}: ${missing ? 'the column is missing' : issue.message}${more}`;
}
