import { countiesOf, placePopulations, readDifiOffices } from './reference-model.areas';
import { addSnapshotCodes, CodeGraph, linkCodesEndedBefore2013, linkSnapshots2013To2020, linkSnapshots2020To2024, readCodeLists } from './reference-model.codes';
import type { ReferenceFiles, ReferenceModel } from './reference-model.shared';
import { buildUnits, checkChangeNotes, codeHolders, edgeShape, successionsOf } from './reference-model.units';

export {
  collapse,
  intOrNull,
  REFERENCE_FILE_NAMES,
  ReferenceDataError,
  type OfficeAreaRow,
  type OfficeRow,
  type PopulationRow,
  type ReferenceFiles,
  type ReferenceModel,
  type UnitRow,
} from './reference-model.shared';

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
 *
 * Each phase is a function of its own: the code graph in reference-model.codes.ts, units and
 * successions in reference-model.units.ts, counties, population and offices in reference-model.areas.ts.
 */
export function buildReferenceModel(files: ReferenceFiles): ReferenceModel {
  // The code graph: instances of every code of every snapshot year, and the edges between them.
  const lists = readCodeLists(files);
  const graph = new CodeGraph();
  const repairedNames = addSnapshotCodes(graph, lists);
  linkSnapshots2013To2020(graph, lists);
  linkSnapshots2020To2024(graph, lists);
  linkCodesEndedBefore2013(graph, lists);

  // Units over time: the graph's shape decides which edges keep a unit.
  const shape = edgeShape(graph);
  checkChangeNotes(graph, shape);
  const { units, unitOf } = buildUnits(graph, shape);
  const successions = successionsOf(graph, shape, unitOf);
  const unitAt = codeHolders(units);

  // What hangs on the units.
  const counties = countiesOf(graph.snapshotCodes, lists.k2024, lists.k2018, units);
  const { populations, unplacedPopulation } = placePopulations(files.population, unitAt);
  const { offices, officeAreas, unplacedOfficeAreas } = readDifiOffices(files.difiOffices, unitAt, new Set(counties.map((c) => c.code)));

  return { counties, units, successions, populations, unplacedPopulation, offices, officeAreas, unplacedOfficeAreas, repairedNames };
}
