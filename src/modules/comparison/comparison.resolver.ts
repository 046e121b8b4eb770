import { Args, type ClassType, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { County, Municipality, Office } from '../geography/geography.type';
import { Source } from '../sources/source.type';
import { CompareArgs, CompositeIndexArgs, RankingArgs, TargetAttainmentArgs, TimeSeriesArgs } from './comparison.args';
import {
  type AreaRow,
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
    description:
      "Offices (or municipalities) ranked on one indicator for one period, best first by the indicator's direction, with every unit in scope that is not ranked and why, and warnings to read before publishing. Computed in one SQL statement.",
  })
  async ranking(@Args() args: RankingArgs, @Ctx() ctx: Context): Promise<Ranking> {
    return ctx.services.comparison.ranking(args);
  }

  @Query(() => Comparison, { description: 'A matrix: offices and municipalities (rows) against indicators and periods (cells), each cell with its source and citation.' })
  async compare(@Args() args: CompareArgs, @Ctx() ctx: Context): Promise<Comparison> {
    return ctx.services.comparison.compare(args);
  }

  @Query(() => TimeSeries, { description: "One indicator over every published period for one office or municipality, with the change from the period before and the trend by the indicator's direction." })
  async timeSeries(@Args() args: TimeSeriesArgs, @Ctx() ctx: Context): Promise<TimeSeries> {
    return ctx.services.comparison.timeSeries(args.indicator, args);
  }

  @Query(() => TargetAttainment, { description: 'The targets an office (or a municipality and its offices) published for a period, each MET, NOT_MET or NO_VALUE, with counts.' })
  async targetAttainment(@Args() args: TargetAttainmentArgs, @Ctx() ctx: Context): Promise<TargetAttainment> {
    return ctx.services.comparison.targetAttainment(args, args.period);
  }

  @Query(() => CompositeIndex, {
    description:
      'Several indicators combined into one score per unit: each scaled 1–6 by direction over the units in scope (best 6, worst 1, linear between; all equal: all 6), then a weighted mean. Each contribution is shown; units lacking more than maxMissing indicators are left out and listed.',
  })
  async compositeIndex(@Args() args: CompositeIndexArgs, @Ctx() ctx: Context): Promise<CompositeIndex> {
    return ctx.services.comparison.compositeIndex(args);
  }
}

/** `office` and `municipality` of a row that names an area, through the per-request loaders. */
function areaResolver<T extends AreaRow>(type: ClassType<T>) {
  @Resolver(() => type)
  class AreaFields {
    @FieldResolver(() => Office, { nullable: true, description: 'The office, when the row is about an office.' })
    async office(@Root() row: AreaRow, @Ctx() ctx: Context): Promise<Office | null> {
      return row.officeId === null ? null : ctx.loaders.office.load(row.officeId);
    }

    @FieldResolver(() => Municipality, { nullable: true, description: 'The municipality, when the row is about a whole municipality.' })
    async municipality(@Root() row: AreaRow, @Ctx() ctx: Context): Promise<Municipality | null> {
      return row.municipalityId === null ? null : ctx.loaders.municipality.load(row.municipalityId);
    }

    @FieldResolver(() => County, { nullable: true, description: 'The county, when the row is about a county.' })
    async county(@Root() row: AreaRow, @Ctx() ctx: Context): Promise<County | null> {
      return row.countyCode ? ctx.loaders.county.load(row.countyCode) : null;
    }
  }
  return AreaFields;
}

/** `source` of a row that cites a document, through the per-request loader. */
function sourceResolver<T extends { sourceId: number | null }>(type: ClassType<T>) {
  @Resolver(() => type)
  class SourceField {
    @FieldResolver(() => Source, { nullable: true, description: 'The document the figure was published in (title, url, publisher); null where there is no figure.' })
    async source(@Root() row: { sourceId: number | null }, @Ctx() ctx: Context): Promise<Source | null> {
      return row.sourceId === null ? null : ctx.loaders.source.load(row.sourceId);
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
