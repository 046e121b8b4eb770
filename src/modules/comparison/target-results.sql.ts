import { BEST_FIRST, INDICATOR_JSON, SUPPRESSED } from './comparison.fragments';

/**
 * comparison.target_results: every current target of a period across offices and municipalities,
 * with the result published for the same label, area and period (the best figure first, as target
 * attainment chooses it), judged by target_met(); filtered by whether it was met, level, county
 * and indicator; one page, with the total. Ordered by office or municipality name, then label.
 * $1 period, $2 met, $3 level ('office' | 'municipality'), $4 county, $5 indicator code,
 * $6 limit, $7 offset.
 */
export const TARGET_RESULTS_SQL = `
WITH results AS (
  SELECT t.id, t.text, t.comparator, t.lower, t.upper, t.quote, t.office_id, t.municipality_id, t.indicator_id,
         CASE WHEN i.id IS NULL THEN NULL ELSE ${INDICATOR_JSON('i')} END AS indicator, r.label AS raw_label,
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
   WHERE t.is_current AND t.period = $1::text
     AND ($3::text IS NULL OR (t.office_id IS NOT NULL) = ($3::text = 'office'))
     AND ($4::text IS NULL OR f.county_code = $4::text OR m.county_code = $4::text
          OR EXISTS (SELECT 1 FROM office_areas oa JOIN municipalities am ON am.id = oa.municipality_id
                      WHERE oa.office_id = t.office_id AND am.county_code = $4::text))
     AND ($5::text IS NULL OR i.code = $5::text)
)
SELECT x.id, x.text, x.comparator, x.lower::text AS lower, x.upper::text AS upper, x.quote, x.office_id, x.municipality_id,
       x.indicator_id, x.indicator, x.raw_label, x.unit_name, x.unit_code, x.source_id, x.source_title, x.source_publisher,
       x.source_url, x.found, x.value::text AS value, x.value_text, x.unit, x.period_text, x.obs_publisher, x.obs_title, x.met,
       count(*) OVER () AS total
  FROM results x
 WHERE $2::boolean IS NULL OR x.met = $2::boolean
 ORDER BY x.unit_name, x.unit_code, x.raw_label, x.id
 LIMIT $6 OFFSET $7`;

/** comparison.target_results_checks: whether the county and the indicator asked for exist. $1 county, $2 indicator code. */
export const TARGET_RESULTS_CHECKS_SQL = `
SELECT ($1::text IS NULL OR EXISTS (SELECT 1 FROM counties WHERE code = $1::text)) AS county_known,
       ($2::text IS NULL OR EXISTS (SELECT 1 FROM indicators WHERE code = $2::text)) AS indicator_known`;
