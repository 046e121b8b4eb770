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
        const groups = new Map<string, { filter: AreaObservationsKey; keys: AreaObservationsKey[] }>();
        for (const key of keys) {
          const name = `${key.level}|${key.indicatorCode}|${key.period}|${key.limit}`;
          const group = groups.get(name);
          if (group) group.keys.push(key);
          else groups.set(name, { filter: key, keys: [key] });
        }
        const answers = new Map<string, Observation[]>();
        for (const { filter, keys: asked } of groups.values()) {
          const { level, indicatorCode, period, limit } = filter;
          const ids = asked.map((k) => k.areaId);
          const lists = manyByKey(ids, await observations.ofAreas(level, ids, { indicatorCode, period, limit }), (r) => r.areaId);
          // One list per id, in the order asked; an area without rows has none.
          asked.forEach((k, i) => answers.set(areaObservationsKey(k), lists[i] ?? []));
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
        if (row.internalId === row.observationId) set.chosen = row.rank === 1;
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
