import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ssbExtractAdapter } from '../../src/import/adapters/ssb-extract';
import { ImportError, type ImportDiagnostic } from '../../src/import/types';

// Lines copied from reference/data/national/ssb_12210_sosialhjelpsmottakere_kommune_2015_2020.csv
// (SSB table 12210): real municipalities with the figures the extract holds.
const HEADER = 'kommunenummer,kommunenavn,aar,maal,verdi,uttrekk';
const BODO_2015 = '1804,Bodø,2015,mottakere,1275,kommunedata.rds';
const BODO_2015_LONG_TERM = '1804,Bodø,2015,mottakere_langtid_6mnd_pluss,389,kommune.Rdat';
const SANDEFJORD_2015_SUPPRESSED = '0710,Sandefjord,2015,mottakere,,kommune.Rdat';

const parse = (text: string) => ssbExtractAdapter.parse(text, { fileName: 'uttrekk.csv' });

function diagnostics(text: string): ImportDiagnostic[] {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return (error as ImportError).diagnostics;
  }
  throw new Error('the extract was accepted');
}

describe('SSB extract (long CSV, one figure per line)', () => {
  it('is recognised by its header only, with or without a byte-order mark', () => {
    expect(ssbExtractAdapter.detect(`${HEADER}\n${BODO_2015}\n`)).toBeGreaterThan(0.9);
    expect(ssbExtractAdapter.detect(`\uFEFF${HEADER.toUpperCase()}\n`)).toBeGreaterThan(0.9);
    expect(ssbExtractAdapter.detect('kommunenummer,aar,verdi\n1804,2015,1275\n')).toBe(0);
    expect(ssbExtractAdapter.detect('')).toBe(0);
  });

  it('reads each line as a figure of its municipality and year, mapped to the indicator SSB defines', () => {
    const doc = parse(`${HEADER}\n${BODO_2015}\n${BODO_2015_LONG_TERM}\n`);
    expect(doc.format).toBe('ssb-extract-csv');
    expect(doc.figures).toEqual([
      expect.objectContaining({
        label: 'mottakere',
        period: '2015',
        valueText: '1275',
        quote: BODO_2015,
        location: { line: 2, cell: 'Bodø 2015, mottakere (kommunedata.rds)' },
        area: { kind: 'municipality', code: '1804' },
        indicatorCode: 'social_assistance.recipients_yearly',
        flags: [],
      }),
      expect.objectContaining({ valueText: '389', indicatorCode: 'social_assistance.long_term_recipients', location: { line: 3, cell: 'Bodø 2015, mottakere_langtid_6mnd_pluss (kommune.Rdat)' } }),
    ]);
  });

  it('keeps an empty value as a figure not published, never as zero', () => {
    const [figure] = parse(`${HEADER}\n${SANDEFJORD_2015_SUPPRESSED}\n`).figures;
    expect(figure).toMatchObject({ valueText: null, flags: ['not_published'], area: { code: '0710' } });
  });

  it('leaves a measure SSB does not define unmapped, and needs no uttrekk column', () => {
    const [figure] = parse('kommunenummer,kommunenavn,aar,maal,verdi\n1804,Bodø,2015,mottakere_under_18,12\n').figures;
    expect(figure!.indicatorCode).toBeUndefined();
    expect(figure!.location).toEqual({ line: 2, cell: 'Bodø 2015, mottakere_under_18' });
  });

  it('counts blank lines and CRLF line ends, so a problem names the line an editor shows', () => {
    const problems = diagnostics(`${HEADER}\r\n\r\n${BODO_2015}\r\n\r\n\r\n1804,Bodø,2015,mottakere,1 275,kommunedata.rds\r\n`);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'UNREADABLE_NUMBER', file: 'uttrekk.csv', line: 6, cell: 'column "verdi"' }),
    ]);
  });

  it('refuses every bad cell of every line at once, naming the column, and returns no figures', () => {
    const problems = diagnostics(`${HEADER}\n804,Bodø,15,,1275,kommunedata.rds\n${BODO_2015}\n1804,Bodø,2015,mottakere,x,kommunedata.rds\n`);
    expect(problems.map((p) => [p.code, p.line, p.cell])).toEqual([
      ['BAD_MUNICIPALITY_CODE', 2, 'column "kommunenummer"'],
      ['BAD_YEAR', 2, 'column "aar"'],
      ['NO_MEASURE', 2, 'column "maal"'],
      ['UNREADABLE_NUMBER', 4, 'column "verdi"'],
    ]);
    expect(problems[0]!.message).toContain('"804"');
  });

  it('accepts a decimal comma or point and a negative figure as published', () => {
    const figures = parse(`${HEADER}\n1804,Bodø,2015,andel,"4,5",x\n1804,Bodø,2016,andel,4.5,x\n1804,Bodø,2017,endring,-3,x\n`).figures;
    expect(figures.map((f) => f.valueText)).toEqual(['4,5', '4.5', '-3']);
  });

  it('names the columns a header lacks, on line 1', () => {
    expect(diagnostics('kommunenummer,kommunenavn,aar,verdi\n1804,Bodø,2015,1275\n')).toEqual([
      expect.objectContaining({ code: 'MISSING_COLUMNS', line: 1, message: expect.stringContaining('lacks maal;') }),
    ]);
  });

  it('refuses text that is not CSV and an empty document', () => {
    expect(diagnostics(`${HEADER}\n1804,"Bodø,2015,mottakere,1275\n`)[0]!.code).toBe('UNREADABLE_CSV');
    expect(diagnostics('  \n')[0]!.code).toBe('EMPTY_DOCUMENT');
  });

  it('reads a header and cells as an editor may leave them: a byte-order mark, capitals, padding, columns in another order', () => {
    const doc = parse(`\uFEFF UTTREKK , Kommunenummer,KOMMUNENAVN,aar,maal,verdi\n kommunedata.rds , 1804 ,Bodø, 2015 , mottakere , 1275 \n`);
    expect(doc.warnings).toEqual([]);
    expect(doc.figures).toEqual([
      expect.objectContaining({ label: 'mottakere', period: '2015', valueText: '1275', area: { kind: 'municipality', code: '1804' }, location: { line: 2, cell: 'Bodø 2015, mottakere (kommunedata.rds)' } }),
    ]);
  });

  it('names no extract for a line that ends before its uttrekk cell', () => {
    const [figure] = parse(`${HEADER}\n1804,Bodø,2015,mottakere,1275\n`).figures;
    expect(figure!.location).toEqual({ line: 2, cell: 'Bodø 2015, mottakere' });
  });

  it('refuses a code or a year with more than four digits, and a number with a stray character (TEST DATA)', () => {
    const problems = diagnostics(`${HEADER}\n99011,Testkommune 1,2015,mottakere,10,x\n9901,Testkommune 1,20155,mottakere,10,x\n`);
    expect(problems.map((p) => [p.code, p.line])).toEqual([['BAD_MUNICIPALITY_CODE', 2], ['BAD_YEAR', 3]]);
    expect(diagnostics(`${HEADER}\n9901,Testkommune 1,2015,andel,"12,75x",x\n`).map((p) => p.code)).toEqual(['UNREADABLE_NUMBER']);
  });

  it('reads a figure with several decimals as published (TEST DATA)', () => {
    expect(parse(`${HEADER}\n9901,Testkommune 1,2015,andel,"12,75",x\n`).figures[0]!.valueText).toBe('12,75');
  });

  it('says in each refusal what is wrong and what was found', () => {
    const problems = diagnostics(`${HEADER}\n1804,Bodø,15,,x,kommunedata.rds\n`);
    expect(problems.map((p) => p.message)).toEqual([
      '"15" is not a year',
      'the measure (maal) is empty',
      '"x" is not a number; leave the cell empty for a figure that is not published',
    ]);
    expect(diagnostics('kommunenummer,aar,verdi\n1804,2015,1275\n')[0]!.message).toBe('the header lacks kommunenavn, maal; expected kommunenummer,kommunenavn,aar,maal,verdi');
    expect(diagnostics(`${HEADER}\n1804,"Bodø,2015,mottakere,1275\n`)[0]!.message).toMatch(/^the file is not readable CSV: \S/);
  });

  it('reads the whole published extract without a problem', () => {
    const text = readFileSync(resolve(__dirname, '../../reference/data/national/ssb_12210_sosialhjelpsmottakere_kommune_2015_2020.csv'), 'utf8');
    const figures = parse(text).figures;
    expect(figures).toHaveLength(text.trim().split('\n').length - 1);
    expect(figures.find((f) => f.quote === BODO_2015)?.location.line).toBe(2928);
  });
});
