import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../context';
import type { Logger } from '../logger';

/** What the log line of one HTTP request says. */
export interface RequestInfo {
  method: string;
  path: string;
  /** The GraphQL operation's name (or its first field when it has none); null for other routes. */
  operation: string | null;
  status: number;
  ms: number;
  /** GraphQL errors in the response. */
  errors: number;
  /** The curator whose key the request carried. */
  curator?: string;
}

/**
 * The request behind a GraphQL context, so that Apollo's view of it reaches the one log line.
 * A symbol property rather than a WeakMap: Apollo runs each operation on a shallow copy of the
 * context, and Object.assign copies symbol properties.
 */
const REQUEST_INFO = Symbol('requestInfo');

export function attachRequestInfo(context: Context, info: RequestInfo): void {
  (context as Context & { [REQUEST_INFO]?: RequestInfo })[REQUEST_INFO] = info;
}

function requestInfoOf(context: Context): RequestInfo | undefined {
  return (context as Context & { [REQUEST_INFO]?: RequestInfo })[REQUEST_INFO];
}

/** Fills in the operation and its error count on the request's line; the HTTP server writes the line. */
export function requestLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, operation, document, errors, contextValue }) {
          const info = requestInfoOf(contextValue);
          if (!info) return;
          // A query refused by validation has a document but no resolved operation.
          const named = operation ?? document?.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
          const firstField = named?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
          info.operation = request.operationName ?? named?.name?.value ?? (firstField?.kind === Kind.FIELD ? firstField.name.value : null);
          info.errors = errors?.length ?? 0;
          info.curator = contextValue.principal?.name;
        },
      };
    },
  };
}

/** Health probes run every few seconds; at info level they would bury everything else. */
const QUIET_PATHS = new Set(['/healthz', '/readyz']);

/**
 * One line per request, downloads included: operation (or path), status and duration. A request
 * slower than `slowMs` is a warning, so that slow queries stand out without debug logging.
 */
export function requestLogger(logger: Logger, slowMs: number): (info: RequestInfo) => void {
  return (info) => {
    const line = { method: info.method, path: info.path, operation: info.operation, status: info.status, ms: info.ms, ...(info.errors ? { errors: info.errors } : {}), ...(info.curator ? { curator: info.curator } : {}) };
    if (slowMs > 0 && info.ms > slowMs) logger.warn({ ...line, slowMs }, 'slow request');
    else if (QUIET_PATHS.has(info.path) || info.path.startsWith('/playground/')) logger.debug(line, 'request');
    else logger.info(line, info.path.startsWith('/download/') ? 'download' : 'request');
  };
}
