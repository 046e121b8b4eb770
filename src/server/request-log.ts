import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import type { Logger } from '../logger';

/** One log line per GraphQL request: operation name, duration, and whether it failed. */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, response, errors, contextValue }) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          logger.info(
            {
              operation: request.operationName ?? null,
              ms: Math.round(ms * 10) / 10,
              status: response.http?.status ?? 200,
              errors: errors?.length ?? 0,
              curator: contextValue.principal?.name,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
