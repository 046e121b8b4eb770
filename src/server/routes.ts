import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Services } from '../services';
import type { ApiKeys } from './auth';
import type { RouteHandler } from './http';
import { sendJson } from './http';

export interface RouteDeps {
  services: Services;
  logger: Logger;
  apiKeys: ApiKeys;
  config: Config;
}

/** Routes beside /graphql: downloads and the like. */
export function extraRoutes(_deps: RouteDeps): Record<string, RouteHandler> {
  return {};
}

/** The GraphiQL playground, served from the hub itself. */
export const playground: RouteHandler = (_req, res) => {
  sendJson(res, 501, { error: 'playground not built yet' });
};
