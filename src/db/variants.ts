import { createHash } from 'node:crypto';

/**
 * Variants of one large statement, each with its switches written in as constants.
 *
 * A ranking's statement serves every level, mode and scope, switched by parameters
 * (`$4::text = 'office'`, `$6::text IS NULL OR ...`). PostgreSQL cannot plan such a statement once
 * for all values: its generic plan keeps every branch and was slower by a hundred times, so it plans
 * the statement again on every request, which cost as much CPU as running it. Written with the
 * switches as constants, each combination has a plan without the branches it does not take, good
 * for any indicator and period, which PostgreSQL keeps per connection and reuses.
 *
 * A variant is a named prepared statement on every pooled connection (a few MB of the server's
 * memory each), so their number is capped per process; past the cap, a request runs the statement
 * with every parameter, planned each time, as without variants. Values written in are only
 * booleans and words (`^[A-Za-z0-9_]+$`); any other value runs the full statement.
 */

export interface VariantSpec {
  /** Parameters written in as constants: the switches (level, mode, option words). */
  literal: readonly number[];
  /** Groups of parameters written in as NULL when every one of the group is null. */
  nullGroups: readonly (readonly number[])[];
  /** At most this many variants per process (default 8). */
  maxVariants?: number;
}

export interface Statement {
  name: string;
  text: string;
  values: unknown[];
}

const WORD = /^[A-Za-z0-9_]+$/;

export class StatementVariants {
  private readonly variants = new Map<string, { name: string; text: string; keep: number[] }>();
  private readonly maxVariants: number;

  constructor(
    readonly name: string,
    readonly text: string,
    private readonly spec: VariantSpec,
  ) {
    this.maxVariants = spec.maxVariants ?? 8;
    if (Buffer.byteLength(name) + 13 > 63) throw new Error(`statement ${name}: a name for variants must be at most 50 bytes`);
    // Each written-in parameter must carry its type at every use (`$4::text`), so that the constant
    // keeps it: an untyped NULL or word would leave PostgreSQL guessing.
    for (const n of [...spec.literal, ...spec.nullGroups.flat()]) {
      const untyped = new RegExp(`\\$${n}(?![0-9]|::)`).exec(text);
      if (untyped) throw new Error(`statement ${name}: parameter $${n} is used without a type cast at offset ${untyped.index}`);
    }
  }

  /** The statement to run for `values`: a variant, or the full statement past the cap. */
  statement(values: readonly unknown[]): Statement {
    const switches = this.switches(values);
    if (switches === null) return this.full(values);
    let variant = this.variants.get(switches.key);
    if (!variant) {
      if (this.variants.size >= this.maxVariants) return this.full(values);
      // PostgreSQL cuts a statement's name at 63 bytes: the key (which may be longer) is hashed.
      variant = { name: `${this.name}#${createHash('sha1').update(switches.key).digest('hex').slice(0, 12)}`, ...this.build(switches.constant) };
      this.variants.set(switches.key, variant);
    }
    return { name: variant.name, text: variant.text, values: variant.keep.map((n) => values[n - 1]) };
  }

  /** How many variants this process has made (for tests and the log). */
  get size(): number {
    return this.variants.size;
  }

  private full(values: readonly unknown[]): Statement {
    return { name: this.name, text: this.text, values: [...values] };
  }

  /**
   * What `values` write in (parameter number → SQL constant) and the variant's key; null when a
   * switch's value cannot be written in.
   */
  private switches(values: readonly unknown[]): { key: string; constant: Map<number, string> } | null {
    const parts: string[] = [];
    const constant = new Map<number, string>();
    for (const n of this.spec.literal) {
      const v = values[n - 1];
      let sql: string;
      if (v === null || v === undefined) sql = 'NULL';
      else if (typeof v === 'boolean') sql = String(v);
      else if (typeof v === 'string' && WORD.test(v)) sql = `'${v}'`;
      else return null;
      parts.push(sql);
      constant.set(n, sql);
    }
    for (const group of this.spec.nullGroups) {
      const absent = group.every((n) => values[n - 1] == null);
      parts.push(absent ? '-' : '+');
      if (absent) for (const n of group) constant.set(n, 'NULL');
    }
    return { key: parts.join(','), constant };
  }

  private build(constant: ReadonlyMap<number, string>): { text: string; keep: number[] } {
    // The parameters left are numbered again in order, as PostgreSQL wants no gaps.
    const keep: number[] = [];
    const renumbered = new Map<number, number>();
    const text = this.text.replace(/\$([0-9]+)/g, (_, digits: string) => {
      const n = Number(digits);
      const written = constant.get(n);
      if (written !== undefined) return written;
      let m = renumbered.get(n);
      if (m === undefined) {
        keep.push(n);
        m = keep.length;
        renumbered.set(n, m);
      }
      return `$${m}`;
    });
    return { text, keep };
  }
}
