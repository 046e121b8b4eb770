import { Max, Min } from 'class-validator';
import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { ClientError } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: 'Where a page of a connection stands in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'True when there are items after this page.' })
  hasNextPage: boolean;

  @Field({ description: 'True when there are items before this page.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the page; pass it as `after` for the next page.' })
  endCursor: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `How many items to return (1 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}).` })
  @Min(0)
  @Max(MAX_PAGE_SIZE, { message: `first may be at most ${MAX_PAGE_SIZE}; page with \`after\` for more` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor (the `endCursor` of the previous page).' })
  after?: string;
}

/** A page request resolved to SQL limit and offset. Cursors are opaque offsets. */
export interface Page {
  limit: number;
  offset: number;
}

/** A cursor the client made up or took from another list: its mistake, answered as BAD_USER_INPUT naming `after`. */
export class InvalidCursorError extends ClientError {
  override name = 'InvalidCursorError';

  constructor(message: string) {
    super(message, 'BAD_USER_INPUT', 'after');
  }
}

export function toPage(args: ConnectionArgs): Page {
  const limit = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  return { limit, offset };
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError(`after: "${cursor.slice(0, 100)}" is not a cursor of this list; pass the endCursor of a page you received, or leave after out for the first page`);
  return Number(match[1]);
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds a connection from one page of rows and the total, as counted by the same SQL statement. */
export function toConnection<T>(items: T[], totalCount: number, page: Page): ConnectionShape<T> {
  const edges = items.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
  return {
    edges,
    nodes: items,
    totalCount,
    pageInfo: {
      hasNextPage: page.offset + items.length < totalCount,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Declares `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item; pass it as `after` to continue after it.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${what}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s (Relay cursor connection).` })
  class ConnectionType {
    @Field(() => [Edge], { description: 'The items of this page with their cursors.' })
    edges: Edge[];

    @Field(() => [nodeType], { description: 'The items of this page, without cursors.' })
    nodes: T[];

    @Field(() => PageInfo, { description: 'Where this page stands in the whole list.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list has, across all pages.' })
    totalCount: number;
  }
  return ConnectionType;
}
