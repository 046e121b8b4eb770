import 'reflect-metadata';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseCuratorCsv, readCuratorCsv } from '../../src/import/adapters/curator';
import { loadLabelMappings } from '../../src/import/map/mapper';
import { ImportPlanner, type IndicatorInfo, type PlanContext, planImport } from '../../src/import/plan';
import { type ObservationRecord, PlannedObservations } from '../../src/import/planned-observations';
import type { ExtractedFigure } from '../../src/import/types';
import { importError } from '../support/errors';

/**
 * A plan keeps its observations in columns, and a curator file is planned row by row as it is
 * read: what the plan gives back must be what was planned, row for row, and the same as when the
 * whole document is read first. Every office and figure here is TEST DATA (invented).
 */

const OFFICE = { kind: 'office', code: 'TEST-1' } as const;

function record(i: number, overrides: Partial<ObservationRecord> = {}): ObservationRecord {
  return {
    label: 'Testmottakere (oppdiktet)', unitText: null, area: OFFICE, period: String(2000 + (i % 20)), year: 2000 + (i % 20), periodText: `Resultat ${2000 + (i % 20)}`,
    indicatorCode: 'testdata.recipients', transformation: { kind: 'identity', note: 'the value as published' }, mappedBy: 'document',
    publishedValue: String(i), value: String(i), valueText: String(i), unit: 'persons', quote: `Testsitat ${i}`, cell: `row ${i + 2}`, line: i + 2,
    flags: [], footnote: null, definitionNote: null, ...overrides,
  };
}

describe('the observations of a plan', () => {
  it('gives back every row of a plan larger than a chunk as it was planned, with its location made from line and cell', () => {
    const planned = new PlannedObservations();
    for (let i = 0; i < 20_000; i++) planned.push(record(i, i % 1_000 === 7 ? { cell: undefined, footnote: `Fotnote ${i}` } : {}));
    expect(planned).toHaveLength(20_000);
    for (const i of [0, 7, 8_191, 8_192, 16_383, 16_384, 19_007, 19_999]) {
      const { cell, ...rest } = record(i, i % 1_000 === 7 ? { cell: undefined, footnote: `Fotnote ${i}` } : {});
      expect(planned.at(i)).toEqual({ ...rest, kind: 'actual', location: cell ? `line ${i + 2}, row ${i + 2}` : `line ${i + 2}` });
    }
    expect([...planned].map((o) => o.line)).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 2));
  });

  it('gives back a quote that restates its row, and one that only nearly does, as each was published', () => {
    const planned = new PlannedObservations();
    const quotes = [
      'Testmottakere (oppdiktet) (Resultat 2000): 0',
      'Testmottakere (oppdiktet) (Resultat 2000): 10',
      'Testmottakere (oppdiktet) (Resultat 2000): 1',
      'Testmottakere (oppdiktat) (Resultat 2000): 0',
      'Testmottakere (oppdiktet) (Resultat 2009): 0',
      'Testmottakere (oppdiktet) [Resultat 2000]: 0',
      'Testmottakere (oppdiktet) [Resultat 2000): 0',
      'Testmottakere (oppdiktet) (Resultat 2001): 0',
      'Testmottakere (oppdiktet) (Resultat 2000):  0',
      'Testmottakere (oppdiktet) (Resultat 2000): 0, mål < 450',
      'Testmottakere  (Resultat 2000): 0',
      '',
    ];
    for (const quote of quotes) planned.push(record(0, { quote }));
    planned.push(record(0, { valueText: null, quote: 'Testmottakere (oppdiktet) (Resultat 2000): ' }));
    expect(planned.toArray().map((o) => o.quote)).toEqual([...quotes, 'Testmottakere (oppdiktet) (Resultat 2000): ']);
  });

  it('gives back the quote and cell of a placed row as its table renders them, and every other row as published', () => {
    // A table whose texts name the place and the value: a row read back with another row's place
    // or value, or with the texts of an unplaced row, shows.
    const quote = (index: number, valueText: string | null) => `Testtabell: celle ${index}: ${valueText ?? 'null'}`;
    const cell = (index: number) => `value[${index}]`;
    const table = { texts: (index: number, valueText: string | null) => ({ quote: quote(index, valueText), cell: cell(index) }) };
    const planned = new PlannedObservations();
    for (let i = 0; i < 10_000; i++) {
      planned.push(i % 3 === 0 ? record(i) : record(i, { quote: quote(i * 7, String(i)), cell: cell(i * 7), place: { table, index: i * 7 } }));
    }
    for (const i of [0, 1, 2, 8_191, 8_192, 8_193, 9_999]) {
      const expected = i % 3 === 0 ? [`Testsitat ${i}`, `line ${i + 2}, row ${i + 2}`] : [`Testtabell: celle ${i * 7}: ${i}`, `line ${i + 2}, value[${i * 7}]`];
      expect([planned.at(i).quote, planned.at(i).location]).toEqual(expected);
    }
  });

  it('gives back a cell that names another row than its line as published', () => {
    const planned = new PlannedObservations();
    for (const cell of ['row 2', 'row 3', 'row 20', 'row 2 ', 'column "value"', '']) planned.push(record(0, { cell }));
    expect(planned.toArray().map((o) => o.location)).toEqual(['line 2, row 2', 'line 2, row 3', 'line 2, row 20', 'line 2, row 2 ', 'line 2, column "value"', 'line 2']);
  });

  it('gives back every value of a field whose values never recur, past the number it keeps an index of', () => {
    const planned = new PlannedObservations();
    const rows = 70_000;
    for (let i = 0; i < rows; i++) planned.push(record(i, { quote: `Testsitat ${i}`, footnote: i % 2 ? `Fotnote ${i % 10}` : null }));
    for (const i of [0, 1, 65_535, 65_536, 65_537, 69_999]) {
      expect(planned.at(i)).toMatchObject({ value: String(i), publishedValue: String(i), valueText: String(i), quote: `Testsitat ${i}`, footnote: i % 2 ? `Fotnote ${i % 10}` : null });
    }
    planned.setFlags(69_999, ['inconsistent']);
    expect([planned.at(69_998).flags, planned.at(69_999).flags]).toEqual([[], ['inconsistent']]);
  });

  it('keeps apart rows of one label that were mapped differently', () => {
    const planned = new PlannedObservations();
    planned.push(record(0));
    planned.push(record(1, { transformation: { kind: 'scale', factor: '100', note: 'a fraction published as 0.031 is 3.1 %', unit: 'percent' }, unit: 'percent', value: '100' }));
    planned.push(record(2, { indicatorCode: null, transformation: null, mappedBy: null, value: null }));
    planned.push(record(3, { definitionNote: 'mottakere ÷ innbyggere (oppdiktet)' }));
    planned.push(record(4));
    expect(planned.toArray().map((o) => [o.indicatorCode, o.transformation?.kind ?? null, o.transformation?.factor, o.unit, o.value, o.definitionNote])).toEqual([
      ['testdata.recipients', 'identity', undefined, 'persons', '0', null],
      ['testdata.recipients', 'scale', '100', 'percent', '100', null],
      [null, null, undefined, 'persons', null, null],
      ['testdata.recipients', 'identity', undefined, 'persons', '3', 'mottakere ÷ innbyggere (oppdiktet)'],
      ['testdata.recipients', 'identity', undefined, 'persons', '4', null],
    ]);
  });

  it('changes the flags of the one row the checks flagged', () => {
    const planned = new PlannedObservations();
    for (let i = 0; i < 3; i++) planned.push(record(i));
    planned.setFlags(1, ['inconsistent']);
    expect(planned.toArray().map((o) => o.flags)).toEqual([[], ['inconsistent'], []]);
  });

  it('has no row outside the plan', () => {
    const planned = new PlannedObservations();
    planned.push(record(0));
    expect(() => planned.at(1)).toThrow(RangeError);
    expect(() => planned.at(-1)).toThrow(RangeError);
    expect(() => planned.setFlags(1, ['inconsistent'])).toThrow(RangeError);
  });
});

describe('planning a curator file row by row', () => {
  let ctx: PlanContext;
  beforeEach(() => {
    const indicators = new Map<string, IndicatorInfo>([
      ['social_assistance.recipients_monthly_avg', { code: 'social_assistance.recipients_monthly_avg', unit: 'persons', periodType: 'year_average_of_months' }],
      ['social_assistance.recipients_population_share', { code: 'social_assistance.recipients_population_share', unit: 'percent', periodType: 'year' }],
    ]);
    ctx = { file: 'test.csv', labels: loadLabelMappings(), indicators };
  });

  const HEADER = 'area_kind,area_code,label,period,value,target,unit,indicator,flags,footnote,transformation,factor,definition_note';
  const FILE = [
    HEADER,
    'office,24837,Testmottakere (oppdiktet),2016,466,< 450,persons,social_assistance.recipients_monthly_avg,,,,,',
    'office,24837,Testmottakere (oppdiktet),2017,,< 450,persons,social_assistance.recipients_monthly_avg,,,,,',
    'office,24837,Testmottakere (oppdiktet),2018,,,persons,social_assistance.recipients_monthly_avg,suppressed,,,,',
    'municipality,1804,Testandel (oppdiktet),2018,"0,031",,percent,social_assistance.recipients_population_share,,Fotnote (oppdiktet),fraction_to_percent,,andel (oppdiktet)',
    'municipality,1804,Uten kart (oppdiktet),2018,12,,,,provisional,,,,',
    'office,24837,Testmottakere (oppdiktet),2015,"1 400",,persons,social_assistance.recipients_monthly_avg,,,,,',
  ].join('\n');

  it('gives the plan that reading the whole document first gives', () => {
    const planner = new ImportPlanner(ctx);
    const doc = readCuratorCsv(FILE, { fileName: 'test.csv' }, (figure) => planner.add(figure));
    expect(doc.figures).toEqual([]);
    const streamed = planner.finish(doc.warnings);
    const whole = planImport(parseCuratorCsv(FILE, { fileName: 'test.csv' }), ctx);
    expect({ ...streamed, observations: streamed.observations.toArray() }).toEqual({ ...whole, observations: whole.observations.toArray() });
    expect(streamed.observations.toArray().map((o) => [o.period, o.value, o.flags])).toEqual([
      ['2016', '466', []],
      ['2018', null, ['suppressed']],
      ['2018', '3.1', ['footnoted', 'derived']],
      ['2018', null, ['provisional']],
      ['2015', '1400', []],
    ]);
    expect(streamed.targets.map((t) => t.period)).toEqual(['2016', '2017']);
  });

  it('hands on each figure as its row is read, and the rows without a problem when others have one', () => {
    const seen: ExtractedFigure[] = [];
    const broken = `${FILE}\noffice,24837,Testmottakere (oppdiktet),20x9,1,,persons,social_assistance.recipients_monthly_avg,,,,,`;
    const error = importError(() => readCuratorCsv(broken, { fileName: 'test.csv' }, (figure) => seen.push(figure)));
    expect(error.diagnostics).toMatchObject([{ line: 8, cell: 'column "period"' }]);
    expect(seen.map((f) => f.location.line)).toEqual([2, 3, 4, 5, 6, 7]);
    // Handed on already, so the error carries none (parseCuratorCsv's collects them).
    expect(error.partial).toEqual([]);
  });
});
