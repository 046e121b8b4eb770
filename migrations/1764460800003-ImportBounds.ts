import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an import must be able to say about a figure: the footnote its marker points to, what its
 * label's mapping assumed, and bounds on the digits of a published value. NUMERIC is unbounded,
 * and a 400-digit value once made every ranking of its indicator fail; the importer refuses such
 * values first (src/import/normalise/decimal.ts, same bounds), the database makes sure.
 */
export class ImportBounds1764460800003 implements MigrationInterface {
  name = 'ImportBounds1764460800003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE observations ADD COLUMN footnote text`);
    await q.query(`ALTER TABLE raw_indicators ADD COLUMN definition_note text`);
    // Derived figures (shares) are computed by the hub and may carry more decimals; only published ones are bounded.
    await q.query(`
      ALTER TABLE observations ADD CONSTRAINT observations_published_bounds CHECK (
        derivation IS NOT NULL OR (
          (published_value IS NULL OR (abs(published_value) < 1e15 AND scale(published_value) <= 10))
          AND (value IS NULL OR (abs(value) < 1e15 AND scale(value) <= 10))))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE observations DROP CONSTRAINT observations_published_bounds`);
    await q.query(`ALTER TABLE raw_indicators DROP COLUMN definition_note`);
    await q.query(`ALTER TABLE observations DROP COLUMN footnote`);
  }
}
