import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { type DocumentNode, GraphQLError, type GraphQLSchema, Kind, type SelectionNode, type ValidationRule } from 'graphql';
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
  });
}

/**
 * Rejects an operation with more than `maxAliases` aliases, counted through its fragments: 2,000
 * aliases of one field are 2,000 resolutions that hold the event loop for seconds.
 */
export function aliasLimit(maxAliases: number): ValidationRule {
  return maxAliasesRule({
    n: maxAliases,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [reportAs(() => `Too many aliases: the limit is ${maxAliases} per operation; ask for each field once, or send several requests.`)],
  });
}

/** Rejects an operation with more than `maxDirectives` directives (`@include`, `@skip`), counted through its fragments. */
export function directiveLimit(maxDirectives: number): ValidationRule {
  return maxDirectivesRule({
    n: maxDirectives,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [reportAs(() => `Too many directives: the limit is ${maxDirectives} per operation.`)],
  });
}

/** A rejection reported as a validation error (HTTP 400); thrown, Apollo would answer it as an internal error (500). */
function reportAs(message: (error: GraphQLError) => string) {
  return (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) => {
    if (!context) throw error;
    context.reportError(new GraphQLError(message(error)));
  };
}

/**
 * Refuses an operation whose fragments, spread out, hold more than `maxFields` field selections.
 * A fragment that spreads the one before it twice doubles the query at each level: 20 levels are
 * a million fields from a few hundred bytes, which the cost and depth rules would each walk in
 * full. Counted once per fragment (memoised), so the check itself stays linear.
 */
export function expandedSizeLimit(maxFields: number): ValidationRule {
  return (context) => {
    const sizes = new Map<string, number>();
    const sizeOf = (selections: readonly SelectionNode[], visiting: Set<string>): number => {
      let total = 0;
      for (const selection of selections) {
        if (selection.kind === Kind.FIELD) total += 1 + (selection.selectionSet ? sizeOf(selection.selectionSet.selections, visiting) : 0);
        else if (selection.kind === Kind.INLINE_FRAGMENT) total += sizeOf(selection.selectionSet.selections, visiting);
        else {
          const name = selection.name.value;
          // A cycle is reported by graphql's own NoFragmentCycles rule.
          if (visiting.has(name)) continue;
          let size = sizes.get(name);
          if (size === undefined) {
            const fragment = context.getFragment(name);
            visiting.add(name);
            size = fragment ? sizeOf(fragment.selectionSet.selections, visiting) : 0;
            visiting.delete(name);
            sizes.set(name, size);
          }
          total += size;
        }
        if (total > maxFields) return total;
      }
      return total;
    };
    return {
      OperationDefinition(operation) {
        const size = sizeOf(operation.selectionSet.selections, new Set());
        if (size > maxFields) {
          context.reportError(
            new GraphQLError(`Query too large: its fragments spread out to more than ${maxFields} fields; ask for fewer fields or spread each fragment once.`, {
              nodes: [operation],
            }),
          );
        }
      },
    };
  };
}

/**
 * The validation rules that stand between a hostile query and the resolvers, cheapest first:
 * the expanded size guards the depth rule, which spreads fragments out as it walks.
 */
export function queryLimits(limits: { maxDepth: number; maxAliases: number; maxDirectives: number; maxFields: number }): ValidationRule[] {
  return [expandedSizeLimit(limits.maxFields), aliasLimit(limits.maxAliases), directiveLimit(limits.maxDirectives), depthLimit(limits.maxDepth)];
}

/** A list field costs what one item costs times the page size asked for. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + childComplexity * Math.max(args.first, 1);
  if ('first' in args || 'after' in args) return 1 + childComplexity * DEFAULT_PAGE_SIZE;
  return undefined;
};

/** Computes each operation's cost before execution and refuses those over `maxCost`. */
export function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  // The cost of an operation without variables follows from its document alone, and Apollo keeps
  // one parsed document per query text: such a cost is computed once, not on every request.
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          const fixed = operation !== undefined && !operation.variableDefinitions?.length;
          let known = fixed ? costs.get(document) : undefined;
          let cost = known?.get(request.operationName ?? '');
          if (cost === undefined) {
            try {
              // Every field counts, aliased ones each time they appear: ten aliases of a page of
              // 100 cost ten pages.
              cost = getComplexity({
                schema,
                query: document,
                operationName: request.operationName,
                variables: request.variables,
                estimators: [fieldExtensionsEstimator(), pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch (error) {
              // The estimator gives up on a document too large to walk ("maximum allowed number of
              // nodes"); that is the client's query, not a fault of the hub.
              throw new GraphQLError(`Query too large to estimate: ${(error as Error).message} Ask for fewer fields.`, {
                extensions: { code: 'QUERY_TOO_COSTLY', maxCost, http: { status: 400 } },
              });
            }
            if (fixed) {
              if (!known) costs.set(document, (known = new Map<string, number>()));
              known.set(request.operationName ?? '', cost);
            }
          }
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
