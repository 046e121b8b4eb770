import { AREA, BEST_FIRST, INDICATOR_JSON, SUPPRESSED } from './comparison.fragments';

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
