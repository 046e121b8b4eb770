import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { parseCuratorCsv } from '../../src/import/adapters/curator';
import { parseJsonStatMapping } from '../../src/import/adapters/jsonstat-mapping';
import { parseLabelMappings } from '../../src/import/map/mapper';
import { problemsOf, TimeSeriesArgs } from '../../src/modules/comparison/comparison.args';
import { isIndicatorCode, isThemeCode } from '../../src/modules/taxonomy/indicator-code';
import { parseTaxonomy } from '../../src/modules/taxonomy/taxonomy.schema';

const VALID = ['social_assistance.recipients_monthly_avg', 'a.b', 'kvp.6_months_after', 'a1.b_2.c', 'staff.sick_leave.office'];
const INVALID = ['a._b', '_a.b', 'a', 'A.b', 'a.B', 'a..b', 'a.b.', '.a.b', 'a.b-c', 'æ.b', '1a.b', 'a.b ', ' a.b', 'a.b\n', ''];

describe('the indicator code rule', () => {
  it.each(VALID)('accepts %j', (code) => expect(isIndicatorCode(code)).toBe(true));
  it.each(INVALID)('refuses %j', (code) => expect(isIndicatorCode(code)).toBe(false));

  it('accepts a theme of one word or words joined by dots, each starting with a letter', () => {
    expect(['staff', 'social_assistance', 'staff.sick_leave', 'a1.b2'].filter(isThemeCode)).toHaveLength(4);
    expect(['', 'Staff', '1a', 'a.1b', 'a._b', 'a.', 'a..b'].filter(isThemeCode)).toEqual([]);
  });
});

/** Whether each place that reads an indicator code accepts `code`, as [place, accepted]. */
function verdicts(code: string): [string, boolean][] {
  const accepted = (run: () => unknown) => {
    try {
      run();
      return true;
    } catch {
      return false;
    }
  };
  const quoted = JSON.stringify(code);
  return [
    ['labels.yaml', accepted(() => parseLabelMappings(`labels:\n  - { label: A, indicator: ${quoted}, note: n }\n`, 'l.yaml'))],
    ['curator CSV', accepted(() => parseCuratorCsv(`area_kind,area_code,label,period,value,indicator\nmunicipality,1804,Antall,2018,12,${quoted}\n`))],
    [
      'JSON-stat mapping',
      accepted(() =>
        parseJsonStatMapping(
          `time: { dimension: t }\ngeography:\n  dimension: g\n  categories:\n    Oslo: { kind: municipality, code: "0301" }\nmetric:\n  dimension: m\n  categories:\n    A: { indicator: ${quoted} }\n`,
        ),
      ),
    ],
    [
      'taxonomy file',
      accepted(() =>
        parseTaxonomy(
          [
            'version: test-1',
            'themes:',
            '  - { code: a, name_nb: A, name_en: A, description: A }',
            'indicators:',
            `  - code: ${quoted}`,
            '    name_nb: A',
            '    name_en: A',
            '    description: A',
            '    theme: a',
            '    unit: count',
            '    period_type: year',
            '    direction: neither',
            '    population: everyone',
            '    comparability_notes: none',
          ].join('\n'),
          'taxonomy.yaml',
        ),
      ),
    ],
    ['API argument', problemsOf(Object.assign(new TimeSeriesArgs(), { indicator: code, office: '24837' })).length === 0],
  ];
}

describe('the importer, the taxonomy and the API agree on indicator codes', () => {
  it.each(['a.b', 'a.6_months', 'a.b.c'])('all accept %j', (code) => {
    expect(verdicts(code)).toEqual(verdicts(code).map(([place]) => [place, true]));
  });
  it.each(['a._b', 'a.B', 'a..b', 'a', 'a.b-c'])('all refuse %j', (code) => {
    expect(verdicts(code)).toEqual(verdicts(code).map(([place]) => [place, false]));
  });
});
