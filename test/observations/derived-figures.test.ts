import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { refreshDerivedFigures } from '../../src/modules/observations/derived-figures';
import { toGlobalId } from '../../src/schema/node';
import { createTestHub } from '../support/hub';

/**
 * An import derives again only the periods whose figures it changed (a derived figure is computed
 * from figures of its own period), and what it leaves must be what deriving everything again gives:
 * the sums over NAV Numedal's municipalities (Flesberg, Rollag, Nore og Uvdal), Buskerud's and the
 * country's, the shares of the population aged 20–66, and the current figures rankings read.
 * Real geography, populations and taxonomy; the figures are invented (test data).
 */

let hub: Hub;
const RECIPIENTS = 'social_assistance.recipients_yearly';
const HEADER = 'area_kind,area_code,label,period,value,unit,indicator,source_title,publisher,report_year';

/** One curator CSV: rows of [municipality code, period, value]. */
function report(title: string, reportYear: number, rows: [string, string, string][]): string {
  return [HEADER, ...rows.map(([code, period, value]) => `municipality,${code},Mottakere i løpet av året (oppdiktet),${period},${value},persons,${RECIPIENTS},${title},Testforlag (oppdiktet),${reportYear}`)].join('\n');
}

async function load(document: string, allowRemovals = false): Promise<void> {
  const result = await hub.services.imports.run({ document, fileName: 'test-figures.csv', format: 'curator-csv', allowRemovals });
  expect(result.status).not.toBe('unchanged');
}

/** Every derived figure and every current figure, as stored (ids left out: a full refresh keeps them, but this compares content). */
async function stored(): Promise<{ derived: unknown[]; current: unknown[] }> {
  const derived = await hub.db.pool.query(
    `SELECT i.code, o.period, o.office_id, o.municipality_id, o.county_code, o.national, o.value::text, o.quote, o.flags,
            o.numerator::text, o.denominator::text, o.denominator_text, o.source_id, o.is_current
       FROM observations o JOIN indicators i ON i.id = o.indicator_id
      WHERE o.derivation IS NOT NULL ORDER BY 1, 2, 3, 4, 5, 6`,
  );
  const current = await hub.db.pool.query(
    `SELECT indicator_id, level, unit_id, period, value::text, previous_value::text, previous_year, is_latest, disagreeing, suppressed, quote, flags
       FROM current_figures ORDER BY indicator_id, level, unit_id, period`,
  );
  return { derived: derived.rows, current: current.rows };
}

/** What deriving every figure again changes: nothing, if the imports kept it right. */
async function expectSameAsFullRefresh(): Promise<void> {
  const incremental = await stored();
  await hub.db.transaction((client) => refreshDerivedFigures(client));
  expect(await stored()).toEqual(incremental);
}

beforeAll(async () => {
  hub = await createTestHub({ reference: true });
});
afterAll(async () => {
  await hub?.close();
});

describe('derived figures after imports', () => {
  it('equal a full derivation after a report, a later one for one year and a revision that drops a figure', async () => {
    const yearly = (rows: [string, string, string][]) => report('Mottakere i Numedal (oppdiktet)', 2026, rows);
    await load(yearly([
      ['3334', '2024', '40'], ['3336', '2024', '12'], ['3338', '2024', '30'],
      ['3334', '2025', '42'], ['3336', '2025', '14'], ['3338', '2025', '31'],
      ['3334', '2026', '45'], ['3336', '2026', '13'], ['3338', '2026', '29'],
    ]));
    const { rows: sums } = await hub.db.pool.query<{ period: string; value: string }>(
      `SELECT o.period, o.value::text AS value FROM observations o JOIN offices f ON f.id = o.office_id
        WHERE f.code = '0632' AND o.derivation IS NOT NULL AND o.indicator_id = (SELECT id FROM indicators WHERE code = $1) ORDER BY o.period`,
      [RECIPIENTS],
    );
    expect(sums).toEqual([{ period: '2024', value: '82' }, { period: '2025', value: '87' }, { period: '2026', value: '87' }]);
    await expectSameAsFullRefresh();

    // Another source for 2025 only: one more source to choose from in one period.
    await load(report('Mottakere 2025 rettet (oppdiktet)', 2027, [['3334', '2025', '44']]));
    await expectSameAsFullRefresh();

    // The first report revised: Rollag's 2024 dropped, Flesberg's 2026 corrected. NAV Numedal's
    // 2024 sum has a municipality missing, its 2026 sum and shares change.
    await load(yearly([
      ['3334', '2024', '40'], ['3338', '2024', '30'],
      ['3334', '2025', '42'], ['3336', '2025', '14'], ['3338', '2025', '31'],
      ['3334', '2026', '46'], ['3336', '2026', '13'], ['3338', '2026', '29'],
    ]), true);
    await expectSameAsFullRefresh();
  });

  it('follow a label mapped after the import: sums and shares for the indicator it joins, none left for the one it leaves', async () => {
    const LABEL = 'Personer med sosialhjelp i Numedal (oppdiktet)';
    // Published for 2023 under a label no mapping knows: imported as an unmapped raw indicator.
    await load([
      'area_kind,area_code,label,period,value,unit,source_title,publisher,report_year',
      ...[['3334', '50'], ['3336', '15'], ['3338', '33']].map(([code, value]) => `municipality,${code},${LABEL},2023,${value},persons,Sosialhjelp i Numedal 2023 (oppdiktet),Testforlag (oppdiktet),2023`),
    ].join('\n'));
    const sum = async (indicator: string) => {
      const { rows } = await hub.db.pool.query<{ value: string }>(
        `SELECT o.value::text AS value FROM observations o JOIN offices f ON f.id = o.office_id JOIN indicators i ON i.id = o.indicator_id
          WHERE f.code = '0632' AND o.period = '2023' AND o.derivation IS NOT NULL AND i.code = $1`,
        [indicator],
      );
      return rows.map((r) => r.value);
    };
    expect(await sum(RECIPIENTS)).toEqual([]);
    const { rows } = await hub.db.pool.query<{ id: number }>('SELECT id FROM raw_indicators WHERE label = $1', [LABEL]);
    const curator = { name: 'newsroom', role: 'curator' as const };
    const mapTo = async (indicator: string) => {
      const answer = await hub.execute<{ rawIndicatorMap: { userErrors: unknown[] } }>(
        `mutation($id: String!) { rawIndicatorMap(input: { rawIndicator: $id, indicator: "${indicator}", applyToSameLabel: false }) { userErrors { message } } }`,
        { id: toGlobalId('RawIndicator', String(rows[0]?.id)) },
        curator,
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.rawIndicatorMap.userErrors).toEqual([]);
    };
    await mapTo(RECIPIENTS);
    expect(await sum(RECIPIENTS)).toEqual(['98']);
    await expectSameAsFullRefresh();
    // Mapped again, elsewhere: the sum it gave leaves with it.
    await mapTo('social_assistance.long_term_recipients');
    expect(await sum(RECIPIENTS)).toEqual([]);
    expect(await sum('social_assistance.long_term_recipients')).toEqual(['98']);
    await expectSameAsFullRefresh();
  });

  it('derives again only the periods asked for', async () => {
    const { rows } = await hub.db.pool.query<{ indicator: number; sources: number[]; in2025: number; all: number }>(
      `SELECT i.id AS indicator,
              (SELECT array_agg(id) FROM sources) AS sources,
              (SELECT count(*)::int FROM observations WHERE derivation IS NOT NULL AND period = '2025') AS in2025,
              (SELECT count(*)::int FROM observations WHERE derivation IS NOT NULL) AS all
         FROM indicators i WHERE i.code = $1`,
      [RECIPIENTS],
    );
    const at = rows[0];
    if (!at) throw new Error('the indicator is missing');
    expect(at.in2025).toBeLessThan(at.all);
    const scoped = await hub.db.transaction((client) => refreshDerivedFigures(client, { indicators: [at.indicator], periods: ['2025'], sources: at.sources }));
    expect(scoped.figures).toBe(at.in2025);
    const full = await hub.db.transaction((client) => refreshDerivedFigures(client));
    expect(full.figures).toBe(at.all);
  });
});
