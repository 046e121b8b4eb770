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
});
