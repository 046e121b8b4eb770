import CatalogQuery from '../queries/Catalog.graphql';
import IndicatorCoverageQuery from '../queries/IndicatorCoverage.graphql';
import RankingQuery from '../queries/Ranking.graphql';
import { DEFAULT_INDICATOR, defaultPeriod, NORMALISATION, rankingScope, scopeAllowed, type ViewState } from '../state';
import { ApiError, request } from './client';
import type { CatalogAnswer, IndicatorCoverageAnswer, RankingAnswer } from './types';

/** The variables of the Ranking query for a view and a period. */
export function rankingVariables(state: ViewState, period: string | null) {
  return {
    indicator: state.indicator ?? DEFAULT_INDICATOR,
    period,
    level: state.level.toUpperCase(),
    scope: rankingScope(scopeAllowed(state.scope, state.level) ? state.scope : { kind: 'all' }),
    normalise: NORMALISATION[state.normalise],
  };
}

/** The ranking of a view: with no period in the link, the indicator's coverage picks one first. */
export async function loadRanking(state: ViewState): Promise<RankingAnswer['ranking']> {
  let period = state.period;
  if (!period) {
    const code = state.indicator ?? DEFAULT_INDICATOR;
    const answer = await request<IndicatorCoverageAnswer>(IndicatorCoverageQuery, { code });
    if (!answer.indicator) throw new ApiError(`There is no indicator "${code}".`, 'NOT_FOUND');
    period = defaultPeriod(answer.indicator.coverage, state.level);
  }
  return (await request<RankingAnswer>(RankingQuery, rankingVariables(state, period))).ranking;
}

export function loadCatalog(): Promise<CatalogAnswer> {
  return request<CatalogAnswer>(CatalogQuery);
}
