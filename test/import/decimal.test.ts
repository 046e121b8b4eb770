import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  absDecimal,
  addDecimal,
  compareDecimal,
  decimalPlaces,
  isDecimal,
  MAX_DECIMAL_PLACES,
  MAX_INTEGER_DIGITS,
  negateDecimal,
  outOfBounds,
  roundFloatNoise,
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
    expect(() => normaliseDecimal('1e3')).toThrow('not a decimal string: "1e3"');
    for (const text of ['32,4', '1.', '.5', '+1', ' 1', '1 000', '', '--1']) expect(isDecimal(text)).toBe(false);
    expect(isDecimal(12 as unknown as string)).toBe(false);
    for (const text of ['0', '-0.5', '007', '1.250']) expect(isDecimal(text)).toBe(true);
  });

  it('takes the median of an odd count as its middle value, unsorted input included', () => {
    expect(medianDecimal(['9.25', '1', '3.50'])).toBe('3.5');
    expect(medianDecimal(['12'])).toBe('12');
    expect(medianDecimal(['4', '1', '3', '2'])).toBe('2.5');
    expect(() => medianDecimal([])).toThrow('median of an empty list');
  });

  it('gives sign, magnitude and decimal places exactly', () => {
    expect(absDecimal('-1.50')).toBe('1.5');
    expect(absDecimal('2.0')).toBe('2');
    expect(negateDecimal('1.5')).toBe('-1.5');
    expect(negateDecimal('-1.5')).toBe('1.5');
    expect(negateDecimal('0')).toBe('0');
    expect(decimalPlaces('9.25')).toBe(2);
    expect(decimalPlaces('466')).toBe(0);
    expect(compareDecimal('-1', '-0.5')).toBe(-1);
    expect(compareDecimal('0.50', '0.5')).toBe(0);
    expect(compareDecimal('10', '9.99')).toBe(1);
    expect(shiftDecimal('1.5', -2)).toBe('0.015');
    expect(shiftDecimal('-1.5', 3)).toBe('-1500');
  });

  it('stores at most 15 digits before the decimal point and 10 after it', () => {
    expect(MAX_INTEGER_DIGITS).toBe(15);
    expect(MAX_DECIMAL_PLACES).toBe(10);
    expect(outOfBounds('9'.repeat(15))).toBeNull();
    expect(outOfBounds(`-${'9'.repeat(15)}.5`)).toBeNull();
    expect(outOfBounds('9'.repeat(16))).toBe('has 16 digits before the decimal point; at most 15 are stored');
    expect(outOfBounds(`-${'9'.repeat(16)}`)).toBe('has 16 digits before the decimal point; at most 15 are stored');
    expect(outOfBounds('0.0123456789')).toBeNull();
    expect(outOfBounds('0.01234567891')).toBe('has 11 decimal places; at most 10 are stored');
  });

  it('rounds away float noise such as 0.0139999999999999 but keeps every figure a source meant', () => {
    expect(roundFloatNoise('0.0139999999999999')).toBe('0.014');
    expect(roundFloatNoise('-0.0139999999999999')).toBe('-0.014');
    expect(roundFloatNoise('0.30000000000000004')).toBe('0.3');
    // Fewer than 15 significant digits: as published.
    expect(roundFloatNoise('0.12345678901234')).toBe('0.12345678901234');
    // More than 17: not from a double.
    expect(roundFloatNoise('0.123456789012345678')).toBe('0.123456789012345678');
    // An integer has no fraction to carry noise.
    expect(roundFloatNoise('123456789012345')).toBe('123456789012345');
    // 15 digits that round to more than 8 significant ones are a real figure, not noise.
    expect(roundFloatNoise('0.123456789012345')).toBe('0.123456789012345');
    expect(roundFloatNoise('1.50')).toBe('1.5');
  });
});
