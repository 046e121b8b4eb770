import type { Database } from './db/database';
import { GeographyService } from './modules/geography/geography.service';

/** The domain services, one per domain, created once per process and shared by all requests. */
export class Services {
  readonly geography: GeographyService;

  constructor(readonly db: Database) {
    this.geography = new GeographyService(db);
  }
}
