import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ranking_snapshots: the rows of the ranking statement (src/modules/comparison/ranking.sql.ts) for
 * a whole level, one indicator and one period, as that statement returned them, kept so that the
 * most asked ranking is read instead of derived (src/modules/comparison/ranking-snapshots.ts).
 *
 * A snapshot must never outlive what it was made from. Every table the statement reads has a
 * trigger that deletes the snapshots a write may change, in the writing transaction: by indicator
 * where the rows say which (current figures, targets, raw indicators, the indicators themselves,
 * the country's figures, sources), all of them where they do not (areas, populations, peer groups).
 * A missing snapshot costs a ranking only the statement it ran before; the writers that change
 * figures make the missing ones again before they commit.
 *
 * A transaction that forgets snapshots holds a lock on them until it ends, and so does one that
 * makes them (src/modules/comparison/ranking-snapshots.ts): without it, a snapshot made from figures
 * as they were before another transaction's write, and committed after that write's trigger had run,
 * would outlive the write.
 *
 * `statement` names the text that made a snapshot (a hash of it), so that a hub with another
 * ranking statement never reads rows made by this one.
 */
export class RankingSnapshots1764460800006 implements MigrationInterface {
  name = 'RankingSnapshots1764460800006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ranking_snapshots (
        statement text NOT NULL,
        indicator_id integer NOT NULL,
        level text NOT NULL,
        period text NOT NULL,
        -- The indicator first: the triggers forget by indicator.
        PRIMARY KEY (indicator_id, level, period, statement)
      )`);
    // The statement's columns, of the types it returns (a test compares them), after the snapshot's key.
    await q.query(`
      CREATE TABLE ranking_snapshot_rows (
        ranking_statement text NOT NULL,
        ranking_indicator_id integer NOT NULL,
        ranking_level text NOT NULL,
        ranking_period text NOT NULL,
        head json,
        asked_period text,
        unit_id integer,
        code text,
        name text,
        reason text,
        rank integer,
        percentile text,
        value text,
        difference_from_median text,
        previous_value text,
        change_from_previous text,
        published_value text,
        period text,
        period_text text,
        previous_period text,
        value_text text,
        figure_unit text,
        quote text,
        flags text[],
        source_id integer,
        raw_indicator_id integer,
        population_problem text,
        population bigint,
        denominator bigint,
        districts text,
        population_year integer,
        population_basis text,
        other_periods text,
        figure_numerator text,
        figure_denominator text,
        denominator_text text,
        derivation_index integer,
        target_text text,
        target_comparator text,
        target_met boolean,
        area_code text,
        area_name text,
        area_county_code text,
        area_valid_from_year integer,
        area_valid_to_year integer,
        office_parent_name text,
        office_address text,
        office_origin text,
        office_norg_code text,
        office_former_names text[]
      )`);
    // One index for a ranking's rows and for the triggers, which forget by indicator.
    await q.query(`CREATE INDEX ranking_snapshot_rows_key_idx ON ranking_snapshot_rows (ranking_indicator_id, ranking_level, ranking_period, ranking_statement)`);

    await q.query(`
      CREATE FUNCTION ranking_snapshots_forget(indicator_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(current_schema() || ':ranking_snapshots'));
        IF indicator_ids IS NULL THEN
          DELETE FROM ranking_snapshot_rows;
          DELETE FROM ranking_snapshots;
        ELSIF cardinality(indicator_ids) > 0 THEN
          DELETE FROM ranking_snapshot_rows WHERE ranking_indicator_id = ANY(indicator_ids);
          DELETE FROM ranking_snapshots WHERE indicator_id = ANY(indicator_ids);
        END IF;
      END $$`);

    // Areas, populations and peer groups: any write may change any ranking's scope or rows.
    await q.query(`
      CREATE FUNCTION ranking_snapshots_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ranking_snapshots_forget(NULL);
        RETURN NULL;
      END $$`);
    for (const table of ['offices', 'office_areas', 'municipalities', 'municipality_codes', 'counties', 'municipality_peer_groups', 'populations']) {
      await q.query(`CREATE TRIGGER ranking_snapshots_forget AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_all()`);
    }

    // Tables whose rows name the indicator: the snapshots of the indicators before and after the
    // write. A transition table is only allowed on a trigger of one event, so three triggers each.
    const byIndicator: Record<string, string> = {
      current_figures: 'SELECT indicator_id FROM %s',
      raw_indicators: 'SELECT indicator_id FROM %s',
      indicators: 'SELECT id FROM %s',
      // A ranking reads a target through its figure's raw indicator, whatever the target's own indicator says.
      targets: 'SELECT r.indicator_id FROM %s t JOIN raw_indicators r ON r.id = t.raw_indicator_id UNION SELECT indicator_id FROM %s',
      // Every figure of a source is published under one of its raw indicators. A new source changes
      // no ranking until figures name it; a new version supersedes the old one with an UPDATE.
      sources: 'SELECT r.indicator_id FROM raw_indicators r WHERE r.source_id IN (SELECT id FROM %s)',
    };
    for (const [table, select] of Object.entries(byIndicator)) {
      // Distinct: a rebuild of current figures writes thousands of rows of a few indicators.
      const ids = (rows: string) => `ARRAY(SELECT DISTINCT x FROM (${select.replaceAll('%s', rows)}) s(x))`;
      await q.query(`
        CREATE FUNCTION ranking_snapshots_forget_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'TRUNCATE' THEN
            PERFORM ranking_snapshots_forget(NULL);
          ELSIF TG_OP = 'INSERT' THEN
            PERFORM ranking_snapshots_forget(${ids('new_rows')});
          ELSIF TG_OP = 'UPDATE' THEN
            PERFORM ranking_snapshots_forget(${ids('old_rows')} || ${ids('new_rows')});
          ELSE
            PERFORM ranking_snapshots_forget(${ids('old_rows')});
          END IF;
          RETURN NULL;
        END $$`);
      if (table !== 'sources') {
        await q.query(`CREATE TRIGGER ranking_snapshots_forget_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_${table}()`);
      }
      await q.query(
        `CREATE TRIGGER ranking_snapshots_forget_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_${table}()`,
      );
      await q.query(`CREATE TRIGGER ranking_snapshots_forget_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_${table}()`);
      await q.query(`CREATE TRIGGER ranking_snapshots_forget_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_${table}()`);
    }

    // The country's figure beside a ranking: only national rows, checked per row so that the COPY
    // of an import's figures does not collect every row in a transition table.
    await q.query(`
      CREATE FUNCTION ranking_snapshots_forget_national() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM ranking_snapshots_forget(NULL);
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM ranking_snapshots_forget(ARRAY[OLD.indicator_id]);
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM ranking_snapshots_forget(ARRAY[OLD.indicator_id, NEW.indicator_id]);
        ELSE
          PERFORM ranking_snapshots_forget(ARRAY[NEW.indicator_id]);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER ranking_snapshots_forget_insert AFTER INSERT ON observations FOR EACH ROW WHEN (NEW.national) EXECUTE FUNCTION ranking_snapshots_forget_national()`);
    await q.query(
      `CREATE TRIGGER ranking_snapshots_forget_update AFTER UPDATE ON observations FOR EACH ROW WHEN (OLD.national OR NEW.national) EXECUTE FUNCTION ranking_snapshots_forget_national()`,
    );
    await q.query(`CREATE TRIGGER ranking_snapshots_forget_delete AFTER DELETE ON observations FOR EACH ROW WHEN (OLD.national) EXECUTE FUNCTION ranking_snapshots_forget_national()`);
    await q.query(`CREATE TRIGGER ranking_snapshots_forget_truncate AFTER TRUNCATE ON observations FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_forget_national()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['offices', 'office_areas', 'municipalities', 'municipality_codes', 'counties', 'municipality_peer_groups', 'populations']) {
      await q.query(`DROP TRIGGER ranking_snapshots_forget ON ${table}`);
    }
    for (const table of ['current_figures', 'raw_indicators', 'indicators', 'targets', 'sources', 'observations']) {
      for (const event of ['insert', 'update', 'delete', 'truncate']) {
        if (table === 'sources' && event === 'insert') continue;
        await q.query(`DROP TRIGGER ranking_snapshots_forget_${event} ON ${table}`);
      }
      await q.query(`DROP FUNCTION ranking_snapshots_forget_${table === 'observations' ? 'national' : table}()`);
    }
    await q.query('DROP FUNCTION ranking_snapshots_forget_all()');
    await q.query('DROP FUNCTION ranking_snapshots_forget(integer[])');
    await q.query('DROP TABLE ranking_snapshot_rows');
    await q.query('DROP TABLE ranking_snapshots');
  }
}
