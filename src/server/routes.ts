import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Services } from '../services';
import type { ApiKeys } from './auth';
import type { RouteHandler } from './http';
import { comparisonRoutes } from '../modules/comparison/comparison.routes';
import { playground, playgroundSite } from './playground';

export interface RouteDeps {
  services: Services;
  logger: Logger;
  apiKeys: ApiKeys;
  config: Config;
}

/** Routes beside /graphql: the playground's files, downloads and the like. */
export function extraRoutes(deps: RouteDeps): Record<string, RouteHandler> {
  // Called at start-up, so a broken examples file or a missing GraphiQL stops the hub there.
  return { ...playgroundSite().assets, ...comparisonRoutes(deps.services) };
}

/** The GraphiQL playground, served from the hub itself. */
export { playground };
