import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { isConnectionError } from '../db/database';
import type { Logger } from '../logger';

/** Seconds a client is asked to wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

export const SERVICE_UNAVAILABLE_MESSAGE = `The database is not available right now (restarting or unreachable); nothing was written. Try again in ${RETRY_AFTER_SECONDS} seconds.`;

const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'QUERY_TOO_COSTLY',
  'FORBIDDEN',
  'UNAUTHENTICATED',
]);

/**
 * Shows clients the errors they caused, with what to fix, and hides everything else behind a
 * generic message; the detail goes to the log, never to the client.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (isConnectionError(unwrapResolverError(error))) {
      logger.warn({ err: unwrapResolverError(error), path: formatted.path }, 'database unavailable');
      return { message: SERVICE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code && CLIENT_CODES.has(code)) {
      const validation = formatted.extensions?.validationErrors as { property: string; value?: unknown; constraints?: Record<string, string> }[] | undefined;
      const [first] = validation ?? [];
      if (validation && first) {
        const message = `Invalid argument: ${validation.flatMap((v) => Object.values(v.constraints ?? {}).map((c) => `${v.property}: ${c}`)).join('; ')}`;
        return { message, locations: formatted.locations, path: formatted.path, extensions: { code, argument: first.property, value: first.value } };
      }
      // The argument at fault and the value given travel with the code, so that a front end can mark the field.
      const { argument, value } = formatted.extensions ?? {};
      return {
        message: formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code, ...(typeof argument === 'string' ? { argument, value } : {}) },
      };
    }
    logger.error({ err: error, path: formatted.path }, 'unexpected error while resolving');
    return { message: 'Internal server error; the problem was logged.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * Answers a request that met an unavailable database with HTTP 503 and Retry-After, so that a
 * client or a proxy knows to try again rather than report a bug.
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, errors }) {
          if (!errors?.some((error: GraphQLError) => isConnectionError(unwrapResolverError(error)))) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
