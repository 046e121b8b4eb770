import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../../db/batch';
import type { TaxonomyService } from './taxonomy.service';

/** Per-request batch loaders for the taxonomy's relation fields. */
export function createTaxonomyLoaders(taxonomy: TaxonomyService) {
  return {
    indicator: new DataLoader(async (ids: readonly number[]) =>
      oneByKey(ids, await taxonomy.indicatorsByIds(ids), (i) => i.internalId),
    ),
    indicatorByCode: new DataLoader(async (codes: readonly string[]) =>
      oneByKey(codes, await taxonomy.indicatorsByCodes(codes), (i) => i.code),
    ),
    theme: new DataLoader(async (codes: readonly string[]) =>
      oneByKey(codes, await taxonomy.themesByCodes(codes), (t) => t.code),
    ),
    childThemes: new DataLoader(async (codes: readonly string[]) =>
      manyByKey(codes, await taxonomy.childThemes(codes), (t) => t.parentCode),
    ),
    themeIndicators: new DataLoader(async (codes: readonly string[]) =>
      manyByKey(codes, await taxonomy.indicatorsOfThemes(codes), (i) => i.themeCode),
    ),
    indicatorRelations: new DataLoader(async (ids: readonly number[]) =>
      manyByKey(ids, await taxonomy.relationsOf(ids), (r) => r.indicatorId),
    ),
    /** Serves both `Indicator.coverage` and `Indicator.periods`. */
    indicatorCoverage: new DataLoader(async (ids: readonly number[]) =>
      manyByKey(ids, await taxonomy.coverageOf(ids), (c) => c.indicatorId),
    ),
    officeIndicators: new DataLoader(async (ids: readonly number[]) =>
      manyByKey(ids, await taxonomy.publishedByOffices(ids), (p) => p.areaId),
    ),
    municipalityIndicators: new DataLoader(async (ids: readonly number[]) =>
      manyByKey(ids, await taxonomy.publishedByMunicipalities(ids), (p) => p.areaId),
    ),
  };
}
