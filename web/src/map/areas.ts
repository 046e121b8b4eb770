/**
 * Which 2024 map area shows which ranked unit. Pure functions, no DOM: unit-tested on their own.
 *
 * The national figures are published on the codes of their own year (2015–2020); the map is of
 * 2024. The API's municipality is a unit over time: it keeps its identity through renumbering,
 * and any merger or split ends it and starts new units (see `Municipality` in the schema). So a
 * ranked municipality whose unit still exists (`validToYear` null) has exactly the borders of the
 * 2024 area with its current `code`; one that has ended lies in the areas its successors led to,
 * and those areas are drawn as "borders changed", never in a colour that belongs to another area.
 *
 * Counties have no such history in the API, so a county is matched through its municipalities:
 * the county of a year is the set of municipalities whose code of that year starts with its number.
 * A 2024 county shows a county of that year only when both hold exactly the same municipalities'
 * areas (Oslo, Rogaland and Nordland for 2018; not Møre og Romsdal, which lost Halsa to Trøndelag
 * in 2020).
 */

/** The fields of `Municipality` this module reads; ask for them with `MUNICIPALITY_MAP_FIELDS`. */
export interface MunicipalityHistory {
  code: string;
  validToYear: number | null;
  successors?: MunicipalityHistory[];
}

/**
 * Selection for `municipality` on ranking rows and missing entries. Three levels of successors reach
 * 2024 from any year since 2015 (a merger in 2017–2019, the 2020 reform, the 2024 splits).
 */
export const MUNICIPALITY_MAP_FIELDS =
  'code validToYear successors { code validToYear successors { code validToYear successors { code validToYear } } }';

/** A ranked (or missing) unit as the map draws it. */
export interface MapUnit {
  /** The unit's code in the ranking (the code of its year); `onSelect` receives it. */
  code: string;
  name: string;
  /** The exact value string from the API; null for a unit in scope without a figure. */
  value: string | null;
  rank: number | null;
  /** The 2024 areas (municipality or county numbers) the unit's area lies in today. */
  mapCodes: string[];
  /** True when the unit's area is exactly its one map area (unchanged or only renumbered since). */
  sameBorders: boolean;
}

/** The 2024 municipalities a unit's area lies in: itself while it exists, else its successors' areas. */
export function currentAreas(m: MunicipalityHistory): string[] {
  const found = new Set<string>();
  const walk = (unit: MunicipalityHistory, depth: number): void => {
    if (unit.validToYear === null) {
      found.add(unit.code);
      return;
    }
    // An ended unit always has successors in the reference data; depth guards a cycle in bad data.
    if (depth > 8) return;
    for (const next of unit.successors ?? []) walk(next, depth + 1);
  };
  walk(m, 0);
  return [...found].sort();
}

/** A ranking row or missing entry at municipality level, as the API returns it. */
export interface MunicipalityEntry {
  code: string;
  name: string;
  value: string | null;
  rank: number | null;
  municipality: MunicipalityHistory | null;
}

export function municipalityMapUnit(entry: MunicipalityEntry): MapUnit {
  const m = entry.municipality;
  return {
    code: entry.code,
    name: entry.name,
    value: entry.value,
    rank: entry.rank,
    mapCodes: m ? currentAreas(m) : [],
    sameBorders: m !== null && m.validToYear === null,
  };
}

/** A 2024 municipality code's first two digits are its 2024 county; a code of year Y, its county of Y. */
const countyOf = (municipalityCode: string): string => municipalityCode.slice(0, 2);

/** A ranking row or missing entry at county level. */
export interface CountyEntry {
  code: string;
  name: string;
  value: string | null;
  rank: number | null;
}

/**
 * County units for the map. `municipalities` are every municipality of the ranked year (the rows
 * and missing entries of the same ranking at municipality level, with `code` the code of that year):
 * a county of that year is drawn in a 2024 county only when the two hold the same municipalities'
 * areas. Without them no county can be shown as exact, and every one is drawn as changed.
 */
export function countyMapUnits(counties: CountyEntry[], municipalities: MunicipalityEntry[]): MapUnit[] {
  // For each county of the year: the 2024 counties its municipalities' areas lie in.
  const reaches = new Map<string, Set<string>>();
  // For each 2024 county: the counties of the year whose municipalities reach it.
  const reachedFrom = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => map.set(key, (map.get(key) ?? new Set<string>()).add(value));
  for (const entry of municipalities) {
    if (!entry.municipality) continue;
    const then = countyOf(entry.code);
    for (const area of currentAreas(entry.municipality)) {
      add(reaches, then, countyOf(area));
      add(reachedFrom, countyOf(area), then);
    }
  }
  return counties.map((county) => {
    const targets = [...(reaches.get(county.code) ?? [])].sort();
    const [target, ...others] = targets;
    const exact = target !== undefined && others.length === 0 && reachedFrom.get(target)?.size === 1;
    return { code: county.code, name: county.name, value: county.value, rank: county.rank, mapCodes: targets, sameBorders: exact };
  });
}

/** What one 2024 area shows. */
export type AreaState =
  /** Exactly one unit covers the area and it has a figure: coloured by it. */
  | { kind: 'ranked'; unit: MapUnit }
  /** Exactly one unit covers the area, without a figure. */
  | { kind: 'no-figure'; unit: MapUnit }
  /** Units whose borders changed since their year lie in the area: no colour would be honest. */
  | { kind: 'changed'; units: MapUnit[] }
  /** No unit of the ranking's scope lies in the area. */
  | { kind: 'outside' };

export function assignAreas(areaCodes: readonly string[], units: readonly MapUnit[]): Map<string, AreaState> {
  const into = new Map<string, MapUnit[]>();
  for (const unit of units) {
    for (const code of unit.mapCodes) {
      const list = into.get(code);
      if (list) list.push(unit);
      else into.set(code, [unit]);
    }
  }
  const states = new Map<string, AreaState>();
  for (const code of areaCodes) {
    const list = into.get(code) ?? [];
    const only = list.length === 1 ? list[0] : undefined;
    if (!list.length) states.set(code, { kind: 'outside' });
    else if (only?.sameBorders && only.mapCodes.length === 1) {
      states.set(code, only.value === null ? { kind: 'no-figure', unit: only } : { kind: 'ranked', unit: only });
    } else states.set(code, { kind: 'changed', units: list });
  }
  return states;
}

export type MapDirection = 'higher_is_better' | 'lower_is_better';

/**
 * Colour classes of the ranked values: quantiles, so that each class holds about as many areas
 * whatever the spread (a count such as recipients runs from 5 to 20,000, and on a linear scale
 * every area but Oslo would share one colour). `thresholds` ascend; class 0 is the worst and
 * class `n - 1` the best by the indicator's direction, so the scheme's dark end always means best.
 */
export interface ColourClasses {
  thresholds: number[];
  /** The class of a value: 0 (worst) … n − 1 (best). */
  classOf(value: number): number;
  n: number;
}

export function colourClasses(values: readonly number[], direction: MapDirection, wanted = 7): ColourClasses | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const lowest = sorted[0];
  if (lowest === undefined) return null;
  const thresholds: number[] = [];
  for (let k = 1; k < wanted; k++) {
    const t = sorted[Math.floor((k * sorted.length) / wanted)];
    // Equal neighbours would make an empty class; fewer, fuller classes read better.
    if (t !== undefined && t > lowest && t !== thresholds.at(-1)) thresholds.push(t);
  }
  const n = thresholds.length + 1;
  // Thresholds ascend, so a value's class is the number of thresholds it reaches.
  const ascendingClass = (value: number): number => thresholds.filter((t) => value >= t).length;
  return {
    thresholds,
    n,
    classOf: (value) => (direction === 'higher_is_better' ? ascendingClass(value) : n - 1 - ascendingClass(value)),
  };
}
