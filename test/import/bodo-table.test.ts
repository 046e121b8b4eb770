import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { detectBodoTable, parseBodoTable } from '../../src/import/adapters/bodo-table';
import { parseNumber } from '../../src/import/normalise/number';
import { formatDiagnostic, type ExtractedFigure } from '../../src/import/types';
import { importError } from '../support/errors';
import { only } from '../support/indexed';

const FILE = '000_796170f9ef8d8241.txt';
const text = readFileSync(resolve(__dirname, '../../reference/seeds', FILE), 'utf8');

function parsedValue(f: ExtractedFigure) {
  if (f.valueText === null) return null;
  const r = parseNumber(f.valueText);
  return r.ok ? { value: r.value, unit: r.unit, approximate: r.approximate } : r.diagnostic.code;
}

function summary(f: ExtractedFigure) {
  return { label: f.label, period: f.period, valueText: f.valueText, parsed: parsedValue(f), targetText: f.targetText };
}


const n = (value: string, unit: string | null = null, approximate = false) => ({ value, unit, approximate });
const RECIPIENTS = 'Samlet antall mottakere av sosialhjelp pr. mnd.';
const YOUNG = 'Antall unge u/25 år på øk. sosialhjelp pr. mnd.';
const KVP = 'Andel KVP-deltakere til arbeid / utdanning';
const SICK = 'Sykefravær kommunalt ansatte';

describe('NAV Bodø 2018 (table flattened to one cell per line)', () => {
  // Parsed before each test, not while the tests are collected, so that mutation testing
  // (stryker.config.mjs) credits the parsing to the tests that use it.
  let doc: ReturnType<typeof parseBodoTable>;
  beforeEach(() => {
    doc = parseBodoTable(text, { fileName: FILE });
  });

  it('reads every figure of the report: 12 table cells and 5 figures from the text', () => {
    expect(doc.figures.map(summary)).toEqual([
      { label: RECIPIENTS, period: '2016', valueText: '466', parsed: n('466'), targetText: null },
      { label: RECIPIENTS, period: '2017', valueText: '443', parsed: n('443'), targetText: null },
      { label: RECIPIENTS, period: '2018', valueText: '429', parsed: n('429'), targetText: '< 450' },
      { label: YOUNG, period: '2016', valueText: '95', parsed: n('95'), targetText: null },
      { label: YOUNG, period: '2017', valueText: '92', parsed: n('92'), targetText: null },
      { label: YOUNG, period: '2018', valueText: '89', parsed: n('89'), targetText: '< 90' },
      { label: KVP, period: '2016', valueText: '32,4 %', parsed: n('32.4', 'percent'), targetText: null },
      { label: KVP, period: '2017', valueText: '45,7 %', parsed: n('45.7', 'percent'), targetText: null },
      { label: KVP, period: '2018', valueText: '50,7 %', parsed: n('50.7', 'percent'), targetText: '> 50 %' },
      { label: SICK, period: '2016', valueText: '10,2 %', parsed: n('10.2', 'percent'), targetText: null },
      { label: SICK, period: '2017', valueText: '7,3 %', parsed: n('7.3', 'percent'), targetText: null },
      { label: SICK, period: '2018', valueText: '5,1 %', parsed: n('5.1', 'percent'), targetText: '< 6,3 %' },
      { label: 'Mindreforbruk, kommunal del av NAV', period: '2018', valueText: 'vel 2 mill kr', parsed: n('2000000', 'NOK', true), targetText: null },
      { label: 'Sykefravær hele kontoret, gjennomsnitt for året', period: '2018', valueText: '4,5%', parsed: n('4.5', 'percent'), targetText: null },
      { label: 'Ansatte i kontoret, kommunalt og statlig', period: '2018', valueText: 'rundt 107', parsed: n('107', null, true), targetText: null },
      { label: 'Overgang til arbeid for arbeidssøkere', period: '2018', valueText: '69%', parsed: n('69', 'percent'), targetText: null },
      { label: 'Brukere formidlet til ordinært arbeid', period: '2018', valueText: '275', parsed: n('275'), targetText: null },
    ]);
    expect(doc.warnings).toEqual([]);
  });

  it('reads Bodø’s 2018 recipients as 429 with target < 450', () => {
    const f = doc.figures.find((x) => x.label === RECIPIENTS && x.period === '2018')!;
    expect(f).toMatchObject({
      valueText: '429',
      targetText: '< 450',
      periodText: 'Gjennomsnitt 2018',
      unitText: 'pr. mnd.',
      quote: `${RECIPIENTS} | 466 | 443 | 429 | < 450`,
      location: { line: 39, cell: `row "${RECIPIENTS}", column "Gjennomsnitt 2018"` },
    });
    expect(text.split('\n')[38]).toBe('429');
  });

  it('puts the target only on the 2018 figure, the year of "Mål 2018" split over two lines', () => {
    expect(doc.figures.filter((f) => f.targetText !== null).map((f) => f.period)).toEqual(['2018', '2018', '2018', '2018']);
  });

  it('quotes each figure from the text by its sentence', () => {
    const quotes = Object.fromEntries(doc.figures.filter((f) => !f.quote.includes(' | ')).map((f) => [f.label, f.quote]));
    expect(quotes).toEqual({
      'Mindreforbruk, kommunal del av NAV': 'NAV Bodø fikk et samlet mindreforbruk på vel 2 mill kr for den kommunale delen av NAV.',
      'Sykefravær hele kontoret, gjennomsnitt for året': 'I gjennomsnitt for året ble sykefraværet 4,5% for hele kontoret, men for den kommunale andelen noe høyere.',
      'Ansatte i kontoret, kommunalt og statlig':
        'Samlet innehar kontorets rundt 107 kommunalt og statlige ansatte en høy kompetanse på oppfølging av tjenestemottakere, herunder også for det sosialfaglige området.',
      'Overgang til arbeid for arbeidssøkere': '69% overgang til arbeid for arbeidssøkere vurderes å være en høy andel.',
      'Brukere formidlet til ordinært arbeid': 'I alt 275 brukere er formidlet ut i ordinært arbeid.',
    });
    // A table figure points at its value cell, a figure from the text at the paragraph holding its sentence.
    for (const f of doc.figures) {
      const line = text.split('\n')[f.location.line - 1];
      if (f.quote.includes(' | ')) expect(line).toBe(f.valueText);
      else expect(line).toContain(f.quote);
    }
  });

  it('does not take the best months’ 2,8 % sick leave for the year’s figure', () => {
    expect(doc.figures.some((f) => f.valueText?.includes('2,8'))).toBe(false);
  });

  it('takes the report year from the table and the office name from the text, and leaves the area to the caller', () => {
    expect(doc.meta).toEqual({ reportYear: 2018, officeName: 'NAV Bodø' });
    const withOptions = parseBodoTable(text, { area: { kind: 'municipality', code: '1804' }, title: 'Årsmelding 2018', publisher: 'Bodø kommune', url: 'https://example.org/bodo' });
    expect(withOptions.meta).toEqual({
      reportYear: 2018,
      officeName: 'NAV Bodø',
      area: { kind: 'municipality', code: '1804' },
      title: 'Årsmelding 2018',
      publisher: 'Bodø kommune',
      url: 'https://example.org/bodo',
    });
  });

  it('warns when the caller’s report year disagrees with the table', () => {
    const d = parseBodoTable(text, { reportYear: 2019 });
    expect(d.warnings.map((w) => w.code)).toEqual(['REPORT_YEAR_MISMATCH']);
    expect(d.meta.reportYear).toBe(2018);
  });

  it('reads the figures in the text from the words, not from fixed values', () => {
    const changed = text
      .replace('69% overgang', '71,5 % overgang')
      .replace('I alt 275 brukere', 'I alt 1 302 brukere')
      .replace('mindreforbruk på vel 2 mill kr', 'merforbruk på ca. 3,5 mill. kroner')
      .replace('rundt 107', 'om lag 110')
      .replace('sykefraværet 4,5%', 'sykefraværet 6,1 %');
    const figures = parseBodoTable(changed).figures.filter((f) => !f.quote.includes(' | ')).map(summary);
    expect(figures).toEqual([
      { label: 'Merforbruk, kommunal del av NAV', period: '2018', valueText: 'ca. 3,5 mill. kroner', parsed: n('3500000', 'NOK', true), targetText: null },
      { label: 'Sykefravær hele kontoret, gjennomsnitt for året', period: '2018', valueText: '6,1 %', parsed: n('6.1', 'percent'), targetText: null },
      { label: 'Ansatte i kontoret, kommunalt og statlig', period: '2018', valueText: 'om lag 110', parsed: n('110', null, true), targetText: null },
      { label: 'Overgang til arbeid for arbeidssøkere', period: '2018', valueText: '71,5 %', parsed: n('71.5', 'percent'), targetText: null },
      { label: 'Brukere formidlet til ordinært arbeid', period: '2018', valueText: '1 302', parsed: n('1302'), targetText: null },
    ]);
  });

  it('follows the years of the header: a 2019 report gives 2017–2019 figures', () => {
    const shifted = text.replace(/Gjennomsnitt 2018/g, 'Gjennomsnitt 2019').replace(/Gjennomsnitt 2017/g, 'Gjennomsnitt 2018').replace(/Gjennomsnitt 2016/g, 'Gjennomsnitt 2017').replace(/^2018$/m, '2019');
    const d = parseBodoTable(shifted);
    expect(d.meta.reportYear).toBe(2019);
    expect(d.figures.filter((f) => f.label === RECIPIENTS).map((f) => [f.period, f.targetText])).toEqual([['2017', null], ['2018', null], ['2019', '< 450']]);
    expect(d.figures.find((f) => f.label === 'Brukere formidlet til ordinært arbeid')?.period).toBe('2019');
  });

  it('keeps a target for a year without results as a figure with no value', () => {
    const table = ['Resultatindikator', 'Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Mål', '2019', 'Antall brukere', '10', '12', '< 11'].join('\n\n');
    const d = parseBodoTable(table);
    expect(d.figures.map(summary)).toEqual([
      { label: 'Antall brukere', period: '2017', valueText: '10', parsed: n('10'), targetText: null },
      { label: 'Antall brukere', period: '2018', valueText: '12', parsed: n('12'), targetText: null },
      { label: 'Antall brukere', period: '2019', valueText: null, parsed: null, targetText: '< 11' },
    ]);
  });

  it('refuses a short row rather than guess which years its values belong to', () => {
    const table = ['Resultatindikator', 'Gjennomsnitt 2016', 'Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Mål', '2018', 'Antall brukere', '12', '13', '< 11'].join('\n\n');
    const e = importError(() => parseBodoTable(table, { fileName: 'bodo.txt' }));
    expect(e.diagnostics).toMatchObject([{ code: 'ROW_TOO_SHORT', file: 'bodo.txt', line: 13, cell: 'row "Antall brukere"' }]);
  });

  it('is detected by its header and not confused with the Kristiansund målekort', () => {
    expect(detectBodoTable(text)).toBeGreaterThanOrEqual(0.9);
    const kristiansund = readFileSync(resolve(__dirname, '../../reference/seeds/001_a1bbcf1568fad174.txt'), 'utf8');
    expect(detectBodoTable(kristiansund)).toBe(0);
  });
});

describe('NAV Bodø layout: input it cannot read', () => {
  it('refuses an empty file', () => {
    for (const empty of ['', '\n\n', '\u00a0 \n ']) {
      expect(importError(() => parseBodoTable(empty, { fileName: 'empty.txt' })).diagnostics).toEqual([{ code: 'EMPTY_DOCUMENT', message: 'the document is empty', file: 'empty.txt', line: undefined }]);
    }
  });

  it('refuses binary content, naming the file and line', () => {
    const binary = `Resultatindikator\n\nGjennomsnitt 2018\n\u0000\u0001\u0002PK\u0003\u0004`;
    const e = importError(() => parseBodoTable(binary, { fileName: 'report.docx' }));
    expect(e.diagnostics).toMatchObject([{ code: 'BINARY_CONTENT', file: 'report.docx', line: 4 }]);
    const garbage = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 37) % 256)).toString('utf8');
    expect(only(importError(() => parseBodoTable(garbage)).diagnostics).code).toBe('BINARY_CONTENT');
    expect(only(importError(() => parseBodoTable('%PDF-1.7\n...')).diagnostics).message).toContain('PDF');
  });

  it('refuses a document without the table', () => {
    expect(only(importError(() => parseBodoTable('NAV Bodø hadde et godt år.')).diagnostics).code).toBe('NO_TABLE');
  });

  it('refuses a table header without year columns', () => {
    const e = importError(() => parseBodoTable(['Resultatindikator', 'Mål', 'Antall brukere', '12', '< 11'].join('\n\n'), { fileName: 'x.txt' }));
    expect(e.diagnostics).toMatchObject([{ code: 'MALFORMED_HEADER', file: 'x.txt', line: 1 }]);
    expect(e.message).toContain('no year columns');
  });

  it('refuses a row with more values than columns, naming the line and the row', () => {
    const table = ['Resultatindikator', 'Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Mål', '2018', 'Antall brukere', '10', '12', '< 11', '13'].join('\n\n');
    const e = importError(() => parseBodoTable(table, { fileName: 'x.txt' }));
    expect(e.diagnostics).toMatchObject([{ code: 'ROW_TOO_LONG', file: 'x.txt', line: 19, cell: 'row "Antall brukere"' }]);
    expect(formatDiagnostic(only(e.diagnostics))).toMatch(/^x\.txt, line 19, row "Antall brukere": the row has 4 values for 3 columns/);
  });

  it('refuses two columns for the same year', () => {
    const table = ['Resultatindikator', 'Gjennomsnitt 2018', 'Resultat 2018', 'Antall brukere', '10', '12'].join('\n\n');
    expect(only(importError(() => parseBodoTable(table)).diagnostics).code).toBe('MALFORMED_HEADER');
  });
});

describe('NAV Bodø layout: header and rows in detail (TEST DATA)', () => {
  const table = (...cells: string[]) => ['Resultatindikator', ...cells].join('\n\n');

  it('reads a bare year after a year column as a column of its own, and a table symbol as a value', () => {
    const d = parseBodoTable(table('Gjennomsnitt 2017', '2018', 'Antall brukere', '..', '12'));
    expect(d.figures.map((f) => [f.period, f.periodText, f.valueText])).toEqual([['2017', 'Gjennomsnitt 2017', '..'], ['2018', '2018', '12']]);
    expect(d.meta.reportYear).toBe(2018);
  });

  it('takes a long label or a target word of three words for a row, not a header', () => {
    const d = parseBodoTable(table('Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Resultat brukerundersøkelse 2018, hele kontoret', '4,5', '4,7', 'Krav til oppfølging', '3', '4'));
    expect(d.figures.map((f) => [f.label, f.period, f.valueText])).toEqual([
      ['Resultat brukerundersøkelse 2018, hele kontoret', '2017', '4,5'],
      ['Resultat brukerundersøkelse 2018, hele kontoret', '2018', '4,7'],
      ['Krav til oppfølging', '2017', '3'],
      ['Krav til oppfølging', '2018', '4'],
    ]);
  });

  it('marks a row with a percent sign in any cell as percent, and a row without as no unit', () => {
    const d = parseBodoTable(table('Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Andel til arbeid', '45 %', '50', 'Antall brukere', '10', '12'));
    expect(d.figures.map((f) => f.unitText)).toEqual(['%', '%', null, null]);
  });

  it('places a target for a year without results at the target cell', () => {
    const d = parseBodoTable(table('Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Mål', '2019', 'Antall brukere', '10', '12', '< 11'));
    expect(d.figures[2]!.location).toEqual({ line: 17, cell: 'row "Antall brukere", column "Mål 2019"' });
  });

  it('says what is wrong with a header or a row, and where', () => {
    expect(importError(() => parseBodoTable(table('Gjennomsnitt 2018', 'Mål', '2018', 'Krav', '2018', 'Antall brukere', '10', '< 11', '< 12'))).diagnostics).toMatchObject([
      { code: 'MALFORMED_HEADER', message: 'the table has more than one target column', line: 1 },
    ]);
    expect(importError(() => parseBodoTable(table('Gjennomsnitt 2018', 'Resultat 2018', 'Antall brukere', '10', '12'))).diagnostics).toMatchObject([
      { code: 'MALFORMED_HEADER', message: 'two columns are for 2018', line: 3, cell: 'column "Gjennomsnitt 2018"' },
    ]);
    expect(importError(() => parseBodoTable(table('Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Teksten fortsetter her.'))).diagnostics).toMatchObject([
      { code: 'NO_ROWS', message: 'the table "Resultatindikator" has a header but no rows of values', line: 1 },
    ]);
    expect(importError(() => parseBodoTable(table('Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Antall brukere', '10', 'ti', '12'))).diagnostics).toMatchObject([
      {
        code: 'UNREADABLE_CELL',
        message: '"ti" stands where the table has a value for "Gjennomsnitt 2018"; it is not a number, a target or a table symbol (write the number, leave the symbol, or use the curator format)',
        line: 11,
        cell: 'row "Antall brukere", column "Gjennomsnitt 2018"',
      },
    ]);
    expect(importError(() => parseBodoTable(table('Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Antall brukere', '10', 'Neste avsnitt.'))).diagnostics[0]!.message).toBe(
      'the row has 1 values for 2 columns (Gjennomsnitt 2017, Gjennomsnitt 2018); an empty cell leaves no trace in this layout, so the values cannot be placed in their years: write the missing cell (a table symbol such as ".." for an empty one) or use the curator format',
    );
    expect(importError(() => parseBodoTable(table('Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Antall brukere', '10', '11', '12'))).diagnostics[0]!.message).toBe(
      'the row has 3 values for 2 columns (Gjennomsnitt 2017, Gjennomsnitt 2018)',
    );
  });

  it('is detected with confidence only when at least two year headers follow the anchor', () => {
    expect(detectBodoTable(table('Gjennomsnitt 2017', 'Gjennomsnitt 2018', 'Antall brukere', '10', '12'))).toBe(0.9);
    expect(detectBodoTable(table('Gjennomsnitt 2018', 'Mål', '2018', 'Antall brukere', '10', '< 11'))).toBe(0.3);
    expect(detectBodoTable(`${table('Gjennomsnitt 2017', 'Gjennomsnitt 2018')}\u0000`)).toBe(0);
  });
});
