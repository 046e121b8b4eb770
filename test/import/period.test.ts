import { describe, expect, it } from 'vitest';
import {
  isPeriod,
  monthPeriod,
  parsePeriod,
  periodFromStatbank,
  periodKind,
  periodYear,
  quarterPeriod,
  yearFromHeader,
  yearPeriod,
  yearsInText,
} from '../../src/import/normalise/period';

describe('canonical periods', () => {
  it.each(['2018', '2015-Q3', '2018-03', '2018-12'])('accepts %s', (p) => expect(isPeriod(p)).toBe(true));

  it.each(['2018-13', '2018-Q5', '18', '2018Q1', '2018-3', ' 2018', '2018-00'])('rejects %s', (p) => expect(isPeriod(p)).toBe(false));

  it('says how to write a period when one is wrong', () => {
    expect(parsePeriod('2018-13')).toEqual({ ok: false, message: '"2018-13" is not a period (use 2018, 2018-Q1 or 2018-03)' });
  });

  it('reads kind, year, quarter and month', () => {
    expect(parsePeriod('2015-Q3')).toEqual({ ok: true, period: { period: '2015-Q3', kind: 'quarter', year: 2015, quarter: 3 } });
    expect(parsePeriod('2018-03')).toEqual({ ok: true, period: { period: '2018-03', kind: 'month', year: 2018, month: 3 } });
    expect(periodYear('2015-Q3')).toBe(2015);
  });

  it('builds periods and refuses impossible ones', () => {
    expect(quarterPeriod(2015, 3)).toBe('2015-Q3');
    expect(monthPeriod(2018, 3)).toBe('2018-03');
    expect(() => quarterPeriod(2015, 5)).toThrow(RangeError);
  });

  it('refuses a year in a JSON cell that arrives as a number rather than text', () => {
    expect(isPeriod(2018 as unknown as string)).toBe(false);
    expect(parsePeriod(2018 as unknown as string).ok).toBe(false);
  });

  it('names the kind of a period and refuses to name one for a non-period', () => {
    expect(periodKind('2018')).toBe('year');
    expect(periodKind('2015-Q3')).toBe('quarter');
    expect(periodKind('2018-03')).toBe('month');
    expect(() => periodKind('2018-13')).toThrow('"2018-13" is not a period');
    expect(() => periodYear('18')).toThrow('"18" is not a period');
  });

  it('builds a year only from four digits, 1000 to 9999', () => {
    expect(yearPeriod(1000)).toBe('1000');
    expect(yearPeriod(9999)).toBe('9999');
    for (const year of [999, 10000, 2018.5]) {
      expect(() => yearPeriod(year)).toThrow(`not a four-digit year: ${year}`);
      expect(() => quarterPeriod(year, 1)).toThrow(`not a four-digit year: ${year}`);
      expect(() => monthPeriod(year, 1)).toThrow(`not a four-digit year: ${year}`);
    }
  });

  it('builds quarters 1 to 4 and months 1 to 12, and nothing around them', () => {
    expect(quarterPeriod(2015, 1)).toBe('2015-Q1');
    expect(quarterPeriod(2015, 4)).toBe('2015-Q4');
    expect(monthPeriod(2018, 1)).toBe('2018-01');
    expect(monthPeriod(2018, 12)).toBe('2018-12');
    for (const quarter of [0, 5, 2.5]) expect(() => quarterPeriod(2015, quarter)).toThrow(`not a quarter: ${quarter}`);
    for (const month of [0, 13, 3.5]) expect(() => monthPeriod(2018, month)).toThrow(`not a month: ${month}`);
  });

  it('reads Statbank time codes with spaces around them, a dash, Q for K and lower case', () => {
    expect(periodFromStatbank(' 2018 ')).toBe('2018');
    expect(periodFromStatbank(' 2018K1 ')).toBe('2018-Q1');
    expect(periodFromStatbank('2018q4')).toBe('2018-Q4');
    expect(periodFromStatbank('2018 - K2')).toBe('2018-Q2');
    expect(periodFromStatbank('2018m12')).toBe('2018-12');
    expect(periodFromStatbank('2018-Q3')).toBe('2018-Q3');
    expect(periodFromStatbank('2018K5')).toBeNull();
    expect(periodFromStatbank('2018M13')).toBeNull();
    expect(periodFromStatbank('x2018K1')).toBeNull();
    expect(periodFromStatbank('2018K1x')).toBeNull();
    expect(periodFromStatbank('2018M03x')).toBeNull();
  });

  it('reads SSB Statbank time codes', () => {
    expect(periodFromStatbank('2018')).toBe('2018');
    expect(periodFromStatbank('2018K1')).toBe('2018-Q1');
    expect(periodFromStatbank('2018M03')).toBe('2018-03');
    expect(periodFromStatbank('2018-2019')).toBeNull();
  });
});

describe('years in header text', () => {
  it('reads the year of Bodø’s "Gjennomsnitt 2016" and Kristiansund’s "Resultat\\n2013"', () => {
    expect(yearFromHeader('Gjennomsnitt 2016')).toBe(2016);
    expect(yearFromHeader('Resultat\n2013')).toBe(2013);
    expect(yearFromHeader('Mål 2018')).toBe(2018);
  });

  it('gives no single year for a header without one or with several', () => {
    expect(yearFromHeader('Mål')).toBeNull();
    expect(yearFromHeader('2016–2018')).toBeNull();
    expect(yearFromHeader('466')).toBeNull();
  });

  it('does not take a number such as 3 192 or 12,2015 for a year', () => {
    expect(yearsInText('Resultat 2013 Resultat 2014 Resultat 2015')).toEqual([2013, 2014, 2015]);
    expect(yearsInText('12,2015 og 1.2016')).toEqual([]);
  });

  it('names a year once although the header repeats it', () => {
    expect(yearsInText('Mål 2018 Resultat 2018 Resultat 2017')).toEqual([2018, 2017]);
    expect(yearFromHeader('Mål 2018 (2018)')).toBe(2018);
  });
});
