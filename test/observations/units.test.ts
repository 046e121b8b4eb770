import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { parseCuratorCsv } from '../../src/import/adapters/curator';
import { parseJsonStatMapping } from '../../src/import/adapters/jsonstat-mapping';
import { parseNumber } from '../../src/import/normalise/number';
import { ADDITIVE_UNITS, isUnit, RATE_UNITS, UNITS } from '../../src/modules/observations/units';
import { parseTaxonomy } from '../../src/modules/taxonomy/taxonomy.schema';
import { Unit } from '../../src/schema/enums';

const accepted = (run: () => unknown) => {
  try {
    run();
    return true;
  } catch {
    return false;
  }
};

/** Whether each place that reads a unit accepts `unit`, as [place, accepted]. */
function verdicts(unit: string): [string, boolean][] {
  return [
    ['unit list', isUnit(unit)],
    ['curator CSV', accepted(() => parseCuratorCsv(`area_kind,area_code,label,period,value,unit\nmunicipality,1804,Antall,2018,12,${unit}\n`))],
    [
      'JSON-stat mapping',
      accepted(() =>
        parseJsonStatMapping(
          `time: { dimension: t }\ngeography:\n  dimension: g\n  categories:\n    Oslo: { kind: municipality, code: "0301" }\nmetric:\n  dimension: m\n  categories:\n    A: { indicator: a.b, unit: ${JSON.stringify(unit)} }\n`,
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
            '  - { code: a.b, name_nb: A, name_en: A, description: A, theme: a, period_type: year, direction: neither,',
            `      population: everyone, comparability_notes: none, unit: ${JSON.stringify(unit)} }`,
          ].join('\n'),
          'taxonomy.yaml',
        ),
      ),
    ],
    ['GraphQL enum Unit', (Object.values(Unit) as string[]).includes(unit)],
  ];
}

describe('one list of units', () => {
  it('is the list the curator format documents, days included', () => {
    expect(UNITS).toEqual(['persons', 'count', 'percent', 'percentage_points', 'per_1000_inhabitants', 'NOK', 'days', 'nights', 'weeks']);
  });

  it.each([...UNITS])('%s is accepted by the importer, the taxonomy and the API alike', (unit) => {
    expect(verdicts(unit)).toEqual(verdicts(unit).map(([place]) => [place, true]));
  });

  it.each(['day', 'Percent', 'NOK_thousand_x', 'kr'])('%j is refused by all of them', (unit) => {
    expect(verdicts(unit)).toEqual(verdicts(unit).map(([place]) => [place, false]));
  });

  it('reads "dager" as days, a unit the taxonomy can hold', () => {
    const parsed = parseNumber('12 dager');
    expect(parsed.ok && parsed.unit).toBe('days');
  });

  it('keeps rates out of the additive units, and both lists inside the one list', () => {
    expect(RATE_UNITS.filter((u) => (ADDITIVE_UNITS as readonly string[]).includes(u))).toEqual([]);
    expect([...RATE_UNITS, ...ADDITIVE_UNITS].every(isUnit)).toBe(true);
    expect(ADDITIVE_UNITS).not.toContain('days');
  });
});
