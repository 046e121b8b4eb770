import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Database } from '../../src/db/database';

// The embedded database as the hub reaches it: pg through PGlite's socket server, with the
// project's patch to it (patches/@electric-sql+pglite-socket+0.2.17.patch). Embedded whatever
// DATABASE_URL says: the socket is the embedded database's alone.
let db: Database;
beforeAll(async () => {
  db = await Database.open({ dataDir: 'memory://' });
}, 60_000);
afterAll(async () => {
  await db?.close();
});

it('takes a 17 MB report as one parameter, joining the pieces it arrives in once', async () => {
  // A document is stored as received, so a large report travels as one parameter of one message,
  // which arrives in pieces of about 64 KB. The socket joined all it had with every piece: 2.3 GB
  // copied for a document of 17.5 MB, 1.4–2.3 s and up to 890 MB of memory.
  const report = 'Årsrapport NAV Testvik: 64 deltakere i kvalifiseringsprogrammet, 41 % til arbeid.\n'.repeat(210_000);
  const bytes = Buffer.byteLength(report);
  expect(bytes).toBeGreaterThan(17_000_000);
  const joined = vi.spyOn(Buffer, 'concat');
  try {
    const [row] = (await db.dataSource.query('SELECT length($1::text) AS characters, md5($1::text) AS md5', [report])) as { characters: number; md5: string }[];
    expect(row).toEqual({ characters: report.length, md5: createHash('md5').update(report).digest('hex') });
    const copied = joined.mock.results.reduce((sum, result) => sum + (result.type === 'return' ? (result.value as Buffer).length : 0), 0);
    expect(copied).toBeLessThan(2 * bytes);
  } finally {
    joined.mockRestore();
  }
}, 60_000);
