import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBodoTable } from '../../src/import/adapters/bodo-table';
import { parseCuratorCsv, parseCuratorYaml } from '../../src/import/adapters/curator';
import { parseJsonStat } from '../../src/import/adapters/jsonstat';
import type { JsonStatMapping } from '../../src/import/adapters/jsonstat-mapping';
import { parseKristiansundMalekort } from '../../src/import/adapters/kristiansund-malekort';
import { loadLabelMappings } from '../../src/import/map/mapper';
import { normaliseSpaces, parseNumber } from '../../src/import/normalise/number';
import { type ImportPlan, type IndicatorInfo, planImport } from '../../src/import/plan';
import { type ExtractedDocument, ImportError } from '../../src/import/types';
import { at, only } from '../support/indexed';

/**
 * Damaged documents of every layout (issue 9), about 1,000 per layout and run, bounded in size.
 * Two properties: reading never crashes (a document is read or refused with an ImportError), and
 * every figure accepted stands in the input with its period: its value in the same row as the
 * label, in the column (or, right-aligned, the position) of its period.
 */

const RUNS = 1000;
const labels = loadLabelMappings();
const indicators = new Map<string, IndicatorInfo>(
  readFileSync(resolve(__dirname, '../../reference/taxonomy.yaml'), 'utf8')
    .split(/\n(?= {2}- code: )/)
    .map((block) => ({ code: /code: (\S+)/.exec(block)?.[1], unit: /\n {4}unit: (\S+)/.exec(block)?.[1], periodType: /\n {4}period_type: (\S+)/.exec(block)?.[1] }))
    .filter((i): i is IndicatorInfo & { periodType: string } => Boolean(i.code && i.unit && i.periodType))
    .map((i) => [i.code, i]),
);

/** What a cell of a damaged report may hold instead of its number. */
const CELL = fc.oneof(
  fc.constantFrom('ikke målt', 'tre', 'n/a', '', '..', ':', '.', '–', 'x', '429*', '2,6 1)', '45,7 %', '120 %', '< 450', '0-30', '≥ 15', '−5', 'vel 2 mill kr', '9'.repeat(40), '3.192', 'abc,def', '"', '1 120', '0,0139999999999999'),
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a},${b} %`),
  fc.string({ maxLength: 12 }),
);

type Mutation = { kind: 'replace' | 'delete' | 'duplicate' | 'swap' | 'insert'; at: number; cell: string };
const MUTATIONS = fc.array(
  fc.record({ kind: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'duplicate', 'swap', 'insert'), at: fc.nat(), cell: CELL }) as fc.Arbitrary<Mutation>,
  { minLength: 1, maxLength: 3 },
);

/** Applies line mutations to the lines from `from` (0-based) on. */
function mutateLines(lines: string[], from: number, mutations: Mutation[]): string[] {
  const out = [...lines];
  for (const m of mutations) {
    const i = from + (m.at % Math.max(1, out.length - from));
    if (m.kind === 'replace') out[i] = m.cell;
    else if (m.kind === 'delete') out.splice(i, 1);
    else if (m.kind === 'duplicate') out.splice(i, 0, at(out, i));
    else if (m.kind === 'insert') out.splice(i, 0, m.cell);
    else if (i + 1 < out.length) [out[i], out[i + 1]] = [at(out, i + 1), at(out, i)];
  }
  return out;
}

/** Reads and plans a document; null when it was refused. Anything but an ImportError fails the property. */
function readOrRefuse(read: () => ExtractedDocument): { doc: ExtractedDocument; plan: ImportPlan } | null {
  try {
    const doc = read();
    return { doc, plan: planImport(doc, { labels, indicators, defaultArea: { kind: 'office', code: '24837' } }) };
  } catch (error) {
    if (error instanceof ImportError) return null;
    throw error;
  }
}

function check<T extends unknown[]>(property: fc.IPropertyWithHooks<T>): void {
  fc.assert(property, { numRuns: RUNS, seed: 9, endOnFailure: true });
}

describe('fuzzing the NAV Bodø table layout', () => {
  const lines = readFileSync(resolve(__dirname, '../../reference/seeds/000_796170f9ef8d8241.txt'), 'utf8').split('\n').slice(20, 72);
  // Header: Resultatindikator, four column headers (Mål and 2018 on two lines); the rows follow.
  const columns = ['2016', '2017', '2018'];
  const firstRow = lines.findIndex((l) => l.startsWith('Samlet antall'));

  it(`reads or refuses ${RUNS} damaged tables, never putting a value under another year`, () => {
    check(
      fc.property(MUTATIONS, (mutations) => {
        const text = mutateLines(lines, firstRow, mutations).join('\n');
        const read = readOrRefuse(() => parseBodoTable(text));
        if (!read) return;
        const cells = text.split('\n').map((raw, i) => ({ line: i + 1, text: normaliseSpaces(raw) })).filter((c) => c.text !== '');
        for (const f of read.doc.figures.filter((x) => x.valueText !== null && x.quote.includes(' | '))) {
          const valueAt = cells.findIndex((c) => c.line === f.location.line);
          const label = cells.slice(0, valueAt).map((c) => c.text).lastIndexOf(f.label);
          expect(cells[valueAt]?.text).toBe(f.valueText);
          expect(valueAt - label - 1, `${f.label} ${f.period} = ${f.valueText}`).toBe(columns.indexOf(f.period));
        }
      }),
    );
  });
});

describe('fuzzing the NAV Kristiansund målekort layout', () => {
  const seed = readFileSync(resolve(__dirname, '../../reference/seeds/001_a1bbcf1568fad174.txt'), 'utf8').split('\n');
  const header = seed.slice(seed.findIndex((l) => l.startsWith('Suksessfaktor')), seed.findIndex((l) => l.startsWith('Jevn og kvartalsvis')));
  const rows = seed.filter((l) => / \d+(?:,\d+)? \d+(?:,\d+)?$/.test(l) && !l.startsWith('9,25'));
  const lines = [...header, ...rows, '', 'Utfordringer og planer'];
  const years = ['2013', '2014', '2015'];

  it(`reads or refuses ${RUNS} damaged målekort, the results right-aligned to their years`, () => {
    check(
      fc.property(MUTATIONS, (mutations) => {
        // Damage whole lines, or one word of a row.
        const damaged = mutateLines(lines, header.length, mutations.filter((m) => m.kind !== 'replace'));
        for (const m of mutations.filter((x) => x.kind === 'replace')) {
          const i = header.length + (m.at % rows.length);
          const words = (damaged[i] ?? '').split(' ');
          words[m.at % words.length] = m.cell;
          if (damaged[i] !== undefined) damaged[i] = words.join(' ');
        }
        const text = damaged.join('\n');
        const read = readOrRefuse(() => parseKristiansundMalekort(text));
        if (!read) return;
        const textLines = text.split('\n');
        for (const f of read.doc.figures.filter((x) => x.location.cell?.startsWith('row '))) {
          const row = normaliseSpaces(at(textLines, f.location.line - 1, 'lines of the document'));
          expect(row.endsWith(f.valueText!) || row.includes(`${f.valueText} `), `${f.valueText} in "${row}"`).toBe(true);
          // The k-th value from the right is the k-th year from the right.
          const tokens = row.split(' ');
          const trailing: string[] = [];
          for (let k = tokens.length - 1; k >= 0; k--) {
            // `%` and footnote markers standing apart belong to the number before them, as the adapter reads them.
            const token = tokens[k]!;
            if (k > 0 && /^(?:%|\(?\d{1,2}\)|\*{1,3})$/.test(token) && parseNumber(`${tokens[k - 1]} ${token}`).ok) {
              trailing.unshift(`${tokens[k - 1]} ${token}`);
              k--;
            } else if (parseNumber(token).ok) trailing.unshift(token);
            else break;
          }
          const fromRight = years.length - years.indexOf(f.period);
          expect(trailing[trailing.length - fromRight], `${f.label} ${f.period} in "${row}"`).toBe(f.valueText);
        }
      }),
    );
  });
});

const CURATOR_ROWS = [
  'area_kind,area_code,label,period,value,target,unit,indicator,quote',
  'office,24837,Samlet antall mottakere av sosialhjelp pr. mnd.,2016,466,,persons,social_assistance.recipients_monthly_avg,',
  'office,24837,Samlet antall mottakere av sosialhjelp pr. mnd.,2017,443,,persons,social_assistance.recipients_monthly_avg,',
  'office,24837,Samlet antall mottakere av sosialhjelp pr. mnd.,2018,429,< 450,persons,social_assistance.recipients_monthly_avg,',
  'office,24837,Andel KVP-deltakere til arbeid / utdanning,2016,"32,4 %",,percent,qualification_programme.exit_work_education_share,',
  'office,24837,Andel KVP-deltakere til arbeid / utdanning,2018,"50,7 %",> 50 %,,,',
  'office,24837,Sykefravær kommunalt ansatte,2018,"5,1 %",< 6,3 %,,,',
];

describe('fuzzing the curator CSV format', () => {
  it(`reads or refuses ${RUNS} damaged files, every figure from the row of its period`, () => {
    check(
      fc.property(MUTATIONS, fc.nat(), (mutations, seedCell) => {
        const records = CURATOR_ROWS.map((r) => r);
        // Damage one cell of a row (quoted, so that a comma stays in its cell), then whole lines.
        const row = 1 + (seedCell % (records.length - 1));
        const cells = only(parseCsv(at(records, row)) as string[][]);
        cells[seedCell % cells.length] = at(mutations, 0).cell;
        records[row] = cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
        const text = mutateLines(records, 1, mutations.slice(1)).join('\n');
        const read = readOrRefuse(() => parseCuratorCsv(text));
        if (!read) return;
        const lines = text.split('\n');
        for (const f of read.doc.figures) {
          const record = at(parseCsv(at(lines, f.location.line - 1, 'lines of the file'), { relax_quotes: true }) as string[][], 0, 'records of the line');
          expect(record[3]).toBe(f.period);
          if (f.valueText) expect(normaliseSpaces(at(record, 4, 'cells of the record'))).toBe(f.valueText);
        }
      }),
    );
  });
});

describe('fuzzing the curator YAML format', () => {
  const yaml = ['figures:', ...CURATOR_ROWS.slice(1).flatMap((r) => {
    const [kind, code, label, period, value, target] = only(parseCsv(r) as string[][]);
    return [`  - area_kind: ${kind}`, `    area_code: "${code}"`, `    label: "${label}"`, `    period: "${period}"`, `    value: "${value}"`, ...(target ? [`    target: "${target}"`] : [])];
  })];

  it(`reads or refuses ${RUNS} damaged files, every figure from the item of its period`, () => {
    check(
      fc.property(MUTATIONS, (mutations) => {
        const damaged = mutateLines(yaml, 1, mutations.map((m) => (m.kind === 'replace' ? { ...m, cell: `    value: "${m.cell.replace(/"/g, '')}"` } : m)));
        const text = damaged.join('\n');
        const read = readOrRefuse(() => parseCuratorYaml(text));
        if (!read) return;
        for (const f of read.doc.figures) {
          const item = damaged.slice(f.location.line - 1);
          const end = item.findIndex((l, k) => k > 0 && l.startsWith('  - '));
          const block = item.slice(0, end < 0 ? undefined : end).join('\n');
          expect(block).toContain(`period: "${f.period}"`);
          if (f.valueText) expect(block).toContain(`value: "${f.valueText}"`);
        }
      }),
    );
  });
});

describe('fuzzing JSON-stat datasets', () => {
  const mapping: JsonStatMapping = {
    match: 'label',
    time: { dimension: 'tid' },
    filters: {},
    geography: { dimension: 'sted', categories: { 'Bydel A': { kind: 'office', code: 'A1' }, 'Bydel B': { kind: 'office', code: 'B1' } } },
    metric: { dimension: 'mål', categories: { Andel: { indicator: 'social_assistance.recipients_population_share', unit: 'percent' } } },
  };
  const VALUE = fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(null, '3.8', 'x', 1e300, -0, 0.1 + 0.2), fc.integer());

  it(`reads or refuses ${RUNS} damaged datasets, every figure the value at its period's position`, () => {
    check(
      fc.property(fc.array(VALUE, { minLength: 0, maxLength: 10 }), fc.boolean(), fc.constantFrom(['2018', '2019'], ['2019', '2018'], ['2018K1', '2018K2'], ['2018', 'x']), (values, sparse, periods) => {
        const value = sparse ? Object.fromEntries(values.map((v, i) => [String(i * 2), v])) : values;
        const text = JSON.stringify({
          version: '2.0', class: 'dataset', label: 'Testdata (oppdiktet)', id: ['tid', 'sted', 'mål'], size: [2, 2, 2],
          dimension: {
            tid: { category: { index: periods } },
            sted: { category: { index: { a: 0, b: 1 }, label: { a: 'Bydel A', b: 'Bydel B' } } },
            mål: { category: { index: ['andel', 'antall'], label: { andel: 'Andel', antall: 'Antall' } } },
          },
          value,
        });
        const read = readOrRefuse(() => parseJsonStat(text, { jsonstatMapping: mapping }));
        if (!read) return;
        for (const f of read.doc.figures) {
          const index = Number(/value\[(\d+)\]/.exec(f.location.cell!)![1]);
          const raw = (value as Record<number, unknown>)[index];
          expect(f.valueText).toBe(raw === null ? null : String(raw as string | number));
          expect(at(periods, Math.floor(index / 4), 'periods').replace('K', '-Q')).toBe(f.period);
        }
      }),
    );
  });
});
