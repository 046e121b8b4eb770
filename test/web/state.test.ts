import { describe, expect, it } from 'vitest';
import { coverageText, formatExact } from '../../web/src/i18n';
import { defaultPeriod, downloadHref, formatState, normalisationApplies, parseState, rankingScope, type ViewState } from '../../web/src/state';

const view: ViewState = {
  indicator: 'social_assistance.recipients_yearly',
  period: '2018',
  level: 'office',
  scope: { kind: 'list', codes: ['1804', '1505'] },
  normalise: 'age_20_66',
  unit: '24837',
  lang: 'en',
};

describe('the explore page’s URL state', () => {
  it('reopens the same view from its own link', () => {
    for (const state of [
      view,
      { ...view, scope: { kind: 'all' as const }, unit: null, lang: 'nb' as const, level: 'municipality' as const, normalise: 'none' as const },
      { ...view, scope: { kind: 'county' as const, county: '18' }, level: 'county' as const, period: '2015-Q3' },
      { ...view, scope: { kind: 'kostra' as const, group: '13' }, period: '2018-03' },
    ]) {
      expect(parseState(formatState(state))).toEqual(state);
    }
  });

  it('writes the contract’s parameters, commas and colons unescaped', () => {
    expect(formatState(view)).toBe(
      '?indicator=social_assistance.recipients_yearly&period=2018&level=office&scope=list:1804,1505&normalise=age_20_66&unit=24837&lang=en',
    );
  });

  it('falls back to defaults for what a link leaves out or gets wrong', () => {
    expect(parseState('', ['nb-NO'])).toEqual({ indicator: null, period: null, level: 'municipality', scope: { kind: 'all' }, normalise: 'none', unit: null, lang: 'nb' });
    const odd = parseState('?indicator=DROP TABLE&period=2018-13&level=country&scope=county:Nordland&normalise=per_capita&unit=<b>&lang=de', ['en-GB']);
    expect(odd).toEqual({ indicator: null, period: null, level: 'municipality', scope: { kind: 'all' }, normalise: 'none', unit: null, lang: 'en' });
  });

  it('keeps only four-digit codes of a list, each once, and no empty list', () => {
    expect(parseState('?scope=list:1804, 1804,abc,18040,0301').scope).toEqual({ kind: 'list', codes: ['1804', '0301'] });
    expect(parseState('?scope=list:abc').scope).toEqual({ kind: 'all' });
  });

  it('takes the language of the link before the browser’s', () => {
    expect(parseState('?lang=nb', ['en-US']).lang).toBe('nb');
    expect(parseState('', ['en-US', 'nb']).lang).toBe('nb');
    expect(parseState('', ['en-US', 'de']).lang).toBe('en');
  });
});

describe('what the page asks the API for', () => {
  it('ranks every unit in scope, so that the silent ones are listed as missing', () => {
    expect(rankingScope({ kind: 'all' })).toEqual({ allUnits: true });
    expect(rankingScope({ kind: 'county', county: '18' })).toEqual({ county: '18', allUnits: true });
    expect(rankingScope({ kind: 'kostra', group: '13' })).toEqual({ kostraGroup: '13', allUnits: true });
    expect(rankingScope({ kind: 'list', codes: ['1804'] })).toEqual({ municipalities: ['1804'], allUnits: true });
  });

  it('links the download of the view on screen with the same arguments', () => {
    expect(downloadHref('csv', view, '2018')).toBe(
      '/download/ranking.csv?indicator=social_assistance.recipients_yearly&period=2018&level=office&normalise=per_1000_aged_20_66&municipalities=1804,1505&allUnits=true',
    );
    expect(downloadHref('json', { ...view, scope: { kind: 'county', county: '03' }, normalise: 'none' }, null)).toBe(
      '/download/ranking.json?indicator=social_assistance.recipients_yearly&level=office&normalise=none&county=03&allUnits=true',
    );
    expect(downloadHref('csv', { ...view, indicator: null }, '2018')).toBeNull();
  });

  it('offers normalisation only for counts, as the API refuses it for shares and rates', () => {
    expect(normalisationApplies('PERSONS')).toBe(true);
    expect(normalisationApplies('COUNT')).toBe(true);
    expect(normalisationApplies('PERCENT')).toBe(false);
    expect(normalisationApplies('percentage_points')).toBe(false);
    expect(normalisationApplies('PER_1000_INHABITANTS')).toBe(false);
  });
});

describe('the period a view opens on', () => {
  const coverage = (period: string, municipalities: number, offices = 0, counties = 0) => ({
    period,
    municipalities: { withValue: municipalities },
    offices: { withValue: offices },
    counties: { withValue: counties },
  });
  // As the national series look: one city publishes 2021–2023, every municipality 2015–2020.
  const national = [coverage('2023', 1, 15), coverage('2022', 1, 15), coverage('2020', 250, 196), coverage('2019', 72, 70), coverage('2016', 423, 416), coverage('2015', 421, 414)];

  it('is the newest period with at least half the units of the best-covered one', () => {
    expect(defaultPeriod(national, 'municipality')).toBe('2020');
    // 196 offices in 2020 are fewer than half of 416 in 2016.
    expect(defaultPeriod(national, 'office')).toBe('2016');
  });

  it('counts exactly half as enough, and one fewer as too few', () => {
    expect(defaultPeriod([coverage('2020', 50), coverage('2019', 100)], 'municipality')).toBe('2020');
    expect(defaultPeriod([coverage('2020', 49), coverage('2019', 100)], 'municipality')).toBe('2019');
  });

  it('reads the level asked for, newest first whatever the order given', () => {
    expect(defaultPeriod([coverage('2015', 0, 0, 16), coverage('2018', 0, 0, 3), coverage('2016', 0, 0, 16)], 'county')).toBe('2016');
  });

  it('is none where the level has no figure at all', () => {
    expect(defaultPeriod(national, 'county')).toBeNull();
    expect(defaultPeriod([], 'municipality')).toBeNull();
  });
});

describe('numbers and coverage as a reader sees them', () => {
  it('writes an exact decimal digit for digit in either language', () => {
    expect(formatExact('nb', '1234567.8901')).toBe('1\u00a0234\u00a0567,8901');
    expect(formatExact('en', '1234567.8901')).toBe('1,234,567.8901');
    expect(formatExact('nb', '-0.25')).toBe('−0,25');
    expect(formatExact('nb', '1234')).toBe('1234');
    expect(formatExact('en', '1234')).toBe('1,234');
    expect(formatExact('en', '0.1000000000000001')).toBe('0.1000000000000001');
    expect(formatExact('nb', null)).toBe('–');
  });

  it('says how many are ranked and how many have no figure', () => {
    expect(coverageText('en', { ranked: 306, missing: 50, total: 356 })).toBe('ranked 306 of 356; 50 without a figure');
    expect(coverageText('nb', { ranked: 306, missing: 50, total: 356 })).toBe('rangert 306 av 356; 50 uten tall');
  });
});
