import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';

let hub: Hub;
beforeAll(async () => { hub = await createTestHub({ seed: true }); });
afterAll(async () => { await hub?.close(); });

const NESTED = `query($first: Int!) {
  offices(first: $first) {
    totalCount
    nodes {
      name
      county { name }
      areas { district municipality { name } }
      municipalities {
        code name
        population(year: 2018) { total age20To66 }
        codes { code }
        offices { name }
      }
      observations(first: 5) {
        value period quote citation
        indicator { code theme { nameEn } }
        source { title publisher office { name } }
        target { text met }
        rawIndicator { label }
      }
    }
  }
}`;

async function statementsFor(first: number): Promise<{ statements: number; offices: number; observations: number }> {
  const before = hub.db.statements.count;
  const result = await hub.execute<{ offices: { nodes: { observations: unknown[]; municipalities: unknown[] }[] } }>(NESTED, { first });
  expect(result.errors).toBeUndefined();
  const nodes = result.data!.offices.nodes;
  return { statements: hub.db.statements.count - before, offices: nodes.length, observations: nodes.reduce((n, o) => n + o.observations.length, 0) };
}

describe('relation fields are batched per request', () => {
  it('sends a fixed number of SQL statements whatever the number of offices: one per relation, not per office', async () => {
    const runs = [await statementsFor(10), await statementsFor(25), await statementsFor(50)];
    expect(runs.map((r) => r.offices)).toEqual([10, 25, 50]);
    // Oslo's district offices are among the first by name (NAV Alna, NAV Bjerke, ...), so every
    // page really loads nested figures, sources and targets.
    expect(at(runs, 0).observations).toBeGreaterThan(0);
    const counts = runs.map((r) => r.statements);
    // One statement per relation loader (14) plus the page. An office reached at two depths (a
    // municipality's offices, a figure's source's office) can take a second DataLoader wave when
    // the page holds offices not reached the first way: at most one statement more, never one per office.
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(16);
  });

  it('loads the observations of every office in the sample through the same few statements', async () => {
    const before = hub.db.statements.count;
    const result = await hub.execute<any>(`{ offices(municipality: "0301", first: 20) { nodes { name observations(indicator: "social_assistance.recipients_population_share", period: "2023") { value source { title } } } } }`);
    expect(result.errors).toBeUndefined();
    const withValue = result.data.offices.nodes.filter((o: any) => o.observations.length === 1);
    expect(withValue.length).toBe(15);
    expect(hub.db.statements.count - before).toBeLessThanOrEqual(4);
  });
});
