import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * National coverage: population on two bases, NAV's own office register, KOSTRA peer groups,
 * county and country figures, and figures the hub derives from published ones.
 */
export class NationalCoverage1764460800000 implements MigrationInterface {
  name = 'NationalCoverage1764460800000';

  async up(q: QueryRunner): Promise<void> {
    // Population is known on the borders of its own year (2010–2018) or on today's (2024) borders
    // for a municipality whose borders did not change since; an answer must say which it used.
    await q.query(`
      ALTER TABLE populations
        ADD COLUMN basis text NOT NULL DEFAULT 'own_year_borders'
          CONSTRAINT populations_basis_check CHECK (basis IN ('own_year_borders', 'borders_2024')),
        ADD COLUMN age_0_17 integer,
        ADD COLUMN age_16_66 integer`);

    // NAV's own unit number (NORG enhetsnummer) where the office is in NAV's register.
    await q.query(`ALTER TABLE offices ADD COLUMN norg_code text`);
    await q.query(`CREATE UNIQUE INDEX offices_norg_code_key ON offices (norg_code) WHERE norg_code IS NOT NULL`);

    // Peer groups a municipality belonged to under a named scheme (SSB's KOSTRA groups of 2015).
    await q.query(`
      CREATE TABLE municipality_peer_groups (
        municipality_id integer NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
        scheme text NOT NULL,
        group_code text NOT NULL,
        published_code text NOT NULL,
        population integer,
        PRIMARY KEY (municipality_id, scheme)
      )`);
    await q.query(`CREATE INDEX municipality_peer_groups_group_idx ON municipality_peer_groups (scheme, group_code)`);

    // A figure may be about a county or the whole country. A derived figure (an office's or a
    // county's sum over its municipalities, a share computed from a count and a population) keeps
    // what it was computed from, so an answer can show numerator and denominator.
    await q.query(`
      ALTER TABLE observations
        ADD COLUMN county_code text REFERENCES counties(code) ON DELETE CASCADE,
        ADD COLUMN national boolean NOT NULL DEFAULT false,
        ADD COLUMN numerator numeric,
        ADD COLUMN denominator numeric,
        ADD COLUMN denominator_text text,
        ADD COLUMN derivation text`);
    await q.query(`ALTER TABLE observations DROP CONSTRAINT observations_area`);
    await q.query(`
      ALTER TABLE observations ADD CONSTRAINT observations_area CHECK (
        (office_id IS NOT NULL)::int + (office_id IS NULL AND municipality_id IS NOT NULL)::int
        + (county_code IS NOT NULL)::int + national::int = 1)`);
    await q.query(`CREATE INDEX observations_county_code_idx ON observations (county_code)`);
    await q.query(`CREATE INDEX observations_derived_idx ON observations (indicator_id) WHERE derivation IS NOT NULL`);

    // Provenance a citation needs beside title and publisher: the terms the figures may be reused
    // under, and where the document came from when that is not the publisher's own page (an extract).
    await q.query(`ALTER TABLE sources ADD COLUMN licence text, ADD COLUMN provenance text`);

    // How an indicator is computed from others, where the hub derives it (taxonomy `derivation`).
    await q.query(`ALTER TABLE indicators ADD COLUMN derivation jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicators DROP COLUMN derivation`);
    await q.query(`ALTER TABLE sources DROP COLUMN licence, DROP COLUMN provenance`);
    await q.query(`DELETE FROM observations WHERE office_id IS NULL AND municipality_id IS NULL`);
    await q.query(`ALTER TABLE observations DROP CONSTRAINT observations_area`);
    await q.query(`ALTER TABLE observations ADD CONSTRAINT observations_area CHECK (office_id IS NOT NULL OR municipality_id IS NOT NULL)`);
    await q.query(`
      ALTER TABLE observations DROP COLUMN county_code, DROP COLUMN national, DROP COLUMN numerator,
        DROP COLUMN denominator, DROP COLUMN denominator_text, DROP COLUMN derivation`);
    await q.query(`DROP TABLE municipality_peer_groups`);
    await q.query(`DROP INDEX offices_norg_code_key`);
    await q.query(`ALTER TABLE offices DROP COLUMN norg_code`);
    await q.query(`ALTER TABLE populations DROP COLUMN basis, DROP COLUMN age_0_17, DROP COLUMN age_16_66`);
  }
}
