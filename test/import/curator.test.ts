import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { detectCuratorCsv, detectCuratorYaml, parseCuratorCsv, parseCuratorYaml } from '../../src/import/adapters/curator';
import { formatDiagnostic, type ExtractedFigure } from '../../src/import/types';
import { INDICATOR_CODE_RULE } from '../../src/modules/taxonomy/indicator-code';
import { importError } from '../support/errors';
import { at, only } from '../support/indexed';

const exampleCsv = readFileSync(resolve(__dirname, '../../docs/examples/curator-example.csv'), 'utf8');
const exampleYaml = readFileSync(resolve(__dirname, '../../docs/examples/curator-example.yaml'), 'utf8');

const HEADER = 'area_kind,area_code,label,period,value,target,unit,indicator';


/** What a figure says, without where in its file it stands (CSV and YAML lines differ). */
function content(f: ExtractedFigure) {
  const { location: _location, ...rest } = f;
  return rest;
}

describe('curator files (CSV and YAML)', () => {
  // Parsed before each test, not while the tests are collected, so that mutation testing
  // (stryker.config.mjs) credits the parsing to the tests that use it.
  let csv: ReturnType<typeof parseCuratorCsv>;
  let yaml: ReturnType<typeof parseCuratorYaml>;
  beforeEach(() => {
    csv = parseCuratorCsv(exampleCsv, { fileName: 'curator-example.csv' });
    yaml = parseCuratorYaml(exampleYaml, { fileName: 'curator-example.yaml' });
  });

  it('reads the documented CSV example: five figures for Tromsø 5501', () => {
    expect(csv.format).toBe('curator-csv');
    expect(csv.figures.map((f) => [f.label, f.period, f.valueText, f.targetText, f.indicatorCode ?? null, f.unit ?? null])).toEqual([
      ['Mottakere av økonomisk sosialhjelp pr. mnd.', '2023', '1 164', null, 'social_assistance.recipients_monthly_avg', 'persons'],
      ['Mottakere av økonomisk sosialhjelp pr. mnd.', '2024', '1 120', '< 1 100', 'social_assistance.recipients_monthly_avg', 'persons'],
      ['Unge under 25 år på sosialhjelp pr. mnd.', '2024', '210', '< 200', 'social_assistance.recipients_under_25_monthly_avg', 'persons'],
      ['Andel KVP-deltakere til arbeid eller utdanning', '2024', '48,5 %', '> 50 %', 'qualification_programme.exit_work_education_share', 'percent'],
      ['Sykefravær kommunalt ansatte', '2024', '6,1 %', '< 6 %', null, null],
    ]);
    expect(csv.figures.every((f) => f.area?.kind === 'municipality' && f.area.code === '5501')).toBe(true);
    expect(at(csv.figures, 1).location).toEqual({ line: 3, cell: 'row 3' });
    expect(csv.meta).toEqual({
      title: 'EKSEMPEL – Tromsø kommune årsmelding 2024 (illustrative figures)',
      url: 'https://example.org/tromso/arsmelding-2024',
      publisher: 'Tromsø kommune',
      reportYear: 2024,
      area: { kind: 'municipality', code: '5501' },
    });
  });

  it('quotes the given sentence, or renders the row when there is none', () => {
    expect(at(csv.figures, 3).quote).toBe('I 2024 gikk 48,5 % av deltakerne i kvalifiseringsprogrammet over til arbeid eller utdanning.');
    expect(at(csv.figures, 1).quote).toBe('Mottakere av økonomisk sosialhjelp pr. mnd. (2024): 1 120, mål < 1 100');
  });

  it('reads the YAML example as the same figures as the CSV example', () => {
    expect(yaml.format).toBe('curator-yaml');
    expect(yaml.figures.map(content)).toEqual(csv.figures.map(content));
    expect(yaml.meta).toEqual(csv.meta);
    expect(at(yaml.figures, 0).location.line).toBe(8);
  });

  it('keeps a municipality code’s leading zero in YAML even unquoted', () => {
    const doc = parseCuratorYaml('figures:\n  - area_kind: municipality\n    area_code: 0301\n    label: Andel\n    period: 2018\n    value: 3.8\n');
    expect(doc.figures[0]).toMatchObject({ area: { kind: 'municipality', code: '0301' }, period: '2018', valueText: '3.8' });
  });

  it('reads semicolon-separated files as Norwegian spreadsheets export them', () => {
    const doc = parseCuratorCsv('area_kind;area_code;label;period;value\noffice;24722;Andel;2018;3,8 %\n');
    expect(doc.figures[0]).toMatchObject({ area: { kind: 'office', code: '24722' }, valueText: '3,8 %' });
  });

  it('lets the caller fill what the file leaves out, and warns when both speak and differ', () => {
    const doc = parseCuratorCsv(`${HEADER},publisher\nmunicipality,1804,Antall,2018,12,,,,Bodø kommune\n`, { publisher: 'NAV Bodø', title: 'Årsmelding' });
    expect(doc.meta).toMatchObject({ publisher: 'Bodø kommune', title: 'Årsmelding' });
    expect(doc.warnings.map((w) => w.code)).toEqual(['META_CONFLICT']);
  });

  it('accepts a row with a target and no value yet', () => {
    const doc = parseCuratorCsv(`${HEADER}\nmunicipality,1804,Antall,2019,,< 11,,\n`);
    expect(doc.figures[0]).toMatchObject({ valueText: null, targetText: '< 11' });
  });

  it('is detected by its header or its figures list', () => {
    expect(detectCuratorCsv(exampleCsv)).toBeGreaterThanOrEqual(0.9);
    expect(detectCuratorYaml(exampleYaml)).toBeGreaterThanOrEqual(0.9);
    expect(detectCuratorCsv(exampleYaml)).toBe(0);
    expect(detectCuratorYaml(exampleCsv)).toBe(0);
  });
});

describe('curator files: errors name the line and the column', () => {
  it('names line and column of a bad period', () => {
    const text = [
      HEADER,
      'municipality,1804,Antall mottakere,2016,466,,,',
      'municipality,1804,Antall mottakere,2017,443,,,',
      'municipality,1804,Antall mottakere,2018-13,429,< 450,,',
    ].join('\n');
    const e = importError(() => parseCuratorCsv(text));
    expect(e.diagnostics).toEqual([{ code: 'INVALID_CELL', message: '"2018-13" is not a period (use 2018, 2018-Q1 or 2018-03)', file: undefined, line: 4, cell: 'column "period"' }]);
    expect(e.message).toBe('line 4, column "period": "2018-13" is not a period (use 2018, 2018-Q1 or 2018-03)');
    const withFile = importError(() => parseCuratorCsv(text, { fileName: 'bodo.csv' }));
    expect(formatDiagnostic(only(withFile.diagnostics))).toBe('bodo.csv, line 4, column "period": "2018-13" is not a period (use 2018, 2018-Q1 or 2018-03)');
  });

  it('reports every bad cell of every row at once', () => {
    const text = [
      HEADER,
      'kommune,1804,Antall,2018,12,,,',
      'municipality,301,Antall,2018,tolv,,,',
      'municipality,0301,Antall,2018,"48,5 %",,persons,',
      'municipality,0301,Antall,2018,12,≤,,Social.Assistance',
      'municipality,0301,,2018,,,,',
    ].join('\n');
    const e = importError(() => parseCuratorCsv(text));
    expect(e.diagnostics.map((d) => `${d.line} ${d.cell}`)).toEqual([
      '2 column "area_kind"',
      '3 column "area_code"',
      '3 column "value"',
      '4 column "unit"',
      '5 column "target"',
      '5 column "indicator"',
      '6 column "label"',
    ]);
  });

  it('refuses unknown and missing columns in the header', () => {
    const e = importError(() => parseCuratorCsv('area_kind,area_code,label,perioid,value,comment\nmunicipality,1804,A,2018,1,x\n'));
    expect(e.diagnostics).toEqual([
      { code: 'UNKNOWN_COLUMN', message: expect.stringContaining('unknown column'), file: undefined, line: 1, cell: 'column "perioid"' },
      { code: 'UNKNOWN_COLUMN', message: expect.stringContaining('unknown column'), file: undefined, line: 1, cell: 'column "comment"' },
      { code: 'MISSING_COLUMN', message: 'required column is missing', file: undefined, line: 1, cell: 'column "period"' },
    ]);
  });

  it('refuses rows that disagree about the source', () => {
    const text = [`${HEADER},publisher`, 'municipality,1804,A,2018,1,,,,Bodø kommune', 'municipality,1804,A,2017,1,,,,Tromsø kommune'].join('\n');
    expect(importError(() => parseCuratorCsv(text)).diagnostics).toMatchObject([{ line: 3, cell: 'column "publisher"', message: expect.stringContaining('one file is one source') }]);
  });

  it('names the line of a broken CSV record', () => {
    const e = importError(() => parseCuratorCsv(`${HEADER}\nmunicipality,1804,A,2018,1,,,\nmunicipality,1804,A,2018,1,,,,extra\n`));
    expect(e.diagnostics).toMatchObject([{ code: 'MALFORMED_CSV', line: 3 }]);
  });

  it('refuses an empty file and a header without rows', () => {
    expect(only(importError(() => parseCuratorCsv('')).diagnostics).code).toBe('EMPTY_DOCUMENT');
    expect(importError(() => parseCuratorCsv(`${HEADER}\n`, { fileName: 'test.csv' })).diagnostics).toEqual([{ code: 'NO_ROWS', message: 'the file has no figures', file: 'test.csv' }]);
  });

  it('refuses binary content', () => {
    expect(only(importError(() => parseCuratorCsv(`${HEADER}\n\u0000\u0000`)).diagnostics).code).toBe('BINARY_CONTENT');
  });

  it('names the line and key of a bad YAML figure', () => {
    const text = ['source:', '  title: Test', 'figures:', '  - area_kind: municipality', '    area_code: "1804"', '    label: Antall', '    period: "2018-Q5"', '    value: "12"', '    colour: green'].join('\n');
    const e = importError(() => parseCuratorYaml(text));
    expect(e.diagnostics).toMatchObject([{ code: 'UNKNOWN_COLUMN', line: 9, cell: 'column "colour"' }]);
    const fixed = importError(() => parseCuratorYaml(text.replace('    colour: green', '')));
    expect(fixed.message).toBe('line 7, column "period": "2018-Q5" is not a period (use 2018, 2018-Q1 or 2018-03)');
  });

  it('reports YAML syntax errors and wrong shapes with their line', () => {
    expect(importError(() => parseCuratorYaml('figures:\n  - [unclosed\n')).diagnostics[0]).toMatchObject({ code: 'MALFORMED_YAML', line: expect.any(Number) });
    expect(importError(() => parseCuratorYaml('figures: 12\n')).diagnostics[0]).toMatchObject({ code: 'MALFORMED_YAML' });
    expect(importError(() => parseCuratorYaml('figures:\n  - area_kind: office\n')).diagnostics.map((d) => d.cell)).toEqual(['column "area_code"', 'column "label"', 'column "period"', 'column "value"']);
  });
});

// The figures below are invented: they stand under test sources ("Testkilde", publisher "Testkommune")
// and invented places (municipality 9901, county 99, offices 99xx).
const TEST_SOURCE = 'source_title,source_url,publisher,report_year';
const FULL_HEADER = 'area_kind,area_code,label,period,value,target,unit,indicator,quote,flags,footnote,transformation,factor,definition_note';

/** A CSV file of the given header and rows, each line ended as a spreadsheet ends it. */
function csvFile(header: string, ...rows: string[]): string {
  return [header, ...rows].map((line) => `${line}\n`).join('');
}

/** Each problem as "line cell: message". */
function problems(run: () => unknown): string[] {
  return importError(run).diagnostics.map((d) => `${d.line} ${d.cell}: ${d.message}`);
}

describe('curator CSV: the header and the records', () => {
  it('reads header names in any case, and renders a quote without a target from the row', () => {
    const doc = parseCuratorCsv(csvFile('Area_Kind,AREA_CODE,Label,Period,Value', 'municipality,9901,Antall mottakere,2018,12'));
    expect(doc.figures).toEqual([
      {
        label: 'Antall mottakere',
        period: '2018',
        periodText: '2018',
        valueText: '12',
        targetText: null,
        quote: 'Antall mottakere (2018): 12',
        location: { line: 2, cell: 'row 2' },
        area: { kind: 'municipality', code: '9901' },
      },
    ]);
    expect(doc.meta).toEqual({ area: { kind: 'municipality', code: '9901' } });
    expect(doc.warnings).toEqual([]);
  });

  it('refuses a column named twice, and lists the columns when one is unknown', () => {
    expect(importError(() => parseCuratorCsv(csvFile('area_kind,area_code,label,period,value,label', 'office,9901,A,2018,1,B'))).diagnostics).toEqual([
      { code: 'DUPLICATE_COLUMN', message: 'the column appears twice', file: undefined, line: 1, cell: 'column "label"' },
    ]);
    expect(importError(() => parseCuratorCsv(csvFile('area_kind,area_code,label,period,value,kommentar', 'office,9901,A,2018,1,B'), { fileName: 'test.csv' })).diagnostics).toEqual([
      {
        code: 'UNKNOWN_COLUMN',
        message: 'unknown column; the columns are area_kind, area_code, label, period, value, target, unit, indicator, quote, flags, footnote, transformation, factor, definition_note, source_title, source_url, publisher, report_year',
        file: 'test.csv',
        line: 1,
        cell: 'column "kommentar"',
      },
    ]);
  });

  it('reads a header separated by commas as comma-separated even when a name holds a semicolon', () => {
    expect(problems(() => parseCuratorCsv(csvFile('area_kind,area_code,label,period,value,note;x', 'office,9901,A,2018,1,B')))).toEqual([
      expect.stringMatching(/^1 column "note;x": unknown column;/),
    ]);
  });

  it('numbers a record by its first line when a quoted cell spans several lines', () => {
    const rows = ['municipality,9901,Antall,2018,12,,,,"Første linje', 'andre linje"', 'municipality,9901,Antall,2019,tolv,,,,'];
    const lf = rows.join('\n');
    expect(problems(() => parseCuratorCsv(`${HEADER},quote\n${lf}\n`))).toEqual([
      '4 column "value": "tolv" is not a number: cannot read "tolv" as a number: no digits where a number was expected',
    ]);
    // The last record, with or without a line break after it.
    for (const end of ['\n', '']) {
      const good = parseCuratorCsv(`${HEADER},quote\n${rows[0]}\n${rows[1]}${end}`);
      expect(only(good.figures)).toMatchObject({ location: { line: 2, cell: 'row 2' }, quote: 'Første linje\nandre linje' });
    }
  });

  it('numbers the records of a file with Windows line endings, also inside a quoted cell', () => {
    const text = [`${HEADER},quote`, 'municipality,9901,Antall,2018,12,,,,"Første linje', 'andre linje"', 'municipality,9901,Antall,2019,tolv,,,,', ''].join('\r\n');
    expect(problems(() => parseCuratorCsv(text))).toEqual([
      '4 column "value": "tolv" is not a number: cannot read "tolv" as a number: no digits where a number was expected',
    ]);
    const broken = [`${HEADER},quote`, 'municipality,9901,Antall,2018,12,,,,"Første linje', 'andre linje"', 'municipality,9901,Antall,2019,12,,,,,', ''].join('\r\n');
    expect(importError(() => parseCuratorCsv(broken)).diagnostics).toEqual([{ code: 'MALFORMED_CSV', message: 'Invalid Record Length: expect 9, got 10 on line 4', file: undefined, line: 4 }]);
  });

  it('gives the same figures for a file with Windows or old Mac line endings as with LF', () => {
    const lines = [`${HEADER},quote`, 'municipality,9901,Antall,2018,12,,,,"Første linje', 'andre linje"', 'municipality,9901,Antall,2019,13,,,,'];
    const lf = parseCuratorCsv(`${lines.join('\n')}\n`);
    expect(lf.figures.map((f) => [f.location.line, f.quote])).toEqual([[2, 'Første linje\nandre linje'], [4, 'Antall (2019): 13']]);
    expect(parseCuratorCsv(`${lines.join('\r\n')}\r\n`)).toEqual(lf);
    expect(parseCuratorCsv(`${lines.join('\r')}\r`)).toEqual(lf);
  });

  it('reads a byte-order mark, blank lines, spaces around cells and a no-break space after a column name', () => {
    const doc = parseCuratorCsv(`\ufeffarea_kind,area_code\u00a0,label,period,value\n\n office , 9901 ,Antall, 2018 , 12 \n\nmunicipality,9901,Antall,2019,13\n`);
    expect(doc.figures.map((f) => [f.location.line, f.area, f.period, f.valueText])).toEqual([
      [3, { kind: 'office', code: '9901' }, '2018', '12'],
      [5, { kind: 'municipality', code: '9901' }, '2019', '13'],
    ]);
  });

  it('says what is wrong with a broken record, naming the file', () => {
    const e = importError(() => parseCuratorCsv(csvFile(HEADER, 'municipality,9901,A,2018,1,,,,extra'), { fileName: 'test.csv' }));
    expect(e.diagnostics).toEqual([{ code: 'MALFORMED_CSV', message: 'Invalid Record Length: expect 8, got 9 on line 2', file: 'test.csv', line: 2 }]);
  });

  it('tidies the spaces of a label, a value and a target, and keeps a given quote as written', () => {
    const doc = parseCuratorCsv(csvFile(`${HEADER},quote`, 'municipality,9901,Antall  mottakere,2018,1\u00a0120,<\u00a0 1 100,,,«Antall  mottakere: 1\u00a0120»'));
    expect(only(doc.figures)).toMatchObject({ label: 'Antall mottakere', valueText: '1 120', targetText: '< 1 100', quote: '«Antall  mottakere: 1\u00a0120»' });
  });
});

/** A YAML figure of the given keys, indented as an item of `figures`. */
function yamlFigure(keys: Record<string, string>): string {
  return Object.entries(keys)
    .map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${v}`)
    .join('\n');
}

const TEST_FIGURE = { area_kind: 'office', area_code: '"9901"', label: 'Antall', period: '"2018"', value: '"12"' };

describe('curator YAML: the shape of the document', () => {
  it('refuses an unknown top-level key and a missing "figures" list together', () => {
    const e = importError(() => parseCuratorYaml('notat: Testnotat\nsource:\n  title: Testkilde\n'));
    expect(e.diagnostics).toEqual([
      { code: 'UNKNOWN_COLUMN', message: 'unknown top-level key (use "source" and "figures")', file: undefined, line: 1, cell: 'column "notat"' },
      { code: 'MALFORMED_YAML', message: '"figures" must be a list', file: undefined, line: 1, cell: undefined },
    ]);
  });

  it('refuses "figures" that is not a list, naming its line', () => {
    expect(importError(() => parseCuratorYaml('source:\n  title: Testkilde\nfigures: 12\n')).diagnostics).toEqual([
      { code: 'MALFORMED_YAML', message: '"figures" must be a list', file: undefined, line: 3, cell: undefined },
    ]);
  });

  it('refuses a document that is not a mapping, and "source" that is not one', () => {
    expect(importError(() => parseCuratorYaml('- Testkilde\n- Testkommune\n')).diagnostics).toEqual([
      { code: 'MALFORMED_YAML', message: 'the YAML document must be a mapping with "source" and "figures"', file: undefined, line: 1, cell: undefined },
    ]);
    const text = `figures:\n${yamlFigure(TEST_FIGURE)}\nsource: Testkilde\n`;
    expect(importError(() => parseCuratorYaml(text, { fileName: 'test.yaml' })).diagnostics).toEqual([
      { code: 'MALFORMED_YAML', message: '"source" must be a mapping of key: value', file: 'test.yaml', line: 7, cell: undefined },
    ]);
  });

  it('refuses an unknown key in "source", naming its line', () => {
    const text = `source:\n  title: Testkilde\n  forfatter: Testkommune\nfigures:\n${yamlFigure(TEST_FIGURE)}\n`;
    expect(importError(() => parseCuratorYaml(text)).diagnostics).toEqual([
      { code: 'UNKNOWN_COLUMN', message: 'unknown key in "source"', file: undefined, line: 3, cell: 'column "forfatter"' },
    ]);
  });

  it('refuses a figure that is not a mapping, and a cell that is a list', () => {
    expect(importError(() => parseCuratorYaml('figures:\n  - Antall 12\n')).diagnostics).toEqual([
      { code: 'MALFORMED_YAML', message: 'a figure must be a mapping of key: value', file: undefined, line: 2, cell: undefined },
    ]);
    const text = `figures:\n${yamlFigure({ ...TEST_FIGURE, label: '[Antall, Andel]' })}\n`;
    expect(importError(() => parseCuratorYaml(text)).diagnostics).toEqual([
      { code: 'MALFORMED_YAML', message: 'must be a single value, not a list or mapping', file: undefined, line: 4, cell: 'column "label"' },
    ]);
  });

  it('says which required key a figure lacks', () => {
    const text = `figures:\n${yamlFigure({ area_kind: 'office', area_code: '"9901"', label: 'Antall', value: '"12"' })}\n`;
    expect(importError(() => parseCuratorYaml(text)).diagnostics).toEqual([
      { code: 'MISSING_COLUMN', message: 'required key is missing', file: undefined, line: 2, cell: 'column "period"' },
    ]);
  });

  it('keeps a value key left empty as not published, and refuses a label given as ""', () => {
    const doc = parseCuratorYaml(`figures:\n${yamlFigure({ ...TEST_FIGURE, value: '' })}\n`);
    expect(only(doc.figures)).toMatchObject({ valueText: '', targetText: null, quote: 'Antall (2018): –' });
    expect(problems(() => parseCuratorYaml(`figures:\n${yamlFigure({ ...TEST_FIGURE, label: '""' })}\n`))).toEqual(['2 column "label": is empty; copy the label as published']);
  });

  it('reads a key written without a value as an empty cell, and names the line of an unknown one', () => {
    const doc = parseCuratorYaml(`figures:\n${yamlFigure({ area_kind: 'office', area_code: '"9901"', label: 'Antall', period: '"2018"' })}\n    ? value\n`);
    expect(only(doc.figures).valueText).toBe('');
    const e = importError(() => parseCuratorYaml(`figures:\n${yamlFigure(TEST_FIGURE)}\n    ? farge\n`));
    expect(e.diagnostics).toEqual([{ code: 'UNKNOWN_COLUMN', message: 'unknown key in a figure', file: undefined, line: 7, cell: 'column "farge"' }]);
  });

  it('trims the spaces inside a quoted cell, as the CSV reader does', () => {
    const doc = parseCuratorYaml(`figures:\n${yamlFigure({ ...TEST_FIGURE, area_kind: '" municipality "', area_code: '" 9901 "' })}\n`);
    expect(only(doc.figures).area).toEqual({ kind: 'municipality', code: '9901' });
  });

  it('names the line of a syntax error and of a key given twice', () => {
    expect(importError(() => parseCuratorYaml('figures:\n  - [unclosed\n')).diagnostics).toEqual([
      { code: 'MALFORMED_YAML', message: 'Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1:', file: undefined, line: 3 },
    ]);
    expect(importError(() => parseCuratorYaml(`figures:\n${yamlFigure(TEST_FIGURE)}\n    value: "13"\n`, { fileName: 'test.yaml' })).diagnostics).toEqual([
      { code: 'MALFORMED_YAML', message: 'Map keys must be unique at line 7, column 5:', file: 'test.yaml', line: 7 },
    ]);
  });

  it('holds a figure\'s source keys to "source"', () => {
    const text = `source:\n  publisher: Testkommune\nfigures:\n${yamlFigure({ ...TEST_FIGURE, publisher: 'Testkommune 2' })}\n`;
    expect(problems(() => parseCuratorYaml(text))).toEqual(['9 column "publisher": "Testkommune 2" differs from "Testkommune" on line 2; one file is one source']);
  });
});

describe('curator files: areas', () => {
  it('says what is wrong with each area kind and code', () => {
    const rows = [
      ',9901,A,2018,1,,,',
      'kommune,-9901,A,2018,1,,,',
      'country,,A,2018,1,,,',
      'office,,A,2018,1,,,',
      'municipality,99011,A,2018,1,,,',
      'municipality,x9901,A,2018,1,,,',
      'municipality,990,A,2018,1,,,',
      'county,990,A,2018,1,,,',
      'county,x99,A,2018,1,,,',
      'country,no,A,2018,1,,,',
      'office,-9901,A,2018,1,,,',
      'office,9901 Test,A,2018,1,,,',
    ];
    expect(problems(() => parseCuratorCsv(csvFile(HEADER, ...rows)))).toEqual([
      '2 column "area_kind": is empty (use municipality, office, county, country)',
      // The code of an unknown kind is not judged.
      '3 column "area_kind": "kommune" is not an area kind (use municipality, office, county, country)',
      '4 column "area_code": is empty (use NO)',
      '5 column "area_code": is empty',
      '6 column "area_code": "99011" is not a 4-digit municipality code (keep the leading zero: 0301)',
      '7 column "area_code": "x9901" is not a 4-digit municipality code (keep the leading zero: 0301)',
      '8 column "area_code": "990" is not a 4-digit municipality code (keep the leading zero: 0301)',
      '9 column "area_code": "990" is not a 2-digit county code (keep the leading zero: 03)',
      '10 column "area_code": "x99" is not a 2-digit county code (keep the leading zero: 03)',
      '11 column "area_code": "no" is not the country\'s code (use NO)',
      '12 column "area_code": "-9901" is not an office code',
      '13 column "area_code": "9901 Test" is not an office code',
    ]);
  });

  it('reads every area kind, and gives the rows of one area one reference', () => {
    const doc = parseCuratorCsv(csvFile(HEADER, 'office,T9.9_01-a,A,2018,1,,,', 'county,99,A,2018,1,,,', 'country,NO,A,2018,1,,,', 'municipality,9901,A,2018,1,,,', 'municipality,9901,A,2019,1,,,'));
    expect(doc.figures.map((f) => f.area)).toEqual([
      { kind: 'office', code: 'T9.9_01-a' },
      { kind: 'county', code: '99' },
      { kind: 'country', code: 'NO' },
      { kind: 'municipality', code: '9901' },
      { kind: 'municipality', code: '9901' },
    ]);
    expect(at(doc.figures, 4).area).toBe(at(doc.figures, 3).area);
    // Several areas: the document as a whole is about none of them.
    expect(doc.meta.area).toBeUndefined();
  });

  it('keeps the area the caller names for the document', () => {
    const doc = parseCuratorCsv(csvFile(HEADER, 'municipality,9901,A,2018,1,,,'), { area: { kind: 'office', code: '9902' } });
    expect(doc.meta.area).toEqual({ kind: 'office', code: '9902' });
  });
});

describe('curator files: flags and footnotes', () => {
  it('reads flags separated by commas, semicolons or spaces, each once', () => {
    const doc = parseCuratorCsv(csvFile(FULL_HEADER, 'office,9901,Antall,2018,12,,,,,"provisional, break_in_series;approximate  approximate;",,,,'));
    expect(only(doc.figures).flags).toEqual(['provisional', 'break_in_series', 'approximate']);
  });

  it('refuses a flag no source publishes, naming every such word', () => {
    expect(problems(() => parseCuratorCsv(csvFile(FULL_HEADER, 'office,9901,Antall,2018,12,,,,,"foreløpig provisional x",,,,')))).toEqual([
      '2 column "flags": "foreløpig", "x" is not a flag a source publishes (use approximate, provisional, footnoted, break_in_series, suppressed, not_published)',
    ]);
  });

  it('refuses a withheld flag on a row that has a value, but not on one without', () => {
    expect(problems(() => parseCuratorCsv(csvFile(FULL_HEADER, 'office,9901,Antall,2018,12,,,,,suppressed not_published,,,,')))).toEqual([
      '2 column "flags": suppressed, not_published means there is no value, but the value is "12"',
    ]);
    const doc = parseCuratorCsv(csvFile(FULL_HEADER, 'office,9901,Antall,2018,..,,,,,suppressed,,,,', 'office,9901,Antall,2017,,,,,,not_published,,,,', 'office,9901,Antall,2016,12,,,,,provisional,,,,'));
    expect(doc.figures.map((f) => [f.valueText, f.flags])).toEqual([['..', ['suppressed']], ['', ['not_published']], ['12', ['provisional']]]);
  });

  it('flags a figure with a footnote as footnoted, once', () => {
    const doc = parseCuratorCsv(csvFile(FULL_HEADER, 'office,9901,Antall,2018,412*,,,,,provisional,Testfotnote,,,', 'office,9901,Antall,2017,400*,,,,,footnoted,Testfotnote,,,'));
    expect(doc.figures.map((f) => [f.flags, f.footnote])).toEqual([[['provisional', 'footnoted'], 'Testfotnote'], [['footnoted'], 'Testfotnote']]);
  });
});

describe('curator files: units and transformations', () => {
  it('reads kroner in thousands or millions as a scale to kroner', () => {
    const doc = parseCuratorCsv(csvFile(HEADER, 'municipality,9901,Testbudsjett (1000 kr),2018,2 100,,NOK_thousand,', 'municipality,9901,Testbudsjett (mill. kr),2018,"2,1",,NOK_million,'));
    expect(doc.figures.map((f) => [f.unit, f.transformation])).toEqual([
      ['NOK', { kind: 'scale', factor: '1000', unit: 'NOK', note: 'the table gives kroner in thousands' }],
      ['NOK', { kind: 'scale', factor: '1000000', unit: 'NOK', note: 'the table gives kroner in millions' }],
    ]);
  });

  it('reads each transformation with the factor and unit it gives', () => {
    const rows = [
      'municipality,9901,Andel,2018,"3,1 %",,percent,social_assistance.recipients_population_share,,,,identity,,',
      'municipality,9901,Andel,2018,"0,031",,,social_assistance.recipients_population_share,,,,fraction_to_percent,,',
      'municipality,9901,Rate,2018,"0,0139",,,social_assistance.recipients_monthly_avg_per_1000,,,,fraction_to_per_1000,,',
      'office,9901,Bosatte,2018,48,,persons,refugees.settled_quarterly_avg,,,,scale,"0,25",',
      'office,9901,Bosatte,2018,48,,,refugees.settled_quarterly_avg,,,,scale,100,',
      'office,9901,Samtaler,2018,1 480,,count,,,,,,,',
    ];
    const doc = parseCuratorCsv(csvFile(FULL_HEADER, ...rows));
    expect(doc.figures.map((f) => [f.unit ?? null, f.transformation ?? null])).toEqual([
      ['percent', { kind: 'identity', note: 'the value as published', unit: 'percent' }],
      ['percent', { kind: 'scale', factor: '100', unit: 'percent', note: 'a fraction published as 0.031 is 3.1 %' }],
      ['per_1000_inhabitants', { kind: 'scale', factor: '1000', unit: 'per_1000_inhabitants', note: 'a fraction published as 0.0139 is 13.9 per 1,000' }],
      ['persons', { kind: 'scale', factor: '0.25', unit: 'persons', note: 'multiplied by the factor the curator gave' }],
      [null, { kind: 'scale', factor: '100', note: 'multiplied by the factor the curator gave' }],
      ['count', null],
    ]);
    expect(at(doc.figures, 0).indicatorCode).toBe('social_assistance.recipients_population_share');
  });

  it('says what is wrong with a transformation, its factor or its unit', () => {
    const rows = [
      'office,9901,A,2018,12,,,test.indikator,,,,,100,',
      'office,9901,A,2018,12,,,test.indikator,,,,double,,',
      'office,9901,A,2018,12,,,,,,,identity,,',
      'office,9901,A,2018,2 100,,NOK_thousand,test.indikator,,,,scale,1000,',
      'office,9901,A,2018,12,,,test.indikator,,,,scale,ti,',
      'office,9901,A,2018,12,,,test.indikator,,,,scale,"5,",',
      'office,9901,A,2018,12,,,test.indikator,,,,scale,,',
      'office,9901,A,2018,"0,12",,,test.indikator,,,,fraction_to_percent,100,',
      'office,9901,A,2018,"0,12",,persons,test.indikator,,,,fraction_to_percent,,',
      'office,9901,A,2018,"3,1 %",,,test.indikator,,,,scale,100,',
      'office,9901,A,2018,"3,1 %",,persons,test.indikator,,,,identity,,',
    ];
    expect(problems(() => parseCuratorCsv(csvFile(FULL_HEADER, ...rows)))).toEqual([
      '2 column "factor": goes with transformation: scale',
      '3 column "transformation": "double" is not a transformation (use identity, scale, fraction_to_percent, fraction_to_per_1000)',
      '4 column "transformation": needs the indicator column: a transformation says how the value becomes that indicator\'s value',
      '5 column "unit": NOK_thousand is itself a transformation; give unit NOK with the transformation',
      '6 column "factor": "ti" is not a decimal number',
      '7 column "factor": "5," is not a decimal number',
      '8 column "factor": is empty; a scale transformation needs a factor (e.g. 100)',
      '9 column "factor": goes with transformation: scale, not fraction_to_percent',
      '10 column "unit": is "persons" but fraction_to_percent gives percent',
      '11 column "value": "3,1 %" already reads as percent; a value to be transformed is the bare number as published',
      // identity keeps the value as published, so the words of the value must still say the unit given.
      '12 column "unit": is "persons" but the value "3,1 %" reads as percent',
    ]);
  });

  it('says what is wrong with a value, a target, a unit or an indicator code', () => {
    const rows = [
      'office,9901,A,2018,tolv,,,',
      'office,9901,A,2018,12,≤,,',
      'office,9901,A,2018,12,,kroner,',
      'office,9901,A,2018,2 mill kr,,NOK_thousand,',
      'office,9901,A,2018,12,,,Social.Assistance',
      'office,9901,,2018,12,,,',
      'office,9901,A,,12,,,',
    ];
    expect(problems(() => parseCuratorCsv(csvFile(HEADER, ...rows)))).toEqual([
      '2 column "value": "tolv" is not a number: cannot read "tolv" as a number: no digits where a number was expected',
      '3 column "target": "≤" is not a target: the target "≤" has a comparator but no number',
      '4 column "unit": "kroner" is not a unit (use persons, count, percent, percentage_points, per_1000_inhabitants, NOK, days, nights, weeks, NOK_thousand, NOK_million)',
      '5 column "unit": is "NOK_thousand" but the value "2 mill kr" reads as NOK',
      `6 column "indicator": "Social.Assistance" is not an indicator code (${INDICATOR_CODE_RULE})`,
      '7 column "label": is empty; copy the label as published',
      '8 column "period": is empty (use 2018, 2018-Q1 or 2018-03)',
    ]);
  });

  it('accepts a value whose printed unit is the unit given, and a table symbol in place of a value', () => {
    const doc = parseCuratorCsv(csvFile(HEADER, 'municipality,9901,Testbudsjett,2018,vel 2 mill kr,,NOK,', 'municipality,9901,Antall,2018,..,,persons,'));
    expect(doc.figures.map((f) => [f.valueText, f.unit, f.transformation ?? null])).toEqual([['vel 2 mill kr', 'NOK', null], ['..', 'persons', null]]);
  });

  it('keeps the definition note of a figure', () => {
    const doc = parseCuratorCsv(csvFile(FULL_HEADER, 'municipality,9901,Andel,2018,"3,4 %",,,,,,,,,mottakere ÷ alle innbyggere (test)'));
    expect(only(doc.figures).definitionNote).toBe('mottakere ÷ alle innbyggere (test)');
  });
});

describe('curator files: the source', () => {
  it('takes the source from the rows that fill it, and the year as a number', () => {
    const doc = parseCuratorCsv(csvFile(`${HEADER},${TEST_SOURCE}`, 'office,9901,A,2018,1,,,,,,Testkommune,', 'office,9901,A,2019,2,,,,Testkilde 2019,https://example.org/test,Testkommune,2019'));
    expect(doc.meta).toEqual({ title: 'Testkilde 2019', url: 'https://example.org/test', publisher: 'Testkommune', reportYear: 2019, area: { kind: 'office', code: '9901' } });
  });

  it('names the row that disagrees and the line of the value it disagrees with', () => {
    const text = csvFile(`${HEADER},${TEST_SOURCE}`, 'office,9901,A,2018,1,,,,Testkilde,,Testkommune,', 'office,9901,A,2019,2,,,,Testkilde,,,', 'office,9901,A,2017,3,,,,Testkilde,,Testkommune 2,');
    expect(problems(() => parseCuratorCsv(text))).toEqual(['4 column "publisher": "Testkommune 2" differs from "Testkommune" on line 2; one file is one source']);
  });

  it('refuses a report year that is not a year and an address that is not http(s)', () => {
    const bad = (year: string, url: string) => problems(() => parseCuratorCsv(csvFile(`${HEADER},${TEST_SOURCE}`, `office,9901,A,2018,1,,,,Testkilde,${url},Testkommune,${year}`)));
    expect(bad('20189', 'example.org/test')).toEqual(['2 column "report_year": "20189" is not a year', '2 column "source_url": "example.org/test" is not an http(s) address']);
    expect(bad('år 2018', 'se https://example.org/test')).toEqual(['2 column "report_year": "år 2018" is not a year', '2 column "source_url": "se https://example.org/test" is not an http(s) address']);
    expect(bad('2018', 'https://example.org/test side')).toEqual(['2 column "source_url": "https://example.org/test side" is not an http(s) address']);
    expect(bad('2018', 'ftp://example.org/test')).toEqual(['2 column "source_url": "ftp://example.org/test" is not an http(s) address']);
    expect(bad('2018', 'https://')).toEqual(['2 column "source_url": "https://" is not an http(s) address']);
    const good = parseCuratorCsv(csvFile(`${HEADER},${TEST_SOURCE}`, 'office,9901,A,2018,1,,,,Testkilde,http://example.org/test,Testkommune,2018'));
    expect(good.meta).toMatchObject({ url: 'http://example.org/test', reportYear: 2018 });
  });

  it('warns for each source value the file and the import give differently, and uses the file\'s', () => {
    const text = csvFile(`${HEADER},${TEST_SOURCE}`, 'office,9901,A,2018,1,,,,Testkilde,https://example.org/test,Testkommune,2018');
    const doc = parseCuratorCsv(text, { fileName: 'test.csv', title: 'Testkilde', url: 'https://example.org/annen', publisher: 'Testkommune 2', reportYear: 2019 });
    expect(doc.meta).toEqual({ title: 'Testkilde', url: 'https://example.org/test', publisher: 'Testkommune', reportYear: 2018, area: { kind: 'office', code: '9901' } });
    expect(doc.warnings).toEqual([
      { code: 'META_CONFLICT', message: 'the file says url "https://example.org/test" but the import says "https://example.org/annen"; using the file\'s', file: 'test.csv' },
      { code: 'META_CONFLICT', message: 'the file says publisher "Testkommune" but the import says "Testkommune 2"; using the file\'s', file: 'test.csv' },
      { code: 'META_CONFLICT', message: 'the file says reportYear "2018" but the import says "2019"; using the file\'s', file: 'test.csv' },
    ]);
  });
});

describe('curator files: all problems at once', () => {
  it('reports problems in line order, those of one line in the order of the columns checked', () => {
    const text = csvFile(`${HEADER},${TEST_SOURCE}`, 'office,9901,A,2018,1,,,,Testkilde,,,20189', 'kommune,9901,A,2018-13,tolv,,,,,,,', 'office,9901,A,2018,1,,,,,,,');
    expect(problems(() => parseCuratorCsv(text))).toEqual([
      '2 column "report_year": "20189" is not a year',
      '3 column "area_kind": "kommune" is not an area kind (use municipality, office, county, country)',
      '3 column "period": "2018-13" is not a period (use 2018, 2018-Q1 or 2018-03)',
      '3 column "value": "tolv" is not a number: cannot read "tolv" as a number: no digits where a number was expected',
    ]);
  });

  it('hands on the figures of the rows without a problem, so that later checks can report theirs', () => {
    const e = importError(() => parseCuratorCsv(csvFile(HEADER, 'office,9901,A,2018,1,,,', 'office,9901,A,2018-13,2,,,', 'office,9902,B,2019,3,,,')));
    expect(e.partial?.map((f) => [f.location.line, f.area?.code, f.valueText])).toEqual([[2, '9901', '1'], [4, '9902', '3']]);
  });
});

describe('curator files: detection', () => {
  it('recognises a CSV header naming the required columns, quoted, with semicolons, a byte-order mark or capitals', () => {
    expect(detectCuratorCsv('"area_kind","area_code","label","period","value"\n')).toBe(0.95);
    expect(detectCuratorCsv('\ufeffAREA_KIND;Area_Code; label ;period;value;unit\r\noffice;9901;A;2018;1;persons\r\n')).toBe(0.95);
    expect(detectCuratorCsv('area_kind,area_code,label,period\noffice,9901,A,2018\n')).toBe(0);
    expect(detectCuratorCsv('tekst\narea_kind,area_code,label,period,value\n')).toBe(0);
    // The header is the first line only.
    expect(detectCuratorCsv('area_kind,area_code,label,period,verdi\noffice,value\n')).toBe(0);
    expect(detectCuratorCsv(42 as never)).toBe(0);
  });

  it('recognises a YAML document with a top-level figures list of curator rows', () => {
    expect(detectCuratorYaml('figures :\n  -   area_kind: office\n')).toBe(0.9);
    expect(detectCuratorYaml('figures:\n- area_kind : office\n')).toBe(0.9);
    expect(detectCuratorYaml('source:\n  figures:\n  - area_kind: office\n')).toBe(0);
    expect(detectCuratorYaml('figures:\n  - kind: office\n    # area_kind: office\n')).toBe(0);
    expect(detectCuratorYaml('figures:\n  - area_kinds: office\n')).toBe(0);
    expect(detectCuratorYaml({ figures: [] } as never)).toBe(0);
  });
});
