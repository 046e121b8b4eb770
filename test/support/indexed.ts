import { expect } from 'vitest';

// Under noUncheckedIndexedAccess a read such as `rows[0]` may be undefined. In a test, a row that
// must be there is a claim about the code under test: these helpers check it and fail saying what
// was missing, instead of a later "cannot read properties of undefined".

/** The single element of a list that must hold exactly one; fails showing the list otherwise. */
export function only<T>(items: readonly T[], what = 'list'): T {
  expect(items, `${what} should hold exactly one element`).toHaveLength(1);
  return items[0] as T;
}

/** The element at `index` (negative counts from the end) of a list that must reach that far. */
export function at<T>(items: readonly T[], index: number, what = 'list'): T {
  if (index >= items.length || index < -items.length) {
    throw new Error(`${what} has ${items.length} element(s), none at index ${index}`);
  }
  return items.at(index) as T;
}

/** A value that must be there: a record's entry, a regular expression's group, a found row. */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}
