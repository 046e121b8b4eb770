import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerStringifier, stringifySliced } from '../../src/server/json';

/**
 * On Node 22 and later answers are written in slices (src/server/json.ts), to keep V8 off its slow
 * path for long JSON texts; a client must get exactly the bytes Apollo's JSON.stringify gave.
 */
const apollo = (value: unknown) => `${JSON.stringify(value)}\n`;

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

  it('is sliced on V8 12 and later (Node 22 and 24) and left to JSON.stringify on V8 11 (Node 20)', () => {
    expect(answerStringifier(13)).toBe(stringifySliced);
    expect(answerStringifier(12)).toBe(stringifySliced);
    const whole = answerStringifier(11);
    expect(whole).not.toBe(stringifySliced);
    expect(whole({ data: { n: 1 } })).toBe('{"data":{"n":1}}\n');
  });
});
