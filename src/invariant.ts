/**
 * A fact the code relies on turned out false: a row the database's own constraints promise is
 * missing, a map built a few lines up lacks a key. A bug, never bad input, so clients see it as an
 * internal error; the message says which fact failed, which a `!` would not.
 */
export class InvariantError extends Error {
  override name = 'InvariantError';
}

/** `value`, or an InvariantError saying that `what` is missing. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new InvariantError(`${what} is missing`);
  return value;
}

/** The value under `key`, first stored as `create()` when there is none (a list to push to, say). */
export function getOrInsert<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
