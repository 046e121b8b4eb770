import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { CODES, insertFixture, newsroomFixture } from '../comparison/fixtures';
import { createTestHub } from '../support/hub';

/**
 * Which published figures the `observations` query lists for each filter: years from and to, one
 * period, labels not mapped yet. The newsroom fixture's figures (Bodø's report of 2018, the rest
 * test sources) and one unmapped label of a test source.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, newsroomFixture());
  // A label no curator has mapped yet, with one figure: test data of a test source.
  await hub.db.pool.query(`
    WITH raw AS (
      INSERT INTO raw_indicators (source_id, label, normalised_label)
      SELECT id, 'Antall testsaker', 'antall testsaker' FROM sources WHERE document_key = 'test-districts'
      RETURNING id, source_id
    )
    INSERT INTO observations (raw_indicator_id, source_id, office_id, period, year, value, published_value, value_text, unit, quote)
    SELECT raw.id, raw.source_id, o.id, '2023', 2023, 17, 17, '17', 'persons', 'Antall testsaker 17'
      FROM raw CROSS JOIN offices o WHERE o.code = '24698'`);
});
afterAll(async () => {
  await hub?.close();
});

interface Listed {
  totalCount: number;
  nodes: { period: string; value: number | null; indicator: { code: string } | null; rawIndicator: { label: string; isMapped: boolean } }[];
}

async function observations(args: string): Promise<Listed> {
  const answer = await hub.execute<{ observations: Listed }>(
    `{ observations(${args}, first: 100) { totalCount nodes { period value indicator { code } rawIndicator { label isMapped } } } }`,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.observations;
}

describe('observations', () => {
  it('from a year and to a year keep the years between, both ends included', async () => {
    const all = await observations(`office: "24837", indicator: "${CODES.monthly}"`);
    expect(all.nodes.map((n) => [n.period, n.value])).toEqual([
      ['2016', 466],
      ['2017', 443],
      ['2018', 429],
    ]);
    expect((await observations(`office: "24837", indicator: "${CODES.monthly}", fromYear: 2017`)).nodes.map((n) => n.period)).toEqual(['2017', '2018']);
    expect((await observations(`office: "24837", indicator: "${CODES.monthly}", toYear: 2017`)).nodes.map((n) => n.period)).toEqual(['2016', '2017']);
    expect((await observations(`office: "24837", indicator: "${CODES.monthly}", fromYear: 2017, toYear: 2017`)).nodes.map((n) => n.period)).toEqual(['2017']);
  });

  it('of one period are those of that period only', async () => {
    const listed = await observations('office: "24837", period: "2017"');
    expect(listed.totalCount).toBeGreaterThan(1);
    expect(new Set(listed.nodes.map((n) => n.period))).toEqual(new Set(['2017']));
  });

  it('of unmapped labels only are the figures no indicator has yet, with their label', async () => {
    const listed = await observations('unmappedOnly: true');
    expect(listed).toEqual({ totalCount: 1, nodes: [{ period: '2023', value: 17, indicator: null, rawIndicator: { label: 'Antall testsaker', isMapped: false } }] });
    const grunerlokka = await observations('office: "24698"');
    expect(grunerlokka.nodes.filter((n) => n.indicator === null)).toHaveLength(1);
    expect(grunerlokka.totalCount).toBeGreaterThan(1);
  });
});
