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
const longRanking = (period: string) => `{ ranking(indicator: "social_assistance.recipients_yearly", period: "${period}", level: MUNICIPALITY, scope: { allUnits: true }) {
  rows { rank name code value exactValue period unit percentile differenceFromMedian previousValue citation quote source { title publisher } municipality { name county { name } } }
  missing { name reason detail citation }
  warnings
} }`;

async function ask(query: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
}

describe('a long answer over HTTP', () => {
  it('is the JSON text of the answer, UTF-8, with the length it declares', async () => {
    const res = await ask(longRanking('2020'));
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

  it('keeps every answer whole when many are sent at once, the memory they are encoded into used again', async () => {
    const periods = ['2019', '2020'];
    const expected = new Map<string, string>();
    for (const period of periods) expected.set(period, await (await ask(longRanking(period))).text());
    expect(expected.get('2019')).not.toBe(expected.get('2020'));
    const asked = Array.from({ length: 16 }, (_, i) => periods[i % 2] as string);
    const answers = await Promise.all(asked.map(async (period) => ({ period, text: await (await ask(longRanking(period))).text() })));
    for (const { period, text } of answers) expect(text).toBe(expected.get(period));
  });
});
