import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { loadTaxonomy } from '../../src/modules/taxonomy/taxonomy.seed';
import { createTestHub } from '../support/hub';

/**
 * Operations run compiled by graphql-jit (src/server/executor.ts); what a client sees of an error
 * must be what graphql-js and Apollo gave: the code, the argument at fault, where in the query.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await loadTaxonomy(hub.db);
});
afterAll(async () => {
  await hub?.close();
});

describe('the compiled executor', () => {
  it("reports a client's mistake with its code, the argument and where in the query it is", async () => {
    const result = await hub.execute(`query {
  ranking(indicator: "no.such_indicator", period: "2020") { unit }
}`);
    expect(result.errors).toEqual([
      {
        message: 'Unknown indicator "no.such_indicator"; list the codes with indicators(search: ...).',
        locations: [{ line: 2, column: 3 }],
        path: ['ranking'],
        extensions: { code: 'BAD_USER_INPUT', argument: 'indicator', value: 'no.such_indicator' },
      },
    ]);
  });

  it('runs a query it has compiled with each request\'s own variables', async () => {
    const query = 'query Page($first: Int) { indicators(first: $first) { edges { node { code } } } }';
    const sizes = [];
    for (const first of [1, 3, 1]) {
      const result = await hub.execute<{ indicators: { edges: unknown[] } }>(query, { first });
      expect(result.errors).toBeUndefined();
      sizes.push(result.data!.indicators.edges.length);
    }
    expect(sizes).toEqual([1, 3, 1]);
  });

  it('reads enum and input-object variables as a front end sends them, the same as written inline', async () => {
    // The explore page sends its rankings with variables: enums by name, a scope object. Each is
    // coerced once; coerced twice, an enum's internal value is refused as an unknown name.
    const fields = '{ level normalise direction missing { reason } }';
    const inline = await hub.execute(`{ ranking(indicator: "social_assistance.recipients_yearly", period: "2020", level: MUNICIPALITY, normalise: NONE, scope: { allUnits: true }) ${fields} }`);
    const withVariables = await hub.execute(
      `query Ranking($indicator: String!, $period: String, $level: RankingLevel, $normalise: Normalisation, $scope: RankingScope) {
        ranking(indicator: $indicator, period: $period, level: $level, normalise: $normalise, scope: $scope) ${fields} }`,
      { indicator: 'social_assistance.recipients_yearly', period: '2020', level: 'MUNICIPALITY', normalise: 'NONE', scope: { allUnits: true } },
    );
    expect(inline.errors).toBeUndefined();
    expect(withVariables).toEqual(inline);
  });

  it('hides an unexpected error behind a generic message', async () => {
    const failing = hub.services.comparison.ranking.bind(hub.services.comparison);
    hub.services.comparison.ranking = async () => {
      throw new Error('secret detail of a bug');
    };
    try {
      const result = await hub.execute('{ ranking(indicator: "social_assistance.recipients_yearly", period: "2020") { unit } }');
      expect(result.errors).toEqual([{ message: 'Internal server error; the problem was logged.', path: ['ranking'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(JSON.stringify(result)).not.toContain('secret');
    } finally {
      hub.services.comparison.ranking = failing;
    }
  });
});
