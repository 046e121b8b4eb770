import { type FieldDef, types } from 'pg';
import { makerFor } from './row-objects';
import { RowShapeError } from './rows';

/**
 * Typed columns for a statement too large to check row by row with zod (a ranking: 4,000 rows of
 * 70 columns, where a schema check costs a fifth of the hub's CPU for the request). What PostgreSQL
 * declares of each column (name and type, in the result's field list) is checked once per result;
 * what it cannot declare (that a column is never null, that a text is one of a few words) is
 * checked per row for the columns that claim it, which costs a comparison each. The row type
 * follows from the specification, so there is no second, unchecked declaration of the row.
 */

/** Array types by OID: pg's `types.builtins` names only the scalar ones. */
const TEXT_ARRAY_OID = 1009;

interface Column<T> {
  /** The type PostgreSQL sends, as its OID and its name for messages. */
  readonly oid: number;
  readonly type: string;
  readonly nullable: boolean;
  /** The words a text column (or each element of a text[] column) may hold; any other is a RowShapeError. */
  readonly words?: ReadonlySet<string>;
  readonly array?: boolean;
  /** What the value is once packed into JSON (`packedColumnsSql`) and parsed again. */
  readonly json: JsonKind;
  /** Phantom: the value pg hands over. */
  readonly _value?: T;
}

/** The JSON value a column's value becomes: the same JavaScript value pg would have handed over. */
type JsonKind = 'integer' | 'string' | 'boolean' | 'array' | 'any';

function kind<T>(oid: number, type: string, json: JsonKind) {
  return { oid, type, nullable: false, json } as Column<T>;
}

/** Never null: checked on every row. */
export const notNull = {
  /** int2, int4: a number. */
  int: kind<number>(types.builtins.INT4, 'int4', 'integer'),
  /** int8 (a sum, a count): whole, as text, so that no digit is lost. */
  bigint: kind<string>(types.builtins.INT8, 'int8', 'string'),
  text: kind<string>(types.builtins.TEXT, 'text', 'string'),
  bool: kind<boolean>(types.builtins.BOOL, 'bool', 'boolean'),
  /** text[]. */
  texts: kind<string[]>(TEXT_ARRAY_OID, 'text[]', 'array'),
  /** json: parsed by pg, shape unknown; check it with a schema where it is read. */
  json: kind<unknown>(types.builtins.JSON, 'json', 'any'),
  /** A text that is one of `words` (an enum's values, a SQL CASE's results). */
  oneOf<const W extends string>(words: readonly W[]): Column<W> {
    return { oid: types.builtins.TEXT, type: 'text', nullable: false, json: 'string', words: new Set(words) };
  },
  /** A text[] whose every element is one of `words` (flags). */
  eachOneOf<const W extends string>(words: readonly W[]): Column<W[]> {
    return { oid: TEXT_ARRAY_OID, type: 'text[]', nullable: false, json: 'array', words: new Set(words), array: true };
  },
};

type Nullable<C> = C extends Column<infer T> ? Column<T | null> : never;

function orNull<C extends Column<unknown>>(column: C): Nullable<C> {
  return { ...column, nullable: true } as unknown as Nullable<C>;
}

/** May be null (a LEFT JOIN's column, a column set on one row only). */
export const nullable = {
  int: orNull(notNull.int),
  bigint: orNull(notNull.bigint),
  text: orNull(notNull.text),
  bool: orNull(notNull.bool),
  texts: orNull(notNull.texts),
  json: orNull(notNull.json),
  /** A text that is null or one of `words`. */
  oneOf<const W extends string>(words: readonly W[]): Column<W | null> {
    return { ...notNull.oneOf(words), nullable: true };
  },
  /** A text[] that is null or holds only `words`. */
  eachOneOf<const W extends string>(words: readonly W[]): Column<W[] | null> {
    return { ...notNull.eachOneOf(words), nullable: true };
  },
};

export type ColumnSpec = Record<string, Column<unknown>>;

/** The row a specification describes. */
export type SpecRow<S extends ColumnSpec> = { readonly [K in keyof S]: S[K] extends Column<infer T> ? T : never };

interface RowCheck {
  name: string;
  nullable: boolean;
  words?: ReadonlySet<string>;
  array?: boolean;
}

/** A specification prepared once, at module level, with the per-row checks it needs. */
export interface ColumnReader<S extends ColumnSpec> {
  readonly spec: S;
  readonly perRow: readonly RowCheck[];
  /** The columns in the specification's order: the order of a packed row (`packedColumnsSql`). */
  readonly names: readonly string[];
  /** Each column's JSON kind, in that order. */
  readonly kinds: readonly JsonKind[];
  /** Phantom: the row type. */
  readonly _row?: SpecRow<S>;
}

/** The row a reader reads: `ColumnRow<typeof Reader>`. */
export type ColumnRow<R extends ColumnReader<ColumnSpec>> = SpecRow<R['spec']>;

export function columns<S extends ColumnSpec>(spec: S): ColumnReader<S> {
  const perRow = Object.entries(spec)
    .filter(([, c]) => !c.nullable || c.words)
    .map(([name, c]) => ({ name, nullable: c.nullable, words: c.words, array: c.array }));
  return { spec, perRow, names: Object.keys(spec), kinds: Object.values(spec).map((c) => c.json) };
}

/**
 * Checks a result of statement `name` against `reader`: its fields once (every column present,
 * none unknown, each of the declared type), then, row by row, the columns that claim more than
 * their type. A mismatch is a RowShapeError naming the statement, the row and the column.
 */
export function readColumns<S extends ColumnSpec>(reader: ColumnReader<S>, name: string, fields: readonly FieldDef[], rows: readonly unknown[]): SpecRow<S>[] {
  const { spec, perRow } = reader;
  const sent = new Set<string>();
  for (const field of fields) {
    sent.add(field.name);
    const column = spec[field.name];
    if (!column) throw new RowShapeError(`statement ${name}, field ${field.name}: a column the statement's specification does not declare`);
    if (column.oid !== field.dataTypeID) {
      throw new RowShapeError(`statement ${name}, field ${field.name}: declared ${column.type}, PostgreSQL sent type ${typeName(field.dataTypeID)}`);
    }
  }
  for (const declared of Object.keys(spec)) {
    if (!sent.has(declared)) throw new RowShapeError(`statement ${name}, field ${declared}: the column is missing`);
  }
  checkRows(perRow, name, rows);
  return rows as SpecRow<S>[];
}

/**
 * A SQL expression that packs a row of `reader`'s columns, read from `alias`, into one JSON array in
 * the specification's order: int8 as text, as pg hands it over. Kept in pages (a JSON array of such
 * rows, `json_agg`), read back by `readPackedPages`.
 *
 * A ranking snapshot keeps its rows so (ranking-snapshots.ts). PostgreSQL sends a value by calling
 * its type's output function and a row as a message of its own, and pg reads each with a call of
 * its own: 4,000 rows of 46 columns. The embedded database spent 16.5 ms sending such a ranking as
 * rows, 5 ms sending each row packed, and 1.3 ms sending pages of 100 packed rows.
 */
export function packedColumnsSql(reader: ColumnReader<ColumnSpec>, alias: string): string {
  const values = reader.names.map((name) => `${alias}.${name}${reader.spec[name]?.oid === types.builtins.INT8 ? '::text' : ''}`);
  return `json_build_array(${values.join(', ')})`;
}

/**
 * Reads a result of one json column whose every value is a page of rows packed by
 * `packedColumnsSql`, as pg hands it over (parsed), into the rows `readColumns` gives, in order.
 * Nothing declares a packed value's type, so each value is checked on every row against its
 * column's JSON kind, then null and words as `readColumns` checks them. Another column, a row of
 * another length or a value of another kind is a RowShapeError naming the statement, the row (counted
 * over all pages) and the column.
 */
export function readPackedPages<S extends ColumnSpec>(reader: ColumnReader<S>, name: string, result: { fields: readonly FieldDef[]; rows: readonly Record<string, unknown>[] }): SpecRow<S>[] {
  const [field, ...more] = result.fields;
  if (!field || more.length > 0 || field.dataTypeID !== notNull.json.oid) {
    throw new RowShapeError(`statement ${name}: declared one json column of packed rows, PostgreSQL sent ${result.fields.map((f) => `${f.name} (${typeName(f.dataTypeID)})`).join(', ') || 'no column'}`);
  }
  const packed: unknown[] = [];
  for (const row of result.rows) {
    const page = row[field.name];
    if (!Array.isArray(page)) throw new RowShapeError(`statement ${name}, field ${field.name}: not a page (a JSON array) of packed rows`);
    for (let i = 0; i < page.length; i++) packed.push(page[i]);
  }
  const { names, kinds, perRow } = reader;
  const make = makerFor(names);
  const rows = new Array<SpecRow<S>>(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const values = packed[i];
    if (!Array.isArray(values) || values.length !== names.length) {
      throw new RowShapeError(`statement ${name}, row ${i + 1} of ${packed.length}: not a packed row of the ${names.length} declared columns`);
    }
    // Index loops and no closure: this runs for every value of a 4,000-office ranking.
    for (let c = 0; c < values.length; c++) {
      const value: unknown = values[c];
      const kind = kinds[c] as JsonKind;
      if (value === null || kind === 'any') continue;
      if (kind === 'integer' ? !Number.isInteger(value) : kind === 'array' ? !Array.isArray(value) : typeof value !== kind) {
        throw new RowShapeError(`statement ${name}, row ${i + 1} of ${packed.length}, field ${names[c]}: declared ${reader.spec[names[c] as string]?.type}, packed as ${Array.isArray(value) ? 'an array' : typeof value}`);
      }
    }
    rows[i] = make(values) as SpecRow<S>;
  }
  checkRows(perRow, name, rows);
  return rows;
}

/** The checks a column's type cannot make (never null, one of some words), on every row. */
function checkRows(perRow: readonly RowCheck[], name: string, rows: readonly unknown[]): void {
  if (perRow.length === 0) return;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>;
    // Index loops and no closure: this runs for every row of a 4,000-office ranking.
    for (let c = 0; c < perRow.length; c++) {
      const check = perRow[c] as RowCheck;
      const value = row[check.name];
      if (value === null) {
        if (!check.nullable) throw new RowShapeError(`statement ${name}, row ${i + 1} of ${rows.length}, field ${check.name}: null in a column declared never null`);
      } else if (check.words) {
        const stranger = check.array ? strangerIn(value as string[], check.words) : check.words.has(value as string) ? undefined : (value as string);
        if (stranger !== undefined) {
          throw new RowShapeError(
            `statement ${name}, row ${i + 1} of ${rows.length}, field ${check.name}: "${stranger}" is none of ${[...check.words].map((w) => `"${w}"`).join(', ')}`,
          );
        }
      }
    }
  }
}

/** The first of `values` that is none of `words`. */
function strangerIn(values: readonly string[], words: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < values.length; i++) if (!words.has(values[i] as string)) return values[i];
  return undefined;
}

const TYPE_NAMES = new Map<number, string>([...Object.entries(types.builtins).map(([type, oid]) => [oid, type.toLowerCase()] as const), [TEXT_ARRAY_OID, 'text[]']]);

function typeName(oid: number): string {
  return TYPE_NAMES.get(oid) ?? `with OID ${oid}`;
}
