import { z } from 'zod';
import { column } from '../../db/rows';
import { Comparator } from '../../schema/enums';
import { IndicatorRow } from '../taxonomy/taxonomy.rows';
import { AREA, TARGETS_WITH_RESULTS } from './comparison.fragments';

/** A target with its result, as TARGETS_WITH_RESULTS gives it (bounds and value exact as text). */
export const TargetResultRow = z.object({
  id: column.int,
  text: z.string(),
  comparator: z.enum(Comparator),
  lower: column.numeric.nullable(),
  upper: column.numeric.nullable(),
  quote: z.string(),
  office_id: column.int.nullable(),
  municipality_id: column.int.nullable(),
  indicator_id: column.int.nullable(),
  indicator: IndicatorRow.nullable(),
  raw_label: z.string(),
  unit_name: z.string(),
  unit_code: z.string(),
  source_id: column.int,
  source_title: z.string(),
  source_publisher: z.string(),
  source_url: z.string().nullable(),
  found: z.boolean().nullable(),
  value: column.numeric.nullable(),
  value_text: z.string().nullable(),
  unit: z.string().nullable(),
  period_text: z.string().nullable(),
  obs_publisher: z.string().nullable(),
  obs_title: z.string().nullable(),
  met: z.boolean().nullable(),
});
export type TargetResultRow = z.infer<typeof TargetResultRow>;

const AttainmentArea = z.object({
  level: z.enum(['office', 'municipality']).nullable(),
  area_id: column.int.nullable(),
  area_code: z.string().nullable(),
  area_name: z.string().nullable(),
});

/**
 * A row of TARGET_ATTAINMENT_SQL: the area with one target, or the area alone (every target
 * column null) when it has none for the period or the code names nothing.
 */
export const TargetAttainmentRow = z.union([AttainmentArea.extend(TargetResultRow.shape), AttainmentArea.extend({ id: z.null() })]);

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
${TARGETS_WITH_RESULTS}
   WHERE t.is_current AND t.period = $3::text
     AND (t.office_id IN (SELECT id FROM area_offices)
          OR t.municipality_id IN (SELECT a.id FROM area a WHERE a.level = 'municipality'))
)
SELECT a.level, a.id AS area_id, a.code AS area_code, a.name AS area_name,
       x.id, x.text, x.comparator, x.lower::text AS lower, x.upper::text AS upper, x.quote, x.office_id, x.municipality_id,
       x.indicator_id, x.indicator, x.raw_label,
       x.unit_name, x.unit_code, x.source_id, x.source_title, x.source_publisher, x.source_url,
       x.found, x.value::text AS value, x.value_text, x.unit, x.period_text, x.obs_publisher, x.obs_title, x.met
  FROM (SELECT 1) one
  LEFT JOIN area a ON true
  LEFT JOIN results x ON a.id IS NOT NULL
 ORDER BY x.unit_name, x.raw_label, x.id`;
