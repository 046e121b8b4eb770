/**
 * Exact decimal arithmetic on strings, so that `9,25 × 4` is 37 and `0.1 + 0.2` is 0.3.
 *
 * Published figures are stored as NUMERIC in the database; doing arithmetic in floats between
 * the text and the database would invent digits the report never printed.
 *
 * A decimal string here is `-?\d+(\.\d+)?`. Canonical form (what every function returns): no
 * leading zeros, no trailing fractional zeros, no `-0`.
 */

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

interface Scaled {
  /** The value times 10^scale. */
  readonly coefficient: bigint;
  readonly scale: number;
}

export function isDecimal(text: string): boolean {
  return typeof text === 'string' && DECIMAL.test(text);
}

/**
 * The decimals read most recently. A large file's checks read every value several times (a median,
 * a comparison with it) and its values recur; reading one (a pattern test, a split, a BigInt) cost
 * a tenth of a 200,000-row import's CPU. A Scaled is never changed once made, so one can be shared.
 */
const recentlyScaled = new Map<string, Scaled>();
const RECENTLY_SCALED = 8192;

function toScaled(text: string): Scaled {
  const known = recentlyScaled.get(text);
  if (known) return known;
  if (!isDecimal(text)) throw new RangeError(`not a decimal string: ${JSON.stringify(text)}`);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const coefficient = BigInt(whole + fraction);
  const scaled: Scaled = Object.freeze({ coefficient: negative ? -coefficient : coefficient, scale: fraction.length });
  if (recentlyScaled.size >= RECENTLY_SCALED) recentlyScaled.clear();
  recentlyScaled.set(text, scaled);
  return scaled;
}

function fromScaled({ coefficient, scale }: Scaled): string {
  const negative = coefficient < 0n;
  let digits = (negative ? -coefficient : coefficient).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.coefficient * 10n ** BigInt(scale - a.scale), b.coefficient * 10n ** BigInt(scale - b.scale), scale];
}

/** Canonical form of a decimal string (`007.50` → `7.5`, `-0` → `0`). Throws RangeError for non-decimals. */
export function normaliseDecimal(text: string): string {
  return fromScaled(toScaled(text));
}

export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  return compareScaled(toScaled(a), toScaled(b));
}

function compareScaled(a: Scaled, b: Scaled): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimal(a: string, b: string): string {
  const [x, y, scale] = align(toScaled(a), toScaled(b));
  return fromScaled({ coefficient: x + y, scale });
}

export function subtractDecimal(a: string, b: string): string {
  const [x, y, scale] = align(toScaled(a), toScaled(b));
  return fromScaled({ coefficient: x - y, scale });
}

export function multiplyDecimal(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  return fromScaled({ coefficient: x.coefficient * y.coefficient, scale: x.scale + y.scale });
}

/** Half of a decimal, still exact: halving only ever adds one decimal place. */
export function halveDecimal(a: string): string {
  return multiplyDecimal(a, '0.5');
}

export function absDecimal(a: string): string {
  return a.startsWith('-') ? normaliseDecimal(a.slice(1)) : normaliseDecimal(a);
}

export function negateDecimal(a: string): string {
  return multiplyDecimal(a, '-1');
}

/** Multiply by 10^exponent by moving the decimal point; used for `mill` (10^6) without any float. */
export function shiftDecimal(a: string, exponent: number): string {
  const x = toScaled(a);
  if (exponent >= 0) return fromScaled({ coefficient: x.coefficient * 10n ** BigInt(exponent), scale: x.scale });
  return fromScaled({ coefficient: x.coefficient, scale: x.scale - exponent });
}

/** Number of digits after the decimal point as written (canonical strings carry no trailing zeros). */
export function decimalPlaces(a: string): number {
  return toScaled(a).scale;
}

/**
 * Half a unit of the last published digit: `3` → `0.5`, `9.25` → `0.005`. A published value may be off
 * by this much through rounding alone.
 */
export function roundingHalfUnit(a: string): string {
  return shiftDecimal('5', -(decimalPlaces(a) + 1));
}

/** Median of a non-empty list, exact (the mean of the two middle values for an even count). */
export function medianDecimal(values: readonly string[]): string {
  // Each value read once, not once per comparison: a sort compares each value log n times.
  const sorted = values.map((text) => ({ text, scaled: toScaled(text) })).sort((a, b) => compareScaled(a.scaled, b.scaled)).map((v) => v.text);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle];
  if (upper === undefined) throw new RangeError('median of an empty list');
  // An even count has a value below the middle: the median is the mean of the two.
  const lower = sorted.length % 2 === 0 ? sorted[middle - 1] : undefined;
  return lower === undefined ? normaliseDecimal(upper) : halveDecimal(addDecimal(lower, upper));
}

/** The most digits a stored figure may have before and after the decimal point (see docs/curator-format.md). */
export const MAX_INTEGER_DIGITS = 15;
export const MAX_DECIMAL_PLACES = 10;

/** Why a decimal cannot be stored as a figure, or null when it can: no report prints a 400-digit number. */
export function outOfBounds(a: string): string | null {
  const x = toScaled(a);
  const digits = (x.coefficient < 0n ? -x.coefficient : x.coefficient).toString();
  const integerDigits = Math.max(0, digits.length - x.scale);
  if (integerDigits > MAX_INTEGER_DIGITS) return `has ${integerDigits} digits before the decimal point; at most ${MAX_INTEGER_DIGITS} are stored`;
  if (x.scale > MAX_DECIMAL_PLACES) return `has ${x.scale} decimal places; at most ${MAX_DECIMAL_PLACES} are stored`;
  return null;
}

/**
 * A value a program wrote from a binary float (`0.0139999999999999` for 0.014) back to the precision
 * the source meant: a fraction of 15 to 17 significant digits that, rounded to 12, leaves at most 8
 * is float noise; any other value is returned as it is.
 */
export function roundFloatNoise(a: string): string {
  const x = toScaled(a);
  const negative = x.coefficient < 0n;
  const digits = (negative ? -x.coefficient : x.coefficient).toString().replace(/^0+/, '');
  // A double prints at most 17 significant digits, and noise sits in the fraction: an integer is as published.
  if (x.scale === 0 || digits.length < 15 || digits.length > 17) return normaliseDecimal(a);
  const drop = digits.length - 12;
  const unit = 10n ** BigInt(drop);
  const magnitude = negative ? -x.coefficient : x.coefficient;
  const rounded = ((magnitude + unit / 2n) / unit) * unit;
  const significant = rounded.toString().replace(/0+$/, '').length;
  if (significant > 8) return normaliseDecimal(a);
  return fromScaled({ coefficient: negative ? -rounded : rounded, scale: x.scale });
}
