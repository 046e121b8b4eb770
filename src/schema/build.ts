import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, buildSchema } from 'type-graphql';
import { MunicipalityResolver } from '../modules/geography/municipality.resolver';
import { OfficeAreaResolver, OfficeResolver } from '../modules/geography/office.resolver';
import {
  MunicipalityObservationsResolver,
  ObservationResolver,
  OfficeObservationsResolver,
  RawIndicatorResolver,
  RevisionResolver,
} from '../modules/observations/observation.resolver';
import { SourceResolver } from '../modules/sources/source.resolver';
import {
  IndicatorRelationResolver,
  IndicatorResolver,
  MunicipalityIndicatorsResolver,
  OfficeIndicatorsResolver,
  PublishedIndicatorResolver,
  ThemeResolver,
} from '../modules/taxonomy/taxonomy.resolver';
import { ImportResolver } from '../import/import.resolver';
import { comparisonResolvers } from '../modules/comparison/comparison.resolver';
import { TargetResultsResolver } from '../modules/comparison/target-results.resolver';
import { SearchResolver } from '../modules/search/search.resolver';
import { NodeResolver } from './node.resolver';

export const resolvers = [
  NodeResolver,
  MunicipalityResolver,
  OfficeResolver,
  OfficeAreaResolver,
  IndicatorResolver,
  IndicatorRelationResolver,
  ThemeResolver,
  SourceResolver,
  ObservationResolver,
  RawIndicatorResolver,
  RevisionResolver,
  OfficeObservationsResolver,
  MunicipalityObservationsResolver,
  ImportResolver,
  ...comparisonResolvers,
  TargetResultsResolver,
  SearchResolver,
  OfficeIndicatorsResolver,
  MunicipalityIndicatorsResolver,
  PublishedIndicatorResolver,
] as const;

/** type-graphql's defaults for class-validator, with unknown values allowed as the hub's arguments need. */
const VALIDATOR_OPTIONS: ValidatorOptions = { forbidUnknownValues: false, skipMissingProperties: true };

/**
 * The arguments' checks exactly as type-graphql's own `validate` makes them (class-validator on
 * each object argument, or each object of a list, failing with an ArgumentValidationError), but
 * with class-validator loaded once: type-graphql 2.0 loads it through a dynamic import for every
 * argument of every request, which cost a national ranking 0.06 ms of Node's module loader.
 */
async function validateArgs(value: unknown): Promise<void> {
  const objects = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
  try {
    await Promise.all(objects.map((o) => validateOrReject(o, VALIDATOR_OPTIONS)));
  } catch (error) {
    throw new ArgumentValidationError(error as ConstructorParameters<typeof ArgumentValidationError>[0]);
  }
}

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the schema once per process; type-graphql's metadata is global, so building twice gains nothing. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [...resolvers],
    validateFn: validateArgs,
    emitSchemaFile: false,
  }).then((schema) => {
    // type-graphql gives the root types no description of their own.
    const query = schema.getQueryType();
    if (query) query.description = "Målestokk's read API: municipalities, NAV offices, the indicator taxonomy, published figures with their sources, and comparisons. Public.";
    const mutation = schema.getMutationType();
    if (mutation) mutation.description = 'Imports and curation. Every mutation needs a curator API key and returns a payload with userErrors.';
    return schema;
  });
  return cached;
}
