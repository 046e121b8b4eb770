import { z } from 'zod';
import { column } from '../../db/rows';
import { TARGETS_WITH_RESULTS } from './comparison.fragments';
import { TargetResultRow } from './targets.sql';

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
${TARGETS_WITH_RESULTS}
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

/** A row of TARGET_RESULTS_SQL: a target with its result, and the total over every page. */
export const TargetResultsRow = TargetResultRow.extend({ total: column.count });

export const TargetResultsChecksRow = z.object({ county_known: z.boolean(), indicator_known: z.boolean() });
