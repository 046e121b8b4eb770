import { z } from 'zod';
import { column } from '../../db/rows';
import { QualityFlag } from '../../schema/enums';
import { MunicipalityRow } from '../geography/geography.service';
import { IndicatorRow } from '../taxonomy/taxonomy.rows';
import { Trend } from './comparison.enums';
import { AREA, BEST_FIRST, CODE_HOLDERS, FIGURE_OF_HOLDER, INDICATOR_JSON, MUNICIPALITY_JSON, PREVIOUS_PERIOD, SUPPRESSED } from './comparison.fragments';
import { REVISED } from './revisions.fragment';

/**
 * comparison.time_series: every period's figure of one indicator for one office (its own figures)
 * or one municipality code (figures for the whole municipality), oldest first, with the change from
 * the period before of the same kind and the trend by the indicator's direction. Always at least
 * one row; `indicator` or `area_id` is null when the code names nothing.
 *
 * A municipality code's series runs across boundary changes: each period's figure is that of the
 * unit that held the code that year, else of the current unit (CODE_HOLDERS). Where a point's unit
 * differs from the previous point's, the point is a break (`break_in_series`, with the succession
 * between the two units in `boundary_change`), and no change or trend is computed across it: the
 * figures before and after cover different areas.
 * A point is `revised` when another current source publishes a figure for the same unit, indicator
 * and period (REVISED); the point is the one BEST_FIRST chose, the others are its revisions.
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
         ${PREVIOUS_PERIOD('o.period')} AS previous_period, h.id AS unit_id, ${REVISED('o')} AS revised
    FROM ind
    CROSS JOIN area a
    CROSS JOIN LATERAL ${CODE_HOLDERS('a.level', '$3::text', 'a.id')} h
    JOIN observations o ON o.indicator_id = ind.id AND o.is_current AND o.kind = 'actual' AND ${FIGURE_OF_HOLDER('o', 'h', 'a.level')}
    JOIN sources s ON s.id = o.source_id
    JOIN raw_indicators r ON r.id = o.raw_indicator_id
   ORDER BY o.period, h.preference, ${BEST_FIRST('o', 's')}
),
-- The unit of the point before in the series, whatever its kind of period.
ordered AS (
  SELECT p.*, lag(p.unit_id) OVER (ORDER BY p.year, p.period) AS previous_unit_id FROM series p
),
points AS (
  SELECT p.*, p.previous_unit_id <> p.unit_id AS break_in_series,
         CASE WHEN prev.unit_id = p.unit_id THEN p.value - prev.value END AS change,
         CASE
           WHEN p.value IS NULL OR prev.value IS NULL OR prev.unit_id <> p.unit_id THEN 'UNKNOWN'
           WHEN p.value = prev.value THEN 'UNCHANGED'
           WHEN ind.direction = 'neither' THEN 'UNKNOWN'
           WHEN (p.value < prev.value) = (ind.direction = 'lower_is_better') THEN 'IMPROVED'
           ELSE 'WORSENED'
         END AS trend
    FROM ordered p
    CROSS JOIN ind
    LEFT JOIN series prev ON prev.period = p.previous_period
)
SELECT ind.json AS indicator, ind.direction, a.level, a.id AS area_id, a.code AS area_code, a.name AS area_name,
       pt.period, pt.period_text, pt.value::text AS value, pt.value_text, pt.unit, pt.quote, pt.flags, pt.suppressed,
       pt.source_id, pt.source_title, pt.source_publisher, pt.source_url, pt.raw_label, pt.previous_period,
       pt.change::text AS change, pt.trend,
       CASE WHEN a.level = 'municipality' AND pt.unit_id <> a.id THEN ${MUNICIPALITY_JSON('um')} END AS figure_municipality,
       coalesce(pt.break_in_series, false) AS break_in_series, coalesce(pt.revised, false) AS revised,
       CASE WHEN pt.break_in_series THEN json_build_object(
         'kind', sc.kind, 'year', sc.year, 'predecessor', sc.predecessor, 'successor', sc.successor,
         'coPredecessors', sc.co_predecessors, 'coSuccessors', sc.co_successors,
         'before', pm.name, 'beforeCode', pm.code, 'beforeToYear', pm.valid_to_year,
         'after', um.name, 'afterCode', um.code, 'afterFromYear', um.valid_from_year) END AS boundary_change
  FROM (SELECT 1) one
  LEFT JOIN ind ON true
  LEFT JOIN area a ON true
  LEFT JOIN points pt ON true
  LEFT JOIN municipalities um ON a.level = 'municipality' AND um.id = pt.unit_id
  LEFT JOIN municipalities pm ON a.level = 'municipality' AND pm.id = pt.previous_unit_id
  -- The merger or split between the unit before the break and the unit after it, either way
  -- round, with the other units it joined or made (Finnøy and Rennesøy for Stavanger 2020).
  LEFT JOIN LATERAL (
    SELECT ms.kind, ms.year, p1.name AS predecessor, s1.name AS successor,
           ARRAY(SELECT x.name FROM municipality_successions xs JOIN municipalities x ON x.id = xs.predecessor_id
                  WHERE xs.successor_id = ms.successor_id AND xs.year = ms.year AND xs.predecessor_id <> ms.predecessor_id
                  ORDER BY x.name) AS co_predecessors,
           ARRAY(SELECT x.name FROM municipality_successions xs JOIN municipalities x ON x.id = xs.successor_id
                  WHERE xs.predecessor_id = ms.predecessor_id AND xs.year = ms.year AND xs.successor_id <> ms.successor_id
                  ORDER BY x.name) AS co_successors
      FROM municipality_successions ms
      JOIN municipalities p1 ON p1.id = ms.predecessor_id
      JOIN municipalities s1 ON s1.id = ms.successor_id
     WHERE (ms.predecessor_id = pm.id AND ms.successor_id = um.id) OR (ms.predecessor_id = um.id AND ms.successor_id = pm.id)
     ORDER BY ms.year DESC
     LIMIT 1) sc ON pt.break_in_series
 ORDER BY pt.year, pt.period`;

const SeriesHead = z.object({
  indicator: IndicatorRow.nullable(),
  direction: z.string().nullable(),
  level: z.enum(['office', 'municipality']).nullable(),
  area_id: column.int.nullable(),
  area_code: z.string().nullable(),
  area_name: z.string().nullable(),
});

/** The units on either side of a break in a time series, and the succession between them if any. */
const BoundaryChange = z.object({
  kind: z.enum(['merged', 'split', 'renumbered', 'transferred']).nullable(),
  year: column.int.nullable(),
  predecessor: z.string().nullable(),
  successor: z.string().nullable(),
  coPredecessors: z.array(z.string()).nullable(),
  coSuccessors: z.array(z.string()).nullable(),
  before: z.string(),
  beforeCode: z.string(),
  beforeToYear: column.int.nullable(),
  after: z.string(),
  afterCode: z.string(),
  afterFromYear: column.int.nullable(),
});
export type BoundaryChange = z.infer<typeof BoundaryChange>;

/**
 * A row of TIME_SERIES_SQL: the series-wide columns with one point, or with none (every point
 * column null) when the series is empty or a code names nothing.
 */
export const TimeSeriesRow = z.union([
  SeriesHead.extend({
    period: z.string(),
    period_text: z.string().nullable(),
    value: column.numeric.nullable(),
    value_text: z.string().nullable(),
    unit: z.string().nullable(),
    quote: z.string(),
    flags: z.array(z.enum(QualityFlag)),
    suppressed: z.boolean(),
    source_id: column.int,
    source_title: z.string(),
    source_publisher: z.string(),
    source_url: z.string().nullable(),
    raw_label: z.string(),
    previous_period: z.string(),
    change: column.numeric.nullable(),
    trend: z.enum(Trend),
    figure_municipality: MunicipalityRow.nullable(),
    break_in_series: z.boolean(),
    boundary_change: BoundaryChange.nullable(),
    revised: z.boolean(),
  }),
  SeriesHead.extend({ period: z.null() }),
]);
export type TimeSeriesPointRow = Extract<z.infer<typeof TimeSeriesRow>, { period: string }>;
