import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { detectCuratorCsv, detectCuratorYaml, parseCuratorCsv, parseCuratorYaml } from '../../src/import/adapters/curator';
import { formatDiagnostic, type ExtractedFigure } from '../../src/import/types';
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
    expect(only(importError(() => parseCuratorCsv(`${HEADER}\n`)).diagnostics).code).toBe('NO_ROWS');
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
