import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { type DocumentNode, execute, type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/**
 * Runs operations compiled by graphql-jit instead of interpreted by graphql-js: a ranking of
 * 4,000 offices walks some 80,000 fields, and graphql-js looks up each field's type, resolver
 * and arguments again on every row, where a compiled query is one function that does only that
 * query's work (measured with `npm run bench`: see the README's Performance section).
 *
 * Apollo Server takes another executor only through its gateway interface; this "gateway" serves
 * the hub's own schema and does nothing else a gateway does. Parsing, validation, the query
 * limits, plugins and error formatting stay Apollo's.
 */
export function compiledQueryGateway(schema: GraphQLSchema): Gateway {
  // Keyed by Apollo's parsed document, which its document cache keeps (one per query text), so a
  // query compiles once for as long as Apollo keeps it parsed and is forgotten with it.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  const executor: Executor = async ({ document, operationName, request, context }) => {
    let operations = compiled.get(document);
    if (!operations) compiled.set(document, (operations = new Map<string, CompiledQuery | null>()));
    const key = operationName ?? '';
    let query = operations.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, document, operationName ?? undefined);
      // A document the compiler refuses (it should accept every valid one) still runs, on graphql-js.
      query = isCompiledQuery(result) ? result : null;
      operations.set(key, query);
    }
    const interpreted = () => execute({ schema, document, operationName, variableValues: request.variables, contextValue: context });
    if (!query) return interpreted();
    const result = await query.query(undefined, context, request.variables);
    // A result without data is a refusal of the variables before any resolver ran. graphql-jit
    // refuses some the spec accepts (an input object leaving out a field that has a default, such as
    // an import's `dryRun`), so graphql-js, which coerces them as the spec says, answers instead:
    // its result, or its own error naming the variable. (Feeding graphql-js's coerced values to the
    // compiled query instead would coerce them twice: enums arrive as internal values it refuses.)
    if (result.errors && result.data === undefined) return interpreted();
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors only borrow GraphQLError's prototype: without a cause of its own they have no
 * `extensions`, and Apollo's error formatting reads `extensions.code` of every error. Made again
 * with graphql-js's constructor, they keep message, path, locations and the error a resolver threw.
 */
function asGraphQLError(error: ExecutionResult['errors'] extends readonly (infer E)[] | undefined ? E : never): GraphQLError {
  const made = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
  if (error.locations) (made as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return made;
}
