import { parse } from 'csv-parse/sync';

/** Types, constants and parsing helpers shared by the phases of buildReferenceModel (reference-data-model.ts). */

export const SNAPSHOT_YEARS = [2013, 2017, 2018, 2019, 2020, 2024] as const;
export const WIDE_YEARS = [2013, 2017, 2018, 2019, 2020] as const;
/** SSB's code for "municipality not stated" in the code lists; not a municipality. */
export const UNSTATED_CODE = '9999';
export const FIRST_SNAPSHOT = 2013;
export const LAST_SNAPSHOT = 2024;

/**
 * County names, where no reference file gives one (the files are silent, so these few facts are
 * written here): the Trøndelag counties until 2017 and the merged counties of 2020–2023. Innlandet,
 * Agder and Vestland still exist and take their name from the 2024 list, which wins. The years are
 * derived from the municipality codes all the same (a code's first two digits are its county).
 */
export const COUNTY_NAMES_NOT_IN_FILES: Record<string, string> = {
  '16': 'Sør-Trøndelag',
  '17': 'Nord-Trøndelag',
  '30': 'Viken',
  '34': 'Innlandet',
  '38': 'Vestfold og Telemark',
  '42': 'Agder',
  '46': 'Vestland',
  '54': 'Troms og Finnmark',
};

export interface ReferenceFiles {
  kommuner2024: string;
  kommuner2018: string;
  klass131Long: string;
  transitions2013To2020: string;
  harmonisation: string;
  population: string;
  difiOffices: string;
  /** National files (see national-reference-model.ts): population on 2024 borders and its code table. */
  population2024Borders: string;
  codesTo2024Borders: string;
  kostraGroups2015: string;
  /** NAV's register (NORG): which office served which municipality in March 2020, and its units of April 2025. */
  norgOffices2020: string;
  norgUnits2025: string;
}

/** File names of the inputs, in the order they are hashed. */
export const REFERENCE_FILE_NAMES: Record<keyof ReferenceFiles, string> = {
  kommuner2024: 'kommuner_2024.csv',
  kommuner2018: 'kommuner_2018.csv',
  klass131Long: 'kommuner_ssb_klass131_2013_2020_long.csv',
  transitions2013To2020: 'kommunenummer_overgang_2013_2020_wide.csv',
  harmonisation: 'ssb_kommuner_1994_2024_harmonisering.csv',
  population: 'befolkning_kommune_aldersgrupper_2010_2018.csv',
  difiOffices: 'nav_kontor_2014_difi_etatsbasen.csv',
  population2024Borders: 'national/befolkning_kommune_2005_2026_grenser_2024.csv',
  codesTo2024Borders: 'national/kommunenummer_til_2024_grenser_2005_2026.csv',
  kostraGroups2015: 'national/kostragrupper_2015.csv',
  norgOffices2020: 'nav_kontor_kommune_2020_norg.json',
  norgUnits2025: 'nav_enheter_2025_norg2.json',
};

export interface CountyRow {
  code: string;
  name: string;
  validFromYear: number | null;
  validToYear: number | null;
}

export interface CodeRow {
  code: string;
  name: string;
  validFromYear: number | null;
  validToYear: number | null;
}

export interface UnitRow {
  /** Index into `units`; the database id is assigned at load time. */
  index: number;
  code: string;
  name: string;
  countyCode: string;
  validFromYear: number | null;
  validToYear: number | null;
  /** Oldest first. */
  codes: CodeRow[];
}

export interface SuccessionRow {
  predecessor: number;
  successor: number;
  year: number;
  kind: 'merged' | 'split';
}

export interface PopulationRow {
  unit: number;
  year: number;
  publishedCode: string;
  /** On the borders of its own year (the 2010–2018 file), or on 2024 borders (see national-reference-model.ts). */
  basis: 'own_year_borders' | 'borders_2024';
  total: number;
  age0To17: number | null;
  age16To66: number | null;
  age18To24: number | null;
  age20To66: number | null;
  age18To66: number | null;
  age25To66: number | null;
  age67Plus: number | null;
}

export interface OfficeRow {
  code: string;
  name: string;
  parentName: string | null;
  countyCode: string | null;
  address: string | null;
  origin: string;
  validFromYear: number;
}

export interface OfficeAreaRow {
  officeCode: string;
  unit: number;
  district: string | null;
  validFromYear: number;
  validToYear: number | null;
}

export interface ReferenceModel {
  counties: CountyRow[];
  units: UnitRow[];
  successions: SuccessionRow[];
  populations: PopulationRow[];
  /** Population rows whose code was not in use that year: `code@year`. Expected empty. */
  unplacedPopulation: string[];
  offices: OfficeRow[];
  officeAreas: OfficeAreaRow[];
  /** Office rows with a municipality match whose code was not in use in 2014. Expected empty. */
  unplacedOfficeAreas: string[];
  /** Names repaired where the 2013–2020 export lost a character (`Kárá?johka`). */
  repairedNames: number;
}

export class ReferenceDataError extends Error {
  override name = 'ReferenceDataError';
}

/** A CSV row holding the columns a reader asked for. */
export type Row<K extends string> = Record<K, string>;

/**
 * The rows of a CSV file with a header line. Every column asked for must be in the header: a file
 * whose columns were renamed is refused here, naming the file and the column, instead of being read
 * as empty cells further on. Every row has as many cells as the header (csv-parse checks that).
 */
export function csv<K extends string>(text: string, file: string, columns: readonly K[], delimiter = ','): Row<K>[] {
  const checkHeader = (header: string[]) => {
    const missing = columns.filter((c) => !header.includes(c));
    if (missing.length) throw new ReferenceDataError(`${file} has no column ${missing.join(', ')}`);
    return header;
  };
  return parse<Row<K>>(text, { columns: checkHeader, delimiter, bom: true, skip_empty_lines: true, relax_column_count: false });
}

export const KOMMUNER_2024_COLUMNS = ['kommunenummer', 'kommunenavn', 'fylkesnummer', 'fylkesnavn', 'fylkesnavn_kort'] as const;
export const KOMMUNER_2018_COLUMNS = ['kommunenummer', 'kommunenavn', 'fylkesnummer', 'fylkesnavn'] as const;

export function intOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new ReferenceDataError(`not an integer: "${text}"`);
  return n;
}

/** A harmonisation row: `Halden (-2019)`, `Klæbu (2018-2019)`, `Bodø` (still valid). */
export interface HarmonisationRow {
  group: string;
  /** The code with SSB's disambiguating letter removed (`0716u` → `0716`). */
  code: string;
  rawCode: string;
  name: string;
  start: number | null;
  end: number | null;
}

export function parseHarmonisation(text: string): HarmonisationRow[] {
  const rows: HarmonisationRow[] = [];
  for (const r of csv(text, REFERENCE_FILE_NAMES.harmonisation, ['gruppekode_2024', 'kode', 'tekst'])) {
    // SSB marks an earlier holder of a reused code with a letter (Våle `0716u`, before Re took 0716 in 2002).
    const code = /^(\d{4})[a-z]?$/.exec(r.kode.trim())?.[1];
    if (code === undefined) continue;
    const [, name = r.tekst, start, end] = /^(.*?)\s*\((\d{4})?-(\d{4})\)\s*$/.exec(r.tekst) ?? [];
    rows.push({
      group: r.gruppekode_2024.trim(),
      code,
      rawCode: r.kode.trim(),
      name: collapse(name),
      start: start ? Number(start) : null,
      end: end ? Number(end) : null,
    });
  }
  return rows;
}

export function required<T>(value: T | null, what: string): T {
  if (value === null) throw new ReferenceDataError(`missing ${what}`);
  return value;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The 2013–2020 exports replaced one Sami character by `?` in six names. Where another file
 * spells a name that matches with `?` standing for one character, that spelling wins; the
 * sources are tried in order (2024 Klass list first: the harmonisation workbook writes
 * `Kárásjohka` without the caron).
 */
export function nameRepairer(sources: Iterable<string>[]): (name: string) => { name: string; repaired: boolean } {
  const candidates = sources.map((names) => [...new Set([...names].filter((n) => !n.includes('?')))]);
  const cache = new Map<string, string>();
  return (name) => {
    if (!name.includes('?')) return { name, repaired: false };
    let fixed = cache.get(name);
    if (fixed === undefined) {
      const pattern = new RegExp(`^${name.split('?').map(escapeRegExp).join('.')}$`, 'u');
      fixed = name;
      for (const names of candidates) {
        const [only, ...others] = names.filter((c) => pattern.test(c));
        if (only !== undefined && others.length === 0) {
          fixed = only;
          break;
        }
      }
      cache.set(name, fixed);
    }
    return { name: fixed, repaired: fixed !== name };
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One code as it stood in one snapshot year, or (`pre`) a code that ended before 2013. */
export interface Instance {
  key: string;
  code: string;
  /** Snapshot year, or the last year of a pre-2013 code: orders the instances of a unit. */
  order: number;
  snapshot: number | null;
  name: string;
  /** Validity start stated by SSB for this code and name, if any. */
  statedStart: number | null;
  countyCode?: string;
}

/** A code of one snapshot continuing as a code of the next. */
export interface Edge {
  from: string;
  to: string;
  /** First year of the successor code. */
  year: number;
  notes: Set<string>;
  /** The successor already existed and absorbed the predecessor: always a change of units. */
  absorbed?: boolean;
}
