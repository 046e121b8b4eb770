import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../../db/batch';
import type { GeographyService, SimilarKey } from './geography.service';
import type { SimilarMunicipality } from './geography.type';

/** Per-request batch loaders for the geography's relation fields. */
export function createGeographyLoaders(geography: GeographyService) {
  return {
    county: new DataLoader(async (codes: readonly string[]) =>
      oneByKey(codes, await geography.countiesByCodes(codes), (c) => c.code),
    ),
    municipality: new DataLoader(async (ids: readonly number[]) =>
      oneByKey(ids, await geography.municipalitiesByIds(ids), (m) => m.internalId),
    ),
    municipalityCodes: new DataLoader(async (ids: readonly number[]) =>
      manyByKey(ids, await geography.codesByMunicipalityIds(ids), (c) => c.municipalityId),
    ),
    municipalityChanges: new DataLoader(async (ids: readonly number[]) => {
      const changes = await geography.changesByMunicipalityIds(ids);
      return ids.map((id) => changes.filter((c) => c.predecessorId === id || c.successorId === id));
    }),
    population: new DataLoader(
      async (keys: readonly { municipalityId: number; year: number }[]) =>
        oneByKey(keys.map(populationKey), await geography.populations(keys), populationKey),
      { cacheKeyFn: populationKey },
    ),
    populationSeries: new DataLoader(async (ids: readonly number[]) =>
      manyByKey(ids, await geography.populationSeries(ids), (p) => p.municipalityId),
    ),
    office: new DataLoader(async (ids: readonly number[]) =>
      oneByKey(ids, await geography.officesByIds(ids), (o) => o.internalId),
    ),
    officeAreas: new DataLoader(async (ids: readonly number[]) =>
      manyByKey(ids, await geography.areasByOfficeIds(ids), (a) => a.officeId),
    ),
    areasOfMunicipality: new DataLoader(async (ids: readonly number[]) =>
      manyByKey(ids, await geography.areasByMunicipalityIds(ids), (a) => a.municipalityId),
    ),
    kostraGroup: new DataLoader(async (ids: readonly number[]) =>
      oneByKey(ids, await geography.kostraGroupsByMunicipalityIds(ids), (g) => g.municipalityId),
    ),
    similarMunicipalities: new DataLoader(
      async (keys: readonly SimilarKey[]) => {
        const lists: SimilarMunicipality[][] = keys.map(() => []);
        for (const row of await geography.similarMunicipalities(keys)) {
          // `key` is the position of the row's key in `keys`, as the statement numbers them.
          const list = lists[row.key];
          if (!list) throw new Error(`a similar municipality for key ${row.key} of ${keys.length}`);
          list.push(row.similar);
        }
        return lists;
      },
      { cacheKeyFn: (k) => `${k.municipalityId}:${k.year ?? ''}:${k.first}` },
    ),
  };
}

function populationKey(k: { municipalityId: number; year: number }): string {
  return `${k.municipalityId}:${k.year}`;
}
