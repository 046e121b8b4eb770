import { readFileSync, writeFileSync } from 'node:fs';
import { printHubSchema, SCHEMA_FILE } from '../schema/emit';

/** `npm run schema:emit` writes schema.graphql; `npm run schema:check` fails when it has drifted from the code. */
async function main(): Promise<void> {
  const printed = await printHubSchema();
  if (process.argv.includes('--check')) {
    let committed: string;
    try {
      committed = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      console.error('schema.graphql is missing; run `npm run schema:emit` and commit it.');
      process.exit(1);
    }
    if (committed !== printed) {
      console.error('schema.graphql is out of date with the code; run `npm run schema:emit` and commit it.');
      process.exit(1);
    }
    console.log('schema.graphql matches the code.');
    return;
  }
  writeFileSync(SCHEMA_FILE, printed);
  console.log(`wrote ${SCHEMA_FILE}`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
