/**
 * The one rule for a canonical period, shared by the importer, the API's arguments and, in SQL,
 * the CHECK on `observations.period` (migrations/1763884800000-InitialSchema.ts, tested to agree):
 * `2018` (a year), `2015-Q3` (a quarter), `2018-03` (a month). A period the importer accepts is
 * stored, and one the API accepts can be found.
 *
 * Groups: 1 the year, 2 the quarter, 3 the month.
 */
export const PERIOD_PATTERN = /^([0-9]{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

/** How a message shows the three forms. */
export const PERIOD_EXAMPLES = '2018, 2018-Q1 or 2018-03';

export function isPeriod(text: string): boolean {
  return typeof text === 'string' && PERIOD_PATTERN.test(text);
}
