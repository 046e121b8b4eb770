import { registerEnumType } from 'type-graphql';
import type { Unit as UnitCode } from '../modules/observations/units';

/** GraphQL enums whose internal values are the strings stored in the database. */

export enum Direction {
  HIGHER_IS_BETTER = 'higher_is_better',
  LOWER_IS_BETTER = 'lower_is_better',
  NEITHER = 'neither',
}
registerEnumType(Direction, {
  name: 'Direction',
  description: 'Which way is better for an indicator; rankings follow it.',
  valuesConfig: {
    HIGHER_IS_BETTER: { description: 'More is better (e.g. transition to work).' },
    LOWER_IS_BETTER: { description: 'Less is better (e.g. social-assistance recipients).' },
    NEITHER: { description: 'No direction (e.g. staff numbers); such indicators are not ranked.' },
  },
});

export enum Unit {
  PERSONS = 'persons',
  PERCENT = 'percent',
  PERCENTAGE_POINTS = 'percentage_points',
  NOK = 'NOK',
  DAYS = 'days',
  NIGHTS = 'nights',
  WEEKS = 'weeks',
  COUNT = 'count',
  PER_1000_INHABITANTS = 'per_1000_inhabitants',
}
// Every unit of the one list (src/modules/observations/units.ts) must be a value here, or an
// indicator stored in it could not be read through the API; this fails to compile when they differ.
const unitsAgree: [`${Unit}`] extends [UnitCode] ? ([UnitCode] extends [`${Unit}`] ? true : never) : never = true;
void unitsAgree;
registerEnumType(Unit, {
  name: 'Unit',
  description: 'The unit a value is expressed in.',
  valuesConfig: {
    PERSONS: { description: 'A number of people.' },
    PERCENT: { description: 'A share, 0–100.' },
    PERCENTAGE_POINTS: { description: 'A difference between two percentages.' },
    NOK: { description: 'Norwegian kroner.' },
    DAYS: { description: 'Days (e.g. a processing time).' },
    NIGHTS: { description: 'Nights stayed (liggedøgn).' },
    WEEKS: { description: 'Weeks.' },
    COUNT: { description: 'A number of things other than people.' },
    PER_1000_INHABITANTS: { description: 'A rate per 1,000 inhabitants.' },
  },
});

export enum PeriodType {
  YEAR = 'year',
  YEAR_AVERAGE_OF_MONTHS = 'year_average_of_months',
  YEAR_AVERAGE_OF_QUARTERS = 'year_average_of_quarters',
  QUARTER = 'quarter',
  MONTH = 'month',
  POINT_IN_TIME = 'point_in_time',
  CHANGE_OVER_YEAR = 'change_over_year',
}
registerEnumType(PeriodType, {
  name: 'PeriodType',
  description: 'What period a value covers and how it was aggregated.',
  valuesConfig: {
    YEAR: { description: 'A total or share for the whole year.' },
    YEAR_AVERAGE_OF_MONTHS: { description: 'The average month of the year.' },
    YEAR_AVERAGE_OF_QUARTERS: { description: 'The average quarter of the year.' },
    QUARTER: { description: 'One quarter.' },
    MONTH: { description: 'One month.' },
    POINT_IN_TIME: { description: 'A count at one moment (e.g. 31 December).' },
    CHANGE_OVER_YEAR: { description: 'The change during the year.' },
  },
});

export enum QualityFlag {
  APPROXIMATE = 'approximate',
  PROVISIONAL = 'provisional',
  DERIVED = 'derived',
  INCONSISTENT = 'inconsistent',
  SUPPRESSED = 'suppressed',
  NOT_PUBLISHED = 'not_published',
  INCOMPLETE = 'incomplete',
  NO_DENOMINATOR = 'no_denominator',
  FOOTNOTED = 'footnoted',
  BREAK_IN_SERIES = 'break_in_series',
}
registerEnumType(QualityFlag, {
  name: 'QualityFlag',
  description: 'What is known about the quality of a figure.',
  valuesConfig: {
    APPROXIMATE: { description: 'Published as an approximation ("vel", "ca.", "rundt").' },
    PROVISIONAL: { description: 'Published as provisional.' },
    DERIVED: { description: 'Computed by the hub from published figures: a yearly value from a quarterly average, a sum over municipalities, a share from a count and a population.' },
    INCONSISTENT: { description: 'Disagrees with another figure of the same source (e.g. quarterly against yearly).' },
    SUPPRESSED: { description: 'Withheld by the publisher (e.g. fewer than 4 persons); there is no value.' },
    NOT_PUBLISHED: { description: 'The source has an empty cell here: no figure was published (or the extract dropped it). There is no value, and it is never a zero.' },
    INCOMPLETE: { description: "A sum the hub would derive over an area's municipalities, missing because some of them have no figure; the quote names them. There is no value." },
    NO_DENOMINATOR: { description: 'A share the hub would derive, missing because its denominator (a population or another figure) is not known; the quote says which. There is no value.' },
    FOOTNOTED: { description: 'The source prints a footnote marker on the value (906*, 2,6 1)); the marker stays in valueText and the footnote text, where the source gives it, is in footnote.' },
    BREAK_IN_SERIES: { description: 'The source marks a break in the series here: the figure is not comparable with the periods before it.' },
  },
});

export enum ObservationKind {
  ACTUAL = 'actual',
  TARGET = 'target',
}
registerEnumType(ObservationKind, {
  name: 'ObservationKind',
  description: 'Whether a figure is a result or a required result.',
  valuesConfig: {
    ACTUAL: { description: 'A result as achieved.' },
    TARGET: { description: 'A required result (resultatkrav, mål).' },
  },
});

export enum Comparator {
  LT = 'lt',
  LTE = 'lte',
  GT = 'gt',
  GTE = 'gte',
  EQ = 'eq',
  RANGE = 'range',
}
registerEnumType(Comparator, {
  name: 'Comparator',
  description: 'How a target compares a result with its bounds.',
  valuesConfig: {
    LT: { description: 'Below the upper bound (`< 450`).' },
    LTE: { description: 'At most the upper bound (`≤ 5`).' },
    GT: { description: 'Above the lower bound (`> 50 %`).' },
    GTE: { description: 'At least the lower bound (`≥ 15`).' },
    EQ: { description: 'Exactly the bound (`0`).' },
    RANGE: { description: 'Within the bounds, inclusive (`0-30`).' },
  },
});
