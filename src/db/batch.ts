import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

/** About this much CSV per CopyData message: one message per row cost two socket writes per row. */
const COPY_CHUNK_CHARS = 64 * 1024;

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
    await pipeline(Readable.from(csvChunks(rows, Number.POSITIVE_INFINITY, COPY_CHUNK_CHARS)), stream);
    return stream.rowCount;
  }
  let copied = 0;
  for (const chunk of csvChunks(rows, EMBEDDED_COPY_ROWS, Number.POSITIVE_INFINITY)) {
    const result = await embedded.query(statement.replace('FROM STDIN', "FROM '/dev/blob'"), [], { blob: new Blob([chunk]) });
    copied += result.affectedRows ?? 0;
  }
  return copied;
}

/**
 * The rows as CSV text in pieces of at most `maxRows` rows or about `maxChars` characters. Written
 * by hand rather than with a CSV library, which spent a fifth of a large import's CPU on rows that
 * need only this much. Every text is quoted, so that an empty text stays ''
 * and only a missing value (unquoted, empty) is NULL; a boolean is t or f; a list is a text[]
 * literal, quoted like any text.
 */
function* csvChunks(rows: Iterable<CopyValue[]>, maxRows: number, maxChars: number): Generator<string> {
  let chunk = '';
  let count = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (i > 0) chunk += ',';
      const value = row[i];
      if (value === null || value === undefined) continue;
      if (typeof value === 'string') chunk += csvText(value);
      else if (typeof value === 'number') chunk += String(value);
      else if (typeof value === 'boolean') chunk += value ? 't' : 'f';
      else chunk += csvText(arrayLiteral(value));
    }
    chunk += '\n';
    if (++count >= maxRows || chunk.length >= maxChars) {
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  if (count > 0) yield chunk;
}

function csvText(text: string): string {
  return text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`;
}

/** A text[] as PostgreSQL reads it: every element quoted, quotes and backslashes escaped. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
