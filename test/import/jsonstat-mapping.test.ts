import { describe, expect, it } from 'vitest';
import { parseJsonStatMapping } from '../../src/import/adapters/jsonstat-mapping';
import { ImportError, type ImportDiagnostic } from '../../src/import/types';

/** JSON-stat mapping files beyond the basics in jsonstat.test.ts: matching by code, sources, filters, and each refusal with its line. */

const BASE = ['time: { dimension: Tid }', 'geography:', '  dimension: Region', '  categories:', '    "0301": { kind: municipality, code: "0301" }', 'metric:', '  dimension: ContentsCode', '  categories:', '    KOSsosantkliente0000: { indicator: social_assistance.recipients_yearly, unit: persons }'];

function refusal(text: string): ImportDiagnostic[] {
  try {
    parseJsonStatMapping(text, 'm.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return (error as ImportError).diagnostics;
  }
  throw new Error('the mapping was accepted');
}

const messages = (lines: string[]) => refusal(lines.join('\n')).map((p) => [p.line, p.message]);

describe('JSON-stat mapping files: options and refusals', () => {
  it('matches by code when asked, keeps the source fields given, and holds one category per filtered dimension', () => {
    const mapping = parseJsonStatMapping(
      [...BASE, 'match: code', 'source: { title: "Sosialhjelp (12210)", publisher: Statistisk sentralbyrå }', 'filters:', '  Alder: "018"'].join('\n'),
    );
    expect(mapping.match).toBe('code');
    expect(mapping.source).toEqual({ title: 'Sosialhjelp (12210)', publisher: 'Statistisk sentralbyrå' });
    expect(mapping.filters).toEqual({ Alder: '018' });
    expect(parseJsonStatMapping(BASE.join('\n'))).toMatchObject({ match: 'label', filters: {} });
    expect(parseJsonStatMapping(BASE.join('\n')).source).toBeUndefined();
  });

  it('points a YAML syntax error at its line and refuses a file that is not a mapping', () => {
    const [syntax] = refusal('time: { dimension: Tid\ngeography: x\n');
    expect(syntax).toMatchObject({ code: 'INVALID_MAPPING', file: 'm.yaml', line: expect.any(Number) });
    expect(messages(['- time', '- geography'])).toEqual([[1, 'mapping: must be a mapping']]);
  });

  it('refuses an unknown match, a filter that is not one category, and sections that are not mappings', () => {
    expect(messages([...BASE, 'match: position', 'filters:', '  Alder: [a, b]', '  Kjonn: ""'])).toEqual([
      [10, 'mapping.match: must be label or code'],
      [12, 'filters.Alder: must be one category'],
      [13, 'filters.Kjonn: must be one category'],
    ]);
    expect(messages(['time: Tid', 'geography: { dimension: "", categories: {} }', 'metric: { dimension: m, categories: [a] }'])).toEqual([
      [1, 'time: must be a mapping'],
      [2, 'geography.dimension: must be a non-empty text'],
      [3, 'metric.categories: must be a mapping'],
    ]);
  });

  it('refuses a geography that is neither a kind with a code nor a skip with its reason', () => {
    const geography = (...extra: string[]) => messages([...BASE.slice(0, 5), ...extra, ...BASE.slice(5)]);
    expect(
      geography(
        '    Halden: { kind: municipality, code: "101" }',
        '    Sum: { skip: "yes", reason: aggregate }',
        '    Ukjent: { code: "9999" }',
        '    Bydel: gamle Oslo',
        '    Kontor: { kind: office, code: NAV Bodø, colour: red }',
        '    Fylke: { kind: county, code: "18" }',
      ),
    ).toEqual([
      [6, 'geography.categories["Halden"].code: "101" is not a 4-digit municipality code (quote it to keep the leading zero)'],
      [7, 'geography.categories["Sum"].skip: must be true (leave the category out otherwise)'],
      [8, 'geography.categories["Ukjent"].kind: is required'],
      [9, 'geography.categories["Bydel"]: must be a mapping'],
      [10, 'geography.categories["Kontor"].colour: unknown key (use kind, code, skip, reason)'],
      [11, 'geography.categories["Fylke"].kind: "county" is not office or municipality'],
    ]);
  });

  it('keeps a skipped category with its reason, trims texts, and keeps only the source fields given', () => {
    const mapping = parseJsonStatMapping(
      ['time: { dimension: " Tid " }', ...BASE.slice(1, 5), '    Oslo i alt: { skip: "true", reason: aggregat }', ...BASE.slice(5), 'dataset: STO020', 'note: fra SSB', 'source: { url: "https://www.ssb.no/statbank/table/12210" }'].join('\n'),
    );
    expect(mapping.time.dimension).toBe('Tid');
    expect(mapping.geography.categories['Oslo i alt']).toStrictEqual({ skip: true, reason: 'aggregat' });
    expect(Object.keys(mapping.source!)).toEqual(['url']);
  });

  it('refuses a category lacking what it needs, or with a code of five digits, once per fault', () => {
    const lines = [...BASE.slice(0, 5), '    Tom: { kind: municipality, code: "" }', '    Lang: { kind: municipality, code: "03011" }', '    Sum: { skip: "true" }', ...BASE.slice(5), '    Uten: { unit: persons }', '    Feil: { indicator: sosialhjelp, unit: personer }'];
    expect(messages(lines)).toEqual([
      [6, 'geography.categories["Tom"].code: must be a non-empty text'],
      [7, 'geography.categories["Lang"].code: "03011" is not a 4-digit municipality code (quote it to keep the leading zero)'],
      [8, 'geography.categories["Sum"].reason: is required'],
      [13, 'metric.categories["Uten"].indicator: is required'],
      [14, 'metric.categories["Feil"].indicator: "sosialhjelp" is not an indicator code'],
      [14, 'metric.categories["Feil"].unit: "personer" is not a unit (use persons, count, percent, percentage_points, per_1000_inhabitants, NOK, days, nights, weeks)'],
    ]);
    expect(messages([...BASE.slice(0, 5), '    Kort: { kind: municipality }', ...BASE.slice(5)])).toEqual([[6, 'geography.categories["Kort"].code: is required']]);
  });

  it('names each section that is missing, blank or not a mapping, with its line where it has one', () => {
    expect(messages(['time: { dimension: "  " }', 'geography: Region', 'metric: { categories: {} }', 'filters: x'])).toEqual([
      [2, 'geography: must be a mapping'],
      [4, 'filters: must be a mapping'],
      [1, 'time.dimension: must be a non-empty text'],
      [undefined, 'geography.categories: must be a mapping'],
      [3, 'metric.dimension: is required'],
    ]);
    expect(messages(['geography: { dimension: Region, categories: x }', 'metric: { dimension: { a: b }, categories: {} }', 'filters:', '  Alder:'])).toEqual([
      [undefined, 'time: must be a mapping'],
      [4, 'filters.Alder: must be one category'],
      [1, 'geography.categories: must be a mapping'],
      [2, 'metric.dimension: must be a non-empty text'],
    ]);
  });

  it('names a required dimension that is missing, and a metric section that is one word', () => {
    expect(messages(['time: {}', 'geography: { categories: {} }', 'metric: ContentsCode'])).toEqual([
      [3, 'metric: must be a mapping'],
      [1, 'time.dimension: is required'],
      [2, 'geography.dimension: is required'],
      [undefined, 'metric.categories: must be a mapping'],
    ]);
  });

  it('refuses a key given twice, a blank match and blank or unknown source fields', () => {
    expect(messages([...BASE, 'time: { dimension: Tid }'])).toEqual([[10, 'mapping.time: is given twice (first on line 1): keep one']]);
    // A category given twice, and a key twice inside a category's target.
    expect(messages([...BASE.slice(0, 5), '    "0301": { kind: office, code: "24722", code: "24723" }', ...BASE.slice(5)])).toEqual([
      [6, 'geography.categories["0301"]: is given twice (first on line 5): keep one'],
      [6, 'geography.categories["0301"].code: is given twice (first on line 6): keep one'],
    ]);
    expect(messages([...BASE, 'match: ""', 'source: { title: "", publisher: "", url: "", farge: rød }'])).toEqual([
      [10, 'mapping.match: must be a non-empty text'],
      [11, 'source.farge: unknown key (use title, publisher, url)'],
      [11, 'source.title: must be a non-empty text'],
      [11, 'source.publisher: must be a non-empty text'],
      [11, 'source.url: must be a non-empty text'],
    ]);
  });
});
