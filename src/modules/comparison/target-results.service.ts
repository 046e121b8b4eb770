import type { Database } from '../../db/database';
import type { Page } from '../../schema/connection';
import { ClientError } from '../../schema/errors';
import type { Comparator } from '../../schema/enums';
import { citation } from '../observations/observation.type';
import { Indicator } from '../taxonomy/taxonomy.type';
import { type RankingLevel, TargetResult, TargetStatus } from './comparison.type';
import { TARGET_RESULTS_CHECKS_SQL, TARGET_RESULTS_SQL } from './target-results.sql';

export interface TargetResultsQuery {
  period: string;
  met?: boolean;
  level?: RankingLevel;
  county?: string;
  indicator?: string;
}

interface TargetResultsRow {
  id: number;
  text: string;
  comparator: Comparator;
  lower: string | null;
  upper: string | null;
  quote: string;
  office_id: number | null;
  municipality_id: number | null;
  indicator_id: number | null;
  indicator: Omit<Indicator, 'id'> | null;
  raw_label: string;
  unit_name: string;
  unit_code: string;
  source_id: number;
  source_title: string;
  source_publisher: string;
  source_url: string | null;
  found: boolean | null;
  value: string | null;
  value_text: string | null;
  unit: string | null;
  period_text: string | null;
  obs_publisher: string | null;
  obs_title: string | null;
  met: boolean | null;
  total: string;
}

/** Targets across offices and municipalities, judged against their results: "who missed their targets in 2015". */
export class TargetResultsService {
  constructor(private readonly db: Database) {}

  async targetResults(query: TargetResultsQuery, page: Page): Promise<{ items: TargetResult[]; total: number }> {
    if (query.county !== undefined || query.indicator !== undefined) await this.check(query);
    const rows = await this.db.sql<TargetResultsRow>('comparison.target_results', TARGET_RESULTS_SQL, [
      query.period,
      query.met ?? null,
      query.level ?? null,
      query.county ?? null,
      query.indicator ?? null,
      page.limit,
      page.offset,
    ]);
    return { items: rows.map((r) => targetResult(r, query.period)), total: rows.length ? Number(rows[0].total) : 0 };
  }

  private async check(query: TargetResultsQuery): Promise<void> {
    const [known] = await this.db.sql<{ county_known: boolean; indicator_known: boolean }>(
      'comparison.target_results_checks',
      TARGET_RESULTS_CHECKS_SQL,
      [query.county ?? null, query.indicator ?? null],
    );
    if (!known.county_known) throw new ClientError(`No county has the number "${query.county}"; list them with counties.`, 'BAD_USER_INPUT', 'county');
    if (!known.indicator_known) {
      throw new ClientError(`Unknown indicator "${query.indicator}"; list the codes with indicators(search: ...).`, 'BAD_USER_INPUT', 'indicator');
    }
  }
}

function targetResult(r: TargetResultsRow, period: string): TargetResult {
  return Object.assign(new TargetResult(), {
    officeId: r.office_id,
    municipalityId: r.office_id === null ? r.municipality_id : null,
    name: r.unit_name,
    code: r.unit_code,
    indicatorId: r.indicator_id,
    indicator: r.indicator ? Indicator.from(r.indicator) : null,
    rawLabel: r.raw_label,
    targetText: r.text,
    comparator: r.comparator,
    lower: toNumber(r.lower),
    upper: toNumber(r.upper),
    value: toNumber(r.value),
    exactValue: r.value,
    valueText: r.value_text,
    unit: r.unit,
    status: r.met === true ? TargetStatus.MET : r.met === false ? TargetStatus.NOT_MET : TargetStatus.NO_VALUE,
    quote: r.quote,
    citation: r.found
      ? citation({
          publisher: r.obs_publisher!,
          sourceTitle: r.obs_title!,
          areaName: r.unit_name,
          rawLabel: r.raw_label,
          valueText: r.value_text,
          periodText: r.period_text,
          period,
        })
      : null,
    sourceId: r.source_id,
    sourceTitle: r.source_title,
    sourcePublisher: r.source_publisher,
    sourceUrl: r.source_url,
  });
}

function toNumber(value: string | null): number | null {
  return value === null ? null : Number(value);
}
