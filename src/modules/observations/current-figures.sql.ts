import { BEST_FIRST, PREVIOUS_PERIOD, SUPPRESSED } from '../comparison/comparison.fragments';

/**
 * current_figures: what a ranking reads, kept instead of derived on every request. Per indicator,
 * level ('office' | 'municipality' | 'county') and unit, one row per period: the figure the
 * comparisons show (the best of the current results, BEST_FIRST), whether another current source
 * published another value for it, its value in the period before of the same kind (the previous
 * year, quarter or month; null when that figure is withheld or there is none), and whether it is
 * the unit's latest figure. Between imports none of this changes, and deriving it per request
 * read every period of every unit (about 600 ms for 4,000 offices with 20 years each).
 *
 * A county's unit id is its number (as in the ranking); figures about the whole country are never
 * ranked and are not kept here.
 *
 * $1: the indicators to refresh (null: all). The two statements run in the transaction that
 * changed the figures, after the derived figures (derived-figures.ts), so that no reader sees the
 * new figures with old rankings.
 */
export const CURRENT_FIGURES_DELETE_SQL = `
/* current_figures.delete */
DELETE FROM current_figures WHERE $1::int[] IS NULL OR indicator_id = ANY($1::int[])`;

export const CURRENT_FIGURES_INSERT_SQL = `
/* current_figures.insert */
INSERT INTO current_figures (indicator_id, level, unit_id, period, year, observation_id, raw_indicator_id, source_id,
                             office_id, municipality_id, period_text, value, value_text, unit, quote, flags, numerator,
                             denominator, denominator_text, derivation, suppressed, disagreeing, previous_value,
                             previous_year, is_latest)
SELECT b.indicator_id, b.level, b.unit_id, b.period, b.year, b.id, b.raw_indicator_id, b.source_id,
       b.office_id, b.municipality_id, b.period_text, b.value, b.value_text, b.unit, b.quote, b.flags, b.numerator,
       b.denominator, b.denominator_text, b.derivation, b.suppressed, b.disagreeing,
       -- The figure before it in the unit's series of the same kind of period, when that is the
       -- period right before (2019 for 2020, not 2017 where 2018 and 2019 are missing).
       CASE WHEN lag(b.period) OVER w = ${PREVIOUS_PERIOD('b.period')} THEN lag(CASE WHEN b.suppressed THEN NULL ELSE b.value END) OVER w END,
       CASE WHEN lag(b.period) OVER w = ${PREVIOUS_PERIOD('b.period')} THEN lag(b.year) OVER w END,
       -- Withheld or not: a withheld latest figure is not replaced by an older one.
       row_number() OVER (PARTITION BY b.indicator_id, b.level, b.unit_id ORDER BY b.year DESC, b.period DESC) = 1
  FROM (SELECT DISTINCT ON (f.indicator_id, f.level, f.unit_id, f.period) f.*,
               coalesce(min(f.value) FILTER (WHERE NOT f.suppressed) OVER p
                        <> max(f.value) FILTER (WHERE NOT f.suppressed) OVER p, false) AS disagreeing
          FROM (SELECT o.*, s.report_year, ${SUPPRESSED('o')} AS suppressed,
                       CASE WHEN o.office_id IS NOT NULL THEN 'office' WHEN o.county_code IS NOT NULL THEN 'county' ELSE 'municipality' END AS level,
                       CASE WHEN o.office_id IS NOT NULL THEN o.office_id WHEN o.county_code IS NOT NULL THEN o.county_code::int
                            ELSE o.municipality_id END AS unit_id
                  FROM observations o
                  JOIN sources s ON s.id = o.source_id
                 WHERE o.is_current AND o.kind = 'actual' AND o.indicator_id IS NOT NULL AND NOT o.national
                   -- A county is ranked by its number; a code that is none could not be.
                   AND (o.county_code IS NULL OR o.county_code ~ '^[0-9]{1,9}$')
                   AND ($1::int[] IS NULL OR o.indicator_id = ANY($1::int[]))) f
        WINDOW p AS (PARTITION BY f.indicator_id, f.level, f.unit_id, f.period)
         ORDER BY f.indicator_id, f.level, f.unit_id, f.period, ${BEST_FIRST('f', 'f')}) b
WINDOW w AS (PARTITION BY b.indicator_id, b.level, b.unit_id, translate(b.period, '0123456789', '') ORDER BY b.period)`;
