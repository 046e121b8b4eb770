import { AREA, BEST_FIRST, INDICATOR_JSON, PREVIOUS_PERIOD, SUPPRESSED } from './comparison.fragments';

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
