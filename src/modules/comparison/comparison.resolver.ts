import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { Args, type ClassType, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { UNKNOWN_CODES_REFUSED } from '../../schema/unknown-code';
import { County, Municipality, Office } from '../geography/geography.type';
import { Source } from '../sources/source.type';
import { CompareArgs, CompositeIndexArgs, RankingArgs, TargetAttainmentArgs, TimeSeriesArgs } from './comparison.args';
import {
  type AreaRow,
  type ListedAreaRow,
  RELATED_DESCRIPTIONS,
  carriedCounty,
  carriedMunicipality,
  carriedOffice,
  Comparison,
  ComparisonCell,
  ComparisonRow,
  CompositeIndex,
  CompositeRow,
  LeftOutUnit,
  MissingEntry,
  Ranking,
  RankingRow,
  TargetAttainment,
  TargetResult,
  TimeSeries,
  TimeSeriesPoint,
} from './comparison.type';

@Resolver()
export class ComparisonResolver {
  @Query(() => Ranking, {
    description: `Offices (or municipalities) ranked on one indicator for one period, best first by the indicator's direction, with every unit in scope that is not ranked and why, and warnings to read before publishing. Computed in one SQL statement. ${UNKNOWN_CODES_REFUSED}`,
  })
  async ranking(@Args() args: RankingArgs, @Ctx() ctx: Context): Promise<Ranking> {
    return ctx.services.comparison.ranking(args);
  }

  @Query(() => Comparison, { description: `A matrix: offices and municipalities (rows) against indicators and periods (cells), each cell with its source and citation. ${UNKNOWN_CODES_REFUSED}` })
  async compare(@Args() args: CompareArgs, @Ctx() ctx: Context): Promise<Comparison> {
    return ctx.services.comparison.compare(args);
  }

  @Query(() => TimeSeries, { description: `One indicator over every published period for one office or municipality, with the change from the period before and the trend by the indicator's direction. ${UNKNOWN_CODES_REFUSED}` })
  async timeSeries(@Args() args: TimeSeriesArgs, @Ctx() ctx: Context): Promise<TimeSeries> {
    return ctx.services.comparison.timeSeries(args.indicator, args);
  }

  @Query(() => TargetAttainment, { description: `The targets an office (or a municipality and its offices) published for a period, each MET, NOT_MET or NO_VALUE, with counts. ${UNKNOWN_CODES_REFUSED}` })
  async targetAttainment(@Args() args: TargetAttainmentArgs, @Ctx() ctx: Context): Promise<TargetAttainment> {
    return ctx.services.comparison.targetAttainment(args, args.period);
  }

  @Query(() => CompositeIndex, {
    description: `Several indicators combined into one score per unit: each scaled 1–6 by direction over the units in scope (best 6, worst 1, linear between; all equal: all 6), then a weighted mean. Each contribution is shown; units lacking more than maxMissing indicators are left out and listed. ${UNKNOWN_CODES_REFUSED}`,
  })
  async compositeIndex(@Args() args: CompositeIndexArgs, @Ctx() ctx: Context): Promise<CompositeIndex> {
    return ctx.services.comparison.compositeIndex(args);
  }
}

/**
 * `rows` and `missing` of a ranking fill in, on every row, the office, municipality, county,
 * source and citation the selection asks for before the rows are walked (see ListedAreaRow):
 * made from the columns the ranking statement joined to the row, so a ranking answers in one
 * statement, and read by the executor as plain fields instead of a resolver call per row and
 * field (measured with `npm run bench`).
 */
@Resolver(() => Ranking)
export class RankingListsResolver {
  @FieldResolver(() => [RankingRow])
  async rows(@Root() ranking: Ranking, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<RankingRow[]> {
    const asked = selectedFieldNames(info);
    if (asked.has('citation')) for (const row of ranking.rows) row.cite();
    if (asked.has('source')) {
      await fill(ranking.rows, 'source', (row) => row.sourceId, (row) => row.carriedSource, ctx.loaders.source);
    }
    return fillAreas(ranking.rows, asked, ctx);
  }

  @FieldResolver(() => [MissingEntry])
  async missing(@Root() ranking: Ranking, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<MissingEntry[]> {
    return fillAreas(ranking.missing, selectedFieldNames(info), ctx);
  }
}

/** Names of the fields selected under the current field, through fragments (aliases do not matter). */
function selectedFieldNames(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

async function fillAreas<T extends ListedAreaRow>(rows: T[], asked: Set<string>, ctx: Context): Promise<T[]> {
  await Promise.all([
    asked.has('office') && fill(rows, 'office', (row) => row.officeId, (row, id) => row.carried && carriedOffice(id, row.carried), ctx.loaders.office),
    asked.has('municipality') &&
      fill(rows, 'municipality', (row) => row.municipalityId, (row, id) => row.carried && carriedMunicipality(id, row.carried), ctx.loaders.municipality),
    asked.has('county') && fill(rows, 'county', (row) => row.countyCode, (row) => row.carried && carriedCounty(row.carried), ctx.loaders.county),
  ]);
  return rows;
}

/**
 * Sets `field` on every row: null where the row names no object, the object its statement
 * carried, else what the loader answers for its key, each key asked for once (4,000 rows of a
 * ranking usually cite one or two sources) and in one batch. An Error the loader answers for a
 * key stays on the row, where the executor reports it as that row's field error.
 */
async function fill<T, F extends keyof T, K>(
  rows: T[],
  field: F,
  key: (row: T) => K | null | undefined,
  carried: (row: T, key: K) => T[F] | undefined,
  loader: { loadMany(keys: readonly K[]): Promise<(T[F] | Error)[]> },
): Promise<void> {
  const keys = new Set<K>();
  for (const row of rows) {
    const k = key(row);
    if (k === null || k === undefined || k === '') {
      row[field] = null as T[F];
      continue;
    }
    const value = carried(row, k);
    if (value === undefined) keys.add(k);
    else row[field] = value;
  }
  if (keys.size === 0) return;
  const unique = [...keys];
  const values = await loader.loadMany(unique);
  const found = new Map<K, T[F] | Error>();
  unique.forEach((k, i) => found.set(k, values[i] as T[F] | Error));
  for (const row of rows) {
    const k = key(row);
    if (k !== null && k !== undefined && k !== '' && row[field] === undefined) row[field] = found.get(k) as T[F];
  }
}

/** `office`, `municipality` and `county` of a row that names an area, through the per-request loaders. */
function areaResolver<T extends AreaRow>(type: ClassType<T>) {
  @Resolver(() => type)
  class AreaFields {
    @FieldResolver(() => Office, { nullable: true, description: RELATED_DESCRIPTIONS.office })
    office(@Root() row: AreaRow, @Ctx() ctx: Context): Promise<Office | null> | null {
      return row.officeId === null ? null : ctx.loaders.office.load(row.officeId);
    }

    @FieldResolver(() => Municipality, { nullable: true, description: RELATED_DESCRIPTIONS.municipality })
    municipality(@Root() row: AreaRow, @Ctx() ctx: Context): Promise<Municipality | null> | null {
      return row.municipalityId === null ? null : ctx.loaders.municipality.load(row.municipalityId);
    }

    @FieldResolver(() => County, { nullable: true, description: RELATED_DESCRIPTIONS.county })
    county(@Root() row: AreaRow, @Ctx() ctx: Context): Promise<County | null> | null {
      return row.countyCode ? ctx.loaders.county.load(row.countyCode) : null;
    }
  }
  return AreaFields;
}

/** `source` of a row that cites a document, through the per-request loader. */
function sourceResolver<T extends { sourceId: number | null }>(type: ClassType<T>) {
  @Resolver(() => type)
  class SourceField {
    @FieldResolver(() => Source, { nullable: true, description: RELATED_DESCRIPTIONS.source })
    source(@Root() row: { sourceId: number | null }, @Ctx() ctx: Context): Promise<Source | null> | null {
      return row.sourceId === null ? null : ctx.loaders.source.load(row.sourceId);
    }
  }
  return SourceField;
}

export const ComparisonRowAreaResolver = areaResolver(ComparisonRow);
export const ComparisonCellSourceResolver = sourceResolver(ComparisonCell);
export const TimeSeriesAreaResolver = areaResolver(TimeSeries);
export const TimeSeriesPointSourceResolver = sourceResolver(TimeSeriesPoint);
export const TargetAttainmentAreaResolver = areaResolver(TargetAttainment);
export const TargetResultAreaResolver = areaResolver(TargetResult);
export const TargetResultSourceResolver = sourceResolver(TargetResult);
export const CompositeRowAreaResolver = areaResolver(CompositeRow);
export const LeftOutUnitAreaResolver = areaResolver(LeftOutUnit);

/** Every resolver of the comparison module, for the schema build. */
export const comparisonResolvers = [
  ComparisonResolver,
  RankingListsResolver,
  ComparisonRowAreaResolver,
  ComparisonCellSourceResolver,
  TimeSeriesAreaResolver,
  TimeSeriesPointSourceResolver,
  TargetAttainmentAreaResolver,
  TargetResultAreaResolver,
  TargetResultSourceResolver,
  CompositeRowAreaResolver,
  LeftOutUnitAreaResolver,
] as const;
