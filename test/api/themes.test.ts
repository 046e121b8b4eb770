import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { loadTaxonomy } from '../../src/modules/taxonomy/taxonomy.seed';
import { parseTaxonomy, type Taxonomy } from '../../src/modules/taxonomy/taxonomy.schema';
import { createTestHub } from '../support/hub';

/** The theme hierarchy and indicator relations as the API serves them, held against reference/taxonomy.yaml itself. */

const file: Taxonomy = parseTaxonomy(readFileSync('reference/taxonomy.yaml', 'utf8'), 'reference/taxonomy.yaml');

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await loadTaxonomy(hub.db);
});
afterAll(async () => {
  await hub?.close();
});

interface ThemeNode {
  code: string;
  parent: { code: string } | null;
  children: { code: string }[];
  indicators: { code: string }[];
}

describe('themes', () => {
  it('serves every theme of the file with its parent, its children and the indicators directly under it', async () => {
    const result = await hub.execute<{ themes: ThemeNode[] }>('{ themes { code parent { code } children { code } indicators { code } } }');
    expect(result.errors).toBeUndefined();
    const themes = result.data!.themes;
    expect(themes.map((t) => t.code).sort()).toEqual(file.themes.map((t) => t.code).sort());
    for (const t of file.themes) {
      const served = themes.find((s) => s.code === t.code)!;
      expect(served.parent?.code ?? null, t.code).toBe(t.parent ?? null);
      expect(served.children.map((c) => c.code).sort(), t.code).toEqual(file.themes.filter((c) => c.parent === t.code).map((c) => c.code).sort());
      expect(served.indicators.map((i) => i.code), t.code).toEqual(file.indicators.filter((i) => i.theme === t.code).map((i) => i.code).sort());
    }
    expect(themes.some((t) => t.parent !== null)).toBe(true);
  });

  it("serves each indicator's relations with their kind, factor and the related indicator, both ways where they hold both ways", async () => {
    const withRelations = file.indicators.filter((i) => i.related.length > 0);
    expect(withRelations.length).toBeGreaterThan(0);
    const result = await hub.execute<{ indicators: { nodes: { code: string; related: { kind: string; factor: number | null; indicator: { code: string } }[] }[] } }>(
      '{ indicators(first: 100) { nodes { code related { kind factor indicator { code } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const served = new Map(result.data!.indicators.nodes.map((n) => [n.code, n.related]));
    for (const ind of withRelations) {
      for (const rel of ind.related) {
        expect(served.get(ind.code), `${ind.code} ${rel.kind} ${rel.code}`).toContainEqual({ kind: rel.kind, factor: rel.factor ?? null, indicator: { code: rel.code } });
        if (rel.kind === 'not_comparable_with') {
          expect(served.get(rel.code), `${rel.code} back to ${ind.code}`).toContainEqual({ kind: rel.kind, factor: null, indicator: { code: ind.code } });
        }
      }
    }
  });
});
