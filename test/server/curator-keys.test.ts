import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub, CURATOR_KEY } from '../support/hub';

/**
 * Curator keys as a client sends them: real Authorization and X-Api-Key headers over HTTP, read by
 * the hub's own request handling (createTestHub configures API_KEYS=newsroom:<CURATOR_KEY>).
 */
let hub: Hub;
let endpoint: string;
beforeAll(async () => {
  hub = await createTestHub();
  endpoint = await hub.listen(0, '127.0.0.1');
});
afterAll(async () => { await hub?.close(); });

/** A mutation that needs a curator; with a key it reaches the resolver, which refuses the indicator (this database has no taxonomy) as a userError. */
const MAP = `mutation { rawIndicatorMap(input: { rawIndicator: "${Buffer.from('RawIndicator:999999').toString('base64')}", indicator: "staff.sick_leave_office_share" }) {
  rawIndicatorsMapped userErrors { field message code } } }`;

interface Answer {
  status: number;
  body: { data?: { rawIndicatorMap: { userErrors: { code: string }[] } } | null; errors?: { message: string; extensions: { code: string } }[] };
}

async function post(headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: MAP }) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

function expectCurator(answer: Answer): void {
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data!.rawIndicatorMap.userErrors).toEqual([{ field: ['input', 'indicator'], message: expect.stringMatching(/is not an indicator of the taxonomy/), code: 'UNKNOWN_INDICATOR' }]);
}

function expectRefused(answer: Answer): void {
  expect(answer.body.data ?? null).toBeNull();
  expect(answer.body.errors).toEqual([
    expect.objectContaining({
      message: 'This mutation needs a curator API key: send it as "Authorization: Bearer <key>" or "X-Api-Key".',
      extensions: { code: 'UNAUTHENTICATED' },
    }),
  ]);
}

describe('a curator key sent over HTTP', () => {
  it('as "Authorization: Bearer <key>" lets the mutation run', async () => {
    expectCurator(await post({ authorization: `Bearer ${CURATOR_KEY}` }));
  });

  it('with the scheme in any case ("bearer", "BEARER") is read the same', async () => {
    expectCurator(await post({ authorization: `bearer ${CURATOR_KEY}` }));
    expectCurator(await post({ authorization: `BEARER ${CURATOR_KEY}` }));
  });

  it('as "X-Api-Key: <key>" lets the mutation run', async () => {
    expectCurator(await post({ 'x-api-key': CURATOR_KEY }));
  });

  it('with spaces around it is the same key', async () => {
    expectCurator(await post({ 'x-api-key': `  ${CURATOR_KEY} ` }));
  });

  it.each([
    ['no key', {}],
    ['an unknown key', { authorization: 'Bearer not-a-key-of-this-hub-0000' }],
    ['a key one character short', { authorization: `Bearer ${CURATOR_KEY.slice(0, -1)}` }],
    ['the key under another scheme', { authorization: `Basic ${CURATOR_KEY}` }],
    ['the key without a scheme', { authorization: CURATOR_KEY }],
    ['an empty X-Api-Key', { 'x-api-key': '' }],
  ])('refuses the mutation with %s, saying how to send a key', async (_, headers: Record<string, string>) => {
    expectRefused(await post(headers));
  });

  it('is not needed to read, and a wrong one does not stop a read', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-key-of-this-hub-0000' }] as Record<string, string>[]) {
      const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ counties { code } }' }) });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { counties: [] } });
    }
  });
});
