import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../../db/batch';
import type { SourceService } from './source.service';

/** Per-request batch loaders for sources. */
export function createSourceLoaders(sources: SourceService) {
  return {
    source: new DataLoader(async (ids: readonly number[]) => oneByKey(ids, await sources.byIds(ids), (s) => s.internalId)),
    sourceVersions: new DataLoader(async (keys: readonly string[]) =>
      manyByKey(keys, await sources.versionsOf(keys), (s) => s.documentKey),
    ),
    sourceText: new DataLoader(async (ids: readonly number[]) => sources.texts(ids)),
  };
}
