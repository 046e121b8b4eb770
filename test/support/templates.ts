import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { seed } from '../../src/seed';
import { Services } from '../../src/services';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Dumped embedded databases that test files start from (test/support/db.ts); none on a server. */
    embeddedTemplates: { migrated: string; seeded: string } | null;
  }
}

/**
 * Vitest's global setup, on the embedded database: a migrated database and a seeded one (what
 * `npm start` loads on a first start), each made once and dumped, so that every test file starts
 * from a copy in under a second. initdb alone took three to five seconds per file, and the seed
 * ten more for each file that wanted it.
 */
export default async function makeTemplates(project: TestProject): Promise<() => void> {
  if (process.env.DATABASE_URL) {
    project.provide('embeddedTemplates', null);
    return () => undefined;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'malestokk-templates-'));
  const db = await Database.open({ dataDir: 'memory://' });
  try {
    const dump = async (name: string) => {
      const file = path.join(dir, `${name}.tar`);
      const data = await db.embeddedDatabase?.dumpDataDir('none');
      if (!data) throw new Error('the embedded database could not be dumped');
      writeFileSync(file, Buffer.from(await data.arrayBuffer()));
      return file;
    };
    await db.migrate();
    const migrated = await dump('migrated');
    await seed(new Services(db), createLogger('silent'));
    const seeded = await dump('seeded');
    project.provide('embeddedTemplates', { migrated, seeded });
  } finally {
    await db.close();
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
