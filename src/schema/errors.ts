import { GraphQLError } from 'graphql';

/**
 * An error the client caused and can fix (an unknown code, a bad argument). Its message is
 * shown as is; every other error is logged and shown as a generic message.
 */
export class ClientError extends GraphQLError {
  constructor(message: string, code = 'BAD_USER_INPUT', field?: string) {
    super(message, { extensions: { code, ...(field ? { field } : {}) } });
  }
}

export class NotFoundError extends ClientError {
  constructor(message: string) {
    super(message, 'NOT_FOUND');
  }
}
