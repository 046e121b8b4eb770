import { parse } from 'csv-parse/sync';

/**
 * Pure derivation of the geography tables from the reference files (no database here), so that
 * the identity rules can be read, tested and changed in one place.
 *
 * Identity rules (the schema's, made explicit):
 *  1. A municipality is a *unit over time*. Between two consecutive lists of codes, a code that
 *     continues to exactly one code which has no other predecessor is the SAME unit: unchanged
 *     (`uendret`) or only renumbered (`kun endret nummer`), e.g. Halden 0101 → 3001 → 3101.
 *  2. Anything else is a change of units: when several codes become one (`slått sammen`), all of
 *     them end and the result is a NEW unit, even when it keeps one predecessor's code and name
 *     (Trondheim 5001 in 2020, Stavanger 1103 in 2020). When one code goes to several (`splittet`,
 *     Snillfjord 2020, Ålesund/Haram 2024) the old unit ends and every part is a new unit.
 *     Each predecessor → successor pair is a succession: kind `split` when the predecessor went
 *     to several successors, `merged` otherwise, year = the first year of the successor.
 *  3. Renumbering keeps the unit, so no `renumbered` successions; the codes are history rows.
 *  The rule is structural (fan-in/fan-out of the code graph); the change notes of the 2013–2020
 *  file must agree with it and the load fails loudly when they do not.
 *  4. Years: a unit's first code row starts in the year the unit was formed (merger/split), else
 *     in the year SSB's workbook states for that code and name, else null ("since before the
 *     data"). A later code row starts in the year of the renumbering. A row ends the year before
 *     the next change; 2024 codes have no end. A unit spans its code rows; its code, name and
 *     county are those of its last code (county = the code's first two digits, or the 2024 list).
 *  5. One code row per (unit, code), named with the last name used under that code
 *     (Harstad 1903: "Harstad - Hárstták", which it took in 2017).
 *
 * Code lists used (snapshots): 2013, 2017, 2018, 2019, 2020 (SSB Klass 131 exports and the
 * 2013–2020 transition file) and 2024 (kommuner_2024.csv). SSB's harmonisation workbook maps every
 * code 1994–2024 to its 2024 municipality and states validity years; it gives the 2020 → 2024 step,
 * the exact year of changes between snapshots further apart than a year (2013 → 2017), and the
 * codes that ended before 2013 (loaded as dissolved units with their successions).
 */

export const SNAPSHOT_YEARS = [2013, 2017, 2018, 2019, 2020, 2024] as const;
const WIDE_YEARS = [2013, 2017, 2018, 2019, 2020] as const;
/** SSB's code for "municipality not stated" in the code lists; not a municipality. */
const UNSTATED_CODE = '9999';
const FIRST_SNAPSHOT = 2013;
const LAST_SNAPSHOT = 2024;

/**
 * County names, where no reference file gives one (the files are silent, so these few facts are
 * written here): the Trøndelag counties until 2017 and the merged counties of 2020–2023. Innlandet,
 * Agder and Vestland still exist and take their name from the 2024 list, which wins. The years are
 * derived from the municipality codes all the same (a code's first two digits are its county).
 */
const COUNTY_NAMES_NOT_IN_FILES: Record<string, string> = {
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

type Row = Record<string, string>;

export function csv(text: string, delimiter = ','): Row[] {
  return parse(text, { columns: true, delimiter, bom: true, skip_empty_lines: true, relax_column_count: false }) as Row[];
}

export function intOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new ReferenceDataError(`not an integer: "${text}"`);
  return n;
}

/** A harmonisation row: `Halden (-2019)`, `Klæbu (2018-2019)`, `Bodø` (still valid). */
interface HarmonisationRow {
  group: string;
  /** The code with SSB's disambiguating letter removed (`0716u` → `0716`). */
  code: string;
  rawCode: string;
  name: string;
  start: number | null;
  end: number | null;
}

function parseHarmonisation(text: string): HarmonisationRow[] {
  const rows: HarmonisationRow[] = [];
  for (const r of csv(text)) {
    // SSB marks an earlier holder of a reused code with a letter (Våle `0716u`, before Re took 0716 in 2002).
    const m = /^(\d{4})[a-z]?$/.exec(r.kode.trim());
    if (!m) continue;
    const years = /^(.*?)\s*\((\d{4})?-(\d{4})\)\s*$/.exec(r.tekst);
    rows.push({
      group: r.gruppekode_2024.trim(),
      code: m[1],
      rawCode: r.kode.trim(),
      name: collapse(years ? years[1] : r.tekst),
      start: years?.[2] ? Number(years[2]) : null,
      end: years ? Number(years[3]) : null,
    });
  }
  return rows;
}

function required<T>(value: T | null, what: string): T {
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
function nameRepairer(sources: Iterable<string>[]): (name: string) => { name: string; repaired: boolean } {
  const candidates = sources.map((names) => [...new Set([...names].filter((n) => !n.includes('?')))]);
  const cache = new Map<string, string>();
  return (name) => {
    if (!name.includes('?')) return { name, repaired: false };
    let fixed = cache.get(name);
    if (fixed === undefined) {
      const pattern = new RegExp(`^${name.split('?').map(escapeRegExp).join('.')}$`, 'u');
      fixed = name;
      for (const names of candidates) {
        const matches = names.filter((c) => pattern.test(c));
        if (matches.length === 1) {
          fixed = matches[0];
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
interface Instance {
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

interface Edge {
  from: string;
  to: string;
  /** First year of the successor code. */
  year: number;
  notes: Set<string>;
  /** The successor already existed and absorbed the predecessor: always a change of units. */
  absorbed?: boolean;
}

export function buildReferenceModel(files: ReferenceFiles): ReferenceModel {
  const k2024 = csv(files.kommuner2024).filter((r) => r.kommunenummer !== UNSTATED_CODE);
  const k2018 = csv(files.kommuner2018).filter((r) => r.kommunenummer !== UNSTATED_CODE);
  const long = csv(files.klass131Long).filter((r) => r.kommunenummer !== UNSTATED_CODE);
  const wide = csv(files.transitions2013To2020, ';').filter((r) => r.kommunenummer_2013 !== UNSTATED_CODE);
  const harmonisation = parseHarmonisation(files.harmonisation);

  const repair = nameRepairer([
    k2024.map((r) => collapse(r.kommunenavn)),
    k2018.map((r) => collapse(r.kommunenavn)),
    harmonisation.map((r) => r.name),
    wide.flatMap((r) => WIDE_YEARS.map((y) => collapse(r[`kommunenavn_${y}`]))),
  ]);
  let repairedNames = 0;

  // Validity stated by the harmonisation workbook, per code as written there.
  const harmonisationByCode = new Map<string, HarmonisationRow>();
  for (const h of harmonisation) harmonisationByCode.set(h.rawCode, h);

  // ---- Instances: every code of every snapshot year ----------------------------------------
  const instances = new Map<string, Instance>();
  const snapshotCodes = new Map<number, Set<string>>();
  const addInstance = (inst: Instance) => {
    instances.set(inst.key, inst);
    if (inst.snapshot !== null) {
      let set = snapshotCodes.get(inst.snapshot);
      if (!set) snapshotCodes.set(inst.snapshot, (set = new Set()));
      set.add(inst.code);
    }
  };
  for (const r of long) {
    const year = Number(r.aar);
    const fixed = repair(collapse(r.kommunenavn));
    if (fixed.repaired) repairedNames++;
    addInstance({
      key: `${year}:${r.kommunenummer}`,
      code: r.kommunenummer,
      order: year,
      snapshot: year,
      name: fixed.name,
      statedStart: harmonisationByCode.get(r.kommunenummer)?.start ?? null,
    });
  }
  for (const r of k2024) {
    addInstance({
      key: `${LAST_SNAPSHOT}:${r.kommunenummer}`,
      code: r.kommunenummer,
      order: LAST_SNAPSHOT,
      snapshot: LAST_SNAPSHOT,
      name: collapse(r.kommunenavn),
      statedStart: harmonisationByCode.get(r.kommunenummer)?.start ?? null,
      countyCode: r.fylkesnummer,
    });
  }
  for (const year of WIDE_YEARS) {
    const fromWide = new Set(wide.map((r) => r[`kommunenummer_${year}`]));
    const fromLong = snapshotCodes.get(year) ?? new Set<string>();
    if (fromWide.size !== fromLong.size || [...fromWide].some((c) => !fromLong.has(c))) {
      throw new ReferenceDataError(`the ${year} codes of the transition file and the Klass 131 export differ`);
    }
  }

  // ---- Edges between consecutive snapshots -------------------------------------------------
  const edges = new Map<string, Edge>();
  const addEdge = (from: string, to: string, year: number, note?: string, absorbed = false) => {
    if (!instances.has(from) || !instances.has(to)) throw new ReferenceDataError(`unknown code in transition ${from} → ${to}`);
    const key = `${from}>${to}`;
    let edge = edges.get(key);
    if (!edge) edges.set(key, (edge = { from, to, year, notes: new Set(), absorbed }));
    if (note) edge.notes.add(note);
  };
  /** The year a change between two snapshots took effect: the year after SSB says the old code ended. */
  const changeYear = (code: string, fromYear: number, toYear: number): number => {
    const end = harmonisationByCode.get(code)?.end;
    return end !== undefined && end !== null && end >= fromYear && end < toYear ? end + 1 : toYear;
  };
  for (const r of wide) {
    for (let i = 0; i + 1 < WIDE_YEARS.length; i++) {
      const y1 = WIDE_YEARS[i];
      const y2 = WIDE_YEARS[i + 1];
      const a = r[`kommunenummer_${y1}`];
      const b = r[`kommunenummer_${y2}`];
      const note = r[`endringsmerknad_${String(y1).slice(2)}_${String(y2).slice(2)}`];
      addEdge(`${y1}:${a}`, `${y2}:${b}`, changeYear(a, y1, y2), note);
    }
  }

  // 2020 → 2024 from the harmonisation groups: each 2020 code belongs to the group of its 2024 municipality.
  const y2020 = 2020;
  const groups = new Map<string, HarmonisationRow[]>();
  for (const h of harmonisation) {
    let list = groups.get(h.group);
    if (!list) groups.set(h.group, (list = []));
    list.push(h);
  }
  for (const code of snapshotCodes.get(y2020) ?? []) {
    const h = harmonisationByCode.get(code);
    const group = h && /^K\.(\d{4})$/.exec(h.group);
    if (!h || !group) throw new ReferenceDataError(`2020 code ${code} has no 2024 municipality in the harmonisation file`);
    addEdge(`${y2020}:${code}`, `${LAST_SNAPSHOT}:${group[1]}`, changeYear(code, y2020, LAST_SNAPSHOT));
  }
  // A 2024 municipality whose group holds no 2020 code was split off in 2024 (Haram 1580 from
  // Ålesund 1507): the workbook files only the old codes under it, so follow those to 2020.
  const to2020 = new Map<string, Set<string>>();
  for (const r of wide) {
    for (const y of WIDE_YEARS.slice(0, -1)) {
      const c = r[`kommunenummer_${y}`];
      let set = to2020.get(c);
      if (!set) to2020.set(c, (set = new Set()));
      set.add(r[`kommunenummer_${y2020}`]);
    }
  }
  const hasPredecessor = new Set([...edges.values()].map((e) => e.to));
  for (const r of k2024) {
    const key = `${LAST_SNAPSHOT}:${r.kommunenummer}`;
    if (hasPredecessor.has(key)) continue;
    const sources = new Set<string>();
    for (const h of groups.get(`K.${r.kommunenummer}`) ?? []) {
      if (h.end !== null && h.end >= FIRST_SNAPSHOT && h.end < y2020) for (const c of to2020.get(h.code) ?? []) sources.add(c);
    }
    if (sources.size === 0) throw new ReferenceDataError(`2024 municipality ${r.kommunenummer} has no predecessor in any file`);
    for (const c of sources) addEdge(`${y2020}:${c}`, key, LAST_SNAPSHOT);
  }

  // Codes that ended before 2013: dissolved units, followed to the code(s) of the same 2024 group
  // that start the next year (stated start), or else to the group's code in use since before —
  // an absorption (Skjerstad into Bodø 2005), where the workbook lists only the absorbed side;
  // the absorbing unit is then a new unit from that year like any other merger result.
  for (const h of harmonisation) {
    if (h.end === null || h.end >= FIRST_SNAPSHOT || !/^K\.\d{4}$/.test(h.group)) continue;
    addInstance({ key: `pre:${h.rawCode}`, code: h.code, order: h.end, snapshot: null, name: h.name, statedStart: h.start });
  }
  for (const h of harmonisation) {
    if (h.end === null || h.end >= FIRST_SNAPSHOT || !/^K\.\d{4}$/.test(h.group)) continue;
    const next = h.end + 1;
    const members = (groups.get(h.group) ?? []).filter((g) => g !== h);
    let successors = members.filter((g) => g.start === next);
    const absorbed = successors.length === 0;
    if (absorbed) successors = members.filter((g) => g.start === null && (g.end === null || g.end >= next));
    if (successors.length === 0) throw new ReferenceDataError(`no successor for ${h.rawCode} ${h.name} (-${h.end})`);
    for (const s of successors) {
      const to = s.end !== null && s.end < FIRST_SNAPSHOT ? `pre:${s.rawCode}` : `${FIRST_SNAPSHOT}:${s.code}`;
      addEdge(`pre:${h.rawCode}`, to, next, undefined, absorbed);
    }
  }

  // ---- Units: connected components of identity edges ---------------------------------------
  const outgoing = new Map<string, Edge[]>();
  const incoming = new Map<string, Edge[]>();
  for (const e of edges.values()) {
    (outgoing.get(e.from) ?? outgoing.set(e.from, []).get(e.from)!).push(e);
    (incoming.get(e.to) ?? incoming.set(e.to, []).get(e.to)!).push(e);
  }
  const isIdentity = (e: Edge) =>
    !e.absorbed && outgoing.get(e.from)!.length === 1 && incoming.get(e.to)!.length === 1;

  const problems: string[] = [];
  for (const e of edges.values()) {
    const a = instances.get(e.from)!;
    const b = instances.get(e.to)!;
    for (const note of e.notes) {
      const expectIdentity = note.startsWith('uendret') || note.startsWith('kun endret nummer');
      if (expectIdentity !== isIdentity(e)) problems.push(`${a.code} → ${b.code}: "${note}" but the codes say otherwise`);
      if (note.startsWith('uendret') && a.code !== b.code) problems.push(`${a.code} → ${b.code}: "${note}" with a new code`);
      if (note.startsWith('kun endret nummer') && a.code === b.code) problems.push(`${a.code}: "${note}" with the same code`);
      if (note.includes('splittet') !== outgoing.get(e.from)!.length > 1) problems.push(`${a.code} → ${b.code}: "${note}" disagrees on a split`);
    }
  }
  if (problems.length) throw new ReferenceDataError(`the change notes contradict the code transitions:\n${problems.join('\n')}`);

  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  for (const k of instances.keys()) parent.set(k, k);
  for (const e of edges.values()) if (isIdentity(e)) parent.set(find(e.to), find(e.from));

  const components = new Map<string, Instance[]>();
  for (const inst of instances.values()) {
    const root = find(inst.key);
    (components.get(root) ?? components.set(root, []).get(root)!).push(inst);
  }

  const units: UnitRow[] = [];
  const unitOf = new Map<string, number>();
  const sortedComponents = [...components.values()].map((list) => list.sort((a, b) => a.order - b.order));
  // Current units first, by code, then dissolved ones by last code and end: a stable, readable order.
  sortedComponents.sort((a, b) => {
    const la = a[a.length - 1];
    const lb = b[b.length - 1];
    return (lb.snapshot === LAST_SNAPSHOT ? 1 : 0) - (la.snapshot === LAST_SNAPSHOT ? 1 : 0) || la.code.localeCompare(lb.code) || la.order - lb.order;
  });
  for (const list of sortedComponents) {
    const index = units.length;
    const runs: { code: string; first: Instance; last: Instance }[] = [];
    for (const inst of list) {
      const run = runs[runs.length - 1];
      if (run && run.code === inst.code) run.last = inst;
      else runs.push({ code: inst.code, first: inst, last: inst });
      unitOf.set(inst.key, index);
    }
    const codes: CodeRow[] = runs.map((run, i) => {
      let from: number | null;
      if (i === 0) {
        const into = incoming.get(run.first.key) ?? [];
        // A unit born of a merger or split starts that year; otherwise SSB's stated start, if any.
        from = into.length ? Math.min(...into.map((e) => e.year)) : run.first.statedStart;
      } else {
        // Renumbered: the one identity edge into the run says from when.
        from = incoming.get(run.first.key)![0].year;
      }
      return { code: run.code, name: run.last.name, validFromYear: from, validToYear: null };
    });
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i];
      if (i + 1 < runs.length) {
        codes[i].validToYear = (codes[i + 1].validFromYear as number) - 1;
      } else if (run.last.snapshot !== LAST_SNAPSHOT) {
        const out = outgoing.get(run.last.key) ?? [];
        if (!out.length) throw new ReferenceDataError(`${run.code} ${run.last.name} disappears after ${run.last.order} without a successor`);
        codes[i].validToYear = Math.min(...out.map((e) => e.year)) - 1;
      }
    }
    const last = runs[runs.length - 1].last;
    const lastCode = codes[codes.length - 1];
    units.push({
      index,
      code: lastCode.code,
      name: lastCode.name,
      // A municipality code's first two digits are its county's code at the time.
      countyCode: last.countyCode ?? lastCode.code.slice(0, 2),
      validFromYear: codes[0].validFromYear,
      validToYear: lastCode.validToYear,
      codes,
    });
  }

  const successions = new Map<string, SuccessionRow>();
  for (const e of edges.values()) {
    if (isIdentity(e)) continue;
    const predecessor = unitOf.get(e.from)!;
    const successor = unitOf.get(e.to)!;
    const kind = outgoing.get(e.from)!.length > 1 ? 'split' : 'merged';
    successions.set(`${predecessor}>${successor}>${e.year}`, { predecessor, successor, year: e.year, kind });
  }

  // (code, first year) identifies a code row in the database; it must be unique.
  const codeIndex = new Map<string, { unit: number; from: number; to: number }[]>();
  const seenCodeKeys = new Set<string>();
  for (const u of units) {
    for (const c of u.codes) {
      const k = `${c.code}|${c.validFromYear ?? ''}`;
      if (seenCodeKeys.has(k)) throw new ReferenceDataError(`two units hold code ${c.code} from ${c.validFromYear ?? 'the start'}`);
      seenCodeKeys.add(k);
      const list = codeIndex.get(c.code) ?? codeIndex.set(c.code, []).get(c.code)!;
      for (const other of list) {
        if ((c.validFromYear ?? -Infinity) <= other.to && other.from <= (c.validToYear ?? Infinity)) {
          throw new ReferenceDataError(`code ${c.code} is held by two units at once`);
        }
      }
      list.push({ unit: u.index, from: c.validFromYear ?? -Infinity, to: c.validToYear ?? Infinity });
    }
  }
  // The read API names a unit by its code, plus its last year once it has ended: that must be unique too.
  const publicKeys = new Set<string>();
  for (const u of units) {
    const k = `${u.code}:${u.validToYear ?? ''}`;
    if (publicKeys.has(k)) throw new ReferenceDataError(`two units would be named ${k}`);
    publicKeys.add(k);
  }
  /** The unit that held `code` in `year`. */
  const unitAt = (code: string, year: number): number | undefined =>
    codeIndex.get(code)?.find((c) => c.from <= year && year <= c.to)?.unit;

  // ---- Counties ----------------------------------------------------------------------------
  const counties = buildCounties(snapshotCodes, k2024, k2018);
  const countyCodes = new Set(counties.map((c) => c.code));
  for (const u of units) {
    if (!countyCodes.has(u.countyCode)) throw new ReferenceDataError(`county ${u.countyCode} of ${u.code} ${u.name} is unknown`);
  }

  // ---- Population: the code as published that year → the unit that held it that year ------
  const populations: PopulationRow[] = [];
  const unplacedPopulation: string[] = [];
  for (const r of csv(files.population)) {
    const year = Number(r.aar);
    const unit = unitAt(r.kommunenummer, year);
    if (unit === undefined) {
      unplacedPopulation.push(`${r.kommunenummer}@${year}`);
      continue;
    }
    populations.push({
      unit,
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

  // ---- NAV offices of 2014 (Difi Etatsbasen) ------------------------------------------------
  const OFFICE_YEAR = 2014;
  const offices: OfficeRow[] = [];
  const officeAreas: OfficeAreaRow[] = [];
  const unplacedOfficeAreas: string[] = [];
  for (const r of csv(files.difiOffices)) {
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
      unit,
      // City-district offices (Oslo's 15 bydeler, Bergen, Stavanger, Trondheim) serve one district.
      district: method.startsWith('bydelskontor') ? collapse(r.navn).replace(/^NAV\s+/i, '') : null,
      validFromYear: OFFICE_YEAR,
      // The area cannot outlive the municipality unit it belongs to.
      validToYear: units[unit].validToYear,
    });
  }

  return {
    counties,
    units,
    successions: [...successions.values()],
    populations,
    unplacedPopulation,
    offices,
    officeAreas,
    unplacedOfficeAreas,
    repairedNames,
  };
}

/**
 * Counties and their years, from the county part of the municipality codes in each snapshot:
 * seen in 2013 → in use since before (no start); first seen later → starts that year; not seen in
 * 2024 → ends the year before the next snapshot after its last. Names: 2024 list, else 2018 list,
 * else the small table above.
 */
function buildCounties(snapshotCodes: Map<number, Set<string>>, k2024: Row[], k2018: Row[]): CountyRow[] {
  // The short Norwegian name ("Nordland"), as people say it; the official 2024 names add the
  // Sami and Kven names ("Nordland - Nordlánnda"), which the raw SSB files keep.
  const names2024 = new Map(k2024.map((r) => [r.fylkesnummer, collapse(r.fylkesnavn_kort || r.fylkesnavn)]));
  const names2018 = new Map(k2018.map((r) => [r.fylkesnummer, collapse(r.fylkesnavn)]));
  const seen = new Map<string, number[]>();
  for (const year of SNAPSHOT_YEARS) {
    for (const code of snapshotCodes.get(year) ?? []) {
      const county = code.slice(0, 2);
      const years = seen.get(county) ?? seen.set(county, []).get(county)!;
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
