import { z } from 'zod';
import { column } from '../../db/rows';
import { QualityFlag } from '../../schema/enums';
import { MunicipalityRow } from '../geography/geography.service';
import { IndicatorRow } from '../taxonomy/taxonomy.rows';
import { BEST_FIRST, CODE_HOLDERS, FIGURE_OF_HOLDER, INDICATOR_JSON, MUNICIPALITY_JSON, SUPPRESSED } from './comparison.fragments';
import { REVISED } from './revisions.fragment';

/**
 * comparison.compare: a cell per unit × indicator × period, in the order asked; a cell's figure is
 * the best current result (see the conventions above). Unknown codes come back with a null id.
 * A municipality row is the unit that holds the code now (else the last that held it); each of its
 * cells is the figure of the unit that held the code in the period's year, else of the row's own
 * unit (CODE_HOLDERS), so Stavanger 1103 in 2016 finds the Stavanger that merged in 2020, named in
 * `figure_municipality`.
 * A cell is `revised` when another current source publishes a figure for it too (REVISED).
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
  SELECT w.ord::int AS ord, w.code, i.id, i.unit, CASE WHEN i.id IS NULL THEN NULL ELSE ${INDICATOR_JSON('i')} END AS json
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
       c.value_text, c.unit, c.quote, c.flags, c.period_text, c.source_id, c.source_title, c.source_publisher, c.source_url, c.raw_label,
       coalesce(c.revised, false) AS revised,
       CASE WHEN u.level = 'municipality' AND c.unit_id <> u.id THEN ${MUNICIPALITY_JSON('fm')} END AS figure_municipality
  FROM units u
  CROSS JOIN wanted w
  CROSS JOIN periods p
  LEFT JOIN LATERAL (
    SELECT true AS found, ${SUPPRESSED('o')} AS suppressed, o.value, o.value_text, o.unit, o.quote, o.flags, o.period_text,
           o.source_id, s.title AS source_title, s.publisher AS source_publisher, s.url AS source_url, r.label AS raw_label,
           h.id AS unit_id, ${REVISED('o')} AS revised
      FROM ${CODE_HOLDERS('u.level', 'u.code', 'u.id')} h
      JOIN observations o ON o.indicator_id = w.id AND o.period = p.period AND o.is_current AND o.kind = 'actual'
       AND ${FIGURE_OF_HOLDER('o', 'h', 'u.level')}
      JOIN sources s ON s.id = o.source_id
      JOIN raw_indicators r ON r.id = o.raw_indicator_id
     ORDER BY h.preference, ${BEST_FIRST('o', 's')}
     LIMIT 1) c ON true
  LEFT JOIN municipalities fm ON fm.id = c.unit_id AND u.level = 'municipality'
 ORDER BY u.ord, w.ord, p.ord`;

/** A cell of COMPARE_SQL: a unit, an indicator and a period, with its figure if one was found (ids null for unknown codes). */
export const CompareRow = z.object({
  level: z.enum(['office', 'municipality']),
  code: z.string(),
  unit_id: column.int.nullable(),
  name: z.string().nullable(),
  indicator_code: z.string(),
  indicator_id: column.int.nullable(),
  indicator_unit: z.string().nullable(),
  indicator: IndicatorRow.nullable(),
  period: z.string(),
  found: z.boolean().nullable(),
  suppressed: z.boolean().nullable(),
  value: column.numeric.nullable(),
  value_text: z.string().nullable(),
  unit: z.string().nullable(),
  quote: z.string().nullable(),
  flags: z.array(z.enum(QualityFlag)).nullable(),
  period_text: z.string().nullable(),
  source_id: column.int.nullable(),
  source_title: z.string().nullable(),
  source_publisher: z.string().nullable(),
  source_url: z.string().nullable(),
  raw_label: z.string().nullable(),
  figure_municipality: MunicipalityRow.nullable(),
  revised: z.boolean(),
});
export type CompareRow = z.infer<typeof CompareRow>;
