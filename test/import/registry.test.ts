import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/import/adapters/json-position';
import { adapters, detectFormat, findAdapter } from '../../src/import/adapters/index';
import { loadJsonStatMapping } from '../../src/import/adapters/jsonstat-mapping';
import { ImportError } from '../../src/import/types';

const file = (path: string) => readFileSync(resolve(__dirname, '../..', path), 'utf8');

describe('format detection', () => {
  it.each([
    ['reference/seeds/000_796170f9ef8d8241.txt', 'bodo-table'],
    ['reference/seeds/001_a1bbcf1568fad174.txt', 'kristiansund-malekort'],
    ['docs/examples/curator-example.csv', 'curator-csv'],
    ['docs/examples/curator-example.yaml', 'curator-yaml'],
    ['reference/data/oslo_bydel_sosialhjelp_andel_STO020.jsonstat.json', 'jsonstat'],
  ])('recognises %s as %s', (path, name) => {
    expect(detectFormat(file(path))?.name).toBe(name);
  });

  it('recognises nothing in prose, empty text or binary content', () => {
    expect(detectFormat('NAV Bodø hadde et godt år.')).toBeNull();
    expect(detectFormat('')).toBeNull();
    expect(detectFormat('Resultatindikator\n\nGjennomsnitt 2016\n\nGjennomsnitt 2017\u0000')).toBeNull();
  });

  it('recognises no layout in binary content, even behind a header it knows', () => {
    const header = 'kommunenummer,kommunenavn,aar,maal,verdi,uttrekk\n';
    expect(detectFormat(`${header}1804,Bodø,2015,mottakere,1275,kommunedata.rds\n`)?.name).toBe('ssb-extract-csv');
    expect(detectFormat(`${header}${'\u0001\u0002\u0003'.repeat(40)}`)).toBeNull();
  });

  it('takes a JSON-stat dataset that does not say its version, at the lowest confidence it accepts', () => {
    const dataset = '{"class": "dataset", "id": ["tid"], "size": [1], "dimension": {"tid": {"category": {"index": ["2015"]}}}, "value": [1]}';
    expect(detectFormat(dataset)?.name).toBe('jsonstat');
  });

  it('gives a header two formats read alike to the more specific one, listed first', () => {
    const header = 'kommunenummer,kommunenavn,aar,maal,verdi,area_kind,area_code,label,period,value';
    expect(findAdapter('ssb-extract-csv')!.detect(header)).toBe(findAdapter('curator-csv')!.detect(header));
    expect(detectFormat(`${header}\n`)?.name).toBe('ssb-extract-csv');
  });

  it('lists every adapter once, each producing its own format name', () => {
    expect(adapters.map((a) => a.name)).toEqual(['jsonstat', 'ssb-extract-csv', 'curator-csv', 'curator-yaml', 'kristiansund-malekort', 'bodo-table']);
    const bodo = findAdapter('bodo-table')!;
    expect(bodo.parse(file('reference/seeds/000_796170f9ef8d8241.txt')).format).toBe('bodo-table');
  });

  it('never throws while detecting, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      detectFormat(text);
    }));
  });
});

describe('every adapter on damaged input', () => {
  const samples = [
    'reference/seeds/000_796170f9ef8d8241.txt',
    'reference/seeds/001_a1bbcf1568fad174.txt',
    'docs/examples/curator-example.csv',
    'docs/examples/curator-example.yaml',
  ].map(file);
  const jsonstatMapping = loadJsonStatMapping(resolve(__dirname, '../../reference/mappings/oslo-sto020.yaml'));
  const edit = fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('', '12', '≥ 15', '0-30', '1 2 3 4 5', 'Resultat 2019', 'Mål', '2018', 'x', ',', '"', '- a', 'figures:', ':', '{'));
  /** A sample with lines deleted, replaced or inserted. */
  const damaged = fc.tuple(fc.constantFrom(...samples), fc.array(edit, { maxLength: 8 })).map(([text, edits]) => {
    const lines = text.split('\n');
    for (const [at, remove, insert] of edits) lines.splice(at % (lines.length + 1), remove % 3, insert);
    return lines.join('\n');
  });

  it('either reads the document or refuses it with an ImportError, never another exception', () => {
    fc.assert(
      fc.property(fc.oneof(damaged, fc.string()), (text) => {
        for (const adapter of adapters) {
          try {
            adapter.parse(text, { jsonstatMapping });
          } catch (error) {
            expect(error).toBeInstanceOf(ImportError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('locating a JSON syntax error', () => {
  it('finds no error in valid JSON', () => {
    fc.assert(
      fc.property(fc.json(), (json) => {
        expect(jsonErrorOffset(json)).toBe(-1);
      }),
    );
  });

  it('points at the first character that breaks the grammar', () => {
    expect(jsonErrorOffset('{"a": }')).toBe(6);
    expect(jsonErrorOffset('[1, 2,]')).toBe(6);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": 1 // note\n}')).toBe(8);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
    expect(jsonErrorOffset('')).toBe(0);
  });

  it('points at the first of several faults, where a person fixing the file starts', () => {
    expect(jsonErrorOffset('{"a": , "b": }')).toBe(6);
    expect(jsonErrorOffset('[1,,2 x]')).toBe(3);
  });

  it('returns an offset, never throws, for text nested deeper than the call stack', () => {
    const deep = `${'['.repeat(200_000)}x`;
    expect(() => JSON.parse(deep)).toThrow(SyntaxError);
    expect(jsonErrorOffset(deep)).toBe(-1);
  });

  it('names the line of a syntax error in a JSON-stat file, and only that', () => {
    const text = '{\n  "version": "2.0",\n  "class": "dataset",\n  "id": ["a"]\n  "size": [1]\n}';
    const error = (() => {
      try {
        findAdapter('jsonstat')!.parse(text, { fileName: 'bad.json', jsonstatMapping: loadJsonStatMapping(resolve(__dirname, '../../reference/mappings/oslo-sto020.yaml')) });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).diagnostics).toEqual([expect.objectContaining({ code: 'MALFORMED_JSON', file: 'bad.json', line: 5 })]);
  });
});
