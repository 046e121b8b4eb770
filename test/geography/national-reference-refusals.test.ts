import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNationalModel, KOSTRA_SCHEME, type NationalModel } from '../../src/modules/geography/national-reference-model';
import { defaultReferenceDataDir } from '../../src/modules/geography/reference-data';
import { buildReferenceModel, REFERENCE_FILE_NAMES, ReferenceDataError, type ReferenceFiles } from '../../src/modules/geography/reference-data-model';
import { defined } from '../support/indexed';

/**
 * What the national files may not say: each test changes one place in a copy of the real files
 * (the changes are test data) and expects the load refused with a message that names the file,
 * the row or the code to look at; or, for a row the hub must leave out, the row left out.
 */
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

/** The real files with `key` changed by `edit`; fails when the edit changed nothing. */
function changed(key: keyof ReferenceFiles, edit: (text: string) => string): ReferenceFiles {
  const text = edit(files[key]);
  expect(text, `the edit of ${key} should change it`).not.toBe(files[key]);
  return { ...files, [key]: text };
}

function refusal(input: ReferenceFiles): string {
  try {
    build(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ReferenceDataError);
    return (error as Error).message;
  }
  throw new Error('expected the national files to be refused');
}

interface Norg2020Row {
  kommunenummer: string;
  kommunenavn: string;
  geografiskTilknytning: string;
  enhetsnummer: string;
  enhetsnavn: string;
}

/** The real NAV register of 2020 with its rows changed by `edit`. */
function norg2020(edit: (rows: Norg2020Row[]) => Norg2020Row[]): ReferenceFiles {
  const parsed = JSON.parse(files.norgOffices2020) as { navenheter: Norg2020Row[] };
  return { ...files, norgOffices2020: JSON.stringify({ navenheter: edit(parsed.navenheter) }) };
}

function unitOf(m: NationalModel, code: string): number {
  return defined(m.units.find((u) => u.code === code && u.validToYear === null), `the current unit of ${code}`).index;
}

const bordersYears = (m: NationalModel, code: string) =>
  m.populations.filter((p) => p.unit === unitOf(m, code) && p.basis === 'borders_2024').map((p) => p.year);

const bodo2019 = (m: NationalModel) =>
  defined(m.populations.find((p) => p.unit === unitOf(m, '1804') && p.year === 2019 && p.basis === 'borders_2024'), "Bodø's population of 2019 on 2024 borders");

describe('the plain CSV files of the national series', () => {
  it('are refused when a column the hub reads was renamed, naming the file and the column', () => {
    const input = changed('kostraGroups2015', (t) => t.replace('ny_kostragruppe', 'ny_gruppe'));
    expect(refusal(input)).toBe('kostragrupper_2015.csv has no column ny_kostragruppe');
  });

  it('are refused at a quoted field rather than misread, naming the line', () => {
    const input = changed('kostraGroups2015', (t) => t.replace('0104,0104 Moss,', '0104,"0104 Moss",'));
    expect(refusal(input)).toBe('kostragrupper_2015.csv line 3 is not a plain CSV row');
  });

  it('are refused at a row with a cell too many, naming the line', () => {
    const input = changed('codesTo2024Borders', (t) => t.replace('\n2005,0104,3103,1\n', '\n2005,0104,3103,1,1\n'));
    expect(refusal(input)).toBe('kommunenummer_til_2024_grenser_2005_2026.csv line 3 is not a plain CSV row');
  });
});

describe('the code table to 2024 borders', () => {
  it('is refused where a weight is not a number, naming the code and the year', () => {
    const input = changed('codesTo2024Borders', (t) => t.replace('\n2005,0101,3101,1\n', '\n2005,0101,3101,en\n'));
    expect(refusal(input)).toBe('weight "en" of 0101 in 2005 is not a number');
  });
});

describe('population on 2024 borders', () => {
  it('is refused for a code that is no municipality of 2024, naming the code', () => {
    const input = changed('population2024Borders', (t) => `${t.trimEnd()}\n9999,Testkommune 9,2019,100,20,10,60,55,65,20,FALSE\n`);
    expect(refusal(input)).toBe('population on 2024 borders for 9999, which is no municipality of 2024');
  });

  it('is refused where the total is missing, naming the code and the year', () => {
    const input = changed('population2024Borders', (t) => t.replace(/^1804,Bodø,2019,\d+,/m, '1804,Bodø,2019,,'));
    expect(refusal(input)).toBe('missing population of 1804 in 2019');
  });

  it('leaves out a count csdata imputed: it is not SSB’s figure', () => {
    expect(bordersYears(model, '1804')).toContain(2019);
    const input = changed('population2024Borders', (t) => t.replace(/^(1804,Bodø,2019,.*),FALSE$/m, '$1,TRUE'));
    expect(bordersYears(build(input), '1804')).not.toContain(2019);
  });

  it('leaves out years outside 2005–2026', () => {
    const input = changed('population2024Borders', (t) => t.replace(/^1804,Bodø,2019,/m, '1804,Bodø,2004,'));
    const years = bordersYears(build(input), '1804');
    expect(years).not.toContain(2004);
    expect(years).not.toContain(2019);
    expect(years).toContain(2020);
  });

  it('has no 25–66 count where 18–24 is missing, and keeps the counts that are there', () => {
    const before = bodo2019(model);
    expect(before.age25To66).toBe(defined(before.age18To66 ?? undefined, '18–66') - defined(before.age18To24 ?? undefined, '18–24'));
    const input = changed('population2024Borders', (t) => t.replace(/^(1804,Bodø,2019,\d+,\d+),\d+,/m, '$1,,'));
    const after = bodo2019(build(input));
    expect(after).toMatchObject({ total: before.total, age18To66: before.age18To66, age18To24: null, age25To66: null });
  });
});

describe("SSB's KOSTRA groups of 2015", () => {
  const groupOf = (m: NationalModel, code: string) => m.peerGroups.find((g) => g.scheme === KOSTRA_SCHEME && g.publishedCode === code);

  it('places Bodø in group 13 with the population the list gives', () => {
    expect(groupOf(model, '1804')).toMatchObject({ groupCode: '13', population: 50488 });
  });

  it('leave a municipality without a group unplaced, saying so', () => {
    const m = build(changed('kostraGroups2015', (t) => t.replace('\n1804,1804 Bodø,50488,13,', '\n1804,1804 Bodø,50488,,')));
    expect(groupOf(m, '1804')).toBeUndefined();
    expect(m.unplacedPeerGroups).toContain('1804 Bodø (no group)');
  });

  it('are refused when one municipality has two groups, naming the code', () => {
    const input = changed('kostraGroups2015', (t) => t.replace('\n1804,1804 Bodø,50488,13,13\n', '\n1804,1804 Bodø,50488,13,13\n1804,1804 Bodø,50488,12,12\n'));
    expect(refusal(input)).toBe('two KOSTRA groups for the unit of 1804 in 2015');
  });
});

describe("NAV's register of 2020", () => {
  it('is refused when a row is not as expected, naming the file, the row and the field', () => {
    const input = norg2020((rows) => rows.map((r) => (r.enhetsnummer === '1804' ? { ...r, enhetsnummer: '18O4' } : r)));
    expect(refusal(input)).toMatch(/^nav_kontor_kommune_2020_norg\.json is not as expected: navenheter\.\d+\.enhetsnummer: /);
  });

  it('is refused at a city district it has no name for, naming the district and the municipality', () => {
    // Oslo's Marka (030117) has no office in the register; a row for it would need a name.
    const input = norg2020((rows) => [...rows, { kommunenummer: '0301', kommunenavn: 'Oslo', geografiskTilknytning: '030117', enhetsnummer: '0316', enhetsnavn: 'NAV Gamle Oslo' }]);
    expect(refusal(input)).toBe('no name for city district 030117 of 0301');
  });

  it('is refused at a city district of another municipality', () => {
    const input = norg2020((rows) => [...rows, { kommunenummer: '1804', kommunenavn: 'Bodø', geografiskTilknytning: '030101', enhetsnummer: '1804', enhetsnavn: 'NAV Bodø' }]);
    expect(refusal(input)).toBe('no name for city district 030101 of 1804');
  });

  it('is refused when one office number has two names', () => {
    const input = norg2020((rows) => rows.map((r) => (r.geografiskTilknytning === '110305' ? { ...r, enhetsnavn: 'NAV Storhaug' } : r)));
    expect(refusal(input)).toBe('NAV office 1162 has two names in 2020');
  });

  it('is refused when an office it adds would take the code of a Difi office', () => {
    // Test data: a Difi office "1804" named like NAV Bodø, so that NAV Bodø of 2020 matches no single Difi office.
    const extra = '1804,Nav  bodø,,,NAV Nordland,18,,,,,,ikke_kommunekontor_eller_flere_kommuner\r\n';
    expect(files.difiOffices.endsWith('\r\n')).toBe(true);
    expect(refusal({ ...files, difiOffices: files.difiOffices + extra })).toBe('NAV number 1804 is also a Difi office id');
  });
});
