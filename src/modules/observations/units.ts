/**
 * The one list of units, shared by the number parser, the import formats, the taxonomy and the
 * GraphQL enum `Unit`. A unit that the importer reads but the taxonomy refuses (as `days` once
 * was) lets a figure be parsed only to be refused later, or stored under a unit the API cannot
 * name, so every one of them reads this list.
 *
 * The order is the one the curator format documents (docs/curator-format.md).
 */
export const UNITS = ['persons', 'count', 'percent', 'percentage_points', 'per_1000_inhabitants', 'NOK', 'days', 'nights', 'weeks'] as const;

/**
 * A unit a figure or an indicator is expressed in. Percent and percentage points are different
 * units: a change of 1,6 prosentpoeng is not 1,6 %.
 */
export type Unit = (typeof UNITS)[number];

export function isUnit(text: string): text is Unit {
  return (UNITS as readonly string[]).includes(text);
}

/** Units that are already rates or shares: dividing them by a population again would be meaningless. */
export const RATE_UNITS = ['percent', 'percentage_points', 'per_1000_inhabitants'] as const satisfies readonly Unit[];

/**
 * Units whose figures add up over municipalities: a count of people, cases, kroner, nights or weeks.
 * Not days: the days a scorecard publishes are durations of a case (processing time, waiting
 * time), and two offices' waiting times do not add up to a county's.
 */
export const ADDITIVE_UNITS = ['persons', 'count', 'NOK', 'nights', 'weeks'] as const satisfies readonly Unit[];

/** A list of units as a SQL list of literals, for `unit IN (...)`; the units are constants, never input. */
export function unitsSql(units: readonly Unit[]): string {
  return units.map((u) => `'${u}'`).join(', ');
}
