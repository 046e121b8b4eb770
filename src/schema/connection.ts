import { Max, Min } from 'class-validator';
import { connectionFromArraySlice, cursorToOffset, offsetToCursor } from 'graphql-relay';
import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { ClientError } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ simpleResolvers: true, description: 'Where a page of a connection stands in the whole list (Relay cursor connections).' })
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

/** A page request resolved to SQL limit and offset. */
export interface Page {
  limit: number;
  offset: number;
}

/** A cursor the client made up or took from another list: its mistake, answered as BAD_USER_INPUT naming `after`. */
export class InvalidCursorError extends ClientError {
  override name = 'InvalidCursorError';

  constructor(cursor: string) {
    super(
      `after: "${cursor.slice(0, 100)}" is not a cursor of this list; pass the endCursor of a page you received, or leave after out for the first page`,
      'BAD_USER_INPUT',
      'after',
      cursor.slice(0, 100),
    );
  }
}

export function toPage(args: ConnectionArgs): Page {
  const limit = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  return { limit, offset };
}

/** Cursors are graphql-relay's offset cursors ("arrayconnection:<offset>" in base64), as Relay clients know them. */
export const encodeCursor = offsetToCursor;

// Before graphql-relay the hub wrote "offset:<n>" in base64url; a client that saved such a cursor still gets its next page.
const LEGACY_CURSOR = /^offset:(\d{1,9})$/;

function decodeCursor(cursor: string): number {
  // cursorToOffset reads any text as parseInt would (NaN, "12abc" as 12): only a cursor it would write itself is taken.
  const offset = cursorToOffset(cursor);
  if (Number.isSafeInteger(offset) && offset >= 0 && offsetToCursor(offset) === cursor) return offset;
  const legacy = LEGACY_CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (legacy && Buffer.from(legacy[0], 'utf8').toString('base64url') === cursor) return Number(legacy[1]);
  throw new InvalidCursorError(cursor);
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Builds a connection from one page of rows and the total, as counted by the same SQL statement.
 * graphql-relay places the page in the whole list: cursors, and `hasNextPage` also for `first: 0`
 * (no edges, no cursors, true when the list has items after `after`).
 */
export function toConnection<T>(items: T[], totalCount: number, page: Page): ConnectionShape<T> {
  const connection = connectionFromArraySlice(
    items,
    { first: page.limit, after: page.offset > 0 ? offsetToCursor(page.offset - 1) : undefined },
    { sliceStart: page.offset, arrayLength: totalCount },
  );
  return {
    edges: connection.edges,
    nodes: connection.edges.map((edge) => edge.node),
    totalCount,
    pageInfo: {
      ...connection.pageInfo,
      // graphql-relay answers false whenever `last` is not given; the offset tells it for free.
      hasPreviousPage: page.offset > 0,
    },
  };
}

/**
 * One page of a list and its total. The total rides on the page's rows (`count(*) OVER ()`), so an
 * empty page (`first: 0`, or `after` the last item) carries none: the first row is asked for to learn it.
 */
export async function fetchConnection<T>(
  args: ConnectionArgs,
  fetchPage: (page: Page) => Promise<{ items: T[]; total: number }>,
): Promise<ConnectionShape<T>> {
  const page = toPage(args);
  const { items, total } = await fetchPage(page);
  const counted = items.length === 0 && (page.limit === 0 || page.offset > 0) ? (await fetchPage({ limit: 1, offset: 0 })).total : total;
  return toConnection(items, counted, page);
}

/** Declares `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${what} in a page, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item; pass it as `after` to continue after it.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${what}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${what}s (Relay cursor connection).` })
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
