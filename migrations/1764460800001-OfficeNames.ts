import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Earlier names of an office. NAV renamed many offices after mergers (NAV Fana became Nav Bergen
 * sør); a journalist with a 2019 report still searches by the old name, and the office must be
 * found by it without pretending the old name is current.
 */
export class OfficeNames1764460800001 implements MigrationInterface {
  name = 'OfficeNames1764460800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offices ADD COLUMN former_names text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offices DROP COLUMN former_names`);
  }
}
