/**
 * An answer's JSON text, the same as Apollo's (`JSON.stringify(value) + '\n'`).
 *
 * V8 12 and 13 (Node 22 and 24) build a `JSON.stringify` result larger than their largest regular
 * heap object (128 KB) on a slow path: 1,000 small objects (120 KB of JSON) took 0.1 ms and 1,200
 * (144 KB) 1.3–2.4 ms on both, where Node 20 (V8 11) took 0.2–0.3 ms, and a 150 KB national ranking
 * 3–7 ms on Node 24 against 0.5–1 ms on Node 20. There, long lists are stringified a slice at a time
 * and joined (a hub on Node 24: Node CPU per national ranking about 9.4 → 8.7 ms); on V8 11 slicing
 * only costs (9.2–10.9 → 10.6–13.5 ms), so it is not done.
 */
export function answerStringifier(v8Major: number): (value: unknown) => string {
  return v8Major >= 12 ? stringifySliced : (value) => `${JSON.stringify(value)}\n`;
}

export const stringifyAnswer = answerStringifier(Number(process.versions.v8.split('.')[0]));

/**
 * The same text, long lists a slice at a time. Only plain objects and arrays near the top of the
 * answer are walked; everything else, and anything that could behave otherwise (`toJSON`, a class
 * instance), goes to `JSON.stringify` whole.
 */
export function stringifySliced(value: unknown): string {
  return `${piece(value, 0)}\n`;
}

/** Elements per slice of a long list: a ranking's rows are about 500 bytes each. */
const SLICE = 64;
/** How deep objects are walked: a list of rows sits at data → field → object → list. */
const MAX_DEPTH = 6;

/** JSON.stringify's text of `value`; undefined where it gives none (undefined, a function, a symbol). */
function piece(value: unknown, depth: number): string | undefined {
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null || !isPlain(value)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length > SLICE) {
      const parts: string[] = [];
      for (let i = 0; i < value.length; i += SLICE) parts.push(JSON.stringify(value.slice(i, i + SLICE)).slice(1, -1));
      return `[${parts.join(',')}]`;
    }
    // A short list may still hold long ones (a comparison's indicators, each with its cells).
    const items: string[] = [];
    // By index, not map: a hole is null here as in JSON.stringify.
    for (let i = 0; i < value.length; i++) items.push(piece(value[i], depth + 1) ?? 'null');
    return `[${items.join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(record)) {
    const v = piece(record[key], depth + 1);
    // What JSON.stringify leaves out of an object.
    if (v === undefined) continue;
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${v}`;
  }
  return `${text}}`;
}

/** A plain object or array: nothing of it that JSON.stringify would treat otherwise (`toJSON`, a class). */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  const plain = Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype || proto === null;
  return plain && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
