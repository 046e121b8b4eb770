import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseBodoTable } from '../../src/import/adapters/bodo-table';
import { parseKristiansundMalekort } from '../../src/import/adapters/kristiansund-malekort';
import { loadLabelMappings, mapFigure, mapLabel, normaliseLabel, parseLabelMappings } from '../../src/import/map/mapper';
import { importError } from '../support/errors';
import { at } from '../support/indexed';

const seed = (name: string) => readFileSync(resolve(__dirname, '../../reference/seeds', name), 'utf8');
// Built before each test rather than once at load, so that mutation testing (stryker.config.mjs) credits
// the parsing to the tests that use it and runs only those for each mutant.
let bodo: ReturnType<typeof parseBodoTable>;
let kristiansund: ReturnType<typeof parseKristiansundMalekort>;
let table: ReturnType<typeof loadLabelMappings>;
beforeEach(() => {
  bodo = parseBodoTable(seed('000_796170f9ef8d8241.txt'));
  kristiansund = parseKristiansundMalekort(seed('001_a1bbcf1568fad174.txt'));
  table = loadLabelMappings(resolve(__dirname, '../../reference/mappings/labels.yaml'));
});


describe('labels.yaml maps every label of both sample reports', () => {
  it('maps each Bodø label to its canonical indicator', () => {
    const codes = Object.fromEntries(bodo.figures.map((f) => [f.label, mapLabel(f.label, table)?.indicatorCode]));
    expect(codes).toEqual({
      'Samlet antall mottakere av sosialhjelp pr. mnd.': 'social_assistance.recipients_monthly_avg',
      'Antall unge u/25 år på øk. sosialhjelp pr. mnd.': 'social_assistance.recipients_under_25_monthly_avg',
      'Andel KVP-deltakere til arbeid / utdanning': 'qualification_programme.exit_work_education_share',
      'Sykefravær kommunalt ansatte': 'staff.sick_leave_municipal_share',
      'Mindreforbruk, kommunal del av NAV': 'finance.budget_deviation',
      'Sykefravær hele kontoret, gjennomsnitt for året': 'staff.sick_leave_office_share',
      'Ansatte i kontoret, kommunalt og statlig': 'staff.employees',
      'Overgang til arbeid for arbeidssøkere': 'employment.jobseeker_work_transition_share',
      'Brukere formidlet til ordinært arbeid': 'employment.placed_in_ordinary_work',
    });
  });

  it('maps each Kristiansund label to its canonical indicator', () => {
    const codes = Object.fromEntries(kristiansund.figures.map((f) => [f.label, mapLabel(f.label, table)?.indicatorCode]));
    expect(codes).toEqual({
      '15 personer per kvartal': 'refugees.settled_quarterly_avg',
      '60 personer per år': 'refugees.settled_yearly',
      'Antall liggedøgn over 14 dager per kvartal': 'housing.temporary_over_14_nights_quarterly',
      'Antall liggedøgn over 14 dager per år': 'housing.temporary_over_14_nights_yearly',
      'Antall passive uker “over tiden” per kvartal': 'youth.passive_weeks_over_limit_quarterly',
      'Antall passive uker “over tiden” per år': 'youth.passive_weeks_over_limit_yearly',
      'Andel mottakere med sosialhjelp som hovedinntektskilde, endring': 'social_assistance.main_income_share_change_pp',
    });
  });

  it('never merges municipal-staff and whole-office sick leave', () => {
    expect(mapLabel('Sykefravær kommunalt ansatte', table)?.indicatorCode).not.toBe(mapLabel('Sykefravær hele kontoret, gjennomsnitt for året', table)?.indicatorCode);
  });
});

describe('mapping a label', () => {
  it('prefers the exact label and says so', () => {
    expect(mapLabel('Andel KVP-deltakere til arbeid / utdanning', table)).toMatchObject({ matchedBy: 'exact', transformation: { kind: 'percent_text' } });
  });

  it('falls back to the normalised label: case, NBSP, punctuation and spacing', () => {
    expect(normaliseLabel('Samlet antall mottakere av sosialhjelp pr.\u00a0mnd.')).toBe('samlet antall mottakere av sosialhjelp pr mnd');
    expect(normaliseLabel('Antall unge u/25 år på øk. sosialhjelp pr. mnd.')).toBe('antall unge u 25 år på øk sosialhjelp pr mnd');
    expect(mapLabel('SAMLET antall  mottakere av sosialhjelp pr mnd', table)).toMatchObject({ indicatorCode: 'social_assistance.recipients_monthly_avg', matchedBy: 'normalised' });
    expect(mapLabel('Antall passive uker "over tiden" per kvartal', table)?.indicatorCode).toBe('youth.passive_weeks_over_limit_quarterly');
  });

  it('leaves an unknown label unmapped rather than guessing', () => {
    expect(mapLabel('Samlet antall mottakere av sosialhjelp', table)).toBeNull();
    expect(mapLabel('Sykefravær', table)).toBeNull();
  });

  it('counts an underspend as positive and an overspend as negative', () => {
    const under = bodo.figures.find((f) => f.label.startsWith('Mindreforbruk'))!;
    expect(mapFigure(under, table).mapped).toMatchObject({ indicatorCode: 'finance.budget_deviation', value: '2000000', unit: 'NOK', flags: ['approximate'] });
    const over = { ...under, label: 'Merforbruk, kommunal del av NAV', valueText: 'vel 2 mill kr' };
    expect(mapFigure(over, table).mapped).toMatchObject({ value: '-2000000', transformation: { kind: 'scale', factor: '-1' }, flags: ['approximate', 'derived'] });
  });

  it('reads values for mapped figures: percent text, percentage points, hedged counts', () => {
    const value = (label: string) => mapFigure(bodo.figures.find((f) => f.label === label && f.period === '2018')!, table).mapped;
    expect(value('Andel KVP-deltakere til arbeid / utdanning')).toMatchObject({ value: '50.7', unit: 'percent', flags: [] });
    expect(value('Ansatte i kontoret, kommunalt og statlig')).toMatchObject({ value: '107', flags: ['approximate'] });
    const change = mapFigure(at(kristiansund.figures, -1, 'figures'), table).mapped;
    expect(change).toMatchObject({ indicatorCode: 'social_assistance.main_income_share_change_pp', value: '1.6', unit: 'percentage_points' });
  });

  it('keeps an indicator the source names itself, and an exact JSON-stat value', () => {
    const figure = { label: 'Andel', period: '2018', periodText: '2018', valueText: '0.125', value: '0.125', targetText: null, quote: 'q', location: { line: 1 }, indicatorCode: 'x.share', unit: 'percent' as const };
    expect(mapFigure(figure, table)).toEqual({
      mapped: { figure, indicatorCode: 'x.share', transformation: { kind: 'identity', note: 'indicator named by the source format' }, mappedBy: 'document', publishedValue: '0.125', value: '0.125', unit: 'percent', flags: [] },
      diagnostics: [],
    });
  });

  it('reports an unreadable value with its location, and treats an empty cell as no value', () => {
    const base = { label: 'X', period: '2018', periodText: '2018', targetText: null, quote: 'q', location: { line: 9, cell: 'row "X"' } };
    expect(mapFigure({ ...base, valueText: 'mange' }, table).diagnostics).toMatchObject([{ code: 'UNREADABLE_NUMBER', line: 9, cell: 'row "X"' }]);
    expect(mapFigure({ ...base, valueText: '' }, table)).toMatchObject({ mapped: { value: null }, diagnostics: [] });
  });
});

describe('labels files', () => {
  it('refuses a label listed twice, or two labels that normalise alike and map differently', () => {
    const twice = 'labels:\n  - { label: A, indicator: a.b, note: n }\n  - { label: A, indicator: a.c, note: n }\n';
    expect(importError(() => parseLabelMappings(twice, 'l.yaml')).diagnostics).toMatchObject([{ line: 3, message: expect.stringContaining('listed twice') }]);
    const clash = 'labels:\n  - { label: "A b.", indicator: a.b, note: n }\n  - { label: "a B", indicator: a.c, note: n }\n';
    expect(importError(() => parseLabelMappings(clash)).message).toContain('normalises like');
  });

  it('refuses entries without a note, with a bad code, or a scale without factor', () => {
    const bad = 'labels:\n  - { label: A, indicator: a.b }\n  - { label: B, indicator: Bad, note: n }\n  - { label: C, indicator: a.b, transformation: scale, note: n }\n';
    expect(importError(() => parseLabelMappings(bad)).diagnostics.map((d) => d.line)).toEqual([2, 3, 4]);
  });

  it('says in each refusal what is wrong with the entry, and where', () => {
    const bad = [
      'labels:',
      '  - just a label',
      '  - { indicator: a.b, note: n }',
      '  - { label: B, indicator: Bad, note: n }',
      '  - { label: C, indicator: a.b, transformation: double, note: n }',
      '  - { label: D, indicator: a.b, transformation: scale, factor: tre, note: n }',
      '  - { label: E, indicator: a.b, factor: "4", note: n }',
      '  - { label: F, indicator: a.b }',
      '  - { label: G, indicator: a.b, note: n, colour: red }',
      '',
    ].join('\n');
    expect(importError(() => parseLabelMappings(bad, 'l.yaml')).diagnostics).toEqual([
      { code: 'INVALID_MAPPING', file: 'l.yaml', line: 2, message: expect.stringMatching(/^each mapping must be a mapping with label, indicator/) },
      { code: 'INVALID_MAPPING', file: 'l.yaml', line: 3, message: 'label is missing' },
      { code: 'INVALID_MAPPING', file: 'l.yaml', line: 4, message: '"Bad" is not an indicator code' },
      { code: 'INVALID_MAPPING', file: 'l.yaml', line: 5, message: expect.stringMatching(/^transformation "double" is not one of /) },
      { code: 'INVALID_MAPPING', file: 'l.yaml', line: 6, message: 'a scale transformation needs a numeric factor' },
      { code: 'INVALID_MAPPING', file: 'l.yaml', line: 7, message: 'factor is only for transformation: scale' },
      { code: 'INVALID_MAPPING', file: 'l.yaml', line: 8, message: 'note is missing: say why this label is this indicator' },
      { code: 'INVALID_MAPPING', file: 'l.yaml', line: 9, message: expect.stringContaining('colour') },
    ]);
  });

  it('refuses a labels file that is not YAML or has no "labels:" list', () => {
    expect(importError(() => parseLabelMappings('labels: [', 'l.yaml')).diagnostics[0]).toMatchObject({ code: 'INVALID_MAPPING', file: 'l.yaml', line: 1 });
    expect(importError(() => parseLabelMappings('labels: {}', 'l.yaml')).diagnostics).toEqual([
      { code: 'INVALID_MAPPING', file: 'l.yaml', line: 1, message: 'expected a top-level "labels:" list' },
    ]);
  });

  it('keeps the factor, where the label was seen and its definition, and names the file it came from', () => {
    const yaml = 'labels:\n  - { label: Per kvartal, indicator: a.b, transformation: scale, factor: "4", note: n, seen_in: Kristiansund 2015, definition: Snitt per kvartal }\n';
    const table = parseLabelMappings(yaml, 'l.yaml');
    expect(table.origin).toBe('l.yaml');
    expect(parseLabelMappings(yaml).origin).toBe('labels.yaml');
    expect(table.exact.get('Per kvartal')).toEqual({
      label: 'Per kvartal',
      indicatorCode: 'a.b',
      transformation: { kind: 'scale', note: 'n', factor: '4' },
      line: 2,
      seenIn: 'Kristiansund 2015',
      definitionNote: 'Snitt per kvartal',
    });
    expect(mapLabel('Per kvartal', table)).toMatchObject({ indicatorCode: 'a.b', mappedBy: 'l.yaml (exact)', definitionNote: 'Snitt per kvartal' });
    expect(mapLabel('per  KVARTAL', table)).toMatchObject({ mappedBy: 'l.yaml (normalised)' });
  });
});
