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

/** The first ranking asked for; the catalog waits for it (see loadCatalog). */
let firstRanking: Promise<unknown> | null = null;

/** The ranking of a view: with no period in the link, the indicator's coverage picks one first. */
export function loadRanking(state: ViewState): Promise<RankingAnswer['ranking']> {
  const ranking = rankingOf(state);
  firstRanking ??= ranking.catch(() => undefined);
  return ranking;
}

async function rankingOf(state: ViewState): Promise<RankingAnswer['ranking']> {
  let period = state.period;
  if (!period) {
    const code = state.indicator ?? DEFAULT_INDICATOR;
    const answer = await request<IndicatorCoverageAnswer>(IndicatorCoverageQuery, { code });
    if (!answer.indicator) throw new ApiError(`There is no indicator "${code}".`, 'NOT_FOUND');
    period = defaultPeriod(answer.indicator.coverage, state.level);
  }
  return (await request<RankingAnswer>(RankingQuery, rankingVariables(state, period))).ranking;
}

/**
 * What the controls offer. Asked for after the first ranking has answered: the embedded database
 * answers one statement at a time, and every indicator's periods cost more than the ranking itself,
 * so asked together the catalog would hold up the first view.
 */
export function loadCatalog(): Promise<CatalogAnswer> {
  return (firstRanking ?? Promise.resolve()).then(() => request<CatalogAnswer>(CatalogQuery));
}
