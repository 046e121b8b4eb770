import type { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../schema/connection';

/** Rejects queries nested deeper than `maxDepth` before they run. */
export function depthLimit(maxDepth: number): ValidationRule {
  return maxDepthRule({
    n: maxDepth,
    ignoreIntrospection: true,
    flattenFragments: true,
    exposeLimits: true,
    // By default the rule throws, which Apollo answers as an internal error (500); reported, the
    // rejection is a validation error (400) like any other.
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        if (!context) throw error;
        const found = /found (\d+)/.exec(error.message)?.[1];
        context.reportError(
          new GraphQLError(`Query too deep: it nests ${found ?? 'more'} levels and the limit is ${maxDepth}; ask for fewer nested fields.`),
        );
      },
    ],
  }) as unknown as ValidationRule;
}

/** A list field costs what one item costs times the page size asked for. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + childComplexity * Math.max(args.first, 1);
  if ('first' in args || 'after' in args) return 1 + childComplexity * DEFAULT_PAGE_SIZE;
  return undefined;
};

/** Computes each operation's cost before execution and refuses those over `maxCost`. */
export function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const cost = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [fieldExtensionsEstimator(), pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > maxCost) {
            throw new GraphQLError(
              `Query too costly: it would cost ${cost} and the limit is ${maxCost}; ask for fewer items per page or fewer fields.`,
              // Without an HTTP status, Apollo answers an error thrown here with 500.
              { extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
