import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsPositive,
  Matches,
  Max,
  Min,
  registerDecorator,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { ArgsType, Field, Float, InputType, Int } from 'type-graphql';
import { Normalisation, RankBy, RankingLevel } from './comparison.type';
import { PERIOD_EXAMPLES, PERIOD_PATTERN } from '../observations/period';
import { INDICATOR_CODE_EXAMPLE, INDICATOR_CODE_PATTERN as INDICATOR_CODE } from '../taxonomy/indicator-code';

const OFFICE_CODE = /^[\w.-]{1,40}$/;
const MUNICIPALITY_CODE = /^\d{4}$/;

const indicatorMessage = `must be an indicator code such as "${INDICATOR_CODE_EXAMPLE}"`;
const periodMessage = `must look like ${PERIOD_EXAMPLES}`;

/** Limits that keep one request's work bounded. */
export const LIMITS = {
  scopeOffices: 500,
  scopeMunicipalities: 400,
  compareUnits: 50,
  compareIndicators: 20,
  comparePeriods: 20,
  /** units × indicators × periods of one comparison */
  compareCells: 2000,
  compositeIndicators: 20,
  top: 1000,
} as const;

/** Where a validation problem is, as a dotted path ("scope.county"), and what it says. */
export interface Problem {
  path: string;
  message: string;
}

/** Every problem of a validated object, nested input objects included, as dotted paths. */
export function problemsOf(value: unknown, prefix = ''): Problem[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => problemsOf(v, `${prefix}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  // As type-graphql validates arguments: a field left out (or null) is not checked.
  return flatten(validateSync(value, { forbidUnknownValues: false, skipMissingProperties: true }), prefix);
}

function flatten(errors: ValidationError[], prefix: string): Problem[] {
  return errors.flatMap((e) => {
    const path = prefix ? (e.property.startsWith('[') ? `${prefix}${e.property}` : `${prefix}.${e.property}`) : e.property;
    const own = Object.entries(e.constraints ?? {})
      // The nested problems are listed one by one below, under their own path.
      .filter(([name]) => name !== 'validNested')
      .map(([, message]) => ({ path, message }));
    return [...own, ...flatten(e.children ?? [], path), ...(e.constraints?.validNested ? problemsOf(e.value, path) : [])];
  });
}

/**
 * Validates a nested input object (or a list of them) and reports its problems on the parent
 * argument, each naming its field: the hub's error format shows only top-level constraints.
 */
function ValidNested(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'validNested',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) => problemsOf(value).length === 0,
        // Messages name their field already; an item of a list is named by its place.
        defaultMessage: (args) =>
          problemsOf(args?.value)
            .map((p) => (p.path.startsWith('[') ? `${p.path}: ${p.message}` : p.message))
            .join('; '),
      },
    });
}

@InputType({
  description:
    'Which offices, municipalities or counties to rank. Filters combine: every one given must hold. Without any, the units that publish the indicator at this level at all; with `allUnits`, every unit of the period. At county level only `county` and `allUnits` apply.',
})
export class RankingScope {
  @Field(() => String, { nullable: true, description: 'Only units of this county (two-digit county number, e.g. "03" for Oslo, "18" for Nordland).' })
  @Matches(/^\d{2}$/, { message: 'county must be a two-digit county number such as "18"' })
  county?: string;

  @Field(() => String, { nullable: true, description: 'Only this municipality; at office level, the offices serving it (Oslo "0301": its district offices).' })
  @Matches(MUNICIPALITY_CODE, { message: 'municipality must be a four-digit municipality code such as "0301"' })
  municipality?: string;

  @Field(() => [String], { nullable: true, description: `Only these offices (office codes); at municipality level, the municipalities they serve. At most ${LIMITS.scopeOffices}.` })
  @ArrayMaxSize(LIMITS.scopeOffices, { message: `offices may list at most ${LIMITS.scopeOffices} codes` })
  @Matches(OFFICE_CODE, { each: true, message: 'offices must be office codes such as "24837"' })
  offices?: string[];

  @Field(() => [String], { nullable: true, description: `Only these municipalities (four-digit codes); at office level, the offices serving them. At most ${LIMITS.scopeMunicipalities}.` })
  @ArrayMaxSize(LIMITS.scopeMunicipalities, { message: `municipalities may list at most ${LIMITS.scopeMunicipalities} codes` })
  @Matches(MUNICIPALITY_CODE, { each: true, message: 'municipalities must be four-digit municipality codes such as "1804"' })
  municipalities?: string[];

  @Field(() => String, {
    nullable: true,
    description:
      'Only peers of this municipality: units whose population is in the same band as its population (bands: under 5 000, 5 000–19 999, 20 000–49 999, 50 000–99 999, 100 000 and more inhabitants), on the population of the ranking year or, where that is not published yet, the latest year before it.',
  })
  @Matches(MUNICIPALITY_CODE, { message: 'peerOf must be a four-digit municipality code such as "1804"' })
  peerOf?: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Only municipalities of this KOSTRA group (SSB's peer groups by size and economy, 1–16, as of about 2015; see `municipality { kostraGroup }`), or at office level the offices serving them. Municipalities formed since (e.g. in the 2020 reform) belong to no group.",
  })
  @Matches(/^(?:[1-9]|1[0-6])$/, { message: 'kostraGroup must be a KOSTRA group number from 1 to 16, such as "13"' })
  kostraGroup?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Every unit that existed in the period ranked (the municipalities of that year, the offices serving an area that year, the counties of that year), not only those that publish the indicator at this level, so that `missing` names the silent ones too and `coverage` is out of all of them.',
  })
  allUnits?: boolean;
}

@ArgsType()
export class RankingArgs {
  @Field({ description: 'Indicator code, e.g. "social_assistance.recipients_population_share".' })
  @Matches(INDICATOR_CODE, { message: `indicator ${indicatorMessage}` })
  indicator: string;

  @Field(() => String, { nullable: true, description: 'The period to rank: "2023", "2015-Q3" or "2018-03". Without it (and without `latest`), the latest period any unit in scope has a figure for.' })
  @Matches(PERIOD_PATTERN, { message: `period ${periodMessage}` })
  period?: string;

  @Field(() => Boolean, { nullable: true, description: "Rank each unit on its own latest figure (rows then carry their own periods, and a warning says when they differ). Not together with `period`." })
  latest?: boolean;

  @Field(() => RankingLevel, { nullable: true, description: 'Rank offices (default) or municipalities.' })
  level?: RankingLevel;

  @Field(() => Normalisation, { nullable: true, description: 'Divide counts by the population of the same year; refused for shares and rates. Default NONE.' })
  normalise?: Normalisation;

  @Field(() => RankingScope, { nullable: true, description: 'Which units to rank.' })
  @ValidNested()
  scope?: RankingScope;

  @Field(() => String, { nullable: true, description: 'Compare each figure with this period (e.g. "2015") instead of the period before; it must be the same kind of period (a year with a year).' })
  @Matches(PERIOD_PATTERN, { message: `compareTo ${periodMessage}` })
  compareTo?: string;

  @Field(() => RankBy, { nullable: true, description: 'Rank by the value (default) or by the change since the period compared with: "which districts improved most since 2015".' })
  rankBy?: RankBy;

  @Field(() => Int, { nullable: true, description: 'Leave out units with fewer inhabitants that year (listed as BELOW_MIN_POPULATION).' })
  @Min(0, { message: 'minPopulation must be 0 or more' })
  @Max(10_000_000, { message: 'minPopulation must be at most 10000000' })
  minPopulation?: number;

  @Field(() => Int, { nullable: true, description: `Only rows ranked this or better (ties at the cut are all kept); statistics still use every ranked unit. 1 to ${LIMITS.top}.` })
  @Min(1, { message: 'top must be at least 1' })
  @Max(LIMITS.top, { message: `top may be at most ${LIMITS.top}` })
  top?: number;
}

@ArgsType()
export class CompareArgs {
  @Field(() => [String], { nullable: true, description: `Office codes, one row each, in this order. At most ${LIMITS.compareUnits}.` })
  @ArrayMaxSize(LIMITS.compareUnits, { message: `offices may list at most ${LIMITS.compareUnits} codes` })
  @ArrayUnique({ message: 'offices must not repeat a code' })
  @Matches(OFFICE_CODE, { each: true, message: 'offices must be office codes such as "24837"' })
  offices?: string[];

  @Field(() => [String], { nullable: true, description: `Municipality codes, one row each, after the offices. At most ${LIMITS.compareUnits}.` })
  @ArrayMaxSize(LIMITS.compareUnits, { message: `municipalities may list at most ${LIMITS.compareUnits} codes` })
  @ArrayUnique({ message: 'municipalities must not repeat a code' })
  @Matches(MUNICIPALITY_CODE, { each: true, message: 'municipalities must be four-digit municipality codes such as "1804"' })
  municipalities?: string[];

  @Field(() => [String], { description: `Indicator codes, one column group each. 1 to ${LIMITS.compareIndicators}.` })
  @ArrayMinSize(1, { message: 'indicators must list at least one indicator code' })
  @ArrayMaxSize(LIMITS.compareIndicators, { message: `indicators may list at most ${LIMITS.compareIndicators} codes` })
  @ArrayUnique({ message: 'indicators must not repeat a code' })
  @Matches(INDICATOR_CODE, { each: true, message: `indicators ${indicatorMessage}` })
  indicators: string[];

  @Field(() => [String], { description: `Periods, e.g. ["2016", "2017", "2018"]. 1 to ${LIMITS.comparePeriods}.` })
  @ArrayMinSize(1, { message: 'periods must list at least one period' })
  @ArrayMaxSize(LIMITS.comparePeriods, { message: `periods may list at most ${LIMITS.comparePeriods} periods` })
  @ArrayUnique({ message: 'periods must not repeat a period' })
  @Matches(PERIOD_PATTERN, { each: true, message: `periods ${periodMessage}` })
  periods: string[];
}

@ArgsType()
export class TimeSeriesArgs {
  @Field({ description: 'Indicator code.' })
  @Matches(INDICATOR_CODE, { message: `indicator ${indicatorMessage}` })
  indicator: string;

  @Field(() => String, { nullable: true, description: 'Office code (its own figures). Give an office or a municipality.' })
  @Matches(OFFICE_CODE, { message: 'office must be an office code such as "24837"' })
  office?: string;

  @Field(() => String, { nullable: true, description: 'Municipality code (figures for the whole municipality, e.g. Oslo i alt).' })
  @Matches(MUNICIPALITY_CODE, { message: 'municipality must be a four-digit municipality code such as "0301"' })
  municipality?: string;
}

@ArgsType()
export class TargetAttainmentArgs {
  @Field(() => String, { nullable: true, description: 'Office code: the targets the office published. Give an office or a municipality.' })
  @Matches(OFFICE_CODE, { message: 'office must be an office code such as "24837"' })
  office?: string;

  @Field(() => String, { nullable: true, description: 'Municipality code: the targets of the municipality and of the offices serving it.' })
  @Matches(MUNICIPALITY_CODE, { message: 'municipality must be a four-digit municipality code such as "1804"' })
  municipality?: string;

  @Field({ description: 'The period of the targets, e.g. "2018".' })
  @Matches(PERIOD_PATTERN, { message: `period ${periodMessage}` })
  period: string;
}

@InputType({ description: 'An indicator of a composite index and its weight.' })
export class IndicatorWeight {
  @Field({ description: 'Indicator code; it must have a direction.' })
  @Matches(INDICATOR_CODE, { message: `code ${indicatorMessage}` })
  code: string;

  @Field(() => Float, { defaultValue: 1, description: 'Relative weight, more than 0 (default 1).' })
  @IsPositive({ message: 'weight must be more than 0' })
  @Max(1000, { message: 'weight must be at most 1000' })
  weight: number;
}

@ArgsType()
export class CompositeIndexArgs {
  @Field(() => [IndicatorWeight], { description: `The indicators and their weights, 1 to ${LIMITS.compositeIndicators}, each code once.` })
  @ArrayMinSize(1, { message: 'indicators must list at least one indicator' })
  @ArrayMaxSize(LIMITS.compositeIndicators, { message: `indicators may list at most ${LIMITS.compositeIndicators}` })
  @ArrayUnique((i: IndicatorWeight) => i.code, { message: 'indicators must not repeat a code' })
  @ValidNested()
  indicators: IndicatorWeight[];

  @Field({ description: 'The period, e.g. "2018".' })
  @Matches(PERIOD_PATTERN, { message: `period ${periodMessage}` })
  period: string;

  @Field(() => RankingLevel, { nullable: true, description: 'Offices (default) or municipalities.' })
  level?: RankingLevel;

  @Field(() => RankingScope, { nullable: true, description: 'Which units to score; without it, the units that publish any of the indicators at this level.' })
  @ValidNested()
  scope?: RankingScope;

  @Field(() => Int, { defaultValue: 0, description: 'How many of the indicators a unit may lack and still be scored (on the others); units lacking more are left out and listed.' })
  @Min(0, { message: 'maxMissing must be 0 or more' })
  @Max(LIMITS.compositeIndicators - 1, { message: `maxMissing must be at most ${LIMITS.compositeIndicators - 1}` })
  maxMissing: number;

  @Field(() => Int, { nullable: true, description: `Only rows ranked this or better (ties at the cut kept). 1 to ${LIMITS.top}.` })
  @Min(1, { message: 'top must be at least 1' })
  @Max(LIMITS.top, { message: `top may be at most ${LIMITS.top}` })
  top?: number;
}
