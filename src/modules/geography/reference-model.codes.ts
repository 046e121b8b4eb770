import {
  collapse,
  csv,
  type Edge,
  FIRST_SNAPSHOT,
  type HarmonisationRow,
  type Instance,
  LAST_SNAPSHOT,
  nameRepairer,
  parseHarmonisation,
  ReferenceDataError,
  type ReferenceFiles,
  KOMMUNER_2018_COLUMNS,
  KOMMUNER_2024_COLUMNS,
  REFERENCE_FILE_NAMES,
  type Row,
  UNSTATED_CODE,
  WIDE_YEARS,
} from './reference-model.shared';

/**
 * The first phases of buildReferenceModel: the code graph. Every code of every snapshot year is
 * an instance; an edge leads from a code to the code it continues as in the next snapshot (the
 * 2013–2020 transition file, the harmonisation workbook for 2020 → 2024 and for the codes that
 * ended before 2013). Which edges keep a unit and which change it is decided later, from the
 * graph's shape (reference-model.units.ts).
 */

/** The code lists and the harmonisation workbook, read once, with the lookups the phases share. */
/** The transition file's steps from one snapshot year to the next, and the column of each step's change notes. */
const WIDE_STEPS = [
  [2013, 2017, 'endringsmerknad_13_17'],
  [2017, 2018, 'endringsmerknad_17_18'],
  [2018, 2019, 'endringsmerknad_18_19'],
  [2019, 2020, 'endringsmerknad_19_20'],
] as const;
const WIDE_COLUMNS = [...WIDE_YEARS.flatMap((y) => [`kommunenummer_${y}`, `kommunenavn_${y}`] as const), ...WIDE_STEPS.map((s) => s[2])] as const;

export interface CodeLists {
  k2024: Row<(typeof KOMMUNER_2024_COLUMNS)[number]>[];
  k2018: Row<(typeof KOMMUNER_2018_COLUMNS)[number]>[];
  /** The Klass 131 export: one row per code and year, 2013–2020. */
  long: Row<'aar' | 'kommunenummer' | 'kommunenavn'>[];
  /** The transition file: one row per 2013 code, its codes of 2017–2020 and the change notes. */
  wide: Row<(typeof WIDE_COLUMNS)[number]>[];
  harmonisation: HarmonisationRow[];
  /** Validity stated by the harmonisation workbook, per code as written there. */
  harmonisationByCode: Map<string, HarmonisationRow>;
  /** The workbook's rows per 2024 group (`K.1804`). */
  groups: Map<string, HarmonisationRow[]>;
}

export function readCodeLists(files: ReferenceFiles): CodeLists {
  const harmonisation = parseHarmonisation(files.harmonisation);
  const harmonisationByCode = new Map<string, HarmonisationRow>();
  for (const h of harmonisation) harmonisationByCode.set(h.rawCode, h);
  const groups = new Map<string, HarmonisationRow[]>();
  for (const h of harmonisation) {
    let list = groups.get(h.group);
    if (!list) groups.set(h.group, (list = []));
    list.push(h);
  }
  return {
    k2024: csv(files.kommuner2024, REFERENCE_FILE_NAMES.kommuner2024, KOMMUNER_2024_COLUMNS).filter((r) => r.kommunenummer !== UNSTATED_CODE),
    k2018: csv(files.kommuner2018, REFERENCE_FILE_NAMES.kommuner2018, KOMMUNER_2018_COLUMNS).filter((r) => r.kommunenummer !== UNSTATED_CODE),
    long: csv(files.klass131Long, REFERENCE_FILE_NAMES.klass131Long, ['aar', 'kommunenummer', 'kommunenavn']).filter((r) => r.kommunenummer !== UNSTATED_CODE),
    wide: csv(files.transitions2013To2020, REFERENCE_FILE_NAMES.transitions2013To2020, WIDE_COLUMNS, ';').filter((r) => r.kommunenummer_2013 !== UNSTATED_CODE),
    harmonisation,
    harmonisationByCode,
    groups,
  };
}

/** Instances keyed `year:code` (or `pre:code`), and the edges between them keyed `from>to`. */
export class CodeGraph {
  readonly instances = new Map<string, Instance>();
  /** The codes of each snapshot year. */
  readonly snapshotCodes = new Map<number, Set<string>>();
  readonly edges = new Map<string, Edge>();

  addInstance(inst: Instance): void {
    this.instances.set(inst.key, inst);
    if (inst.snapshot !== null) {
      let set = this.snapshotCodes.get(inst.snapshot);
      if (!set) this.snapshotCodes.set(inst.snapshot, (set = new Set()));
      set.add(inst.code);
    }
  }

  addEdge(from: string, to: string, year: number, note?: string, absorbed = false): void {
    if (!this.instances.has(from) || !this.instances.has(to)) throw new ReferenceDataError(`unknown code in transition ${from} → ${to}`);
    const key = `${from}>${to}`;
    let edge = this.edges.get(key);
    if (!edge) this.edges.set(key, (edge = { from, to, year, notes: new Set(), absorbed }));
    if (note) edge.notes.add(note);
  }
}

/**
 * Phase 1: every code of every snapshot year, named as published (a name the 2013–2020 export
 * garbled is repaired from another file). Returns how many names were repaired.
 */
export function addSnapshotCodes(graph: CodeGraph, lists: CodeLists): number {
  const { k2024, k2018, long, wide, harmonisation, harmonisationByCode } = lists;
  const repair = nameRepairer([
    k2024.map((r) => collapse(r.kommunenavn)),
    k2018.map((r) => collapse(r.kommunenavn)),
    harmonisation.map((r) => r.name),
    wide.flatMap((r) => WIDE_YEARS.map((y) => collapse(r[`kommunenavn_${y}`]))),
  ]);
  let repairedNames = 0;
  for (const r of long) {
    const year = Number(r.aar);
    const fixed = repair(collapse(r.kommunenavn));
    if (fixed.repaired) repairedNames++;
    graph.addInstance({
      key: `${year}:${r.kommunenummer}`,
      code: r.kommunenummer,
      order: year,
      snapshot: year,
      name: fixed.name,
      statedStart: harmonisationByCode.get(r.kommunenummer)?.start ?? null,
    });
  }
  for (const r of k2024) {
    graph.addInstance({
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
    const fromLong = graph.snapshotCodes.get(year) ?? new Set<string>();
    if (fromWide.size !== fromLong.size || [...fromWide].some((c) => !fromLong.has(c))) {
      throw new ReferenceDataError(`the ${year} codes of the transition file and the Klass 131 export differ`);
    }
  }
  return repairedNames;
}

/** The year a change between two snapshots took effect: the year after SSB says the old code ended. */
function changeYear(lists: CodeLists, code: string, fromYear: number, toYear: number): number {
  const end = lists.harmonisationByCode.get(code)?.end;
  return end !== undefined && end !== null && end >= fromYear && end < toYear ? end + 1 : toYear;
}

/** Phase 2: edges between the consecutive snapshots of 2013–2020, with the transition file's change notes. */
export function linkSnapshots2013To2020(graph: CodeGraph, lists: CodeLists): void {
  for (const r of lists.wide) {
    for (const [y1, y2, noteColumn] of WIDE_STEPS) {
      const a = r[`kommunenummer_${y1}`];
      const b = r[`kommunenummer_${y2}`];
      const note = r[noteColumn];
      graph.addEdge(`${y1}:${a}`, `${y2}:${b}`, changeYear(lists, a, y1, y2), note);
    }
  }
}

/** Phase 3: edges 2020 → 2024 from the harmonisation groups: each 2020 code belongs to the group of its 2024 municipality. */
export function linkSnapshots2020To2024(graph: CodeGraph, lists: CodeLists): void {
  const y2020 = 2020;
  for (const code of graph.snapshotCodes.get(y2020) ?? []) {
    const h = lists.harmonisationByCode.get(code);
    const group = h && /^K\.(\d{4})$/.exec(h.group);
    if (!h || !group) throw new ReferenceDataError(`2020 code ${code} has no 2024 municipality in the harmonisation file`);
    graph.addEdge(`${y2020}:${code}`, `${LAST_SNAPSHOT}:${group[1]}`, changeYear(lists, code, y2020, LAST_SNAPSHOT));
  }
  // A 2024 municipality whose group holds no 2020 code was split off in 2024 (Haram 1580 from
  // Ålesund 1507): the workbook files only the old codes under it, so follow those to 2020.
  const to2020 = new Map<string, Set<string>>();
  for (const r of lists.wide) {
    for (const y of WIDE_YEARS.slice(0, -1)) {
      const c = r[`kommunenummer_${y}`];
      let set = to2020.get(c);
      if (!set) to2020.set(c, (set = new Set()));
      set.add(r[`kommunenummer_${y2020}`]);
    }
  }
  const hasPredecessor = new Set([...graph.edges.values()].map((e) => e.to));
  for (const r of lists.k2024) {
    const key = `${LAST_SNAPSHOT}:${r.kommunenummer}`;
    if (hasPredecessor.has(key)) continue;
    const sources = new Set<string>();
    for (const h of lists.groups.get(`K.${r.kommunenummer}`) ?? []) {
      if (h.end !== null && h.end >= FIRST_SNAPSHOT && h.end < y2020) for (const c of to2020.get(h.code) ?? []) sources.add(c);
    }
    if (sources.size === 0) throw new ReferenceDataError(`2024 municipality ${r.kommunenummer} has no predecessor in any file`);
    for (const c of sources) graph.addEdge(`${y2020}:${c}`, key, LAST_SNAPSHOT);
  }
}

/**
 * Phase 4: codes that ended before 2013, as dissolved units, followed to the code(s) of the same
 * 2024 group that start the next year (stated start), or else to the group's code in use since
 * before — an absorption (Skjerstad into Bodø 2005), where the workbook lists only the absorbed
 * side; the absorbing unit is then a new unit from that year like any other merger result.
 */
export function linkCodesEndedBefore2013(graph: CodeGraph, lists: CodeLists): void {
  const endedBefore = lists.harmonisation.filter((h) => h.end !== null && h.end < FIRST_SNAPSHOT && /^K\.\d{4}$/.test(h.group));
  for (const h of endedBefore) {
    graph.addInstance({ key: `pre:${h.rawCode}`, code: h.code, order: h.end as number, snapshot: null, name: h.name, statedStart: h.start });
  }
  for (const h of endedBefore) {
    const next = (h.end as number) + 1;
    const members = (lists.groups.get(h.group) ?? []).filter((g) => g !== h);
    let successors = members.filter((g) => g.start === next);
    const absorbed = successors.length === 0;
    if (absorbed) successors = members.filter((g) => g.start === null && (g.end === null || g.end >= next));
    if (successors.length === 0) throw new ReferenceDataError(`no successor for ${h.rawCode} ${h.name} (-${h.end})`);
    for (const s of successors) {
      const to = s.end !== null && s.end < FIRST_SNAPSHOT ? `pre:${s.rawCode}` : `${FIRST_SNAPSHOT}:${s.code}`;
      graph.addEdge(`pre:${h.rawCode}`, to, next, undefined, absorbed);
    }
  }
}
