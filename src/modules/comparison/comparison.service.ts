import type { Database } from '../../db/database';
import { compare, type CompareQuery } from './compare.service';
import type { AreaQuery } from './comparison.shared';
import type { Comparison, CompositeIndex, Ranking, TargetAttainment, TimeSeries } from './comparison.type';
import { compositeIndex, type CompositeQuery } from './composite.service';
import { ranking, type RankingQuery } from './ranking.service';
import { targetAttainment } from './targets.service';
import { timeSeries } from './time-series.service';

export type { CompareQuery } from './compare.service';
export type { AreaQuery, ScopeQuery } from './comparison.shared';
export type { CompositeQuery } from './composite.service';
export type { RankingQuery } from './ranking.service';

/**
 * Rankings, comparisons, time series, target attainment and composite indices. Every method runs
 * one named statement (the *.sql.ts files beside it) and maps its rows; the arithmetic is done in SQL.
 * Mistakes a client can fix (unknown codes, an indicator without a direction, normalising a
 * share) are ClientErrors whose `argument` names the argument, so the downloads can name the
 * query parameter.
 *
 * Each question has its own file (ranking.service.ts, compare.service.ts, time-series.service.ts,
 * targets.service.ts, composite.service.ts) with its row type and mapping; this class only holds the
 * database, so that resolvers and routes reach every question through one service.
 */
export class ComparisonService {
  constructor(private readonly db: Database) {}

  ranking(q: RankingQuery): Promise<Ranking> {
    return ranking(this.db, q);
  }

  compare(q: CompareQuery): Promise<Comparison> {
    return compare(this.db, q);
  }

  timeSeries(indicatorCode: string, area: AreaQuery): Promise<TimeSeries> {
    return timeSeries(this.db, indicatorCode, area);
  }

  targetAttainment(area: AreaQuery, period: string): Promise<TargetAttainment> {
    return targetAttainment(this.db, area, period);
  }

  compositeIndex(q: CompositeQuery): Promise<CompositeIndex> {
    return compositeIndex(this.db, q);
  }
}
