import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNationalModel, type NationalModel } from '../../src/modules/geography/national-reference-model';
import { defaultReferenceDataDir } from '../../src/modules/geography/reference-data';
import { buildReferenceModel, REFERENCE_FILE_NAMES, type ReferenceFiles } from '../../src/modules/geography/reference-data-model';

// The pure model, on the real files and on copies changed in one place (the changes are test data).
let files: ReferenceFiles;
let model: NationalModel;

beforeAll(() => {
  const dir = defaultReferenceDataDir();
  files = {} as ReferenceFiles;
  for (const [key, file] of Object.entries(REFERENCE_FILE_NAMES) as [keyof ReferenceFiles, string][]) {
    files[key] = readFileSync(path.join(dir, file), 'utf8');
  }
  model = build(files);
});

function build(input: ReferenceFiles): NationalModel {
  return buildNationalModel(buildReferenceModel(input), input);
}

function unitOf(m: NationalModel, code: string, validToYear: number | null = null): number {
  const unit = m.units.find((u) => u.code === code && u.validToYear === validToYear);
  if (!unit) throw new Error(`no unit ${code}:${validToYear}`);
  return unit.index;
}

const years = (m: NationalModel, unit: number, basis: string) =>
  m.populations.filter((p) => p.unit === unit && p.basis === basis).map((p) => p.year).sort((a, b) => a - b);

describe('which municipalities count as unchanged since a year', () => {
  it('ignores only the 2024 codes that csdata also lists under 2023', () => {
    expect(model.ignoredBorderCodes.length).toBe(115);
    expect(model.ignoredBorderCodes.every((c) => c.endsWith('@2023'))).toBe(true);
    expect(model.ignoredBorderCodes).toContain('3101@2023');
  });

  it('needs the same unit, not only a one-to-one code: a Stavanger of 2019 mapped alone to 1103 still gets nothing', () => {
    // Test data: the 2019 rows of Finnøy (1141) and Rennesøy (1142) removed, so that 1103 maps alone with weight 1.
    const changed = { ...files, codesTo2024Borders: files.codesTo2024Borders.replace(/^2019,114[12],1103,1\r?\n/gm, '') };
    expect(changed.codesTo2024Borders).not.toBe(files.codesTo2024Borders);
    const m = build(changed);
    expect(years(m, unitOf(m, '1103', 2019), 'borders_2024')).toEqual([]);
    // The Stavanger formed in 2020 is unchanged from 2020.
    expect(years(m, unitOf(m, '1103'), 'borders_2024')).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('needs weight 1 and one target: a code split between two 2024 municipalities is not unchanged', () => {
    // Test data: Halden 2019 given half to 3101 and half to 3103.
    const changed = { ...files, codesTo2024Borders: files.codesTo2024Borders.replace(/^2019,0101,3101,1$/m, '2019,0101,3101,0.5\n2019,0101,3103,0.5') };
    const m = build(changed);
    expect(years(m, unitOf(m, '3101'), 'borders_2024')).toEqual([2005, 2006, 2007, 2008, 2009, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(years(model, unitOf(model, '3101'), 'borders_2024')).toContain(2019);
  });

  it('leaves 2010–2018 to the own-year figures and fills the years around them', () => {
    expect(years(model, unitOf(model, '1804'), 'own_year_borders')).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018]);
    expect(years(model, unitOf(model, '1804'), 'borders_2024')).toEqual([2005, 2006, 2007, 2008, 2009, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });
});

describe('matching 2020 offices to Difi offices by name', () => {
  it('matches NAV Bodø to Difi 24837 and gives it NAV number 1804', () => {
    expect(model.offices.find((o) => o.code === '24837')).toMatchObject({ name: 'NAV Bodø', norgCode: '1804', validToYear: null });
  });

  it('matches only a unique name: with two Difi offices named NAV Bodø, NAV Bodø of 2020 is a new office', () => {
    // Test data: a second Difi row with the name "Nav  bodø" (other case, double space).
    const extra = '99999,Nav  bodø,,,NAV Nordland,18,,,,,,ikke_kommunekontor_eller_flere_kommuner\r\n';
    expect(files.difiOffices.endsWith('\r\n')).toBe(true);
    const m = build({ ...files, difiOffices: files.difiOffices + extra });
    expect(m.offices.find((o) => o.code === '24837')).toMatchObject({ norgCode: null, validToYear: 2019 });
    expect(m.offices.find((o) => o.code === '1804')).toMatchObject({ name: 'NAV Bodø', origin: 'norg-2020', norgCode: '1804', validFromYear: 2020 });
  });

  it('ends Difi areas at 2019 at the latest, and starts NAV areas in 2020', () => {
    expect(Math.max(...model.officeAreas.filter((a) => a.validFromYear === 2014).map((a) => a.validToYear ?? Infinity))).toBe(2019);
    expect(new Set(model.officeAreas.filter((a) => a.validFromYear !== 2014).map((a) => a.validFromYear))).toEqual(new Set([2020]));
  });

  it('renames only on a real change of name, not on NAV becoming Nav', () => {
    expect(model.offices.find((o) => o.norgCode === '1804')?.formerNames).toEqual([]);
    expect(model.offices.find((o) => o.norgCode === '1202')).toMatchObject({ name: 'Nav Bergen sør', formerNames: ['NAV Fana'] });
    expect(model.norg).toEqual({ offices: 309, matchedToDifi: 250, created: 59, ended: 62, renamed: 35 });
  });
});

describe('a reference file whose columns were renamed', () => {
  it.each([
    ['kommuner2024', 'kommunenavn'],
    ['kommuner2018', 'fylkesnavn'],
    ['klass131Long', 'aar'],
    ['transitions2013To2020', 'endringsmerknad_17_18'],
    ['harmonisation', 'tekst'],
    ['population', 'folkemengde'],
    ['difiOffices', 'match_metode'],
  ] as [keyof ReferenceFiles, string][])('is refused, naming the file and the column: %s without %s', (key, column) => {
    const [header = '', ...rest] = files[key].split('\n');
    const renamed = header.replace(new RegExp(`\\b${column}\\b`), `${column}_renamed`);
    expect(renamed).not.toBe(header);
    expect(() => buildReferenceModel({ ...files, [key]: [renamed, ...rest].join('\n') })).toThrow(`${REFERENCE_FILE_NAMES[key]} has no column ${column}`);
  });
});
