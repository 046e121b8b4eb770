import { BEST_FIRST, PREVIOUS_PERIOD, SUPPRESSED } from '../comparison/comparison.fragments';

/**
 * current_figures: what a ranking reads, kept instead of derived on every request. Per indicator,
 * level ('office' | 'municipality' | 'county') and unit, one row per period: the figure the
 * comparisons show (the best of the current results, BEST_FIRST), whether another current source
 * published another value for it, its value in the period before of the same kind (the previous
 * year, quarter or month; null when that figure is withheld or there is none), and whether it is
 * the unit's latest figure. Between imports none of this changes, and deriving it per request
 * read every period of every unit (about 600 ms for 4,000 offices with 20 years each).
 *
 * A county's unit id is its number (as in the ranking); figures about the whole country are never
 * ranked and are not kept here.
 *
 * $1: the indicators to refresh (null: all). An import rebuilds only the units it may have
 * changed (CURRENT_FIGURES_UNITS_SQL): those the sources whose figures changed publish for (every
 * version of an imported document), and those of derived figures of the periods it changed. A
 * unit's series is the whole of what it depends on (previous values, the latest figure, disagreeing
 * sources), derived figures are the only ones that change for units an import does not name, and
 * only in the periods it changed (derived-figures.sql.ts), and a row left for a unit that has no
 * figure any more was derived or came from one of those sources. An office's report then rebuilds
 * its office, not all offices of its indicators. It runs in the transaction that changed the
 * figures, after the derived figures (derived-figures.ts), so that no reader sees the new figures
 * with old rankings. It writes only the rows that changed: a row rewritten on every import would
 * leave a dead copy behind each time, and the embedded database has no autovacuum to clear them
 * (a ranking of 4,000 offices took three times as long after three rewrites).
 */
const VALUES = `year, observation_id, raw_indicator_id, source_id, office_id, municipality_id, period_text, value, value_text, unit,
       quote, flags, numerator, denominator, denominator_text, derivation, suppressed, disagreeing, previous_value, previous_year, is_latest`;
const COLUMNS = `indicator_id, level, unit_id, period, ${VALUES}`;

const LEVEL = (o: string) => `CASE WHEN ${o}.office_id IS NOT NULL THEN 'office' WHEN ${o}.county_code IS NOT NULL THEN 'county' ELSE 'municipality' END`;
const UNIT_ID = (o: string) =>
  `CASE WHEN ${o}.office_id IS NOT NULL THEN ${o}.office_id WHEN ${o}.county_code IS NOT NULL THEN ${o}.county_code::int ELSE ${o}.municipality_id END`;
const SAME_KEY = (a: string, b: string) =>
  `${a}.indicator_id = ${b}.indicator_id AND ${a}.level = ${b}.level AND ${a}.period = ${b}.period AND ${a}.unit_id = ${b}.unit_id`;

/**
 * The units whose figures the sources ($2) publish, and those of derived figures of the periods
 * ($3), of the indicators ($1): read first, on their own, so that the refresh gets them as arrays
 * whose length the planner knows.
 */
export const CURRENT_FIGURES_UNITS_SQL = `
/* current_figures.units */
SELECT o.indicator_id, ${LEVEL('o')} AS level, ${UNIT_ID('o')} AS unit_id
  FROM observations o
 WHERE o.indicator_id = ANY($1::int[]) AND NOT o.national AND (o.county_code IS NULL OR o.county_code ~ '^[0-9]{1,9}$')
   AND (o.source_id = ANY($2::int[]) OR (o.derivation IS NOT NULL AND o.period = ANY($3::text[])))
 UNION
SELECT c.indicator_id, c.level, c.unit_id
  FROM current_figures c
 WHERE c.indicator_id = ANY($1::int[]) AND (c.source_id = ANY($2::int[]) OR (c.derivation IS NOT NULL AND c.period = ANY($3::text[])))`;

/**
 * The restricted refresh rebuilds every indicator ($1) of every office ($2), municipality ($3) and
 * county ($4, by number) given: a unit's whole series, which is all a rebuild needs, and a superset
 * of the units asked for that the statement treats alike everywhere. Each level is matched on the
 * column its index serves. With nested loops off (current-figures.ts) a join by key can only hash
 * or merge whole tables, and a report of a few figures read every figure and every current figure
 * of the database (184 ms of a 300 ms import, on a database of 217,000 figures); arrays whose
 * length the planner knows are searched in the index when they are short and hashed when long.
 */
const OBSERVATION_OF_UNITS = (o: string) => `${o}.indicator_id = ANY($1::int[]) AND (
       ${o}.office_id = ANY($2::int[])
    OR (${o}.office_id IS NULL AND ${o}.county_code IS NULL AND ${o}.municipality_id = ANY($3::int[]))
    OR (${o}.office_id IS NULL AND ${o}.county_code = ANY(ARRAY(
          SELECT k.code FROM counties k WHERE CASE WHEN k.code ~ '^[0-9]{1,9}$' THEN k.code::int END = ANY($4::int[])))))`;
// The indicators in every branch: the primary key serves each branch whole, not the indicators alone.
const CURRENT_FIGURE_OF_UNITS = (c: string) => `(
       (${c}.indicator_id = ANY($1::int[]) AND ${c}.level = 'office' AND ${c}.unit_id = ANY($2::int[]))
    OR (${c}.indicator_id = ANY($1::int[]) AND ${c}.level = 'municipality' AND ${c}.unit_id = ANY($3::int[]))
    OR (${c}.indicator_id = ANY($1::int[]) AND ${c}.level = 'county' AND ${c}.unit_id = ANY($4::int[])))`;

const syncSql = (restricted: boolean) => `
/* current_figures.sync${restricted ? '_units' : ''} */
WITH figures AS (
  SELECT o.id, o.indicator_id, o.period, o.year, o.value, o.flags, o.source_id, s.report_year, ${SUPPRESSED('o')} AS suppressed,
         ${LEVEL('o')} AS level, ${UNIT_ID('o')} AS unit_id
    FROM observations o
    JOIN sources s ON s.id = o.source_id
   WHERE o.is_current AND o.kind = 'actual' AND o.indicator_id IS NOT NULL AND NOT o.national
     -- A county is ranked by its number; a code that is none could not be.
     AND (o.county_code IS NULL OR o.county_code ~ '^[0-9]{1,9}$')
     AND ${restricted ? OBSERVATION_OF_UNITS('o') : '($1::int[] IS NULL OR o.indicator_id = ANY($1::int[]))'}
),
-- Chosen on narrow rows, so that the sorts stay in memory; the figure's text is joined on after.
best AS (
  SELECT DISTINCT ON (f.indicator_id, f.level, f.unit_id, f.period) f.id, f.indicator_id, f.level, f.unit_id, f.period, f.year, f.value, f.suppressed,
         coalesce(min(f.value) FILTER (WHERE NOT f.suppressed) OVER p
                  <> max(f.value) FILTER (WHERE NOT f.suppressed) OVER p, false) AS disagreeing
    FROM figures f
  WINDOW p AS (PARTITION BY f.indicator_id, f.level, f.unit_id, f.period)
   ORDER BY f.indicator_id, f.level, f.unit_id, f.period, ${BEST_FIRST('f', 'f')}
),
series AS (
  SELECT b.*, lag(b.period) OVER w AS lag_period, lag(b.year) OVER w AS lag_year,
         lag(CASE WHEN b.suppressed THEN NULL ELSE b.value END) OVER w AS lag_value,
         -- Withheld or not: a withheld latest figure is not replaced by an older one.
         row_number() OVER (PARTITION BY b.indicator_id, b.level, b.unit_id ORDER BY b.year DESC, b.period DESC) = 1 AS is_latest
    FROM best b
  WINDOW w AS (PARTITION BY b.indicator_id, b.level, b.unit_id, translate(b.period, '0123456789', '') ORDER BY b.period)
),
fresh AS MATERIALIZED (
  SELECT x.indicator_id, x.level, x.unit_id, x.period, x.year, o.id AS observation_id, o.raw_indicator_id, o.source_id,
         o.office_id, o.municipality_id, o.period_text, o.value, o.value_text, o.unit, o.quote, o.flags, o.numerator,
         o.denominator, o.denominator_text, o.derivation, x.suppressed, x.disagreeing,
         -- The figure before it in the unit's series of the same kind of period, when that is the
         -- period right before (2019 for 2020, not 2017 where 2018 and 2019 are missing).
         CASE WHEN x.lag_period = ${PREVIOUS_PERIOD('x.period')} THEN x.lag_value END AS previous_value,
         CASE WHEN x.lag_period = ${PREVIOUS_PERIOD('x.period')} THEN x.lag_year END AS previous_year,
         x.is_latest
    FROM series x
    JOIN observations o ON o.id = x.id
   -- Restricted as the figures are, so that the join reads the units' rows and not every row.
   ${restricted ? `WHERE ${OBSERVATION_OF_UNITS('o')}` : ''}
),
gone AS (
  DELETE FROM current_figures c
   WHERE ${restricted ? CURRENT_FIGURE_OF_UNITS('c') : '($1::int[] IS NULL OR c.indicator_id = ANY($1::int[]))'}
     AND NOT EXISTS (SELECT 1 FROM fresh n WHERE ${SAME_KEY('n', 'c')})
),
changed AS (
  UPDATE current_figures c
     SET (${VALUES}) = ROW(${VALUES.replace(/([a-z_]+)/g, 'n.$1')})
    FROM fresh n
   -- As text: 20.0 and 20.00 are equal numbers but not the same published figure.
   WHERE ${SAME_KEY('n', 'c')} ${restricted ? `AND ${CURRENT_FIGURE_OF_UNITS('c')}` : ''} AND ROW(${VALUES.replace(/([a-z_]+)/g, 'c.$1')})::text IS DISTINCT FROM ROW(${VALUES.replace(/([a-z_]+)/g, 'n.$1')})::text
)
INSERT INTO current_figures (${COLUMNS})
SELECT ${COLUMNS.replace(/([a-z_]+)/g, 'n.$1')}
  FROM fresh n
 WHERE NOT EXISTS (SELECT 1 FROM current_figures c WHERE ${SAME_KEY('n', 'c')} ${restricted ? `AND ${CURRENT_FIGURE_OF_UNITS('c')}` : ''})`;

/** Every unit of the indicators ($1). */
export const CURRENT_FIGURES_SYNC_SQL = syncSql(false);
/** Only the indicators ($1) of the offices ($2), municipalities ($3) and counties ($4) given (CURRENT_FIGURES_UNITS_SQL). */
export const CURRENT_FIGURES_SYNC_UNITS_SQL = syncSql(true);
