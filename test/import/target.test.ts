import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimal, normaliseDecimal } from '../../src/import/normalise/decimal';
import { isTargetMet, parseTarget, type ParsedTarget } from '../../src/import/normalise/target';

const target = (comparator: string, lower: string | null, upper: string | null, unit: string | null, text: string) => ({
  ok: true,
  comparator,
  lower,
  upper,
  unit,
  text,
  approximate: false,
});

describe('parseTarget: required results as published', () => {
  it.each([
    ['< 450', target('lt', null, '450', null, '< 450')],
    ['<450', target('lt', null, '450', null, '<450')],
    ['> 50 %', target('gt', '50', null, 'percent', '> 50 %')],
    ['< 6,3 %', target('lt', null, '6.3', 'percent', '< 6,3 %')],
    ['≥ 15', target('gte', '15', null, null, '≥ 15')],
    ['>= 15', target('gte', '15', null, null, '>= 15')],
    ['≤ 3', target('lte', null, '3', null, '≤ 3')],
    ['<= 3', target('lte', null, '3', null, '<= 3')],
    ['= 0', target('eq', '0', '0', null, '= 0')],
    ['0', target('eq', '0', '0', null, '0')],
    ['0-30', target('range', '0', '30', null, '0-30')],
    ['0–30', target('range', '0', '30', null, '0–30')],
    ['0 - 5', target('range', '0', '5', null, '0 - 5')],
    ['40–50 %', target('range', '40', '50', 'percent', '40–50 %')],
    ['40 % - 50 %', target('range', '40', '50', 'percent', '40 % - 50 %')],
    ['-5 - -1', target('range', '-5', '-1', null, '-5 - -1')],
    ['minst 60 personer', target('gte', '60', null, 'persons', 'minst 60 personer')],
    ['under 90', target('lt', null, '90', null, 'under 90')],
    ['≥\u00a015', target('gte', '15', null, null, '≥ 15')],
  ])('reads %j', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it.each([
    ['mindre enn 5', 'lt', null, '5'],
    ['færre enn 5', 'lt', null, '5'],
    ['flere enn 5', 'gt', '5', null],
    ['mer enn 5', 'gt', '5', null],
    ['maksimalt 5', 'lte', null, '5'],
    ['minimum 5', 'gte', '5', null],
    ['maksimum 5', 'lte', null, '5'],
    ['over 5', 'gt', '5', null],
    ['Høyst 5', 'lte', null, '5'],
    ['inntil 5', 'lte', null, '5'],
    ['maks. 5', 'lte', null, '5'],
    ['maks 5', 'lte', null, '5'],
    ['min. 5', 'gte', '5', null],
    ['=< 5', 'lte', null, '5'],
    ['=> 5', 'gte', '5', null],
    ['⩽ 5', 'lte', null, '5'],
    ['⩾ 5', 'gte', '5', null],
    ['>5', 'gt', '5', null],
  ])('reads the comparator of %j', (text, comparator, lower, upper) => {
    expect(parseTarget(text)).toMatchObject({ ok: true, comparator, lower, upper });
  });

  it('reads a word comparator only when a space follows it: "over50" is no target', () => {
    for (const text of ['over50', 'under90', 'minst60', 'maks5']) {
      expect(parseTarget(text)).toMatchObject({ ok: false, diagnostic: { code: 'UNREADABLE_TARGET' } });
    }
  });

  it('keeps a hedge on either end of a range as approximate, and none as exact', () => {
    expect(parseTarget('ca. 40 - 50 %')).toMatchObject({ ok: true, comparator: 'range', lower: '40', upper: '50', approximate: true });
    expect(parseTarget('40 - ca. 50 %')).toMatchObject({ ok: true, comparator: 'range', approximate: true });
    expect(parseTarget('40 - 50 %')).toMatchObject({ ok: true, comparator: 'range', approximate: false });
  });

  it('accepts a range whose two ends are equal, and reads "til" as a range', () => {
    expect(parseTarget('30-30')).toEqual(target('range', '30', '30', null, '30-30'));
    expect(parseTarget('10 til 20 dager')).toEqual(target('range', '10', '20', 'days', '10 til 20 dager'));
  });

  it('says what is wrong with a target in words a curator can act on', () => {
    expect(parseTarget('30-0')).toEqual({ ok: false, diagnostic: { code: 'RANGE_REVERSED', message: 'the range "30-0" has its lower end above its upper end' } });
    expect(parseTarget('10 % - 20 dager')).toEqual({ ok: false, diagnostic: { code: 'UNREADABLE_TARGET', message: 'the range "10 % - 20 dager" has different units at its two ends' } });
    expect(parseTarget('≥')).toEqual({ ok: false, diagnostic: { code: 'UNREADABLE_TARGET', message: 'the target "≥" has a comparator but no number' } });
    expect(parseTarget(' ')).toEqual({ ok: false, diagnostic: { code: 'EMPTY_CELL', message: 'the target cell is empty' } });
    expect(parseTarget(450 as unknown as string)).toEqual({ ok: false, diagnostic: { code: 'NOT_TEXT', message: 'expected text, got number' } });
    expect(parseTarget('ønsket')).toMatchObject({ ok: false, diagnostic: { message: expect.stringMatching(/^cannot read "ønsket" as a target \(write it like "< 450", "≥ 15", "0-30" or "0"\): /) } });
  });

  it('keeps a hedged target as approximate', () => {
    expect(parseTarget('> ca. 50 %')).toMatchObject({ ok: true, comparator: 'gt', lower: '50', approximate: true });
  });

  it.each([
    ['', 'EMPTY_CELL'],
    ['<', 'UNREADABLE_TARGET'],
    ['30-0', 'RANGE_REVERSED'],
    ['10 % - 20 dager', 'UNREADABLE_TARGET'],
    ['overgang', 'UNREADABLE_TARGET'],
    ['ønsket resultat', 'UNREADABLE_TARGET'],
  ])('gives a diagnostic for %j', (text, code) => {
    const r = parseTarget(text, { line: 7 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostic).toMatchObject({ code, line: 7 });
  });

  it('never throws, whatever the text', () => {
    const piece = fc.constantFrom('<', '>', '=', '≤', '≥', '<=', '-', '–', ' ', '\u00a0', '0', '15', '6,3', '%', 'til', 'minst ', 'over', 'ca. ', '.');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything(), fc.array(piece, { maxLength: 10 }).map((p) => p.join(''))), (text) => {
        const r = parseTarget(text as string);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  const decimal = fc
    .tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99 }))
    .map(([whole, cents]) => ({ text: `${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')},${String(cents).padStart(2, '0')}`, value: normaliseDecimal(`${whole}.${String(cents).padStart(2, '0')}`) }));

  it('round-trips comparator targets with Norwegian numbers', () => {
    const comparators = fc.constantFrom(['<', 'lt'], ['>', 'gt'], ['≤', 'lte'], ['≥', 'gte'], ['<=', 'lte'], ['>=', 'gte'], ['=', 'eq']);
    fc.assert(
      fc.property(comparators, decimal, ([symbol, comparator], n) => {
        const r = parseTarget(`${symbol} ${n.text}`);
        expect(r).toMatchObject({ ok: true, comparator });
        if (r.ok) expect(r.lower ?? r.upper).toBe(n.value);
      }),
    );
  });

  it('round-trips ranges, lower end first', () => {
    fc.assert(
      fc.property(decimal, decimal, fc.constantFrom('-', '–', ' - ', ' – '), (a, b, dash) => {
        const [lo, hi] = compareDecimal(a.value, b.value) <= 0 ? [a, b] : [b, a];
        expect(parseTarget(`${lo.text}${dash}${hi.text}`)).toMatchObject({ ok: true, comparator: 'range', lower: lo.value, upper: hi.value });
      }),
    );
  });
});

describe('isTargetMet: exact comparison', () => {
  const parsed = (text: string) => parseTarget(text) as ParsedTarget;

  it('finds Bodø’s 429 recipients within the target < 450', () => {
    expect(isTargetMet(parsed('< 450'), '429')).toBe(true);
  });

  it('finds Bodø’s 50,7 % KVP transitions above > 50 % but 50 not above it', () => {
    expect(isTargetMet(parsed('> 50 %'), '50.7')).toBe(true);
    expect(isTargetMet(parsed('> 50 %'), '50')).toBe(false);
    expect(isTargetMet(parsed('> 50 %'), '50.0000000000000001')).toBe(true);
  });

  it('finds Kristiansund’s 12 refugees a quarter short of ≥ 15, and 4 nights a year within 0-30', () => {
    expect(isTargetMet(parsed('≥ 15'), '12')).toBe(false);
    expect(isTargetMet(parsed('0-30'), '4')).toBe(true);
    expect(isTargetMet(parsed('0-30'), '30')).toBe(true);
    expect(isTargetMet(parsed('0-30'), '30.01')).toBe(false);
    expect(isTargetMet(parsed('0'), '3')).toBe(false);
    expect(isTargetMet(parsed('0'), '0')).toBe(true);
  });

  it('makes < x and ≥ x exact opposites for any value', () => {
    const value = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 999 })).map(([w, f]) => normaliseDecimal(`${w}.${String(f).padStart(3, '0')}`));
    fc.assert(
      fc.property(value, value, (bound, v) => {
        expect(isTargetMet({ comparator: 'lt', lower: null, upper: bound }, v)).toBe(!isTargetMet({ comparator: 'gte', lower: bound, upper: null }, v));
      }),
    );
  });

  it.each([
    ['lt', null, '450', [['449.99', true], ['450', false], ['450.01', false]]],
    ['lte', null, '3', [['2.99', true], ['3', true], ['3.01', false]]],
    ['gt', '50', null, [['49.99', false], ['50', false], ['50.01', true]]],
    ['gte', '15', null, [['14.99', false], ['15', true], ['15.01', true]]],
    ['eq', '0', '0', [['-0.01', false], ['0', true], ['0.01', false]]],
    ['range', '0', '30', [['-0.01', false], ['0', true], ['15', true], ['30', true], ['30.01', false]]],
  ] as const)('decides %s on and around its bounds', (comparator, lower, upper, cases) => {
    for (const [value, met] of cases) expect([value, isTargetMet({ comparator, lower, upper }, value)]).toEqual([value, met]);
  });

  it('never finds a target met that lacks the bound its comparator needs', () => {
    expect(isTargetMet({ comparator: 'lt', lower: '0', upper: null }, '-5')).toBe(false);
    expect(isTargetMet({ comparator: 'lte', lower: '0', upper: null }, '-5')).toBe(false);
    expect(isTargetMet({ comparator: 'gt', lower: null, upper: '0' }, '5')).toBe(false);
    expect(isTargetMet({ comparator: 'gte', lower: null, upper: '0' }, '5')).toBe(false);
    expect(isTargetMet({ comparator: 'eq', lower: null, upper: '5' }, '5')).toBe(false);
    expect(isTargetMet({ comparator: 'range', lower: null, upper: '30' }, '5')).toBe(false);
    expect(isTargetMet({ comparator: 'range', lower: '0', upper: null }, '5')).toBe(false);
  });

  it('refuses a value that is not an exact decimal string', () => {
    expect(() => isTargetMet(parsed('< 450'), '429,5')).toThrow(RangeError);
  });
});
