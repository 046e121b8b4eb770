import type { Database } from '../../db/database';
import { column } from '../../db/rows';
import type { Page } from '../../schema/connection';
import { BEST_FIRST } from '../comparison/comparison.fragments';
import { ObservationRow, RawIndicatorRow, RevisionRow, TargetRow } from './observation.rows';
import { Observation, RawIndicator, Target } from './observation.type';

/** The columns every observation read returns: the figure, and what its citation needs. */
export const OBSERVATION_SELECT = `
  o.id::text AS "internalId", o.raw_indicator_id AS "rawIndicatorId", o.indicator_id AS "indicatorId",
  o.source_id AS "sourceId", o.office_id AS "officeId", o.municipality_id AS "municipalityId",
  o.period, o.period_text AS "periodText", o.kind, o.value::text AS exact, o.value_text AS "valueText",
  o.unit, o.quote, o.location, o.flags, o.is_current AS "isCurrent", o.footnote,
  r.label AS "rawLabel", s.publisher, s.title AS "sourceTitle", coalesce(f.name, m.name) AS "areaName"`;

export const OBSERVATION_JOINS = `
  JOIN raw_indicators r ON r.id = o.raw_indicator_id
  JOIN sources s ON s.id = o.source_id
  LEFT JOIN offices f ON f.id = o.office_id
  LEFT JOIN municipalities m ON m.id = o.municipality_id`;

const RAW_INDICATOR_COLUMNS = `
  r.id AS "internalId", r.source_id AS "sourceId", r.indicator_id AS "indicatorId", r.label, r.unit_text AS "unitText",
  r.transformation, r.transformation_factor::text AS "transformationFactor", r.transformation_note AS "transformationNote",
  r.mapped_by AS "mappedBy", r.definition_note AS "definitionNote"`;

const total = { total: column.count };
const ObservationPageRow = ObservationRow.extend(total);
const AreaObservationRow = ObservationRow.extend({ areaId: column.int });
const RawIndicatorPageRow = RawIndicatorRow.extend(total);

export interface ObservationFilter {
  indicatorCode?: string;
  officeCode?: string;
  /** A municipality code: figures of the municipality and of the offices serving it. */
  municipalityCode?: string;
  period?: string;
  fromYear?: number;
  toYear?: number;
  kind?: string;
  sourceId?: number;
  includeSuperseded?: boolean;
  /** Only figures whose label is not mapped to an indicator yet. */
  unmappedOnly?: boolean;
}

/** Published figures, their targets and the raw labels they were published under. */
export class ObservationService {
  constructor(private readonly db: Database) {}

  async list(filter: ObservationFilter, page: Page): Promise<{ items: Observation[]; total: number }> {
    const rows = await this.db.rows(
      ObservationPageRow,
      'observations.list',
      `WITH area AS (
         SELECT municipality_id AS id FROM municipality_codes WHERE code = $3
         UNION SELECT id FROM municipalities WHERE code = $3
       )
       SELECT ${OBSERVATION_SELECT}, count(*) OVER () AS total
         FROM observations o ${OBSERVATION_JOINS}
         LEFT JOIN indicators i ON i.id = o.indicator_id
        WHERE ($1::text IS NULL OR i.code = $1)
          AND ($2::text IS NULL OR f.code = $2)
          AND ($3::text IS NULL OR o.municipality_id IN (SELECT id FROM area)
               OR o.office_id IN (SELECT a.office_id FROM office_areas a WHERE a.municipality_id IN (SELECT id FROM area)))
          AND ($4::text IS NULL OR o.period = $4)
          AND ($5::int IS NULL OR o.year >= $5)
          AND ($6::int IS NULL OR o.year <= $6)
          AND ($7::text IS NULL OR o.kind = $7)
          AND ($8::int IS NULL OR o.source_id = $8)
          AND ($9::boolean OR o.is_current)
          AND (NOT $10::boolean OR o.indicator_id IS NULL)
        ORDER BY i.code NULLS LAST, r.label, coalesce(f.name, m.name), o.period, o.kind, o.id
        LIMIT $11 OFFSET $12`,
      [
        filter.indicatorCode ?? null,
        filter.officeCode ?? null,
        filter.municipalityCode ?? null,
        filter.period ?? null,
        filter.fromYear ?? null,
        filter.toYear ?? null,
        filter.kind ?? null,
        filter.sourceId ?? null,
        filter.includeSuperseded ?? false,
        filter.unmappedOnly ?? false,
        page.limit,
        page.offset,
      ],
    );
    return { items: rows.map(Observation.from), total: rows[0]?.total ?? 0 };
  }

  /**
   * The current observations of many offices or municipalities at once (a relation field over a
   * list), at most `limit` per area, in one statement.
   */
  async ofAreas(
    level: 'office' | 'municipality',
    areaIds: readonly number[],
    filter: { indicatorCode: string | null; period: string | null; limit: number },
  ): Promise<(Observation & { areaId: number })[]> {
    const column = level === 'office' ? 'office_id' : 'municipality_id';
    const rows = await this.db.rows(
      AreaObservationRow,
      `observations.of_${level}s`,
      `SELECT * FROM (
         SELECT ${OBSERVATION_SELECT}, o.${column} AS "areaId",
                row_number() OVER (PARTITION BY o.${column} ORDER BY i.code NULLS LAST, r.label, o.period, o.kind, o.id) AS n
           FROM observations o ${OBSERVATION_JOINS}
           LEFT JOIN indicators i ON i.id = o.indicator_id
          WHERE o.${column} = ANY($1::int[]) AND o.is_current
            AND ($2::text IS NULL OR i.code = $2) AND ($3::text IS NULL OR o.period = $3)
       ) ranked
       WHERE n <= $4`,
      [areaIds, filter.indicatorCode, filter.period, filter.limit],
    );
    return rows.map((row) => Object.assign(Observation.from(row), { areaId: row.areaId }));
  }

  async byIds(ids: readonly string[]): Promise<Observation[]> {
    const rows = await this.db.rows(
      ObservationRow,
      'observations.by_ids',
      `SELECT ${OBSERVATION_SELECT} FROM observations o ${OBSERVATION_JOINS} WHERE o.id = ANY($1::bigint[])`,
      [ids],
    );
    return rows.map(Observation.from);
  }

  /** The target published for each observation's label, area and period, judged against its value. */
  async targetsOf(observationIds: readonly string[]): Promise<Target[]> {
    const rows = await this.db.rows(
      TargetRow,
      'observations.targets_of',
      `SELECT o.id::text AS "observationId", t.text, t.comparator, t.lower::text AS lower, t.upper::text AS upper, t.unit, t.bands,
              target_met(t.comparator, t.lower, t.upper, o.value) AS met
         FROM observations o
         JOIN targets t ON t.raw_indicator_id = o.raw_indicator_id AND t.period = o.period AND t.is_current
                       AND t.office_id IS NOT DISTINCT FROM o.office_id
                       AND t.municipality_id IS NOT DISTINCT FROM o.municipality_id
        WHERE o.id = ANY($1::bigint[]) AND o.kind = 'actual'`,
      [observationIds],
    );
    return rows.map((t) => ({
      ...t,
      lower: t.lower === null ? null : Number(t.lower),
      upper: t.upper === null ? null : Number(t.upper),
    }));
  }

  /**
   * Every published figure of the same unit, indicator, period and kind as each observation, from
   * any current source, ranked by the rule rankings and comparisons use (BEST_FIRST: a value before a
   * withheld one, then the newest report, then the latest import). The first is the figure the hub
   * uses; the others are its revisions (a later report rounding 2,6 to 3, or an earlier one).
   * Derived figures are the hub's own and never revise a published one.
   */
  async revisionsOf(observationIds: readonly string[]): Promise<RevisionRow[]> {
    return this.db.rows(
      RevisionRow,
      'observations.revisions_of',
      `SELECT x.id::text AS "observationId", o.id::text AS "internalId", o.value::text AS exact, o.value_text AS "valueText",
              o.source_id AS "sourceId", s.report_year AS "reportYear", o.period_text AS "periodText", o.flags,
              row_number() OVER (PARTITION BY x.id ORDER BY ${BEST_FIRST('o', 's')}) AS rank
         FROM observations x
         JOIN observations o ON o.indicator_id = x.indicator_id AND o.period = x.period AND o.kind = x.kind
                            AND o.is_current AND o.derivation IS NULL
                            AND o.office_id IS NOT DISTINCT FROM x.office_id
                            AND o.municipality_id IS NOT DISTINCT FROM x.municipality_id
                            AND o.county_code IS NOT DISTINCT FROM x.county_code AND o.national = x.national
         JOIN sources s ON s.id = o.source_id
        WHERE x.id = ANY($1::bigint[]) AND x.indicator_id IS NOT NULL AND x.kind = 'actual'
        ORDER BY x.id, rank`,
      [observationIds],
    );
  }

  async rawIndicatorsByIds(ids: readonly number[]): Promise<RawIndicator[]> {
    const rows = await this.db.rows(
      RawIndicatorRow,
      'observations.raw_indicators_by_ids',
      `SELECT ${RAW_INDICATOR_COLUMNS} FROM raw_indicators r WHERE r.id = ANY($1::int[])`,
      [ids],
    );
    return rows.map(RawIndicator.from);
  }

  async rawIndicators(filter: { mapped?: boolean; sourceId?: number }, page: Page): Promise<{ items: RawIndicator[]; total: number }> {
    const rows = await this.db.rows(
      RawIndicatorPageRow,
      'observations.raw_indicators',
      `SELECT ${RAW_INDICATOR_COLUMNS}, count(*) OVER () AS total
         FROM raw_indicators r JOIN sources s ON s.id = r.source_id
        WHERE s.superseded_by_id IS NULL
          AND ($1::boolean IS NULL OR (r.indicator_id IS NOT NULL) = $1)
          AND ($2::int IS NULL OR r.source_id = $2)
        ORDER BY r.indicator_id IS NOT NULL, r.label, r.id
        LIMIT $3 OFFSET $4`,
      [filter.mapped ?? null, filter.sourceId ?? null, page.limit, page.offset],
    );
    return { items: rows.map(RawIndicator.from), total: rows[0]?.total ?? 0 };
  }
}
