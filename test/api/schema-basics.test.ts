import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';

let hub: Hub;
beforeAll(async () => { hub = await createTestHub(); });
afterAll(async () => { await hub?.close(); });

describe('the GraphQL contract', () => {
  it('refuses a page larger than 100 with a message that says what to do', async () => {
    const result = await hub.execute('{ municipalities(first: 500) { totalCount } }');
    expect(result.errors?.[0]?.message).toMatch(/first may be at most 100/);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers an unknown municipality with null, not an error', async () => {
    const result = await hub.execute('{ municipality(code: "9999") { name } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ municipality: null });
  });

  it('refuses a malformed municipality code naming the argument', async () => {
    const result = await hub.execute('{ municipality(code: "18x4") { name } }');
    expect(result.errors?.[0]?.message).toMatch(/code: code must be a four-digit municipality code/);
  });
});
