import { dataChanged } from '../../cache/data-changes';
import type { Database } from '../../db/database';
import { UserFacingError } from '../../schema/user-facing-error';
import { refreshDerivedFigures } from './derived-figures';

export interface MapRawIndicatorCommand {
  rawIndicatorId: number;
  indicatorCode: string;
  transformation: 'identity' | 'percent_text' | 'scale';
  factor: string | null;
  note: string | null;
  applyToSameLabel: boolean;
  curator: string;
}

/**
 * Maps a published label onto the taxonomy after the fact, and derives its observations:
 * value = published value × factor, in the indicator's unit. With applyToSameLabel the mapping
 * is remembered for future imports and applied to every unmapped label that reads the same.
 */
export class RawIndicatorMappingService {
  constructor(private readonly db: Database) {}

  async map(cmd: MapRawIndicatorCommand): Promise<{ rawIndicators: number; observations: number }> {
    if (cmd.transformation === 'scale' && !cmd.factor) {
      throw new UserFacingError('a SCALE transformation needs a factor, e.g. "4"', ['input', 'factor'], 'FACTOR_REQUIRED');
    }
    if (cmd.transformation !== 'scale' && cmd.factor) {
      throw new UserFacingError('a factor only goes with the SCALE transformation', ['input', 'factor'], 'FACTOR_NOT_ALLOWED');
    }
    const mapped = await this.db.transaction(async (client) => {
      const indicator = await client.query<{ id: number; unit: string }>('/* mapping.indicator */ SELECT id, unit FROM indicators WHERE code = $1', [cmd.indicatorCode]);
      if (!indicator.rows[0]) {
        throw new UserFacingError(`"${cmd.indicatorCode}" is not an indicator of the taxonomy; use a code from indicators(search: ...)`, ['input', 'indicator'], 'UNKNOWN_INDICATOR');
      }
      const raw = await client.query<{ id: number; normalised_label: string }>(
        '/* mapping.raw */ SELECT id, normalised_label FROM raw_indicators WHERE id = $1 FOR UPDATE',
        [cmd.rawIndicatorId],
      );
      if (!raw.rows[0]) throw new UserFacingError('no raw indicator has that id', ['input', 'rawIndicator'], 'NOT_FOUND');
      const factor = cmd.transformation === 'scale' ? cmd.factor : null;
      const mapped = await client.query<{ id: number; previous_indicator_id: number | null }>(
        `/* mapping.update_raw */
         UPDATE raw_indicators r
            SET indicator_id = $1, transformation = $2, transformation_factor = $3, transformation_note = $4, mapped_by = $5
           FROM raw_indicators previous
          WHERE previous.id = r.id AND (r.id = $6 OR ($7::boolean AND r.indicator_id IS NULL AND r.normalised_label = $8))
          RETURNING r.id, previous.indicator_id AS previous_indicator_id`,
        [indicator.rows[0].id, cmd.transformation, factor, cmd.note, `curator ${cmd.curator}`, cmd.rawIndicatorId, cmd.applyToSameLabel, raw.rows[0].normalised_label],
      );
      const ids = mapped.rows.map((r) => r.id);
      const observations = await client.query(
        `/* mapping.derive_observations */
         UPDATE observations o
            SET indicator_id = $2,
                value = o.published_value * coalesce($3::numeric, 1),
                unit = $4,
                flags = CASE WHEN $3::numeric IS NULL THEN array_remove(o.flags, 'derived')
                             ELSE array_append(array_remove(o.flags, 'derived'), 'derived') END
          -- Published figures only: a sum or share derived from them carries their raw indicator
          -- too, and is derived again below for the indicator they join.
          WHERE o.raw_indicator_id = ANY($1::int[]) AND o.derivation IS NULL`,
        [ids, indicator.rows[0].id, factor, indicator.rows[0].unit],
      );
      await client.query('/* mapping.targets */ UPDATE targets SET indicator_id = $2 WHERE raw_indicator_id = ANY($1::int[])', [ids, indicator.rows[0].id]);
      // The figures left the indicator they had and joined this one: the sums and shares of both
      // in the periods of the figures, and what rankings read of both, follow in this transaction.
      const touched = new Set([indicator.rows[0].id, ...mapped.rows.flatMap((r) => (r.previous_indicator_id === null ? [] : [r.previous_indicator_id]))]);
      const moved = await client.query<{ periods: string[] | null; sources: number[] | null }>(
        `/* mapping.moved */
         SELECT array_agg(DISTINCT period) AS periods, array_agg(DISTINCT source_id) AS sources FROM observations
          WHERE raw_indicator_id = ANY($1::int[]) AND derivation IS NULL`,
        [ids],
      );
      await refreshDerivedFigures(client, { indicators: [...touched], periods: moved.rows[0]?.periods ?? [], sources: moved.rows[0]?.sources ?? [] });
      if (cmd.applyToSameLabel) {
        await client.query(
          `/* mapping.remember */
           INSERT INTO label_mappings (normalised_label, indicator_id, transformation, transformation_factor, note, created_by)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (normalised_label) DO UPDATE
             SET indicator_id = EXCLUDED.indicator_id, transformation = EXCLUDED.transformation,
                 transformation_factor = EXCLUDED.transformation_factor, note = EXCLUDED.note,
                 created_by = EXCLUDED.created_by, created_at = now()`,
          [raw.rows[0].normalised_label, indicator.rows[0].id, cmd.transformation, factor, cmd.note, cmd.curator],
        );
      }
      return { rawIndicators: ids.length, observations: observations.rowCount ?? 0 };
    });
    // The mapped figures now rank differently: every hub stops answering from before (src/cache).
    await dataChanged(this.db);
    return mapped;
  }
}
