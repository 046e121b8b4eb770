import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import { answerBytes } from './json';

/**
 * Where Apollo's result for a request is left for the HTTP layer, which sends its text as the
 * slices it was made from (server/json.ts). A symbol property: Apollo runs each operation on a
 * shallow copy of the context, which copies it, and the slot is an object both copies share.
 */
const ANSWER = Symbol('answer');

export interface AnswerSlot {
  /** The result's `data`, which `stringifyAnswer` keyed the slices by. */
  data?: unknown;
}

export function attachAnswerSlot(context: Context, slot: AnswerSlot): void {
  (context as Context & { [ANSWER]?: AnswerSlot })[ANSWER] = slot;
}

/** The Apollo plugin that fills in the slot. */
export function answerSlotPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const slot = (contextValue as Context & { [ANSWER]?: AnswerSlot })[ANSWER];
          if (slot && response.body.kind === 'single') slot.data = response.body.singleResult.data;
        },
      };
    },
  };
}

/**
 * Sends an answer's text as UTF-8, in the pieces `answerBytes` gives: the length set first, so
 * that they go out as one body, and corked, so that they go out in one write.
 */
export function sendAnswer(res: ServerResponse, text: string, slot: AnswerSlot): void {
  const pieces = answerBytes(slot.data, text);
  res.setHeader('content-length', pieces.reduce((n, piece) => n + piece.length, 0));
  res.cork();
  for (const piece of pieces) res.write(piece);
  res.end();
}
