import type { Database } from '../../db/database';
import type { Page } from '../../schema/connection';
import { INDICATOR_HITS } from '../search/search.sql';
import { Indicator, IndicatorRelation, Theme } from './taxonomy.type';

const INDICATOR_COLUMNS = `
  i.id AS "internalId", i.code, i.name_nb AS "nameNb", i.name_en AS "nameEn", i.description,
  i.theme_code AS "themeCode", i.unit, i.period_type AS "periodType", i.direction, i.population,
  i.comparability_notes AS "comparabilityNotes", i.external_codes AS "externalCodes",
  i.taxonomy_version AS "taxonomyVersion"`;

const THEME_COLUMNS = `t.code, t.name_nb AS "nameNb", t.name_en AS "nameEn", t.description, t.parent_code AS "parentCode"`;

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
    const rows = await this.db.sql<Indicator & { total: string }>(
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
    return { items: rows.map(Indicator.from), total: rows.length ? Number(rows[0].total) : 0 };
  }

  async indicatorsByCodes(codes: readonly string[]): Promise<Indicator[]> {
    const rows = await this.db.sql<Indicator>(
      'taxonomy.indicators_by_codes',
      `SELECT ${INDICATOR_COLUMNS} FROM indicators i WHERE i.code = ANY($1::text[])`,
      [codes],
    );
    return rows.map(Indicator.from);
  }

  async indicatorsByIds(ids: readonly number[]): Promise<Indicator[]> {
    const rows = await this.db.sql<Indicator>(
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
    const rows = await this.db.sql<Theme>(
      'taxonomy.themes',
      `SELECT ${THEME_COLUMNS} FROM themes t ORDER BY t.sort_order, t.code`,
    );
    return rows.map(Theme.from);
  }

  async themesByCodes(codes: readonly string[]): Promise<Theme[]> {
    const rows = await this.db.sql<Theme>(
      'taxonomy.themes_by_codes',
      `SELECT ${THEME_COLUMNS} FROM themes t WHERE t.code = ANY($1::text[])`,
      [codes],
    );
    return rows.map(Theme.from);
  }

  async childThemes(parentCodes: readonly string[]): Promise<Theme[]> {
    const rows = await this.db.sql<Theme>(
      'taxonomy.child_themes',
      `SELECT ${THEME_COLUMNS} FROM themes t WHERE t.parent_code = ANY($1::text[]) ORDER BY t.sort_order, t.code`,
      [parentCodes],
    );
    return rows.map(Theme.from);
  }

  async indicatorsOfThemes(themeCodes: readonly string[]): Promise<Indicator[]> {
    const rows = await this.db.sql<Indicator>(
      'taxonomy.indicators_of_themes',
      `SELECT ${INDICATOR_COLUMNS} FROM indicators i WHERE i.theme_code = ANY($1::text[]) ORDER BY i.code`,
      [themeCodes],
    );
    return rows.map(Indicator.from);
  }

  async relationsOf(indicatorIds: readonly number[]): Promise<IndicatorRelation[]> {
    const rows = await this.db.sql<IndicatorRelation & { factor: string | null }>(
      'taxonomy.relations_of',
      `SELECT indicator_id AS "indicatorId", related_indicator_id AS "relatedIndicatorId", kind, factor, note
         FROM indicator_relations WHERE indicator_id = ANY($1::int[]) ORDER BY kind`,
      [indicatorIds],
    );
    return rows.map((r) => ({ ...r, factor: r.factor === null ? null : Number(r.factor) }));
  }
}
