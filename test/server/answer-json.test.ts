import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerBytes, answerSlices, stringifyAnswer } from '../../src/server/json';

/**
 * Answers are made and sent in slices (src/server/json.ts), so that no long answer is ever one
 * string or buffer over V8's 128 KB; a client must get exactly the bytes Apollo's JSON.stringify gave.
 */
const apollo = (value: unknown) => `${JSON.stringify(value)}\n`;
const stringifySliced = (value: unknown) => answerSlices(value).join('');

describe('the JSON text of an answer', () => {
  it('is the text JSON.stringify gives, for any JSON value, long lists included', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.array(tie('node'), { maxLength: 8 }),
        fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 60, maxLength: 300 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(stringifySliced(v)).toBe(apollo(v));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out what JSON.stringify leaves out, and writes null where it does', () => {
    const sparse: unknown[] = [1];
    sparse[3] = 2;
    const long = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? undefined : i % 3 === 1 ? () => i : { i, s: Symbol('x') }));
    const value = {
      errors: undefined,
      data: { ranking: { rows: long, sparse, nested: [sparse, [undefined, Symbol('y')]], f: () => 1, s: Symbol('z'), n: null } },
      extensions: undefined,
    };
    expect(stringifySliced(value)).toBe(apollo(value));
  });

  it('lets objects with toJSON, class instances and boxed values speak for themselves', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const withToJson = { toJSON: () => ({ replaced: true }), hidden: 1 };
    const list = Object.assign([1, 2, 3], { toJSON: () => 'a list' });
    const value = {
      data: {
        when: new Date(Date.UTC(2026, 11, 1)),
        point: new Point(1, 2),
        withToJson,
        list,
        boxed: [Object('text'), Object(3), Object(true)],
        rows: Array.from({ length: 130 }, (_, i) => ({ i, when: new Date(Date.UTC(2020, 0, 1 + i)), withToJson })),
      },
    };
    expect(stringifySliced(value)).toBe(apollo(value));
  });

  it('keeps the order of keys JSON.stringify uses, integer-like keys first', () => {
    const value = { data: { b: 1, 10: 'ten', a: [2], 2: 'two', 'é': 'e' } };
    expect(stringifySliced(value)).toBe(apollo(value));
  });

  it('throws as JSON.stringify does on a cycle deep in a long list', () => {
    const row: Record<string, unknown> = { name: 'NAV Rauma' };
    row.self = row;
    const value = { data: { rows: Array.from({ length: 100 }, () => row) } };
    expect(() => apollo(value)).toThrow(TypeError);
    expect(() => stringifySliced(value)).toThrow(TypeError);
  });

  it('is the text Apollo gives, from stringifyAnswer, and its bytes from answerBytes', () => {
    const value = { data: { ranking: { rows: Array.from({ length: 500 }, (_, i) => ({ rank: i + 1, name: `NAV Bodø ${i}`, citation: 'SSB 12210 (2015–2020)' })) } } };
    const text = stringifyAnswer(value);
    expect(text).toBe(apollo(value));
    const bytes = answerBytes(value.data, text);
    expect(bytes.length).toBeGreaterThan(1);
    expect(Buffer.concat(bytes).equals(Buffer.from(apollo(value)))).toBe(true);
  });

  it('gives the bytes of every slice, one shorter than its text in UTF-8, one longer, and one over 100K characters, whatever their characters', () => {
    const long = 'x'.repeat(120_000);
    const value = {
      data: {
        ascii: Array.from({ length: 40 }, (_, i) => ({ name: `NAV ${i}`, note: 'a'.repeat(900) })),
        twoByte: Array.from({ length: 40 }, (_, i) => ({ name: `NAV Bodø ${i} – Salten`, note: 'ø–'.repeat(450) })),
        astral: Array.from({ length: 40 }, (_, i) => ({ name: `😀 ${i}`, note: '𝔐å'.repeat(300) })),
        long: [{ text: long + '–' }, { text: long }],
      },
    };
    const text = stringifyAnswer(value);
    const bytes = answerBytes(value.data, text);
    expect(bytes.length).toBeGreaterThan(3);
    expect(Buffer.concat(bytes).equals(Buffer.from(apollo(value)))).toBe(true);
  });

  it('keeps every slice of a national-size answer under 64K characters, the most V8 keeps in reused memory', () => {
    // Rows with an en dash, as citations have: the text is then two bytes a character in V8.
    const rows = Array.from({ length: 4000 }, (_, i) => ({ rank: i, name: `NAV Kontor ${i}`, citation: `Statistisk sentralbyrå, 12210 (2015–2020), NAV Kontor ${i}`, value: i * 1.5 }));
    const slices = answerSlices({ data: { ranking: { rows, missing: rows.slice(0, 300), warnings: ['Only 12 of 4000 units'] } } });
    expect(slices.join('').length).toBeGreaterThan(400_000);
    for (const slice of slices) expect(slice.length).toBeLessThan(64 * 1024);
  });

  it('encodes a text it did not make, or another answer\'s, whole', () => {
    const value = { data: { n: 'æøå–' } };
    const text = stringifyAnswer(value);
    expect(Buffer.concat(answerBytes({ n: 'æøå–' }, text)).toString()).toBe(text);
    const other = '{"data":{"n":"other"}}\n';
    expect(answerBytes(value.data, other)).toEqual([Buffer.from(other)]);
    expect(answerBytes(null, other)).toEqual([Buffer.from(other)]);
  });
});
