/**
 * An answer's JSON text, the same as Apollo's (`JSON.stringify(value) + '\n'`), made and sent in
 * slices so that it never exists as one long string or one long buffer.
 *
 * V8 places every string over 128 KB (64K characters once one of them is outside Latin-1, as an
 * en dash in a citation makes them) in memory mapped for it alone, and every page of it faults in
 * when first written: copying a 66,000-character string took 0.65 ms where 64,000 took 8 µs, on
 * Node 20 and 24 alike. A 150 KB national ranking was such a string three times over: Node 20's
 * `JSON.stringify` gives a rope that must be flattened before it is encoded, `Buffer.from` then
 * made a fresh buffer of it, and Node 22 and 24 build a result over 128 KB on a slower path (a 150
 * KB ranking 3–7 ms against 0.5–1 ms on Node 20). Slices of at most about 32K characters, each
 * encoded by itself, stay in V8's and malloc's reused memory; the HTTP layer writes the slices'
 * bytes one after the other (`answerBytes`).
 */

/** A slice is closed once it reaches this many characters. */
const SLICE_CHARS = 16 * 1024;
/** Lists longer than this are written a run of elements at a time, shorter ones element by element. */
const LONG_LIST = 16;
/** How deep objects are walked: a list of rows sits at data → field → object → list. */
const MAX_DEPTH = 6;

/** What `stringifyAnswer` made of an answer: its text, and the slices that text is joined from. */
interface Sliced {
  text: string;
  slices: readonly string[];
}

/**
 * The slices of recent answers, by the answer's `data` (the object Apollo's result and the HTTP
 * layer share), for as long as that object lives.
 */
const slicedByData = new WeakMap<object, Sliced>();

/**
 * Apollo's `stringifyResult`: the answer's text, joined from its slices without copying them (a
 * rope, flattened only if something reads it whole: the response cache, a test), and remembered
 * by the answer's `data` so that `answerBytes` can encode the slices one by one.
 */
export function stringifyAnswer(value: unknown): string {
  const slices = answerSlices(value);
  let text = '';
  for (const slice of slices) text += slice;
  const data = typeof value === 'object' && value !== null ? (value as { data?: unknown }).data : undefined;
  if (typeof data === 'object' && data !== null) slicedByData.set(data, { text, slices });
  return text;
}

/**
 * The bytes of `text` (UTF-8), in pieces to write one after the other: the slices' own when `text`
 * is what `stringifyAnswer` returned for the answer with this `data`, else one buffer of the whole.
 */
export function answerBytes(data: unknown, text: string): Buffer[] {
  const sliced = typeof data === 'object' && data !== null ? slicedByData.get(data) : undefined;
  // Let go at once rather than when `data` is collected: with the slices kept, eight rankings at a
  // time peaked at 229 and 236 MB, without them at 221 and 224 (Node 24, server, two runs each).
  if (sliced) slicedByData.delete(data as object);
  // The very string in practice, which compares equal at once; anything else is encoded whole.
  if (!sliced || sliced.text !== text) return [Buffer.from(text)];
  return sliced.slices.map(encodeSlice);
}

/**
 * Where a slice is encoded before its bytes are copied out at their exact length: measuring a
 * slice's UTF-8 length first walked it twice, and a national ranking's slices are two bytes a
 * character (an en dash in a citation), the slow case for both walks (0.1 ms of the ranking's
 * 4.5 ms of CPU). Room for a slice of the usual size at three bytes a character, the most UTF-8
 * needs for one UTF-16 unit.
 */
const scratch = Buffer.allocUnsafeSlow(3 * 2 * SLICE_CHARS);

function encodeSlice(slice: string): Buffer {
  if (3 * slice.length > scratch.length) return Buffer.from(slice);
  const length = scratch.write(slice);
  const bytes = Buffer.allocUnsafe(length);
  scratch.copy(bytes, 0, 0, length);
  return bytes;
}

/** The answer's text (`JSON.stringify(value) + '\n'`) in slices, each of at most about 32K characters where its rows allow. */
export function answerSlices(value: unknown): string[] {
  const out = new SliceWriter();
  if (walkable(value, 0)) write(value, 0, out);
  else out.add(`${JSON.stringify(value)}`);
  out.add('\n');
  return out.close();
}

class SliceWriter {
  private readonly slices: string[] = [];
  private current = '';

  add(text: string): void {
    this.current += text;
    if (this.current.length >= SLICE_CHARS) this.flush();
  }

  /** A long text (a run of rows) as a slice of its own: joined to the short ones before it, it would be copied once more. */
  addLong(text: string): void {
    this.flush();
    this.slices.push(text);
  }

  private flush(): void {
    if (this.current) this.slices.push(this.current);
    this.current = '';
  }

  close(): string[] {
    this.flush();
    return this.slices;
  }
}

/** A plain object or array near the top of the answer, walked here; anything else goes to `JSON.stringify` whole. */
function walkable(value: unknown, depth: number): value is object {
  return depth < MAX_DEPTH && typeof value === 'object' && value !== null && isPlain(value);
}

/** Writes a walkable value's JSON text. */
function write(value: object, depth: number, out: SliceWriter): void {
  if (Array.isArray(value)) return writeList(value, depth, out);
  const record = value as Record<string, unknown>;
  let first = true;
  out.add('{');
  for (const key of Object.keys(record)) {
    const v = record[key];
    const name = `${first ? '' : ','}${JSON.stringify(key)}:`;
    if (walkable(v, depth + 1)) {
      out.add(name);
      write(v, depth + 1, out);
    } else {
      const text = JSON.stringify(v);
      // What JSON.stringify leaves out of an object.
      if (text === undefined) continue;
      out.add(name + text);
    }
    first = false;
  }
  out.add('}');
}

function writeList(list: readonly unknown[], depth: number, out: SliceWriter): void {
  out.add('[');
  if (list.length > LONG_LIST) {
    // A run of elements at a time, as long as keeps its text under a slice: a ranking's rows are
    // about 500 characters each, a comparison's may be far longer.
    let run = 32;
    for (let i = 0; i < list.length; ) {
      const text = JSON.stringify(list.slice(i, i + run));
      if (i > 0) out.add(',');
      out.addLong(text.slice(1, -1));
      i += run;
      if (text.length > SLICE_CHARS && run > 1) run = Math.max(1, run >> 1);
      else if (text.length < SLICE_CHARS / 4 && run < 1024) run <<= 1;
    }
  } else {
    // A short list may still hold long ones (a comparison's indicators, each with its cells). By
    // index, not map: a hole is null here as in JSON.stringify.
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (i > 0) out.add(',');
      if (walkable(v, depth + 1)) write(v, depth + 1, out);
      else out.add(JSON.stringify(v) ?? 'null');
    }
  }
  out.add(']');
}

/** A plain object or array: nothing of it that JSON.stringify would treat otherwise (`toJSON`, a class). */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  const plain = Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype || proto === null;
  return plain && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
