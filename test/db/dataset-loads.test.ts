import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { loadOncePerChecksum } from '../../src/db/dataset-loads';
import { openTestDatabase } from '../support/db';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

async function storedChecksum(name: string): Promise<string | null> {
  const rows = await db.sql<{ sha256: string }>('test.dataset_loads', 'SELECT sha256 FROM dataset_loads WHERE name = $1', [name]);
  return rows[0]?.sha256 ?? null;
}

describe('loading a data set once per checksum', () => {
  it('writes a new checksum once, skips it the second time, and writes again when the file changes', async () => {
    const writes: string[] = [];
    const write = (label: string) => async () => {
      writes.push(label);
      return label;
    };
    expect(await loadOncePerChecksum(db, { name: 'once', sha256: 'aaa' }, write('first'))).toEqual({ loaded: true, result: 'first' });
    expect(await loadOncePerChecksum(db, { name: 'once', sha256: 'aaa' }, write('again'))).toEqual({ loaded: false });
    expect(await loadOncePerChecksum(db, { name: 'once', sha256: 'bbb' }, write('changed'))).toEqual({ loaded: true, result: 'changed' });
    expect(writes).toEqual(['first', 'changed']);
    expect(await storedChecksum('once')).toBe('bbb');
  });

  it('lets one of two loads started together write, and the other find it written', async () => {
    let writes = 0;
    const write = async () => {
      writes++;
      // Long enough for the other load to pass its first look at the checksum meanwhile.
      await delay(100);
      return writes;
    };
    const outcomes = await Promise.all([
      loadOncePerChecksum(db, { name: 'together', sha256: 'ccc' }, write),
      loadOncePerChecksum(db, { name: 'together', sha256: 'ccc' }, write),
    ]);
    expect(writes).toBe(1);
    expect(outcomes.map((o) => o.loaded).sort()).toEqual([false, true]);
  });

  it('stores no checksum when the writing fails, so the next start tries again', async () => {
    await expect(
      loadOncePerChecksum(db, { name: 'failing', sha256: 'ddd' }, async (client) => {
        await client.query(`INSERT INTO dataset_loads (name, sha256) VALUES ('written-before-failing', 'x')`);
        throw new Error('the file is bad');
      }),
    ).rejects.toThrow('the file is bad');
    expect(await storedChecksum('failing')).toBeNull();
    expect(await storedChecksum('written-before-failing')).toBeNull();
    expect(await loadOncePerChecksum(db, { name: 'failing', sha256: 'ddd' }, async () => 'now')).toEqual({ loaded: true, result: 'now' });
  });
});
