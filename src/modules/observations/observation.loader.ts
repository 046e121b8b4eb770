import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../../db/batch';
import { type Observation, Revision, type RevisionSet } from './observation.type';
import type { ObservationService } from './observation.service';

/** Per-request batch loaders for observations and what hangs off them. */
export function createObservationLoaders(observations: ObservationService) {
  return {
    areaObservations: new DataLoader<AreaObservationsKey, Observation[], string>(
      async (keys) => {
        // Keys that ask the same question (same filter) are answered by one statement.
        const groups = new Map<string, AreaObservationsKey[]>();
        for (const key of keys) {
          const group = `${key.level}|${key.indicatorCode}|${key.period}|${key.limit}`;
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
        const answers = new Map<string, Observation[]>();
        for (const group of groups.values()) {
          const { level, indicatorCode, period, limit } = group[0];
          const ids = group.map((k) => k.areaId);
          const rows = await observations.ofAreas(level, ids, { indicatorCode, period, limit });
          manyByKey(ids, rows, (r) => r.areaId).forEach((list, i) => answers.set(areaObservationsKey(group[i]), list));
        }
        return keys.map((k) => answers.get(areaObservationsKey(k)) ?? []);
      },
      { cacheKeyFn: areaObservationsKey },
    ),
    observation: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await observations.byIds(ids), (o) => o.internalId),
    ),
    target: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await observations.targetsOf(ids), (t) => t.observationId),
    ),
    revisions: new DataLoader<string, RevisionSet>(async (ids) => {
      const rows = await observations.revisionsOf(ids);
      const sets = new Map<string, RevisionSet>();
      for (const row of rows) {
        const set = sets.get(row.observationId) ?? { chosen: false, others: [] };
        if (row.internalId === row.observationId) set.chosen = row.rank === '1' || Number(row.rank) === 1;
        else set.others.push(Revision.from(row));
        sets.set(row.observationId, set);
      }
      // A target, an unmapped or a superseded figure has no place in the ranking: only itself.
      return ids.map((id) => sets.get(id) ?? { chosen: false, others: [] });
    }),
    rawIndicator: new DataLoader(async (ids: readonly number[]) =>
      oneByKey(ids, await observations.rawIndicatorsByIds(ids), (r) => r.internalId),
    ),
  };
}

export interface AreaObservationsKey {
  level: 'office' | 'municipality';
  areaId: number;
  indicatorCode: string | null;
  period: string | null;
  limit: number;
}

function areaObservationsKey(k: AreaObservationsKey): string {
  return `${k.level}|${k.areaId}|${k.indicatorCode}|${k.period}|${k.limit}`;
}
