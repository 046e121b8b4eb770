import { registerEnumType } from 'type-graphql';

/** The enums of the comparison queries, shared by their types, arguments, downloads and routes. */

export enum RankingLevel {
  OFFICE = 'office',
  MUNICIPALITY = 'municipality',
  COUNTY = 'county',
}
registerEnumType(RankingLevel, {
  name: 'RankingLevel',
  description: 'What is ranked or compared: NAV offices, municipalities or counties.',
  valuesConfig: {
    OFFICE: {
      description:
        "NAV offices, on the offices' own figures or, for a count, the sum over the municipalities the office served that year (a city-district office is an office; Oslo i alt is not).",
    },
    MUNICIPALITY: { description: 'Municipalities, on figures for the whole municipality (e.g. Oslo i alt).' },
    COUNTY: {
      description:
        "Counties of the year asked (the 15 of 2024, or the 19 of 2015), on a published county figure or the sum over every municipality the county had that year; never ranked as municipalities.",
    },
  },
});

/** Internal values name the population column the denominator is read from. */
export enum Normalisation {
  NONE = 'none',
  PER_1000_INHABITANTS = 'total',
  PER_1000_AGED_20_66 = 'age_20_66',
  PER_1000_AGED_18_24 = 'age_18_24',
}
registerEnumType(Normalisation, {
  name: 'Normalisation',
  description: 'Divide a count by the population of the same year (1 January) so that areas of different size compare. Only counts are normalised; a share is never turned into a rate.',
  valuesConfig: {
    NONE: { description: 'The values as published.' },
    PER_1000_INHABITANTS: { description: 'Per 1,000 inhabitants of all ages.' },
    PER_1000_AGED_20_66: { description: 'Per 1,000 inhabitants aged 20–66 (the KOSTRA denominator for social assistance).' },
    PER_1000_AGED_18_24: { description: 'Per 1,000 inhabitants aged 18–24.' },
  },
});

export enum RankBy {
  VALUE = 'value',
  CHANGE = 'change',
}
registerEnumType(RankBy, {
  name: 'RankBy',
  description: 'What a ranking orders by.',
  valuesConfig: {
    VALUE: { description: 'The value of the period ranked (default).' },
    CHANGE: { description: "The change since the period compared with (`compareTo`, or the period before): the most improved first, by the indicator's direction." },
  },
});

export enum MissingReason {
  NO_VALUE = 'NO_VALUE',
  SUPPRESSED = 'SUPPRESSED',
  NOT_COMPARABLE = 'NOT_COMPARABLE',
  BELOW_MIN_POPULATION = 'BELOW_MIN_POPULATION',
  NO_POPULATION = 'NO_POPULATION',
  NOT_PUBLISHED = 'NOT_PUBLISHED',
  INCOMPLETE = 'INCOMPLETE',
}
registerEnumType(MissingReason, {
  name: 'MissingReason',
  description: 'Why a unit in scope has no place in a ranking (or a comparison cell no value).',
  valuesConfig: {
    NO_VALUE: { description: 'No figure was published for the period.' },
    SUPPRESSED: { description: 'The publisher withheld the figure (e.g. fewer than 4 persons); it is not a zero.' },
    NOT_COMPARABLE: { description: 'A figure exists but measures something else: another unit, or another kind of period (a quarter where a year is ranked).' },
    BELOW_MIN_POPULATION: { description: 'The area had fewer inhabitants than `minPopulation` that year.' },
    NO_POPULATION: { description: 'The population of the area that year is not known (e.g. a city district), so the figure cannot be normalised or filtered by size.' },
    NOT_PUBLISHED: { description: 'The source has an empty cell for the area and period: nothing was published (or the extract dropped it). Not a zero.' },
    INCOMPLETE: { description: "An office's, county's or the country's sum over its municipalities is missing because some of them have no figure; `detail` names them." },
  },
});

export enum Trend {
  IMPROVED = 'IMPROVED',
  WORSENED = 'WORSENED',
  UNCHANGED = 'UNCHANGED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(Trend, {
  name: 'Trend',
  description: "The change from the previous period, judged by the indicator's direction.",
  valuesConfig: {
    IMPROVED: { description: 'Moved the better way (fewer recipients, more transitions to work).' },
    WORSENED: { description: 'Moved the worse way.' },
    UNCHANGED: { description: 'The same value as the period before.' },
    UNKNOWN: { description: 'No value for this or the previous period, or the indicator has no direction.' },
  },
});

export enum TargetStatus {
  MET = 'MET',
  NOT_MET = 'NOT_MET',
  NO_VALUE = 'NO_VALUE',
}
registerEnumType(TargetStatus, {
  name: 'TargetStatus',
  description: "Whether a result met its target, by the scorecard's own comparator.",
  valuesConfig: {
    MET: { description: 'The result met the target.' },
    NOT_MET: { description: 'The result missed the target.' },
    NO_VALUE: { description: 'There is no published result (or it was withheld) for the period.' },
  },
});
