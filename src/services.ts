import type { Database } from './db/database';
import { ImportService } from './import/import.service';
import { ComparisonService } from './modules/comparison/comparison.service';
import { TargetResultsService } from './modules/comparison/target-results.service';
import { GeographyService } from './modules/geography/geography.service';
import { ObservationService } from './modules/observations/observation.service';
import { RawIndicatorMappingService } from './modules/observations/raw-indicator-mapping.service';
import { SearchService } from './modules/search/search.service';
import { SourceService } from './modules/sources/source.service';
import { TaxonomyService } from './modules/taxonomy/taxonomy.service';

/** The domain services, one per domain, created once per process and shared by all requests. */
export class Services {
  readonly geography: GeographyService;
  readonly taxonomy: TaxonomyService;
  readonly sources: SourceService;
  readonly observations: ObservationService;
  readonly comparison: ComparisonService;
  readonly imports: ImportService;
  readonly rawIndicatorMapping: RawIndicatorMappingService;
  readonly search: SearchService;
  readonly targetResults: TargetResultsService;

  constructor(
    readonly db: Database,
    options: { maxUploadBytes: number } = { maxUploadBytes: 5 * 1024 * 1024 },
  ) {
    this.geography = new GeographyService(db);
    this.taxonomy = new TaxonomyService(db);
    this.sources = new SourceService(db);
    this.observations = new ObservationService(db);
    this.comparison = new ComparisonService(db);
    this.imports = new ImportService(db, options.maxUploadBytes);
    this.rawIndicatorMapping = new RawIndicatorMappingService(db);
    this.search = new SearchService(db);
    this.targetResults = new TargetResultsService(db);
  }
}
