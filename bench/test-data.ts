import { present } from '../src/invariant';
import type { Database } from '../src/db/database';

/**
 * The benchmarks' test data: invented offices "BENCH-00001"… with invented figures of an invented
 * indicator, as a newsroom would type them into a curator CSV. Clearly test data, never real names.
 */

export const BENCH_INDICATOR = 'bench.test_recipients';

/** The columns of the benchmarks' curator CSV files. */
export const CURATOR_CSV_HEADER = 'area_kind,area_code,label,period,value,unit,indicator,source_title,publisher,report_year';

export function benchOfficeCode(office: number, offices: number): string {
  return `BENCH-${String(office).padStart(Math.max(4, String(offices).length), '0')}`;
}

/**
 * One invented figure per office and year, line by line (with the line break), so that a large
 * file can be written without holding it.
 */
export function* curatorCsvLines(offices: number, years: readonly number[]): Generator<string> {
  yield `${CURATOR_CSV_HEADER}\n`;
  const last = present(years.at(-1), 'the last of the years');
  for (let o = 1; o <= offices; o++) {
    const code = benchOfficeCode(o, offices);
    for (const y of years) {
      // Every 97th office withholds its latest figure, so the ranking lists missing units too.
      const value = String(benchValue(o, y, last) ?? '');
      const source = o === 1 && y === years[0] ? 'Testdata for ytelsesmåling (oppdiktede tall),Målestokk bench (test data),' + last : ',,';
      yield `office,${code},Testmottakere (oppdiktet),${y},${value},persons,${BENCH_INDICATOR},${source}\n`;
    }
  }
}

export function curatorCsv(offices: number, years: readonly number[]): string {
  return [...curatorCsvLines(offices, years)].join('');
}

/** The figure of an office and year in both formats: the same invented numbers, the latest of every 97th office withheld. */
function benchValue(office: number, year: number, last: number): number | null {
  return office % 97 === 0 && year === last ? null : 50 + ((office * 31 + year * 17) % 4000);
}

/**
 * The same figures as curatorCsvLines as one JSON-stat 2.0 dataset, as a statistics bank would
 * publish them (dimensions kontor × år × statistikkvariabel), for an import with jsonStatMapping.
 */
export function jsonStatDataset(offices: number, years: readonly number[]): string {
  const last = present(years.at(-1), 'the last of the years');
  const codes = Array.from({ length: offices }, (_, i) => benchOfficeCode(i + 1, offices));
  const value: (number | null)[] = [];
  for (let o = 1; o <= offices; o++) for (const y of years) value.push(benchValue(o, y, last));
  return JSON.stringify({
    version: '2.0',
    class: 'dataset',
    label: 'Testdata for ytelsesmåling (oppdiktede tall)',
    source: 'Målestokk bench (test data)',
    id: ['kontor', 'år', 'statistikkvariabel'],
    size: [offices, years.length, 1],
    dimension: {
      kontor: { label: 'kontor', category: { index: codes, label: Object.fromEntries(codes.map((c, i) => [c, `NAV Testkontor ${i + 1}`])) } },
      år: { label: 'år', category: { index: years.map(String) } },
      statistikkvariabel: { label: 'statistikkvariabel', category: { label: { mottakere: 'Testmottakere (oppdiktet)' } } },
    },
    value,
  });
}

/** The mapping (YAML) that reads jsonStatDataset: every office by its code, the one variable as the bench indicator. */
export function jsonStatMapping(offices: number): string {
  const lines = [
    'match: code',
    'source:',
    '  title: "Testdata for ytelsesmåling (oppdiktede tall)"',
    '  publisher: "Målestokk bench (test data)"',
    'time:',
    '  dimension: år',
    'geography:',
    '  dimension: kontor',
    '  categories:',
  ];
  for (let o = 1; o <= offices; o++) lines.push(`    "${benchOfficeCode(o, offices)}": { kind: office, code: "${benchOfficeCode(o, offices)}" }`);
  lines.push('metric:', '  dimension: statistikkvariabel', '  categories:', `    mottakere: { indicator: ${BENCH_INDICATOR}, unit: persons }`, '');
  return lines.join('\n');
}

/** The invented offices and indicator the curator file refers to. */
export async function insertTestUnits(db: Database, offices: number): Promise<void> {
  const width = Math.max(4, String(offices).length);
  await db.pool.query(
    `INSERT INTO offices (code, name, origin, valid_from_year)
     SELECT 'BENCH-' || lpad(g::text, $2, '0'), 'NAV Testkontor ' || g, 'bench-test-data', 2000 FROM generate_series(1, $1::int) g`,
    [offices, width],
  );
  await db.pool.query(
    `INSERT INTO indicators (code, name_nb, name_en, description, theme_code, unit, period_type, direction, population, taxonomy_version)
     SELECT $1, 'Testmottakere (oppdiktet)', 'Test recipients (invented)', 'Benchmark test data: invented figures of invented offices.',
            (SELECT code FROM themes ORDER BY code LIMIT 1), 'persons', 'year', 'lower_is_better', 'recipients', 'bench'`,
    [BENCH_INDICATOR],
  );
}
