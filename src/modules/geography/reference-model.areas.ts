import { getOrInsert } from '../../invariant';
import {
  collapse,
  COUNTY_NAMES_NOT_IN_FILES,
  type CountyRow,
  csv,
  FIRST_SNAPSHOT,
  intOrNull,
  LAST_SNAPSHOT,
  type OfficeAreaRow,
  type OfficeRow,
  type PopulationRow,
  ReferenceDataError,
  required,
  KOMMUNER_2018_COLUMNS,
  KOMMUNER_2024_COLUMNS,
  REFERENCE_FILE_NAMES,
  type Row,
  SNAPSHOT_YEARS,
  type UnitRow,
} from './reference-model.shared';

/**
 * The last phases of buildReferenceModel: what hangs on the units. Counties from the codes' first
 * two digits, population rows and Difi's offices of 2014 placed on the unit that held their code
 * in their year.
 */

/** The unit that held a municipality code in a year (reference-model.units.ts). */
export type UnitAt = (code: string, year: number) => UnitRow | undefined;

/** Phase 9: counties and their years; every unit's county must be one of them. */
export function countiesOf(snapshotCodes: Map<number, Set<string>>, k2024: Row<(typeof KOMMUNER_2024_COLUMNS)[number]>[], k2018: Row<(typeof KOMMUNER_2018_COLUMNS)[number]>[], units: UnitRow[]): CountyRow[] {
  const counties = buildCounties(snapshotCodes, k2024, k2018);
  const countyCodes = new Set(counties.map((c) => c.code));
  for (const u of units) {
    if (!countyCodes.has(u.countyCode)) throw new ReferenceDataError(`county ${u.countyCode} of ${u.code} ${u.name} is unknown`);
  }
  return counties;
}

/**
 * Counties and their years, from the county part of the municipality codes in each snapshot:
 * seen in 2013 → in use since before (no start); first seen later → starts that year; not seen in
 * 2024 → ends the year before the next snapshot after its last. Names: 2024 list, else 2018 list,
 * else COUNTY_NAMES_NOT_IN_FILES.
 */
function buildCounties(snapshotCodes: Map<number, Set<string>>, k2024: Row<(typeof KOMMUNER_2024_COLUMNS)[number]>[], k2018: Row<(typeof KOMMUNER_2018_COLUMNS)[number]>[]): CountyRow[] {
  // The short Norwegian name ("Nordland"), as people say it; the official 2024 names add the
  // Sami and Kven names ("Nordland - Nordlánnda"), which the raw SSB files keep.
  const names2024 = new Map(k2024.map((r) => [r.fylkesnummer, collapse(r.fylkesnavn_kort || r.fylkesnavn)]));
  const names2018 = new Map(k2018.map((r) => [r.fylkesnummer, collapse(r.fylkesnavn)]));
  const seen = new Map<string, number[]>();
  for (const year of SNAPSHOT_YEARS) {
    for (const code of snapshotCodes.get(year) ?? []) {
      const county = code.slice(0, 2);
      const years = getOrInsert(seen, county, () => []);
      if (!years.includes(year)) years.push(year);
    }
  }
  const rows: CountyRow[] = [];
  for (const [code, years] of [...seen.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const first = Math.min(...years);
    const last = Math.max(...years);
    const next = SNAPSHOT_YEARS.find((y) => y > last);
    const name = names2024.get(code) ?? names2018.get(code) ?? COUNTY_NAMES_NOT_IN_FILES[code];
    if (!name) throw new ReferenceDataError(`no file names county ${code}`);
    rows.push({
      code,
      name,
      validFromYear: first === FIRST_SNAPSHOT ? null : first,
      validToYear: last === LAST_SNAPSHOT ? null : (next as number) - 1,
    });
  }
  return rows;
}

/** Phase 10: population, the code as published that year → the unit that held it that year. */
export function placePopulations(text: string, unitAt: UnitAt): { populations: PopulationRow[]; unplacedPopulation: string[] } {
  const populations: PopulationRow[] = [];
  const unplacedPopulation: string[] = [];
  const columns = ['kommunenummer', 'aar', 'folkemengde', 'alder_18_24', 'alder_20_66', 'alder_18_66', 'alder_25_66', 'alder_67_pluss'] as const;
  for (const r of csv(text, REFERENCE_FILE_NAMES.population, columns)) {
    const year = Number(r.aar);
    const unit = unitAt(r.kommunenummer, year);
    if (unit === undefined) {
      unplacedPopulation.push(`${r.kommunenummer}@${year}`);
      continue;
    }
    populations.push({
      unit: unit.index,
      year,
      publishedCode: r.kommunenummer,
      basis: 'own_year_borders',
      total: required(intOrNull(r.folkemengde), `population of ${r.kommunenummer} in ${year}`),
      age0To17: null,
      age16To66: null,
      age18To24: intOrNull(r.alder_18_24),
      age20To66: intOrNull(r.alder_20_66),
      age18To66: intOrNull(r.alder_18_66),
      age25To66: intOrNull(r.alder_25_66),
      age67Plus: intOrNull(r.alder_67_pluss),
    });
  }
  return { populations, unplacedPopulation };
}

const OFFICE_YEAR = 2014;

/** Phase 11: NAV offices of 2014 (Difi Etatsbasen), each on the unit its matched code belonged to in 2014. */
export function readDifiOffices(
  text: string,
  unitAt: UnitAt,
  countyCodes: Set<string>,
): { offices: OfficeRow[]; officeAreas: OfficeAreaRow[]; unplacedOfficeAreas: string[] } {
  const offices: OfficeRow[] = [];
  const officeAreas: OfficeAreaRow[] = [];
  const unplacedOfficeAreas: string[] = [];
  const columns = [
    'etatsbasen_id',
    'navn',
    'overordnet_enhet',
    'fylkesnummer_2014',
    'besoksadresse',
    'postnummer',
    'poststed',
    'kommunenummer_gjettet',
    'match_metode',
  ] as const;
  for (const r of csv(text, REFERENCE_FILE_NAMES.difiOffices, columns)) {
    const method = r.match_metode.trim();
    const guessed = r.kommunenummer_gjettet.trim();
    const place = [r.postnummer.trim(), r.poststed.trim()].filter(Boolean).join(' ');
    const address = [r.besoksadresse.trim(), place].filter(Boolean).join(', ');
    // The county of 2014 as Difi states it, else the county part of the matched 2014 code.
    const countyCode = r.fylkesnummer_2014.trim() || (guessed ? guessed.slice(0, 2) : null);
    offices.push({
      code: r.etatsbasen_id.trim(),
      name: collapse(r.navn),
      parentName: collapse(r.overordnet_enhet) || null,
      countyCode: countyCode && countyCodes.has(countyCode) ? countyCode : null,
      address: address || null,
      // `kommunenummer_gjettet` is a name match, not NAV's mapping: the origin keeps how it was matched.
      origin: `difi-2014:${method}`,
      validFromYear: OFFICE_YEAR,
    });
    // Offices for several municipalities or none (regional units, Svalbard) get no area.
    if (method === 'ikke_kommunekontor_eller_flere_kommuner' || !guessed) continue;
    const unit = unitAt(guessed, OFFICE_YEAR);
    if (unit === undefined) {
      unplacedOfficeAreas.push(`${r.etatsbasen_id} ${guessed}`);
      continue;
    }
    officeAreas.push({
      officeCode: r.etatsbasen_id.trim(),
      unit: unit.index,
      // City-district offices (Oslo's 15 bydeler, Bergen, Stavanger, Trondheim) serve one district.
      district: method.startsWith('bydelskontor') ? collapse(r.navn).replace(/^NAV\s+/i, '') : null,
      validFromYear: OFFICE_YEAR,
      // The area cannot outlive the municipality unit it belongs to.
      validToYear: unit.validToYear,
    });
  }
  return { offices, officeAreas, unplacedOfficeAreas };
}
