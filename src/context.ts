import type { Logger } from './logger';
import { createGeographyLoaders } from './modules/geography/geography.loader';
import { createObservationLoaders } from './modules/observations/observation.loader';
import { createSourceLoaders } from './modules/sources/source.loader';
import { createTaxonomyLoaders } from './modules/taxonomy/taxonomy.loader';
import type { Services } from './services';

export interface Principal {
  name: string;
  role: 'curator';
}

/** Everything a resolver may use for one request. Loaders are new per request, so no data leaks between requests. */
export interface Context {
  services: Services;
  loaders: Loaders;
  logger: Logger;
  principal: Principal | null;
}

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(services: Services) {
  return {
    ...createGeographyLoaders(services.geography),
    ...createTaxonomyLoaders(services.taxonomy),
    ...createSourceLoaders(services.sources),
    ...createObservationLoaders(services.observations),
  };
}

export function createContext(services: Services, logger: Logger, principal: Principal | null = null): Context {
  return { services, loaders: createLoaders(services), logger, principal };
}
