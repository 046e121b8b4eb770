import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';

let hub: Hub;
let url: string;

beforeAll(async () => {
  hub = await createTestHub({ seed: true });
  url = await hub.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await hub?.close();
});

/**
 * A long answer leaves the hub as the slices it was made from (src/server/json.ts), encoded one by
 * one; the client must still get one body of the declared length, exactly the text Apollo's
 * JSON.stringify would give, Norwegian letters and dashes intact.
 */
describe('a long answer over HTTP', () => {
  it('is the JSON text of the answer, UTF-8, with the length it declares', async () => {
    const query = `{ ranking(indicator: "social_assistance.recipients_yearly", period: "2020", level: MUNICIPALITY, scope: { allUnits: true }) {
      rows { rank name code value exactValue period unit percentile differenceFromMedian previousValue citation quote source { title publisher } municipality { name county { name } } }
      missing { name reason detail citation }
      warnings
    } }`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    const text = bytes.toString('utf8');
    const answer = JSON.parse(text) as { data: { ranking: { rows: { name: string }[] } }; errors?: unknown };
    expect(answer.errors).toBeUndefined();
    // Long enough to be many slices, and more than V8's 128 KB for one string.
    expect(bytes.length).toBeGreaterThan(128 * 1024);
    expect(answer.data.ranking.rows.map((r) => r.name)).toContain('Bodø');
    expect(text).toBe(`${JSON.stringify(answer)}\n`);
  });
});
