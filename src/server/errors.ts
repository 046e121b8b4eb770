import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../logger';

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
    const code = formatted.extensions?.code as string | undefined;
    if (code && CLIENT_CODES.has(code)) {
      const validation = formatted.extensions?.validationErrors as { property: string; constraints?: Record<string, string> }[] | undefined;
      const message = validation?.length
        ? `Invalid argument: ${validation.flatMap((v) => Object.values(v.constraints ?? {}).map((c) => `${v.property}: ${c}`)).join('; ')}`
        : formatted.message;
      return { message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    logger.error({ err: error, path: formatted.path }, 'unexpected error while resolving');
    return { message: 'Internal server error; the problem was logged.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
