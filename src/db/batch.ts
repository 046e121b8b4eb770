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
  // Each row joined from its fields and each piece from its rows, not one string grown by `+=`: V8
  // keeps a grown string as a tree of the pieces added to it, a node each, so a piece of 20,000 rows
  // (the embedded database's) was some 800,000 nodes kept until it was sent. Grown, the 200,000 rows
  // of the import bench allocated 324 MB here, and the import took 19.2–21.5 s on the embedded
  // database against 17.3–17.6 s joined (on a server, where pieces are small, no difference showed).
  const fields: string[] = [];
  const lines: string[] = [];
  let chars = 0;
  for (const row of rows) {
    fields.length = row.length;
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (value === null || value === undefined) fields[i] = '';
      else if (typeof value === 'string') fields[i] = csvText(value);
      else if (typeof value === 'number') fields[i] = String(value);
      else if (typeof value === 'boolean') fields[i] = value ? 't' : 'f';
      else fields[i] = csvText(arrayLiteral(value));
    }
    const line = fields.join(',');
    lines.push(line);
    chars += line.length + 1;
    if (lines.length >= maxRows || chars >= maxChars) {
      yield piece(lines);
      lines.length = 0;
      chars = 0;
    }
  }
  if (lines.length > 0) yield piece(lines);
}

/** The rows as one text, each ended by a line break. */
function piece(lines: string[]): string {
  lines.push('');
  return lines.join('\n');
}

function csvText(text: string): string {
  return text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`;
}

/** A text[] as PostgreSQL reads it: every element quoted, quotes and backslashes escaped. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
