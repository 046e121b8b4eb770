import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseBodoTable } from '../../src/import/adapters/bodo-table';
import { parseCuratorCsv } from '../../src/import/adapters/curator';
import { parseJsonStat } from '../../src/import/adapters/jsonstat';
import type { JsonStatMapping } from '../../src/import/adapters/jsonstat-mapping';
import { parseKristiansundMalekort } from '../../src/import/adapters/kristiansund-malekort';
import { loadLabelMappings } from '../../src/import/map/mapper';
import { type IndicatorInfo, planImport } from '../../src/import/plan';
import type { ExtractedDocument } from '../../src/import/types';
import { citation } from '../../src/modules/observations/observation.type';
import { importError } from '../support/errors';
import { at, only } from '../support/indexed';

/**
 * The classes of wrong or lost figures found when real reports were converted and damaged
 * reports tried (issue 9), each with a document of the real layouts.
 */

const BODO = readFileSync(resolve(__dirname, '../../reference/seeds/000_796170f9ef8d8241.txt'), 'utf8');
const KRISTIANSUND = readFileSync(resolve(__dirname, '../../reference/seeds/001_a1bbcf1568fad174.txt'), 'utf8');
// Loaded before each test rather than once at load, so that mutation testing (stryker.config.mjs)
// credits the mapping code to the tests that use it.
let labels: ReturnType<typeof loadLabelMappings>;
beforeEach(() => {
  labels = loadLabelMappings();
});

/** The taxonomy's units and period types of the indicators used below (reference/taxonomy.yaml). */
const indicators = new Map<string, IndicatorInfo>(
  ([
    ['social_assistance.recipients_monthly_avg', 'persons', 'year_average_of_months'],
    ['social_assistance.recipients_under_25_monthly_avg', 'persons', 'year_average_of_months'],
    ['social_assistance.recipients_population_share', 'percent', 'year'],
    ['social_assistance.recipients_yearly', 'persons', 'year'],
    ['social_assistance.recipients_monthly_avg_per_1000', 'per_1000_inhabitants', 'year_average_of_months'],
    ['qualification_programme.exit_work_education_share', 'percent', 'year'],
    ['staff.sick_leave_municipal_share', 'percent', 'year'],
    ['staff.sick_leave_office_share', 'percent', 'year'],
    ['employment.jobseeker_work_transition_share', 'percent', 'year'],
    ['employment.placed_in_ordinary_work', 'persons', 'year'],
    ['staff.employees', 'persons', 'point_in_time'],
    ['finance.budget_deviation', 'NOK', 'year'],
    ['refugees.settled_quarterly_avg', 'persons', 'year_average_of_quarters'],
    ['refugees.settled_yearly', 'persons', 'year'],
    ['housing.temporary_over_14_nights_quarterly', 'nights', 'year_average_of_quarters'],
    ['housing.temporary_over_14_nights_yearly', 'nights', 'year'],
    ['youth.passive_weeks_over_limit_quarterly', 'weeks', 'year_average_of_quarters'],
    ['youth.passive_weeks_over_limit_yearly', 'weeks', 'year'],
  ] satisfies [code: string, unit: string, periodType: string][]).map(([code, unit, periodType]) => [code, { code, unit, periodType }]),
);

/** The plan of a document, its observations as a list. */
function plan(doc: ExtractedDocument) {
  const planned = planImport(doc, { file: 'test', labels, indicators, defaultArea: { kind: 'office', code: '24837' } });
  return { ...planned, observations: planned.observations.toArray() };
}

/** Replaces the text of one line (1-based) of a document. */
function withLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

const CURATOR_HEADER = 'area_kind,area_code,label,period,value,target,unit,indicator,flags,footnote,transformation,factor,definition_note';

describe('wrong data is refused, naming file, line and cell', () => {
  it('refuses a word in a Bodø cell instead of moving 2017 into 2018', () => {
    // Line 37 holds 443, the 2017 average of monthly recipients.
    expect(at(BODO.split('\n'), 36).trim()).toBe('443');
    const e = importError(() => parseBodoTable(withLine(BODO, 37, 'ikke målt'), { fileName: 'bodo-2018.txt' }));
    expect(e.diagnostics).toEqual([
      expect.objectContaining({
        code: 'UNREADABLE_CELL',
        file: 'bodo-2018.txt',
        line: 37,
        cell: 'row "Samlet antall mottakere av sosialhjelp pr. mnd.", column "Gjennomsnitt 2017"',
      }),
    ]);
  });

  it('refuses a word in the first value cell of a later Bodø row', () => {
    // Line 45 holds 95, the 2016 figure of young recipients.
    const e = importError(() => parseBodoTable(withLine(BODO, 45, 'se note'), { fileName: 'bodo-2018.txt' }));
    expect(e.diagnostics[0]).toMatchObject({ code: 'UNREADABLE_CELL', line: 45, cell: 'row "Antall unge u/25 år på øk. sosialhjelp pr. mnd.", column "Gjennomsnitt 2016"' });
  });

  it('refuses a Kristiansund row whose result is a word, rather than give its values to the next row', () => {
    const line = KRISTIANSUND.split('\n').findIndex((l) => l.startsWith('Ingen skal bo midlertidig')) + 1;
    const damaged = withLine(KRISTIANSUND, line, at(KRISTIANSUND.split('\n'), line - 1).replace(/ 1,25 3$/, ' 1,25 tre'));
    const e = importError(() => parseKristiansundMalekort(damaged, { fileName: 'kristiansund-2015.txt' }));
    expect(e.diagnostics[0]).toMatchObject({ code: 'UNREADABLE_CELL', line, message: expect.stringContaining('"tre"') });
  });

  it('refuses a percentage under an indicator counted in persons, and a curator unit that differs from the indicator', () => {
    const doc = parseCuratorCsv(
      [
        CURATOR_HEADER,
        'office,24837,Samlet antall mottakere av sosialhjelp pr. mnd.,2018,120 %,,,social_assistance.recipients_monthly_avg,,,,,',
        'office,24837,Samlet antall mottakere av sosialhjelp pr. mnd.,2017,443,,percent,social_assistance.recipients_monthly_avg,,,,,',
      ].join('\n'),
      { fileName: 'units.csv' },
    );
    const e = importError(() => plan(doc));
    expect(e.diagnostics.map((d) => [d.code, d.line])).toEqual([['UNIT_CONFLICT', 2], ['UNIT_CONFLICT', 3]]);
    expect(at(e.diagnostics, 0).message).toContain('percent but social_assistance.recipients_monthly_avg is counted in persons');
  });

  it('refuses a curator unit that disagrees with the unit printed on the value', () => {
    const e = importError(() => parseCuratorCsv([CURATOR_HEADER, 'office,24837,Mottakere,2018,"32,4 %",,persons,,,,,,'].join('\n'), { fileName: 'u.csv' }));
    expect(e.diagnostics).toMatchObject([{ line: 2, cell: 'column "unit"', message: 'is "persons" but the value "32,4 %" reads as percent' }]);
  });

  it("refuses a month's figure under an indicator that is a yearly average of months", () => {
    const doc = parseCuratorCsv([CURATOR_HEADER, 'office,24837,Mottakere av sosialhjelp mars,2018-03,431,,persons,social_assistance.recipients_monthly_avg,,,,,'].join('\n'));
    const e = importError(() => plan(doc));
    expect(e.diagnostics).toMatchObject([{ code: 'PERIOD_TYPE_CONFLICT', line: 2, message: expect.stringContaining('"2018-03" is a month but social_assistance.recipients_monthly_avg is defined per year average of months') }]);
  });

  it('refuses a 400-digit number and one with more decimals than are stored', () => {
    const huge = '9'.repeat(400);
    const doc = parseCuratorCsv([CURATOR_HEADER, `office,24837,Mottakere,2018,${huge},,,social_assistance.recipients_monthly_avg,,,,,`, 'office,24837,Mottakere,2017,"0,12345678901",,,social_assistance.recipients_monthly_avg,,,,,'].join('\n'));
    const e = importError(() => plan(doc));
    expect(e.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['VALUE_OUT_OF_BOUNDS', 2, 'the value has 400 digits before the decimal point; at most 15 are stored'],
      ['VALUE_OUT_OF_BOUNDS', 3, 'the value has 11 decimal places; at most 10 are stored'],
    ]);
    // The largest value that fits is accepted.
    const fits = parseCuratorCsv([CURATOR_HEADER, 'office,24837,Mottakere,2018,999999999999999,,,social_assistance.recipients_monthly_avg,,,,,'].join('\n'));
    expect(only(plan(fits).observations).value).toBe('999999999999999');
  });
});

describe('published facts that can now be expressed', () => {
  it('reads footnote markers in a Bodø table, keeps them in the published text and the footnote with it', () => {
    const marked = withLine(withLine(BODO, 39, '429*'), 57, '45,7 % 1)');
    // The footnotes as a report prints them under its table.
    const text = withLine(marked, 72, '\n* Foreløpig tall\n\n1) Ny beregning fra 2017\n');
    const p = plan(parseBodoTable(text));
    const recipients = p.observations.find((o) => o.indicatorCode === 'social_assistance.recipients_monthly_avg' && o.period === '2018')!;
    expect(recipients).toMatchObject({ value: '429', valueText: '429*', flags: ['footnoted'] });
    const kvp = p.observations.find((o) => o.indicatorCode === 'qualification_programme.exit_work_education_share' && o.period === '2017')!;
    expect(kvp).toMatchObject({ value: '45.7', valueText: '45,7 % 1)', flags: ['footnoted'] });
    expect([recipients.footnote, kvp.footnote]).toEqual(['Foreløpig tall', 'Ny beregning fra 2017']);
  });

  it('keeps an empty curator cell as not published (no value, never zero) and a table symbol as withheld', () => {
    const doc = parseCuratorCsv(
      [
        CURATOR_HEADER,
        'office,24837,Samlet antall mottakere av sosialhjelp pr. mnd.,2016,,,,social_assistance.recipients_monthly_avg,,,,,',
        'office,24837,Samlet antall mottakere av sosialhjelp pr. mnd.,2017,..,,,social_assistance.recipients_monthly_avg,,,,,',
        'office,24837,Samlet antall mottakere av sosialhjelp pr. mnd.,2018,,,,social_assistance.recipients_monthly_avg,suppressed,,,,',
      ].join('\n'),
    );
    expect(plan(doc).observations.map((o) => [o.period, o.value, o.valueText, o.flags])).toEqual([
      ['2016', null, '', ['not_published']],
      ['2017', null, '..', ['suppressed']],
      ['2018', null, '', ['suppressed']],
    ]);
  });

  it('declares a fraction a percent or a rate per 1,000, and kroner in millions, with the text as published', () => {
    const doc = parseCuratorCsv(
      [
        CURATOR_HEADER,
        'municipality,1804,Andel mottakere (brøk),2018,"0,031",,percent,social_assistance.recipients_population_share,,,fraction_to_percent,,',
        'municipality,1804,Mottakere per innbygger,2018,"0,0139",,,social_assistance.recipients_monthly_avg_per_1000,,,fraction_to_per_1000,,',
        'municipality,1804,Mindreforbruk (mill. kr),2018,"2,1",,NOK_million,finance.budget_deviation,,,,,',
        'municipality,1804,Mottakere (hundre),2018,"4,29",,persons,social_assistance.recipients_monthly_avg,,,scale,100,',
      ].join('\n'),
    );
    expect(plan(doc).observations.map((o) => [o.valueText, o.value, o.unit])).toEqual([
      ['0,031', '3.1', 'percent'],
      ['0,0139', '13.9', 'per_1000_inhabitants'],
      ['2,1', '2100000', 'NOK'],
      ['4,29', '429', 'persons'],
    ]);
  });

  it('refuses a transformation without an indicator or a value that already says its unit', () => {
    const e = importError(() => parseCuratorCsv([CURATOR_HEADER, 'municipality,1804,Andel,2018,"3,1 %",,,,,,fraction_to_percent,,', 'municipality,1804,Andel,2017,"0,03",,,x.y,,,scale,,'].join('\n')));
    expect(e.diagnostics.map((d) => `${d.line} ${d.cell}`)).toEqual(['2 column "transformation"', '2 column "value"', '3 column "factor"']);
  });

  it('rounds binary-float noise of a JSON-stat value to what the source meant, keeping the text as published', () => {
    const dataset = JSON.stringify({
      version: '2.0', class: 'dataset', label: 'Testdata (oppdiktet)', id: ['tid', 'sted', 'mål'], size: [1, 1, 2],
      dimension: {
        tid: { category: { index: ['2018'] } },
        sted: { category: { index: ['a'], label: { a: 'Bydel A' } } },
        mål: { category: { index: ['andel', 'antall'], label: { andel: 'Andel', antall: 'Antall husstander' } } },
      },
      value: [0.0139999999999999, 212],
    });
    const mapping: JsonStatMapping = {
      match: 'label', time: { dimension: 'tid' }, filters: {},
      geography: { dimension: 'sted', categories: { 'Bydel A': { kind: 'office', code: 'A1' } } },
      metric: { dimension: 'mål', categories: { Andel: { indicator: 'social_assistance.recipients_population_share', unit: 'percent' } } },
    };
    const doc = parseJsonStat(dataset, { jsonstatMapping: mapping });
    const p = plan(doc);
    expect(p.observations.map((o) => [o.label, o.valueText, o.publishedValue, o.indicatorCode])).toEqual([
      ['Andel', '0.0139999999999999', '0.014', 'social_assistance.recipients_population_share'],
      // A category the mapping does not name is kept as an unmapped label, mappable later.
      ['Antall husstander', '212', '212', null],
    ]);
    expect(p.unmapped).toEqual([{ label: 'Antall husstander', values: 1 }]);
  });

  it('accepts county and country rows as their own levels, without targets', () => {
    const doc = parseCuratorCsv(
      [
        CURATOR_HEADER,
        'county,18,Andel mottakere,2018,"3,4 %",,,social_assistance.recipients_population_share,,,,,',
        'country,NO,Andel mottakere,2018,"3,1 %",,,social_assistance.recipients_population_share,,,,,',
      ].join('\n'),
    );
    expect(plan(doc).observations.map((o) => o.area)).toEqual([{ kind: 'county', code: '18' }, { kind: 'country', code: 'NO' }]);
    const e = importError(() => parseCuratorCsv([CURATOR_HEADER, 'county,1804,A,2018,1,,,,,,,,', 'country,00,A,2018,1,,,,,,,,'].join('\n')));
    expect(e.diagnostics.map((d) => [d.line, d.cell])).toEqual([[2, 'column "area_code"'], [3, 'column "area_code"']]);
    const withTarget = parseCuratorCsv([CURATOR_HEADER, 'county,18,Andel mottakere,2018,"3,4 %",< 3 %,,social_assistance.recipients_population_share,,,,,'].join('\n'));
    expect(importError(() => plan(withTarget)).diagnostics).toMatchObject([{ code: 'TARGET_AT_LEVEL', line: 2 }]);
  });

  it('keeps the definition note of a mapping with every figure mapped by it', () => {
    const doc = parseCuratorCsv([CURATOR_HEADER, 'municipality,1804,Andel mottakere,2018,"3,4 %",,,social_assistance.recipients_population_share,,,,,mottakere ÷ alle innbyggere 1. januar'].join('\n'));
    expect(only(plan(doc).observations).definitionNote).toBe('mottakere ÷ alle innbyggere 1. januar');
  });
});

describe('citations', () => {
  const row = { publisher: 'Bodø kommune', sourceTitle: 'Årsmelding 2018', areaName: 'NAV Bodø', rawLabel: 'overgang til arbeid', valueText: '69%' };
  it('wraps period words in one pair of parentheses', () => {
    expect(citation({ ...row, periodText: '(rapportåret 2018)', period: '2018' })).toBe('Bodø kommune, Årsmelding 2018, NAV Bodø: «overgang til arbeid» 69% (rapportåret 2018)');
  });
  it('adds the period when the period words do not name its year', () => {
    expect(citation({ ...row, periodText: 'Per kvartal', period: '2015' })).toBe('Bodø kommune, Årsmelding 2018, NAV Bodø: «overgang til arbeid» 69% (per kvartal, 2015)');
    expect(citation({ ...row, periodText: null, period: '2015' })).toMatch(/\(2015\)$/);
  });
});

describe('docs/examples/curator-every-feature.csv', () => {
  it('reads as docs/curator-format.md says: flags, footnote, blanks, transformations, units and levels', () => {
    const text = readFileSync(resolve(__dirname, '../../docs/examples/curator-every-feature.csv'), 'utf8');
    const p = plan(parseCuratorCsv(text, { fileName: 'curator-every-feature.csv' }));
    expect(p.observations.map((o) => [o.area.kind, o.period, o.valueText, o.value, o.unit, o.flags.sort(), o.footnote])).toEqual([
      ['office', '2019', '412*', '412', 'persons', ['footnoted', 'provisional'], 'Foreløpig tall per 31.12.'],
      ['office', '2018', '..', null, 'persons', ['suppressed'], null],
      ['municipality', '2019', '0,031', '3.1', 'percent', ['derived'], null],
      ['county', '2019', '0,036', '3.6', 'percent', ['derived'], null],
      ['country', '2019', '0,031', '3.1', 'percent', ['derived'], null],
      ['municipality', '2019', '1,8', '1800000', 'NOK', ['approximate', 'derived'], null],
      ['office', '2019', '48', '12', 'persons', ['derived'], null],
      ['office', '2019', '1 480', null, 'count', [], null],
    ]);
    // The 2019 row of young recipients has only a target; the empty value is not a figure of its own.
    expect(p.targets.map((t) => [t.label, t.period, t.text])).toEqual([
      ['Samlet antall mottakere av sosialhjelp pr. mnd.', '2019', '< 450'],
      ['Antall unge u/25 år på øk. sosialhjelp pr. mnd.', '2019', '< 90'],
    ]);
    expect(at(p.observations, 2).definitionNote).toBe('mottakere i løpet av året ÷ alle innbyggere 1. januar');
    expect(p.unmapped).toEqual([{ label: 'Antall brukersamtaler', values: 1 }]);
  });
});
