import { getOrInsert, present } from '../../invariant';
import type { CodeGraph } from './reference-model.codes';
import { type CodeRow, type Edge, type Instance, LAST_SNAPSHOT, ReferenceDataError, type SuccessionRow, type UnitRow } from './reference-model.shared';

/**
 * The later phases of buildReferenceModel: from the code graph to units over time. An edge keeps
 * the unit when it is its code's only way out and its successor's only way in (identity rule 1
 * of reference-data-model.ts); every other edge is a succession (rule 2).
 */

/** The edges out of and into each instance, and which edges keep a unit. */
export interface EdgeShape {
  outgoing: Map<string, Edge[]>;
  incoming: Map<string, Edge[]>;
  isIdentity: (e: Edge) => boolean;
}

export function edgeShape(graph: CodeGraph): EdgeShape {
  const outgoing = new Map<string, Edge[]>();
  const incoming = new Map<string, Edge[]>();
  for (const e of graph.edges.values()) {
    getOrInsert(outgoing, e.from, () => []).push(e);
    getOrInsert(incoming, e.to, () => []).push(e);
  }
  // Every edge was filed under both of its ends just above.
  const isIdentity = (e: Edge) => !e.absorbed && outgoing.get(e.from)?.length === 1 && incoming.get(e.to)?.length === 1;
  return { outgoing, incoming, isIdentity };
}

/** Phase 5: the transition file's change notes must say what the graph's shape says; all contradictions are listed at once. */
export function checkChangeNotes(graph: CodeGraph, shape: EdgeShape): void {
  const problems: string[] = [];
  for (const e of graph.edges.values()) {
    const a = present(graph.instances.get(e.from), `code instance ${e.from}`);
    const b = present(graph.instances.get(e.to), `code instance ${e.to}`);
    for (const note of e.notes) {
      const expectIdentity = note.startsWith('uendret') || note.startsWith('kun endret nummer');
      if (expectIdentity !== shape.isIdentity(e)) problems.push(`${a.code} → ${b.code}: "${note}" but the codes say otherwise`);
      if (note.startsWith('uendret') && a.code !== b.code) problems.push(`${a.code} → ${b.code}: "${note}" with a new code`);
      if (note.startsWith('kun endret nummer') && a.code === b.code) problems.push(`${a.code}: "${note}" with the same code`);
      if (note.includes('splittet') !== (shape.outgoing.get(e.from)?.length ?? 0) > 1) problems.push(`${a.code} → ${b.code}: "${note}" disagrees on a split`);
    }
  }
  if (problems.length) throw new ReferenceDataError(`the change notes contradict the code transitions:\n${problems.join('\n')}`);
}

/** Phase 6: units as the connected components of identity edges, each with its code rows and years (rules 3–5). */
export function buildUnits(graph: CodeGraph, shape: EdgeShape): { units: UnitRow[]; unitOf: Map<string, number> } {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    parent.set(k, root);
    return root;
  };
  for (const k of graph.instances.keys()) parent.set(k, k);
  for (const e of graph.edges.values()) if (shape.isIdentity(e)) parent.set(find(e.to), find(e.from));

  const components = new Map<string, Instance[]>();
  for (const inst of graph.instances.values()) {
    const root = find(inst.key);
    getOrInsert(components, root, () => []).push(inst);
  }

  const units: UnitRow[] = [];
  const unitOf = new Map<string, number>();
  const sortedComponents = [...components.values()].map((list) => {
    list.sort((a, b) => a.order - b.order);
    return { list, last: lastOf(list) };
  });
  // Current units first, by code, then dissolved ones by last code and end: a stable, readable order.
  sortedComponents.sort(({ last: la }, { last: lb }) => {
    return (lb.snapshot === LAST_SNAPSHOT ? 1 : 0) - (la.snapshot === LAST_SNAPSHOT ? 1 : 0) || la.code.localeCompare(lb.code) || la.order - lb.order;
  });
  for (const { list } of sortedComponents) {
    const index = units.length;
    for (const inst of list) unitOf.set(inst.key, index);
    units.push(unitOfInstances(index, list, shape));
  }
  return { units, unitOf };
}

/** One unit from its instances, oldest first: a code row per run of the same code. */
function unitOfInstances(index: number, list: Instance[], shape: EdgeShape): UnitRow {
  const runs: { code: string; first: Instance; last: Instance }[] = [];
  for (const inst of list) {
    const run = runs.at(-1);
    if (run && run.code === inst.code) run.last = inst;
    else runs.push({ code: inst.code, first: inst, last: inst });
  }
  const codes: CodeRow[] = runs.map((run, i) => {
    let from: number | null;
    if (i === 0) {
      const into = shape.incoming.get(run.first.key) ?? [];
      // A unit born of a merger or split starts that year; otherwise SSB's stated start, if any.
      from = into.length ? Math.min(...into.map((e) => e.year)) : run.first.statedStart;
    } else {
      // Renumbered: the one identity edge into the run says from when.
      const [renumbering] = shape.incoming.get(run.first.key) ?? [];
      if (!renumbering) throw new ReferenceDataError(`${run.code} ${run.first.name} continues a unit but no code leads to it`);
      from = renumbering.year;
    }
    return { code: run.code, name: run.last.name, validFromYear: from, validToYear: null };
  });
  // A code row ends the year before the next one starts; the last, when the unit ended.
  codes.forEach((row, i) => {
    const next = codes[i + 1];
    if (next) row.validToYear = (next.validFromYear as number) - 1;
  });
  const last = lastOf(runs).last;
  const lastCode = lastOf(codes);
  if (last.snapshot !== LAST_SNAPSHOT) {
    const out = shape.outgoing.get(last.key) ?? [];
    if (!out.length) throw new ReferenceDataError(`${last.code} ${last.name} disappears after ${last.order} without a successor`);
    lastCode.validToYear = Math.min(...out.map((e) => e.year)) - 1;
  }
  return {
    index,
    code: lastCode.code,
    name: lastCode.name,
    // A municipality code's first two digits are its county's code at the time.
    countyCode: last.countyCode ?? lastCode.code.slice(0, 2),
    validFromYear: firstOf(codes).validFromYear,
    validToYear: lastCode.validToYear,
    codes,
  };
}

/** Phase 7: every edge that is not an identity is a succession between two units. */
export function successionsOf(graph: CodeGraph, shape: EdgeShape, unitOf: Map<string, number>): SuccessionRow[] {
  const successions = new Map<string, SuccessionRow>();
  for (const e of graph.edges.values()) {
    if (shape.isIdentity(e)) continue;
    const predecessor = present(unitOf.get(e.from), `the unit of ${e.from}`);
    const successor = present(unitOf.get(e.to), `the unit of ${e.to}`);
    const kind = (shape.outgoing.get(e.from)?.length ?? 0) > 1 ? 'split' : 'merged';
    successions.set(`${predecessor}>${successor}>${e.year}`, { predecessor, successor, year: e.year, kind });
  }
  return [...successions.values()];
}

/**
 * Phase 8: the unit that held a code in a year, after checking that (code, first year) names one
 * code row, that no code is held by two units at once, and that the read API's name of a unit
 * (its code, plus its last year once it has ended) is unique.
 */
export function codeHolders(units: UnitRow[]): (code: string, year: number) => UnitRow | undefined {
  const codeIndex = new Map<string, { unit: UnitRow; from: number; to: number }[]>();
  const seenCodeKeys = new Set<string>();
  for (const u of units) {
    for (const c of u.codes) {
      const k = `${c.code}|${c.validFromYear ?? ''}`;
      if (seenCodeKeys.has(k)) throw new ReferenceDataError(`two units hold code ${c.code} from ${c.validFromYear ?? 'the start'}`);
      seenCodeKeys.add(k);
      const list = getOrInsert(codeIndex, c.code, () => []);
      for (const other of list) {
        if ((c.validFromYear ?? -Infinity) <= other.to && other.from <= (c.validToYear ?? Infinity)) {
          throw new ReferenceDataError(`code ${c.code} is held by two units at once`);
        }
      }
      list.push({ unit: u, from: c.validFromYear ?? -Infinity, to: c.validToYear ?? Infinity });
    }
  }
  const publicKeys = new Set<string>();
  for (const u of units) {
    const k = `${u.code}:${u.validToYear ?? ''}`;
    if (publicKeys.has(k)) throw new ReferenceDataError(`two units would be named ${k}`);
    publicKeys.add(k);
  }
  return (code, year) => codeIndex.get(code)?.find((c) => c.from <= year && year <= c.to)?.unit;
}

/** The first of a list that holds at least one item by construction (a unit has an instance, a code row). */
function firstOf<T>(list: readonly T[]): T {
  const [first] = list;
  if (first === undefined) throw new ReferenceDataError('a unit without codes');
  return first;
}

function lastOf<T>(list: readonly T[]): T {
  const last = list.at(-1);
  if (last === undefined) throw new ReferenceDataError('a unit without codes');
  return last;
}
