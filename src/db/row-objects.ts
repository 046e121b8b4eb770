import type { FieldDef, QueryResult, QueryResultRow } from 'pg';

/**
 * Rows as objects, made from the values pg hands over as arrays (`rowMode: 'array'`).
 *
 * pg makes an object row by copying one prepared object per result (`{ ...empty }`) and then
 * assigning each column by name. In the hub, where hundreds of statements of different columns
 * pass through that one copy, V8 stops specialising it: a copy then starts from an empty object
 * and adds the columns one at a time, moving the row's properties to a larger store again and
 * again. A row of the ranking's 46 columns cost 2.9 KB of garbage that way, against 0.4 KB for the
 * row itself: 11.6 MB per ranking of 4,000 offices, which the young generation then had to copy
 * while the request held it (measured: 15.8 MB per read in a process that had run a dozen other
 * statements first, 6.3 MB in one that had not). Here every field list gets its own maker, an
 * object literal of exactly its columns, so each row is one allocation of its final shape.
 */

type RowMaker = (values: readonly unknown[]) => QueryResultRow;

/** Makers by column list: the hub's statements are fixed texts, so there are as many as statements at most. */
const makers = new Map<string, RowMaker>();

/** The maker of rows with these columns, in this order: made once per column list. */
export function makerFor(names: readonly string[]): RowMaker {
  const key = names.join('\u0000');
  let maker = makers.get(key);
  if (!maker) {
    // An object literal of the names, as JSON strings (any name a column can have is a valid key
    // so quoted). A name repeated keeps its last value, as pg's own rows do.
    const literal = names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- made of the result's column names, quoted; no value ever enters the code
    maker = new Function('v', `return { ${literal} };`) as RowMaker;
    makers.set(key, maker);
  }
  return maker;
}

/** A result read with `rowMode: 'array'`, its rows made into objects keyed by column name, as pg's default rows are. */
export function withRowObjects<T extends QueryResultRow>(result: QueryResult<unknown[]>): QueryResult<T> {
  const arrays = result.rows;
  // No rows, nothing to make: a write without RETURNING has no fields to make a maker of either.
  if (arrays.length > 0) {
    const make = makerFor(result.fields.map((f: FieldDef) => f.name));
    const rows = new Array<QueryResultRow>(arrays.length);
    for (let i = 0; i < arrays.length; i++) rows[i] = make(arrays[i] as unknown[]);
    (result as unknown as QueryResult<QueryResultRow>).rows = rows;
  }
  return result as unknown as QueryResult<T>;
}
