import { type FieldDef, types } from 'pg';
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
  /** Phantom: the value pg hands over. */
  readonly _value?: T;
}

function kind<T>(oid: number, type: string) {
  return { oid, type, nullable: false } as Column<T>;
}

/** Never null: checked on every row. */
export const notNull = {
  /** int2, int4: a number. */
  int: kind<number>(types.builtins.INT4, 'int4'),
  /** int8 (a sum, a count): whole, as text, so that no digit is lost. */
  bigint: kind<string>(types.builtins.INT8, 'int8'),
  text: kind<string>(types.builtins.TEXT, 'text'),
  bool: kind<boolean>(types.builtins.BOOL, 'bool'),
  /** text[]. */
  texts: kind<string[]>(TEXT_ARRAY_OID, 'text[]'),
  /** json: parsed by pg, shape unknown; check it with a schema where it is read. */
  json: kind<unknown>(types.builtins.JSON, 'json'),
  /** A text that is one of `words` (an enum's values, a SQL CASE's results). */
  oneOf<const W extends string>(words: readonly W[]): Column<W> {
    return { oid: types.builtins.TEXT, type: 'text', nullable: false, words: new Set(words) };
  },
  /** A text[] whose every element is one of `words` (flags). */
  eachOneOf<const W extends string>(words: readonly W[]): Column<W[]> {
    return { oid: TEXT_ARRAY_OID, type: 'text[]', nullable: false, words: new Set(words), array: true };
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
  /** Phantom: the row type. */
  readonly _row?: SpecRow<S>;
}

/** The row a reader reads: `ColumnRow<typeof Reader>`. */
export type ColumnRow<R extends ColumnReader<ColumnSpec>> = SpecRow<R['spec']>;

export function columns<S extends ColumnSpec>(spec: S): ColumnReader<S> {
  const perRow = Object.entries(spec)
    .filter(([, c]) => !c.nullable || c.words)
    .map(([name, c]) => ({ name, nullable: c.nullable, words: c.words, array: c.array }));
  return { spec, perRow };
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
  if (perRow.length > 0) {
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
  return rows as SpecRow<S>[];
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
