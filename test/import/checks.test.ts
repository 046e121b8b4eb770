import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseBodoTable } from '../../src/import/adapters/bodo-table';
import { parseKristiansundMalekort } from '../../src/import/adapters/kristiansund-malekort';
import { checkableFromMapped, checkFigures, checkOutliers, checkPercentRange, checkQuarterlyYearly, DEFAULT_QUARTERLY_YEARLY_PAIRS, type CheckableFigure } from '../../src/import/checks';
import { loadLabelMappings, mapFigure } from '../../src/import/map/mapper';
import { at } from '../support/indexed';

const seed = (name: string) => readFileSync(resolve(__dirname, '../../reference/seeds', name), 'utf8');
const mapped = (text: string, parse: typeof parseBodoTable) => {
  const table = loadLabelMappings(resolve(__dirname, '../../reference/mappings/labels.yaml'));
  return parse(text).figures.map((f) => checkableFromMapped(mapFigure(f, table).mapped));
};

// Built before each test rather than once at load, so that mutation testing (stryker.config.mjs) credits
// the parsing to the tests that use it and runs only those for each mutant.
let kristiansund: CheckableFigure[];
let bodo: CheckableFigure[];
beforeEach(() => {
  kristiansund = mapped(seed('001_a1bbcf1568fad174.txt'), parseKristiansundMalekort);
  bodo = mapped(seed('000_796170f9ef8d8241.txt'), parseBodoTable);
});

function flagged(figures: CheckableFigure[], flags: string[][]) {
  return figures.flatMap((f, i) => {
    const own = at(flags, i, 'flags of the figures');
    return own.length ? [`${f.indicatorCode} ${f.period}: ${own.join(',')}`] : [];
  });
}

describe('quarterly against yearly figures in Kristiansund’s målekort', () => {
  let result: ReturnType<typeof checkFigures>;
  beforeEach(() => {
    result = checkFigures(kristiansund);
  });

  it('flags nights 2015 (3 a quarter → 12, published 4) and passive weeks 2014 (4 → 16, published 12) as inconsistent', () => {
    expect(flagged(kristiansund, result.flags)).toEqual([
      'housing.temporary_over_14_nights_quarterly 2015: inconsistent',
      'housing.temporary_over_14_nights_yearly 2015: inconsistent',
      'youth.passive_weeks_over_limit_quarterly 2014: inconsistent',
      'youth.passive_weeks_over_limit_yearly 2014: inconsistent',
    ]);
  });

  it('finds refugees consistent in both years (9,25 × 4 = 37, 12 × 4 = 48) and passive weeks in 2015 (3 × 4 = 12)', () => {
    const consistent = kristiansund.filter((_, i) => at(result.flags, i, 'flags of the figures').length === 0).map((f) => `${f.indicatorCode} ${f.period}`);
    expect(consistent).toEqual(expect.arrayContaining([
      'refugees.settled_quarterly_avg 2014', 'refugees.settled_yearly 2014', 'refugees.settled_quarterly_avg 2015', 'refugees.settled_yearly 2015',
      'housing.temporary_over_14_nights_quarterly 2014', 'housing.temporary_over_14_nights_yearly 2014',
      'youth.passive_weeks_over_limit_quarterly 2015', 'youth.passive_weeks_over_limit_yearly 2015',
    ]));
  });

  it('explains each mismatch at the yearly figure’s line and cell', () => {
    expect(result.warnings.map((w) => [w.code, w.line, w.cell])).toEqual([
      ['QUARTERLY_YEARLY_MISMATCH', 51, 'row "Antall liggedøgn over 14 dager per år", column "Resultat 2015"'],
      ['QUARTERLY_YEARLY_MISMATCH', 53, 'row "Antall passive uker “over tiden” per år", column "Resultat 2014"'],
    ]);
    expect(at(result.warnings, 0).message).toContain('is 4, but 4 × the quarterly average');
    expect(at(result.warnings, 0).message).toContain('is 12');
  });

  it('computes from the figures: changed numbers change the verdict', () => {
    const fixed = kristiansund.map((f) => (f.indicatorCode === 'housing.temporary_over_14_nights_yearly' && f.period === '2015' ? { ...f, value: '13' } : f));
    expect(flagged(fixed, checkQuarterlyYearly(fixed, DEFAULT_QUARTERLY_YEARLY_PAIRS).flags)).not.toContain('housing.temporary_over_14_nights_yearly 2015: inconsistent');
  });

  it('takes the pairs from the caller, so the taxonomy can supply them', () => {
    expect(checkQuarterlyYearly(kristiansund, []).warnings).toEqual([]);
    const onlyRefugees = checkQuarterlyYearly(kristiansund, [{ yearly: 'refugees.settled_yearly', quarterly: 'refugees.settled_quarterly_avg', factor: '5' }]);
    expect(onlyRefugees.warnings.map((w) => w.line)).toEqual([49, 49]);
  });

  it('allows what rounding explains and no more', () => {
    const pair = (q: string, y: string): CheckableFigure[] => [
      { label: 'q', indicatorCode: 'q', period: '2015', value: q, unit: null, line: 1 },
      { label: 'y', indicatorCode: 'y', period: '2015', value: y, unit: null, line: 2 },
    ];
    const pairs = [{ yearly: 'y', quarterly: 'q', factor: '4' }];
    expect(checkQuarterlyYearly(pair('3', '10'), pairs).warnings).toEqual([]); // 2.5 a quarter rounds to 3
    expect(checkQuarterlyYearly(pair('3', '9'), pairs).warnings).toHaveLength(1);
    expect(checkQuarterlyYearly(pair('9.25', '37.6'), pairs).warnings).toHaveLength(1);
  });

  it('compares only figures of the same area', () => {
    const figures: CheckableFigure[] = [
      { label: 'q', indicatorCode: 'q', period: '2015', value: '3', unit: null, line: 1, area: { kind: 'office', code: 'A' } },
      { label: 'y', indicatorCode: 'y', period: '2015', value: '4', unit: null, line: 2, area: { kind: 'office', code: 'B' } },
    ];
    expect(checkQuarterlyYearly(figures, [{ yearly: 'y', quarterly: 'q', factor: '4' }]).warnings).toEqual([]);
  });
});

describe('plausibility warnings', () => {
  it('finds nothing odd in Bodø’s 2018 report', () => {
    expect(checkFigures(bodo)).toEqual({ warnings: [], flags: bodo.map(() => []) });
  });

  it('warns about a percentage outside 0–100 without flagging it', () => {
    const figures: CheckableFigure[] = [{ label: 'Andel', indicatorCode: null, period: '2018', value: '104.5', unit: 'percent', line: 3 }];
    const result = checkPercentRange(figures);
    expect(result.warnings).toMatchObject([{ code: 'PERCENT_OUT_OF_RANGE', line: 3 }]);
    expect(checkFigures(figures).flags).toEqual([[]]);
  });

  it('warns about a value more than 3× or under 1/3 of the median of its years', () => {
    const series = (values: string[]): CheckableFigure[] => values.map((value, i) => ({ label: 'Mottakere', indicatorCode: 'x', period: String(2015 + i), value, unit: null, line: i + 1 }));
    expect(checkOutliers(series(['466', '443', '4290'])).warnings).toMatchObject([{ code: 'OUTLIER_VALUE', line: 3, message: expect.stringContaining('more than 3 × the median 466') }]);
    expect(checkOutliers(series(['466', '443', '42.9'])).warnings).toMatchObject([{ code: 'OUTLIER_VALUE', line: 3, message: expect.stringContaining('less than 1/3 of') }]);
    expect(checkOutliers(series(['466', '443', '429'])).warnings).toEqual([]);
    expect(checkOutliers(series(['10', '4000'])).warnings).toEqual([]); // two values: no telling which is odd
  });
});
