import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseDecimal, shiftDecimal } from '../../src/import/normalise/decimal';
import { parseNumber, placeholderFlag, splitFootnoteMarker } from '../../src/import/normalise/number';

const ok = (value: string, unit: string | null = null, approximate = false) => ({ ok: true, value, unit, approximate });

describe('parseNumber: Norwegian published numbers', () => {
  it.each([
    ['32,4 %', ok('32.4', 'percent')],
    ['2,8%', ok('2.8', 'percent')],
    ['9,25', ok('9.25')],
    ['466', ok('466')],
    ['3 192', ok('3192')],
    ['3\u00a0192', ok('3192')],
    ['3\u202f192', ok('3192')],
    ['1 234 567,89', ok('1234567.89')],
    ['1.234.567', ok('1234567')],
    ['1.234,5', ok('1234.5')],
    ['0.125', ok('0.125')],
    ['50 prosent', ok('50', 'percent')],
    ['1,6 prosentpoeng', ok('1.6', 'percentage_points')],
    ['1,6 pp', ok('1.6', 'percentage_points')],
    ['2 %-poeng', ok('2', 'percentage_points')],
    ['vel 2 mill kr', ok('2000000', 'NOK', true)],
    ['ca. 1,5 mill. kroner', ok('1500000', 'NOK', true)],
    ['ca.107', ok('107', null, true)],
    ['cirka 40', ok('40', null, true)],
    ['rundt 107', ok('107', null, true)],
    ['omtrent 12 uker', ok('12', 'weeks', true)],
    ['i underkant av 300 personer', ok('300', 'persons', true)],
    ['i overkant av 5 dager', ok('5', 'days', true)],
    ['nesten 60 døgn', ok('60', 'nights', true)],
    ['Vel 2 mill kr', ok('2000000', 'NOK', true)],
    ['kr 2 500', ok('2500', 'NOK')],
    ['2 500 kr', ok('2500', 'NOK')],
    ['350 000,-', ok('350000', 'NOK')],
    ['-5', ok('-5')],
    ['−1,6 prosentpoeng', ok('-1.6', 'percentage_points')],
    ['- 3', ok('-3')],
    ['+4', ok('4')],
    ['-0', ok('0')],
    ['007', ok('7')],
  ])('reads %j', (text, expected) => {
    expect(parseNumber(text)).toEqual(expected);
  });

  it('treats an empty or blank cell as EMPTY_CELL, which callers read as no value', () => {
    for (const text of ['', '   ', '\u00a0', '\u00a0 \t\n']) {
      const r = parseNumber(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostic.code).toBe('EMPTY_CELL');
    }
  });

  it('does not turn SSB table symbols into zeros', () => {
    for (const text of ['-', '–', '..', ':', '.']) {
      const r = parseNumber(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostic.code).toBe('PLACEHOLDER_SYMBOL');
    }
  });

  it.each([
    ['12 tusen kr', ok('12000', 'NOK')],
    ['12 tusen kroner', ok('12000', 'NOK')],
    ['4 tusen', ok('4000')],
    ['1,2 mrd kr', ok('1200000000', 'NOK')],
    ['3 mrd', ok('3000000000')],
    ['2 milliarder', ok('2000000000')],
    ['2 milliarder kroner', ok('2000000000', 'NOK')],
    ['7 millioner', ok('7000000')],
    ['7 mnok', ok('7000000', 'NOK')],
    ['7 mill. NOK', ok('7000000', 'NOK')],
    ['om lag 7 liggedøgn', ok('7', 'nights', true)],
    ['ca 5 uke', ok('5', 'weeks', true)],
    ['1 dag', ok('1', 'days')],
    ['1 person', ok('1', 'persons')],
    ['12 pers.', ok('12', 'persons')],
    ['kr. 250', ok('250', 'NOK')],
    ['kr250', ok('250', 'NOK')],
    ['kr 2 mill', ok('2000000', 'NOK')],
    ['0,5', ok('0.5')],
  ])('multiplies and names the unit of %j as the words after it say', (text, expected) => {
    expect(parseNumber(text)).toEqual(expected);
  });

  it('reads every SSB table symbol as a symbol, with its meaning in the diagnostic', () => {
    for (const [text, meaning] of [
      ['x', 'suppressed'],
      ['—', 'an empty cell'],
      ['...', 'not yet available (SSB)'],
      ['…', 'not yet available (SSB)'],
      ['..', 'not available (SSB)'],
      [':', 'suppressed for confidentiality (SSB)'],
    ] satisfies [symbol: string, meaning: string][]) {
      expect(parseNumber(text)).toEqual({ ok: false, diagnostic: { code: 'PLACEHOLDER_SYMBOL', message: `"${text}" is a table symbol meaning ${meaning}, not a number` } });
    }
    expect(parseNumber('x*')).toMatchObject({ ok: false, diagnostic: { code: 'PLACEHOLDER_SYMBOL' } });
  });

  it('tells a withheld figure from one never published', () => {
    for (const symbol of ['..', '...', '…', ':', 'x', ' x ']) expect(placeholderFlag(symbol)).toBe('suppressed');
    for (const symbol of ['.', '-', '–', '—']) expect(placeholderFlag(symbol)).toBe('not_published');
    for (const text of ['', '0', 'xx', 'ikke målt']) expect(placeholderFlag(text)).toBeNull();
  });

  it('reads a footnote marker apart from the value it is printed on', () => {
    expect(splitFootnoteMarker('906*')).toEqual({ text: '906', marker: '*' });
    expect(splitFootnoteMarker('906 ***')).toEqual({ text: '906', marker: '***' });
    expect(splitFootnoteMarker('45,7²')).toEqual({ text: '45,7', marker: '²' });
    expect(splitFootnoteMarker('2,6 1)')).toEqual({ text: '2,6', marker: '1)' });
    expect(splitFootnoteMarker('2,6 (a)')).toEqual({ text: '2,6', marker: '(a)' });
    expect(splitFootnoteMarker('26)')).toBeNull();
    expect(splitFootnoteMarker('*')).toBeNull();
    expect(splitFootnoteMarker('906')).toBeNull();
    expect(parseNumber('429*')).toEqual({ ...ok('429'), footnoteMarker: '*' });
    expect(parseNumber('45,7 % 1)')).toEqual({ ...ok('45.7', 'percent'), footnoteMarker: '1)' });
  });

  it('refuses a value that is not text, and "kr" before with another unit after', () => {
    expect(parseNumber(12 as unknown as string)).toEqual({ ok: false, diagnostic: { code: 'NOT_TEXT', message: 'expected text, got number' } });
    expect(parseNumber('kr 5 dager')).toEqual({
      ok: false,
      diagnostic: { code: 'UNREADABLE_NUMBER', message: 'cannot read "kr 5 dager" as a number: "kr" before and "dager" after the digits' },
    });
    expect(parseNumber('5 epler')).toEqual({
      ok: false,
      diagnostic: { code: 'UNREADABLE_NUMBER', message: 'cannot read "5 epler" as a number: unexpected "epler" after the digits' },
    });
    expect(parseNumber('abc')).toEqual({
      ok: false,
      diagnostic: { code: 'UNREADABLE_NUMBER', message: 'cannot read "abc" as a number: no digits where a number was expected' },
    });
  });

  it('names both readings of an ambiguous dotted number and how to write each', () => {
    expect(parseNumber('3.192')).toEqual({
      ok: false,
      diagnostic: { code: 'AMBIGUOUS_NUMBER', message: 'cannot read "3.192" as a number: "3.192" could be 3192 (dot as thousands separator) or 3.192; write it as "3 192" or "3,192"' },
    });
    expect(parseNumber('3.1925')).toEqual(ok('3.1925'));
    expect(parseNumber('0.192')).toEqual(ok('0.192'));
  });

  it('keeps zero-width marks and odd spaces out of the number', () => {
    expect(parseNumber('3\u2009192\u200b')).toEqual(ok('3192'));
    expect(parseNumber('\ufeff3\u2007192')).toEqual(ok('3192'));
  });

  it('refuses to guess whether 3.192 is three thousand or three', () => {
    const r = parseNumber('3.192');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostic.code).toBe('AMBIGUOUS_NUMBER');
  });

  it.each(['12 12', '1,2,3', 'abc', 'vel', '5 epler', '%', 'kr 5 %', 'velferd 2', '3 1923'])('gives a diagnostic for %j', (text) => {
    const r = parseNumber(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostic.message).toContain(text.trim() === '' ? '' : text.split(' ')[0]);
  });

  it('copies file, line and cell into the diagnostic', () => {
    const r = parseNumber('x', { file: 'a.txt', line: 4, cell: 'row "A", column "B"' });
    expect(r).toMatchObject({ ok: false, diagnostic: { file: 'a.txt', line: 4, cell: 'row "A", column "B"' } });
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      // fc.anything() also feeds non-strings, as untyped callers (JSON, YAML) might.
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.anything()), (text) => {
        const r = parseNumber(text as string);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.diagnostic.code).toMatch(/^[A-Z_]+$/);
      }),
    );
  });

  it('never throws on text built from the tricky pieces of Norwegian numbers', () => {
    const piece = fc.constantFrom('1', '23', '456', '0', ',', '.', ' ', '\u00a0', '\u202f', '%', '-', '−', '+', 'vel ', 'ca.', 'mill', ' kr', 'prosentpoeng', 'døgn', '<', '≥', '–', ',-');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), (text) => {
        const r = parseNumber(text);
        if (r.ok) expect(r.value).toMatch(/^-?\d+(\.\d+)?$/);
      }),
      { numRuns: 2000 },
    );
  });

  /** A decimal written the way a Norwegian report prints it. */
  const norwegian = fc
    .record({
      negative: fc.boolean(),
      whole: fc.bigInt({ min: 0n, max: 10n ** 15n }),
      fraction: fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), maxLength: 4 }),
      separator: fc.constantFrom(' ', '\u00a0', '\u202f'),
      minus: fc.constantFrom('-', '−'),
      unit: fc.constantFrom(['', null], [' %', 'percent'], [' prosentpoeng', 'percentage_points'], [' kr', 'NOK'], [' dager', 'days'], [' personer', 'persons']),
    })
    .map(({ negative, whole, fraction, separator, minus, unit }) => {
      const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, separator);
      const text = `${negative ? minus : ''}${grouped}${fraction ? `,${fraction}` : ''}${unit[0]}`;
      const value = normaliseDecimal(`${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);
      return { text, value, unit: unit[1] };
    });

  it('round-trips any decimal formatted Norwegian-style (decimal comma, NBSP thousands)', () => {
    fc.assert(
      fc.property(norwegian, ({ text, value, unit }) => {
        expect(parseNumber(text)).toEqual({ ok: true, value, unit, approximate: false });
      }),
      { numRuns: 1000 },
    );
  });

  it('multiplies "mill kr" by a million exactly, and keeps a hedge as a flag', () => {
    fc.assert(
      fc.property(norwegian.filter((n) => n.unit === null), fc.constantFrom('vel ', 'ca. ', ''), ({ text, value }, hedge) => {
        expect(parseNumber(`${hedge}${text} mill kr`)).toEqual({ ok: true, value: shiftDecimal(value, 6), unit: 'NOK', approximate: hedge !== '' });
      }),
    );
  });
});
