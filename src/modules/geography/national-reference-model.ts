import { getOrInsert, present } from '../../invariant';
import { z } from 'zod';
import {
  collapse,
  intOrNull,
  ReferenceDataError,
  type OfficeAreaRow,
  type OfficeRow,
  type PopulationRow,
  type ReferenceFiles,
  type ReferenceModel,
  type UnitRow,
} from './reference-data-model';

/**
 * Pure derivation of what the national files add to the reference geography (no database here):
 * population on 2024 borders, SSB's KOSTRA groups of 2015, and NAV's own office register (NORG)
 * of 2020, ended and renamed by NAV's units of 2025. It runs on the model of
 * reference-data-model.ts, whose units and code history say which unit held a code in a year.
 */

/** Years of population on 2024 borders the hub loads (the code table runs to 2034; the figures to 2026). */
export const BORDERS_2024_FIRST_YEAR = 2005;
export const BORDERS_2024_LAST_YEAR = 2026;
const BORDERS_YEAR = 2024;

/** The peer-group scheme of `kostragrupper_2015.csv`: its codes are read as codes of 2015. */
export const KOSTRA_SCHEME = 'kostra-2015';
const KOSTRA_YEAR = 2015;

/** NAV's register of March 2020 replaces Difi's register of 2014 from this year on. */
const NORG_YEAR = 2020;
const LAST_DIFI_YEAR = NORG_YEAR - 1;
export const NORG_ORIGIN = 'norg-2020';

/**
 * City districts of the four cities with district offices, by the 6-digit district code NAV's
 * register uses (`geografiskTilknytning`), named as in SSB's classification of city districts.
 * The register gives only the code; the names are those the Difi register of 2014 uses for the
 * same offices ("Gamle Oslo"), and where one office serves two districts (NAV Hundvåg og Storhaug)
 * each district keeps its own name. Oslo's Marka (030117) has no office in the register.
 */
const CITY_DISTRICTS: Record<string, string> = {
  '030101': 'Gamle Oslo',
  '030102': 'Grünerløkka',
  '030103': 'Sagene',
  '030104': 'St. Hanshaugen',
  '030105': 'Frogner',
  '030106': 'Ullern',
  '030107': 'Vestre Aker',
  '030108': 'Nordre Aker',
  '030109': 'Bjerke',
  '030110': 'Grorud',
  '030111': 'Stovner',
  '030112': 'Alna',
  '030113': 'Østensjø',
  '030114': 'Nordstrand',
  '030115': 'Søndre Nordstrand',
  '030116': 'Sentrum',
  '110301': 'Hundvåg',
  '110302': 'Tasta',
  '110303': 'Eiganes og Våland',
  '110304': 'Madla',
  '110305': 'Storhaug',
  '110306': 'Hillevåg',
  '110307': 'Hinna',
  '110308': 'Rennesøy',
  '110309': 'Finnøy',
  '460101': 'Arna',
  '460102': 'Bergenhus',
  '460103': 'Fana',
  '460104': 'Fyllingsdalen',
  '460105': 'Laksevåg',
  '460106': 'Ytrebygda',
  '460107': 'Årstad',
  '460108': 'Åsane',
  '500101': 'Midtbyen',
  '500102': 'Østbyen',
  '500103': 'Lerkendal',
  '500104': 'Heimdal',
};

export interface NationalOfficeRow extends OfficeRow {
  /** NAV's unit number (enhetsnummer), where NAV's 2020 register has the office. */
  norgCode: string | null;
  validToYear: number | null;
  /**
   * A Difi office that NAV's 2020 register does not name (by a unique name match): it ends in
   * 2019, unless published figures point at it; then no register says it closed, so it stays
   * open (its areas of 2014 still end in 2019). Decided at load time, in SQL.
   */
  openIfFigures: boolean;
  /** Names the office had before its current one, oldest first. */
  formerNames: string[];
}

export interface PeerGroupRow {
  unit: number;
  scheme: string;
  groupCode: string;
  /** The municipality code as the group list published it (a code of 2015). */
  publishedCode: string;
  /** The population the group list gives, as published. */
  population: number | null;
}

export interface NationalModel extends Omit<ReferenceModel, 'offices'> {
  offices: NationalOfficeRow[];
  peerGroups: PeerGroupRow[];
  /** Rows of the 2024 code table (`code@year`) whose code no unit held that year: csdata lists the 2024 codes under 2023 as well. */
  ignoredBorderCodes: string[];
  /** Group-list rows without a group or a municipality of 2015 (Longyearbyen). */
  unplacedPeerGroups: string[];
  /** Rows of NAV's 2020 register not about a municipality of 2020 (NAV Oslo, the whole-city unit 0300). */
  skippedNorgRows: string[];
  norg: { offices: number; matchedToDifi: number; created: number; ended: number; renamed: number };
}

type Lookup = (code: string, year: number) => number | undefined;

/**
 * The national CSV files are plain (no quoting, no commas inside fields) and long (20,000 rows);
 * a split is several times faster than the general parser, which keeps the first start fast.
 * Anything else, a quote or a ragged row, fails the load rather than being misread.
 */
function plainCsv<K extends string>(text: string, file: string, columns: readonly K[]): Record<K, string>[] {
  const [headerLine = '', ...body] = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = headerLine.split(',');
  const places = columns.map((column) => ({ column, at: header.indexOf(column) }));
  const missing = places.filter((p) => p.at < 0).map((p) => p.column);
  if (missing.length) throw new ReferenceDataError(`${file} has no column ${missing.join(', ')}`);
  const rows: Record<K, string>[] = [];
  for (const [i, line] of body.entries()) {
    if (line === '') continue;
    const cells = line.split(',');
    if (cells.length !== header.length || line.includes('"')) throw new ReferenceDataError(`${file} line ${i + 2} is not a plain CSV row`);
    const row = {} as Record<K, string>;
    // Every column was found in the header and the row has as many cells: each cell is there.
    for (const { column, at } of places) row[column] = cells[at] ?? '';
    rows.push(row);
  }
  return rows;
}

/** The unit that held `code` in `year`, from the units' code rows. */
function unitLookup(units: UnitRow[]): Lookup {
  const byCode = new Map<string, { unit: number; from: number; to: number }[]>();
  for (const u of units) {
    for (const c of u.codes) {
      const list = getOrInsert(byCode, c.code, () => []);
      list.push({ unit: u.index, from: c.validFromYear ?? -Infinity, to: c.validToYear ?? Infinity });
    }
  }
  return (code, year) => byCode.get(code)?.find((c) => c.from <= year && year <= c.to)?.unit;
}

export function buildNationalModel(base: ReferenceModel, files: ReferenceFiles): NationalModel {
  const unitAt = unitLookup(base.units);
  const borders = populationOn2024Borders(files, base.populations, unitAt);
  const groups = kostraGroups(files, unitAt);
  const norg = norgOffices(files, base, unitAt);
  return {
    ...base,
    populations: [...base.populations, ...borders.rows],
    offices: norg.offices,
    officeAreas: norg.areas,
    peerGroups: groups.rows,
    ignoredBorderCodes: borders.ignored,
    unplacedPeerGroups: groups.unplaced,
    skippedNorgRows: norg.skipped,
    norg: norg.counts,
  };
}

/**
 * Population on 2024 borders, for the years a unit has no population on its own year's borders,
 * and only where the unit's borders did not change between that year and 2024. "Unchanged since
 * year Y" is read from the data: in the code table for Y exactly one code maps to the 2024 code,
 * with weight 1, and maps nowhere else; and the unit that held that code in Y is the unit that
 * holds the 2024 code in 2024 (renumbering keeps a unit; a merger or split does not). Bodø gets
 * 2005 on: Skjerstad was merged into it on 1 January 2005, so 2005 already counts it. Stavanger
 * 1103 gets nothing before 2020: the Stavanger of 2019 is another unit, and 1141 and 1142 map to
 * 1103 too. The figure is the 2024 area's; for an unchanged unit that is the unit's own.
 */
function populationOn2024Borders(files: ReferenceFiles, ownYear: PopulationRow[], unitAt: Lookup) {
  const ignored: string[] = [];
  const toTarget = new Map<string, { code: string; weight: number }[]>();
  const targetsOf = new Map<string, number>();
  for (const r of plainCsv(files.codesTo2024Borders, 'kommunenummer_til_2024_grenser_2005_2026.csv', ['calyear', 'kommunenummer_original', 'kommunenummer_b2024', 'weighting'])) {
    const year = Number(r.calyear);
    if (!(year >= BORDERS_2024_FIRST_YEAR && year <= BORDERS_2024_LAST_YEAR)) continue;
    const code = r.kommunenummer_original.trim();
    // csdata lists 2024's new codes under 2023 as well (3101 beside 3001); no unit held them then.
    if (unitAt(code, year) === undefined) {
      ignored.push(`${code}@${year}`);
      continue;
    }
    const weight = Number(r.weighting);
    if (!Number.isFinite(weight)) throw new ReferenceDataError(`weight "${r.weighting}" of ${code} in ${year} is not a number`);
    const key = `${year}:${r.kommunenummer_b2024.trim()}`;
    getOrInsert(toTarget, key, () => []).push({ code, weight });
    targetsOf.set(`${year}:${code}`, (targetsOf.get(`${year}:${code}`) ?? 0) + 1);
  }
  const unchangedSince = (code2024: string, year: number, unit: number): boolean => {
    const [only, ...more] = toTarget.get(`${year}:${code2024}`) ?? [];
    if (!only || more.length) return false;
    return only.weight === 1 && targetsOf.get(`${year}:${only.code}`) === 1 && unitAt(only.code, year) === unit;
  };

  const own = new Set(ownYear.map((p) => `${p.unit}:${p.year}`));
  const rows: PopulationRow[] = [];
  const populationColumns = ['kommunenummer', 'calyear', 'pop_total', 'pop_0_17', 'pop_18_24', 'pop_18_66', 'pop_20_66', 'pop_16_66', 'pop_67plus', 'imputed'] as const;
  for (const r of plainCsv(files.population2024Borders, 'befolkning_kommune_2005_2026_grenser_2024.csv', populationColumns)) {
    const year = Number(r.calyear);
    if (!(year >= BORDERS_2024_FIRST_YEAR && year <= BORDERS_2024_LAST_YEAR)) continue;
    const code = r.kommunenummer.trim();
    const unit = unitAt(code, BORDERS_YEAR);
    if (unit === undefined) throw new ReferenceDataError(`population on 2024 borders for ${code}, which is no municipality of 2024`);
    // csdata fills gaps by imputation and says so; an imputed count is not SSB's figure.
    if (r.imputed.trim().toUpperCase() !== 'FALSE') continue;
    if (own.has(`${unit}:${year}`) || !unchangedSince(code, year, unit)) continue;
    const age18To66 = intOrNull(r.pop_18_66);
    const age18To24 = intOrNull(r.pop_18_24);
    rows.push({
      unit,
      year,
      // The figures are published under the 2024 code, whatever code the unit had that year.
      publishedCode: code,
      basis: 'borders_2024',
      total: requiredInt(r.pop_total, `population of ${code} in ${year}`),
      age0To17: intOrNull(r.pop_0_17),
      age16To66: intOrNull(r.pop_16_66),
      age18To24,
      age20To66: intOrNull(r.pop_20_66),
      age18To66,
      // 25–66 is exactly 18–66 without 18–24; the file has both.
      age25To66: age18To66 !== null && age18To24 !== null ? age18To66 - age18To24 : null,
      age67Plus: intOrNull(r.pop_67plus),
    });
  }
  return { rows, ignored };
}

function requiredInt(text: string | undefined, what: string): number {
  const n = intOrNull(text);
  if (n === null) throw new ReferenceDataError(`missing ${what}`);
  return n;
}

/** SSB's KOSTRA groups of 2015 (the new grouping), on the unit that held each code in 2015. */
function kostraGroups(files: ReferenceFiles, unitAt: Lookup) {
  const rows: PeerGroupRow[] = [];
  const unplaced: string[] = [];
  const seen = new Set<number>();
  for (const r of plainCsv(files.kostraGroups2015, 'kostragrupper_2015.csv', ['kommunenummer', 'region', 'folkemengde', 'ny_kostragruppe'])) {
    const code = r.kommunenummer.trim();
    const group = r.ny_kostragruppe.trim();
    const unit = unitAt(code, KOSTRA_YEAR);
    if (!group || unit === undefined) {
      unplaced.push(`${collapse(r.region)}${group ? '' : ' (no group)'}`);
      continue;
    }
    if (seen.has(unit)) throw new ReferenceDataError(`two KOSTRA groups for the unit of ${code} in ${KOSTRA_YEAR}`);
    seen.add(unit);
    rows.push({ unit, scheme: KOSTRA_SCHEME, groupCode: group, publishedCode: code, population: intOrNull(r.folkemengde) });
  }
  return { rows, unplaced };
}

const Norg2020 = z.object({
  navenheter: z.array(
    z.object({
      kommunenummer: z.string().regex(/^\d{4}$/),
      kommunenavn: z.string(),
      geografiskTilknytning: z.string().regex(/^\d{4}(\d{2})?$/),
      enhetsnummer: z.string().regex(/^\d{4}$/),
      enhetsnavn: z.string().min(1),
    }),
  ),
});

const Norg2025 = z.array(
  z.object({
    enhetNr: z.string().min(1),
    navn: z.string().min(1),
    status: z.string(),
    type: z.string().nullable(),
  }),
);

function parseJson<T>(schema: z.ZodType<T>, text: string, file: string): T {
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ReferenceDataError(`${file} is not as expected: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Office names compare without case, without the "NAV "/"Nav " prefix and with single spaces. */
export function normaliseOfficeName(name: string): string {
  return collapse(name).replace(/^nav\s+/i, '').toLowerCase();
}

/**
 * Offices and their areas: Difi's register of 2014 up to 2019, NAV's register of March 2020 from
 * 2020 on.
 *  - A 2020 office is the Difi office of the same name (normalised) when exactly one Difi office
 *    has that name and no other 2020 office shares it; it keeps its Difi code (figures and
 *    imports use it) and gets its NAV number. Otherwise it is a new office, code = NAV number.
 *  - Difi areas end in 2019 (earlier where the municipality ended); NAV's start in 2020.
 *  - NAV's units of April 2025 only end or rename: an office of 2020 that is not an active local
 *    office in 2025 is known to have existed in March 2020 and to be gone by April 2025; the year
 *    between is unknown, so it and its areas end with 2020, the last year known. An active office
 *    whose name changed takes the 2025 name and keeps the old in `formerNames`. What a new 2025
 *    office serves is never guessed: municipalities whose office ended have no office after 2020.
 */
function norgOffices(files: ReferenceFiles, base: ReferenceModel, unitAt: Lookup) {
  const rows2020 = parseJson(Norg2020, files.norgOffices2020, 'nav_kontor_kommune_2020_norg.json').navenheter;
  const units2025 = new Map(parseJson(Norg2025, files.norgUnits2025, 'nav_enheter_2025_norg2.json').map((u) => [u.enhetNr, u]));

  const skipped: string[] = [];
  const byNumber = new Map<string, { name: string; rows: { unit: number; district: string | null }[] }>();
  for (const r of rows2020) {
    const unit = unitAt(r.kommunenummer, NORG_YEAR);
    if (unit === undefined) {
      skipped.push(`${r.enhetsnummer} ${r.enhetsnavn} (${r.geografiskTilknytning})`);
      continue;
    }
    let district: string | null = null;
    if (r.geografiskTilknytning.length === 6) {
      district = CITY_DISTRICTS[r.geografiskTilknytning] ?? null;
      if (!district || !r.geografiskTilknytning.startsWith(r.kommunenummer)) {
        throw new ReferenceDataError(`no name for city district ${r.geografiskTilknytning} of ${r.kommunenummer}`);
      }
    }
    const office = getOrInsert(byNumber, r.enhetsnummer, () => ({ name: collapse(r.enhetsnavn), rows: [] }));
    if (office.name !== collapse(r.enhetsnavn)) throw new ReferenceDataError(`NAV office ${r.enhetsnummer} has two names in 2020`);
    office.rows.push({ unit, district });
  }

  const difiByName = new Map<string, OfficeRow[]>();
  for (const o of base.offices) {
    const k = normaliseOfficeName(o.name);
    getOrInsert(difiByName, k, () => []).push(o);
  }
  const norgByName = new Map<string, number>();
  for (const o of byNumber.values()) norgByName.set(normaliseOfficeName(o.name), (norgByName.get(normaliseOfficeName(o.name)) ?? 0) + 1);
  const difiCodes = new Set(base.offices.map((o) => o.code));

  const offices = new Map<string, NationalOfficeRow>(
    base.offices.map((o) => [o.code, { ...o, norgCode: null, validToYear: LAST_DIFI_YEAR, openIfFigures: true, formerNames: [] }]),
  );
  const areas: OfficeAreaRow[] = base.officeAreas.map((a) => ({
    ...a,
    validToYear: Math.min(a.validToYear ?? Infinity, LAST_DIFI_YEAR),
  }));
  const counts = { offices: byNumber.size, matchedToDifi: 0, created: 0, ended: 0, renamed: 0 };
  const areaKeys = new Set<string>();

  for (const [number, norg] of [...byNumber.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const key = normaliseOfficeName(norg.name);
    const difi = difiByName.get(key);
    const match = difi?.length === 1 && norgByName.get(key) === 1 ? difi[0] : undefined;
    const later = units2025.get(number);
    const active = later?.status === 'Aktiv' && later.type === 'LOKAL';
    const renamed = active && normaliseOfficeName(later.navn) !== key;
    const name = renamed ? collapse(later.navn) : match ? match.name : norg.name;
    const formerNames = renamed
      ? [...new Map([match?.name, norg.name].filter((n): n is string => !!n).map((n) => [normaliseOfficeName(n), n])).values()]
      : [];
    const validToYear = active ? null : NORG_YEAR;
    if (!active) counts.ended++;
    if (renamed) counts.renamed++;

    let code: string;
    if (match) {
      counts.matchedToDifi++;
      code = match.code;
      offices.set(code, { ...present(offices.get(code), `Difi office ${code}`), name, norgCode: number, validToYear, openIfFigures: false, formerNames });
    } else {
      counts.created++;
      if (difiCodes.has(number)) throw new ReferenceDataError(`NAV number ${number} is also a Difi office id`);
      code = number;
      offices.set(code, {
        code,
        name,
        parentName: null,
        // The county of the first municipality it serves, as that municipality is (or was last) placed.
        countyCode: unitRow(base, firstServed(norg.rows, number).unit).countyCode,
        address: null,
        origin: NORG_ORIGIN,
        validFromYear: NORG_YEAR,
        norgCode: number,
        validToYear,
        openIfFigures: false,
        formerNames,
      });
    }
    for (const r of norg.rows) {
      const k = `${code}|${r.unit}|${r.district ?? ''}`;
      if (areaKeys.has(k)) continue;
      areaKeys.add(k);
      areas.push({
        officeCode: code,
        unit: r.unit,
        district: r.district,
        validFromYear: NORG_YEAR,
        validToYear: validToYear ?? unitRow(base, r.unit).validToYear,
      });
    }
  }
  return { offices: [...offices.values()], areas, skipped, counts };
}

/** The unit of an index the model handed out itself. */
function unitRow(model: ReferenceModel, index: number): UnitRow {
  const unit = model.units[index];
  if (!unit) throw new ReferenceDataError(`no unit ${index} in the model`);
  return unit;
}

/** The first municipality an office of NAV's register serves; an office that serves none has no place. */
function firstServed<T>(rows: readonly T[], officeNumber: string): T {
  const [first] = rows;
  if (first === undefined) throw new ReferenceDataError(`NAV office ${officeNumber} serves no municipality`);
  return first;
}
