import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { Args, type ClassType, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { UNKNOWN_CODES_REFUSED } from '../../schema/unknown-code';
import { County, Municipality, Office } from '../geography/geography.type';
import { Source } from '../sources/source.type';
import { CompareArgs, CompositeIndexArgs, RankingArgs, TargetAttainmentArgs, TimeSeriesArgs } from './comparison.args';
import {
  type AreaRow,
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
  type Preloaded,
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
 * `rows` and `missing` of a ranking hand each row the office, municipality, county and source its
 * selection asks for before graphql-js walks the rows: made from the columns the ranking statement
 * joined to the row, so a ranking answers in one statement, and a row's field resolver returns at
 * once instead of waiting for a loader round per row (measured with `npm run bench`).
 */
@Resolver(() => Ranking)
export class RankingListsResolver {
  @FieldResolver(() => [RankingRow])
  async rows(@Root() ranking: Ranking, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<RankingRow[]> {
    return preloadRelations(ranking.rows, ctx, info);
  }

  @FieldResolver(() => [MissingEntry])
  async missing(@Root() ranking: Ranking, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<MissingEntry[]> {
    return preloadRelations(ranking.missing, ctx, info);
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

type ListRow = AreaRow & { sourceId?: number | null; carriedSource?: Source };

/** The objects asked for that the row's own statement carried (see AreaRow.carried). */
function preloadCarried(rows: ListRow[], asked: Set<string>): void {
  const office = asked.has('office');
  const municipality = asked.has('municipality');
  const county = asked.has('county');
  const source = asked.has('source');
  if (!office && !municipality && !county && !source) return;
  for (const row of rows) {
    const c = row.carried;
    if (c) {
      if (office && row.officeId !== null) setPreloaded(row, 'office', carriedOffice(row.officeId, c));
      if (municipality && row.municipalityId !== null) setPreloaded(row, 'municipality', carriedMunicipality(row.municipalityId, c));
      if (county && row.countyCode) setPreloaded(row, 'county', carriedCounty(c));
    }
    if (source && row.carriedSource) setPreloaded(row, 'source', row.carriedSource);
  }
}

function setPreloaded<F extends keyof Preloaded>(row: AreaRow, field: F, value: Preloaded[F] | undefined): void {
  if (value !== undefined) (row.preloaded ??= {})[field] = value;
}

/**
 * Loads for every row at once what its statement did not carry: one await per kind of object
 * and one batched statement per kind, none for a kind not asked for or carried by every row.
 */
async function preloadRelations<T extends ListRow>(rows: T[], ctx: Context, info: GraphQLResolveInfo): Promise<T[]> {
  const asked = selectedFieldNames(info);
  preloadCarried(rows, asked);
  const load = async <K, V>(field: keyof Preloaded, key: (row: T) => K | null | undefined, loader: { loadMany(keys: readonly K[]): Promise<(V | Error)[]> }) => {
    if (!asked.has(field)) return;
    // Each key once: 4,000 rows of a ranking usually cite one or two sources.
    const keys = new Set<K>();
    for (const row of rows) {
      if (row.preloaded?.[field] !== undefined) continue;
      const k = key(row);
      if (k !== null && k !== undefined) keys.add(k);
    }
    if (keys.size === 0) return;
    const unique = [...keys];
    const values = await loader.loadMany(unique);
    const found = new Map<K, V>();
    // An error stays with the loader: that row's own field resolver meets it and reports it there.
    unique.forEach((k, i) => {
      const value = values[i];
      if (value !== undefined && !(value instanceof Error)) found.set(k, value);
    });
    for (const row of rows) {
      if (row.preloaded?.[field] !== undefined) continue;
      const k = key(row);
      if (k !== null && k !== undefined && found.has(k)) (row.preloaded ??= {})[field] = found.get(k) as never;
    }
  };
  await Promise.all([
    load('office', (row) => row.officeId, ctx.loaders.office),
    load('municipality', (row) => row.municipalityId, ctx.loaders.municipality),
    load('county', (row) => row.countyCode, ctx.loaders.county),
    load('source', (row) => row.sourceId, ctx.loaders.source),
  ]);
  return rows;
}

/**
 * `office`, `municipality` and `county` of a row that names an area: what the list preloaded
 * (synchronously, so graphql-js does not wait a tick per row), else through the per-request loaders.
 */
function areaResolver<T extends AreaRow>(type: ClassType<T>) {
  @Resolver(() => type)
  class AreaFields {
    @FieldResolver(() => Office, { nullable: true, description: 'The office, when the row is about an office.' })
    office(@Root() row: AreaRow, @Ctx() ctx: Context): Office | null | Promise<Office | null> {
      if (row.officeId === null) return null;
      return row.preloaded?.office !== undefined ? row.preloaded.office : ctx.loaders.office.load(row.officeId);
    }

    @FieldResolver(() => Municipality, { nullable: true, description: 'The municipality, when the row is about a whole municipality.' })
    municipality(@Root() row: AreaRow, @Ctx() ctx: Context): Municipality | null | Promise<Municipality | null> {
      if (row.municipalityId === null) return null;
      return row.preloaded?.municipality !== undefined ? row.preloaded.municipality : ctx.loaders.municipality.load(row.municipalityId);
    }

    @FieldResolver(() => County, { nullable: true, description: 'The county, when the row is about a county.' })
    county(@Root() row: AreaRow, @Ctx() ctx: Context): County | null | Promise<County | null> {
      if (!row.countyCode) return null;
      return row.preloaded?.county !== undefined ? row.preloaded.county : ctx.loaders.county.load(row.countyCode);
    }
  }
  return AreaFields;
}

/** `source` of a row that cites a document: what the list preloaded, else through the per-request loader. */
function sourceResolver<T extends { sourceId: number | null }>(type: ClassType<T>) {
  @Resolver(() => type)
  class SourceField {
    @FieldResolver(() => Source, { nullable: true, description: 'The document the figure was published in (title, url, publisher); null where there is no figure.' })
    source(@Root() row: { sourceId: number | null; preloaded?: Preloaded }, @Ctx() ctx: Context): Source | null | Promise<Source | null> {
      if (row.sourceId === null) return null;
      return row.preloaded?.source !== undefined ? row.preloaded.source : ctx.loaders.source.load(row.sourceId);
    }
  }
  return SourceField;
}

export const RankingRowAreaResolver = areaResolver(RankingRow);
export const RankingRowSourceResolver = sourceResolver(RankingRow);
export const MissingEntryAreaResolver = areaResolver(MissingEntry);
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
  RankingRowAreaResolver,
  RankingRowSourceResolver,
  MissingEntryAreaResolver,
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
