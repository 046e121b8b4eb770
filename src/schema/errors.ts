import { GraphQLError } from 'graphql';

/**
 * An error the client caused and can fix (an unknown code, a bad argument). Its message is
 * shown as is; every other error is logged and shown as a generic message. `argument` names the
 * argument to fix (a path such as "scope.county" inside an input) and `value` what was given, so
 * that a front end can mark the field without reading the message.
 */
export class ClientError extends GraphQLError {
  constructor(message: string, code = 'BAD_USER_INPUT', argument?: string, value?: unknown) {
    super(message, { extensions: { code, ...(argument ? { argument } : {}), ...(value !== undefined ? { value } : {}) } });
  }
}
