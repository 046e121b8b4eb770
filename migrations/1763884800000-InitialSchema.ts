import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole data model of the first release: geography (with code history and population),
 * NAV offices, the indicator taxonomy, sources, raw indicators, observations and targets.
 *
 * Conventions: plural snake_case tables; every foreign key has an explicit ON DELETE and an index;
 * every published figure is kept as `numeric` beside the text it was read from.
 */
export class InitialSchema1763884800000 implements MigrationInterface {
  name = 'InitialSchema1763884800000';

  async up(q: QueryRunner): Promise<void> {
    // What reference data set (taxonomy, municipalities, sample reports) was loaded, by checksum,
    // so that start-up loads each at most once and reloads it when the file changes.
    await q.query(`
      CREATE TABLE dataset_loads (
        name text PRIMARY KEY,
        sha256 text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE counties (
        code text PRIMARY KEY,
        name text NOT NULL,
        valid_from_year integer,
        valid_to_year integer
      )`);

    // One row per municipality as a unit that exists over time. A unit keeps its identity
    // through renumbering (Halden 0101 → 3001 → 3101); a merger ends the old units and
    // starts a new one, linked through municipality_successions.
    await q.query(`
      CREATE TABLE municipalities (
        id serial PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        county_code text REFERENCES counties(code) ON DELETE RESTRICT,
        valid_from_year integer,
        valid_to_year integer,
        CONSTRAINT municipalities_code_format CHECK (code ~ '^[0-9]{4}$')
      )`);
    await q.query(`CREATE UNIQUE INDEX municipalities_current_code_key ON municipalities (code) WHERE valid_to_year IS NULL`);
    await q.query(`CREATE INDEX municipalities_county_code_idx ON municipalities (county_code)`);

    await q.query(`
      CREATE TABLE municipality_codes (
        id serial PRIMARY KEY,
        municipality_id integer NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
        code text NOT NULL,
        name text NOT NULL,
        valid_from_year integer,
        valid_to_year integer,
        CONSTRAINT municipality_codes_unique UNIQUE (code, valid_from_year)
      )`);
    await q.query(`CREATE INDEX municipality_codes_municipality_id_idx ON municipality_codes (municipality_id)`);
    await q.query(`CREATE INDEX municipality_codes_code_idx ON municipality_codes (code)`);

    await q.query(`
      CREATE TABLE municipality_successions (
        predecessor_id integer NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
        successor_id integer NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
        year integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('merged', 'split', 'renumbered', 'transferred')),
        PRIMARY KEY (predecessor_id, successor_id, year)
      )`);
    await q.query(`CREATE INDEX municipality_successions_successor_id_idx ON municipality_successions (successor_id)`);

    // Population on 1 January of the year, for the municipality unit as it was that year.
    await q.query(`
      CREATE TABLE populations (
        municipality_id integer NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
        year integer NOT NULL,
        published_code text NOT NULL,
        total integer NOT NULL,
        age_18_24 integer,
        age_20_66 integer,
        age_18_66 integer,
        age_25_66 integer,
        age_67_plus integer,
        PRIMARY KEY (municipality_id, year)
      )`);

    await q.query(`
      CREATE TABLE offices (
        id serial PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        parent_name text,
        county_code text REFERENCES counties(code) ON DELETE SET NULL,
        address text,
        origin text NOT NULL,
        valid_from_year integer,
        valid_to_year integer
      )`);
    await q.query(`CREATE INDEX offices_county_code_idx ON offices (county_code)`);

    // The area an office serves, per period: one municipality, several, or one city district.
    await q.query(`
      CREATE TABLE office_areas (
        id serial PRIMARY KEY,
        office_id integer NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
        municipality_id integer NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
        district text,
        valid_from_year integer,
        valid_to_year integer
      )`);
    await q.query(`CREATE INDEX office_areas_office_id_idx ON office_areas (office_id)`);
    await q.query(`CREATE INDEX office_areas_municipality_id_idx ON office_areas (municipality_id)`);

    await q.query(`
      CREATE TABLE themes (
        code text PRIMARY KEY,
        name_nb text NOT NULL,
        name_en text NOT NULL,
        description text,
        parent_code text REFERENCES themes(code) ON DELETE SET NULL,
        sort_order integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX themes_parent_code_idx ON themes (parent_code)`);

    await q.query(`
      CREATE TABLE indicators (
        id serial PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name_nb text NOT NULL,
        name_en text NOT NULL,
        description text NOT NULL,
        theme_code text NOT NULL REFERENCES themes(code) ON DELETE RESTRICT,
        unit text NOT NULL,
        period_type text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better', 'neither')),
        population text NOT NULL,
        comparability_notes text,
        external_codes jsonb NOT NULL DEFAULT '[]'::jsonb,
        taxonomy_version text NOT NULL
      )`);
    await q.query(`CREATE INDEX indicators_theme_code_idx ON indicators (theme_code)`);

    await q.query(`
      CREATE TABLE indicator_relations (
        indicator_id integer NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
        related_indicator_id integer NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
        kind text NOT NULL,
        factor numeric,
        note text,
        PRIMARY KEY (indicator_id, related_indicator_id, kind)
      )`);
    await q.query(`CREATE INDEX indicator_relations_related_idx ON indicator_relations (related_indicator_id)`);

    // A published document. A changed version of the same document (same document_key,
    // different sha256) becomes a new row whose observations supersede the old ones.
    await q.query(`
      CREATE TABLE sources (
        id serial PRIMARY KEY,
        document_key text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        title text NOT NULL,
        publisher text NOT NULL,
        office_id integer REFERENCES offices(id) ON DELETE SET NULL,
        municipality_id integer REFERENCES municipalities(id) ON DELETE SET NULL,
        report_year integer,
        url text,
        format text NOT NULL,
        sha256 text NOT NULL UNIQUE,
        retrieved_at timestamptz,
        imported_at timestamptz NOT NULL DEFAULT now(),
        content text NOT NULL,
        superseded_by_id integer REFERENCES sources(id) ON DELETE SET NULL,
        CONSTRAINT sources_document_version_key UNIQUE (document_key, version)
      )`);
    await q.query(`CREATE INDEX sources_office_id_idx ON sources (office_id)`);
    await q.query(`CREATE INDEX sources_municipality_id_idx ON sources (municipality_id)`);
    await q.query(`CREATE INDEX sources_superseded_by_id_idx ON sources (superseded_by_id)`);

    // A label exactly as one source publishes it, and its mapping onto the taxonomy.
    await q.query(`
      CREATE TABLE raw_indicators (
        id serial PRIMARY KEY,
        source_id integer NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        label text NOT NULL,
        normalised_label text NOT NULL,
        unit_text text,
        indicator_id integer REFERENCES indicators(id) ON DELETE SET NULL,
        transformation text,
        transformation_factor numeric,
        transformation_note text,
        mapped_by text,
        CONSTRAINT raw_indicators_source_label_key UNIQUE (source_id, label)
      )`);
    await q.query(`CREATE INDEX raw_indicators_indicator_id_idx ON raw_indicators (indicator_id)`);
    await q.query(`CREATE INDEX raw_indicators_normalised_label_idx ON raw_indicators (normalised_label)`);

    // Mappings a curator made through the API (rawIndicatorMap); consulted after the mapping
    // files, so the next report that publishes the same label is mapped without code.
    await q.query(`
      CREATE TABLE label_mappings (
        normalised_label text PRIMARY KEY,
        indicator_id integer NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
        transformation text NOT NULL,
        transformation_factor numeric,
        note text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX label_mappings_indicator_id_idx ON label_mappings (indicator_id)`);

    await q.query(`
      CREATE TABLE observations (
        id bigserial PRIMARY KEY,
        raw_indicator_id integer NOT NULL REFERENCES raw_indicators(id) ON DELETE CASCADE,
        indicator_id integer REFERENCES indicators(id) ON DELETE SET NULL,
        source_id integer NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        office_id integer REFERENCES offices(id) ON DELETE CASCADE,
        municipality_id integer REFERENCES municipalities(id) ON DELETE CASCADE,
        period text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$'),
        year integer NOT NULL,
        period_text text,
        kind text NOT NULL DEFAULT 'actual' CHECK (kind IN ('actual', 'target')),
        value numeric,
        published_value numeric,
        value_text text,
        unit text,
        quote text NOT NULL,
        location text,
        flags text[] NOT NULL DEFAULT '{}',
        is_current boolean NOT NULL DEFAULT true,
        CONSTRAINT observations_area CHECK (office_id IS NOT NULL OR municipality_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX observations_raw_indicator_id_idx ON observations (raw_indicator_id)`);
    await q.query(`CREATE INDEX observations_source_id_idx ON observations (source_id)`);
    await q.query(`CREATE INDEX observations_office_id_idx ON observations (office_id)`);
    await q.query(`CREATE INDEX observations_municipality_id_idx ON observations (municipality_id)`);
    // Covering index for rankings and filters: one indicator, one period, current actual values.
    await q.query(`
      CREATE INDEX observations_ranking_idx ON observations (indicator_id, period, office_id, municipality_id)
        INCLUDE (value, source_id, flags) WHERE is_current AND kind = 'actual'`);
    await q.query(`CREATE INDEX observations_indicator_year_idx ON observations (indicator_id, year)`);

    await q.query(`
      CREATE TABLE targets (
        id serial PRIMARY KEY,
        source_id integer NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        raw_indicator_id integer NOT NULL REFERENCES raw_indicators(id) ON DELETE CASCADE,
        indicator_id integer REFERENCES indicators(id) ON DELETE SET NULL,
        office_id integer REFERENCES offices(id) ON DELETE CASCADE,
        municipality_id integer REFERENCES municipalities(id) ON DELETE CASCADE,
        period text NOT NULL,
        text text NOT NULL,
        comparator text NOT NULL CHECK (comparator IN ('lt', 'lte', 'gt', 'gte', 'eq', 'range')),
        lower numeric,
        upper numeric,
        unit text,
        bands jsonb,
        quote text NOT NULL,
        is_current boolean NOT NULL DEFAULT true
      )`);
    // Whether a result meets a target, judged by the scorecard's own comparator. Lower-bound
    // comparators (gt, gte) read `lower`, upper-bound ones (lt, lte) read `upper`; a range is inclusive.
    // Used by observations, rankings and target attainment alike, so all three agree.
    await q.query(`
      CREATE FUNCTION target_met(comparator text, lower numeric, upper numeric, value numeric) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN value IS NULL THEN NULL
          WHEN comparator = 'lt' THEN value < upper
          WHEN comparator = 'lte' THEN value <= upper
          WHEN comparator = 'gt' THEN value > lower
          WHEN comparator = 'gte' THEN value >= lower
          WHEN comparator = 'eq' THEN value = coalesce(lower, upper)
          WHEN comparator = 'range' THEN value BETWEEN lower AND upper
        END
      $$`);
    await q.query(`CREATE INDEX targets_source_id_idx ON targets (source_id)`);
    await q.query(`CREATE INDEX targets_raw_indicator_period_idx ON targets (raw_indicator_id, period)`);
    await q.query(`CREATE INDEX targets_indicator_id_idx ON targets (indicator_id)`);
    await q.query(`CREATE INDEX targets_office_id_idx ON targets (office_id)`);
    await q.query(`CREATE INDEX targets_municipality_id_idx ON targets (municipality_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION target_met(text, numeric, numeric, numeric)');
    for (const table of [
      'targets', 'observations', 'label_mappings', 'raw_indicators', 'sources', 'indicator_relations', 'indicators', 'themes',
      'office_areas', 'offices', 'populations', 'municipality_successions', 'municipality_codes', 'municipalities', 'counties', 'dataset_loads',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
