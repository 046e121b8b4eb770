/**
 * The SQL of rankings, comparisons, time series, target attainment and composite indices.
 * Each query is one statement, run as a named prepared statement (`db.sql`); the fragments below
 * are joined once, when the module loads, so every statement has one fixed text.
 *
 * Conventions shared by every statement:
 * - Only current results count (`is_current`, `kind = 'actual'`).
 * - An office-level figure is one with an office; a municipality-level figure is one about a whole
 *   municipality and no office (Oslo i alt). Neither is ever ranked as the other.
 * - Where a unit has several figures for a period (the same year re-published in a later report),
 *   a value wins over a withheld one, then the newest report, then the latest import.
 * - A figure is withheld ("suppressed") when flagged so or when it has no value; it is never a zero.
 * - Numbers leave the database as text (numeric) and are turned into numbers by the service, so
 *   `exactValue` stays exact.
 */

/** Units that are already rates or shares: dividing them by a population again would be meaningless. */
export const RATE_UNITS = ['percent', 'percentage_points', 'per_1000_inhabitants'] as const;
const RATE_UNITS_SQL = RATE_UNITS.map((u) => `'${u}'`).join(', ');

/**
 * Population size bands for peer groups, by inhabitants on 1 January: under 5 000, 5 000–19 999,
 * 20 000–49 999, 50 000–99 999, 100 000 and more. `width_bucket` numbers them 0 to 4.
 */
export const PEER_BANDS = [
  { min: 0, max: 4_999 },
  { min: 5_000, max: 19_999 },
  { min: 20_000, max: 49_999 },
  { min: 50_000, max: 99_999 },
  { min: 100_000, max: null },
] as const;
const BAND_LIMITS_SQL = `ARRAY[${PEER_BANDS.slice(1).map((b) => b.min).join(', ')}]::int[]`;

/** An indicator row as JSON, shaped like what `Indicator.from` reads. */
const INDICATOR_JSON = (i: string) => `json_build_object(
    'internalId', ${i}.id, 'code', ${i}.code, 'nameNb', ${i}.name_nb, 'nameEn', ${i}.name_en,
    'description', ${i}.description, 'themeCode', ${i}.theme_code, 'unit', ${i}.unit,
    'periodType', ${i}.period_type, 'direction', ${i}.direction, 'population', ${i}.population,
    'comparabilityNotes', ${i}.comparability_notes, 'externalCodes', ${i}.external_codes,
    'taxonomyVersion', ${i}.taxonomy_version)`;

/** The period before one of the same kind: 2018 → 2017, 2015-Q1 → 2014-Q4, 2018-01 → 2017-12. */
const PREVIOUS_PERIOD = (p: string) => `CASE
      WHEN ${p} ~ '^[0-9]{4}$' THEN (left(${p}, 4)::int - 1)::text
      WHEN ${p} ~ '-Q1$' THEN (left(${p}, 4)::int - 1)::text || '-Q4'
      WHEN ${p} ~ '-Q[2-4]$' THEN left(${p}, 4) || '-Q' || (right(${p}, 1)::int - 1)::text
      ELSE to_char(to_date(${p} || '-01', 'YYYY-MM-DD') - interval '1 month', 'YYYY-MM')
    END`;

/** A figure is withheld when flagged so or when it has no value. */
const SUPPRESSED = (o: string) => `(${o}.value IS NULL OR 'suppressed' = ANY(${o}.flags))`;

/** The figure to use among several for the same unit and period (see the conventions above). */
const BEST_FIRST = (o: string, s: string) => `${SUPPRESSED(o)}, ${s}.report_year DESC NULLS LAST, ${o}.source_id DESC, ${o}.id DESC`;

/**
 * The population of (unit, year) pairs read from `keys`, with `problem` saying why there is none:
 * an office's population is the sum over the municipalities it served that year, complete or not
 * at all; a city-district office has none, because the reference data holds no district
 * population and the whole city's would be wrong. `denominator` is the age group of $5.
 * Parameters: $4 level, $5 population column ('none' | 'total' | 'age_20_66' | 'age_18_24').
 */
const POPULATION_OF = (keys: string) => {
  const denominator = `CASE $5::text WHEN 'age_20_66' THEN p.age_20_66 WHEN 'age_18_24' THEN p.age_18_24 ELSE p.total END`;
  return `
    SELECT k.unit_id, k.year,
           CASE
             WHEN count(a.municipality_id) = 0 THEN 'no_area'
             WHEN bool_or(a.district IS NOT NULL) THEN 'district'
             WHEN count(p.total) < count(a.municipality_id) THEN 'no_population'
             WHEN count(${denominator}) < count(a.municipality_id) THEN 'no_age_group'
             WHEN sum(${denominator}) = 0 THEN 'no_population'
           END AS problem,
           sum(p.total)::bigint AS total,
           sum(${denominator})::bigint AS denominator,
           string_agg(DISTINCT a.district, ', ') AS districts
      FROM ${keys} k
      LEFT JOIN LATERAL (
        SELECT DISTINCT oa.municipality_id, oa.district
          FROM office_areas oa
         WHERE $4::text = 'office' AND oa.office_id = k.unit_id
           AND coalesce(oa.valid_from_year, k.year) <= k.year AND coalesce(oa.valid_to_year, k.year) >= k.year
        UNION ALL
        SELECT k.unit_id, NULL::text WHERE $4::text = 'municipality'
      ) a ON true
      LEFT JOIN populations p ON p.municipality_id = a.municipality_id AND p.year = k.year
     GROUP BY k.unit_id, k.year`;
};

const ANY_SCOPE = `($6::text IS NOT NULL OR $7::text IS NOT NULL OR $8::text[] IS NOT NULL OR $9::text[] IS NOT NULL OR $10::text IS NOT NULL)`;

/**
 * The units a scope names, whatever the year (CTEs `named_municipalities`, `scoped`). Needs a CTE
 * `published(unit_id, year)`: the units with a figure, and when.
 * Parameters: $4 level, $6 county, $7 municipality code, $8 office codes, $9 municipality codes, $10 peer code.
 */
const SCOPED = `
  -- Municipality units named by a code of the scope: every unit that ever held the code.
  named_municipalities AS (
    SELECT c.municipality_id AS id, c.code FROM municipality_codes c
     WHERE c.code = $7::text OR c.code = ANY($9::text[]) OR c.code = $10::text
    UNION
    SELECT m.id, m.code FROM municipalities m
     WHERE m.code = $7::text OR m.code = ANY($9::text[]) OR m.code = $10::text
  ),
  -- Every filter given must hold. Without any, the units that publish at this level at all, so
  -- that "missing" lists who usually reports rather than every office of the country.
  -- Offices are not limited by their years: the office register is a 2014 snapshot.
  scoped AS (
    SELECT f.id, f.code, f.name, NULL::int AS valid_from_year, f.valid_to_year
      FROM offices f
     WHERE $4::text = 'office'
       AND ($6::text IS NULL OR f.county_code = $6::text OR EXISTS (
             SELECT 1 FROM office_areas oa JOIN municipalities m ON m.id = oa.municipality_id
              WHERE oa.office_id = f.id AND m.county_code = $6::text))
       AND ($7::text IS NULL OR EXISTS (
             SELECT 1 FROM office_areas oa JOIN named_municipalities n ON n.id = oa.municipality_id
              WHERE oa.office_id = f.id AND n.code = $7::text))
       AND ($8::text[] IS NULL OR f.code = ANY($8::text[]))
       AND ($9::text[] IS NULL OR EXISTS (
             SELECT 1 FROM office_areas oa JOIN named_municipalities n ON n.id = oa.municipality_id
              WHERE oa.office_id = f.id AND n.code = ANY($9::text[])))
       AND (${ANY_SCOPE} OR f.id IN (SELECT unit_id FROM published))
    UNION ALL
    SELECT m.id, m.code, m.name, m.valid_from_year, m.valid_to_year
      FROM municipalities m
     WHERE $4::text = 'municipality'
       AND ($6::text IS NULL OR m.county_code = $6::text)
       AND ($7::text IS NULL OR m.id IN (SELECT id FROM named_municipalities WHERE code = $7::text))
       AND ($8::text[] IS NULL OR m.id IN (
             SELECT oa.municipality_id FROM office_areas oa JOIN offices f ON f.id = oa.office_id WHERE f.code = ANY($8::text[])))
       AND ($9::text[] IS NULL OR m.id IN (SELECT id FROM named_municipalities WHERE code = ANY($9::text[])))
       AND (${ANY_SCOPE} OR m.id IN (SELECT unit_id FROM published))
  )`;

/**
 * The units in scope in the ranking year (CTEs `peer`, `peer_population`, `units`, `checks`).
 * Needs `published`, `scoped` and `asked(period, year)`.
 */
const IN_SCOPE = `
  -- The peer municipality and its size band, on its latest population at or before the ranking year.
  peer AS (
    SELECT m.id, m.name, p.year, p.total, width_bucket(p.total, ${BAND_LIMITS_SQL}) AS band
      FROM asked
      JOIN LATERAL (
        SELECT m.id, m.name FROM municipalities m
         WHERE m.id IN (SELECT id FROM named_municipalities WHERE code = $10::text)
         ORDER BY (coalesce(m.valid_from_year, 0) <= coalesce(asked.year, 9999)
                   AND coalesce(m.valid_to_year, 9999) >= coalesce(asked.year, 0)) DESC,
                  m.valid_to_year IS NULL DESC, m.valid_to_year DESC
         LIMIT 1) m ON true
      JOIN LATERAL (
        SELECT p.year, p.total FROM populations p
         WHERE p.municipality_id = m.id AND p.year <= coalesce(asked.year, 9999)
         ORDER BY p.year DESC LIMIT 1) p ON true
     WHERE $10::text IS NOT NULL
  ),
  peer_population AS (${POPULATION_OF('(SELECT s.id AS unit_id, peer.year FROM scoped s CROSS JOIN peer)')}),
  -- A unit is in scope for the year when it existed then or published a figure for it.
  units AS (
    SELECT s.id, s.code, s.name
      FROM scoped s CROSS JOIN asked
     WHERE (asked.year IS NULL
            OR (coalesce(s.valid_from_year, asked.year) <= asked.year AND coalesce(s.valid_to_year, asked.year) >= asked.year)
            OR (s.id, asked.year) IN (SELECT unit_id, year FROM published))
       AND ($10::text IS NULL OR s.id IN (
             SELECT pp.unit_id FROM peer_population pp JOIN peer ON width_bucket(pp.total::int, ${BAND_LIMITS_SQL}) = peer.band
              WHERE pp.problem IS NULL))
  ),
  -- Codes of the scope that name nothing: the client's mistake, reported by the service.
  checks AS (
    SELECT ARRAY(SELECT x FROM unnest($8::text[]) x WHERE NOT EXISTS (SELECT 1 FROM offices f WHERE f.code = x)) AS unknown_offices,
           ARRAY(SELECT x FROM unnest($9::text[]) x WHERE NOT EXISTS (SELECT 1 FROM named_municipalities n WHERE n.code = x)) AS unknown_municipalities,
           ($6::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM counties c WHERE c.code = $6::text)) AS unknown_county,
           ($7::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM named_municipalities n WHERE n.code = $7::text)) AS unknown_municipality,
           ($10::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM named_municipalities n WHERE n.code = $10::text)) AS unknown_peer
  )`;

/**
 * comparison.ranking: the units in scope ranked on one indicator for one period (or each on its
 * latest figure) in the indicator's direction, every unit in scope that is not ranked with the
 * first reason why, and what the warnings need. One row per unit in scope, ranked ones first;
 * with no unit in scope, one row of ranking-wide columns only; no row for an unknown indicator.
 *
 * $1 indicator code, $2 period, $3 latest, $4 level ('office' | 'municipality'), $5 population
 * column to normalise by ('none' | 'total' | 'age_20_66' | 'age_18_24'), $6 county,
 * $7 municipality code, $8 office codes, $9 municipality codes, $10 peer municipality code,
 * $11 minimum population, $12 top, $13 period to compare with (default: the period before),
 * $14 what to rank ('value' | 'change').
 */
export const RANKING_SQL = `
WITH ind AS (
  SELECT i.id, i.unit, i.direction, ${INDICATOR_JSON('i')} AS json FROM indicators i WHERE i.code = $1::text
),
-- Current results of the indicator at the level asked; nothing is read for an indicator the
-- service refuses anyway (no direction, or a share to normalise).
figures AS (
  SELECT o.id, o.raw_indicator_id, o.source_id, o.office_id, o.municipality_id, o.period, o.year, o.period_text,
         o.value, o.value_text, o.unit, o.quote, o.flags,
         CASE WHEN $4::text = 'office' THEN o.office_id ELSE o.municipality_id END AS unit_id,
         ${SUPPRESSED('o')} AS suppressed,
         s.report_year, s.title AS source_title, s.publisher AS source_publisher, s.url AS source_url
    FROM ind
    JOIN observations o ON o.indicator_id = ind.id AND o.is_current AND o.kind = 'actual'
    JOIN sources s ON s.id = o.source_id
   WHERE CASE WHEN $4::text = 'office' THEN o.office_id IS NOT NULL
              ELSE o.office_id IS NULL AND o.municipality_id IS NOT NULL END
     AND ind.direction <> 'neither'
     AND ($5::text = 'none' OR ind.unit NOT IN (${RATE_UNITS_SQL}))
),
published AS (SELECT DISTINCT unit_id, year FROM figures),
${SCOPED},
-- The period ranked: the one asked for, else the latest any unit in scope has a figure for.
asked AS (
  SELECT coalesce($2::text, latest.period) AS period, coalesce(left($2::text, 4)::int, latest.year) AS year
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT f.period, f.year FROM figures f WHERE f.unit_id IN (SELECT id FROM scoped)
       ORDER BY f.year DESC, f.period DESC LIMIT 1) latest ON true
),
${IN_SCOPE},
-- One figure per unit and period, read in one sorted pass (no self-join, so a plan without
-- statistics stays linear): the best figure; whether another document published another value;
-- and the figure before it in the unit's series of the same kind of period (years, quarters, months).
series AS (
  SELECT b.*,
         lag(b.period) OVER w AS lag_period, lag(b.year) OVER w AS lag_year,
         lag(CASE WHEN b.suppressed THEN NULL ELSE b.value END) OVER w AS lag_value,
         -- The unit's figure for the period compared with ($13), when one is asked for.
         max(CASE WHEN b.period = $13::text AND NOT b.suppressed THEN b.value END) OVER (PARTITION BY b.unit_id) AS base_value
    FROM (SELECT DISTINCT ON (f.unit_id, f.period) f.*,
                 coalesce(min(f.value) FILTER (WHERE NOT f.suppressed) OVER p
                          <> max(f.value) FILTER (WHERE NOT f.suppressed) OVER p, false) AS disagreeing
            FROM figures f
           WHERE f.unit_id IN (SELECT id FROM units)
          WINDOW p AS (PARTITION BY f.unit_id, f.period)
           ORDER BY f.unit_id, f.period, f.suppressed, f.report_year DESC NULLS LAST, f.source_id DESC, f.id DESC) b
  WINDOW w AS (PARTITION BY b.unit_id, translate(b.period, '0123456789', '') ORDER BY b.period)
),
-- One figure per unit: of the period ranked, or in latest mode the unit's latest (withheld or not:
-- a withheld latest figure is not replaced by an older one).
chosen AS (
  SELECT DISTINCT ON (x.unit_id) x.*,
         CASE WHEN $13::text IS NOT NULL THEN x.base_value
              WHEN x.lag_period = x.previous_period THEN x.lag_value END AS previous_value,
         CASE WHEN $13::text IS NOT NULL THEN CASE WHEN x.base_value IS NOT NULL THEN left($13::text, 4)::int END
              WHEN x.lag_period = x.previous_period THEN x.lag_year END AS previous_year
    FROM (SELECT s.*, r.label AS raw_label, coalesce($13::text, ${PREVIOUS_PERIOD('s.period')}) AS previous_period
            FROM series s
            JOIN raw_indicators r ON r.id = s.raw_indicator_id
            CROSS JOIN asked
           WHERE $3::boolean OR s.period = asked.period) x
   ORDER BY x.unit_id, x.year DESC, x.period DESC
),
-- Figures for another kind of period in the year ranked (quarters where a year is ranked).
other_periods AS (
  SELECT f.unit_id, string_agg(DISTINCT f.period, ', ') AS periods
    FROM figures f CROSS JOIN asked
   WHERE NOT $3::boolean AND f.year = asked.year AND translate(f.period, '0123456789', '') <> translate(asked.period, '0123456789', '')
   GROUP BY f.unit_id
),
-- Read only when normalising or filtering by size.
population AS (${POPULATION_OF(`(SELECT unit_id, year FROM chosen WHERE $5::text <> 'none' OR $11::int IS NOT NULL
                                UNION
                                SELECT unit_id, previous_year FROM chosen WHERE previous_year IS NOT NULL AND $5::text <> 'none')`)}),
-- The target published with the figure (same label, area and period), judged on the published value.
target AS (
  SELECT DISTINCT ON (c.unit_id) c.unit_id, t.text, t.comparator,
         target_met(t.comparator, t.lower, t.upper, CASE WHEN c.suppressed THEN NULL ELSE c.value END) AS met
    FROM chosen c
    JOIN targets t ON t.raw_indicator_id = c.raw_indicator_id AND t.period = c.period AND t.is_current
                  AND t.office_id IS NOT DISTINCT FROM c.office_id AND t.municipality_id IS NOT DISTINCT FROM c.municipality_id
   ORDER BY c.unit_id, t.id DESC
),
-- Every unit in scope with its figure and, where it cannot be ranked, the first reason why.
assessed AS (
  SELECT v.*,
         CASE
           WHEN v.observation_id IS NULL THEN CASE WHEN v.other_periods IS NULL THEN 'NO_VALUE' ELSE 'NOT_COMPARABLE' END
           WHEN v.figure_unit IS NOT NULL AND v.figure_unit <> v.indicator_unit THEN 'NOT_COMPARABLE'
           WHEN v.suppressed THEN 'SUPPRESSED'
           WHEN ($5::text <> 'none' OR $11::int IS NOT NULL) AND v.population_problem IS NOT NULL THEN 'NO_POPULATION'
           WHEN $11::int IS NOT NULL AND v.population < $11::int THEN 'BELOW_MIN_POPULATION'
           -- Ranked by change: a unit without a figure to compare with has no change to rank.
           WHEN $14::text = 'change' AND v.previous_value IS NULL THEN 'NO_VALUE'
         END AS reason,
         CASE WHEN $14::text = 'change' THEN v.value - v.previous_value ELSE v.value END AS ranked_quantity
    FROM (
      SELECT u.id AS unit_id, u.code, u.name, c.id AS observation_id, c.suppressed, ind.unit AS indicator_unit,
             CASE WHEN c.suppressed THEN NULL
                  WHEN $5::text = 'none' THEN c.value
                  ELSE round(c.value * 1000 / nullif(p.denominator, 0), 4) END AS value,
             CASE WHEN $5::text = 'none' THEN c.previous_value
                  ELSE round(c.previous_value * 1000 / nullif(pp.denominator, 0), 4) END AS previous_value,
             c.value AS published_value, c.period, c.period_text, c.previous_period, c.value_text, c.unit AS figure_unit,
             c.quote, c.flags, c.source_id, c.source_title, c.source_publisher, c.source_url, c.raw_label,
             p.problem AS population_problem, p.total AS population, p.denominator, p.districts, c.year AS population_year,
             op.periods AS other_periods, coalesce(c.disagreeing, false) AS disagreeing,
             t.text AS target_text, t.comparator AS target_comparator, t.met AS target_met
        FROM units u
        CROSS JOIN ind
        LEFT JOIN chosen c ON c.unit_id = u.id
        LEFT JOIN population p ON p.unit_id = u.id AND p.year = c.year
        LEFT JOIN population pp ON pp.unit_id = u.id AND pp.year = c.previous_year AND pp.problem IS NULL
        LEFT JOIN other_periods op ON op.unit_id = u.id
        LEFT JOIN target t ON t.unit_id = u.id
    ) v
),
-- rank(): ties share a place and the next is skipped (1, 2, 2, 4). cume_dist() over the reverse
-- order: the share of ranked units this one does at least as well as. What is ranked is the value,
-- or with $14 = 'change' the change since the period compared with (most improved first).
ranked AS (
  SELECT a.unit_id, rank() OVER (ORDER BY a.sort_key)::int AS rank, cume_dist() OVER (ORDER BY a.sort_key DESC) AS cume
    FROM (SELECT assessed.unit_id,
                 CASE WHEN ind.direction = 'higher_is_better' THEN -assessed.ranked_quantity ELSE assessed.ranked_quantity END AS sort_key
            FROM assessed CROSS JOIN ind WHERE assessed.reason IS NULL) a
),
stats AS (
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ranked_quantity) AS median,
         count(*)::int AS ranked,
         count(DISTINCT a.source_id)::int AS source_count,
         string_agg(DISTINCT a.source_publisher || ', ' || a.source_title, '; ') AS source_titles,
         string_agg(a.name, ', ' ORDER BY a.name) FILTER (WHERE 'approximate' = ANY(a.flags)) AS approximate,
         string_agg(a.name, ', ' ORDER BY a.name) FILTER (WHERE 'inconsistent' = ANY(a.flags)) AS inconsistent,
         string_agg(a.name, ', ' ORDER BY a.name) FILTER (WHERE 'provisional' = ANY(a.flags)) AS provisional,
         string_agg(a.name, ', ' ORDER BY a.name) FILTER (WHERE a.disagreeing) AS disagreeing,
         count(DISTINCT a.period)::int AS period_count
    FROM assessed a WHERE a.reason IS NULL
),
-- For the latest-mode warning: each period with its units (named when few).
period_summary AS (
  SELECT string_agg(x.period || ': ' || x.names, '; ' ORDER BY x.period DESC) AS summary
    FROM (SELECT a.period,
                 CASE WHEN count(*) <= 5 THEN string_agg(a.name, ', ' ORDER BY a.name) ELSE count(*) || ' units' END AS names
            FROM assessed a WHERE a.reason IS NULL GROUP BY a.period) x
)
SELECT ind.json::text AS indicator, ind.unit AS indicator_unit, ind.direction,
       asked.period AS asked_period, asked.year AS asked_year,
       peer.name AS peer_name, peer.year AS peer_year, peer.total AS peer_population, peer.band AS peer_band,
       round(stats.median::numeric, 10)::text AS median, stats.ranked, stats.source_count, stats.source_titles,
       stats.approximate, stats.inconsistent, stats.provisional, stats.disagreeing AS disagreeing_units,
       stats.period_count, period_summary.summary AS period_summary,
       checks.unknown_offices, checks.unknown_municipalities, checks.unknown_county, checks.unknown_municipality, checks.unknown_peer,
       x.unit_id, x.code, x.name, x.reason, x.rank,
       round((100 * x.cume)::numeric, 1)::text AS percentile,
       x.value::text AS value, (x.ranked_quantity - round(stats.median::numeric, 10))::text AS difference_from_median,
       x.previous_value::text AS previous_value, (x.value - x.previous_value)::text AS change_from_previous,
       x.published_value::text AS published_value, x.period, x.period_text, x.previous_period, x.value_text, x.figure_unit,
       x.quote, x.flags, x.source_id, x.source_title, x.source_publisher, x.source_url, x.raw_label,
       x.population_problem, x.population, x.denominator, x.districts, x.population_year, x.other_periods,
       x.target_text, x.target_comparator, x.target_met
  FROM ind
  CROSS JOIN asked
  CROSS JOIN stats
  CROSS JOIN period_summary
  CROSS JOIN checks
  LEFT JOIN peer ON true
  LEFT JOIN (SELECT a.*, r.rank, r.cume FROM assessed a LEFT JOIN ranked r ON r.unit_id = a.unit_id) x
         ON $12::int IS NULL OR x.rank IS NULL OR x.rank <= $12::int
 ORDER BY x.rank NULLS LAST, x.reason, x.name, x.code`;

/**
 * comparison.compare: a cell per unit × indicator × period, in the order asked; a cell's figure is
 * the best current result (see the conventions above). Unknown codes come back with a null id.
 * $1 office codes, $2 municipality codes, $3 indicator codes, $4 periods.
 */
export const COMPARE_SQL = `
WITH units AS (
  SELECT 'office'::text AS level, w.ord::int AS ord, w.code, f.id, f.name
    FROM unnest($1::text[]) WITH ORDINALITY AS w(code, ord)
    LEFT JOIN offices f ON f.code = w.code
  UNION ALL
  SELECT 'municipality'::text, 100000 + w.ord::int, w.code, m.id, m.name
    FROM unnest($2::text[]) WITH ORDINALITY AS w(code, ord)
    LEFT JOIN LATERAL (
      -- A code names the unit that holds it now, else the last one that held it.
      SELECT m.id, m.name FROM municipalities m
       WHERE m.code = w.code OR m.id IN (SELECT c.municipality_id FROM municipality_codes c WHERE c.code = w.code)
       ORDER BY (m.code = w.code) DESC, m.valid_to_year IS NULL DESC, m.valid_to_year DESC
       LIMIT 1) m ON true
),
wanted AS (
  SELECT w.ord::int AS ord, w.code, i.id, i.unit, ${INDICATOR_JSON('i')} AS json
    FROM unnest($3::text[]) WITH ORDINALITY AS w(code, ord)
    LEFT JOIN indicators i ON i.code = w.code
),
periods AS (
  SELECT p.period, p.ord::int AS ord FROM unnest($4::text[]) WITH ORDINALITY AS p(period, ord)
)
SELECT u.level, u.code, u.id AS unit_id, u.name,
       w.code AS indicator_code, w.id AS indicator_id, w.unit AS indicator_unit, w.json AS indicator,
       p.period, c.found, c.suppressed,
       CASE WHEN c.suppressed THEN NULL ELSE c.value END::text AS value,
       c.value_text, c.unit, c.quote, c.flags, c.period_text, c.source_id, c.source_title, c.source_publisher, c.source_url, c.raw_label
  FROM units u
  CROSS JOIN wanted w
  CROSS JOIN periods p
  LEFT JOIN LATERAL (
    SELECT true AS found, ${SUPPRESSED('o')} AS suppressed, o.value, o.value_text, o.unit, o.quote, o.flags, o.period_text,
           o.source_id, s.title AS source_title, s.publisher AS source_publisher, s.url AS source_url, r.label AS raw_label
      FROM observations o
      JOIN sources s ON s.id = o.source_id
      JOIN raw_indicators r ON r.id = o.raw_indicator_id
     WHERE o.indicator_id = w.id AND o.period = p.period AND o.is_current AND o.kind = 'actual'
       AND CASE WHEN u.level = 'office' THEN o.office_id = u.id ELSE o.office_id IS NULL AND o.municipality_id = u.id END
     ORDER BY ${BEST_FIRST('o', 's')}
     LIMIT 1) c ON true
 ORDER BY u.ord, w.ord, p.ord`;

/** One office by code ($office) or else one municipality unit by code ($municipality), as `area`. */
const AREA = (office: string, municipality: string) => `
  area AS (
    SELECT 'office'::text AS level, f.id, f.code, f.name FROM offices f WHERE f.code = ${office}::text
    UNION ALL
    SELECT * FROM (
      SELECT 'municipality'::text AS level, m.id, m.code, m.name FROM municipalities m
       WHERE ${office}::text IS NULL
         AND (m.code = ${municipality}::text OR m.id IN (SELECT c.municipality_id FROM municipality_codes c WHERE c.code = ${municipality}::text))
       ORDER BY (m.code = ${municipality}::text) DESC, m.valid_to_year IS NULL DESC, m.valid_to_year DESC
       LIMIT 1) m
  )`;

/**
 * comparison.time_series: every period's figure of one indicator for one office (its own figures)
 * or one municipality (figures for the whole municipality), oldest first, with the change from
 * the period before of the same kind and the trend by the indicator's direction. Always at least
 * one row; `indicator` or `area_id` is null when the code names nothing.
 * $1 indicator code, $2 office code, $3 municipality code.
 */
export const TIME_SERIES_SQL = `
WITH ind AS (
  SELECT i.id, i.direction, ${INDICATOR_JSON('i')} AS json FROM indicators i WHERE i.code = $1::text
),
${AREA('$2', '$3')},
series AS (
  SELECT DISTINCT ON (o.period) o.period, o.year, o.period_text, o.value_text, o.unit, o.quote, o.flags, o.source_id,
         ${SUPPRESSED('o')} AS suppressed, CASE WHEN ${SUPPRESSED('o')} THEN NULL ELSE o.value END AS value,
         s.title AS source_title, s.publisher AS source_publisher, s.url AS source_url, r.label AS raw_label,
         ${PREVIOUS_PERIOD('o.period')} AS previous_period
    FROM ind
    CROSS JOIN area a
    JOIN observations o ON o.indicator_id = ind.id AND o.is_current AND o.kind = 'actual'
     AND CASE WHEN a.level = 'office' THEN o.office_id = a.id ELSE o.office_id IS NULL AND o.municipality_id = a.id END
    JOIN sources s ON s.id = o.source_id
    JOIN raw_indicators r ON r.id = o.raw_indicator_id
   ORDER BY o.period, ${BEST_FIRST('o', 's')}
),
points AS (
  SELECT p.*, p.value - prev.value AS change,
         CASE
           WHEN p.value IS NULL OR prev.value IS NULL THEN 'UNKNOWN'
           WHEN p.value = prev.value THEN 'UNCHANGED'
           WHEN ind.direction = 'neither' THEN 'UNKNOWN'
           WHEN (p.value < prev.value) = (ind.direction = 'lower_is_better') THEN 'IMPROVED'
           ELSE 'WORSENED'
         END AS trend
    FROM series p
    CROSS JOIN ind
    LEFT JOIN series prev ON prev.period = p.previous_period
)
SELECT ind.json AS indicator, ind.direction, a.level, a.id AS area_id, a.code AS area_code, a.name AS area_name,
       pt.period, pt.period_text, pt.value::text AS value, pt.value_text, pt.unit, pt.quote, pt.flags, pt.suppressed,
       pt.source_id, pt.source_title, pt.source_publisher, pt.source_url, pt.raw_label, pt.previous_period,
       pt.change::text AS change, pt.trend
  FROM (SELECT 1) one
  LEFT JOIN ind ON true
  LEFT JOIN area a ON true
  LEFT JOIN points pt ON true
 ORDER BY pt.year, pt.period`;

/**
 * comparison.target_attainment: every current target of an office, or of a municipality and the
 * offices serving it, for one period, with the result published for the same label, area and
 * period, judged by target_met() as observations are. Always at least one row; `area_id` is null
 * when the code names nothing.
 * $1 office code, $2 municipality code, $3 period.
 */
export const TARGET_ATTAINMENT_SQL = `
WITH ${AREA('$1', '$2').trimStart()},
area_offices AS (
  SELECT a.id FROM area a WHERE a.level = 'office'
  UNION
  SELECT oa.office_id FROM area a JOIN office_areas oa ON oa.municipality_id = a.id WHERE a.level = 'municipality'
),
results AS (
  SELECT t.id, t.text, t.comparator, t.lower, t.upper, t.quote, t.office_id, t.municipality_id, t.indicator_id,
         ${INDICATOR_JSON('i')} AS indicator, r.label AS raw_label,
         coalesce(f.name, m.name) AS unit_name, coalesce(f.code, m.code) AS unit_code,
         t.source_id, ts.title AS source_title, ts.publisher AS source_publisher, ts.url AS source_url,
         o.found, o.value, o.value_text, o.unit, o.period_text, o.obs_publisher, o.obs_title,
         target_met(t.comparator, t.lower, t.upper, o.value) AS met
    FROM targets t
    JOIN raw_indicators r ON r.id = t.raw_indicator_id
    JOIN sources ts ON ts.id = t.source_id
    LEFT JOIN indicators i ON i.id = t.indicator_id
    LEFT JOIN offices f ON f.id = t.office_id
    LEFT JOIN municipalities m ON m.id = t.municipality_id
    LEFT JOIN LATERAL (
      SELECT true AS found, CASE WHEN ${SUPPRESSED('o')} THEN NULL ELSE o.value END AS value, o.value_text, o.unit, o.period_text,
             s.publisher AS obs_publisher, s.title AS obs_title
        FROM observations o JOIN sources s ON s.id = o.source_id
       WHERE o.raw_indicator_id = t.raw_indicator_id AND o.period = t.period AND o.is_current AND o.kind = 'actual'
         AND o.office_id IS NOT DISTINCT FROM t.office_id AND o.municipality_id IS NOT DISTINCT FROM t.municipality_id
       ORDER BY ${BEST_FIRST('o', 's')}
       LIMIT 1) o ON true
   WHERE t.is_current AND t.period = $3::text
     AND (t.office_id IN (SELECT id FROM area_offices)
          OR t.municipality_id IN (SELECT a.id FROM area a WHERE a.level = 'municipality'))
)
SELECT a.level, a.id AS area_id, a.code AS area_code, a.name AS area_name,
       x.id, x.text, x.comparator, x.lower::text AS lower, x.upper::text AS upper, x.quote, x.office_id, x.municipality_id,
       x.indicator_id, CASE WHEN x.indicator_id IS NULL THEN NULL ELSE x.indicator END AS indicator, x.raw_label,
       x.unit_name, x.unit_code, x.source_id, x.source_title, x.source_publisher, x.source_url,
       x.found, x.value::text AS value, x.value_text, x.unit, x.period_text, x.obs_publisher, x.obs_title, x.met
  FROM (SELECT 1) one
  LEFT JOIN area a ON true
  LEFT JOIN results x ON a.id IS NOT NULL
 ORDER BY x.unit_name, x.raw_label, x.id`;

/**
 * comparison.composite_index: several indicators of one period scaled 1–6 by direction over the
 * units in scope (best 6, worst 1, linear between the lowest and the highest value in scope; all
 * equal: all 6), and a weighted mean per unit. The range of an indicator is taken over every unit
 * in scope with a value, also those later left out, so leaving a unit out moves nobody else.
 * One row per unit in scope (`rank` null for a unit left out), or one row of the indicator list
 * when no unit is in scope.
 *
 * $1 indicator codes, $2 weights, $3 period, $4 level, $5 'none' (the population column, unused),
 * $6 county, $7 municipality code, $8 office codes, $9 municipality codes, $10 peer code,
 * $11 how many indicators a unit may lack, $12 top.
 */
export const COMPOSITE_INDEX_SQL = `
WITH wanted AS (
  SELECT w.ord::int AS ord, w.code, w.weight, i.id, i.unit, i.direction, ${INDICATOR_JSON('i')} AS json
    FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY AS w(code, weight, ord)
    LEFT JOIN indicators i ON i.code = w.code
),
figures AS (
  SELECT o.id, o.indicator_id, o.raw_indicator_id, o.source_id, o.period, o.year, o.period_text,
         o.value, o.value_text, o.unit, o.flags,
         CASE WHEN $4::text = 'office' THEN o.office_id ELSE o.municipality_id END AS unit_id,
         ${SUPPRESSED('o')} AS suppressed, s.report_year, s.title AS source_title, s.publisher AS source_publisher
    FROM wanted w
    JOIN observations o ON o.indicator_id = w.id AND o.is_current AND o.kind = 'actual'
    JOIN sources s ON s.id = o.source_id
   WHERE CASE WHEN $4::text = 'office' THEN o.office_id IS NOT NULL
              ELSE o.office_id IS NULL AND o.municipality_id IS NOT NULL END
     AND w.direction <> 'neither'
),
published AS (SELECT DISTINCT unit_id, year FROM figures),
${SCOPED},
asked AS (SELECT $3::text AS period, left($3::text, 4)::int AS year),
${IN_SCOPE},
chosen AS (
  SELECT DISTINCT ON (f.unit_id, f.indicator_id) f.*, r.label AS raw_label
    FROM figures f
    JOIN units u ON u.id = f.unit_id
    JOIN raw_indicators r ON r.id = f.raw_indicator_id
   WHERE f.period = $3::text
   ORDER BY f.unit_id, f.indicator_id, f.suppressed, f.report_year DESC NULLS LAST, f.source_id DESC, f.id DESC
),
-- A withheld figure or one in another unit is no value at all for the index.
usable AS (
  SELECT c.*, w.weight, w.direction, w.ord
    FROM chosen c JOIN wanted w ON w.id = c.indicator_id
   WHERE NOT c.suppressed AND (c.unit IS NULL OR c.unit = w.unit)
),
ranges AS (
  SELECT w.id, min(u.value) AS min, max(u.value) AS max, count(u.value)::int AS n
    FROM wanted w LEFT JOIN usable u ON u.indicator_id = w.id
   GROUP BY w.id
),
scaled AS (
  SELECT u.*,
         CASE
           WHEN r.max = r.min THEN 6
           WHEN u.direction = 'higher_is_better' THEN 1 + 5 * (u.value - r.min) / (r.max - r.min)
           ELSE 1 + 5 * (r.max - u.value) / (r.max - r.min)
         END AS scaled,
         sum(u.weight::numeric) OVER (PARTITION BY u.unit_id) AS weight_sum
    FROM usable u JOIN ranges r ON r.id = u.indicator_id
),
scored AS (
  SELECT un.id AS unit_id, un.code, un.name,
         count(s.unit_id)::int AS used,
         ARRAY(SELECT w.code FROM wanted w
                WHERE NOT EXISTS (SELECT 1 FROM scaled s2 WHERE s2.unit_id = un.id AND s2.indicator_id = w.id)
                ORDER BY w.ord) AS missing,
         round(sum(s.weight::numeric * s.scaled) / nullif(sum(s.weight::numeric), 0), 4) AS score,
         json_agg(json_build_object(
           'indicatorId', s.indicator_id, 'value', s.value::text, 'valueText', s.value_text,
           'scaled', round(s.scaled, 4)::text, 'weight', s.weight,
           'contribution', round(s.weight::numeric * s.scaled / s.weight_sum, 4)::text,
           'publisher', s.source_publisher, 'sourceTitle', s.source_title, 'rawLabel', s.raw_label,
           'period', s.period, 'periodText', s.period_text) ORDER BY s.ord) FILTER (WHERE s.unit_id IS NOT NULL) AS contributions
    FROM units un
    LEFT JOIN scaled s ON s.unit_id = un.id
   GROUP BY un.id, un.code, un.name
),
ranked AS (
  SELECT s.unit_id, rank() OVER (ORDER BY s.score DESC)::int AS rank
    FROM scored s WHERE s.used > 0 AND cardinality(s.missing) <= $11::int
),
meta AS (
  SELECT json_agg(json_build_object(
           'id', w.id, 'code', w.code, 'weight', w.weight, 'direction', w.direction, 'indicator', w.json,
           'min', r.min::text, 'max', r.max::text, 'n', coalesce(r.n, 0)) ORDER BY w.ord) AS indicators
    FROM wanted w LEFT JOIN ranges r ON r.id = w.id
)
SELECT meta.indicators, checks.unknown_offices, checks.unknown_municipalities, checks.unknown_county,
       checks.unknown_municipality, checks.unknown_peer,
       x.unit_id, x.code, x.name, x.used, x.missing, x.score::text AS score, x.contributions, x.rank
  FROM meta
  CROSS JOIN checks
  LEFT JOIN (SELECT s.*, r.rank FROM scored s LEFT JOIN ranked r ON r.unit_id = s.unit_id) x
         ON $12::int IS NULL OR x.rank IS NULL OR x.rank <= $12::int
 ORDER BY x.rank NULLS LAST, x.name, x.code`;
