import { present } from '../../invariant';
import type { Database } from '../../db/database';
import type { Page } from '../../schema/connection';
import { unknownCode } from '../../schema/unknown-code';
import { targetResult } from './targets.service';
import type { RankingLevel, TargetResult } from './comparison.type';
import { TARGET_RESULTS_CHECKS_SQL, TARGET_RESULTS_SQL, TargetResultsChecksRow, TargetResultsRow } from './target-results.sql';

export interface TargetResultsQuery {
  period: string;
  met?: boolean;
  level?: RankingLevel;
  county?: string;
  indicator?: string;
}

/** Targets across offices and municipalities, judged against their results: "who missed their targets in 2015". */
export class TargetResultsService {
  constructor(private readonly db: Database) {}

  async targetResults(query: TargetResultsQuery, page: Page): Promise<{ items: TargetResult[]; total: number }> {
    if (query.county !== undefined || query.indicator !== undefined) await this.check(query);
    const rows = await this.db.rows(TargetResultsRow, 'comparison.target_results', TARGET_RESULTS_SQL, [
      query.period,
      query.met ?? null,
      query.level ?? null,
      query.county ?? null,
      query.indicator ?? null,
      page.limit,
      page.offset,
    ]);
    const first = rows[0];
    return { items: rows.map((r) => targetResult(r, query.period)), total: first ? first.total : 0 };
  }

  private async check(query: TargetResultsQuery): Promise<void> {
    const rows = await this.db.rows(TargetResultsChecksRow, 'comparison.target_results_checks', TARGET_RESULTS_CHECKS_SQL, [
      query.county ?? null,
      query.indicator ?? null,
    ]);
    const known = present(rows[0], 'the row of the target results checks');
    if (!known.county_known) throw unknownCode('county', 'county', query.county ?? '');
    if (!known.indicator_known) throw unknownCode('indicator', 'indicator', query.indicator ?? '');
  }
}
