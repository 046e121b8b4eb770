import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ranking snapshot kept as pages of its rows (ranking_snapshot_pages), each page a JSON array of
 * up to 100 rows in the ranking's order, each row the ranking statement's columns packed into one
 * JSON array (`packedColumnsSql`, src/db/columns.ts), instead of a table row per unit with a column
 * per value. PostgreSQL sends every value through its type's output function and every row as a
 * message of its own, and pg reads each with a call of its own: the embedded database spent 16.5 ms
 * sending a ranking of 4,000 offices as 46 columns a row, and 1.3 ms sending it as pages.
 *
 * `first_rank` and `unranked` let a `top` cut read only the pages that hold a row it keeps.
 *
 * The snapshots made before are forgotten here; the hub makes them again at start-up, as it does
 * for any missing one (src/modules/comparison/ranking-snapshots.ts).
 */
export class RankingSnapshotPages1764460800008 implements MigrationInterface {
  name = 'RankingSnapshotPages1764460800008';

  async up(q: QueryRunner): Promise<void> {
    await q.query('SELECT ranking_snapshots_forget(NULL)');
    await q.query('DROP TABLE ranking_snapshot_rows');
    await q.query(`
      CREATE TABLE ranking_snapshot_pages (
        ${SNAPSHOT_KEY},
        -- From 0, in the ranking's order.
        page integer NOT NULL,
        -- The rank of the page's first row (the best on it); null when no row on it is ranked.
        first_rank integer,
        -- Whether a row on it is not ranked (a missing unit): a top cut keeps those.
        unranked boolean NOT NULL,
        rows json NOT NULL,
        -- The indicator first: the triggers forget by indicator.
        PRIMARY KEY (ranking_indicator_id, ranking_level, ranking_period, ranking_statement, page)
      )`);
    await q.query(forgetFunction('ranking_snapshot_pages'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('SELECT ranking_snapshots_forget(NULL)');
    await q.query('DROP TABLE ranking_snapshot_pages');
    await q.query(`
      CREATE TABLE ranking_snapshot_rows (
        ${SNAPSHOT_KEY},
        ${UNPACKED.map(([column, type]) => `${column} ${type}`).join(',\n        ')},
        ranking_position integer NOT NULL
      )`);
    await q.query(
      'CREATE INDEX ranking_snapshot_rows_key_idx ON ranking_snapshot_rows (ranking_indicator_id, ranking_level, ranking_period, ranking_statement, ranking_position)',
    );
    await q.query(forgetFunction('ranking_snapshot_rows'));
  }
}

/** The columns that say which snapshot a row (a page) belongs to, as migration 1764460800006 made them. */
const SNAPSHOT_KEY = 'ranking_statement text NOT NULL, ranking_indicator_id integer NOT NULL, ranking_level text NOT NULL, ranking_period text NOT NULL';

/** The function every trigger forgets snapshots through (migration 1764460800006), for the table of their rows. */
function forgetFunction(rows: string): string {
  return `
    CREATE OR REPLACE FUNCTION ranking_snapshots_forget(indicator_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext(current_schema() || ':ranking_snapshots'));
      IF indicator_ids IS NULL THEN
        DELETE FROM ${rows};
        DELETE FROM ranking_snapshots;
      ELSIF cardinality(indicator_ids) > 0 THEN
        DELETE FROM ${rows} WHERE ranking_indicator_id = ANY(indicator_ids);
        DELETE FROM ranking_snapshots WHERE indicator_id = ANY(indicator_ids);
      END IF;
    END $$`;
}

/** The columns of ranking_snapshot_rows as migrations 1764460800006 and 1764460800007 left them. */
const UNPACKED: readonly (readonly [string, string])[] = [
  ['head', 'json'], ['asked_period', 'text'], ['unit_id', 'integer'], ['code', 'text'], ['name', 'text'], ['reason', 'text'],
  ['rank', 'integer'], ['percentile', 'text'], ['value', 'text'], ['difference_from_median', 'text'], ['previous_value', 'text'],
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
