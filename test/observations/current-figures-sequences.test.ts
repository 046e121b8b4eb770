import 'reflect-metadata';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { refreshDerivedFigures } from '../../src/modules/observations/derived-figures';
import { createTestHub } from '../support/hub';

/**
 * An import rebuilds the current figures of the units it changed only, and a rebuild matches units
 * by level and id, offices, municipalities and counties each on its own (their ids overlap). Whatever
 * reports come in, in whatever order, revised or not, what the imports leave must be what rebuilding
 * everything gives. Real geography, populations and taxonomy (NAV Numedal's three municipalities and
 * Buskerud, NAV Bodø and Nordland, so that sums and shares are derived, and the offices and
 * municipalities whose ids are theirs); the figures are invented.
 */

let hub: Hub;
const HEADER = 'area_kind,area_code,label,period,value,unit,indicator,source_title,publisher,report_year';
const AREAS: [string, string][] = [
  ['municipality', '3334'], ['municipality', '3336'], ['municipality', '3338'], ['municipality', '1804'],
  ['office', '0632'], ['office', '24837'], ['county', '33'], ['county', '18'],
];

/** The areas above, and the offices and municipalities whose ids are those of one of them: a rebuild must tell them apart. */
async function areasWithSameIds(): Promise<[string, string][]> {
  const { rows } = await hub.db.pool.query<{ kind: string; code: string }>(
    `WITH chosen AS (
       SELECT id FROM municipalities WHERE code = ANY($1) AND valid_to_year IS NULL
        UNION SELECT id FROM offices WHERE code = ANY($2)
        UNION SELECT code::int FROM counties WHERE code = ANY($3))
     SELECT 'municipality' AS kind, m.code FROM municipalities m JOIN chosen c USING (id)
      WHERE m.valid_to_year IS NULL AND m.code <> ALL($1)
      UNION
     SELECT 'office', o.code FROM offices o JOIN chosen c USING (id) WHERE o.code <> ALL($2)`,
    ['municipality', 'office', 'county'].map((kind) => AREAS.filter(([k]) => k === kind).map(([, code]) => code)),
  );
  return [...AREAS, ...rows.map((r): [string, string] => [r.kind, r.code])];
}
const INDICATORS = [
  // Summed over municipalities into offices and counties, and divided by the population into shares.
  { code: 'social_assistance.recipients_yearly', unit: 'persons', label: 'Mottakere i løpet av året (oppdiktet)' },
  { code: 'qualification_programme.exits_to_work_share', unit: 'percent', label: 'Andel til arbeid (oppdiktet)' },
];

const figure = (areas: [string, string][]) => fc.record({
  area: fc.constantFrom(...areas),
  indicator: fc.constantFrom(...INDICATORS),
  period: fc.integer({ min: 2020, max: 2024 }),
  // Blank: withheld.
  value: fc.option(fc.integer({ min: 0, max: 100 }), { freq: 6 }),
});
/** A report: one of three documents, so that a later one is often a revision of an earlier one. */
const report = (areas: [string, string][]) => fc.record({
  title: fc.constantFrom('Tall A (oppdiktet)', 'Tall B (oppdiktet)', 'Tall C (oppdiktet)'),
  reportYear: fc.integer({ min: 2024, max: 2026 }),
  figures: fc.uniqueArray(figure(areas), { minLength: 1, maxLength: 8, selector: (f) => `${f.area.join(':')} ${f.indicator.code} ${f.period}` }),
});

interface Report {
  title: string;
  reportYear: number;
  figures: { area: [string, string]; indicator: (typeof INDICATORS)[number]; period: number; value: number | null }[];
}

function csv(r: Report): string {
  return [
    HEADER,
    ...r.figures.map(
      (f) => `${f.area[0]},${f.area[1]},${f.indicator.label},${f.period},${f.value ?? ''},${f.indicator.unit},${f.indicator.code},${r.title},Testforlag (oppdiktet),${r.reportYear}`,
    ),
  ].join('\n');
}

/** Every current figure and every derived figure, as stored, ids left out. */
async function stored(): Promise<unknown[]> {
  const current = await hub.db.pool.query(
    `SELECT indicator_id, level, unit_id, period, value::text, previous_value::text, previous_year, is_latest, disagreeing, suppressed,
            quote, flags, source_id, derivation
       FROM current_figures ORDER BY indicator_id, level, unit_id, period`,
  );
  const derived = await hub.db.pool.query(
    `SELECT indicator_id, period, office_id, municipality_id, county_code, national, value::text, numerator::text, denominator::text, is_current
       FROM observations WHERE derivation IS NOT NULL ORDER BY 1, 2, 3, 4, 5, 6`,
  );
  return [current.rows, derived.rows];
}

beforeAll(async () => {
  hub = await createTestHub({ reference: true });
});
afterAll(async () => {
  await hub?.close();
});

describe('current figures after any sequence of reports', () => {
  it('equal the current figures rebuilt from scratch after every import', async () => {
    const areas = await areasWithSameIds();
    expect(areas.length).toBeGreaterThan(AREAS.length);
    await fc.assert(
      fc.asyncProperty(fc.array(report(areas), { minLength: 1, maxLength: 4 }), async (reports) => {
        await hub.db.transaction(async (client) => {
          await client.query('DELETE FROM sources');
          await client.query('DELETE FROM current_figures');
        });
        for (const r of reports) {
          await hub.services.imports.run({ document: csv(r), fileName: 'test-figures.csv', format: 'curator-csv', allowRemovals: true });
          const incremental = await stored();
          await hub.db.transaction((client) => refreshDerivedFigures(client));
          expect(await stored()).toEqual(incremental);
        }
      }),
      { numRuns: 16, seed: 8, endOnFailure: true },
    );
  });
});
