import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Options as StringifyOptions } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './database';

/** Orders rows to match DataLoader keys: one result (or null) per key, in key order. */
export function oneByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map<K, R>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups rows to match DataLoader keys: a list (possibly empty) per key, in key order. */
export function manyByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** One value of a row to copy: null is SQL NULL, a list is a text[]. */
export type CopyValue = string | number | boolean | null | readonly string[];

/** Rows per COPY statement on the embedded database, which takes each as one in-memory blob. */
const EMBEDDED_COPY_ROWS = 20_000;

const CSV_OPTIONS: StringifyOptions = {
  // Every text quoted, so that an empty text stays '' and only a missing value (unquoted) is NULL.
  quoted_string: true,
  cast: { boolean: (value) => (value ? 't' : 'f') },
};

/**
 * Appends rows to a table with COPY inside the caller's transaction: a stream to a server
 * (pg-copy-streams), blobs of some thousand rows to the embedded database, whose socket speaks no
 * COPY FROM STDIN but whose session, behind the socket, is the transaction's own. Rows are taken
 * from the iterable as they are sent, so the caller need not build them all first. Constraints and
 * foreign keys are checked as for INSERT; a refused row fails the statement and so the transaction.
 */
export async function copyRows(db: Database, client: PoolClient, table: string, columns: readonly string[], rows: Iterable<CopyValue[]>): Promise<number> {
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT csv)`;
  const embedded = db.embeddedDatabase;
  if (!embedded) {
    const stream = client.query(copyFrom(statement));
    await pipeline(Readable.from(csvRecords(rows)), stringify(CSV_OPTIONS), coalesce(COPY_CHUNK_BYTES), stream);
    return stream.rowCount;
  }
  let copied = 0;
  for (const chunk of chunks(csvRecords(rows), EMBEDDED_COPY_ROWS)) {
    const result = await embedded.query(statement.replace('FROM STDIN', "FROM '/dev/blob'"), [], { blob: new Blob([stringifySync(chunk, CSV_OPTIONS)]) });
    copied += result.affectedRows ?? 0;
  }
  return copied;
}

/** About this much CSV per CopyData message: one message per row cost two socket writes per row. */
const COPY_CHUNK_BYTES = 64 * 1024;

/** Joins small chunks into ones of at least `bytes`, so that COPY sends few large messages. */
function coalesce(bytes: number): Transform {
  let pending: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      pending.push(buffer);
      size += buffer.length;
      if (size >= bytes) {
        this.push(Buffer.concat(pending, size));
        pending = [];
        size = 0;
      }
      done();
    },
    flush(done) {
      if (size > 0) this.push(Buffer.concat(pending, size));
      done();
    },
  });
}

function* csvRecords(rows: Iterable<CopyValue[]>): Generator<(string | number | boolean | null)[]> {
  for (const row of rows) yield row.map((value) => (Array.isArray(value) ? arrayLiteral(value as readonly string[]) : (value as string | number | boolean | null)));
}

/** A text[] as PostgreSQL reads it: every element quoted, quotes and backslashes escaped. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}
