import { type ColumnRow, columns, nullable } from '../../db/columns';
import type { VariantSpec } from '../../db/variants';
import { Comparator, QualityFlag } from '../../schema/enums';
import { MissingReason } from './comparison.enums';
import { BEST_FIRST, INDICATOR_JSON, IN_SCOPE, POPULATION_OF, PREVIOUS_PERIOD, RATE_UNITS_SQL, SCOPED, type ScopeParams, SOURCE_JSON } from './comparison.fragments';

/**
 * The statement's switches, written in as constants by its variants (src/db/variants.ts), so that
 * PostgreSQL plans each combination once per connection instead of the whole statement on every
 * request: the latest mode, level, normalisation, what is ranked and allUnits, and whether a period,
 * a scope, a minimum population, a top or a period to compare with is given at all.
 */
export const RANKING_VARIANTS_SPEC: VariantSpec = {
  literal: [3, 4, 5, 14, 15],
  nullGroups: [[2], [6, 7, 8, 9, 10, 16], [11], [12], [13]],
};

const RANKING_SCOPE: ScopeParams = { allUnits: '$15', kostraGroup: '$16', latest: '$3' };

/**
 * The ranking-wide values (name: expression), as one JSON object on the first row (`first_row`'s,
 * or the only one) and null on the others. As 34 columns of their own they were null on every
 * other row, and pg still read each of them into every row it made: as one column, pg's reading
 * of a ranking costs a fifth to a quarter less (national 2.2–3.4 → 1.8–2.2 ms per run, 4,000
 * offices 23–27 → 17–23 ms).
 */
const HEAD = (values: Record<string, string>) =>
  `CASE WHEN x.unit_id IS NOT DISTINCT FROM first_row.unit_id THEN json_build_object(
         ${Object.entries(values)
           .map(([name, expression]) => `'${name}', ${expression}`)
           .join(',\n         ')}) END AS head`;

/**
 * comparison.ranking: the units in scope ranked on one indicator for one period (or each on its
 * latest figure) in the indicator's direction, every unit in scope that is not ranked with the
 * first reason why, and what the warnings need. One row per unit in scope, ranked ones first;
 * with no unit in scope, one row of ranking-wide columns only; no row for an unknown indicator.
 *
 * $1 indicator code, $2 period, $3 latest, $4 level ('office' | 'municipality' | 'county'), $5 population
 * column to normalise by ('none' | 'total' | 'age_20_66' | 'age_18_24'), $6 county,
 * $7 municipality code, $8 office codes, $9 municipality codes, $10 peer municipality code,
 * $11 minimum population, $12 top, $13 period to compare with (default: the period before),
 * $14 what to rank ('value' | 'change'), $15 every unit of the period (boolean), $16 KOSTRA group.
 *
 * A county is a unit whose id is its number; its figures are those about the county
 * (`county_code`), published or summed over its municipalities by the hub.
 */
export const RANKING_SQL = `
WITH ind AS (
  SELECT i.id, i.unit, i.direction, ${INDICATOR_JSON('i')} AS json FROM indicators i WHERE i.code = $1::text
),
-- The indicator's current figures at the level asked (current_figures: the figure shown per unit
-- and period, kept by every import) are read only for an indicator the service ranks: not one
-- without a direction, nor a share to normalise.
ranked_indicator AS (
  SELECT ind.id FROM ind WHERE ind.direction <> 'neither' AND ($5::text = 'none' OR ind.unit NOT IN (${RATE_UNITS_SQL}))
),
-- The units with a figure: each with the year of its latest, and with the year asked for. What
-- the scope reads of them (who publishes at all, who published in the year ranked, whose figure
-- is the latest for a code) needs no other year.
published AS (
  SELECT cf.unit_id, cf.year FROM ranked_indicator ri JOIN current_figures cf ON cf.indicator_id = ri.id AND cf.level = $4::text AND cf.is_latest
  UNION ALL
  SELECT cf.unit_id, cf.year FROM ranked_indicator ri JOIN current_figures cf ON cf.indicator_id = ri.id AND cf.level = $4::text
   WHERE cf.period >= left($2::text, 4) AND cf.period < (left($2::text, 4)::int + 1)::text AND cf.year = left($2::text, 4)::int
),
${SCOPED(RANKING_SCOPE)},
-- The period ranked: the one asked for, else the latest any unit in scope has a figure for
-- (looked for only then: it reads every unit's latest figure).
asked AS (
  SELECT coalesce($2::text, latest.period) AS period, coalesce(left($2::text, 4)::int, latest.year) AS year
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT cf.period, cf.year
        FROM ranked_indicator ri
        JOIN current_figures cf ON cf.indicator_id = ri.id AND cf.level = $4::text AND cf.is_latest
       WHERE $2::text IS NULL AND cf.unit_id IN (SELECT id FROM scoped)
       ORDER BY cf.year DESC, cf.period DESC LIMIT 1) latest ON true
),
${IN_SCOPE(RANKING_SCOPE)},
-- One figure per unit: of the period ranked, or in latest mode the unit's latest (withheld or not),
-- with the figure of the period compared with: the one asked for (compareTo), else the period before.
chosen AS (
  SELECT cf.unit_id, cf.observation_id AS id, cf.raw_indicator_id, cf.source_id, cf.office_id, cf.municipality_id,
         cf.period, cf.year, cf.period_text, cf.value, cf.value_text, cf.unit, cf.quote, cf.flags, cf.numerator,
         cf.denominator AS figure_denominator, cf.denominator_text, cf.derivation, cf.suppressed, cf.disagreeing,
         coalesce($13::text, ${PREVIOUS_PERIOD('cf.period')}) AS previous_period,
         CASE WHEN $13::text IS NOT NULL THEN base.value ELSE cf.previous_value END AS previous_value,
         CASE WHEN $13::text IS NOT NULL THEN CASE WHEN base.value IS NOT NULL THEN left($13::text, 4)::int END
              ELSE cf.previous_year END AS previous_year
    FROM ranked_indicator ri
    CROSS JOIN asked
    JOIN current_figures cf ON cf.indicator_id = ri.id AND cf.level = $4::text
                           AND (($3::boolean AND cf.is_latest) OR (NOT $3::boolean AND cf.period = asked.period))
    LEFT JOIN current_figures base ON base.indicator_id = ri.id AND base.level = $4::text AND base.period = $13::text
                                  AND base.unit_id = cf.unit_id AND NOT base.suppressed
   WHERE cf.unit_id IN (SELECT id FROM units)
),
-- Figures for another kind of period in the year ranked (quarters where a year is ranked).
other_periods AS (
  SELECT cf.unit_id, string_agg(cf.period, ', ' ORDER BY cf.period) AS periods
    FROM ranked_indicator ri
    CROSS JOIN asked
    JOIN current_figures cf ON cf.indicator_id = ri.id AND cf.level = $4::text
                           -- The year's periods, read as a range of the key ('2020' … '2020-Q4').
                           AND cf.period >= asked.year::text AND cf.period < (asked.year + 1)::text AND cf.year = asked.year
   WHERE NOT $3::boolean AND translate(cf.period, '0123456789', '') <> translate(asked.period, '0123456789', '')
   GROUP BY cf.unit_id
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
           -- Flags of a figure without a value say why: a sum short of municipalities, a share
           -- without its population, an empty cell of the source.
           WHEN 'incomplete' = ANY(v.flags) THEN 'INCOMPLETE'
           WHEN 'no_denominator' = ANY(v.flags) THEN 'NO_POPULATION'
           WHEN v.suppressed AND 'not_published' = ANY(v.flags) THEN 'NOT_PUBLISHED'
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
             c.value AS published_value, c.period, c.previous_period, c.unit AS figure_unit,
             c.flags, c.source_id,
             p.problem AS population_problem, p.total AS population, p.denominator, p.districts, c.year AS population_year,
             p.basis AS population_basis, c.derivation,
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
-- or, ranked by change, the change since the period compared with (most improved first).
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
         -- The titles of the ranked rows' sources, found from their ids: a handful of documents,
         -- where making every ranked row's long text distinct sorted them all.
         (SELECT string_agg(x.t, '; ' ORDER BY x.t)
            FROM (SELECT DISTINCT s.publisher || ', ' || s.title AS t FROM sources s
                   WHERE s.id IN (SELECT r.source_id FROM assessed r WHERE r.reason IS NULL)) x) AS source_titles,
         array_agg(a.name ORDER BY a.name) FILTER (WHERE 'approximate' = ANY(a.flags)) AS approximate,
         array_agg(a.name ORDER BY a.name) FILTER (WHERE 'inconsistent' = ANY(a.flags)) AS inconsistent,
         array_agg(a.name ORDER BY a.name) FILTER (WHERE 'provisional' = ANY(a.flags)) AS provisional,
         array_agg(a.name ORDER BY a.name) FILTER (WHERE a.disagreeing) AS disagreeing,
         count(DISTINCT a.period)::int AS period_count,
         count(*) FILTER (WHERE a.derivation IS NOT NULL)::int AS derived_count,
         (SELECT string_agg(x.t, '; ' ORDER BY x.t) FROM (SELECT DISTINCT r.derivation AS t FROM assessed r WHERE r.reason IS NULL AND r.derivation IS NOT NULL) x) AS derivations,
         array_agg(DISTINCT a.source_id) FILTER (WHERE a.derivation IS NULL) AS source_ids
    FROM assessed a WHERE a.reason IS NULL
),
-- What each ranked source's mapping assumed (raw_indicators.definition_note), for a warning when
-- they differ; once per ranking, not per row.
notes AS (
  SELECT json_agg(n) AS definition_notes
    FROM (SELECT r.definition_note AS note, string_agg(DISTINCT s.title, '; ' ORDER BY s.title) AS titles
            FROM ind CROSS JOIN stats
            JOIN raw_indicators r ON r.indicator_id = ind.id AND r.source_id = ANY(stats.source_ids)
            JOIN sources s ON s.id = r.source_id
           GROUP BY r.definition_note ORDER BY r.definition_note NULLS LAST) n
),
-- The country's figure for the period, for context: published, or the hub's sum over every
-- municipality (none, flagged incomplete, when one lacks a figure). Not normalised.
national AS (
  SELECT o.value, o.quote, o.flags, o.derivation, s.publisher AS source_publisher, s.title AS source_title
    FROM ind CROSS JOIN asked
    JOIN observations o ON o.indicator_id = ind.id AND o.national AND o.period = asked.period AND o.is_current AND o.kind = 'actual'
    JOIN sources s ON s.id = o.source_id
   WHERE $5::text = 'none' AND NOT $3::boolean
   ORDER BY ${BEST_FIRST('o', 's')}
   LIMIT 1
),
-- For the latest-mode warning: each period with its units (named when few); only in latest mode.
period_summary AS (
  SELECT string_agg(x.period || ': ' || x.names, '; ' ORDER BY x.period DESC) AS summary
    FROM (SELECT a.period,
                 CASE WHEN count(*) <= 5 THEN string_agg(a.name, ', ' ORDER BY a.name) ELSE count(*) || ' units' END AS names
            FROM assessed a WHERE $3::boolean AND a.reason IS NULL GROUP BY a.period) x
),
-- The documents the rows cite (a missing unit's withheld figure too), the labels they published
-- their figures under and how the hub derived those it computed, once per ranking: a row carries
-- their ids, or its derivation's place in the list. Repeated on every row, the same title,
-- publisher, URL and label were a quarter of a row's text to format, send and parse, and a
-- national ranking's derivation ("Sum over the municipalities ...") a quarter more. One relation
-- for all three: another in the last FROM changed the join order PostgreSQL chose there (4,000
-- offices 64 → 72 ms).
cited AS (
  SELECT (SELECT json_agg(${SOURCE_JSON('s')} ORDER BY s.id) FROM sources s WHERE s.id IN (SELECT a.source_id FROM assessed a)) AS sources,
         (SELECT json_object_agg(r.id, r.label ORDER BY r.id) FROM raw_indicators r WHERE r.id IN (SELECT c.raw_indicator_id FROM chosen c)) AS labels,
         ARRAY(SELECT DISTINCT c.derivation FROM chosen c WHERE c.derivation IS NOT NULL ORDER BY c.derivation) AS derivation_texts
),
-- The rows sent, in their order.
listed AS (
  SELECT a.*, r.rank, r.cume
    FROM assessed a LEFT JOIN ranked r ON r.unit_id = a.unit_id
   WHERE $12::int IS NULL OR r.rank IS NULL OR r.rank <= $12::int
),
-- The first of them, which carries the ranking-wide columns: found in one pass, where numbering
-- every row would sort them all once more.
first_row AS (
  SELECT l.unit_id FROM listed l ORDER BY l.rank NULLS LAST, l.reason, l.name, l.code LIMIT 1
)
-- Ranking-wide values travel on the first row only (the only row when no unit is in scope), and
-- the service reads them there: repeated on 4,000 rows they were most of the bytes sent and sorted.
SELECT ${HEAD({
         indicator: 'ind.json',
         sources: 'cited.sources',
         labels: 'cited.labels',
         derivation_texts: 'cited.derivation_texts',
         asked_year: 'asked.year',
         peer_name: 'peer.name',
         peer_year: 'peer.year',
         peer_population: 'peer.total',
         peer_band: 'peer.band',
         median: 'round(stats.median::numeric, 10)::text',
         ranked: 'stats.ranked',
         source_count: 'stats.source_count',
         source_titles: 'stats.source_titles',
         approximate: 'stats.approximate',
         inconsistent: 'stats.inconsistent',
         provisional: 'stats.provisional',
         disagreeing_units: 'stats.disagreeing',
         period_count: 'stats.period_count',
         period_summary: 'period_summary.summary',
         derived_count: 'stats.derived_count',
         derivations: 'stats.derivations',
         definition_notes: 'notes.definition_notes',
         national_value: 'national.value::text',
         national_quote: 'national.quote',
         national_flags: 'national.flags',
         national_derivation: 'national.derivation',
         national_publisher: 'national.source_publisher',
         national_title: 'national.source_title',
         unknown_offices: 'checks.unknown_offices',
         unknown_municipalities: 'checks.unknown_municipalities',
         unknown_county: 'checks.unknown_county',
         unknown_municipality: 'checks.unknown_municipality',
         unknown_peer: 'checks.unknown_peer',
         unknown_kostra_group: 'checks.unknown_kostra_group',
       })},
       asked.period AS asked_period,
       x.unit_id, x.code, x.name, x.reason, x.rank,
       round((100 * x.cume)::numeric, 1)::text AS percentile,
       x.value::text AS value, (x.ranked_quantity - round(stats.median::numeric, 10))::text AS difference_from_median,
       x.previous_value::text AS previous_value, (x.value - x.previous_value)::text AS change_from_previous,
       x.published_value::text AS published_value, x.period, w.period_text, x.previous_period, w.value_text, x.figure_unit,
       -- An empty list as null (the service reads null as none): most rows have no flag and most
       -- offices no former name, and pg parsed each '{}' into an array of its own.
       w.quote, nullif(x.flags, '{}') AS flags, x.source_id, w.raw_indicator_id,
       x.population_problem, x.population, x.denominator, x.districts, x.population_year, x.population_basis, x.other_periods,
       w.numerator::text AS figure_numerator, w.figure_denominator::text AS figure_denominator, w.denominator_text,
       array_position(cited.derivation_texts, x.derivation) AS derivation_index,
       x.target_text, x.target_comparator, x.target_met,
       -- The row's office, municipality or county as the API shows it, so that no second statement loads it.
       sc.code AS area_code, sc.name AS area_name, sc.county_code AS area_county_code,
       sc.valid_from_year AS area_valid_from_year, sc.valid_to_year AS area_valid_to_year,
       sc.parent_name AS office_parent_name, sc.address AS office_address, sc.origin AS office_origin,
       sc.norg_code AS office_norg_code, nullif(sc.former_names, '{}') AS office_former_names
  FROM ind
  CROSS JOIN asked
  CROSS JOIN stats
  CROSS JOIN period_summary
  CROSS JOIN checks
  CROSS JOIN notes
  CROSS JOIN cited
  LEFT JOIN peer ON true
  LEFT JOIN national ON true
  LEFT JOIN first_row ON true
  LEFT JOIN listed x ON true
  -- The texts of a row, joined for the rows sent only: carried through every step above, they
  -- were copied at each.
  LEFT JOIN chosen w ON w.unit_id = x.unit_id
  LEFT JOIN scoped sc ON sc.id = x.unit_id
 ORDER BY x.rank NULLS LAST, x.reason, x.name, x.code`;

/**
 * The statement's columns, checked where they enter (src/db/columns.ts): names and types once
 * per answer, null and words per row. Not with zod: a ranking of 4,000 units has 4,000 rows of 40
 * columns, and a schema check of each cost about 20 ms of CPU per ranking. The ranking-wide values
 * are one JSON object on the first row (`head`, checked by RankingHead); `unitRows` narrows a
 * unit's own columns.
 */
export const RankingColumns = columns({
  head: nullable.json,
  asked_period: nullable.text,
  unit_id: nullable.int,
  code: nullable.text,
  name: nullable.text,
  reason: nullable.oneOf(Object.values(MissingReason)),
  rank: nullable.int,
  percentile: nullable.text,
  value: nullable.text,
  difference_from_median: nullable.text,
  previous_value: nullable.text,
  change_from_previous: nullable.text,
  published_value: nullable.text,
  period: nullable.text,
  period_text: nullable.text,
  previous_period: nullable.text,
  value_text: nullable.text,
  figure_unit: nullable.text,
  quote: nullable.text,
  flags: nullable.eachOneOf(Object.values(QualityFlag)),
  source_id: nullable.int,
  raw_indicator_id: nullable.int,
  population_problem: nullable.oneOf(['no_area', 'district', 'no_population', 'no_age_group']),
  /** A sum of populations: int8, as text. */
  population: nullable.bigint,
  denominator: nullable.bigint,
  districts: nullable.text,
  population_year: nullable.int,
  population_basis: nullable.oneOf(['own_year_borders', 'borders_2024', 'mixed']),
  other_periods: nullable.text,
  figure_numerator: nullable.text,
  figure_denominator: nullable.text,
  denominator_text: nullable.text,
  /** The row's place (from 1) in `derivation_texts`; null for a published figure. */
  derivation_index: nullable.int,
  target_text: nullable.text,
  target_comparator: nullable.oneOf(Object.values(Comparator)),
  target_met: nullable.bool,
  area_code: nullable.text,
  area_name: nullable.text,
  area_county_code: nullable.text,
  area_valid_from_year: nullable.int,
  area_valid_to_year: nullable.int,
  office_parent_name: nullable.text,
  office_address: nullable.text,
  office_origin: nullable.text,
  office_norg_code: nullable.text,
  office_former_names: nullable.texts,
});
export type RankingColumnRow = ColumnRow<typeof RankingColumns>;
