import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';

/**
 * The `sources` query and a source's fields: which documents a journalist is shown, and how a
 * changed document's versions link up. The second version of the Bodø report is TEST DATA: the
 * published report with one figure changed (429 → 428), imported to make a new version.
 */

const BODO = readFileSync('reference/seeds/000_796170f9ef8d8241.txt', 'utf8');
const BODO_INPUT = { format: 'bodo-table', title: 'Årsmelding 2018', publisher: 'Bodø kommune', area: { kind: 'office' as const, code: '24837' }, reportYear: 2018 };

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
  const report = await hub.services.imports.run({ ...BODO_INPUT, document: BODO.replace('\n429\n', '\n428\n') });
  expect(report.status).toBe('new_version');
});
afterAll(async () => {
  await hub?.close();
});

interface SourceNode {
  title: string;
  version: number;
  office: { code: string } | null;
  municipality: { code: string } | null;
  supersededBy: { version: number } | null;
  versions: { version: number }[];
}

async function sources(args: string): Promise<{ totalCount: number; nodes: SourceNode[] }> {
  const result = await hub.execute<{ sources: { totalCount: number; nodes: SourceNode[] } }>(
    `{ sources(${args}) { totalCount nodes { title version office { code } municipality { code } supersededBy { version } versions { version } } } }`,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.sources;
}

describe('sources', () => {
  it('shows the current version of each document unless the superseded ones are asked for', async () => {
    const current = await sources('office: "24837"');
    expect(current.nodes.map((n) => [n.title, n.version, n.supersededBy])).toEqual([['Årsmelding 2018', 2, null]]);
    const all = await sources('office: "24837", includeSuperseded: true');
    expect(all.totalCount).toBe(2);
    expect(all.nodes.map((n) => [n.version, n.supersededBy?.version ?? null])).toEqual([[2, null], [1, 2]]);
    expect(all.nodes.every((n) => n.office?.code === '24837' && n.municipality === null)).toBe(true);
    expect(all.nodes[1]!.versions).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it("finds an office's reports through the municipality it serves, and a municipality's own dataset", async () => {
    expect((await sources('municipality: "1804"')).nodes.map((n) => n.office?.code)).toEqual(['24837']);
    const oslo = await sources('municipality: "0301"');
    expect(oslo.totalCount).toBeGreaterThan(0);
    expect(oslo.nodes.some((n) => n.municipality?.code === '0301')).toBe(true);
  });

  it('lists every seeded document once, and pages through them', async () => {
    const all = await sources('first: 100');
    expect(all.nodes).toHaveLength(all.totalCount);
    expect(all.totalCount).toBeGreaterThanOrEqual(3);
    const first = await sources('first: 1');
    expect(first).toMatchObject({ totalCount: all.totalCount, nodes: [all.nodes[0]] });
  });

  it('gives the full text of each version as imported, so that a quote can be checked against it', async () => {
    const result = await hub.execute<{ sources: { nodes: { version: number; text: string }[] } }>('{ sources(office: "24837", includeSuperseded: true) { nodes { version text } } }');
    expect(result.errors).toBeUndefined();
    const byVersion = new Map(result.data!.sources.nodes.map((n) => [n.version, n.text]));
    expect(byVersion.get(1)).toBe(BODO);
    expect(byVersion.get(2)).toContain('\n428\n');
  });

  it('reads the texts of every source listed in one statement, however many are listed', async () => {
    const counted = async (first: number) => {
      const before = hub.db.statements.count;
      const result = await hub.execute<{ sources: { nodes: { text: string }[] } }>(`{ sources(first: ${first}, includeSuperseded: true) { nodes { text } } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data!.sources.nodes.every((n) => n.text.length > 0)).toBe(true);
      return { sources: result.data!.sources.nodes.length, statements: hub.db.statements.count - before };
    };
    const [one, all] = [await counted(1), await counted(100)];
    expect(all.sources).toBeGreaterThanOrEqual(3);
    expect(all.statements).toBe(one.statements);
  });
});
