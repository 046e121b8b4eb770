import { IS_MUNICIPALITY_CODE } from '../geography/municipality-codes';
import { ADDITIVE_UNITS, unitsSql } from './units';

/**
 * The SQL that derives figures no source publishes from those that are published, so that every
 * query (rankings, comparisons, time series, coverage) reads one table of figures:
 *
 * - an office's, a county's and the country's count is the sum over the municipalities it held
 *   that year, from one source, and only when every one of them has a figure; otherwise a figure
 *   without a value flagged `incomplete`, whose quote names the municipalities missing;
 * - an indicator with a `derivation` in the taxonomy (a share) is its numerator ÷ its denominator
 *   × factor, at every level, the denominator being a population age group of 1 January of the
 *   year or another indicator of the same source and period.
 *
 * Derived rows carry `derivation` (the rule in words), `numerator`, `denominator` and
 * `denominator_text`, and the flag `derived`. A published figure for the same area, indicator and
 * period always wins: nothing is derived where one exists.
 *
 * The statements fill the temporary table `derived_new`; `SYNC_DERIVED_SQL` then makes the stored
 * derived rows equal to it, keeping the id of a row whose key (indicator, area, period) is unchanged.
 */

const ADDITIVE_UNITS_SQL = unitsSql(ADDITIVE_UNITS);

/** An area as one text key, so that areas of every level join on equality. */
const AREA_KEY = (x: string) => `CASE WHEN ${x}.office_id IS NOT NULL THEN 'o:' || ${x}.office_id
    WHEN ${x}.county_code IS NOT NULL THEN 'c:' || ${x}.county_code
    WHEN ${x}.national THEN 'n' ELSE 'm:' || ${x}.municipality_id END`;

/**
 * The periods to derive ($2, null: all). A derived figure is computed from figures of its own period
 * only (the sums from the municipalities' figures of the period, a share from its numerator and
 * denominator of the period and the population of its year), so an import derives again the periods
 * it changed, not the twenty years of its indicators: a report of two figures into the national
 * data took 2.4 s deriving every year's sums and shares.
 */
const IN_PERIODS = (o: string) => `($2::text[] IS NULL OR ${o}.period = ANY($2::text[]))`;

/** Published current figures by indicator, period and area: where one exists, nothing is derived. */
const PUBLISHED = `
  published AS MATERIALIZED (
    SELECT DISTINCT o.indicator_id, o.period, ${AREA_KEY('o')} AS area_key
      FROM observations o
     WHERE o.is_current AND o.kind = 'actual' AND o.derivation IS NULL AND ($1::int[] IS NULL OR o.indicator_id = ANY($1::int[]))
       AND ${IN_PERIODS('o')}
  )`;

export const CREATE_DERIVED_NEW_SQL = `
CREATE TEMP TABLE derived_new (
  indicator_id integer NOT NULL,
  source_id integer NOT NULL,
  raw_indicator_id integer NOT NULL,
  office_id integer,
  municipality_id integer,
  county_code text,
  national boolean NOT NULL,
  period text NOT NULL,
  year integer NOT NULL,
  period_text text,
  value numeric,
  unit text,
  quote text NOT NULL,
  flags text[] NOT NULL,
  numerator numeric,
  denominator numeric,
  denominator_text text,
  derivation text NOT NULL
) ON COMMIT DROP`;

/**
 * The municipality units that existed in each year of the figures, with the code they had then:
 * a county is the first two digits of that code (Halden 0101 was in Østfold in 2015, 3001 in
 * Viken in 2020). Needs a CTE \`years(year)\`.
 */
const MUNICIPALITY_YEARS = `
  municipality_years AS (
    SELECT DISTINCT ON (mc.municipality_id, y.year) mc.municipality_id, y.year, mc.code, mc.name, left(mc.code, 2) AS county_code
      FROM years y
      JOIN municipality_codes mc ON y.year BETWEEN coalesce(mc.valid_from_year, y.year) AND coalesce(mc.valid_to_year, y.year)
      JOIN municipalities m ON m.id = mc.municipality_id
       AND y.year BETWEEN coalesce(m.valid_from_year, y.year) AND coalesce(m.valid_to_year, y.year)
     WHERE ${IS_MUNICIPALITY_CODE('mc.code')}
     ORDER BY mc.municipality_id, y.year, mc.valid_from_year DESC NULLS LAST
  ),
  -- The municipalities each office, county and the country held in the year. An office serving a
  -- city district covers part of a municipality: no sum over municipalities describes it.
  members AS (
    SELECT oa.office_id, NULL::text AS county_code, false AS national, y.year, oa.municipality_id, bool_or(oa.district IS NOT NULL) AS partial
      FROM years y
      JOIN office_areas oa ON y.year BETWEEN coalesce(oa.valid_from_year, y.year) AND coalesce(oa.valid_to_year, y.year)
     GROUP BY oa.office_id, y.year, oa.municipality_id
    UNION ALL
    SELECT NULL, my.county_code, false, my.year, my.municipality_id, false
      FROM municipality_years my JOIN counties c ON c.code = my.county_code
    UNION ALL
    SELECT NULL, NULL, true, my.year, my.municipality_id, false FROM municipality_years my
  )`;

/**
 * derived.aggregates: counts of offices, counties and the country summed over their municipalities.
 * $1: the indicators to derive (null: all); $2: the periods (null: all).
 */
export const DERIVE_AGGREGATES_SQL = `
INSERT INTO derived_new
WITH additive AS (
  SELECT i.id, i.unit FROM indicators i
   WHERE i.unit IN (${ADDITIVE_UNITS_SQL}) AND i.derivation IS NULL AND ($1::int[] IS NULL OR i.id = ANY($1::int[]))
),
-- One figure per municipality, indicator, period and source: a value before a withheld one.
base AS MATERIALIZED (
  SELECT DISTINCT ON (o.indicator_id, o.period, o.source_id, o.municipality_id)
         o.indicator_id, o.period, o.year, o.period_text, o.source_id, o.raw_indicator_id, o.municipality_id,
         CASE WHEN 'suppressed' = ANY(o.flags) THEN NULL ELSE o.value END AS value
    FROM observations o
   WHERE o.is_current AND o.kind = 'actual' AND o.derivation IS NULL
     AND o.office_id IS NULL AND o.municipality_id IS NOT NULL
     AND o.indicator_id IN (SELECT id FROM additive) AND ${IN_PERIODS('o')}
   ORDER BY o.indicator_id, o.period, o.source_id, o.municipality_id, (o.value IS NULL OR 'suppressed' = ANY(o.flags)), o.id DESC
),
years AS (SELECT DISTINCT year FROM base),
${MUNICIPALITY_YEARS},
${PUBLISHED},
-- Each (indicator, period, source) with municipality figures is a set to sum.
sets AS MATERIALIZED (
  SELECT row_number() OVER () AS set_id, x.*
    FROM (SELECT b.indicator_id, b.period, b.year, min(b.period_text) AS period_text, b.source_id, min(b.raw_indicator_id) AS raw_indicator_id,
                 count(b.value) AS figures
            FROM base b GROUP BY b.indicator_id, b.period, b.year, b.source_id) x
),
areas AS MATERIALIZED (
  SELECT ${AREA_KEY('m')} AS area_key, m.office_id, m.county_code, m.national, m.year, m.municipality_id, m.partial, my.name
    FROM members m
    LEFT JOIN municipality_years my ON my.municipality_id = m.municipality_id AND my.year = m.year
),
sums AS MATERIALIZED (
  SELECT s.set_id, a.area_key, a.office_id, a.county_code, a.national,
         count(*)::int AS members,
         count(b.value)::int AS with_value,
         sum(b.value) AS total,
         bool_or(a.partial) AS partial,
         string_agg(coalesce(a.name, '?') || ' ' || b.value::text, ' + ' ORDER BY a.name) FILTER (WHERE b.value IS NOT NULL) AS parts,
         string_agg(coalesce(a.name, '?'), ', ' ORDER BY a.name) FILTER (WHERE b.value IS NULL) AS missing
    FROM sets s
    JOIN areas a ON a.year = s.year
    LEFT JOIN base b ON b.indicator_id = s.indicator_id AND b.period = s.period AND b.source_id = s.source_id
                    AND b.municipality_id = a.municipality_id
   GROUP BY s.set_id, a.area_key, a.office_id, a.county_code, a.national
),
-- One source per area, indicator and period: the one that covers most of its municipalities.
best AS (
  SELECT DISTINCT ON (s.indicator_id, s.period, x.area_key) s.indicator_id, s.period, s.year, s.period_text, s.source_id,
         s.raw_indicator_id, x.*
    FROM sums x
    JOIN sets s ON s.set_id = x.set_id
    JOIN sources src ON src.id = s.source_id
   WHERE x.with_value > 0 AND NOT x.partial
   -- Ties (Oslo is a county of one municipality) go to the source with the most municipality
   -- figures, so that one ranking of counties is summed from one source where it can be.
   ORDER BY s.indicator_id, s.period, x.area_key, x.with_value DESC, s.figures DESC, src.report_year DESC NULLS LAST, s.source_id DESC
)
SELECT x.indicator_id, x.source_id, x.raw_indicator_id, x.office_id, NULL::int, x.county_code, x.national,
       x.period, x.year, x.period_text,
       CASE WHEN x.with_value = x.members THEN x.total END,
       a.unit,
       CASE WHEN x.with_value = x.members
            THEN CASE WHEN x.members = 1 THEN 'Sum of 1 municipality: ' || x.parts
                      WHEN x.members <= 12 THEN 'Sum of ' || x.members || ' municipalities: ' || x.parts || ' = ' || x.total::text
                      ELSE 'Sum of ' || x.members || ' municipalities = ' || x.total::text END
            ELSE (x.members - x.with_value) || ' of ' || x.members || ' municipalities have no figure: '
                 || CASE WHEN x.members - x.with_value <= 12 THEN x.missing ELSE left(x.missing, 400) || ' …' END
       END,
       CASE WHEN x.with_value = x.members THEN ARRAY['derived'] ELSE ARRAY['derived', 'incomplete'] END,
       NULL::numeric, NULL::numeric, NULL::text,
       CASE WHEN x.office_id IS NOT NULL THEN 'the sum over every municipality the office served that year'
            WHEN x.county_code IS NOT NULL THEN 'the sum over every municipality of the county that year'
            ELSE 'the sum over every municipality of the country that year' END
         || ', from one source; none when any of them has no figure'
  FROM best x
  JOIN additive a ON a.id = x.indicator_id
 -- NOT IN over a small set runs as one hashed lookup; NOT EXISTS was planned as a nested loop.
 WHERE (x.indicator_id, x.period, x.area_key) NOT IN (SELECT p.indicator_id, p.period, p.area_key FROM published p)`;

const AGE_GROUP_WORDS = (column: string) => `CASE ${column}
    WHEN 'total' THEN 'all inhabitants' WHEN 'age_0_17' THEN 'inhabitants aged 0–17'
    WHEN 'age_18_24' THEN 'inhabitants aged 18–24' WHEN 'age_20_66' THEN 'inhabitants aged 20–66'
    WHEN 'age_18_66' THEN 'inhabitants aged 18–66' WHEN 'age_16_66' THEN 'inhabitants aged 16–66'
    WHEN 'age_25_66' THEN 'inhabitants aged 25–66' WHEN 'age_67_plus' THEN 'inhabitants aged 67 and over' END`;

/**
 * derived.shares: every indicator with a derivation, at every level where its numerator has a
 * figure (published, or a sum from derived_new). Reads derived_new, so it runs after the sums.
 * $1: the indicators to derive (null: all); $2: the periods (null: all).
 */
export const DERIVE_SHARES_SQL = `
INSERT INTO derived_new
WITH d AS (
  SELECT i.id, i.unit, n.id AS numerator_id, di.id AS denominator_id,
         i.derivation->'denominator'->>'population' AS population_column,
         (i.derivation->>'factor')::numeric AS factor, i.derivation->>'note' AS note
    FROM indicators i
    JOIN indicators n ON n.code = i.derivation->>'numerator'
    LEFT JOIN indicators di ON di.code = i.derivation->'denominator'->>'indicator'
   WHERE i.derivation IS NOT NULL
     AND ($1::int[] IS NULL OR i.id = ANY($1::int[]))
),
-- Figures of the numerators and denominators at every level: published ones and the sums.
figures AS MATERIALIZED (
  SELECT f.*, ${AREA_KEY('f')} AS area_key,
         count(f.value) OVER (PARTITION BY f.indicator_id, f.source_id, f.period) AS source_figures
    FROM (
      SELECT o.indicator_id, o.source_id, o.raw_indicator_id,
             o.office_id, CASE WHEN o.office_id IS NULL THEN o.municipality_id END AS municipality_id, o.county_code, o.national,
             o.period, o.year, o.period_text,
             CASE WHEN 'suppressed' = ANY(o.flags) THEN NULL ELSE o.value END AS value, o.flags, o.quote
        FROM observations o
       WHERE o.is_current AND o.kind = 'actual' AND o.derivation IS NULL AND ${IN_PERIODS('o')}
         AND o.indicator_id IN (SELECT numerator_id FROM d UNION SELECT denominator_id FROM d)
      UNION ALL
      SELECT n.indicator_id, n.source_id, n.raw_indicator_id, n.office_id, n.municipality_id, n.county_code, n.national,
             n.period, n.year, n.period_text, n.value, n.flags, n.quote
        FROM derived_new n
       WHERE n.indicator_id IN (SELECT numerator_id FROM d UNION SELECT denominator_id FROM d)
    ) f
),
-- One numerator figure per area and period.
numerators AS MATERIALIZED (
  SELECT DISTINCT ON (d.id, f.area_key, f.period)
         d.id AS indicator_id, d.unit, d.factor, d.note, d.population_column, d.denominator_id,
         f.source_id, f.raw_indicator_id, f.office_id, f.municipality_id, f.county_code, f.national, f.area_key,
         f.period, f.year, f.period_text, f.value, f.flags, f.quote
    FROM d
    JOIN figures f ON f.indicator_id = d.numerator_id
    JOIN sources s ON s.id = f.source_id
   -- A value first; then the source with the most figures of the period, so that one ranking of a
   -- share divides one source's counts wherever it can (SSB's, not Oslo's own table, for Oslo).
   ORDER BY d.id, f.area_key, f.period, (f.value IS NULL), f.source_figures DESC, s.report_year DESC NULLS LAST, f.source_id DESC
),
-- The denominator figure of the same source, area and period, where it is an indicator.
denominators AS MATERIALIZED (
  SELECT DISTINCT ON (f.indicator_id, f.source_id, f.area_key, f.period) f.indicator_id, f.source_id, f.area_key, f.period, f.value
    FROM figures f
   WHERE f.indicator_id IN (SELECT denominator_id FROM d)
   ORDER BY f.indicator_id, f.source_id, f.area_key, f.period, (f.value IS NULL)
),
years AS (SELECT DISTINCT year FROM numerators),
${MUNICIPALITY_YEARS},
${PUBLISHED},
population_columns AS (SELECT DISTINCT population_column FROM d WHERE population_column IS NOT NULL),
-- Each area's population on 1 January of the year, per age group: the one municipality's, or
-- the sum over all of an office's, county's or the country's municipalities, complete or not at all.
area_population AS MATERIALIZED (
  SELECT mb.area_key, mb.year, pc.population_column,
         count(*)::int AS members,
         count(x.v)::int AS with_population,
         sum(x.v) AS population,
         CASE WHEN bool_and(p.basis = 'own_year_borders') THEN 'own-year borders'
              WHEN bool_and(p.basis = 'borders_2024') THEN '2024 borders'
              ELSE 'own-year and 2024 borders' END AS basis,
         bool_or(mb.partial) AS partial
    FROM (SELECT ${AREA_KEY('m')} AS area_key, m.year, m.municipality_id, m.partial FROM members m
          UNION ALL
          SELECT 'm:' || my.municipality_id, my.year, my.municipality_id, false FROM municipality_years my) mb
    CROSS JOIN population_columns pc
    LEFT JOIN populations p ON p.municipality_id = mb.municipality_id AND p.year = mb.year
    CROSS JOIN LATERAL (SELECT CASE pc.population_column
      WHEN 'total' THEN p.total WHEN 'age_0_17' THEN p.age_0_17 WHEN 'age_18_24' THEN p.age_18_24
      WHEN 'age_20_66' THEN p.age_20_66 WHEN 'age_18_66' THEN p.age_18_66 WHEN 'age_16_66' THEN p.age_16_66
      WHEN 'age_25_66' THEN p.age_25_66 WHEN 'age_67_plus' THEN p.age_67_plus END AS v) x
   GROUP BY mb.area_key, mb.year, pc.population_column
),
computed AS (
  SELECT nu.*,
         CASE WHEN nu.population_column IS NOT NULL THEN ap.population ELSE den.value END AS denominator,
         CASE WHEN nu.population_column IS NOT NULL
              THEN CASE WHEN ap.members IS NULL THEN 'no municipalities are known for the area in ' || nu.year
                        WHEN ap.partial THEN 'no population of a city district'
                        WHEN ap.with_population < ap.members THEN (ap.members - ap.with_population) || ' of ' || ap.members || ' municipalities have no population for ' || nu.year END
              ELSE CASE WHEN den.value IS NULL THEN 'no figure for the denominator' END END AS problem,
         CASE WHEN nu.population_column IS NOT NULL
              THEN ${AGE_GROUP_WORDS('nu.population_column')} || ' on 1 January ' || nu.year || ' (' || coalesce(ap.basis, 'none known') || ')'
              ELSE di.name_en || ', ' || nu.period END AS denominator_text
    FROM numerators nu
    LEFT JOIN area_population ap ON ap.area_key = nu.area_key AND ap.year = nu.year AND ap.population_column = nu.population_column
    LEFT JOIN denominators den ON den.indicator_id = nu.denominator_id AND den.source_id = nu.source_id
                              AND den.area_key = nu.area_key AND den.period = nu.period
    LEFT JOIN indicators di ON di.id = nu.denominator_id
)
SELECT c.indicator_id, c.source_id, c.raw_indicator_id, c.office_id, c.municipality_id, c.county_code, c.national,
       c.period, c.year, c.period_text,
       CASE WHEN c.value IS NOT NULL AND c.problem IS NULL AND c.denominator > 0
            THEN round(c.value * c.factor / c.denominator, 4) END,
       c.unit,
       CASE WHEN c.value IS NULL THEN 'No numerator: ' || c.quote
            WHEN c.problem IS NOT NULL THEN c.value::text || ' ÷ ?: ' || c.problem
            ELSE c.value::text || ' ÷ ' || c.denominator::text || ' × ' || c.factor::text END,
       CASE WHEN c.value IS NULL THEN ARRAY['derived'] || array_remove(c.flags, 'derived')
            WHEN c.problem IS NOT NULL THEN ARRAY['derived', 'no_denominator']
            ELSE ARRAY['derived'] END,
       c.value, c.denominator, c.denominator_text, c.note
  FROM computed c
  WHERE (c.indicator_id, c.period, c.area_key) NOT IN (SELECT p.indicator_id, p.period, p.area_key FROM published p)`;

/** The key of a derived figure: indicator, area and period. */
const SAME_KEY = (a: string, b: string) => `${a}.indicator_id = ${b}.indicator_id AND ${a}.period = ${b}.period
      AND ${AREA_KEY(a)} = ${AREA_KEY(b)}`;

/**
 * derived.related: the indicators to derive again when the figures of $1 changed: each of them,
 * and every derived indicator that is computed from one of them, with all its inputs (so that a
 * share of an office finds the office's sum of its numerator in derived_new).
 */
export const RELATED_INDICATORS_SQL = `
SELECT DISTINCT x.id
  FROM indicators i
  LEFT JOIN indicators n ON n.code = i.derivation->>'numerator'
  LEFT JOIN indicators di ON di.code = i.derivation->'denominator'->>'indicator'
  CROSS JOIN LATERAL (VALUES (i.id), (n.id), (di.id)) AS x(id)
 WHERE x.id IS NOT NULL AND (i.id = ANY($1::int[]) OR n.id = ANY($1::int[]) OR di.id = ANY($1::int[]))`;

/**
 * derived.sync: the stored derived figures of the indicators $1 and periods $2 (null: all) become
 * derived_new; a figure whose key stays keeps its id. Only `stale` takes parameters.
 */
export const SYNC_DERIVED_SQL = {
  stale: `DELETE FROM observations o
    WHERE o.derivation IS NOT NULL AND ($1::int[] IS NULL OR o.indicator_id = ANY($1::int[])) AND ${IN_PERIODS('o')}
      AND NOT EXISTS (SELECT 1 FROM derived_new n WHERE ${SAME_KEY('n', 'o')})`,
  changed: `UPDATE observations o
      SET source_id = n.source_id, raw_indicator_id = n.raw_indicator_id, year = n.year, period_text = n.period_text,
          value = n.value, unit = n.unit, quote = n.quote, flags = n.flags, numerator = n.numerator,
          denominator = n.denominator, denominator_text = n.denominator_text, derivation = n.derivation, is_current = true
     FROM derived_new n
    WHERE o.derivation IS NOT NULL AND ${SAME_KEY('n', 'o')}
      AND (o.source_id, o.raw_indicator_id, o.value, o.quote, o.flags, o.numerator, o.denominator, o.denominator_text, o.derivation, o.is_current)
          IS DISTINCT FROM (n.source_id, n.raw_indicator_id, n.value, n.quote, n.flags, n.numerator, n.denominator, n.denominator_text, n.derivation, true)`,
  added: `INSERT INTO observations (raw_indicator_id, indicator_id, source_id, office_id, municipality_id, county_code, national,
                             period, year, period_text, kind, value, unit, quote, flags, is_current,
                             numerator, denominator, denominator_text, derivation)
   SELECT n.raw_indicator_id, n.indicator_id, n.source_id, n.office_id, n.municipality_id, n.county_code, n.national,
          n.period, n.year, n.period_text, 'actual', n.value, n.unit, n.quote, n.flags, true,
          n.numerator, n.denominator, n.denominator_text, n.derivation
     FROM derived_new n
    WHERE NOT EXISTS (SELECT 1 FROM observations o WHERE o.derivation IS NOT NULL AND ${SAME_KEY('n', 'o')})
    ORDER BY n.indicator_id, n.period, n.national, n.county_code, n.office_id, n.municipality_id`,
};
