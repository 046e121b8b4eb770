import DataLoader from 'dataloader';
import { oneByKey } from '../../db/batch';
import type { ObservationService } from './observation.service';

/** Per-request batch loaders for observations and what hangs off them. */
export function createObservationLoaders(observations: ObservationService) {
  return {
    observation: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await observations.byIds(ids), (o) => o.internalId),
    ),
    target: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await observations.targetsOf(ids), (t) => t.observationId),
    ),
    rawIndicator: new DataLoader(async (ids: readonly number[]) =>
      oneByKey(ids, await observations.rawIndicatorsByIds(ids), (r) => r.internalId),
    ),
  };
}
