/**
 * Whether another current source publishes a figure for the same unit, indicator, period and kind as
 * the figure `o`: a later report repeating it (often rounded, 2,6 then 3) or correcting it. The
 * figure a query shows is the one BEST_FIRST chose; Observation.revisions lists the others.
 * Derived figures are the hub's own and never count as a revision.
 */
export const REVISED = (o: string) => `(${o}.derivation IS NULL AND EXISTS (
      SELECT 1 FROM observations rv
       WHERE rv.indicator_id = ${o}.indicator_id AND rv.period = ${o}.period AND rv.kind = ${o}.kind
         AND rv.is_current AND rv.derivation IS NULL AND rv.source_id <> ${o}.source_id
         AND rv.office_id IS NOT DISTINCT FROM ${o}.office_id AND rv.municipality_id IS NOT DISTINCT FROM ${o}.municipality_id
         AND rv.county_code IS NOT DISTINCT FROM ${o}.county_code AND rv.national = ${o}.national))`;
