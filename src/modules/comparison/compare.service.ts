import { present } from '../../invariant';
import type { Database } from '../../db/database';
import { ClientError } from '../../schema/errors';
import { unknownCode } from '../../schema/unknown-code';
import { Municipality } from '../geography/geography.type';
import { definitionNoteWarnings } from '../observations/definition-notes';
import { Indicator } from '../taxonomy/taxonomy.type';
import { LIMITS } from './comparison.args';
import { COMPARE_SQL, CompareRow } from './compare.sql';
import { Comparison, ComparisonCell, ComparisonRow, MissingReason } from './comparison.type';
import { areaOf, citeRow, NAMED_IN_WARNING, num, unique, unknownIndicator } from './comparison.shared';

/** A comparison matrix (compare.sql.ts): one row per office or municipality, one cell per indicator and period. */

export interface CompareQuery {
  offices?: string[] | null;
  municipalities?: string[] | null;
  indicators: string[];
  periods: string[];
}

export async function compare(db: Database, q: CompareQuery): Promise<Comparison> {
  const offices = q.offices ?? [];
  const municipalities = q.municipalities ?? [];
  if (offices.length + municipalities.length === 0) {
    throw new ClientError('Name at least one office or municipality to compare, e.g. offices: ["24837"].', 'BAD_USER_INPUT', 'offices');
  }
  const cells = (offices.length + municipalities.length) * q.indicators.length * q.periods.length;
  if (cells > LIMITS.compareCells) {
    throw new ClientError(
      `That comparison has ${cells} cells (units × indicators × periods) and the limit is ${LIMITS.compareCells}; ask for fewer units, indicators or periods.`,
      'BAD_USER_INPUT',
      'periods',
    );
  }
  const rows = await db.rows(CompareRow, 'comparison.compare', COMPARE_SQL, [offices, municipalities, q.indicators, q.periods]);
  const unknownIndicators = unique(rows.filter((r) => r.indicator_id === null).map((r) => r.indicator_code));
  if (unknownIndicators.length) throw unknownIndicator(unknownIndicators, 'indicators');
  const unknownOffices = unique(rows.filter((r) => r.unit_id === null && r.level === 'office').map((r) => r.code));
  if (unknownOffices.length) throw unknownCode('office', 'offices', unknownOffices);
  const unknownMunicipalities = unique(rows.filter((r) => r.unit_id === null && r.level === 'municipality').map((r) => r.code));
  if (unknownMunicipalities.length) throw unknownCode('municipality', 'municipalities', unknownMunicipalities);

  const indicators = new Map<number, Indicator>();
  for (const r of rows) {
    const id = present(r.indicator_id, 'the indicator id of a comparison row');
    if (!indicators.has(id)) indicators.set(id, Indicator.from(present(r.indicator, `indicator ${id}`)));
  }
  const byUnit = new Map<string, ComparisonRow>();
  for (const r of rows) {
    const key = `${r.level}:${r.code}`;
    let row = byUnit.get(key);
    if (!row) {
      row = Object.assign(new ComparisonRow(), areaOf(r.level, r.unit_id, r.name, r.code), { cells: [] });
      byUnit.set(key, row);
    }
    row.cells.push(comparisonCell(r, present(indicators.get(r.indicator_id ?? -1), 'the indicator of a comparison cell'), row.name));
  }
  const comparison = new Comparison();
  comparison.indicators = [...indicators.values()];
  comparison.periods = q.periods;
  comparison.rows = [...byUnit.values()];
  comparison.warnings = comparisonWarnings(comparison);
  comparison.warnings.push(...(await definitionNoteWarnings(db, comparison.rows.flatMap((row) => row.cells.map((c) => ({ indicatorId: c.indicatorId, sourceId: c.sourceId }))))));
  return comparison;
}

function comparisonCell(r: CompareRow, indicator: Indicator, areaName: string): ComparisonCell {
  const comparable = r.unit === null || r.unit === r.indicator_unit;
  const missingReason = !r.found
    ? MissingReason.NO_VALUE
    : r.suppressed
      ? MissingReason.SUPPRESSED
      : comparable
        ? null
        : MissingReason.NOT_COMPARABLE;
  return Object.assign(new ComparisonCell(), {
    indicatorId: present(r.indicator_id, 'the indicator id of a comparison cell'),
    indicator,
    period: r.period,
    value: num(r.value),
    exactValue: r.value,
    valueText: r.value_text,
    unit: r.found ? (r.unit ?? indicator.unit) : null,
    quote: r.quote,
    citation: r.found ? citeRow({ ...r, name: r.figure_municipality?.name ?? areaName }) : null,
    flags: r.flags ?? [],
    missingReason,
    sourceId: r.source_id,
    sourceTitle: r.source_title,
    sourcePublisher: r.source_publisher,
    sourceUrl: r.source_url,
    revised: r.revised,
    figureMunicipality: r.figure_municipality ? Municipality.from(r.figure_municipality) : null,
  });
}

function listCells(cells: { row: ComparisonRow; cell: ComparisonCell }[]): string {
  const text = cells.slice(0, NAMED_IN_WARNING).map(({ row, cell }) => `${row.name}, ${cell.indicator.code}, ${cell.period}`);
  return cells.length > NAMED_IN_WARNING ? `${text.join('; ')} and ${cells.length - NAMED_IN_WARNING} more` : text.join('; ');
}

function comparisonWarnings(c: Comparison): string[] {
  const warnings: string[] = [];
  const units = unique(c.indicators.map((i) => i.unit));
  if (units.length > 1) {
    warnings.push(`The indicators have different units (${units.join(', ')}): read them side by side, never add, average or rank them together.`);
  }
  const cells = c.rows.flatMap((row) => row.cells.map((cell) => ({ row, cell })));
  const by = (reason: MissingReason) => cells.filter(({ cell }) => cell.missingReason === reason);
  const none = by(MissingReason.NO_VALUE);
  if (none.length) warnings.push(`No figure for ${none.length} of ${cells.length} cells: ${listCells(none)}.`);
  const withheld = by(MissingReason.SUPPRESSED);
  if (withheld.length) warnings.push(`Withheld by the publisher (not zero): ${listCells(withheld)}.`);
  const other = by(MissingReason.NOT_COMPARABLE);
  if (other.length) warnings.push(`Published in another unit than the indicator's: ${listCells(other)}.`);
  const before = cells.filter(({ cell }) => cell.figureMunicipality !== null);
  if (before.length) {
    const units = unique(before.map(({ cell }) => unitLabel(present(cell.figureMunicipality, 'the municipality a figure was published for'))));
    warnings.push(
      `Figures of a municipality as it was before a boundary change (${units.join('; ')}): ${listCells(before)}. They cover another area than today's municipality of the same code; compare them only with figures on the same borders.`,
    );
  }
  return warnings;
}

/** A municipality unit as a reader tells it apart from the one that took its code: "Stavanger (1103, until 2019)". */
function unitLabel(m: Municipality): string {
  const years = m.validToYear !== null ? `until ${m.validToYear}` : m.validFromYear !== null ? `from ${m.validFromYear}` : null;
  return `${m.name} (${m.code}${years ? `, ${years}` : ''})`;
}
