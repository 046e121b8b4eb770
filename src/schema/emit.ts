import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildHubSchema } from './build';
import { repoRoot } from '../paths';

/** Prints the schema sorted, so that the committed file changes only when the contract does. */
export async function printHubSchema(): Promise<string> {
  const schema = await buildHubSchema();
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export const SCHEMA_FILE = path.join(repoRoot, 'schema.graphql');
