import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * current_figures: per indicator, level and unit, one row per period with the figure a ranking
 * shows, its previous value, whether sources disagree and whether it is the unit's latest, kept
 * by every import (src/modules/observations/current-figures.ts) instead of derived on every
 * request. A copy of what the figures say, rebuilt in the transaction that changes them: no
 * foreign keys, which would check every row again on each rebuild.
 */
export class CurrentFigures1764460800004 implements MigrationInterface {
  name = 'CurrentFigures1764460800004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE current_figures (
        indicator_id integer NOT NULL,
        level text NOT NULL CONSTRAINT current_figures_level_check CHECK (level IN ('office', 'municipality', 'county')),
        -- An office's or a municipality's id, or a county's number.
        unit_id integer NOT NULL,
        period text NOT NULL,
        year integer NOT NULL,
        observation_id bigint NOT NULL,
        raw_indicator_id integer NOT NULL,
        source_id integer NOT NULL,
        office_id integer,
        municipality_id integer,
        period_text text,
        value numeric,
        value_text text,
        unit text,
        quote text NOT NULL,
        flags text[] NOT NULL,
        numerator numeric,
        denominator numeric,
        denominator_text text,
        derivation text,
        suppressed boolean NOT NULL,
        -- Another current source published another value for the same unit and period.
        disagreeing boolean NOT NULL,
        -- The value of the period right before, of the same kind; its year even where it is withheld.
        previous_value numeric,
        previous_year integer,
        is_latest boolean NOT NULL,
        -- A ranking's period; a year's periods too ('2020' to '2020-Q4' sort together).
        PRIMARY KEY (indicator_id, level, period, unit_id)
      )`);
    // A ranking in latest mode, and the units that publish at a level at all.
    await q.query(`CREATE INDEX current_figures_latest_idx ON current_figures (indicator_id, level, unit_id) WHERE is_latest`);
    // The country's figure beside a ranking: without it, the ranking index reads every unit's figure of the period to find it.
    await q.query(`CREATE INDEX observations_national_idx ON observations (indicator_id, period) WHERE national AND is_current AND kind = 'actual'`);
    // The figures already imported; the rule as it stands in this release, later ones refresh through imports.
    await q.query(`
      INSERT INTO current_figures (indicator_id, level, unit_id, period, year, observation_id, raw_indicator_id, source_id,
                                   office_id, municipality_id, period_text, value, value_text, unit, quote, flags, numerator,
                                   denominator, denominator_text, derivation, suppressed, disagreeing, previous_value,
                                   previous_year, is_latest)
      SELECT b.indicator_id, b.level, b.unit_id, b.period, b.year, b.id, b.raw_indicator_id, b.source_id,
             b.office_id, b.municipality_id, b.period_text, b.value, b.value_text, b.unit, b.quote, b.flags, b.numerator,
             b.denominator, b.denominator_text, b.derivation, b.suppressed, b.disagreeing,
             -- The figure before it in the unit's series of the same kind of period, when that is the
             -- period right before (2019 for 2020, not 2017 where 2018 and 2019 are missing).
             CASE WHEN lag(b.period) OVER w = CASE
            WHEN b.period ~ '^[0-9]{4}$' THEN (left(b.period, 4)::int - 1)::text
            WHEN b.period ~ '-Q1$' THEN (left(b.period, 4)::int - 1)::text || '-Q4'
            WHEN b.period ~ '-Q[2-4]$' THEN left(b.period, 4) || '-Q' || (right(b.period, 1)::int - 1)::text
            ELSE to_char(to_date(b.period || '-01', 'YYYY-MM-DD') - interval '1 month', 'YYYY-MM')
          END THEN lag(CASE WHEN b.suppressed THEN NULL ELSE b.value END) OVER w END,
             CASE WHEN lag(b.period) OVER w = CASE
            WHEN b.period ~ '^[0-9]{4}$' THEN (left(b.period, 4)::int - 1)::text
            WHEN b.period ~ '-Q1$' THEN (left(b.period, 4)::int - 1)::text || '-Q4'
            WHEN b.period ~ '-Q[2-4]$' THEN left(b.period, 4) || '-Q' || (right(b.period, 1)::int - 1)::text
            ELSE to_char(to_date(b.period || '-01', 'YYYY-MM-DD') - interval '1 month', 'YYYY-MM')
          END THEN lag(b.year) OVER w END,
             -- Withheld or not: a withheld latest figure is not replaced by an older one.
             row_number() OVER (PARTITION BY b.indicator_id, b.level, b.unit_id ORDER BY b.year DESC, b.period DESC) = 1
        FROM (SELECT DISTINCT ON (f.indicator_id, f.level, f.unit_id, f.period) f.*,
                     coalesce(min(f.value) FILTER (WHERE NOT f.suppressed) OVER p
                              <> max(f.value) FILTER (WHERE NOT f.suppressed) OVER p, false) AS disagreeing
                FROM (SELECT o.*, s.report_year, (o.value IS NULL OR 'suppressed' = ANY(o.flags)) AS suppressed,
                             CASE WHEN o.office_id IS NOT NULL THEN 'office' WHEN o.county_code IS NOT NULL THEN 'county' ELSE 'municipality' END AS level,
                             CASE WHEN o.office_id IS NOT NULL THEN o.office_id WHEN o.county_code IS NOT NULL THEN o.county_code::int
                                  ELSE o.municipality_id END AS unit_id
                        FROM observations o
                        JOIN sources s ON s.id = o.source_id
                       WHERE o.is_current AND o.kind = 'actual' AND o.indicator_id IS NOT NULL AND NOT o.national
                         -- A county is ranked by its number; a code that is none could not be.
                         AND (o.county_code IS NULL OR o.county_code ~ '^[0-9]{1,9}$')) f
              WINDOW p AS (PARTITION BY f.indicator_id, f.level, f.unit_id, f.period)
               ORDER BY f.indicator_id, f.level, f.unit_id, f.period, (f.value IS NULL OR 'suppressed' = ANY(f.flags)), f.report_year DESC NULLS LAST, f.source_id DESC, f.id DESC) b
      WINDOW w AS (PARTITION BY b.indicator_id, b.level, b.unit_id, translate(b.period, '0123456789', '') ORDER BY b.period)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX observations_national_idx`);
    await q.query(`DROP TABLE current_figures`);
  }
}
