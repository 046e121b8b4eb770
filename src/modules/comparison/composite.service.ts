import { present } from '../../invariant';
import { z } from 'zod';
import type { Database } from '../../db/database';
import { column } from '../../db/rows';
import { Direction } from '../../schema/enums';
import { citation } from '../observations/observation.type';
import { IndicatorRow } from '../taxonomy/taxonomy.rows';
import { Indicator } from '../taxonomy/taxonomy.type';
import { COMPOSITE_INDEX_SQL } from './composite.sql';
import { CompositeContribution, CompositeIndex, CompositeIndicator, CompositeRow, LeftOutUnit, Normalisation, RankingLevel } from './comparison.type';
import { areaOf, checkScope, names, noDirection, num, type ScopeChecks, type ScopeQuery, unknownIndicator } from './comparison.shared';

/** Several indicators combined into one score per unit (composite.sql.ts), with the units left out for lacking too many. */

export interface CompositeQuery {
  indicators: { code: string; weight: number }[];
  period: string;
  level?: RankingLevel | null;
  scope?: ScopeQuery | null;
  maxMissing?: number | null;
  top?: number | null;
}

export async function compositeIndex(db: Database, q: CompositeQuery): Promise<CompositeIndex> {
  const level = q.level ?? RankingLevel.OFFICE;
  const scope = q.scope ?? {};
  const maxMissing = q.maxMissing ?? 0;
  const rows = await db.rows(CompositeSqlRow, 'comparison.composite_index', COMPOSITE_INDEX_SQL, [
    q.indicators.map((i) => i.code),
    q.indicators.map((i) => i.weight),
    q.period,
    level,
    Normalisation.NONE,
    scope.county ?? null,
    scope.municipality ?? null,
    scope.offices ?? null,
    scope.municipalities ?? null,
    scope.peerOf ?? null,
    maxMissing,
    q.top ?? null,
    scope.allUnits ?? false,
    scope.kostraGroup ?? null,
  ]);
  // One row at least, of index-wide columns, whatever the scope (composite.sql.ts).
  const head = present(rows[0], 'the first row of the composite index');
  const unknown = head.indicators.filter((i) => i.id === null).map((i) => i.code);
  if (unknown.length) throw unknownIndicator(unknown, 'indicators');
  const indicators = new Map(head.indicators.map((i) => [present(i.id, `the id of indicator ${i.code}`), Indicator.from(present(i.indicator, `indicator ${i.code}`))]));
  const directionless = [...indicators.values()].find((i) => i.direction === Direction.NEITHER);
  if (directionless) throw noDirection(directionless, 'indicators');
  checkScope(head, scope);

  const index = new CompositeIndex();
  index.period = q.period;
  index.level = level;
  index.indicators = head.indicators.map((i) =>
    Object.assign(new CompositeIndicator(), {
      indicator: present(indicators.get(i.id ?? -1), `indicator ${i.code}`),
      weight: i.weight,
      direction: present(i.direction, `the direction of indicator ${i.code}`),
      min: num(i.min),
      max: num(i.max),
      unitsWithValue: i.n,
    }),
  );
  const units = rows.filter((r) => r.unit_id !== null);
  index.rows = units.filter((r) => r.rank !== null).map((r) => compositeRow(r, level, indicators));
  index.leftOut = units
    .filter((r) => r.rank === null)
    .map((r) => Object.assign(new LeftOutUnit(), areaOf(level, r.unit_id, r.name, r.code), { missingIndicators: r.missing ?? [] }));
  index.warnings = compositeWarnings(index, maxMissing);
  return index;
}

/** A weight: a float8 parameter of the statement, in JSON a number. */
const CompositeIndicatorJson = z.object({
  id: column.int.nullable(),
  code: z.string(),
  weight: z.number(),
  /** Null, with the indicator, for an unknown code. */
  direction: z.enum(Direction).nullable(),
  indicator: IndicatorRow.nullable(),
  min: column.numeric.nullable(),
  max: column.numeric.nullable(),
  n: column.int,
});

const ContributionJson = z.object({
  indicatorId: column.int,
  value: column.numeric,
  valueText: z.string().nullable(),
  scaled: column.numeric,
  weight: z.number(),
  contribution: column.numeric,
  publisher: z.string(),
  sourceTitle: z.string(),
  rawLabel: z.string(),
  period: z.string(),
  periodText: z.string().nullable(),
});

/**
 * A row of composite.sql.ts, checked where it enters (src/db/rows.ts): a composite index has a row
 * per unit in scope, fewer columns than a ranking and JSON in them, so zod checks every row. The
 * index-wide columns (the indicators, the scope checks) are the same on every row.
 */
const CompositeSqlRow = z.object({
  indicators: z.array(CompositeIndicatorJson),
  unknown_offices: z.array(z.string()).nullable(),
  unknown_municipalities: z.array(z.string()).nullable(),
  unknown_county: z.boolean(),
  unknown_municipality: z.boolean(),
  unknown_peer: z.boolean(),
  unknown_kostra_group: z.boolean(),
  unit_id: column.int.nullable(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  used: column.int.nullable(),
  missing: z.array(z.string()).nullable(),
  score: column.numeric.nullable(),
  contributions: z.array(ContributionJson).nullable(),
  rank: column.int.nullable(),
}) satisfies z.ZodType<ScopeChecks>;
type CompositeSqlRow = z.infer<typeof CompositeSqlRow>;

function compositeRow(r: CompositeSqlRow, level: RankingLevel, indicators: Map<number, Indicator>): CompositeRow {
  return Object.assign(new CompositeRow(), areaOf(level, r.unit_id, r.name, r.code), {
    rank: present(r.rank, 'the rank of a composite row'),
    score: Number(r.score),
    indicatorsUsed: present(r.used, 'the indicators used by a composite row'),
    missingIndicators: r.missing ?? [],
    contributions: (r.contributions ?? []).map((c) =>
      Object.assign(new CompositeContribution(), {
        indicatorId: c.indicatorId,
        indicator: present(indicators.get(c.indicatorId), `indicator ${c.indicatorId}`),
        value: Number(c.value),
        exactValue: c.value,
        valueText: c.valueText,
        scaled: Number(c.scaled),
        weight: c.weight,
        contribution: Number(c.contribution),
        citation: citation({
          publisher: c.publisher,
          sourceTitle: c.sourceTitle,
          areaName: present(r.name, 'the name of a composite row'),
          rawLabel: c.rawLabel,
          valueText: c.valueText,
          periodText: c.periodText,
          period: c.period,
        }),
      }),
    ),
  });
}

function compositeWarnings(index: CompositeIndex, maxMissing: number): string[] {
  const warnings: string[] = [];
  for (const i of index.indicators) {
    if (i.unitsWithValue === 0) {
      warnings.push(`No unit in scope has a usable figure for "${i.indicator.code}" in ${index.period}; it adds nothing to the index.`);
    } else if (i.min === i.max) {
      warnings.push(`All ${i.unitsWithValue} units with a figure for "${i.indicator.code}" have the same value (${i.min}); every one of them scores 6 on it.`);
    }
  }
  if (index.leftOut.length) {
    warnings.push(
      `${index.leftOut.length} units lack more than ${maxMissing} of the ${index.indicators.length} indicators and are left out: ${names(index.leftOut.map((u) => u.name))}.`,
    );
  }
  const partial = index.rows.filter((r) => r.missingIndicators.length > 0);
  if (partial.length) {
    warnings.push(`Scored on fewer indicators than asked (a mean over those they have): ${names(partial.map((r) => r.name))}.`);
  }
  return warnings;
}
