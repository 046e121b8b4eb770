import YAML, { LineCounter } from 'yaml';
import { z } from 'zod';
import { UNITS } from '../observations/units';
import { INDICATOR_CODE_PATTERN, INDICATOR_CODE_RULE, THEME_CODE_PATTERN, THEME_CODE_RULE } from './indicator-code';

/**
 * What a valid taxonomy file is: the schema of `reference/taxonomy.yaml` and the checks across its
 * entries (a theme, a relation or a derivation naming an indicator that exists, a factor where the
 * arithmetic needs one). Pure: no file system, no database; taxonomy.seed.ts loads what passes.
 */

export const PERIOD_TYPES = [
  'year',
  'year_average_of_months',
  'year_average_of_quarters',
  'quarter',
  'month',
  'point_in_time',
  'change_over_year',
] as const;
export const DIRECTIONS = ['higher_is_better', 'lower_is_better', 'neither'] as const;
/** What a relation says; see the header of reference/taxonomy.yaml for the arithmetic of each. */
export const RELATION_KINDS = [
  'yearly_of_quarterly_avg',
  'per_1000_inhabitants_of',
  'change_over_year_of',
  'derived_from',
  'not_comparable_with',
] as const;

export type RelationKind = (typeof RELATION_KINDS)[number];

/** Kinds whose arithmetic needs a factor; every other kind must leave it out. */
const KINDS_WITH_FACTOR: ReadonlySet<string> = new Set(['yearly_of_quarterly_avg', 'per_1000_inhabitants_of']);
/** Kinds that hold both ways; the file declares them once and the loader stores both directions. */
export const SYMMETRIC_KINDS: ReadonlySet<string> = new Set(['not_comparable_with']);

const text = z.string().trim().min(1);
const themeCode = z.string().regex(THEME_CODE_PATTERN, `must be ${THEME_CODE_RULE}`);
const indicatorCode = z.string().regex(INDICATOR_CODE_PATTERN, `must be ${INDICATOR_CODE_RULE}`);

const externalCodeSchema = z.strictObject({ system: text, code: text, note: text.optional() });

const relationSchema = z.strictObject({
  code: indicatorCode,
  kind: z.enum(RELATION_KINDS),
  factor: z.number().positive().nullish(),
  note: text.nullish(),
});

/** Population columns a derived share may divide by (the `populations` table's age groups). */
export const POPULATION_COLUMNS = ['total', 'age_0_17', 'age_18_24', 'age_20_66', 'age_18_66', 'age_16_66', 'age_25_66', 'age_67_plus'] as const;

/**
 * How the hub computes an indicator from published figures (numerator ÷ denominator × factor),
 * where no source publishes it: the denominator is a population age group or another indicator
 * of the same unit, period and source.
 */
const derivationSchema = z.strictObject({
  numerator: indicatorCode,
  denominator: z.union([z.strictObject({ population: z.enum(POPULATION_COLUMNS) }), z.strictObject({ indicator: indicatorCode })]),
  factor: z.number().positive(),
  note: text,
});

const themeSchema = z.strictObject({
  code: themeCode,
  name_nb: text,
  name_en: text,
  description: text,
  parent: themeCode.nullish(),
});

const indicatorSchema = z.strictObject({
  code: indicatorCode,
  name_nb: text,
  name_en: text,
  description: text,
  theme: themeCode,
  unit: z.enum(UNITS),
  period_type: z.enum(PERIOD_TYPES),
  direction: z.enum(DIRECTIONS),
  population: text,
  // Required for every indicator, not only `neither`: a journalist must be told when two
  // figures under one code still cannot be set side by side.
  comparability_notes: text,
  external_codes: z.array(externalCodeSchema).default([]),
  related: z.array(relationSchema).default([]),
  derivation: derivationSchema.nullish(),
});

const taxonomySchema = z.strictObject({
  version: text,
  themes: z.array(themeSchema).min(1),
  indicators: z.array(indicatorSchema).min(1),
});

export type Taxonomy = z.infer<typeof taxonomySchema>;
export type TaxonomyTheme = Taxonomy['themes'][number];

export interface TaxonomyProblem {
  /** Where in the file, e.g. `indicators[3] (staff.employees).direction`; empty for the whole file. */
  path: string;
  message: string;
}

/** Raised for a taxonomy file that cannot be loaded; lists every problem found, one per line. */
export class TaxonomyError extends Error {
  override name = 'TaxonomyError';

  constructor(
    readonly file: string,
    readonly problems: TaxonomyProblem[],
  ) {
    super(problems.map((p) => `${file}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'));
  }
}

/** Parses and validates a taxonomy file's text. Pure: no file system, no database. */
export function parseTaxonomy(text: string, fileName: string): Taxonomy {
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new TaxonomyError(
      fileName,
      doc.errors.map((e) => {
        const at = lineCounter.linePos(e.pos[0]);
        return { path: `line ${at.line}, column ${at.col}`, message: `not valid YAML: ${firstLine(e.message)}` };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  const result = taxonomySchema.safeParse(raw);
  const problems: TaxonomyProblem[] = result.success
    ? []
    : result.error.issues.map((issue) => ({ path: formatPath(issue.path, raw), message: describeIssue(issue, raw) }));
  // The cross-references are checked on the raw data too, so that one run reports a bad
  // direction and an unknown theme together instead of one per attempt.
  problems.push(...checkReferences(raw));
  if (problems.length > 0 || !result.success) throw new TaxonomyError(fileName, problems);
  return result.data;
}

// ---------------------------------------------------------------------------- validation helpers

type Path = readonly PropertyKey[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, p: Path): unknown {
  let node = root;
  for (const key of p) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isRecord(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

/** `indicators[3] (staff.employees).direction`: the entry's code makes the place findable in a long file. */
function formatPath(p: Path, root: unknown): string {
  let out = '';
  for (const [i, key] of p.entries()) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      const entry = valueAt(root, p.slice(0, i + 1));
      if (i === 1 && isRecord(entry) && typeof entry.code === 'string') out += ` (${entry.code})`;
    } else {
      out += out ? `.${String(key)}` : String(key);
    }
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'number' ? 'the number' : typeof value} ${JSON.stringify(value)}`;
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const value = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return 'is required';
      if (issue.expected === 'string' && typeof value === 'number') {
        // YAML reads `version: 2026.1` or `code: 04906` as numbers, losing digits; quoting keeps the text.
        return `must be text, not the number ${value}; put it in quotes`;
      }
      const expected = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`;
      return `must be ${expected}, not ${describeValue(value)}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} entry`;
      return `must be greater than ${String(issue.minimum)}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

function firstLine(message: string): string {
  const end = message.indexOf('\n');
  return (end < 0 ? message : message.slice(0, end)).trim();
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The checks a schema cannot express: unique codes, existing parents, themes and related codes,
 * codes that follow their theme, and relations whose arithmetic fits the indicators they join.
 * Works on the raw data and skips what is malformed, which the schema reports already.
 */
function checkReferences(root: unknown): TaxonomyProblem[] {
  const problems: TaxonomyProblem[] = [];
  if (!isRecord(root)) return problems;
  const themes = Array.isArray(root.themes) ? root.themes : [];
  const indicators: unknown[] = Array.isArray(root.indicators) ? root.indicators : [];
  const at = (p: Path) => formatPath(p, root);
  const add = (p: Path, message: string) => problems.push({ path: at(p), message });

  const themeAt = new Map<string, number>();
  themes.forEach((t, i) => {
    const code = isRecord(t) ? str(t.code) : undefined;
    if (code === undefined) return;
    const first = themeAt.get(code);
    if (first !== undefined) add(['themes', i, 'code'], `duplicate code; first defined at ${at(['themes', first])}`);
    else themeAt.set(code, i);
  });
  themes.forEach((t, i) => {
    if (!isRecord(t)) return;
    const code = str(t.code);
    const parent = str(t.parent);
    if (code === undefined) return;
    if (parent === undefined) {
      if (t.parent == null && code.includes('.')) add(['themes', i, 'parent'], `is required for "${code}": a code with a dot is a sub-theme`);
      return;
    }
    if (!themeAt.has(parent)) add(['themes', i, 'parent'], `no theme has code "${parent}"`);
    // A sub-theme's code extends its parent's, which also rules out cycles in the hierarchy.
    else if (!code.startsWith(`${parent}.`) || code.slice(parent.length + 1).includes('.')) {
      add(['themes', i, 'code'], `must be "${parent}.<name>" because its parent is "${parent}"`);
    }
  });

  const indicatorAt = new Map<string, number>();
  indicators.forEach((ind, i) => {
    const code = isRecord(ind) ? str(ind.code) : undefined;
    if (code === undefined) return;
    const first = indicatorAt.get(code);
    if (first !== undefined) add(['indicators', i, 'code'], `duplicate code; first defined at ${at(['indicators', first])}`);
    else indicatorAt.set(code, i);
  });

  const declared = new Map<string, string>();
  indicators.forEach((ind, i) => {
    if (!isRecord(ind)) return;
    const code = str(ind.code);
    const theme = str(ind.theme);
    if (theme !== undefined) {
      if (!themeAt.has(theme)) add(['indicators', i, 'theme'], `no theme has code "${theme}"`);
      else if (code !== undefined) {
        const rootTheme = theme.split('.')[0];
        if (!code.startsWith(`${rootTheme}.`)) {
          add(['indicators', i, 'code'], `must start with "${rootTheme}." because its theme "${theme}" belongs to "${rootTheme}"`);
        }
      }
    }
    const derivation = isRecord(ind.derivation) ? ind.derivation : undefined;
    if (derivation && code !== undefined) {
      const numerator = str(derivation.numerator);
      const denominator = isRecord(derivation.denominator) ? str(derivation.denominator.indicator) : undefined;
      for (const [field, target] of [['numerator', numerator], ['denominator', denominator]] as const) {
        if (target === undefined) continue;
        const p = field === 'numerator' ? ['indicators', i, 'derivation', 'numerator'] as const : ['indicators', i, 'derivation', 'denominator', 'indicator'] as const;
        const other = indicators[indicatorAt.get(target) ?? -1];
        if (!isRecord(other)) add(p, `no indicator has code "${target}"`);
        else if (target === code) add(p, 'must name another indicator, not the indicator itself');
        else if (other.period_type !== ind.period_type) add(p, `must have this indicator's period_type (${String(ind.period_type)}), not ${String(other.period_type)}`);
        else if (isRecord(other.derivation)) add(p, `"${target}" is itself derived; derive from published indicators only`);
      }
    }
    if (!Array.isArray(ind.related) || code === undefined) return;
    ind.related.forEach((rel, j) => {
      if (!isRecord(rel)) return;
      const p = ['indicators', i, 'related', j] as const;
      const target = str(rel.code);
      const kind = str(rel.kind);
      if (target === undefined) return;
      const targetIndex = indicatorAt.get(target);
      if (targetIndex === undefined) {
        add([...p, 'code'], `no indicator has code "${target}"`);
        return;
      }
      if (target === code) {
        add([...p, 'code'], 'must name another indicator, not the indicator itself');
        return;
      }
      if (kind === undefined || !(RELATION_KINDS as readonly string[]).includes(kind)) return;
      const key = `${code}|${target}|${kind}`;
      const previous = declared.get(key) ?? (SYMMETRIC_KINDS.has(kind) ? declared.get(`${target}|${code}|${kind}`) : undefined);
      if (previous !== undefined) add([...p], `duplicate ${kind} relation; already declared at ${previous}`);
      else declared.set(key, at(p));

      const hasFactor = rel.factor !== undefined && rel.factor !== null;
      if (KINDS_WITH_FACTOR.has(kind) && !hasFactor) add([...p, 'factor'], `is required for kind ${kind}`);
      if (!KINDS_WITH_FACTOR.has(kind) && hasFactor) add([...p, 'factor'], `must be left out for kind ${kind}`);

      const other = indicators[targetIndex];
      if (!isRecord(other)) return;
      const mismatch = (message: string) => add([...p, 'kind'], `${kind} ${message}`);
      if (kind === 'yearly_of_quarterly_avg') {
        if (ind.period_type !== 'year') mismatch(`needs this indicator's period_type to be year, not ${String(ind.period_type)}`);
        if (other.period_type !== 'year_average_of_quarters') {
          mismatch(`needs ${target}'s period_type to be year_average_of_quarters, not ${String(other.period_type)}`);
        }
        if (ind.unit !== other.unit) mismatch(`needs the same unit on both indicators, not ${String(ind.unit)} and ${String(other.unit)}`);
      }
      if (kind === 'per_1000_inhabitants_of' && ind.unit !== 'per_1000_inhabitants') {
        mismatch(`needs this indicator's unit to be per_1000_inhabitants, not ${String(ind.unit)}`);
      }
      if (kind === 'change_over_year_of' && ind.period_type !== 'change_over_year') {
        mismatch(`needs this indicator's period_type to be change_over_year, not ${String(ind.period_type)}`);
      }
    });
  });
  return problems;
}
