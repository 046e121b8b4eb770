import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { decimalFromJsonNumber, detectJsonStat, flatIndex, parseJsonStat } from '../../src/import/adapters/jsonstat';
import { loadJsonStatMapping, parseJsonStatMapping, type JsonStatMapping } from '../../src/import/adapters/jsonstat-mapping';
import { importError } from '../support/errors';
import { at, defined, only } from '../support/indexed';

const DATA = resolve(__dirname, '../../reference/data/oslo_bydel_sosialhjelp_andel_STO020.jsonstat.json');
const MAPPING = resolve(__dirname, '../../reference/mappings/oslo-sto020.yaml');
const text = readFileSync(DATA, 'utf8');
const raw = JSON.parse(text) as { id: string[]; size: number[]; value: number[]; dimension: Record<string, { category: { index: Record<string, number>; label: Record<string, string> } }> };


/** A small dataset with the spec's traps: index as an object in shuffled key order, nulls, sparse values. */
function tiny(values: unknown, index: Record<string, number> = { b: 1, a: 0 }) {
  return JSON.stringify({
    version: '2.0',
    class: 'dataset',
    label: 'Tiny',
    id: ['tid', 'sted', 'mål'],
    size: [2, 2, 1],
    dimension: {
      // Keys deliberately out of order: only category.index says which position a category has.
      sted: { label: 'sted', category: { index, label: { b: 'Bydel B', a: 'Bydel A' } } },
      tid: { label: 'tid', category: { index: ['2019', '2018'] } },
      mål: { label: 'mål', category: { label: { andel: 'Andel' } } },
    },
    value: values,
  });
}

const tinyMapping: JsonStatMapping = {
  match: 'label',
  time: { dimension: 'tid' },
  geography: { dimension: 'sted', categories: { 'Bydel A': { kind: 'office', code: 'A1' }, 'Bydel B': { kind: 'office', code: 'B1' } } },
  metric: { dimension: 'mål', categories: { Andel: { indicator: 'x.share', unit: 'percent' } } },
  filters: {},
};

describe('JSON-stat 2.0 with a mapping: Oslo STØ020', () => {
  // Parsed before each test, not while the tests are collected, so that mutation testing
  // (stryker.config.mjs) credits the parsing to the tests that use it.
  let mapping: ReturnType<typeof loadJsonStatMapping>;
  let doc: ReturnType<typeof parseJsonStat>;
  let share: ReturnType<typeof parseJsonStat>['figures'];
  beforeEach(() => {
    mapping = loadJsonStatMapping(MAPPING);
    doc = parseJsonStat(text, { jsonstatMapping: mapping, fileName: 'STO020.json' });
    share = doc.figures.filter((f) => f.indicatorCode === 'social_assistance.recipients_population_share');
  });

  it('gives 15 districts × 17 years = 255 office figures for the share, plus Oslo i alt as municipality 0301', () => {
    expect(share.filter((f) => f.area?.kind === 'office')).toHaveLength(255);
    expect(new Set(share.filter((f) => f.area?.kind === 'office').map((f) => f.area!.code)).size).toBe(15);
    expect(share.filter((f) => f.area?.kind === 'municipality' && f.area.code === '0301')).toHaveLength(17);
    // The share and the count, each for 15 districts and Oslo i alt over 17 years.
    expect(doc.figures).toHaveLength(544);
    expect(new Set(doc.figures.map((f) => f.period))).toEqual(new Set(Array.from({ length: 17 }, (_, i) => String(2007 + i))));
  });

  it('skips "Sum bydeler" with its reason', () => {
    expect(doc.warnings).toEqual([
      { code: 'SKIPPED_CATEGORY', message: 'not imported: "Sum bydeler" (aggregate of the districts, same municipality as Oslo i alt)', file: 'STO020.json' },
    ]);
  });

  it('maps Bydel St.Hanshaugen to NAV St. Hanshaugen and Gamle Oslo to 24722', () => {
    expect(mapping.geography.categories['Bydel St.Hanshaugen']).toEqual({ kind: 'office', code: '24312' });
    expect(mapping.geography.categories['Bydel Gamle Oslo']).toEqual({ kind: 'office', code: '24722' });
    expect(mapping.filters).toEqual({ alder: 'I alt' });
  });

  it('reads each value at its row-major index, checked against an index computed here from id and size', () => {
    const dims = raw.id.map((id) => defined(raw.dimension[id], `dimension ${id}`).category);
    const code = (dim: number, label: string) => Object.entries(at(dims, dim).label).find(([, l]) => l === label)![0];
    for (const f of share) {
      const geo = Object.entries(mapping.geography.categories).find(([, t]) => 'code' in t && t.code === f.area!.code && t.kind === f.area!.kind)![0];
      const codes = ['EliminatedValue', code(1, f.period), code(2, geo), code(3, 'I alt'), code(4, 'Andel sosialhjelpsmottakere i befolkningen')];
      let index = 0;
      codes.forEach((c, i) => (index = index * at(raw.size, i) + defined(at(dims, i).index[c], `category ${c} of dimension ${i}`)));
      expect(f.value).toBe(String(raw.value[index]));
      expect(f.valueText).toBe(String(raw.value[index]));
    }
  });

  it('records Gamle Oslo’s 2018 share with the cell’s address as quote and location', () => {
    const f = share.find((x) => x.area?.code === '24722' && x.period === '2018')!;
    expect(f).toMatchObject({ label: 'Andel sosialhjelpsmottakere i befolkningen', periodText: '2018', unit: 'percent', targetText: null });
    expect(f.location.cell).toMatch(/^value\[\d+\] \(år "2018", geografi "Bydel Gamle Oslo", alder "I alt", statistikkvariabel "Andel sosialhjelpsmottakere i befolkningen"\)$/);
    expect(f.quote).toContain('geografi "Bydel Gamle Oslo"');
  });

  it('takes title and publisher from the mapping and leaves the area to each figure', () => {
    expect(doc.meta).toEqual({ title: 'STØ020: Antall og andel sosialhjelpsmottakere i befolkningen (B), 2007-2023', publisher: 'Oslo kommune, Velferdsetaten' });
  });

  it('imports the count too when the mapping names an indicator for it', () => {
    const both: JsonStatMapping = { ...mapping, metric: { ...mapping.metric, categories: { ...mapping.metric.categories, 'Antall sosialhjelpsmottakere': { indicator: 'social_assistance.recipients_yearly', unit: 'persons' } } } };
    const d = parseJsonStat(text, { jsonstatMapping: both });
    expect(d.figures.filter((f) => f.indicatorCode === 'social_assistance.recipients_yearly' && f.area?.kind === 'office')).toHaveLength(255);
  });

  it('is detected as JSON-stat', () => {
    expect(detectJsonStat(text)).toBeGreaterThanOrEqual(0.9);
    expect(detectJsonStat('{"a": 1}')).toBe(0);
  });
});

describe('JSON-stat mechanics', () => {
  it('computes the flat index row-major, the last dimension fastest', () => {
    expect(flatIndex([1, 17, 17, 8, 2], [0, 0, 0, 0, 1])).toBe(1);
    expect(flatIndex([1, 17, 17, 8, 2], [0, 0, 1, 0, 0])).toBe(16);
    expect(flatIndex([1, 17, 17, 8, 2], [0, 1, 0, 0, 0])).toBe(272);
    expect(flatIndex([2, 3], [1, 2])).toBe(5);
    expect(() => flatIndex([2, 3], [2, 0])).toThrow(RangeError);
  });

  it('uses category.index, not the order of keys in the JSON', () => {
    const d = parseJsonStat(tiny([1, 2, 3, 4]), { jsonstatMapping: tinyMapping });
    expect(d.figures.map((f) => [f.period, f.area!.code, f.valueText])).toEqual([
      ['2019', 'A1', '1'],
      ['2018', 'A1', '3'],
      ['2019', 'B1', '2'],
      ['2018', 'B1', '4'],
    ]);
  });

  it('keeps a null cell as a suppressed figure with no value, never a zero', () => {
    const d = parseJsonStat(tiny([1.5, null, 3, 4]), { jsonstatMapping: tinyMapping });
    const suppressed = d.figures.find((f) => f.area!.code === 'B1' && f.period === '2019')!;
    expect(suppressed).toMatchObject({ valueText: null, flags: ['suppressed'] });
    expect(suppressed.value).toBeUndefined();
    expect(suppressed.quote).toContain('null (prikket)');
  });

  it('reads the sparse object form of value: an absent index is missing (no figure), a null is suppressed', () => {
    const d = parseJsonStat(tiny({ '0': 7, '2': null, '3': 0.125 }), { jsonstatMapping: tinyMapping });
    expect(d.figures.map((f) => [f.valueText, f.flags ?? []])).toEqual([['7', []], [null, ['suppressed']], ['0.125', []]]);
    expect(d.warnings).toMatchObject([{ code: 'MISSING_CELLS', message: expect.stringContaining('1 cell(s) are absent') }]);
  });

  it('writes JSON numbers as exact decimals', () => {
    expect(decimalFromJsonNumber(3.8)).toBe('3.8');
    expect(decimalFromJsonNumber(1e-7)).toBe('0.0000001');
    expect(decimalFromJsonNumber(2.5e21)).toBe('2500000000000000000000');
    expect(decimalFromJsonNumber(-0)).toBe('0');
  });
});

describe('JSON-stat: input it cannot read', () => {
  it('needs a mapping', () => {
    expect(only(importError(() => parseJsonStat(text)).diagnostics).code).toBe('MAPPING_REQUIRED');
  });

  it('refuses broken JSON with the line of the fault', () => {
    const e = importError(() => parseJsonStat('{\n"version": "2.0",\n"class": }', { jsonstatMapping: tinyMapping }));
    expect(e.diagnostics[0]).toMatchObject({ code: 'MALFORMED_JSON', line: 3 });
  });

  it('refuses JSON that is not a JSON-stat 2.0 dataset', () => {
    expect(only(importError(() => parseJsonStat('{"class": "collection", "version": "2.0"}', { jsonstatMapping: tinyMapping })).diagnostics).code).toBe('UNSUPPORTED_JSONSTAT');
  });

  it('refuses a category.index whose positions do not fit the size', () => {
    expect(importError(() => parseJsonStat(tiny([1, 2, 3, 4], { b: 5, a: 0 }), { jsonstatMapping: tinyMapping })).diagnostics[0]).toMatchObject({ code: 'MALFORMED_JSONSTAT', message: expect.stringContaining('positions 0 to 1') });
  });

  it('refuses a dataset whose id, size, dimensions or values do not fit together, saying which', () => {
    const broken = (change: (json: Record<string, unknown>) => void) => {
      const json = JSON.parse(tiny([1, 2, 3, 4])) as Record<string, unknown>;
      change(json);
      return only(importError(() => parseJsonStat(JSON.stringify(json), { jsonstatMapping: tinyMapping })).diagnostics);
    };
    const sizes = '"id" and "size" must be lists of the same length, sizes positive integers';
    expect(broken((j) => { j.size = [2, 2]; })).toMatchObject({ code: 'MALFORMED_JSONSTAT', message: sizes });
    expect(broken((j) => { j.size = [2, 2, 0]; })).toMatchObject({ code: 'MALFORMED_JSONSTAT', message: sizes });
    expect(broken((j) => { j.size = [2, 2, 1.5]; })).toMatchObject({ code: 'MALFORMED_JSONSTAT', message: sizes });
    expect(broken((j) => { j.id = ['tid', 'sted', 3]; })).toMatchObject({ code: 'MALFORMED_JSONSTAT', message: sizes });
    expect(broken((j) => { delete (j.dimension as Record<string, unknown>).tid; })).toMatchObject({ message: 'dimension "tid" is listed in "id" but not described in "dimension"' });
    expect(broken((j) => { j.value = 'x'; })).toMatchObject({ message: '"value" must be a list or an object of index: value' });
    expect(broken((j) => { j.value = null; })).toMatchObject({ message: '"value" must be a list or an object of index: value' });
  });

  it('matches categories by their codes when the mapping says so', () => {
    const byCode: JsonStatMapping = {
      ...tinyMapping,
      match: 'code',
      geography: { dimension: 'sted', categories: { a: { kind: 'office', code: 'A1' }, b: { kind: 'office', code: 'B1' } } },
      metric: { dimension: 'mål', categories: { andel: { indicator: 'x.share', unit: 'percent' } } },
    };
    const doc = parseJsonStat(tiny([1, 2, 3, 4]), { jsonstatMapping: byCode });
    expect(doc.warnings).toEqual([]);
    expect(doc.figures.map((f) => [f.period, f.area, f.valueText])).toEqual([
      ['2019', { kind: 'office', code: 'A1' }, '1'],
      ['2018', { kind: 'office', code: 'A1' }, '3'],
      ['2019', { kind: 'office', code: 'B1' }, '2'],
      ['2018', { kind: 'office', code: 'B1' }, '4'],
    ]);
  });

  it('refuses a value list of the wrong length', () => {
    expect(importError(() => parseJsonStat(tiny([1, 2, 3]), { jsonstatMapping: tinyMapping })).message).toContain('"value" has 3 cells but the sizes give 4');
  });

  it('refuses a district the mapping does not know, rather than dropping it', () => {
    const partial: JsonStatMapping = { ...tinyMapping, geography: { dimension: 'sted', categories: { 'Bydel A': { kind: 'office', code: 'A1' } } } };
    expect(importError(() => parseJsonStat(tiny([1, 2, 3, 4]), { jsonstatMapping: partial })).diagnostics[0]).toMatchObject({ code: 'UNMAPPED_CATEGORY', message: expect.stringContaining('"Bydel B"') });
  });

  it('refuses a dimension with several categories and no filter', () => {
    const mapping = loadJsonStatMapping(MAPPING);
    const e = importError(() => parseJsonStat(text, { jsonstatMapping: { ...mapping, filters: {} } }));
    expect(e.diagnostics[0]).toMatchObject({ code: 'UNMAPPED_DIMENSION', message: expect.stringContaining('alder: "I alt"') });
  });

  it('refuses a mapping that names a dimension or category the dataset lacks', () => {
    const e = importError(() => parseJsonStat(tiny([1, 2, 3, 4]), { jsonstatMapping: { ...tinyMapping, time: { dimension: 'år' }, filters: { mål: 'Antall' } } }));
    expect(e.diagnostics.map((d) => d.message)).toEqual([
      'the mapping\'s time dimension "år" is not in the dataset (it has tid, sted, mål)',
      'filter mål: "mål" is already the time, geography or metric dimension',
      'dimension "tid" has 2 categories; add a filter such as tid: "2019"',
    ]);
  });
});

describe('JSON-stat mapping files', () => {
  it('reports every problem with its line', () => {
    const yaml = [
      'time:',
      '  dimension: år',
      'geography:',
      '  dimension: geografi',
      '  categories:',
      '    "Oslo i alt": { kind: kommune, code: "0301" }',
      '    "Sum bydeler": { skip: true }',
      'metric:',
      '  dimension: statistikkvariabel',
      '  categories:',
      '    "Andel": { indicator: Andel, unit: prosent }',
      'colour: red',
    ].join('\n');
    const e = importError(() => parseJsonStatMapping(yaml, 'bad.yaml'));
    expect(e.diagnostics.map((d) => [d.line, d.message.split(':')[0]])).toEqual([
      [12, 'mapping.colour'],
      [6, 'geography.categories["Oslo i alt"].kind'],
      [7, 'geography.categories["Sum bydeler"].reason'],
      [11, 'metric.categories["Andel"].indicator'],
      [11, 'metric.categories["Andel"].unit'],
    ]);
    expect(e.diagnostics.every((d) => d.file === 'bad.yaml' && d.code === 'INVALID_MAPPING')).toBe(true);
  });

  it('keeps an unquoted municipality code’s leading zero', () => {
    const m = parseJsonStatMapping('time: { dimension: t }\ngeography:\n  dimension: g\n  categories:\n    Oslo: { kind: municipality, code: 0301 }\nmetric:\n  dimension: m\n  categories:\n    A: { indicator: a.b }\n');
    expect(m.geography.categories.Oslo).toEqual({ kind: 'municipality', code: '0301' });
    expect(m.metric.categories.A).toEqual({ indicator: 'a.b', unit: null });
  });
});
