import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
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

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the schema once per process; type-graphql's metadata is global, so building twice gains nothing. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [...resolvers],
    validate: { forbidUnknownValues: false },
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
