import { GraphQLFloat, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { compiledQueryGateway } from '../../src/server/executor';
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

/**
 * graphql-jit 0.8.9 as patched (patches/graphql-jit+0.8.9.patch): a leaf's null and error checks are
 * written inline again, so the error's locations and path are made only when there is an error.
 */
describe('the compiled leaves of a list', () => {
  const Row = new GraphQLObjectType({
    name: 'Row',
    fields: { name: { type: new GraphQLNonNull(GraphQLString) }, value: { type: GraphQLFloat } },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { rows: { type: new GraphQLList(Row), resolve: (_source, _args, context: { rows: unknown[] }) => context.rows } } }),
  });
  const run = async (query: string, rows: unknown[]) => {
    const gateway = compiledQueryGateway(schema);
    const { executor } = await gateway.load({} as Parameters<typeof gateway.load>[0]);
    if (!executor) throw new Error('the gateway has no executor');
    return executor({ document: parse(query), operationName: null, request: { variables: {} }, context: { rows } } as unknown as Parameters<typeof executor>[0]);
  };

  it('names the row and the field where a required value is missing, and answers the other rows', async () => {
    const result = await run('{\n  rows {\n    name value\n  }\n}', [{ name: 'Bodø', value: 1.5 }, { name: null, value: 2 }, { name: 'Vestre Aker', value: null }]);
    expect(result.data).toEqual({ rows: [{ name: 'Bodø', value: 1.5 }, null, { name: 'Vestre Aker', value: null }] });
    expect(JSON.parse(JSON.stringify(result.errors))).toEqual([
      { message: 'Cannot return null for non-nullable field Row.name.', locations: [{ line: 3, column: 5 }], path: ['rows', 1, 'name'] },
    ]);
  });

  it('reports a value that is an error at its row and field, with null in its place', async () => {
    const result = await run('{ rows { value } }', [{ value: 3 }, { value: 4 }, { value: new Error('no figure for 2020') }]);
    expect(result.data).toEqual({ rows: [{ value: 3 }, { value: 4 }, { value: null }] });
    expect(JSON.parse(JSON.stringify(result.errors))).toEqual([{ message: 'no figure for 2020', locations: [{ line: 1, column: 10 }], path: ['rows', 2, 'value'] }]);
  });

  it('makes no error details for a leaf that has its value', () => {
    // The runtime helpers of 0.8.8 took the locations and path as arguments: two arrays and an
    // object for every leaf of every row, about 3 KB per row of a ranking, collected at once.
    const compiled = compileQuery(schema, parse('{ rows { name value } }'), undefined, { debug: true } as Parameters<typeof compileQuery>[3]);
    if (!isCompiledQuery(compiled)) throw new Error('the query did not compile');
    const code = (compiled as { __DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation?: string }).__DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation;
    expect(code).toContain('Cannot return null for non-nullable field Row.name.');
    expect(code).not.toMatch(/check(NonNull|Nullable)Leaf\(/);
  });
});
