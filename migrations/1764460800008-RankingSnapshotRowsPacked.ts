import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ranking snapshot keeps each row as one JSON array of the ranking statement's columns
 * (`row_values`, made by `packedColumnsSql` in src/db/columns.ts) instead of one column each.
 * PostgreSQL sends every value of a row through its type's output function and pg reads every one
 * with a call of its own: for 4,000 offices of 46 columns, the embedded database spent 16.5 ms
 * sending the rows and 5 ms sending them packed. `rank` stays a column: a `top` cut reads it.
 *
 * The snapshots made before are forgotten here; the hub makes them again at start-up, as it does
 * for any missing one (src/modules/comparison/ranking-snapshots.ts).
 */
export class RankingSnapshotRowsPacked1764460800008 implements MigrationInterface {
  name = 'RankingSnapshotRowsPacked1764460800008';

  async up(q: QueryRunner): Promise<void> {
    await q.query('SELECT ranking_snapshots_forget(NULL)');
    await q.query(`ALTER TABLE ranking_snapshot_rows ${UNPACKED.map(([column]) => `DROP COLUMN ${column}`).join(', ')}, ADD COLUMN row_values json NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('SELECT ranking_snapshots_forget(NULL)');
    await q.query(`ALTER TABLE ranking_snapshot_rows DROP COLUMN row_values, ${UNPACKED.map(([column, type]) => `ADD COLUMN ${column} ${type}`).join(', ')}`);
  }
}

/** The columns migration 1764460800006 gave the rows, but `rank`, which stays. */
const UNPACKED: readonly (readonly [string, string])[] = [
  ['head', 'json'], ['asked_period', 'text'], ['unit_id', 'integer'], ['code', 'text'], ['name', 'text'], ['reason', 'text'],
  ['percentile', 'text'], ['value', 'text'], ['difference_from_median', 'text'], ['previous_value', 'text'],
  ['change_from_previous', 'text'], ['published_value', 'text'], ['period', 'text'], ['period_text', 'text'],
  ['previous_period', 'text'], ['value_text', 'text'], ['figure_unit', 'text'], ['quote', 'text'], ['flags', 'text[]'],
  ['source_id', 'integer'], ['raw_indicator_id', 'integer'], ['population_problem', 'text'], ['population', 'bigint'],
  ['denominator', 'bigint'], ['districts', 'text'], ['population_year', 'integer'], ['population_basis', 'text'],
  ['other_periods', 'text'], ['figure_numerator', 'text'], ['figure_denominator', 'text'], ['denominator_text', 'text'],
  ['derivation_index', 'integer'], ['target_text', 'text'], ['target_comparator', 'text'], ['target_met', 'boolean'],
  ['area_code', 'text'], ['area_name', 'text'], ['area_county_code', 'text'], ['area_valid_from_year', 'integer'],
  ['area_valid_to_year', 'integer'], ['office_parent_name', 'text'], ['office_address', 'text'], ['office_origin', 'text'],
  ['office_norg_code', 'text'], ['office_former_names', 'text[]'],
];
