import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { toGlobalId as toRelayId } from 'graphql-relay';
import { MAX_PAGE_SIZE } from '../../src/schema/connection';
import { type NodeTypeName, toGlobalId } from '../../src/schema/node';
import { insertFixture } from '../comparison/fixtures';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';

/** Twelve invented municipalities (codes 9901–9912 are no real municipality's), paged over real HTTP. */
const CODES = Array.from({ length: 12 }, (_, i) => String(9901 + i));

let hub: Hub;
let endpoint: string;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: CODES.map((code, i) => ({ code, name: `Testkommune ${i + 1}`, county: '99' })),
  });
  endpoint = await hub.listen(0, '127.0.0.1');
});
afterAll(async () => { await hub?.close(); });

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { code: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}
interface Answer {
  status: number;
  data?: { municipalities: Page } | null;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

const PAGE = `query Page($first: Int, $after: String) {
  municipalities(first: $first, after: $after) { totalCount edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
}`;

async function page(variables: { first?: number; after?: string }): Promise<Answer> {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PAGE, variables }) });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

async function ok(variables: { first?: number; after?: string }): Promise<Page> {
  const answer = await page(variables);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data!.municipalities;
}

describe('paging a list', () => {
  it('walks the whole list in pages of five, each page after the last cursor of the one before', async () => {
    const seen: string[] = [];
    const pages: Page[] = [];
    let after: string | undefined;
    do {
      const current = await ok({ first: 5, after });
      pages.push(current);
      seen.push(...current.edges.map((e) => e.node.code));
      after = current.pageInfo.endCursor ?? undefined;
      if (!current.pageInfo.hasNextPage) break;
    } while (pages.length < 10);
    expect(seen).toEqual(CODES);
    expect(pages.map((p) => p.edges.length)).toEqual([5, 5, 2]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.map((p) => p.pageInfo.hasPreviousPage)).toEqual([false, true, true]);
    expect(pages.every((p) => p.totalCount === 12)).toBe(true);
    for (const p of pages) {
      expect(p.pageInfo.startCursor).toBe(at(p.edges, 0).cursor);
      expect(p.pageInfo.endCursor).toBe(at(p.edges, -1).cursor);
    }
  });

  it('writes Relay offset cursors: "arrayconnection:<offset>" in base64', async () => {
    const { edges } = await ok({ first: 3 });
    expect(edges.map((e) => Buffer.from(e.cursor, 'base64').toString('utf8'))).toEqual(['arrayconnection:0', 'arrayconnection:1', 'arrayconnection:2']);
  });

  it('still continues after a cursor of the earlier format ("offset:<n>" in base64url)', async () => {
    const legacy = Buffer.from('offset:9', 'utf8').toString('base64url');
    const { edges } = await ok({ first: 5, after: legacy });
    expect(edges.map((e) => e.node.code)).toEqual(['9911', '9912']);
  });

  it('answers first: 0 with no items and no cursors, the total, and whether items follow', async () => {
    const start = await ok({ first: 0 });
    expect(start).toEqual({
      totalCount: 12,
      edges: [],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
    const second = at((await ok({ first: 2 })).edges, 1);
    const middle = await ok({ first: 0, after: second.cursor });
    expect(middle).toEqual({
      totalCount: 12,
      edges: [],
      pageInfo: { hasNextPage: true, hasPreviousPage: true, startCursor: null, endCursor: null },
    });
  });

  it('answers a page after the last item as empty, with the total and no next page', async () => {
    const all = await ok({ first: 12 });
    expect(all.pageInfo.hasNextPage).toBe(false);
    const after = await ok({ first: 5, after: all.pageInfo.endCursor! });
    expect(after).toEqual({
      totalCount: 12,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
    });
  });

  it.each([
    ['text that is no cursor', 'not-a-cursor'],
    ['a cursor with a trailing letter', Buffer.from('arrayconnection:3x').toString('base64')],
    ['a negative offset', Buffer.from('arrayconnection:-1').toString('base64')],
    ['a global id instead of a cursor', Buffer.from('Municipality:9901').toString('base64')],
  ])('refuses %s as BAD_USER_INPUT naming after, with the value given', async (_, cursor) => {
    const answer = await page({ first: 5, after: cursor });
    expect(answer.status).toBe(200);
    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: `after: "${cursor}" is not a cursor of this list; pass the endCursor of a page you received, or leave after out for the first page`,
        extensions: { code: 'BAD_USER_INPUT', argument: 'after', value: cursor },
      }),
    ]);
  });

  it(`refuses first over ${MAX_PAGE_SIZE}, saying the cap and how to page on`, async () => {
    const answer = await page({ first: MAX_PAGE_SIZE + 1 });
    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: `Invalid argument: first: first may be at most ${MAX_PAGE_SIZE}; page with \`after\` for more`,
        extensions: { code: 'BAD_USER_INPUT', argument: 'first', value: MAX_PAGE_SIZE + 1 },
      }),
    ]);
    expect((await ok({ first: MAX_PAGE_SIZE })).edges).toHaveLength(12);
  });

  it('refuses a negative first as BAD_USER_INPUT naming first', async () => {
    const answer = await page({ first: -1 });
    expect(answer.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first', value: -1 });
  });
});

describe('global ids', () => {
  async function post<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as T;
  }
  const NODE = 'query Node($id: ID!) { node(id: $id) { __typename ... on Municipality { code name } } }';

  it('are "<type>:<key>" in base64 as graphql-relay writes them, and node(id) finds the object by them', async () => {
    const { data } = await post<{ data: { municipality: { id: string } } }>('{ municipality(code: "9903") { id } }');
    const decoded = Buffer.from(data.municipality.id, 'base64').toString('utf8');
    expect(decoded).toMatch(/^Municipality:/);
    expect(Buffer.from(decoded, 'utf8').toString('base64')).toBe(data.municipality.id);
    const found = await post<{ data: unknown }>(NODE, { id: data.municipality.id });
    expect(found.data).toEqual({ node: { __typename: 'Municipality', code: '9903', name: 'Testkommune 3' } });
  });

  it.each([
    ['Office', '24837'],
    ['Source', '7'],
    ['Source', '70'],
    ['Municipality', 'Bodø'],
    ['Municipality', 'Bodø – Testkommune'],
  ] as const)('of %s %s are the text graphql-relay writes, padding and UTF-8 alike', (type: NodeTypeName, key) => {
    expect(toGlobalId(type, key)).toBe(toRelayId(type, key));
  });

  it('of the earlier format (base64url without padding) still find their object', async () => {
    const { data } = await post<{ data: { municipality: { id: string } } }>('{ municipality(code: "9903") { id } }');
    const legacy = Buffer.from(Buffer.from(data.municipality.id, 'base64').toString('utf8'), 'utf8').toString('base64url');
    expect(legacy).not.toBe(data.municipality.id);
    expect((await post<{ data: unknown }>(NODE, { id: legacy })).data).toEqual({ node: { __typename: 'Municipality', code: '9903', name: 'Testkommune 3' } });
  });

  it.each([
    ['text that is no id', 'nothing'],
    ['an id of a type that has no nodes', Buffer.from('Table:1').toString('base64')],
    ['a cursor', Buffer.from('arrayconnection:1').toString('base64')],
    ['an id of an object that does not exist', Buffer.from('Office:no-such-office').toString('base64')],
  ])('answer null for %s, as a lookup does', async (_, id) => {
    expect(await post<unknown>(NODE, { id })).toEqual({ data: { node: null } });
  });
});
