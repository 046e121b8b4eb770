import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for rebuilding the current figures of the units an import changed, so that a report of a
 * few figures costs the same in a database of any size. Before them the rebuild read every current
 * figure of the report's indicators: on a database of 217,000 figures, about 160 of the 200 ms a
 * report of one office's year took.
 *
 * - A unit's current figures of an indicator: the primary key has the period before the unit.
 * - The current figures of a document's sources, and the derived ones of the periods an import
 *   changed: the units whose figures may have gone since (a label mapped to another indicator, a
 *   derived figure no longer derived).
 * - Derived figures by indicator and period, not by indicator alone: an import derives again only
 *   the periods it changed.
 */
export class CurrentFiguresByUnit1764460800010 implements MigrationInterface {
  name = 'CurrentFiguresByUnit1764460800010';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX current_figures_unit_idx ON current_figures (indicator_id, level, unit_id)');
    await q.query('CREATE INDEX current_figures_source_id_idx ON current_figures (source_id)');
    await q.query('CREATE INDEX current_figures_derived_idx ON current_figures (indicator_id, period) WHERE derivation IS NOT NULL');
    await q.query('DROP INDEX observations_derived_idx');
    await q.query('CREATE INDEX observations_derived_idx ON observations (indicator_id, period) WHERE derivation IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX observations_derived_idx');
    await q.query('CREATE INDEX observations_derived_idx ON observations (indicator_id) WHERE derivation IS NOT NULL');
    await q.query('DROP INDEX current_figures_derived_idx');
    await q.query('DROP INDEX current_figures_source_id_idx');
    await q.query('DROP INDEX current_figures_unit_idx');
  }
}
