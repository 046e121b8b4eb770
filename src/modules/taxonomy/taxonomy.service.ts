import { z } from 'zod';
import type { Database } from '../../db/database';
import { column } from '../../db/rows';
import type { Page } from '../../schema/connection';
import { INDICATOR_HITS } from '../search/search.sql';
import { INDICATOR_JSON, SUPPRESSED } from '../comparison/comparison.fragments';
import { IndicatorRow, ThemeRow } from './taxonomy.rows';
import { Indicator, IndicatorCoverage, IndicatorRelation, LevelCoverage, PublishedIndicator, Theme } from './taxonomy.type';

const INDICATOR_COLUMNS = `
  i.id AS "internalId", i.code, i.name_nb AS "nameNb", i.name_en AS "nameEn", i.description,
  i.theme_code AS "themeCode", i.unit, i.period_type AS "periodType", i.direction, i.population,
  i.comparability_notes AS "comparabilityNotes", i.external_codes AS "externalCodes",
  i.taxonomy_version AS "taxonomyVersion"`;

const THEME_COLUMNS = `t.code, t.name_nb AS "nameNb", t.name_en AS "nameEn", t.description, t.parent_code AS "parentCode"`;

/** The levels a current figure can be about, by the area columns it fills (observations_area). */
type Level = 'office' | 'municipality' | 'county' | 'country';
const LEVEL_OF = (o: string) => `CASE
      WHEN ${o}.office_id IS NOT NULL THEN 'office'
      WHEN ${o}.municipality_id IS NOT NULL THEN 'municipality'
      WHEN ${o}.county_code IS NOT NULL THEN 'county'
      ELSE 'country' END`;

/**
 * taxonomy.coverage: per indicator and period, the units of each level with a current figure
 * (how many of them have one as published, how many one with a value), sources, and figures
 * published, derived and withheld. One row per indicator and period, newest period first. $1 indicator ids.
 */
const COVERAGE_SQL = `
WITH figures AS (
  SELECT o.indicator_id, o.period, ${LEVEL_OF('o')} AS level,
         coalesce(o.office_id::text, o.municipality_id::text, o.county_code, 'country') AS unit,
         o.derivation IS NOT NULL AS derived, ${SUPPRESSED('o')} AS withheld, o.source_id
    FROM observations o
   WHERE o.indicator_id = ANY($1::int[]) AND o.is_current AND o.kind = 'actual'
),
units AS (
  SELECT indicator_id, period, level, unit, bool_or(NOT derived) AS published, bool_or(NOT withheld) AS with_value,
         count(*) AS figures
    FROM figures GROUP BY indicator_id, period, level, unit
),
levels AS (
  SELECT indicator_id, period,
         json_object_agg(level, json_build_object('units', units, 'published', published, 'withValue', with_value, 'figures', figures)) AS levels
    FROM (SELECT indicator_id, period, level, count(*)::int AS units, count(*) FILTER (WHERE published)::int AS published,
                 count(*) FILTER (WHERE with_value)::int AS with_value, sum(figures)::int AS figures
            FROM units GROUP BY indicator_id, period, level) l
   GROUP BY indicator_id, period
),
totals AS (
  SELECT indicator_id, period, count(DISTINCT source_id)::int AS source_count, count(*)::int AS figures,
         count(*) FILTER (WHERE NOT derived)::int AS published, count(*) FILTER (WHERE derived)::int AS derived,
         count(*) FILTER (WHERE withheld)::int AS withheld
    FROM figures GROUP BY indicator_id, period
)
SELECT t.indicator_id AS "indicatorId", t.period, l.levels, t.source_count AS "sourceCount", t.figures,
       t.published AS "publishedFigures", t.derived AS "derivedFigures", t.withheld AS "withheldFigures"
  FROM totals t JOIN levels l ON l.indicator_id = t.indicator_id AND l.period = t.period
 ORDER BY t.indicator_id, t.period DESC`;

/**
 * What offices or municipalities publish: per unit and indicator, its own current figures at its
 * level (an office's, or a whole municipality's without an office), periods newest first.
 * $1 office or municipality ids.
 */
const PUBLISHED_SQL = (unitColumn: 'office_id' | 'municipality_id', levelCondition: string) => `
SELECT o.${unitColumn} AS "areaId", ${INDICATOR_JSON('i')} AS indicator,
       array_agg(DISTINCT o.period ORDER BY o.period DESC) AS periods, max(o.period) AS "latestPeriod",
       count(*)::int AS figures, count(*) FILTER (WHERE o.derivation IS NULL)::int AS "publishedFigures",
       count(*) FILTER (WHERE o.derivation IS NOT NULL)::int AS "derivedFigures",
       array_agg(DISTINCT o.source_id ORDER BY o.source_id) AS "sourceIds"
  FROM observations o JOIN indicators i ON i.id = o.indicator_id
 WHERE o.${unitColumn} = ANY($1::int[]) AND ${levelCondition} AND o.is_current AND o.kind = 'actual'
 GROUP BY o.${unitColumn}, i.id
 ORDER BY o.${unitColumn}, i.code`;

const PUBLISHED_BY_OFFICES_SQL = PUBLISHED_SQL('office_id', 'true');
const PUBLISHED_BY_MUNICIPALITIES_SQL = PUBLISHED_SQL('municipality_id', 'o.office_id IS NULL');

const IndicatorPageRow = IndicatorRow.extend({ total: column.count });

const LevelRow = z.object({ units: column.int, published: column.int, withValue: column.int, figures: column.int }) satisfies z.ZodType<Omit<LevelCoverage, 'derivedOnly'>>;
type LevelRow = z.infer<typeof LevelRow>;

/** COVERAGE_SQL's rows: the levels as one JSON object, keyed by the levels that have figures. */
const CoverageRow = z.object({
  indicatorId: column.int,
  period: z.string(),
  levels: z.partialRecord(z.enum(['office', 'municipality', 'county', 'country'] satisfies Level[]), LevelRow),
  sourceCount: column.int,
  figures: column.int,
  publishedFigures: column.int,
  derivedFigures: column.int,
  withheldFigures: column.int,
}) satisfies z.ZodType<Omit<IndicatorCoverage, 'offices' | 'municipalities' | 'counties' | 'country'> & { levels: unknown }>;

const PublishedRow = z.object({
  areaId: column.int,
  indicator: IndicatorRow,
  periods: z.array(z.string()),
  latestPeriod: z.string(),
  figures: column.int,
  publishedFigures: column.int,
  derivedFigures: column.int,
  sourceIds: z.array(column.int),
}) satisfies z.ZodType<Omit<PublishedIndicator, 'indicator'>>;

const RelationRow = z.object({
  indicatorId: column.int,
  relatedIndicatorId: column.int,
  kind: z.string(),
  factor: column.numeric.nullable(),
  note: z.string().nullable(),
});

export interface IndicatorFilter {
  /** A theme code; its sub-themes are included. */
  theme?: string;
  /** Free text; every word must match the code or a name, forgiving case and accents (search.sql.ts). */
  search?: string;
}

/** The canonical taxonomy: themes, indicators and how they relate. */
export class TaxonomyService {
  constructor(private readonly db: Database) {}

  async indicators(filter: IndicatorFilter, page: Page): Promise<{ items: Indicator[]; total: number }> {
    const rows = await this.db.rows(
      IndicatorPageRow,
      'taxonomy.indicators',
      `WITH RECURSIVE scope AS (
         SELECT code FROM themes WHERE code = $1
         UNION SELECT t.code FROM themes t JOIN scope s ON t.parent_code = s.code
       )
       SELECT ${INDICATOR_COLUMNS}, count(*) OVER () AS total
         FROM indicators i
         LEFT JOIN (${INDICATOR_HITS('$2')}) h ON h.id = i.id
        WHERE ($1::text IS NULL OR i.theme_code IN (SELECT code FROM scope))
          AND ($2::text IS NULL OR h.id IS NOT NULL)
        ORDER BY h.tier, h.similarity DESC, i.code
        LIMIT $3 OFFSET $4`,
      [filter.theme ?? null, filter.search ?? null, page.limit, page.offset],
    );
    return { items: rows.map(Indicator.from), total: rows[0]?.total ?? 0 };
  }

  async indicatorsByCodes(codes: readonly string[]): Promise<Indicator[]> {
    const rows = await this.db.rows(
      IndicatorRow,
      'taxonomy.indicators_by_codes',
      `SELECT ${INDICATOR_COLUMNS} FROM indicators i WHERE i.code = ANY($1::text[])`,
      [codes],
    );
    return rows.map(Indicator.from);
  }

  async indicatorsByIds(ids: readonly number[]): Promise<Indicator[]> {
    const rows = await this.db.rows(
      IndicatorRow,
      'taxonomy.indicators_by_ids',
      `SELECT ${INDICATOR_COLUMNS} FROM indicators i WHERE i.id = ANY($1::int[])`,
      [ids],
    );
    return rows.map(Indicator.from);
  }

  async indicatorByCode(code: string): Promise<Indicator | null> {
    return (await this.indicatorsByCodes([code]))[0] ?? null;
  }

  async themes(): Promise<Theme[]> {
    const rows = await this.db.rows(
      ThemeRow,
      'taxonomy.themes',
      `SELECT ${THEME_COLUMNS} FROM themes t ORDER BY t.sort_order, t.code`,
    );
    return rows.map(Theme.from);
  }

  async themesByCodes(codes: readonly string[]): Promise<Theme[]> {
    const rows = await this.db.rows(
      ThemeRow,
      'taxonomy.themes_by_codes',
      `SELECT ${THEME_COLUMNS} FROM themes t WHERE t.code = ANY($1::text[])`,
      [codes],
    );
    return rows.map(Theme.from);
  }

  async childThemes(parentCodes: readonly string[]): Promise<Theme[]> {
    const rows = await this.db.rows(
      ThemeRow,
      'taxonomy.child_themes',
      `SELECT ${THEME_COLUMNS} FROM themes t WHERE t.parent_code = ANY($1::text[]) ORDER BY t.sort_order, t.code`,
      [parentCodes],
    );
    return rows.map(Theme.from);
  }

  async indicatorsOfThemes(themeCodes: readonly string[]): Promise<Indicator[]> {
    const rows = await this.db.rows(
      IndicatorRow,
      'taxonomy.indicators_of_themes',
      `SELECT ${INDICATOR_COLUMNS} FROM indicators i WHERE i.theme_code = ANY($1::text[]) ORDER BY i.code`,
      [themeCodes],
    );
    return rows.map(Indicator.from);
  }

  /** Coverage per period of each indicator, newest period first; one statement for any number of indicators. */
  async coverageOf(indicatorIds: readonly number[]): Promise<IndicatorCoverage[]> {
    const rows = await this.db.rows(CoverageRow, 'taxonomy.coverage', COVERAGE_SQL, [indicatorIds]);
    const level = (l: LevelRow | undefined): LevelCoverage =>
      Object.assign(new LevelCoverage(), l ? { ...l, derivedOnly: l.units - l.published } : { units: 0, published: 0, derivedOnly: 0, withValue: 0, figures: 0 });
    return rows.map(({ levels, ...row }) =>
      Object.assign(new IndicatorCoverage(), row, {
        offices: level(levels.office),
        municipalities: level(levels.municipality),
        counties: level(levels.county),
        country: level(levels.country),
      }),
    );
  }

  /** The indicators each office publishes figures for, by indicator code. */
  async publishedByOffices(officeIds: readonly number[]): Promise<PublishedIndicator[]> {
    return this.published('taxonomy.published_by_offices', PUBLISHED_BY_OFFICES_SQL, officeIds);
  }

  /** The indicators each municipality has figures for as a whole municipality, by indicator code. */
  async publishedByMunicipalities(municipalityIds: readonly number[]): Promise<PublishedIndicator[]> {
    return this.published('taxonomy.published_by_municipalities', PUBLISHED_BY_MUNICIPALITIES_SQL, municipalityIds);
  }

  private async published(name: string, text: string, ids: readonly number[]): Promise<PublishedIndicator[]> {
    const rows = await this.db.rows(PublishedRow, name, text, [ids]);
    return rows.map((r) => Object.assign(new PublishedIndicator(), r, { indicator: Indicator.from(r.indicator) }));
  }

  async relationsOf(indicatorIds: readonly number[]): Promise<IndicatorRelation[]> {
    const rows = await this.db.rows(
      RelationRow,
      'taxonomy.relations_of',
      `SELECT indicator_id AS "indicatorId", related_indicator_id AS "relatedIndicatorId", kind, factor, note
         FROM indicator_relations WHERE indicator_id = ANY($1::int[]) ORDER BY kind`,
      [indicatorIds],
    );
    return rows.map((r) => ({ ...r, factor: r.factor === null ? null : Number(r.factor) }));
  }
}
