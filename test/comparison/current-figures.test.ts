import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { refreshCurrentFigures } from '../../src/modules/observations/current-figures';
import { createTestHub } from '../support/hub';
import { insertFixture } from './fixtures';

/**
 * Rankings read current_figures, which each import rebuilds for the indicators it touched. After a
 * revised report, a figure the revision dropped and a sum over municipalities that changed with
 * them, every ranking must read as on a database that only ever saw the final documents, and the
 * table must equal one rebuilt from scratch. Test data: invented municipalities, offices and figures.
 */

let hub: Hub;
const INDICATOR = 'social_assistance.recipients_yearly';
const HEADER = 'area_kind,area_code,label,period,value,unit,indicator,source_title,publisher,report_year';

/** One curator CSV: rows of [area kind, area code, period, value]. */
function report(title: string, reportYear: number, rows: [string, string, string, string][]): string {
  const line = ([kind, code, period, value]: [string, string, string, string]) =>
    `${kind},${code},Mottakere i løpet av året (oppdiktet),${period},${value},persons,${INDICATOR},${title},Testkommune (oppdiktet),${reportYear}`;
  return [HEADER, ...rows.map(line)].join('\n');
}

// The yearly report, first as published, then revised: Testby's 2020 corrected, Testdal's 2021
// dropped, Testvik's 2021 withheld. Testbygd's office (4604) publishes its own 2021 count.
const FIRST = report('Testtall (oppdiktet)', 2021, [
  ['municipality', '4601', '2019', '100'], ['municipality', '4601', '2020', '110'], ['municipality', '4601', '2021', '120'],
  ['municipality', '4602', '2019', '50'], ['municipality', '4602', '2020', '55'], ['municipality', '4602', '2021', '52'],
  ['municipality', '4603', '2019', '30'], ['municipality', '4603', '2020', '31'], ['municipality', '4603', '2021', '29'],
  ['municipality', '4604', '2019', '20'], ['municipality', '4604', '2020', '22'], ['municipality', '4604', '2021', '21'],
  ['office', '46004', '2021', '25'],
]);
const REVISED = report('Testtall (oppdiktet)', 2021, [
  ['municipality', '4601', '2019', '100'], ['municipality', '4601', '2020', '110'], ['municipality', '4601', '2021', '120'],
  ['municipality', '4602', '2019', '50'], ['municipality', '4602', '2020', '65'], ['municipality', '4602', '2021', '52'],
  ['municipality', '4603', '2019', '30'], ['municipality', '4603', '2020', '31'],
  ['municipality', '4604', '2019', '20'], ['municipality', '4604', '2020', '22'], ['municipality', '4604', '2021', ''],
  ['office', '46004', '2021', '25'],
]);
// A later report repeats Testby's 2021 with another value and adds 2022.
const LATER = report('Testtall 2022 (oppdiktet)', 2022, [
  ['municipality', '4601', '2021', '121'], ['municipality', '4601', '2022', '118'], ['municipality', '4602', '2022', '60'],
]);

const ROW = 'rank code name value exactValue period previousValue changeFromPrevious flags citation derivation';
const RANKINGS = [
  'level: MUNICIPALITY, period: "2021"',
  'level: MUNICIPALITY, period: "2020"',
  'level: MUNICIPALITY, latest: true',
  'level: MUNICIPALITY, period: "2021", compareTo: "2019", rankBy: CHANGE',
  'level: OFFICE, period: "2021"',
  'level: OFFICE, period: "2020"',
  'level: OFFICE, latest: true',
  'level: COUNTY, period: "2020"',
  'level: COUNTY, period: "2021"',
];

async function rankings(): Promise<unknown[]> {
  const answers = [];
  for (const args of RANKINGS) {
    const result = await hub.execute(`{ ranking(indicator: "${INDICATOR}", ${args}) {
      period rows { ${ROW} } missing { code name reason detail } coverage { ranked missing total } warnings national { value flags }
    } }`);
    expect(result.errors, args).toBeUndefined();
    answers.push({ args, ...(result.data as object) });
  }
  return answers;
}

async function load(document: string, allowRemovals = false): Promise<void> {
  await hub.services.imports.run({ document, fileName: 'test-figures.csv', format: 'curator-csv', allowRemovals });
}

/** The table as stored, row by row. */
async function table(): Promise<unknown[]> {
  const { rows } = await hub.db.pool.query('SELECT * FROM current_figures ORDER BY indicator_id, level, period, unit_id');
  return rows;
}

beforeAll(async () => {
  hub = await createTestHub();
  const municipalities = ['Testby', 'Testdal', 'Testvik', 'Testbygd'].map((name, i) => ({ code: `460${i + 1}`, name, county: '46' }));
  await insertFixture(hub.db, {
    counties: [{ code: '46', name: 'Testfylke' }],
    municipalities,
    offices: [
      { code: '46001', name: 'NAV Testby og Testdal', county: '46', municipalities: ['4601', '4602'] },
      { code: '46003', name: 'NAV Testvik', county: '46', municipalities: ['4603'] },
      { code: '46004', name: 'NAV Testbygd', county: '46', municipalities: ['4604'] },
    ],
    indicators: [{ code: INDICATOR, unit: 'persons', direction: 'lower_is_better' }],
  });
});
afterAll(async () => {
  await hub?.close();
});

describe('current figures after imports', () => {
  it('rank after a revision, a dropped figure and changed sums as on a database that saw only the final reports', async () => {
    await load(FIRST);
    await load(LATER);
    const beforeRevision = await rankings();
    await load(REVISED, true);
    const afterReimport = await rankings();
    // The revision changed what is ranked: the corrected 2020 figure, the office sums over it.
    expect(afterReimport).not.toEqual(beforeRevision);
    const incremental = await table();
    await hub.db.transaction((client) => refreshCurrentFigures(client));
    expect(await table()).toEqual(incremental);

    // The same documents on a database without their history: the revision only, then the later report.
    await hub.db.transaction(async (client) => {
      await client.query('DELETE FROM sources');
      await client.query('DELETE FROM current_figures');
    });
    await load(REVISED);
    await load(LATER);
    expect(await rankings()).toEqual(afterReimport);
  });

  it('keeps the previous year, the disagreement and the latest figure per unit', async () => {
    const { rows } = await hub.db.pool.query<{ code: string; period: string; value: string | null; previous_value: string | null; disagreeing: boolean; is_latest: boolean; suppressed: boolean }>(
      `SELECT m.code, cf.period, cf.value::text AS value, cf.previous_value::text AS previous_value, cf.disagreeing, cf.is_latest, cf.suppressed
         FROM current_figures cf JOIN municipalities m ON m.id = cf.unit_id
        WHERE cf.level = 'municipality' ORDER BY m.code, cf.period`,
    );
    const at = (code: string, period: string) => rows.find((r) => r.code === code && r.period === period);
    // The later report's 2021 figure wins over the yearly report's, and the two disagree.
    expect(at('4601', '2021')).toMatchObject({ value: '121', previous_value: '110', disagreeing: true, is_latest: false });
    expect(at('4601', '2022')).toMatchObject({ value: '118', previous_value: '121', is_latest: true });
    // The corrected 2020 figure is the previous value of 2021.
    expect(at('4602', '2021')).toMatchObject({ value: '52', previous_value: '65', disagreeing: false });
    // Dropped by the revision: no 2021 figure, and 2020 is the latest.
    expect(at('4603', '2021')).toBeUndefined();
    expect(at('4603', '2020')).toMatchObject({ is_latest: true });
    // Withheld: kept, as the latest, with no value, and the year before it has its own.
    expect(at('4604', '2021')).toMatchObject({ value: null, suppressed: true, previous_value: '22', is_latest: true });
  });

  it('gives a figure no previous value when the year before it has none: not an older year, not a withheld one', async () => {
    // Testvik's 2021 was dropped and Testbygd's withheld; both publish 2022.
    await load(report('Testtall 2023 (oppdiktet)', 2023, [['municipality', '4603', '2022', '33'], ['municipality', '4604', '2022', '24']]));
    const { rows } = await hub.db.pool.query<{ code: string; previous_value: string | null; previous_year: number | null; is_latest: boolean }>(
      `SELECT m.code, cf.previous_value::text AS previous_value, cf.previous_year, cf.is_latest
         FROM current_figures cf JOIN municipalities m ON m.id = cf.unit_id
        WHERE cf.level = 'municipality' AND cf.period = '2022' AND m.code IN ('4603', '4604') ORDER BY m.code`,
    );
    expect(rows).toEqual([
      { code: '4603', previous_value: null, previous_year: null, is_latest: true },
      // The year before is there, withheld: it is the year compared with, but it has no value.
      { code: '4604', previous_value: null, previous_year: 2021, is_latest: true },
    ]);
  });

  it("rebuilds a municipality's figures without taking in an office's that name the same municipality", async () => {
    // A figure may name both the office that published it and the municipality it is about: it is
    // the office's, and a report for the municipality must leave the office's series as it is. A
    // share, so that no office sum is derived from the municipality's figure.
    const share = 'qualification_programme.test_share_to_work';
    await insertFixture(hub.db, {
      indicators: [{ code: share, unit: 'percent', direction: 'higher_is_better' }],
      sources: [{ key: 'testvik-kontor', title: 'Kontorets tall (oppdiktet)', publisher: 'NAV Testvik (oppdiktet)', reportYear: 2021 }],
      observations: ['2019', '2020', '2021'].map((period, i) => ({
        indicator: share, source: 'testvik-kontor', office: '46003', municipality: '4603', period, value: String(40 + i),
      })),
    });
    const officeSeries = async () => (await table()).filter((r) => (r as { level: string }).level === 'office');
    const before = await officeSeries();
    await load(
      [HEADER, `municipality,4603,Andel til arbeid (oppdiktet),2024,35,percent,${share},Testtall 2024 (oppdiktet),Testkommune (oppdiktet),2024`].join('\n'),
    );
    expect(await officeSeries()).toEqual(before);
    const incremental = await table();
    await hub.db.transaction((client) => refreshCurrentFigures(client));
    expect(await table()).toEqual(incremental);
  });
});
