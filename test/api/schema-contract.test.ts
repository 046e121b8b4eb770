import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLNamedType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printHubSchema, SCHEMA_FILE } from '../../src/schema/emit';

describe('the committed GraphQL contract', () => {
  it('matches the schema the code builds (run `npm run schema:emit` after changing it)', async () => {
    expect(await printHubSchema()).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  it('describes every type, field and argument', async () => {
    const schema = buildSchema(await printHubSchema());
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
