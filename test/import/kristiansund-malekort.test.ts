import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { detectKristiansundMalekort, parseKristiansundMalekort, splitSuccessFactor } from '../../src/import/adapters/kristiansund-malekort';
import { parseNumber } from '../../src/import/normalise/number';
import type { ExtractedFigure } from '../../src/import/types';
import { importError } from '../support/errors';
import { at, only } from '../support/indexed';

const FILE = '001_a1bbcf1568fad174.txt';
const text = readFileSync(resolve(__dirname, '../../reference/seeds', FILE), 'utf8');
const lines = text.split('\n');

function summary(f: ExtractedFigure) {
  const r = f.valueText === null ? null : parseNumber(f.valueText);
  return { label: f.label, period: f.period, valueText: f.valueText, value: r && r.ok ? r.value : null, targetText: f.targetText };
}


const REFUGEES_Q = '15 personer per kvartal';
const REFUGEES_Y = '60 personer per år';
const NIGHTS_Q = 'Antall liggedøgn over 14 dager per kvartal';
const NIGHTS_Y = 'Antall liggedøgn over 14 dager per år';
const PASSIVE_Q = 'Antall passive uker “over tiden” per kvartal';
const PASSIVE_Y = 'Antall passive uker “over tiden” per år';
const HEADER = ['Suksessfaktor', '(delmål)', 'Måleindikator Resultatkrav Resultat', '2013', 'Resultat', '2014', 'Resultat', '2015'];

describe('NAV Kristiansund 2015 (målekort with run-together cells)', () => {
  // Parsed before each test, not while the tests are collected, so that mutation testing
  // (stryker.config.mjs) credits the parsing to the tests that use it.
  let doc: ReturnType<typeof parseKristiansundMalekort>;
  beforeEach(() => {
    doc = parseKristiansundMalekort(text, { fileName: FILE });
  });

  it('reads every figure of the report: two results on each of six rows and one from the text', () => {
    expect(doc.figures.map(summary)).toEqual([
      { label: REFUGEES_Q, period: '2014', valueText: '9,25', value: '9.25', targetText: null },
      { label: REFUGEES_Q, period: '2015', valueText: '12', value: '12', targetText: '≥ 15' },
      { label: REFUGEES_Y, period: '2014', valueText: '37', value: '37', targetText: null },
      { label: REFUGEES_Y, period: '2015', valueText: '48', value: '48', targetText: '≥ 60' },
      { label: NIGHTS_Q, period: '2014', valueText: '1,25', value: '1.25', targetText: null },
      { label: NIGHTS_Q, period: '2015', valueText: '3', value: '3', targetText: '0' },
      { label: NIGHTS_Y, period: '2014', valueText: '5', value: '5', targetText: null },
      { label: NIGHTS_Y, period: '2015', valueText: '4', value: '4', targetText: '0-30' },
      { label: PASSIVE_Q, period: '2014', valueText: '4', value: '4', targetText: null },
      { label: PASSIVE_Q, period: '2015', valueText: '3', value: '3', targetText: '0-5' },
      { label: PASSIVE_Y, period: '2014', valueText: '12', value: '12', targetText: null },
      { label: PASSIVE_Y, period: '2015', valueText: '12', value: '12', targetText: '0-15' },
      { label: 'Andel mottakere med sosialhjelp som hovedinntektskilde, endring', period: '2015', valueText: '1,6 prosentpoeng', value: '1.6', targetText: null },
    ]);
  });

  it('keeps 2013 empty for Kristiansund: no figure, and a warning naming each row', () => {
    expect(doc.figures.some((f) => f.period === '2013')).toBe(false);
    expect(doc.warnings.map((w) => [w.code, w.cell])).toEqual(
      [REFUGEES_Q, REFUGEES_Y, NIGHTS_Q, NIGHTS_Y, PASSIVE_Q, PASSIVE_Y].map((label) => ['MORE_YEAR_COLUMNS_THAN_VALUES', `row "${label}"`]),
    );
    expect(doc.warnings[0]).toMatchObject({ file: FILE, message: expect.stringContaining('left Resultat 2013 empty') });
  });

  it('reads the quarterly refugee row whose requirement and results sit on lines after blank and NBSP lines', () => {
    const quarterly = doc.figures.filter((f) => f.label === REFUGEES_Q);
    const q2014 = at(quarterly, 0, 'quarterly refugee figures');
    const q2015 = at(quarterly, 1, 'quarterly refugee figures');
    expect(at(lines, q2015.location.line - 1).trim()).toBe('9,25 12');
    expect(q2014.location).toEqual({ line: q2015.location.line, cell: `row "${REFUGEES_Q}", column "Resultat 2014"` });
    expect(q2015).toMatchObject({
      periodText: 'Resultat 2015',
      unitText: 'per kvartal',
      groupLabel: 'Jevn og kvartalsvis bosetting av flyktninger i henhold til vedtak',
      quote: 'Jevn og kvartalsvis bosetting av flyktninger i henhold til vedtak 15 personer per kvartal ≥ 15 9,25 12',
    });
  });

  it('keeps the success factor apart from the indicator and carries it down its merged cell', () => {
    const groups = Object.fromEntries(doc.figures.filter((f) => f.groupLabel).map((f) => [f.label, f.groupLabel]));
    expect(groups).toEqual({
      [REFUGEES_Q]: 'Jevn og kvartalsvis bosetting av flyktninger i henhold til vedtak',
      [REFUGEES_Y]: 'Jevn og kvartalsvis bosetting av flyktninger i henhold til vedtak',
      [NIGHTS_Q]: 'Ingen skal bo midlertidig/ akutt mer enn 14 dager – aldri mer enn 60 dager',
      [NIGHTS_Y]: 'Ingen skal bo midlertidig/ akutt mer enn 14 dager – aldri mer enn 60 dager',
      [PASSIVE_Q]: 'All ungdom som er “frisk og rask” skal i aktivitet innen 1 uke, dersom ikke annen plan foreligger',
      [PASSIVE_Y]: 'All ungdom som er “frisk og rask” skal i aktivitet innen 1 uke, dersom ikke annen plan foreligger',
    });
  });

  it('reads the 1,6 percentage-point rise from its sentence, as percentage points', () => {
    const f = at(doc.figures, -1, 'figures');
    expect(f).toMatchObject({
      periodText: 'i 2015',
      quote: 'Andel mottakere med sosialhjelp som hovedinntektskilde var synkende i perioden frem til 2014, og økte med 1,6 prosentpoeng i 2015.',
    });
    expect(parseNumber(f.valueText!)).toMatchObject({ ok: true, unit: 'percentage_points' });
  });

  it('ignores page chrome and keeps the colour-band names', () => {
    expect(doc.figures.some((f) => /Hopp til innhold|Klikk utenfor|resultat$/i.test(f.label))).toBe(false);
    expect(doc.meta).toEqual({ reportYear: 2015, officeName: 'NAV Kristiansund', bands: ['Ønsket resultat', 'Akseptabelt resultat', 'Uakseptabelt resultat'] });
  });

  it('splits rows from the right: changed numbers give changed figures', () => {
    const changed = text.replace('60 personer per år ≥ 60 37 48', '60 personer per år ≥ 60 41 52').replace('per år 0-30 5 4', 'per år 0 – 20 6 7').replace('økte med 1,6 prosentpoeng', 'sank med 0,8 prosentpoeng');
    const d = parseKristiansundMalekort(changed);
    expect(d.figures.filter((f) => f.label === REFUGEES_Y).map((f) => [f.valueText, f.targetText])).toEqual([['41', null], ['52', '≥ 60']]);
    expect(d.figures.filter((f) => f.label === NIGHTS_Y).map((f) => [f.valueText, f.targetText])).toEqual([['6', null], ['7', '0 – 20']]);
    expect(d.figures[d.figures.length - 1]).toMatchObject({ label: 'Andel mottakere med sosialhjelp som hovedinntektskilde, nedgang', valueText: '0,8 prosentpoeng' });
  });

  it('gives all three years their figures when the 2013 cell is filled', () => {
    const full = [...HEADER, 'Antall liggedøgn over 14 dager per år 0-30 7 5 4'].join('\n');
    const d = parseKristiansundMalekort(full);
    expect(d.figures.map((f) => [f.period, f.valueText, f.targetText])).toEqual([['2013', '7', null], ['2014', '5', null], ['2015', '4', '0-30']]);
    expect(d.warnings).toEqual([]);
  });

  it('refuses results on a line of their own after a complete row: wrapped or stray, their years cannot be told', () => {
    const wrapped = [...HEADER, 'Antall liggedøgn over 14 dager per år 0-30 7 5', '4', 'Antall passive uker per år 0-15 1 2 3'].join('\n');
    const e = importError(() => parseKristiansundMalekort(wrapped, { fileName: 'k.txt' }));
    expect(e.diagnostics).toMatchObject([{ code: 'UNREADABLE_CELL', file: 'k.txt', line: HEADER.length + 2, cell: 'row "Antall liggedøgn over 14 dager per år"' }]);
  });

  it('splits success factor and indicator at the indicator’s first word, or at a count at the end', () => {
    expect(splitSuccessFactor('Gode tjenester Andel brukere i aktivitet')).toEqual({ successFactor: 'Gode tjenester', indicator: 'Andel brukere i aktivitet' });
    expect(splitSuccessFactor('Antall liggedøgn over 14 dager per år')).toEqual({ successFactor: null, indicator: 'Antall liggedøgn over 14 dager per år' });
    expect(splitSuccessFactor('Bosetting etter vedtak 20 personer per kvartal')).toEqual({ successFactor: 'Bosetting etter vedtak', indicator: '20 personer per kvartal' });
    // Called on text that was not tokenised, the split leaves no space at either end.
    expect(splitSuccessFactor('Gode tjenester  Andel brukere i arbeid')).toEqual({ successFactor: 'Gode tjenester', indicator: 'Andel brukere i arbeid' });
    expect(splitSuccessFactor('Bosetting etter vedtak  20 personer per kvartal')).toEqual({ successFactor: 'Bosetting etter vedtak', indicator: '20 personer per kvartal' });
  });

  it('is detected by its header', () => {
    expect(detectKristiansundMalekort(text)).toBeGreaterThanOrEqual(0.9);
    expect(detectKristiansundMalekort(readFileSync(resolve(__dirname, '../../reference/seeds/000_796170f9ef8d8241.txt'), 'utf8'))).toBe(0);
  });
});

describe('Kristiansund målekort layout: input it cannot read', () => {
  it('refuses an empty file', () => {
    expect(importError(() => parseKristiansundMalekort('  \n', { fileName: 'k.txt' })).diagnostics).toMatchObject([{ code: 'EMPTY_DOCUMENT', file: 'k.txt' }]);
  });

  it('refuses binary content', () => {
    expect(only(importError(() => parseKristiansundMalekort('Måleindikator\u0000\u0000')).diagnostics).code).toBe('BINARY_CONTENT');
  });

  it('refuses a document without a målekort', () => {
    expect(importError(() => parseKristiansundMalekort('Hopp til innhold\n\nNAV Kristiansund', { fileName: 'k.txt' })).diagnostics).toEqual([
      { code: 'NO_TABLE', message: 'no målekort found: expected a header starting with "Suksessfaktor" or "Måleindikator"', file: 'k.txt', line: undefined, cell: undefined },
    ]);
  });

  it('refuses a header without year columns', () => {
    const e = importError(() => parseKristiansundMalekort(['Suksessfaktor (delmål)', 'Måleindikator Resultatkrav', 'Antall x per år 0-30 5 4'].join('\n'), { fileName: 'k.txt' }));
    expect(e.diagnostics).toMatchObject([{ code: 'MALFORMED_HEADER', file: 'k.txt', line: 1 }]);
  });

  it('refuses a header without an indicator column', () => {
    const e = importError(() => parseKristiansundMalekort(['Suksessfaktor Resultatkrav Resultat 2014 Resultat 2015', 'Antall x per år 0-30 5 4'].join('\n')));
    expect(e.message).toContain('no "Måleindikator" column');
  });

  it('refuses a row with more results than year columns, naming line and row', () => {
    const body = [...HEADER, 'Antall liggedøgn over 14 dager per år 0-30 9 7 5 4'];
    const e = importError(() => parseKristiansundMalekort(body.join('\n'), { fileName: 'k.txt' }));
    expect(e.diagnostics).toMatchObject([{ code: 'ROW_TOO_LONG', file: 'k.txt', line: 9, cell: 'row "Antall liggedøgn over 14 dager per år"' }]);
    expect(e.message).toContain('4 results for 3 year columns');
  });

  it('refuses a header with rows that never give a requirement and results', () => {
    expect(only(importError(() => parseKristiansundMalekort([...HEADER, 'Utfordringer og planer', '', 'Rådmannen vil gjøre mer. Det blir bra.'].join('\n'))).diagnostics).code).toBe('NO_ROWS');
  });
});

// Invented rows in the målekort's layout: the file is a test source, the figures are made up.
const TEST_FILE = 'testkilde-malekort.txt';
function testDoc(rows: string[], options: { reportYear?: number } = {}) {
  return parseKristiansundMalekort(rows.join('\n'), { fileName: TEST_FILE, ...options });
}
function cells(doc: ReturnType<typeof parseKristiansundMalekort>) {
  return doc.figures.map((f) => [f.label, f.periodText, f.valueText, f.targetText]);
}

describe('Kristiansund målekort layout: the header', () => {
  it('reads a header spread over lines with blank lines between, and starts the rows after its last line', () => {
    const d = testDoc(['Suksessfaktor', '', 'delmål', '', 'Måleindikator Krav', '', '2014', '2015', '', 'Antall testbrukere per år 0-30 5 4']);
    expect(cells(d)).toEqual([
      ['Antall testbrukere per år', '2014', '5', null],
      ['Antall testbrukere per år', '2015', '4', '0-30'],
    ]);
    expect(d.figures.map((f) => [f.period, f.location])).toEqual([
      ['2014', { line: 10, cell: 'row "Antall testbrukere per år", column "2014"' }],
      ['2015', { line: 10, cell: 'row "Antall testbrukere per år", column "2015"' }],
    ]);
    expect(d.warnings).toEqual([]);
  });

  it('ends the header at the first line with a word that is not a header word, even one that holds a header word', () => {
    const d = testDoc(['Måleindikator Resultatkrav', 'Resultat 2014 Resultat 2015', 'Antall testbrukere med mål 0-30 5 4']);
    expect(cells(d)).toEqual([
      ['Antall testbrukere med mål', 'Resultat 2014', '5', null],
      ['Antall testbrukere med mål', 'Resultat 2015', '4', '0-30'],
    ]);
  });

  it('names the requirement column "Mål" or "Krav" and the indicator column "Indikator" as well', () => {
    const d = testDoc(['Suksessfaktor Indikator Mål Resultat 2014 Resultat 2015', 'Testmål Andel testbrukere i arbeid ≥45 40 42']);
    expect(d.figures.map((f) => [f.groupLabel, f.label, f.periodText, f.valueText, f.targetText])).toEqual([
      ['Testmål', 'Andel testbrukere i arbeid', 'Resultat 2014', '40', null],
      ['Testmål', 'Andel testbrukere i arbeid', 'Resultat 2015', '42', '≥45'],
    ]);
  });

  it('reads every result as a result when the header has no requirement column', () => {
    const d = testDoc(['Måleindikator Resultat 2013 Resultat 2014 Resultat 2015', 'Antall testbrukere per år 40 42 44']);
    expect(cells(d)).toEqual([
      ['Antall testbrukere per år', 'Resultat 2013', '40', null],
      ['Antall testbrukere per år', 'Resultat 2014', '42', null],
      ['Antall testbrukere per år', 'Resultat 2015', '44', null],
    ]);
  });

  it.each([
    ['"Resultat" without its year', 'Måleindikator Resultatkrav Resultat Resultat 2015', 'the målekort header has a word "Resultat" that names no column'],
    ['"delmål" without a success factor before it', 'Måleindikator delmål Resultatkrav 2015', 'the målekort header has a word "delmål" that names no column'],
    ['a year column before the requirement', 'Måleindikator 2014 Resultatkrav 2015', 'the year columns must be the last columns of the målekort header'],
    ['the same year twice', 'Måleindikator Resultatkrav 2015 Resultat 2015', 'two columns are for the same year'],
    ['no indicator column', 'Suksessfaktor Resultatkrav Resultat 2015', 'the målekort header has no "Måleindikator" column'],
  ])('refuses a header with %s, naming its line', (_what, header, message) => {
    const e = importError(() => testDoc(['Testkommune 9901', header, 'Antall testbrukere per år 0-30 5 4']));
    expect(e.diagnostics).toEqual([{ code: 'MALFORMED_HEADER', message, file: TEST_FILE, line: 2, cell: undefined }]);
  });

  it('refuses a header without years, naming the header', () => {
    const e = importError(() => testDoc(['Måleindikator Resultatkrav', 'Antall testbrukere per år 0-30 5 4']));
    expect(e.diagnostics).toMatchObject([{ code: 'MALFORMED_HEADER', message: 'the målekort header has no year columns (expected "Resultat 2015")', line: 1 }]);
  });
});

describe('Kristiansund målekort layout: rows', () => {
  const HEADER_2014_2015 = 'Måleindikator Resultatkrav Resultat 2014 Resultat 2015';

  it('reads a requirement with its comparator apart, joined, or as a range with spaces', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testsøknader < 450 500 400', 'Antall testklager <=5 6 4', 'Antall testdager 0 - 5 6 4']);
    expect(cells(d)).toEqual([
      ['Antall testsøknader', 'Resultat 2014', '500', null],
      ['Antall testsøknader', 'Resultat 2015', '400', '< 450'],
      ['Antall testklager', 'Resultat 2014', '6', null],
      ['Antall testklager', 'Resultat 2015', '4', '<=5'],
      ['Antall testdager', 'Resultat 2014', '6', null],
      ['Antall testdager', 'Resultat 2015', '4', '0 - 5'],
    ]);
    expect(d.warnings).toEqual([]);
  });

  it('keeps a percent sign or the word "prosent" that stands apart with the number before it', () => {
    const d = testDoc([HEADER_2014_2015, 'Andel testbrukere i arbeid 45 % 40 % 42 %', 'Andel testbrukere i aktivitet 20 prosent 25 Prosent 30 prosent']);
    expect(cells(d)).toEqual([
      ['Andel testbrukere i arbeid', 'Resultat 2014', '40 %', null],
      ['Andel testbrukere i arbeid', 'Resultat 2015', '42 %', '45 %'],
      ['Andel testbrukere i aktivitet', 'Resultat 2014', '25 Prosent', null],
      ['Andel testbrukere i aktivitet', 'Resultat 2015', '30 prosent', '20 prosent'],
    ]);
  });

  it('keeps a percent sign or footnote marker that stands apart with a requirement written as one token', () => {
    const d = testDoc([HEADER_2014_2015, 'Andel testbrukere i arbeid ≥15 % 14 % 16 %', 'Andel testbrukere i aktivitet 0-30 % 35 % 28 %', 'Antall testklager ≤5 1) 6 4', '1) Nytt krav']);
    expect(cells(d)).toEqual([
      ['Andel testbrukere i arbeid', 'Resultat 2014', '14 %', null],
      ['Andel testbrukere i arbeid', 'Resultat 2015', '16 %', '≥15 %'],
      ['Andel testbrukere i aktivitet', 'Resultat 2014', '35 %', null],
      ['Andel testbrukere i aktivitet', 'Resultat 2015', '28 %', '0-30 %'],
      ['Antall testklager', 'Resultat 2014', '6', null],
      ['Antall testklager', 'Resultat 2015', '4', '≤5 1)'],
    ]);
    expect(d.warnings).toEqual([]);
  });

  it('keeps footnote markers with their results and attaches the notes below the table', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 * 4 1)', 'Antall testklager per år 0-5 3 ** 2 12)', '', '* Tallet er korrigert', '** Foreløpig tall', '1) Ny beregning', '12) Ny telling']);
    expect(d.figures.map((f) => [f.label, f.period, f.valueText, f.footnote])).toEqual([
      ['Antall testbrukere per år', '2014', '5 *', 'Tallet er korrigert'],
      ['Antall testbrukere per år', '2015', '4 1)', 'Ny beregning'],
      ['Antall testklager per år', '2014', '3 **', 'Foreløpig tall'],
      ['Antall testklager per år', '2015', '2 12)', 'Ny telling'],
    ]);
  });

  it('reads a row spread over up to six lines, and ends the table at a seventh', () => {
    const six = testDoc([HEADER_2014_2015, 'Antall', 'testbrukere', 'i', 'arbeid', 'per år', '0-30 5 4']);
    expect(cells(six)).toEqual([
      ['Antall testbrukere i arbeid per år', 'Resultat 2014', '5', null],
      ['Antall testbrukere i arbeid per år', 'Resultat 2015', '4', '0-30'],
    ]);
    expect(six.figures.map((f) => f.quote)).toEqual(['Antall testbrukere i arbeid per år 0-30 5 4', 'Antall testbrukere i arbeid per år 0-30 5 4']);
    const e = importError(() => testDoc([HEADER_2014_2015, 'Antall', 'testbrukere', 'i', 'arbeid', 'hvert', 'år', '0-30 5 4']));
    expect(e.diagnostics).toEqual([{ code: 'NO_ROWS', message: 'the målekort has a header but no rows with a requirement and results', file: TEST_FILE, line: 1, cell: undefined }]);
  });

  it('ends the table at running text: a row after it is not read', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4', 'Tallene er oppdiktet. De viser bare formen.', 'Antall testklager per år 0-5 3 2']);
    expect(cells(d)).toEqual([
      ['Antall testbrukere per år', 'Resultat 2014', '5', null],
      ['Antall testbrukere per år', 'Resultat 2015', '4', '0-30'],
    ]);
  });

  it('warns about a half row after the last row, quoting its first line, and reads the rows before it', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4', '', 'Antall testklager', 'per år 12']);
    expect(cells(d)).toEqual([
      ['Antall testbrukere per år', 'Resultat 2014', '5', null],
      ['Antall testbrukere per år', 'Resultat 2015', '4', '0-30'],
    ]);
    expect(d.warnings).toEqual([
      { code: 'INCOMPLETE_ROW', message: 'text after the last row looks like part of a row but has no requirement and result; not read: "Antall testklager"', file: TEST_FILE, line: 4 },
    ]);
  });

  it('does not warn about words after the last row that hold no number', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4', 'Utfordringer og planer']);
    expect(d.warnings).toEqual([]);
  });

  it.each([
    ['nothing', '0-5 3 2'],
    ['a dash', '– 3 2'],
  ])('refuses results and a requirement with %s for an indicator label', (_what, row) => {
    const e = importError(() => testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4', row]));
    expect(e.diagnostics).toEqual([{ code: 'MALFORMED_ROW', message: 'results without an indicator label', file: TEST_FILE, line: 3, cell: undefined }]);
  });

  it('reads a comparator or a range whose number or upper end is on the results’ line', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testbrukere per kvartal ≥', '15 9 12', 'Antall testdager', '0 –', '5 6 4']);
    expect(cells(d)).toEqual([
      ['Antall testbrukere per kvartal', 'Resultat 2014', '9', null],
      ['Antall testbrukere per kvartal', 'Resultat 2015', '12', '≥ 15'],
      ['Antall testdager', 'Resultat 2014', '6', null],
      ['Antall testdager', 'Resultat 2015', '4', '0 – 5'],
    ]);
    expect(d.figures.map((f) => f.location.line)).toEqual([3, 3, 6, 6]);
  });

  it('reads a requirement without comparator before a single result', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testklager 0 3']);
    expect(cells(d)).toEqual([['Antall testklager', 'Resultat 2015', '3', '0']]);
  });

  it('reads a later row spread over lines, with its results on a line of their own', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4', 'Antall testklager per kvartal', '≥ 15', '9 12']);
    expect(cells(d)).toEqual([
      ['Antall testbrukere per år', 'Resultat 2014', '5', null],
      ['Antall testbrukere per år', 'Resultat 2015', '4', '0-30'],
      ['Antall testklager per kvartal', 'Resultat 2014', '9', null],
      ['Antall testklager per kvartal', 'Resultat 2015', '12', '≥ 15'],
    ]);
  });

  it.each([
    ['the last one', 'Antall testklager 0-30 5 fem'],
    ['between results', 'Antall testklager 0-30 5 fem 4'],
    ['followed by label words', 'Antall testklager 0-30 5 fem per år'],
  ])('refuses a row with a word where a result stands (%s), naming the word, the line and the row', (_where, damaged) => {
    const e = importError(() => testDoc([HEADER_2014_2015, damaged, 'Antall testbrukere per år 0-30 5 4']));
    expect(e.diagnostics).toEqual([
      {
        code: 'UNREADABLE_CELL',
        message: 'the row holds values but "fem" stands where a number or requirement belongs, so its results cannot be read; fix the cell or use the curator format',
        file: TEST_FILE,
        line: 2,
        cell: `row "${damaged}"`,
      },
    ]);
  });

  it('refuses a line of results after a complete row, saying why', () => {
    const e = importError(() => testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4', '6 7']));
    expect(e.diagnostics).toEqual([
      {
        code: 'UNREADABLE_CELL',
        message: 'a line of values only ("6 7") follows a complete row, so it cannot be told which years its values and the row\'s belong to; put them on the row\'s line or use the curator format',
        file: TEST_FILE,
        line: 3,
        cell: 'row "Antall testbrukere per år"',
      },
    ]);
  });

  it('reads the table’s rows once: a row worded like a sentence of the text gives no figure from the text', () => {
    const d = testDoc([HEADER_2014_2015, 'Kvalifisering 50 % overgang til arbeid for deltakere ≥ 50 % 45 % 52 %']);
    expect(cells(d)).toEqual([
      ['Kvalifisering 50 % overgang til arbeid for deltakere', 'Resultat 2014', '45 %', null],
      ['Kvalifisering 50 % overgang til arbeid for deltakere', 'Resultat 2015', '52 %', '≥ 50 %'],
    ]);
  });

  it('reads a sentence after the table that names no year as about the report year', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4', '', 'Andelen testbrukere i arbeid økte med 2 prosentpoeng.']);
    expect(at(d.figures, -1, 'figures')).toEqual({
      label: 'Andelen testbrukere i arbeid, endring',
      period: '2015',
      periodText: '(rapportåret 2015)',
      valueText: '2 prosentpoeng',
      targetText: null,
      quote: 'Andelen testbrukere i arbeid økte med 2 prosentpoeng.',
      location: { line: 4 },
    });
  });

  it('warns for each row with fewer results than years, naming the years read and the years left empty', () => {
    const d = testDoc(['Måleindikator Resultatkrav 2012 2013 2014 2015', 'Antall testbrukere per år 0-30 5 4']);
    expect(d.warnings).toEqual([
      {
        code: 'MORE_YEAR_COLUMNS_THAN_VALUES',
        message: 'row "Antall testbrukere per år" has 2 results for 4 year columns; read them as 2014 and 2015 and left 2012 and 2013 empty',
        file: TEST_FILE,
        line: 2,
        cell: 'row "Antall testbrukere per år"',
      },
    ]);
  });

  it('refuses a row with more results than years, listing the year columns', () => {
    const e = importError(() => testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 6 5 4']));
    expect(e.diagnostics).toEqual([
      { code: 'ROW_TOO_LONG', message: 'the row has 3 results for 2 year columns (Resultat 2014, Resultat 2015)', file: TEST_FILE, line: 2, cell: 'row "Antall testbrukere per år"' },
    ]);
  });

  it('gives the requirement to the report year only, and follows the document when the import names another year', () => {
    const d = testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4'], { reportYear: 2014 });
    expect(d.meta.reportYear).toBe(2015);
    expect(d.figures.map((f) => [f.period, f.targetText])).toEqual([['2014', null], ['2015', '0-30']]);
    expect(d.warnings).toEqual([
      { code: 'REPORT_YEAR_MISMATCH', message: 'the document reads as a report for 2015 but the import says 2014; periods follow the document', file: TEST_FILE },
    ]);
  });

  it('gives no success factor to rows of a målekort without that column', () => {
    const d = testDoc([HEADER_2014_2015, 'Bosetting etter vedtak 20 personer per kvartal ≥ 20 18 21']);
    expect(d.figures.map((f) => [f.label, f.groupLabel])).toEqual([
      ['Bosetting etter vedtak 20 personer per kvartal', undefined],
      ['Bosetting etter vedtak 20 personer per kvartal', undefined],
    ]);
    expect(d.figures.every((f) => !('groupLabel' in f))).toBe(true);
  });

  it('keeps only the colour-band names printed before the målekort, with their spaces normalised', () => {
    const d = testDoc(['Ønsket  resultat', 'Akseptabelt\u00a0resultat', 'Resultat', HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4', 'Uakseptabelt resultat']);
    expect(d.meta).toEqual({ reportYear: 2015, bands: ['Ønsket resultat', 'Akseptabelt resultat'] });
    expect(testDoc([HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4']).meta).toStrictEqual({ reportYear: 2015 });
    expect(testDoc(['NAV Testdalen', HEADER_2014_2015, 'Antall testbrukere per år 0-30 5 4']).meta).toStrictEqual({ reportYear: 2015, officeName: 'NAV Testdalen' });
  });
});

describe('Kristiansund målekort: detection', () => {
  it('is sure of a header with both "Måleindikator" and "Resultatkrav", half sure of the first alone', () => {
    expect(detectKristiansundMalekort('Måleindikator Resultatkrav')).toBe(0.9);
    expect(detectKristiansundMalekort('Suksessfaktor\nmåleindikator\nresultatkrav\nResultat 2015')).toBe(0.9);
    expect(detectKristiansundMalekort('Måleindikator Resultat 2015')).toBe(0.3);
    expect(detectKristiansundMalekort('Resultatkrav Resultat 2015')).toBe(0);
    expect(detectKristiansundMalekort('Resultatkrav\nMåleindikator')).toBe(0.9);
  });

  it('does not take the words inside other words, nor binary content or a non-text', () => {
    expect(detectKristiansundMalekort('Testmåleindikator Resultatkravene')).toBe(0);
    expect(detectKristiansundMalekort('Måleindikatorer og Resultatkrav')).toBe(0);
    expect(detectKristiansundMalekort('Måleindikator Resultatkrav\u0000')).toBe(0);
    expect(detectKristiansundMalekort(42 as unknown as string)).toBe(0);
  });

  it('looks only at the first 200,000 characters', () => {
    expect(detectKristiansundMalekort(`${'x'.repeat(199_980)} Måleindikator Resultatkrav`)).toBe(0.3);
  });
});
