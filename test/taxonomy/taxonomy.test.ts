import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import type { Database } from '../../src/db/database';
import type { Logger } from '../../src/logger';
import { parseTaxonomy, TaxonomyError, type Taxonomy } from '../../src/modules/taxonomy/taxonomy.schema';
import { defaultTaxonomyFile, loadTaxonomy } from '../../src/modules/taxonomy/taxonomy.seed';
import { openTestDatabase } from '../support/db';
import { at } from '../support/indexed';

const taxonomyFile = defaultTaxonomyFile();
const taxonomyText = readFileSync(taxonomyFile, 'utf8');

/** The public contract: these codes, with these units and directions, must never change. */
const CONTRACT: Record<string, [unit: string, direction: string]> = {
  'social_assistance.recipients_monthly_avg': ['persons', 'lower_is_better'],
  'social_assistance.recipients_under_25_monthly_avg': ['persons', 'lower_is_better'],
  'social_assistance.recipients_population_share': ['percent', 'lower_is_better'],
  'social_assistance.recipients_yearly': ['persons', 'lower_is_better'],
  'social_assistance.recipients_18_24_yearly': ['persons', 'lower_is_better'],
  'social_assistance.recipients_share_20_66': ['percent', 'lower_is_better'],
  'social_assistance.main_income_share': ['percent', 'lower_is_better'],
  'social_assistance.main_income_share_change_pp': ['percentage_points', 'lower_is_better'],
  'social_assistance.long_term_recipients_share': ['percent', 'lower_is_better'],
  'social_assistance.long_term_recipients': ['persons', 'lower_is_better'],
  'social_assistance.expenditure_per_inhabitant_20_66': ['NOK', 'neither'],
  'social_assistance.average_duration_months': ['count', 'lower_is_better'],
  'qualification_programme.exit_work_education_share': ['percent', 'higher_is_better'],
  'qualification_programme.participants': ['persons', 'neither'],
  'qualification_programme.exits_to_work_share': ['percent', 'higher_is_better'],
  'employment.jobseeker_work_transition_share': ['percent', 'higher_is_better'],
  'employment.placed_in_ordinary_work': ['persons', 'higher_is_better'],
  'staff.sick_leave_municipal_share': ['percent', 'lower_is_better'],
  'staff.sick_leave_office_share': ['percent', 'lower_is_better'],
  'staff.employees': ['persons', 'neither'],
  'finance.budget_deviation': ['NOK', 'neither'],
  'refugees.settled_quarterly_avg': ['persons', 'higher_is_better'],
  'refugees.settled_yearly': ['persons', 'higher_is_better'],
  'housing.temporary_over_14_nights_quarterly': ['nights', 'lower_is_better'],
  'housing.temporary_over_14_nights_yearly': ['nights', 'lower_is_better'],
  'youth.passive_weeks_over_limit_quarterly': ['weeks', 'lower_is_better'],
  'youth.passive_weeks_over_limit_yearly': ['weeks', 'lower_is_better'],
};

const QUARTER_YEAR_PAIRS: [yearly: string, quarterly: string][] = [
  ['refugees.settled_yearly', 'refugees.settled_quarterly_avg'],
  ['housing.temporary_over_14_nights_yearly', 'housing.temporary_over_14_nights_quarterly'],
  ['youth.passive_weeks_over_limit_yearly', 'youth.passive_weeks_over_limit_quarterly'],
];

describe('the taxonomy file', () => {
  const taxonomy = parseTaxonomy(taxonomyText, 'reference/taxonomy.yaml');
  const byCode = new Map(taxonomy.indicators.map((i) => [i.code, i]));

  it.each(Object.entries(CONTRACT))('defines %s with its contract unit and direction', (code, [unit, direction]) => {
    const indicator = byCode.get(code);
    expect(indicator, `${code} is missing`).toBeDefined();
    expect({ unit: indicator?.unit, direction: indicator?.direction }).toEqual({ unit, direction });
  });

  it('counts social-assistance recipients per month as a year average of months, not as recipients during the year', () => {
    expect(byCode.get('social_assistance.recipients_monthly_avg')?.period_type).toBe('year_average_of_months');
    expect(byCode.get('social_assistance.recipients_yearly')?.period_type).toBe('year');
  });

  it('names Oslo STØ020 for the share of the whole population and SSB for the share aged 20–66', () => {
    const systems = (code: string) => byCode.get(code)?.external_codes.map((c) => `${c.system} ${c.code}`);
    expect(systems('social_assistance.recipients_population_share')).toContain('Oslo kommune statistikkbank STØ020');
    expect(systems('social_assistance.recipients_share_20_66')?.some((s) => s.startsWith('SSB Statbank'))).toBe(true);
  });

  it('says for every indicator when it is not comparable, including why "neither" has no direction', () => {
    for (const indicator of taxonomy.indicators) expect(indicator.comparability_notes.length, indicator.code).toBeGreaterThan(40);
  });

  it.each(QUARTER_YEAR_PAIRS)('declares %s as 4 × %s', (yearly, quarterly) => {
    expect(byCode.get(yearly)?.related).toContainEqual(expect.objectContaining({ code: quarterly, kind: 'yearly_of_quarterly_avg', factor: 4 }));
  });
});

/** The smallest valid taxonomy, for breaking one thing at a time. */
function minimal(): Taxonomy {
  const indicator = (code: string, theme: string, unit: string, direction: string) => ({
    code,
    name_nb: code,
    name_en: code,
    description: 'What is counted.',
    theme,
    unit,
    period_type: 'year',
    direction,
    population: 'employees of the NAV office',
    comparability_notes: 'When it is not comparable.',
    external_codes: [],
    related: [] as Taxonomy['indicators'][number]['related'],
  });
  return {
    version: 'test',
    themes: [
      { code: 'staff', name_nb: 'Medarbeidere', name_en: 'Staff', description: 'People.', parent: null },
      { code: 'staff.sick_leave', name_nb: 'Sykefravær', name_en: 'Sick leave', description: 'Absence.', parent: 'staff' },
    ],
    indicators: [
      indicator('staff.sick_leave_office_share', 'staff.sick_leave', 'percent', 'lower_is_better'),
      indicator('staff.employees', 'staff', 'persons', 'neither'),
    ],
  } as Taxonomy;
}

function problemsIn(data: unknown): string[] {
  const text = typeof data === 'string' ? data : YAML.stringify(data);
  try {
    parseTaxonomy(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(TaxonomyError);
    return (error as TaxonomyError).message.split('\n');
  }
  return [];
}

describe('validating a taxonomy file', () => {
  it('accepts the smallest valid file', () => {
    expect(problemsIn(minimal())).toEqual([]);
  });

  it('names the indicator and field of a direction that does not exist', () => {
    const data = minimal();
    (data.indicators[1] as { direction: string }).direction = 'more_is_better';
    expect(problemsIn(data)).toEqual([
      'test.yaml: indicators[1] (staff.employees).direction: must be one of higher_is_better, lower_is_better, neither',
    ]);
  });

  it('rejects an indicator under a theme the file does not define', () => {
    const data = minimal();
    at(data.indicators, 0).theme = 'staff.absence';
    expect(problemsIn(data)).toEqual(['test.yaml: indicators[0] (staff.sick_leave_office_share).theme: no theme has code "staff.absence"']);
  });

  it('rejects a theme whose parent does not exist', () => {
    const data = minimal();
    at(data.themes, 1).parent = 'people';
    expect(problemsIn(data)).toEqual(['test.yaml: themes[1] (staff.sick_leave).parent: no theme has code "people"']);
  });

  it('rejects an indicator code used twice', () => {
    const data = minimal();
    data.indicators.push({ ...at(data.indicators, 1) });
    expect(problemsIn(data)).toEqual([
      'test.yaml: indicators[2] (staff.employees).code: duplicate code; first defined at indicators[1] (staff.employees)',
    ]);
  });

  it('rejects a relation to an indicator the file does not define', () => {
    const data = minimal();
    at(data.indicators, 0).related = [{ code: 'staff.sick_leave_municipal_share', kind: 'not_comparable_with', note: 'municipal only' }];
    expect(problemsIn(data)).toEqual([
      'test.yaml: indicators[0] (staff.sick_leave_office_share).related[0].code: no indicator has code "staff.sick_leave_municipal_share"',
    ]);
  });

  it('requires the factor of a yearly-of-quarterly relation and a quarterly average on the other side', () => {
    const data = minimal();
    at(data.indicators, 0).related = [{ code: 'staff.employees', kind: 'yearly_of_quarterly_avg' }];
    expect(problemsIn(data)).toEqual([
      'test.yaml: indicators[0] (staff.sick_leave_office_share).related[0].factor: is required for kind yearly_of_quarterly_avg',
      "test.yaml: indicators[0] (staff.sick_leave_office_share).related[0].kind: yearly_of_quarterly_avg needs staff.employees's period_type to be year_average_of_quarters, not year",
      'test.yaml: indicators[0] (staff.sick_leave_office_share).related[0].kind: yearly_of_quarterly_avg needs the same unit on both indicators, not percent and persons',
    ]);
  });

  it('rejects an indicator code that does not start with its theme', () => {
    const data = minimal();
    at(data.indicators, 1).code = 'finance.employees';
    expect(problemsIn(data)).toEqual([
      'test.yaml: indicators[1] (finance.employees).code: must start with "staff." because its theme "staff" belongs to "staff"',
    ]);
  });

  it('lists every problem at once, schema and references together', () => {
    const data = minimal();
    (data.indicators[0] as { unit: string }).unit = 'people';
    at(data.indicators, 1).theme = 'nowhere';
    delete (data.indicators[1] as Partial<Taxonomy['indicators'][number]>).population;
    expect(problemsIn(data)).toEqual([
      'test.yaml: indicators[0] (staff.sick_leave_office_share).unit: must be one of persons, count, percent, percentage_points, per_1000_inhabitants, NOK, days, nights, weeks',
      'test.yaml: indicators[1] (staff.employees).population: is required',
      'test.yaml: indicators[1] (staff.employees).theme: no theme has code "nowhere"',
    ]);
  });

  it('asks for quotes around a version YAML read as a number', () => {
    const text = YAML.stringify({ ...minimal(), version: 2026.1 });
    expect(problemsIn(text)).toEqual(['test.yaml: version: must be text, not the number 2026.1; put it in quotes']);
  });

  it('reports a misspelt field instead of ignoring it', () => {
    const data = minimal() as unknown as { indicators: Record<string, unknown>[] };
    at(data.indicators, 1).directon = 'neither';
    expect(problemsIn(data)).toEqual(['test.yaml: indicators[1] (staff.employees): has unknown field directon']);
  });

  it('gives the line of a YAML syntax error', () => {
    const [problem] = problemsIn('version: "1"\nthemes: [\n');
    expect(problem).toMatch(/^test\.yaml: line \d+, column \d+: not valid YAML: /);
  });
});

describe('loading the taxonomy into the database', () => {
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'taxonomy-'));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const count = async (table: string) => Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const ids = async () =>
    Object.fromEntries(
      ((await db.dataSource.query('SELECT code, id FROM indicators ORDER BY code')) as { code: string; id: number }[]).map((r) => [r.code, r.id]),
    );
  /** A copy of the real taxonomy with a change, written where loadTaxonomy can read it. */
  const variant = (name: string, change: (t: Taxonomy) => void): string => {
    const data = YAML.parse(taxonomyText) as Taxonomy;
    change(data);
    const file = path.join(dir, name);
    writeFileSync(file, YAML.stringify(data));
    return file;
  };

  it('loads every theme, indicator and relation of reference/taxonomy.yaml', async () => {
    const result = await loadTaxonomy(db);
    expect(result).toMatchObject({ loaded: true, version: '2026.3', retired: 0, retiredCodes: [] });
    expect(result.themes).toBe(await count('themes'));
    expect(result.indicators).toBe(await count('indicators'));
    expect(result.relations).toBe(await count('indicator_relations'));
    expect(Object.keys(await ids())).toEqual(expect.arrayContaining(Object.keys(CONTRACT)));
    const [load] = await db.dataSource.query(`SELECT sha256 FROM dataset_loads WHERE name = 'taxonomy'`);
    expect(load.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores sub-themes under their parents', async () => {
    const rows = await db.dataSource.query(`SELECT parent_code FROM themes WHERE code = 'staff.sick_leave'`);
    expect(rows).toEqual([{ parent_code: 'staff' }]);
  });

  it.each(QUARTER_YEAR_PAIRS)('stores %s = 4 × %s', async (yearly, quarterly) => {
    const rows = await db.dataSource.query(
      `SELECT r.factor::float8 AS factor FROM indicator_relations r
         JOIN indicators a ON a.id = r.indicator_id JOIN indicators b ON b.id = r.related_indicator_id
        WHERE a.code = $1 AND b.code = $2 AND r.kind = 'yearly_of_quarterly_avg'`,
      [yearly, quarterly],
    );
    expect(rows).toEqual([{ factor: 4 }]);
  });

  it('stores sick leave of municipal staff and of the whole office as not comparable, both ways', async () => {
    const rows = await db.dataSource.query(
      `SELECT a.code AS a, b.code AS b FROM indicator_relations r
         JOIN indicators a ON a.id = r.indicator_id JOIN indicators b ON b.id = r.related_indicator_id
        WHERE r.kind = 'not_comparable_with' AND a.code LIKE 'staff.%' ORDER BY a.code`,
    );
    expect(rows).toEqual([
      { a: 'staff.sick_leave_municipal_share', b: 'staff.sick_leave_office_share' },
      { a: 'staff.sick_leave_office_share', b: 'staff.sick_leave_municipal_share' },
    ]);
  });

  it('changes nothing and keeps every id when the same file is loaded again', async () => {
    const before = { ids: await ids(), loads: await db.dataSource.query('SELECT sha256, loaded_at FROM dataset_loads') };
    const result = await loadTaxonomy(db, taxonomyFile);
    expect(result.loaded).toBe(false);
    expect(await ids()).toEqual(before.ids);
    expect(await db.dataSource.query('SELECT sha256, loaded_at FROM dataset_loads')).toEqual(before.loads);
  });

  it('updates a changed name but keeps the indicator id that observations reference', async () => {
    const before = await ids();
    const file = variant('renamed.yaml', (t) => {
      t.version = '2026.1-renamed';
      t.indicators.find((i) => i.code === 'staff.employees')!.name_en = 'People employed at the NAV office';
    });
    const result = await loadTaxonomy(db, file);
    expect(result).toMatchObject({ loaded: true, version: '2026.1-renamed', retired: 0 });
    expect(await ids()).toEqual(before);
    const [row] = await db.dataSource.query(`SELECT name_en, taxonomy_version FROM indicators WHERE code = 'staff.employees'`);
    expect(row).toEqual({ name_en: 'People employed at the NAV office', taxonomy_version: '2026.1-renamed' });
  });

  it('keeps an indicator taken out of the file, with its id, and reports it as retired', async () => {
    const before = await ids();
    const file = variant('without-budget.yaml', (t) => {
      t.version = '2026.2';
      t.indicators = t.indicators.filter((i) => i.code !== 'finance.budget_deviation');
    });
    const logger = { info: vi.fn(), warn: vi.fn() };
    const result = await loadTaxonomy(db, file, { logger: logger as unknown as Logger });
    expect(result).toMatchObject({ loaded: true, retired: 1, retiredCodes: ['finance.budget_deviation'] });
    expect(logger.warn).toHaveBeenCalledWith({ retired: ['finance.budget_deviation'] }, expect.stringContaining('retired'));
    expect(await ids()).toEqual(before);
    const [row] = await db.dataSource.query(`SELECT taxonomy_version FROM indicators WHERE code = 'finance.budget_deviation'`);
    // The version of the last file that defined it: how a reader tells a retired indicator from a current one.
    expect(row.taxonomy_version).toBe('2026.1-renamed');
  });

  it('writes nothing for an invalid file', async () => {
    const before = { ids: await ids(), loads: await db.dataSource.query('SELECT sha256, loaded_at FROM dataset_loads') };
    const file = variant('invalid.yaml', (t) => {
      (t.indicators[0] as { direction: string }).direction = 'up';
    });
    await expect(loadTaxonomy(db, file)).rejects.toThrow(
      /invalid\.yaml: indicators\[0\] \(social_assistance\.recipients_monthly_avg\)\.direction: must be one of/,
    );
    expect(await ids()).toEqual(before.ids);
    expect(await db.dataSource.query('SELECT sha256, loaded_at FROM dataset_loads')).toEqual(before.loads);
  });

  it('warns when the file changed but its version did not', async () => {
    const file = variant('same-version.yaml', (t) => {
      t.version = '2026.2';
      t.indicators = t.indicators.filter((i) => i.code !== 'finance.budget_deviation');
      at(t.indicators, 0).description += ' Edited.';
    });
    const logger = { info: vi.fn(), warn: vi.fn() };
    expect((await loadTaxonomy(db, file, { logger: logger as unknown as Logger })).loaded).toBe(true);
    expect(logger.warn).toHaveBeenCalledWith({ version: '2026.2' }, expect.stringContaining('version did not'));
  });

  it('brings a retired indicator back, with its old id, when the file has it again', async () => {
    const before = await ids();
    const result = await loadTaxonomy(db, taxonomyFile);
    expect(result).toMatchObject({ loaded: true, retired: 0 });
    expect(await ids()).toEqual(before);
  });
});
