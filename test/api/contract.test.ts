import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';

let hub: Hub;
beforeAll(async () => { hub = await createTestHub({ seed: true }); });
afterAll(async () => { await hub?.close(); });

describe('the queries of the public contract', () => {
  it('answers Bodø, Nordland, 51558 for the population query as written', async () => {
    const result = await hub.execute('{ municipality(code: "1804") { name county { name } population(year: 2018) { total } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ municipality: { name: 'Bodø', county: { name: 'Nordland' }, population: { total: 51558 } } });
  });

  it("finds Bodø's 2018 recipients per month with target, quote, source and citation", async () => {
    const result = await hub.execute<{ observations: { edges: { node: Record<string, unknown> }[] } }>(
      '{ observations(indicator: "social_assistance.recipients_monthly_avg", municipality: "1804", period: "2018", first: 10) { edges { node { value valueText period kind quote target { text met } source { title url } citation } } } }',
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.observations.edges.map((e) => e.node);
    const actual = nodes.find((n) => n.kind === 'ACTUAL')!;
    expect(actual).toMatchObject({
      value: 429,
      valueText: '429',
      period: '2018',
      target: { text: '< 450', met: true },
      source: { title: 'Årsmelding 2018', url: null },
    });
    // The README publishes the quote whole: the row as printed, its cells joined by " | ".
    expect(actual.quote).toBe('Samlet antall mottakere av sosialhjelp pr. mnd. | 466 | 443 | 429 | < 450');
    expect(nodes.find((n) => n.kind === 'TARGET')).toMatchObject({ value: 450, valueText: '< 450', period: '2018', target: null });
    expect(actual.citation).toBe('Bodø kommune, Årsmelding 2018, NAV Bodø: «Samlet antall mottakere av sosialhjelp pr. mnd.» 429 (gjennomsnitt 2018)');
  });
});
