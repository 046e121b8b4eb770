import { describe, expect, it } from 'vitest';
import {
  isPeriod,
  monthPeriod,
  parsePeriod,
  periodFromStatbank,
  periodYear,
  quarterPeriod,
  yearFromHeader,
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
});
