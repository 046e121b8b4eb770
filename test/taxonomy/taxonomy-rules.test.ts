import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseTaxonomy, TaxonomyError } from '../../src/modules/taxonomy/taxonomy.schema';

/**
 * The rules of a taxonomy file across its entries (derivations, relations, the theme hierarchy) and
 * the wording of each schema refusal. TEST DATA: the codes are shaped like the real file's, the
 * entries are written for these tests.
 */

type Entry = Record<string, unknown>;

function indicator(code: string, fields: Entry = {}): Entry {
  return {
    code,
    name_nb: code,
    name_en: code,
    description: 'What is counted.',
    theme: 'social_assistance',
    unit: 'persons',
    period_type: 'year',
    direction: 'neither',
    population: 'residents of the municipality',
    comparability_notes: 'When it is not comparable.',
    ...fields,
  };
}

const THEMES: Entry[] = [{ code: 'social_assistance', name_nb: 'Sosialhjelp', name_en: 'Social assistance', description: 'Help.', parent: null }];

function problems(indicators: Entry[], themes: Entry[] = THEMES, extra: Entry = {}): string[] {
  try {
    parseTaxonomy(YAML.stringify({ version: 'test', themes, indicators, ...extra }), 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(TaxonomyError);
    return (error as TaxonomyError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

const RECIPIENTS = indicator('social_assistance.recipients_yearly');

describe('taxonomy rules across entries', () => {
  it('derives a share only from a published indicator of the same period type, never from itself', () => {
    const share = (numerator: string, denominator: Entry = { population: 'total' }) =>
      indicator('social_assistance.share', { unit: 'percent', derivation: { numerator, denominator, factor: 100, note: 'recipients ÷ residents' } });
    expect(problems([RECIPIENTS, share('social_assistance.recipients_yearly')])).toEqual([]);
    expect(problems([RECIPIENTS, share('social_assistance.unknown')])).toEqual([
      'indicators[1] (social_assistance.share).derivation.numerator: no indicator has code "social_assistance.unknown"',
    ]);
    expect(problems([RECIPIENTS, share('social_assistance.share')])).toEqual([
      'indicators[1] (social_assistance.share).derivation.numerator: must name another indicator, not the indicator itself',
    ]);
    const monthly = indicator('social_assistance.recipients_monthly', { period_type: 'month' });
    expect(problems([monthly, share('social_assistance.recipients_monthly')])).toEqual([
      "indicators[1] (social_assistance.share).derivation.numerator: must have this indicator's period_type (year), not month",
    ]);
    const derived = indicator('social_assistance.young_share', { unit: 'percent', derivation: { numerator: 'social_assistance.recipients_yearly', denominator: { population: 'age_18_24' }, factor: 100, note: 'n' } });
    expect(problems([RECIPIENTS, derived, share('social_assistance.recipients_yearly', { indicator: 'social_assistance.young_share' })])).toEqual([
      'indicators[2] (social_assistance.share).derivation.denominator.indicator: "social_assistance.young_share" is itself derived; derive from published indicators only',
    ]);
  });

  it('wants a factor exactly where the arithmetic needs one, and units and period types that fit the relation', () => {
    const related = (...rels: Entry[]) => indicator('social_assistance.per_1000', { unit: 'percent', related: rels });
    expect(
      problems([
        RECIPIENTS,
        related(
          { code: 'social_assistance.recipients_yearly', kind: 'per_1000_inhabitants_of' },
          { code: 'social_assistance.recipients_yearly', kind: 'derived_from', factor: 2 },
          { code: 'social_assistance.recipients_yearly', kind: 'change_over_year_of' },
          { code: 'social_assistance.recipients_yearly', kind: 'yearly_of_quarterly_avg', factor: 1 },
        ),
      ]),
    ).toEqual([
      'indicators[1] (social_assistance.per_1000).related[0].factor: is required for kind per_1000_inhabitants_of',
      'indicators[1] (social_assistance.per_1000).related[0].kind: per_1000_inhabitants_of needs this indicator\'s unit to be per_1000_inhabitants, not percent',
      'indicators[1] (social_assistance.per_1000).related[1].factor: must be left out for kind derived_from',
      'indicators[1] (social_assistance.per_1000).related[2].kind: change_over_year_of needs this indicator\'s period_type to be change_over_year, not year',
      "indicators[1] (social_assistance.per_1000).related[3].kind: yearly_of_quarterly_avg needs social_assistance.recipients_yearly's period_type to be year_average_of_quarters, not year",
      'indicators[1] (social_assistance.per_1000).related[3].kind: yearly_of_quarterly_avg needs the same unit on both indicators, not percent and persons',
    ]);
  });

  it('refuses a relation to the indicator itself and one declared twice, also from the other side when it holds both ways', () => {
    const a = indicator('social_assistance.a', { related: [{ code: 'social_assistance.a', kind: 'derived_from' }, { code: 'social_assistance.b', kind: 'not_comparable_with' }] });
    const b = indicator('social_assistance.b', { related: [{ code: 'social_assistance.a', kind: 'not_comparable_with' }] });
    expect(problems([a, b])).toEqual([
      'indicators[0] (social_assistance.a).related[0].code: must name another indicator, not the indicator itself',
      'indicators[1] (social_assistance.b).related[0]: duplicate not_comparable_with relation; already declared at indicators[0] (social_assistance.a).related[1]',
    ]);
    const oneWay = indicator('social_assistance.b', { related: [{ code: 'social_assistance.a', kind: 'derived_from' }] });
    const other = indicator('social_assistance.a', { related: [{ code: 'social_assistance.b', kind: 'derived_from' }] });
    expect(problems([other, oneWay])).toEqual([]);
  });

  it('keeps the theme hierarchy a tree: unique codes, a parent for every dotted code, a code that extends its parent', () => {
    const theme = (code: string, parent: string | null) => ({ code, name_nb: code, name_en: code, description: 'd', parent });
    expect(
      problems([RECIPIENTS], [...THEMES, theme('social_assistance', null), theme('staff.sick_leave', null), theme('staff', null), theme('sick_leave', 'staff'), theme('staff.a.b', 'staff')]),
    ).toEqual([
      'themes[1] (social_assistance).code: duplicate code; first defined at themes[0] (social_assistance)',
      'themes[2] (staff.sick_leave).parent: is required for "staff.sick_leave": a code with a dot is a sub-theme',
      'themes[4] (sick_leave).code: must be "staff.<name>" because its parent is "staff"',
      'themes[5] (staff.a.b).code: must be "staff.<name>" because its parent is "staff"',
    ]);
  });
});

describe('wording of schema refusals', () => {
  it('names the allowed values, emptiness, and what was found instead of what is wanted', () => {
    expect(
      problems([
        indicator('social_assistance.a', { unit: 'kroner', name_en: '  ', related: 'none', external_codes: [null] }),
        indicator('social_assistance.b', { derivation: { numerator: 'social_assistance.a', denominator: { population: 'total' }, factor: 0, note: 'n' }, colour: 'red', size: 2 }),
      ]),
    ).toEqual([
      'indicators[0] (social_assistance.a).name_en: must not be empty',
      'indicators[0] (social_assistance.a).unit: must be one of persons, count, percent, percentage_points, per_1000_inhabitants, NOK, days, nights, weeks',
      'indicators[0] (social_assistance.a).external_codes[0]: must be a mapping, not empty',
      'indicators[0] (social_assistance.a).related: must be a list, not string "none"',
      'indicators[1] (social_assistance.b).derivation.factor: must be greater than 0',
      'indicators[1] (social_assistance.b): has unknown fields colour, size',
    ]);
    expect(problems([], THEMES, { version: 'test' })).toEqual(['indicators: must have at least 1 entry']);
    expect(problems([RECIPIENTS], { code: 'social_assistance' } as unknown as Entry[])).toEqual([
      'themes: must be a list, not a mapping',
      'indicators[0] (social_assistance.recipients_yearly).theme: no theme has code "social_assistance"',
    ]);
  });
});
