import { INDICATOR_JSON, IS_AT_LEVEL, IN_SCOPE, SCOPED, type ScopeParams, SUPPRESSED, UNIT_AT_LEVEL } from './comparison.fragments';

const COMPOSITE_SCOPE: ScopeParams = { allUnits: '$13', kostraGroup: '$14', latest: 'false' };

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
 * $11 how many indicators a unit may lack, $12 top, $13 every unit of the period (boolean), $14 KOSTRA group.
 */
export const COMPOSITE_INDEX_SQL = `
WITH wanted AS (
  SELECT w.ord::int AS ord, w.code, w.weight, i.id, i.unit, i.direction, CASE WHEN i.id IS NOT NULL THEN ${INDICATOR_JSON('i')} END AS json
    FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY AS w(code, weight, ord)
    LEFT JOIN indicators i ON i.code = w.code
),
figures AS (
  SELECT o.id, o.indicator_id, o.raw_indicator_id, o.source_id, o.period, o.year, o.period_text,
         o.value, o.value_text, o.unit, o.flags,
         ${UNIT_AT_LEVEL('o', '$4')} AS unit_id,
         ${SUPPRESSED('o')} AS suppressed, s.report_year, s.title AS source_title, s.publisher AS source_publisher
    FROM wanted w
    JOIN observations o ON o.indicator_id = w.id AND o.is_current AND o.kind = 'actual'
    JOIN sources s ON s.id = o.source_id
   WHERE ${IS_AT_LEVEL('o', '$4')}
     AND w.direction <> 'neither'
),
published AS (SELECT DISTINCT unit_id, year FROM figures),
${SCOPED(COMPOSITE_SCOPE)},
asked AS (SELECT $3::text AS period, left($3::text, 4)::int AS year),
${IN_SCOPE(COMPOSITE_SCOPE)},
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
       checks.unknown_municipality, checks.unknown_peer, checks.unknown_kostra_group,
       x.unit_id, x.code, x.name, x.used, x.missing, x.score::text AS score, x.contributions, x.rank
  FROM meta
  CROSS JOIN checks
  LEFT JOIN (SELECT s.*, r.rank FROM scored s LEFT JOIN ranked r ON r.unit_id = s.unit_id) x
         ON $12::int IS NULL OR x.rank IS NULL OR x.rank <= $12::int
 ORDER BY x.rank NULLS LAST, x.name, x.code`;
