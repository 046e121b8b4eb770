import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  compareDecimal,
  medianDecimal,
  multiplyDecimal,
  normaliseDecimal,
  roundingHalfUnit,
  shiftDecimal,
  subtractDecimal,
} from '../../src/import/normalise/decimal';

/** A decimal string and its value as a BigInt scaled by 10^6, for checking against plain integer arithmetic. */
const decimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 999_999 }))
  .map(([negative, whole, micro]) => {
    const text = `${negative ? '-' : ''}${whole}.${String(micro).padStart(6, '0')}`;
    return { text: normaliseDecimal(text), scaled: (negative ? -1n : 1n) * (whole * 1_000_000n + BigInt(micro)) };
  });

describe('exact decimals', () => {
  it('adds 0.1 and 0.2 to exactly 0.3, where floats give 0.30000000000000004', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
  });

  it('multiplies Kristiansund’s 9,25 refugees per quarter by 4 to exactly 37', () => {
    expect(multiplyDecimal('9.25', '4')).toBe('37');
  });

  it('writes canonical strings: no leading or trailing zeros, no negative zero', () => {
    expect(normaliseDecimal('007.500')).toBe('7.5');
    expect(normaliseDecimal('-0.000')).toBe('0');
    expect(subtractDecimal('1.5', '1.5')).toBe('0');
  });

  it('moves the decimal point for millions without floats', () => {
    expect(shiftDecimal('2', 6)).toBe('2000000');
    expect(shiftDecimal('1.25', 6)).toBe('1250000');
    expect(shiftDecimal('15', -7)).toBe('0.0000015');
  });

  it('gives half a unit of the last published digit as the rounding allowance', () => {
    expect(roundingHalfUnit('3')).toBe('0.5');
    expect(roundingHalfUnit('9.25')).toBe('0.005');
  });

  it('takes the median exactly, averaging the middle pair', () => {
    expect(medianDecimal(['10.2', '7.3', '5.1'])).toBe('7.3');
    expect(medianDecimal(['7.3', '5.1'])).toBe('6.2');
  });

  it('agrees with integer arithmetic on random decimals', () => {
    const toText = (scaled: bigint) => normaliseDecimal(`${scaled < 0n ? '-' : ''}${(scaled < 0n ? -scaled : scaled) / 1_000_000n}.${String((scaled < 0n ? -scaled : scaled) % 1_000_000n).padStart(6, '0')}`);
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(addDecimal(a.text, b.text)).toBe(toText(a.scaled + b.scaled));
        expect(subtractDecimal(a.text, b.text)).toBe(toText(a.scaled - b.scaled));
        expect(compareDecimal(a.text, b.text)).toBe(a.scaled < b.scaled ? -1 : a.scaled > b.scaled ? 1 : 0);
      }),
    );
  });

  it('refuses text that is not a decimal string instead of guessing', () => {
    expect(() => compareDecimal('32,4', '1')).toThrow(RangeError);
  });
});
