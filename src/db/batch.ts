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

/** About this many bytes of CSV per CopyData message: one message per row cost two socket writes per row. */
const COPY_CHUNK_BYTES = 64 * 1024;

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
    // Each piece copied out of the writer's buffer: the stream may still hold it when the next is written.
    const pieces = function* () {
      for (const piece of csvChunks(rows, Number.POSITIVE_INFINITY, COPY_CHUNK_BYTES)) yield Buffer.from(piece);
    };
    await pipeline(Readable.from(pieces()), stream);
    return stream.rowCount;
  }
  let copied = 0;
  const blob = new PieceBlob();
  for (const piece of csvChunks(rows, EMBEDDED_COPY_ROWS, Number.POSITIVE_INFINITY)) {
    const result = await embedded.query(statement.replace('FROM STDIN', "FROM '/dev/blob'"), [], { blob: blob.holding(piece) });
    copied += result.affectedRows ?? 0;
  }
  return copied;
}

/**
 * The blob PGlite reads `/dev/blob` from, holding one piece of COPY data at a time in one buffer
 * that every piece reuses. PGlite reads a blob through its `arrayBuffer()`. A `Blob` made for each
 * piece, and the `ArrayBuffer` PGlite then asked of it, were two copies of every piece that only a
 * collection of V8's heap let go of: in an import of a 200,000-cell JSON-stat dataset, 110 MB of them
 * gathered before one came, a third of the import's peak.
 */
class PieceBlob extends Blob {
  private buffer = new ArrayBuffer(0, { maxByteLength: 0 });

  constructor() {
    // Empty to every reader but arrayBuffer(), the one PGlite calls (0.5.14 is pinned; the embedded
    // tests' imports go through here).
    super([]);
  }

  /** This blob, holding a copy of `piece` in place of the last. */
  holding(piece: Uint8Array): this {
    if (piece.length > this.buffer.maxByteLength) this.buffer = new ArrayBuffer(piece.length, { maxByteLength: piece.length * 2 });
    this.buffer.resize(piece.length);
    new Uint8Array(this.buffer).set(piece);
    return this;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.buffer);
  }
}

/**
 * The rows as CSV in pieces of at most `maxRows` rows or about `maxBytes` bytes, each piece a view
 * of one buffer that the next piece writes over: the caller uses or copies a piece before it asks
 * for the next. Written by hand rather than with a CSV library, which spent a fifth of a large
 * import's CPU on rows that need only this much. Every text is quoted, so that an empty text stays
 * '' and only a missing value (unquoted, empty) is NULL; a boolean is t or f; a list is a text[]
 * literal, quoted like any text.
 */
function* csvChunks(rows: Iterable<CopyValue[]>, maxRows: number, maxBytes: number): Generator<Buffer> {
  // Written into one buffer, not made as strings: a row's fields, the row joined and the piece
  // joined were each a string, every one kept until its piece was sent, so that V8's old
  // generation grew by the pieces of a 200,000-row import before it collected them.
  const out = new CsvBuffer();
  let count = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (i > 0) out.ascii(',');
      const value = row[i];
      if (value === null || value === undefined) continue;
      if (typeof value === 'string') out.quoted(value);
      else if (typeof value === 'number') out.ascii(String(value));
      else if (typeof value === 'boolean') out.ascii(value ? 't' : 'f');
      else out.quoted(arrayLiteral(value));
    }
    out.ascii('\n');
    count++;
    if (count >= maxRows || out.length >= maxBytes) {
      yield out.take();
      count = 0;
    }
  }
  if (count > 0) yield out.take();
}

/** A growing byte buffer that CSV is written into, emptied by `take`. */
class CsvBuffer {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  ascii(text: string): void {
    this.reserve(text.length);
    this.length += this.bytes.write(text, this.length, 'latin1');
  }

  /** A text as a quoted CSV field: quotes doubled. */
  quoted(text: string): void {
    const escaped = text.includes('"') ? text.replace(/"/g, '""') : text;
    // UTF-8 takes at most three bytes for each UTF-16 unit.
    this.reserve(escaped.length * 3 + 2);
    this.bytes[this.length++] = 0x22;
    this.length += this.bytes.write(escaped, this.length, 'utf8');
    this.bytes[this.length++] = 0x22;
  }

  /** What was written since the last take, as a view of the buffer; the buffer is then written from its start. */
  take(): Buffer {
    const piece = this.bytes.subarray(0, this.length);
    this.length = 0;
    return piece;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + bytes));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/** A text[] as PostgreSQL reads it: every element quoted, quotes and backslashes escaped. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
