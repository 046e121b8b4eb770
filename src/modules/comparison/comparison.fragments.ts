import { IS_MUNICIPALITY_CODE } from '../geography/municipality-codes';
import { RATE_UNITS, unitsSql } from '../observations/units';

/**
 * SQL fragments shared by the comparison statements (ranking, compare, time series, targets,
 * composite index). Each statement file joins them once, when the module loads, so every
 * statement has one fixed text and runs as a named prepared statement.
 *
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

export { RATE_UNITS };
export const RATE_UNITS_SQL = unitsSql(RATE_UNITS);

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
export const BAND_LIMITS_SQL = `ARRAY[${PEER_BANDS.slice(1).map((b) => b.min).join(', ')}]::int[]`;

/** An indicator row as JSON, shaped like what `Indicator.from` reads. */
export const INDICATOR_JSON = (i: string) => `json_build_object(
    'internalId', ${i}.id, 'code', ${i}.code, 'nameNb', ${i}.name_nb, 'nameEn', ${i}.name_en,
    'description', ${i}.description, 'themeCode', ${i}.theme_code, 'unit', ${i}.unit,
    'periodType', ${i}.period_type, 'direction', ${i}.direction, 'population', ${i}.population,
    'comparabilityNotes', ${i}.comparability_notes, 'externalCodes', ${i}.external_codes,
    'taxonomyVersion', ${i}.taxonomy_version)`;

/** The period before one of the same kind: 2018 → 2017, 2015-Q1 → 2014-Q4, 2018-01 → 2017-12. */
export const PREVIOUS_PERIOD = (p: string) => `CASE
      WHEN ${p} ~ '^[0-9]{4}$' THEN (left(${p}, 4)::int - 1)::text
      WHEN ${p} ~ '-Q1$' THEN (left(${p}, 4)::int - 1)::text || '-Q4'
      WHEN ${p} ~ '-Q[2-4]$' THEN left(${p}, 4) || '-Q' || (right(${p}, 1)::int - 1)::text
      ELSE to_char(to_date(${p} || '-01', 'YYYY-MM-DD') - interval '1 month', 'YYYY-MM')
    END`;

/**
 * The unit a figure is about at a ranking level (`level`: 'office' | 'municipality' | 'county'): an
 * office, a whole municipality (no office), or a county, whose id is its number.
 */
export const UNIT_AT_LEVEL = (o: string, level: string) =>
  `CASE ${level}::text WHEN 'office' THEN ${o}.office_id WHEN 'county' THEN ${o}.county_code::int ELSE ${o}.municipality_id END`;

/** Whether a figure is one of that level: an office's figure is never a municipality's, nor the reverse. */
export const IS_AT_LEVEL = (o: string, level: string) => `CASE ${level}::text WHEN 'office' THEN ${o}.office_id IS NOT NULL
                       WHEN 'county' THEN ${o}.county_code IS NOT NULL
                       ELSE ${o}.office_id IS NULL AND ${o}.municipality_id IS NOT NULL END`;

/** A figure is withheld when flagged so or when it has no value. */
export const SUPPRESSED = (o: string) => `(${o}.value IS NULL OR 'suppressed' = ANY(${o}.flags))`;

/** The figure to use among several for the same unit and period (see the conventions above). */
export const BEST_FIRST = (o: string, s: string) => `${SUPPRESSED(o)}, ${s}.report_year DESC NULLS LAST, ${o}.source_id DESC, ${o}.id DESC`;

/** Municipality units that existed in `year`, with the code they had then (a county is its first two digits). */
const MUNICIPALITIES_IN_YEAR = (year: string) => `
        SELECT DISTINCT mc.municipality_id, mc.code FROM municipality_codes mc JOIN municipalities m ON m.id = mc.municipality_id
         WHERE ${year} BETWEEN coalesce(mc.valid_from_year, ${year}) AND coalesce(mc.valid_to_year, ${year})
           AND ${year} BETWEEN coalesce(m.valid_from_year, ${year}) AND coalesce(m.valid_to_year, ${year})
           AND ${IS_MUNICIPALITY_CODE('mc.code')}`;

/**
 * The population of (unit, year) pairs read from `keys`, with `problem` saying why there is none:
 * an office's or a county's population is the sum over the municipalities it had that year,
 * complete or not at all; a city-district office has none, because the reference data holds no
 * district population and the whole city's would be wrong. `denominator` is the age group of $5;
 * `basis` says on which borders the population was counted.
 * Parameters: $4 level, $5 population column ('none' | 'total' | 'age_20_66' | 'age_18_24').
 */
export const POPULATION_OF = (keys: string) => {
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
           string_agg(DISTINCT a.district, ', ') AS districts,
           CASE WHEN bool_and(p.basis = 'own_year_borders') THEN 'own_year_borders'
                WHEN bool_and(p.basis = 'borders_2024') THEN 'borders_2024'
                WHEN count(p.basis) > 0 THEN 'mixed' END AS basis
      FROM ${keys} k
      LEFT JOIN LATERAL (
        SELECT DISTINCT oa.municipality_id, oa.district
          FROM office_areas oa
         WHERE $4::text = 'office' AND oa.office_id = k.unit_id
           AND coalesce(oa.valid_from_year, k.year) <= k.year AND coalesce(oa.valid_to_year, k.year) >= k.year
        UNION ALL
        SELECT k.unit_id, NULL::text WHERE $4::text = 'municipality'
        UNION ALL
        SELECT y.municipality_id, NULL::text FROM (${MUNICIPALITIES_IN_YEAR('k.year')}) y
         WHERE $4::text = 'county' AND left(y.code, 2) = lpad(k.unit_id::text, 2, '0')
      ) a ON true
      LEFT JOIN populations p ON p.municipality_id = a.municipality_id AND p.year = k.year
     GROUP BY k.unit_id, k.year`;
};

/**
 * The parameters a scope reads beyond the shared ones ($4 level, $6 county, $7 municipality code,
 * $8 office codes, $9 municipality codes, $10 peer code), numbered by each statement.
 */
export interface ScopeParams {
  /** boolean: every unit that existed in the period, not only those that publish at this level. */
  allUnits: string;
  /** text: only municipalities of this KOSTRA group (SSB's 2015 grouping), or the offices serving them. */
  kostraGroup: string;
  /** boolean: each unit on its latest figure (a statement without latest mode passes `false`). */
  latest: string;
}

const ANY_SCOPE = (x: ScopeParams) =>
  `($6::text IS NOT NULL OR $7::text IS NOT NULL OR $8::text[] IS NOT NULL OR $9::text[] IS NOT NULL OR $10::text IS NOT NULL
    OR ${x.kostraGroup}::text IS NOT NULL OR coalesce(${x.allUnits}::boolean, false))`;

/** The scheme of the KOSTRA groups in the reference data. */
export const KOSTRA_SCHEME = 'kostra-2015';

/**
 * The units a scope names, whatever the year (CTEs `named_municipalities`, `scoped`). Needs a CTE
 * `published(unit_id, year)`: the units with a figure, and when (IN_SCOPE reads no more than each
 * unit's latest year and the year ranked). A county filter is loose here (any code the unit ever
 * had in the county) and exact in `units`, which knows the year.
 */
export const SCOPED = (x: ScopeParams) => `
  -- Municipality units named by a code of the scope: every unit that ever held the code.
  named_municipalities AS (
    SELECT c.municipality_id AS id, c.code FROM municipality_codes c
     WHERE c.code = $7::text OR c.code = ANY($9::text[]) OR c.code = $10::text
    UNION
    SELECT m.id, m.code FROM municipalities m
     WHERE m.code = $7::text OR m.code = ANY($9::text[]) OR m.code = $10::text
  ),
  kostra_municipalities AS (
    SELECT g.municipality_id AS id FROM municipality_peer_groups g
     WHERE ${x.kostraGroup}::text IS NOT NULL AND g.scheme = '${KOSTRA_SCHEME}' AND g.group_code = ${x.kostraGroup}::text
  ),
  -- Every filter given must hold. Without any, the units that publish at this level at all, so
  -- that "missing" lists who usually reports; with allUnits, every unit of the period. With the
  -- columns the API shows of the unit (an office's beyond the shared ones), so that a statement's
  -- rows carry their office, municipality or county.
  scoped AS (
    SELECT f.id, f.code, f.name, f.valid_from_year, f.valid_to_year, f.county_code,
           f.parent_name, f.address, f.origin, f.norg_code, f.former_names
      FROM offices f
     WHERE $4::text = 'office'
       AND ($6::text IS NULL OR f.county_code = $6::text OR EXISTS (
             SELECT 1 FROM office_areas oa JOIN municipality_codes mc ON mc.municipality_id = oa.municipality_id
              WHERE oa.office_id = f.id AND left(mc.code, 2) = $6::text))
       AND ($7::text IS NULL OR EXISTS (
             SELECT 1 FROM office_areas oa JOIN named_municipalities n ON n.id = oa.municipality_id
              WHERE oa.office_id = f.id AND n.code = $7::text))
       AND ($8::text[] IS NULL OR f.code = ANY($8::text[]))
       AND ($9::text[] IS NULL OR EXISTS (
             SELECT 1 FROM office_areas oa JOIN named_municipalities n ON n.id = oa.municipality_id
              WHERE oa.office_id = f.id AND n.code = ANY($9::text[])))
       AND (${x.kostraGroup}::text IS NULL OR EXISTS (
             SELECT 1 FROM office_areas oa WHERE oa.office_id = f.id AND oa.municipality_id IN (SELECT id FROM kostra_municipalities)))
       AND (${ANY_SCOPE(x)} OR f.id IN (SELECT unit_id FROM published))
    UNION ALL
    SELECT m.id, m.code, m.name, m.valid_from_year, m.valid_to_year, m.county_code,
           NULL::text, NULL::text, NULL::text, NULL::text, NULL::text[]
      FROM municipalities m
     WHERE $4::text = 'municipality'
       AND ($6::text IS NULL OR m.county_code = $6::text
            OR EXISTS (SELECT 1 FROM municipality_codes mc WHERE mc.municipality_id = m.id AND left(mc.code, 2) = $6::text))
       AND ($7::text IS NULL OR m.id IN (SELECT id FROM named_municipalities WHERE code = $7::text))
       AND ($8::text[] IS NULL OR m.id IN (
             SELECT oa.municipality_id FROM office_areas oa JOIN offices f ON f.id = oa.office_id WHERE f.code = ANY($8::text[])))
       AND ($9::text[] IS NULL OR m.id IN (SELECT id FROM named_municipalities WHERE code = ANY($9::text[])))
       AND (${x.kostraGroup}::text IS NULL OR m.id IN (SELECT id FROM kostra_municipalities))
       AND ${IS_MUNICIPALITY_CODE('m.code')}
       AND (${ANY_SCOPE(x)} OR m.id IN (SELECT unit_id FROM published))
    UNION ALL
    -- A county's id is its number: counties have no other id, and their numbers are unique.
    SELECT c.code::int, c.code, c.name, c.valid_from_year, c.valid_to_year, NULL::text,
           NULL::text, NULL::text, NULL::text, NULL::text, NULL::text[]
      FROM counties c
     WHERE $4::text = 'county' AND c.code ~ '^[0-9]{2}$' AND c.code <> '99'
       AND ($6::text IS NULL OR c.code = $6::text)
       AND (${ANY_SCOPE(x)} OR c.code::int IN (SELECT unit_id FROM published))
  )`;

/**
 * The units in scope in the ranking year (CTEs `peer`, `peer_population`, `units`, `checks`).
 * Needs `published`, `scoped` and `asked(period, year)`.
 */
export const IN_SCOPE = (x: ScopeParams) => `
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
  -- In latest mode, a municipality code of the scope stands for the unit that holds its latest
  -- figure (Stavanger's 2019 figure under 1103, before the merger, when nothing later exists).
  latest_holder AS (
    SELECT DISTINCT ON (n.code) n.code, n.id
      FROM named_municipalities n JOIN published p ON p.unit_id = n.id
     WHERE ${x.latest}::boolean AND $4::text = 'municipality'
     ORDER BY n.code, p.year DESC, n.id
  ),
  -- A unit is in scope for the year when it existed then or published a figure for it; an office
  -- "exists" for allUnits when it served an area that year (regional units of NAV serve none).
  -- The county filter is exact here: the county of the code the unit had that year.
  units AS (
    SELECT s.id, coalesce(held.code, s.code) AS code, coalesce(held.name, s.name) AS name
      FROM scoped s CROSS JOIN asked
      -- A municipality is named by the code and name it had in the year ranked (Solund was 1412 in 2016).
      LEFT JOIN LATERAL (
        SELECT mc.code, mc.name FROM municipality_codes mc
         WHERE $4::text = 'municipality' AND mc.municipality_id = s.id
           AND asked.year BETWEEN coalesce(mc.valid_from_year, asked.year) AND coalesce(mc.valid_to_year, asked.year)
         ORDER BY mc.valid_from_year DESC NULLS LAST LIMIT 1) held ON true
     WHERE (asked.year IS NULL
            OR s.id IN (SELECT id FROM latest_holder)
            OR (((coalesce(s.valid_from_year, asked.year) <= asked.year AND coalesce(s.valid_to_year, asked.year) >= asked.year)
                 OR (s.id, asked.year) IN (SELECT unit_id, year FROM published))
                AND NOT EXISTS (SELECT 1 FROM latest_holder lh JOIN named_municipalities n ON n.code = lh.code
                                 WHERE n.id = s.id AND lh.id <> s.id)))
       AND (NOT coalesce(${x.allUnits}::boolean, false) OR $4::text <> 'office' OR asked.year IS NULL
            OR (s.id, asked.year) IN (SELECT unit_id, year FROM published)
            OR EXISTS (SELECT 1 FROM office_areas oa WHERE oa.office_id = s.id
                        AND asked.year BETWEEN coalesce(oa.valid_from_year, asked.year) AND coalesce(oa.valid_to_year, asked.year)))
       AND ($6::text IS NULL OR asked.year IS NULL OR $4::text = 'county'
            OR ($4::text = 'municipality' AND EXISTS (
                  SELECT 1 FROM municipality_codes mc WHERE mc.municipality_id = s.id AND left(mc.code, 2) = $6::text
                     AND asked.year BETWEEN coalesce(mc.valid_from_year, asked.year) AND coalesce(mc.valid_to_year, asked.year)))
            OR ($4::text = 'office' AND EXISTS (
                  SELECT 1 FROM office_areas oa JOIN municipality_codes mc ON mc.municipality_id = oa.municipality_id
                   WHERE oa.office_id = s.id AND left(mc.code, 2) = $6::text
                     AND asked.year BETWEEN coalesce(oa.valid_from_year, asked.year) AND coalesce(oa.valid_to_year, asked.year)
                     AND asked.year BETWEEN coalesce(mc.valid_from_year, asked.year) AND coalesce(mc.valid_to_year, asked.year))))
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
           ($10::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM named_municipalities n WHERE n.code = $10::text)) AS unknown_peer,
           (${x.kostraGroup}::text IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM municipality_peer_groups g WHERE g.scheme = '${KOSTRA_SCHEME}' AND g.group_code = ${x.kostraGroup}::text)) AS unknown_kostra_group
  )`;

/** One office by code ($office) or else one municipality unit by code ($municipality), as `area`. */
export const AREA = (office: string, municipality: string) => `
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
 * The units whose figures a code stands for, as a subquery `(id, from_year, to_year, preference)`
 * to join LATERAL; where several have a figure for a year, the lowest preference wins. A merger
 * ends the units that held a code and starts a new one (Stavanger 1103 until 2019, the merged
 * Stavanger 1103 from 2020), so a code names:
 *  1. every unit that held it, in the years it held it;
 *  2. the unit the answer is about (`unit`, the current holder) in any year: its figures under its
 *     other codes (Halden 0101/3001/3101), or past years published on today's borders;
 *  3. a unit that held it, in the years before it took the code: a renumbering keeps the unit and
 *     its borders (Trondheim 1601 until 2017 is the Trondheim that held 5001 in 2018–2019).
 * For an office it is the office alone. One rule for compare and the time series, so that a cell
 * and a point for the same code and year show the same figure.
 */
export const CODE_HOLDERS = (level: string, code: string, unit: string) => `(
    SELECT ${unit} AS id, NULL::int AS from_year, NULL::int AS to_year, 2 AS preference
    UNION ALL
    SELECT c.municipality_id, h.from_year, h.to_year, h.preference
      FROM municipality_codes c
     CROSS JOIN LATERAL (VALUES (c.valid_from_year, c.valid_to_year, 1), (NULL::int, c.valid_from_year - 1, 3)) h(from_year, to_year, preference)
     WHERE ${level} = 'municipality' AND c.code = ${code} AND (h.preference = 1 OR c.valid_from_year IS NOT NULL)
  )`;

/** Observation `o` is a figure of holder `h` (see CODE_HOLDERS) at `level`: its own, in the holder's years. */
export const FIGURE_OF_HOLDER = (o: string, h: string, level: string) => `CASE WHEN ${level} = 'office' THEN ${o}.office_id = ${h}.id
       ELSE ${o}.office_id IS NULL AND ${o}.municipality_id = ${h}.id
            AND ${o}.year >= coalesce(${h}.from_year, ${o}.year) AND ${o}.year <= coalesce(${h}.to_year, ${o}.year) END`;

/** A municipality unit `m` as JSON, shaped like what `Municipality.from` reads. */
export const MUNICIPALITY_JSON = (m: string) => `json_build_object(
    'internalId', ${m}.id, 'code', ${m}.code, 'name', ${m}.name, 'countyCode', ${m}.county_code,
    'validFromYear', ${m}.valid_from_year, 'validToYear', ${m}.valid_to_year)`;

/**
 * A source `s` as JSON, shaped like what `Source.from` reads; its times as PostgreSQL's text, for
 * pg's own parser (see ranking.service.ts), so that they are the Dates the source loader makes.
 */
export const SOURCE_JSON = (s: string) => `json_build_object(
    'internalId', ${s}.id, 'documentKey', ${s}.document_key, 'version', ${s}.version, 'title', ${s}.title,
    'publisher', ${s}.publisher, 'officeId', ${s}.office_id, 'municipalityId', ${s}.municipality_id,
    'reportYear', ${s}.report_year, 'url', ${s}.url, 'format', ${s}.format, 'sha256', ${s}.sha256,
    'retrievedAt', ${s}.retrieved_at::text, 'importedAt', ${s}.imported_at::text, 'supersededById', ${s}.superseded_by_id,
    'licence', ${s}.licence, 'provenance', ${s}.provenance)`;

/**
 * Every target with the result published for the same label, area and period (the best figure
 * first, as everywhere), judged by target_met(): the one rule for which figure a target is held
 * against. Continue with `WHERE` on `t` (targets), `f` (its office) and `m` (its municipality).
 */
export const TARGETS_WITH_RESULTS = `
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
       LIMIT 1) o ON true`;
