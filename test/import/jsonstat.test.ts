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

  it('refuses positions that are not one whole number inside each dimension', () => {
    expect(() => flatIndex([2, 3], [1])).toThrow(new RangeError('need 2 positions, got 1'));
    expect(() => flatIndex([2], [0, 1])).toThrow(new RangeError('need 1 positions, got 2'));
    expect(() => flatIndex([2, 3], [-1, 0])).toThrow(new RangeError('position -1 outside dimension 0 of size 2'));
    expect(() => flatIndex([2, 3], [0, 0.5])).toThrow(new RangeError('position 0.5 outside dimension 1 of size 3'));
    expect(() => flatIndex([2, 3], [0, 3])).toThrow(new RangeError('position 3 outside dimension 1 of size 3'));
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

/** Test data: a dataset by age, the dimension to filter on listed first, its codes unlike its labels. */
const AGED = JSON.stringify({
  version: '2.0',
  class: 'dataset',
  label: 'Testkilde etter alder',
  id: ['alder', 'tid', 'sted', 'mål'],
  size: [2, 2, 1, 1],
  dimension: {
    alder: { category: { index: { alle: 0, unge: 1 }, label: { alle: 'I alt', unge: '18-24 år' } } },
    tid: { category: { index: ['2018', '2019'] } },
    sted: { category: { index: ['a'], label: { a: 'Bydel A' } } },
    mål: { category: { index: ['andel'], label: { andel: 'Andel' } } },
  },
  value: [1.1, 1.2, 2.1, 2.2],
});

const agedByLabel: JsonStatMapping = {
  match: 'label',
  time: { dimension: 'tid' },
  geography: { dimension: 'sted', categories: { 'Bydel A': { kind: 'office', code: 'A1' } } },
  metric: { dimension: 'mål', categories: { Andel: { indicator: 'x.share', unit: 'percent' } } },
  filters: { alder: 'I alt' },
};

const agedByCode: JsonStatMapping = {
  ...agedByLabel,
  match: 'code',
  geography: { dimension: 'sted', categories: { a: { kind: 'office', code: 'A1' } } },
  metric: { dimension: 'mål', categories: { andel: { indicator: 'x.share', unit: 'percent' } } },
  filters: { alder: 'unge' },
};

/** Test data: one area, one year, a share and a count. */
const TWO_METRICS = JSON.stringify({
  version: '2.0',
  class: 'dataset',
  label: 'Testkilde med to mål',
  id: ['tid', 'sted', 'mål'],
  size: [1, 1, 2],
  dimension: {
    tid: { category: { index: ['2018'] } },
    sted: { category: { index: ['a'], label: { a: 'Bydel A' } } },
    mål: { category: { index: ['andel', 'antall'], label: { andel: 'Andel', antall: 'Antall' } } },
  },
  value: [0.5, 12],
});

const twoMetricsMapping: JsonStatMapping = {
  match: 'label',
  time: { dimension: 'tid' },
  geography: { dimension: 'sted', categories: { 'Bydel A': { kind: 'office', code: 'A1' } } },
  metric: { dimension: 'mål', categories: { Andel: { indicator: 'x.share', unit: 'percent' } } },
  filters: {},
};

describe('JSON-stat: filters, addresses and what the document says about itself', () => {
  it('reads the filtered category of the first dimension, by label or by code as the mapping says', () => {
    const all = parseJsonStat(AGED, { jsonstatMapping: agedByLabel });
    expect(all.figures.map((f) => [f.period, f.value])).toEqual([['2018', '1.1'], ['2019', '1.2']]);
    const young = parseJsonStat(AGED, { jsonstatMapping: { ...agedByLabel, filters: { alder: '18-24 år' } } });
    expect(young.figures.map((f) => [f.period, f.value])).toEqual([['2018', '2.1'], ['2019', '2.2']]);
    const byCode = parseJsonStat(AGED, { jsonstatMapping: agedByCode });
    expect(byCode.figures.map((f) => [f.period, f.value])).toEqual([['2018', '2.1'], ['2019', '2.2']]);
  });

  it('addresses a cell by the dimensions of several categories, in the quote and in the location', () => {
    const doc = parseJsonStat(AGED, { jsonstatMapping: agedByLabel });
    const { place, ...figure } = at(doc.figures, 1);
    expect(place?.index).toBe(1);
    expect(figure).toEqual({
      label: 'Andel',
      period: '2019',
      periodText: '2019',
      value: '1.2',
      valueText: '1.2',
      targetText: null,
      quote: 'Testkilde etter alder: alder "I alt", tid "2019": 1.2',
      location: { line: 1, cell: 'value[1] (alder "I alt", tid "2019")' },
      area: { kind: 'office', code: 'A1' },
      indicatorCode: 'x.share',
      unit: 'percent',
    });
  });

  it('renders every figure\'s quote and cell again from its place alone, as the plan keeps them', () => {
    const oslo = parseJsonStat(text, { jsonstatMapping: loadJsonStatMapping(MAPPING) });
    const aged = parseJsonStat(AGED, { jsonstatMapping: agedByLabel });
    // Shuffled positions, a withheld value and a sparse dataset's absent cell.
    const withheld = parseJsonStat(tiny({ 0: 1.5, 1: null, 3: 2.25 }), { jsonstatMapping: tinyMapping });
    for (const figure of [...oslo.figures, ...aged.figures, ...withheld.figures]) {
      const place = defined(figure.place, `the place of ${figure.quote}`);
      expect(place.table.texts(place.index, figure.valueText)).toEqual({ quote: figure.quote, cell: figure.location.cell });
    }
    expect(withheld.figures.map((f) => f.quote)).toEqual(['Tiny: tid "2019", sted "Bydel A": 1.5', 'Tiny: tid "2019", sted "Bydel B": null (prikket)', 'Tiny: tid "2018", sted "Bydel B": 2.25']);
  });

  it('quotes a dataset of a single cell by its label and value alone', () => {
    const json = JSON.parse(TWO_METRICS) as { size: number[]; dimension: Record<string, unknown>; value: number[] };
    json.size = [1, 1, 1];
    json.dimension.mål = { category: { index: ['andel'], label: { andel: 'Andel' } } };
    json.value = [0.5];
    const figure = only(parseJsonStat(JSON.stringify(json), { jsonstatMapping: twoMetricsMapping }).figures);
    expect(figure.quote).toBe('Testkilde med to mål: 0.5');
  });

  it('refuses a filter whose category the dimension lacks, matched by code when the mapping matches codes', () => {
    const e = importError(() => parseJsonStat(AGED, { jsonstatMapping: { ...agedByCode, filters: { alder: '18-24 år' } } }));
    expect(e.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['MAPPING_MISMATCH', 'filter alder: "18-24 år" is not a category of "alder"'],
      ['UNMAPPED_DIMENSION', 'dimension "alder" has 2 categories; add a filter such as alder: "alle"'],
    ]);
  });

  it('suggests a filter by code when the mapping matches codes', () => {
    const e = importError(() => parseJsonStat(AGED, { jsonstatMapping: { ...agedByCode, filters: {} }, fileName: 'alder.json' }));
    expect(e.diagnostics).toEqual([{ code: 'UNMAPPED_DIMENSION', message: 'dimension "alder" has 2 categories; add a filter such as alder: "alle"', file: 'alder.json' }]);
  });

  it('names every dimension of the mapping that the dataset lacks, with its role', () => {
    const e = importError(() =>
      parseJsonStat(AGED, {
        jsonstatMapping: { ...agedByLabel, geography: { ...agedByLabel.geography, dimension: 'bydel' }, metric: { ...agedByLabel.metric, dimension: 'variabel' }, filters: { alder: 'I alt', kjønn: 'Begge' } },
        fileName: 'alder.json',
      }),
    );
    expect(e.diagnostics).toEqual([
      { code: 'MAPPING_MISMATCH', message: 'the mapping\'s geography dimension "bydel" is not in the dataset (it has alder, tid, sted, mål)', file: 'alder.json' },
      { code: 'MAPPING_MISMATCH', message: 'the mapping\'s metric dimension "variabel" is not in the dataset (it has alder, tid, sted, mål)', file: 'alder.json' },
      { code: 'MAPPING_MISMATCH', message: 'the mapping\'s filter dimension "kjønn" is not in the dataset (it has alder, tid, sted, mål)', file: 'alder.json' },
    ]);
  });

  it('takes the title from the dataset’s label when the mapping names no source, and leaves out what nobody says', () => {
    expect(parseJsonStat(tiny([1, 2, 3, 4]), { jsonstatMapping: tinyMapping }).meta).toStrictEqual({ title: 'Tiny' });
    const unlabelled = JSON.parse(tiny([1, 2, 3, 4])) as Record<string, unknown>;
    delete unlabelled.label;
    const doc = parseJsonStat(JSON.stringify(unlabelled), { jsonstatMapping: tinyMapping });
    expect(doc.meta).toStrictEqual({});
    // Without a label, the quote starts with the cell's address.
    expect(doc.figures[0]?.quote).toBe('tid "2019", sted "Bydel A": 1');
  });

  it('lets what the caller says win over the mapping’s source, and the source over the dataset', () => {
    const source = { title: 'Testkilde STØ020', publisher: 'Testkommune', url: 'https://example.org/testkilde' };
    expect(parseJsonStat(tiny([1, 2, 3, 4]), { jsonstatMapping: { ...tinyMapping, source } }).meta).toStrictEqual(source);
    const doc = parseJsonStat(tiny([1, 2, 3, 4]), { jsonstatMapping: { ...tinyMapping, source }, title: 'Testrapport', url: 'https://example.org/rapport' });
    expect(doc.meta).toStrictEqual({ title: 'Testrapport', publisher: 'Testkommune', url: 'https://example.org/rapport' });
  });

  it('warns of a metric without an indicator, keeping its figures under their label without an indicator', () => {
    const doc = parseJsonStat(TWO_METRICS, { jsonstatMapping: twoMetricsMapping, fileName: 'to.json' });
    expect(doc.warnings).toEqual([
      { code: 'UNMAPPED_METRIC', message: 'metric "Antall" has no indicator in the mapping; its values are kept under an unmapped label, mappable later', file: 'to.json' },
    ]);
    expect(doc.figures.map((f) => [f.label, f.value, f.indicatorCode, f.unit])).toEqual([
      ['Andel', '0.5', 'x.share', 'percent'],
      ['Antall', '12', undefined, undefined],
    ]);
  });

  it('refuses a mapping that maps no metric to an indicator', () => {
    const e = importError(() => parseJsonStat(TWO_METRICS, { jsonstatMapping: { ...twoMetricsMapping, metric: { dimension: 'mål', categories: {} } }, fileName: 'to.json' }));
    expect(e.diagnostics).toEqual([{ code: 'MAPPING_MISMATCH', message: 'no category of "mål" is mapped to an indicator', file: 'to.json', line: undefined }]);
  });

  it('refuses a time category that is not a period', () => {
    const json = JSON.parse(TWO_METRICS) as { dimension: Record<string, unknown> };
    json.dimension.tid = { category: { index: ['fjor'], label: { fjor: 'I fjor' } } };
    const e = importError(() => parseJsonStat(JSON.stringify(json), { jsonstatMapping: twoMetricsMapping, fileName: 'to.json' }));
    expect(e.diagnostics).toEqual([{ code: 'INVALID_PERIOD', message: 'time category "I fjor" is not a year, quarter (2018K1) or month (2018M03)', file: 'to.json', line: undefined }]);
  });
});

/** The one diagnostic of refusing the tiny dataset after `change`. */
function refusalOf(change: (json: { dimension: Record<string, unknown> } & Record<string, unknown>) => void, values: unknown = [1, 2, 3, 4]) {
  const json = JSON.parse(tiny(values)) as { dimension: Record<string, unknown> } & Record<string, unknown>;
  change(json);
  return only(importError(() => parseJsonStat(JSON.stringify(json), { jsonstatMapping: tinyMapping, fileName: 'tiny.json' })).diagnostics);
}

describe('JSON-stat: malformed datasets, each refused saying what is wrong', () => {
  it('refuses a dimension without a category', () => {
    expect(refusalOf((j) => { j.dimension.mål = { label: 'mål' }; })).toEqual({ code: 'MALFORMED_JSONSTAT', message: 'dimension "mål" has no category', file: 'tiny.json' });
  });

  it('refuses a category.index that is neither a list nor an object, but reads one left out', () => {
    const message = 'dimension "mål" has a category.index that is neither a list nor an object of code: position';
    for (const index of ['andel', 1, null]) {
      expect(refusalOf((j) => { j.dimension.mål = { category: { index, label: { andel: 'Andel' } } }; })).toEqual({ code: 'MALFORMED_JSONSTAT', message, file: 'tiny.json' });
    }
    // tiny's mål leaves its index out: its one category is the one its label names.
    expect(parseJsonStat(tiny([1, 2, 3, 4]), { jsonstatMapping: tinyMapping }).figures.map((f) => f.label)).toEqual(['Andel', 'Andel', 'Andel', 'Andel']);
  });

  it('refuses a dimension whose categories are more or fewer than its size', () => {
    expect(refusalOf((j) => { j.dimension.tid = { category: { index: ['2019', '2018', '2017'] } }; })).toEqual({ code: 'MALFORMED_JSONSTAT', message: 'dimension "tid" has 3 categories but size says 2', file: 'tiny.json' });
  });

  it('refuses a category.index that is not each position from 0 to size − 1 once', () => {
    const message = 'dimension "sted" has a category.index that is not the positions 0 to 1, each once';
    for (const index of [{ a: 0, b: 0 }, { a: 0, b: 2 }, { a: -1, b: 1 }, { a: 0.5, b: 1 }]) {
      expect(only(importError(() => parseJsonStat(tiny([1, 2, 3, 4], index), { jsonstatMapping: tinyMapping })).diagnostics)).toMatchObject({ code: 'MALFORMED_JSONSTAT', message });
    }
  });

  it('gives the code MALFORMED_JSONSTAT to a dimension, value list or value object that does not fit', () => {
    expect(refusalOf((j) => { delete j.dimension.tid; })).toEqual({ code: 'MALFORMED_JSONSTAT', message: 'dimension "tid" is listed in "id" but not described in "dimension"', file: 'tiny.json' });
    expect(refusalOf(() => undefined, [1, 2, 3])).toEqual({ code: 'MALFORMED_JSONSTAT', message: '"value" has 3 cells but the sizes give 4', file: 'tiny.json' });
    expect(refusalOf(() => undefined, 7)).toEqual({ code: 'MALFORMED_JSONSTAT', message: '"value" must be a list or an object of index: value', file: 'tiny.json' });
  });

  it('refuses a JSON-stat version other than 2.0, and JSON that is no object, at line 1', () => {
    const expected = { code: 'UNSUPPORTED_JSONSTAT', message: 'expected a JSON-stat 2.0 dataset ("version": "2.0", "class": "dataset"); for a collection, import each dataset', file: 'tiny.json', line: 1 };
    expect(refusalOf((j) => { j.version = '1.0'; })).toEqual(expected);
    expect(only(importError(() => parseJsonStat('null', { jsonstatMapping: tinyMapping, fileName: 'tiny.json' })).diagnostics)).toEqual(expected);
  });

  it('names the first line of the text when JSON breaks at its first character, and no line when the fault cannot be placed', () => {
    const first = only(importError(() => parseJsonStat('nei', { jsonstatMapping: tinyMapping })).diagnostics);
    expect(first).toMatchObject({ code: 'MALFORMED_JSON', line: 1 });
    expect(first.message).toMatch(/^not valid JSON: \S/);
    expect(first.message).not.toContain('\n');
    // Nested deeper than the parser that locates faults can follow.
    const deep = only(importError(() => parseJsonStat(`${'['.repeat(200_000)}x`, { jsonstatMapping: tinyMapping })).diagnostics);
    expect(deep.code).toBe('MALFORMED_JSON');
    expect(deep.line).toBeUndefined();
  });

  it('refuses binary content before reading it as JSON', () => {
    expect(only(importError(() => parseJsonStat('{"version": "2.0"}\u0000\u0000\u0000\u0000', { jsonstatMapping: tinyMapping })).diagnostics).code).toBe('BINARY_CONTENT');
  });

  it('says how to give a mapping', () => {
    expect(only(importError(() => parseJsonStat(text, { fileName: 'STO020.json' })).diagnostics)).toEqual({
      code: 'MAPPING_REQUIRED',
      message: 'a JSON-stat dataset needs a mapping (e.g. reference/mappings/oslo-sto020.yaml) to say which dimension is what',
      file: 'STO020.json',
    });
  });

  it('names every unmapped district in one message', () => {
    const none: JsonStatMapping = { ...tinyMapping, geography: { dimension: 'sted', categories: {} } };
    expect(only(importError(() => parseJsonStat(tiny([1, 2, 3, 4]), { jsonstatMapping: none })).diagnostics)).toMatchObject({
      code: 'UNMAPPED_CATEGORY',
      message: 'geography categories without a mapping: "Bydel A", "Bydel B"; map each to an office or municipality, or skip it with a reason',
    });
  });
});

describe('JSON-stat: the cells', () => {
  it('reads a cell written as a decimal string, keeping the string as published', () => {
    const d = parseJsonStat(tiny(['12.50', '-3', null, 4]), { jsonstatMapping: tinyMapping });
    expect(d.figures.map((f) => [f.value, f.valueText])).toEqual([['12.5', '12.50'], [undefined, null], ['-3', '-3'], ['4', '4']]);
  });

  it('refuses a cell that is neither a number nor null, naming the cell and the line of "value"', () => {
    const pretty = JSON.stringify(JSON.parse(tiny([1, 2, 3, 4])), null, 2);
    const valueLine = pretty.split('\n').findIndex((l) => l.startsWith('  "value"')) + 1;
    expect(valueLine).toBeGreaterThan(1);
    for (const [cell, written] of [['1,5', '"1,5"'], ['x12', '"x12"'], ['12x', '"12x"'], ['', '""'], [true, 'true'], [{ v: 1 }, '{"v":1}']] as const) {
      const json = JSON.parse(pretty) as { value: unknown[] };
      json.value[1] = cell;
      const refused = only(importError(() => parseJsonStat(JSON.stringify(json, null, 2), { jsonstatMapping: tinyMapping, fileName: 'tiny.json' })).diagnostics);
      expect(refused).toEqual({ code: 'MALFORMED_JSONSTAT', message: `value[1] (tid "2019", sted "Bydel B") holds ${written}, which is neither a number nor null`, file: 'tiny.json', line: valueLine });
    }
  });

  it('refuses a number too large for JavaScript to read, rather than calling it null', () => {
    const refused = only(importError(() => parseJsonStat(tiny([1, 2, 3, 4]).replace('"value":[1,2,3,4]', '"value":[1,1e999,3,4]'), { jsonstatMapping: tinyMapping })).diagnostics);
    expect(refused).toMatchObject({ code: 'MALFORMED_JSONSTAT', message: 'value[1] (tid "2019", sted "Bydel B") holds a number too large to read', line: 1 });
  });

  it('counts the cells a sparse value object leaves out, at the line of "value"', () => {
    const sparse = JSON.stringify(JSON.parse(tiny({ '0': 7, '3': 8 })), null, 2);
    const d = parseJsonStat(sparse, { jsonstatMapping: tinyMapping, fileName: 'tiny.json' });
    const valueLine = sparse.split('\n').findIndex((l) => l.startsWith('  "value"')) + 1;
    expect(d.warnings).toEqual([
      { code: 'MISSING_CELLS', message: '2 cell(s) are absent from the dataset\'s sparse values: no figure, neither a zero nor a withheld value', file: 'tiny.json', line: valueLine },
    ]);
    expect(d.figures.map((f) => f.location.line)).toEqual([valueLine, valueLine]);
  });

  it('places figures at the line of the dataset\'s own "value" key, not at the same words earlier in a label or note', () => {
    const dataset = JSON.parse(tiny([1, 2, 3, 4])) as Record<string, unknown>;
    // A note that quotes the word, and an extension with a key of that name, both before the cells.
    const noted = JSON.stringify({ note: ['"value" holds persons'], extension: { value: 'x' }, ...dataset }, null, 2);
    const valueLine = noted.split('\n').findIndex((l) => l.startsWith('  "value"')) + 1;
    expect(valueLine).toBeGreaterThan(10);
    expect(parseJsonStat(noted, { jsonstatMapping: tinyMapping }).figures.map((f) => f.location.line)).toEqual([valueLine, valueLine, valueLine, valueLine]);
  });

  it('finds the "value" key written with an escape, as JSON reads it', () => {
    const pretty = JSON.stringify(JSON.parse(tiny([1, 2, 3, 4])), null, 2);
    const valueLine = pretty.split('\n').findIndex((l) => l.startsWith('  "value"')) + 1;
    const escaped = pretty.replace('"value"', '"valu\\u0065"');
    expect(parseJsonStat(escaped, { jsonstatMapping: tinyMapping }).figures.map((f) => f.location.line)).toEqual([valueLine, valueLine, valueLine, valueLine]);
  });
});

describe('JSON-stat: detection', () => {
  const compact = tiny([1, 2, 3, 4]);

  it('is sure of a 2.0 dataset however its keys are spaced, and less sure without the version', () => {
    expect(detectJsonStat(compact)).toBe(0.95);
    expect(detectJsonStat('{ "class" :"dataset", "dimension" :{}, "size" :[1], "version" :"2.0" }')).toBe(0.95);
    expect(detectJsonStat(`\n  ${compact}`)).toBe(0.95);
    expect(detectJsonStat(compact.replace('"version":"2.0",', ''))).toBe(0.5);
  });

  it('needs an object with class dataset, dimension and size', () => {
    expect(detectJsonStat(`[${compact}]`)).toBe(0);
    expect(detectJsonStat(compact.replace('"class":"dataset"', '"class":"collection"'))).toBe(0);
    expect(detectJsonStat(compact.replace('"dimension":', '"dimensjon":'))).toBe(0);
    expect(detectJsonStat(compact.replace('"size":', '"størrelse":'))).toBe(0);
  });

  it('gives 0, without throwing, for something that is not text', () => {
    expect(detectJsonStat(null as unknown as string)).toBe(0);
  });
});
