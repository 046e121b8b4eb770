import { describe, expect, it } from 'vitest';
import { parseStatbankQuery } from '../../src/import/ssb/ssb-query';
import { ImportError, type ImportDiagnostic } from '../../src/import/types';

/** Query files for Statistics Norway's Statbank: what is accepted as written and what is refused, with its line. */

function refusal(text: string): ImportDiagnostic[] {
  try {
    parseStatbankQuery(text, 'q.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return (error as ImportError).diagnostics;
  }
  throw new Error('the query was accepted');
}

const messages = (text: string) => refusal(text).map((p) => [p.line, p.message]);

describe('Statbank query files', () => {
  it('keeps leading zeros, strips a reference/mappings/ prefix, and takes a single value as a list of one', () => {
    const query = parseStatbankQuery('table: 04687\nlang: en\nmapping: reference/mappings/ssb-12210.yaml\nselection:\n  Region: 0301\n  Tid: [top(5)]\nnote: for the map\n');
    expect(query).toEqual({
      table: '04687',
      lang: 'en',
      mapping: 'ssb-12210.yaml',
      selection: [{ variable: 'Region', values: ['0301'] }, { variable: 'Tid', values: ['top(5)'] }],
      codelists: [],
    });
  });

  it('treats value codes as the same regardless of case, since the API does', () => {
    expect(messages('table: "1"\nselection:\n  ContentsCode: [KOSsosantkliente0000, kossosantkliente0000]\n')).toEqual([
      [3, 'selection.ContentsCode: "kossosantkliente0000" is listed twice'],
    ]);
  });

  it('points a YAML syntax error at its line and refuses a file that is not a mapping', () => {
    const [syntax] = refusal('table: "12210"\nselection:\n  Tid: ["2015"\n');
    expect(syntax).toMatchObject({ code: 'INVALID_SSB_QUERY', file: 'q.yaml', line: expect.any(Number) });
    expect(syntax!.message).not.toContain('\n');
    expect(messages('- table\n- selection\n')).toEqual([[1, expect.stringContaining('a query file is a mapping with table, selection and mapping')]]);
  });

  it('refuses a table id, language or mapping path of the wrong shape', () => {
    expect(messages('table: "12 210"\nlang: nob\nmapping: ../x.yaml\nselection:\n  Tid: ["2015"]\n')).toEqual([
      [1, 'table: must be a table id such as "12210"'],
      [2, 'lang: must be a two-letter language code such as "no" or "en"'],
      [3, 'mapping: must be the file name of a mapping in reference/mappings/, such as ssb-12210.yaml'],
    ]);
    expect(messages('table: [12210]\nselection:\n  Tid: ["2015"]\n')).toEqual([[1, 'table: must be a table id such as "12210"']]);
  });

  it('wants a selection that names variables with values, and says which value cannot go into a URL', () => {
    expect(messages('table: "12210"\n')).toEqual([[1, expect.stringContaining('selection: is required')]]);
    expect(messages('table: "12210"\nselection: {}\n')).toEqual([[2, expect.stringContaining('selection: is required')]]);
    expect(messages('table: "12210"\nselection:\n  "Tid år": ["2015"]\n  Region: []\n  ContentsCode: ["a&b", "", {x: 1}]\n')).toEqual([
      [3, 'selection.Tid år: is not a variable code (letters, digits, _ and -)'],
      [4, 'selection.Region: lists no values'],
      [5, 'selection.ContentsCode: "a&b" is not a value code or selection expression'],
      [5, 'selection.ContentsCode: "" is not a value code or selection expression'],
      [5, 'selection.ContentsCode: "" is not a value code or selection expression'],
    ]);
  });

  it('takes code lists only as one id per selected variable', () => {
    const query = parseStatbankQuery('table: "07459"\nselection:\n  Region: ["0301"]\ncodelists:\n  Region: agg_KommSummer\n');
    expect(query.codelists).toEqual([{ variable: 'Region', codelist: 'agg_KommSummer' }]);
    expect(messages('table: "07459"\nselection:\n  Region: ["0301"]\ncodelists: [agg_KommSummer]\n')).toEqual([
      [4, 'codelists: must map variable codes to code list ids'],
    ]);
    expect(messages('table: "07459"\nselection:\n  Region: ["0301"]\ncodelists:\n  Region: [a, b]\n  Tid: agg_År\n  Alder: agg_Alder\n')).toEqual([
      [5, 'codelists.Region: must be one code list id, such as agg_KommSummer'],
      [6, 'codelists.Tid: must be one code list id, such as agg_KommSummer'],
      [7, 'codelists.Alder: names a variable the selection does not select'],
    ]);
  });
});
