import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type GraphQLSchema, Kind, type OperationDefinitionNode, parse, specifiedRules, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { buildHubSchema } from '../../src/schema/build';
import { costLimitPlugin, queryLimits } from '../../src/server/limits';

const QUERIES = path.join(__dirname, '../../web/src/queries');
const files = readdirSync(QUERIES).filter((f) => f.endsWith('.graphql'));

/** Variables as the page sends them: a national indicator, a municipality, an office. */
const VARIABLES: Record<string, Record<string, unknown>> = {
  Catalog: {},
  IndicatorSearch: { search: 'sosialhjelp' },
  IndicatorCoverage: { code: 'social_assistance.recipients_yearly' },
  Ranking: { indicator: 'social_assistance.recipients_yearly', period: '2018', level: 'MUNICIPALITY', scope: { allUnits: true }, normalise: 'NONE' },
  MapMunicipalities: { indicator: 'social_assistance.recipients_yearly', period: '2018' },
  MunicipalityPanel: { indicator: 'social_assistance.recipients_yearly', code: '1804' },
  OfficePanel: { indicator: 'social_assistance.recipients_yearly', code: '24837' },
  CountyPeriod: { indicator: 'social_assistance.recipients_yearly', period: '2016', county: '18' },
};

describe("the explore page's queries (web/src/queries)", () => {
  let schema: GraphQLSchema;
  // The hub's own limits at their defaults: the page must work on a hub configured as shipped.
  const config = loadConfig({});

  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  it('are all here, one file per query the page sends', () => {
    expect(files.map((f) => f.replace('.graphql', '')).sort()).toEqual(Object.keys(VARIABLES).sort());
  });

  it.each(files)('%s holds one query named as its file (the operationName the page sends)', (file) => {
    const document = parse(readFileSync(path.join(QUERIES, file), 'utf8'));
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.map((o) => `${o.operation} ${o.name?.value}`)).toEqual([`query ${file.replace('.graphql', '')}`]);
  });

  it.each(files)('%s is valid against the schema and within the default depth, alias and field limits', (file) => {
    const document = parse(readFileSync(path.join(QUERIES, file), 'utf8'));
    const rules = [
      ...specifiedRules,
      ...queryLimits({ maxDepth: config.MAX_QUERY_DEPTH, maxAliases: config.MAX_ALIASES, maxDirectives: config.MAX_DIRECTIVES, maxFields: config.MAX_QUERY_FIELDS }),
    ];
    expect(validate(schema, document, rules).map((e) => e.message)).toEqual([]);
  });

  it.each(files)('%s passes the hub’s cost limit at its default, with the variables the page sends', async (file) => {
    const document = parse(readFileSync(path.join(QUERIES, file), 'utf8'));
    const name = file.replace('.graphql', '');
    const listener = await costLimitPlugin(schema, config.MAX_QUERY_COST).requestDidStart?.({} as never);
    const check = listener?.didResolveOperation?.({ request: { operationName: name, variables: VARIABLES[name] }, document } as never);
    await expect(check).resolves.toBeUndefined();
  });
});
