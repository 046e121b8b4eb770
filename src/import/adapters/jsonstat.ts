import { present } from '../../invariant';
import { normaliseDecimal, shiftDecimal } from '../normalise/decimal';
import { periodFromStatbank } from '../normalise/period';
import type { ExtractedDocument, ExtractedFigure, ImportDiagnostic, PlaceTexts } from '../types';
import { firstLine, ImportError } from '../types';
import { jsonErrorOffset, topLevelKeyLine } from './json-position';
import { assertReadableText, collectFigures, metaFromOptions, type AdapterOptions, type FormatAdapter } from './common';
import type { GeographyTarget, JsonStatMapping, MetricTarget } from './jsonstat-mapping';

/**
 * JSON-stat 2.0 datasets (SSB Statbank, Oslo kommune's statistikkbank), read through a mapping.
 * Values are addressed the way the spec says: row-major over `id`, with strides from `size`,
 * positions from each dimension's `category.index`. Key order in the JSON is never relied on.
 */

export const JSONSTAT = 'jsonstat';

/** A cell the sparse value object leaves out. */
const MISSING = Symbol('missing');

interface Category {
  code: string;
  label: string;
  position: number;
}

interface Dimension {
  id: string;
  categories: Category[];
}

interface Dataset {
  label: string;
  dimensions: Dimension[];
  size: number[];
  value: (index: number) => unknown;
  /** Line of the `"value"` key, the nearest a JSON file gets to pointing at a cell. */
  valueLine: number;
}

function fail(file: string | undefined, code: string, message: string, line?: number): never {
  throw new ImportError([{ code, message, file, line }]);
}

/**
 * Position of a cell in the flat value array: Σ position_i × Π size_j for j > i (row-major, the last
 * dimension varying fastest), as JSON-stat 2.0 defines it.
 */
export function flatIndex(size: readonly number[], positions: readonly number[]): number {
  if (size.length !== positions.length) throw new RangeError(`need ${size.length} positions, got ${positions.length}`);
  let index = 0;
  for (const [i, dimensionSize] of size.entries()) {
    const position = positions[i];
    if (position === undefined || !Number.isInteger(position) || position < 0 || position >= dimensionSize) throw new RangeError(`position ${position} outside dimension ${i} of size ${dimensionSize}`);
    index = index * dimensionSize + position;
  }
  return index;
}

/** A JSON number as an exact decimal string, as short as JavaScript prints it (3.8 → "3.8", 1e-7 → "0.0000001"). */
export function decimalFromJsonNumber(n: number): string {
  const [mantissa, exponent] = String(n).split('e');
  return shiftDecimal(normaliseDecimal(present(mantissa, `the digits of ${n}`)), Number(exponent ?? 0));
}

function readCategories(id: string, raw: unknown, size: number, file: string | undefined): Category[] {
  // readDataset has refused a dimension that is missing, so `raw` is a value here.
  const category = (raw as { category?: { index?: unknown; label?: Record<string, string> } }).category;
  if (!category) fail(file, 'MALFORMED_JSONSTAT', `dimension "${id}" has no category`);
  const labels = category.label ?? {};
  const index = category.index;
  let codes: Array<[string, number]>;
  if (Array.isArray(index)) codes = index.map((code, position) => [String(code), position]);
  else if (typeof index === 'object' && index !== null) codes = Object.entries(index as Record<string, number>);
  // The spec lets a single-category dimension omit the index; its label then names the one category.
  else if (index === undefined) codes = Object.keys(labels).map((code, position) => [code, position]);
  else fail(file, 'MALFORMED_JSONSTAT', `dimension "${id}" has a category.index that is neither a list nor an object of code: position`);
  if (codes.length !== size) fail(file, 'MALFORMED_JSONSTAT', `dimension "${id}" has ${codes.length} categories but size says ${size}`);
  const positions = new Set(codes.map(([, position]) => position));
  if (positions.size !== size || ![...positions].every((p) => Number.isInteger(p) && p >= 0 && p < size)) {
    fail(file, 'MALFORMED_JSONSTAT', `dimension "${id}" has a category.index that is not the positions 0 to ${size - 1}, each once`);
  }
  // In position order, so that figures come out in the dataset's order whatever the order of keys.
  return codes.map(([code, position]) => ({ code, label: labels[code] ?? code, position })).sort((a, b) => a.position - b.position);
}

function lineAt(text: string, offset: number): number {
  return offset < 0 ? 1 : text.slice(0, offset).split('\n').length;
}

function readDataset(text: string, file: string | undefined): Dataset {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    const offset = jsonErrorOffset(text);
    fail(file, 'MALFORMED_JSON', `not valid JSON: ${firstLine((error as Error).message)}`, offset >= 0 ? lineAt(text, offset) : undefined);
  }
  if (json?.class !== 'dataset' || json.version !== '2.0') {
    fail(file, 'UNSUPPORTED_JSONSTAT', 'expected a JSON-stat 2.0 dataset ("version": "2.0", "class": "dataset"); for a collection, import each dataset', 1);
  }
  const ids = json.id;
  const size = json.size;
  if (!isListOf<string>(ids, (id) => typeof id === 'string') || !isListOf<number>(size, (s) => Number.isInteger(s) && (s as number) > 0) || ids.length !== size.length) {
    fail(file, 'MALFORMED_JSONSTAT', '"id" and "size" must be lists of the same length, sizes positive integers');
  }
  const dims = (json.dimension ?? {}) as Record<string, unknown>;
  const dimensions = ids.map((id, i) => {
    const dimension = dims[id];
    if (!dimension) fail(file, 'MALFORMED_JSONSTAT', `dimension "${id}" is listed in "id" but not described in "dimension"`);
    return { id, categories: readCategories(id, dimension, present(size[i], `the size of dimension "${id}"`), file) };
  });
  const total = size.reduce((a, b) => a * b, 1);
  const values = json.value;
  if (Array.isArray(values)) {
    if (values.length !== total) fail(file, 'MALFORMED_JSONSTAT', `"value" has ${values.length} cells but the sizes give ${total}`);
  } else if (!values || typeof values !== 'object') fail(file, 'MALFORMED_JSONSTAT', '"value" must be a list or an object of index: value');
  // In the sparse object form an absent index is a cell the dataset does not hold (missing), which is
  // not a null (a value the publisher withheld). A list, its length checked, holds every index it is asked for.
  const value = (i: number) => (Object.hasOwn(values, i) ? (values as Record<number, unknown>)[i] : MISSING);
  return { label: typeof json.label === 'string' ? json.label : '', dimensions, size, value, valueLine: topLevelKeyLine(text, 'value') };
}

function findCategory(dimension: Dimension, key: string, match: JsonStatMapping['match']): Category | undefined {
  return dimension.categories.find((c) => (match === 'code' ? c.code : c.label) === key);
}

function keyOf(category: Category, match: JsonStatMapping['match']): string {
  return match === 'code' ? category.code : category.label;
}

interface Plan {
  time: Dimension;
  geography: Array<{ category: Category; target: Exclude<GeographyTarget, { skip: true }> }>;
  /** A null target: the category is kept as an unmapped label, mappable later. */
  metrics: Array<{ category: Category; target: MetricTarget | null }>;
  /** Fixed position per dimension index, for every dimension that is not time, geography or metric. */
  fixed: Map<number, Category>;
  geographyIndex: number;
  metricIndex: number;
  timeIndex: number;
}

/** Checks the mapping against the dataset and decides which cells to read. */
function plan(dataset: Dataset, mapping: JsonStatMapping, file: string | undefined, warnings: ImportDiagnostic[]): Plan {
  const problems: ImportDiagnostic[] = [];
  const problem = (code: string, message: string) => problems.push({ code, message, file });
  const indexOf = (id: string, role: string) => {
    const i = dataset.dimensions.findIndex((d) => d.id === id);
    if (i < 0) problem('MAPPING_MISMATCH', `the mapping's ${role} dimension "${id}" is not in the dataset (it has ${dataset.dimensions.map((d) => d.id).join(', ')})`);
    return i;
  };
  const timeIndex = indexOf(mapping.time.dimension, 'time');
  const geographyIndex = indexOf(mapping.geography.dimension, 'geography');
  const metricIndex = indexOf(mapping.metric.dimension, 'metric');
  const fixed = new Map<number, Category>();
  for (const [id, key] of Object.entries(mapping.filters)) {
    const i = indexOf(id, 'filter');
    if (i < 0) continue;
    if ([timeIndex, geographyIndex, metricIndex].includes(i)) {
      problem('MAPPING_MISMATCH', `filter ${id}: "${id}" is already the time, geography or metric dimension`);
      continue;
    }
    const category = findCategory(present(dataset.dimensions[i], `dimension "${id}"`), key, mapping.match);
    if (!category) problem('MAPPING_MISMATCH', `filter ${id}: "${key}" is not a category of "${id}"`);
    else fixed.set(i, category);
  }
  dataset.dimensions.forEach((d, i) => {
    if ([timeIndex, geographyIndex, metricIndex].includes(i) || fixed.has(i)) return;
    // readCategories holds every dimension to its size, which is positive.
    const first = present(d.categories[0], `the first category of dimension "${d.id}"`);
    if (d.categories.length === 1) fixed.set(i, first);
    else problem('UNMAPPED_DIMENSION', `dimension "${d.id}" has ${d.categories.length} categories; add a filter such as ${d.id}: "${keyOf(first, mapping.match)}"`);
  });
  if (problems.length > 0) throw new ImportError(problems);
  // With no problem, each role's dimension was found.
  const time = present(dataset.dimensions[timeIndex], 'the time dimension');
  const geographyDimension = present(dataset.dimensions[geographyIndex], 'the geography dimension');
  const metricDimension = present(dataset.dimensions[metricIndex], 'the metric dimension');

  const geography: Plan['geography'] = [];
  const unmapped: string[] = [];
  for (const category of geographyDimension.categories) {
    const target = mapping.geography.categories[keyOf(category, mapping.match)];
    if (!target) unmapped.push(keyOf(category, mapping.match));
    else if ('skip' in target) warnings.push({ code: 'SKIPPED_CATEGORY', message: `not imported: "${keyOf(category, mapping.match)}" (${target.reason})`, file });
    else geography.push({ category, target });
  }
  // An unmapped area is an error rather than a silent gap: a new city district must be mapped before it is imported.
  if (unmapped.length > 0) fail(file, 'UNMAPPED_CATEGORY', `geography categories without a mapping: ${unmapped.map((u) => `"${u}"`).join(', ')}; map each to an office or municipality, or skip it with a reason`);

  const metrics: Plan['metrics'] = [];
  for (const category of metricDimension.categories) {
    const target = mapping.metric.categories[keyOf(category, mapping.match)];
    metrics.push({ category, target: target ?? null });
    if (!target) warnings.push({ code: 'UNMAPPED_METRIC', message: `metric "${keyOf(category, mapping.match)}" has no indicator in the mapping; its values are kept under an unmapped label, mappable later`, file });
  }
  if (!metrics.some((m) => m.target)) fail(file, 'MAPPING_MISMATCH', `no category of "${mapping.metric.dimension}" is mapped to an indicator`);
  return { time, geography, metrics, fixed, geographyIndex, metricIndex, timeIndex };
}

/**
 * The quote and cell of each cell of a dataset, made from its index: the dataset's label, then the
 * category of each dimension of several categories, in the dataset's order, then the value. Single-
 * category dimensions (SSB's eliminated ContentsCode) say nothing about the cell and are left out.
 * Each category's part of the address is made once.
 */
class CellTexts implements PlaceTexts {
  /** Row-major strides: a cell's index is the sum of position × stride over the dimensions. */
  private readonly strides: number[];
  /** Each dimension's part of an address by position; null for a dimension that addresses nothing. */
  private readonly parts: (readonly string[] | null)[];

  constructor(private readonly dataset: Dataset) {
    this.strides = dataset.size.map((_, i) => dataset.size.slice(i + 1).reduce((a, b) => a * b, 1));
    this.parts = dataset.dimensions.map((d) => (d.categories.length > 1 ? d.categories.map((c) => `${d.id} "${c.label}"`) : null));
  }

  /** Where a category's dimension puts a cell's index; categories are held in position order. */
  offset(dimension: number, category: Category): number {
    return category.position * present(this.strides[dimension], `the stride of dimension ${dimension}`);
  }

  texts(index: number, valueText: string | null): { quote: string; cell: string } {
    const address = this.address(index);
    // A dataset without a label, or a cell that no dimension of several categories addresses, leaves its part out.
    return { quote: [this.dataset.label, address, valueText ?? 'null (prikket)'].filter((x) => x !== '').join(': '), cell: this.cell(index, address) };
  }

  cell(index: number, address = this.address(index)): string {
    return `value[${index}] (${address})`;
  }

  private address(index: number): string {
    const named: string[] = [];
    this.parts.forEach((parts, dimension) => {
      if (!parts) return;
      const position = Math.floor(index / (this.strides[dimension] as number)) % parts.length;
      named.push(parts[position] as string);
    });
    return named.join(', ');
  }
}

/** A cell's value as an exact decimal; `where` names the cell in an error, made only for one. */
function cellValue(raw: unknown, where: () => string, file: string | undefined, line: number): string | null {
  if (raw === null) return null;
  if (typeof raw === 'number' && Number.isFinite(raw)) return decimalFromJsonNumber(raw);
  // JSON.parse reads a number beyond a double's range (1e999) as Infinity, which JSON.stringify would print as null.
  if (typeof raw === 'number') return fail(file, 'MALFORMED_JSONSTAT', `${where()} holds a number too large to read`, line);
  if (typeof raw === 'string' && /^-?\d+(?:\.\d+)?$/.test(raw)) return normaliseDecimal(raw);
  return fail(file, 'MALFORMED_JSONSTAT', `${where()} holds ${JSON.stringify(raw)}, which is neither a number nor null`, line);
}

/**
 * Reads a dataset through its mapping figure by figure, handing each to onFigure in the dataset's
 * order (metric, then area, then time), so that a table of hundreds of thousands of cells never
 * becomes a list of figures. What does not change from cell to cell (a period, a category's part of
 * the address, a dimension's stride) is worked out once.
 */
export function readJsonStat(text: string, options: AdapterOptions, onFigure: (figure: ExtractedFigure) => void): ExtractedDocument {
  const file = options.fileName;
  assertReadableText(text, file);
  const mapping = options.jsonstatMapping;
  if (!mapping) fail(file, 'MAPPING_REQUIRED', 'a JSON-stat dataset needs a mapping (e.g. reference/mappings/oslo-sto020.yaml) to say which dimension is what');
  const dataset = readDataset(text, file);
  const warnings: ImportDiagnostic[] = [];
  const p = plan(dataset, mapping, file, warnings);

  const texts = new CellTexts(dataset);
  const offset = (dimension: number, category: Category) => texts.offset(dimension, category);
  const fixedOffset = [...p.fixed].reduce((sum, [dimension, category]) => sum + offset(dimension, category), 0);
  const times = p.time.categories.map((time) => {
    const period = periodFromStatbank(time.label) ?? periodFromStatbank(time.code);
    if (!period) fail(file, 'INVALID_PERIOD', `time category "${time.label}" is not a year, quarter (2018K1) or month (2018M03)`);
    return { time, period, offset: offset(p.timeIndex, time) };
  });

  let missing = 0;
  for (const { category: metric, target: indicator } of p.metrics) {
    for (const { category: area, target: areaRef } of p.geography) {
      const base = fixedOffset + offset(p.metricIndex, metric) + offset(p.geographyIndex, area);
      for (const { time, period, offset: timeOffset } of times) {
        const index = base + timeOffset;
        const raw = dataset.value(index);
        if (raw === MISSING) {
          missing++;
          continue;
        }
        const value = cellValue(raw, () => texts.cell(index), file, dataset.valueLine);
        // The number as the dataset writes it stays the published text, float noise and all.
        const published = value === null ? null : String(raw);
        const { quote, cell } = texts.texts(index, published);
        const figure: ExtractedFigure = {
          label: metric.label,
          period,
          periodText: time.label,
          valueText: published,
          targetText: null,
          quote,
          location: { line: dataset.valueLine, cell },
          area: areaRef,
          place: { table: texts, index },
        };
        if (indicator) {
          figure.indicatorCode = indicator.indicator;
          figure.unit = indicator.unit;
        }
        // A null is a suppressed cell (fewer than 4 persons in Oslo's tables): never a zero.
        if (value === null) figure.flags = ['suppressed'];
        else figure.value = value;
        onFigure(figure);
      }
    }
  }

  if (missing > 0) {
    warnings.push({ code: 'MISSING_CELLS', message: `${missing} cell(s) are absent from the dataset's sparse values: no figure, neither a zero nor a withheld value`, file, line: dataset.valueLine });
  }
  const meta = metaFromOptions(options);
  meta.title ??= mapping.source?.title ?? (dataset.label || undefined);
  meta.publisher ??= mapping.source?.publisher;
  meta.url ??= mapping.source?.url;
  for (const key of ['title', 'publisher', 'url'] as const) if (meta[key] === undefined) delete meta[key];
  return { format: JSONSTAT, meta, figures: [], warnings };
}

export function parseJsonStat(text: string, options: AdapterOptions = {}): ExtractedDocument {
  return collectFigures((onFigure) => readJsonStat(text, options, onFigure));
}

/** A JSON object that declares itself a JSON-stat dataset. */
export function detectJsonStat(text: string): number {
  if (typeof text !== 'string' || !text.trimStart().startsWith('{')) return 0;
  const dataset = /"class"\s*:\s*"dataset"/.test(text) && /"dimension"\s*:/.test(text) && /"size"\s*:/.test(text);
  if (!dataset) return 0;
  return /"version"\s*:\s*"2\.0"/.test(text) ? 0.95 : 0.5;
}

export const jsonStatAdapter: FormatAdapter = { name: JSONSTAT, detect: detectJsonStat, parse: parseJsonStat, read: readJsonStat };

/** A list whose every item passes `check`; the type says what the check proved. */
function isListOf<T>(value: unknown, check: (item: unknown) => boolean): value is T[] {
  return Array.isArray(value) && value.every(check);
}
