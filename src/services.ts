import type { Database } from './db/database';
import { GeographyService } from './modules/geography/geography.service';
import { ObservationService } from './modules/observations/observation.service';
import { SourceService } from './modules/sources/source.service';
import { TaxonomyService } from './modules/taxonomy/taxonomy.service';

/** The domain services, one per domain, created once per process and shared by all requests. */
export class Services {
  readonly geography: GeographyService;
  readonly taxonomy: TaxonomyService;
  readonly sources: SourceService;
  readonly observations: ObservationService;

  constructor(readonly db: Database) {
    this.geography = new GeographyService(db);
    this.taxonomy = new TaxonomyService(db);
    this.sources = new SourceService(db);
    this.observations = new ObservationService(db);
  }
}
