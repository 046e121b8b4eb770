import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { FigureUnit, ImportDiagnostic } from '../types';
import { firstLine, ImportError } from '../types';
import { isIndicatorCode } from '../../modules/taxonomy/indicator-code';
import { isUnit, UNITS } from '../../modules/observations/units';

/**
 * How to read one JSON-stat dataset: which dimension is time, which is geography and where each
 * geography category goes, which categories of the other dimensions to keep, and which metric
 * category is which canonical indicator. Written as YAML (see reference/mappings/oslo-sto020.yaml).
 */

export type GeographyTarget =
  | { kind: 'office' | 'municipality'; code: string }
  /** A category that is deliberately not imported, e.g. an aggregate that duplicates another one. */
  | { skip: true; reason: string };

export interface MetricTarget {
  indicator: string;
  unit: FigureUnit | null;
}

export interface JsonStatMapping {
  /** Categories below are keyed by their label (default) or by their code. */
  match: 'label' | 'code';
  source?: { title?: string; publisher?: string; url?: string };
  time: { dimension: string };
  geography: { dimension: string; categories: Record<string, GeographyTarget> };
  metric: { dimension: string; categories: Record<string, MetricTarget> };
  /** Fixed categories of the remaining dimensions, e.g. `{ alder: "I alt" }`. */
  filters: Record<string, string>;
}


class MappingReader {
  readonly problems: ImportDiagnostic[] = [];
  constructor(
    private readonly counter: LineCounter,
    private readonly file: string | undefined,
  ) {}

  line(node: unknown): number | undefined {
    const range = (node as YamlNode | undefined)?.range;
    return range ? this.counter.linePos(range[0]).line : undefined;
  }

  problem(node: unknown, path: string, message: string): void {
    this.problems.push({ code: 'INVALID_MAPPING', message: `${path}: ${message}`, file: this.file, line: this.line(node) });
  }

  map(node: unknown, path: string, allowed: readonly string[] | null): YAMLMap | null {
    if (!isMap(node)) {
      this.problem(node, path, 'must be a mapping');
      return null;
    }
    // Keys given twice are found here, not by the YAML parser, whose check compares every key with
    // every one before it: 1.5 s for a mapping of 10,000 offices.
    const lines = new Map<string, number | undefined>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      if (lines.has(key)) {
        const first = lines.get(key);
        // A category or filter is named as it is written, in quotes: it may hold spaces and dots.
        this.problem(pair.key, allowed ? `${path}.${key}` : `${path}["${key}"]`, `is given twice${first === undefined ? '' : ` (first on line ${first})`}: keep one`);
      } else lines.set(key, this.line(pair.key));
      if (allowed && !allowed.includes(key)) this.problem(pair.key, `${path}.${key}`, `unknown key (use ${allowed.join(', ')})`);
    }
    return node;
  }

  text(parent: YAMLMap | null, key: string, path: string, required: boolean): string | undefined {
    const node = parent?.get(key, true);
    if (node === undefined || node === null) {
      if (required && parent) this.problem(parent, `${path}.${key}`, 'is required');
      return undefined;
    }
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
      this.problem(node, `${path}.${key}`, 'must be a non-empty text');
      return undefined;
    }
    return node.value.trim();
  }

  entries(node: YAMLMap | null): Array<[string, unknown]> {
    return (node?.items ?? []).map((pair) => [isScalar(pair.key) ? String(pair.key.value) : '?', pair.value]);
  }
}

function readGeography(reader: MappingReader, node: unknown, path: string): GeographyTarget | null {
  const map = reader.map(node, path, ['kind', 'code', 'skip', 'reason']);
  if (!map) return null;
  if (map.has('skip')) {
    const skip = reader.text(map, 'skip', path, true);
    const reason = reader.text(map, 'reason', path, true);
    if (skip !== 'true') reader.problem(map, `${path}.skip`, 'must be true (leave the category out otherwise)');
    return skip === 'true' && reason ? { skip: true, reason } : null;
  }
  const kind = reader.text(map, 'kind', path, true);
  const code = reader.text(map, 'code', path, true);
  if (kind !== undefined && kind !== 'office' && kind !== 'municipality') reader.problem(map, `${path}.kind`, `"${kind}" is not office or municipality`);
  if (kind === 'municipality' && code !== undefined && !/^\d{4}$/.test(code)) reader.problem(map, `${path}.code`, `"${code}" is not a 4-digit municipality code (quote it to keep the leading zero)`);
  return (kind === 'office' || kind === 'municipality') && code ? { kind, code } : null;
}

function readMetric(reader: MappingReader, node: unknown, path: string): MetricTarget | null {
  const map = reader.map(node, path, ['indicator', 'unit']);
  const indicator = reader.text(map, 'indicator', path, true);
  const unit = reader.text(map, 'unit', path, false);
  if (indicator !== undefined && !isIndicatorCode(indicator)) reader.problem(map, `${path}.indicator`, `"${indicator}" is not an indicator code`);
  if (unit !== undefined && !isUnit(unit)) reader.problem(map, `${path}.unit`, `"${unit}" is not a unit (use ${UNITS.join(', ')})`);
  return indicator ? { indicator, unit: (unit as FigureUnit | undefined) ?? null } : null;
}

function readCategories<T>(reader: MappingReader, parent: YAMLMap | null, path: string, read: (node: unknown, path: string) => T | null): Record<string, T> {
  const categories: Record<string, T> = {};
  const node = reader.map(parent?.get('categories', true), `${path}.categories`, null);
  for (const [key, value] of reader.entries(node)) {
    const target = read(value, `${path}.categories["${key}"]`);
    if (target) categories[key] = target;
  }
  return categories;
}

/** Reads and checks a mapping; every problem is reported at once, with its line. */
export function parseJsonStatMapping(yamlText: string, fileName?: string): JsonStatMapping {
  const counter = new LineCounter();
  // Failsafe keeps every scalar a string, so that `code: 0301` keeps its leading zero.
  const doc = parseDocument(yamlText, { schema: 'failsafe', lineCounter: counter, uniqueKeys: false });
  if (doc.errors.length > 0) {
    throw new ImportError(doc.errors.map((e) => ({ code: 'INVALID_MAPPING', message: firstLine(e.message), file: fileName, line: e.linePos?.[0]?.line })));
  }
  const reader = new MappingReader(counter, fileName);
  const root = reader.map(doc.contents, 'mapping', ['dataset', 'note', 'match', 'source', 'time', 'geography', 'metric', 'filters']);
  if (!root) throw new ImportError(reader.problems);

  const match = reader.text(root, 'match', 'mapping', false) ?? 'label';
  if (match !== 'label' && match !== 'code') reader.problem(root.get('match', true), 'mapping.match', 'must be label or code');
  const sourceNode = root.has('source') ? reader.map(root.get('source', true), 'source', ['title', 'publisher', 'url']) : null;
  const source = sourceNode
    ? { title: reader.text(sourceNode, 'title', 'source', false), publisher: reader.text(sourceNode, 'publisher', 'source', false), url: reader.text(sourceNode, 'url', 'source', false) }
    : undefined;
  const time = reader.map(root.get('time', true), 'time', ['dimension']);
  const geography = reader.map(root.get('geography', true), 'geography', ['dimension', 'categories']);
  const metric = reader.map(root.get('metric', true), 'metric', ['dimension', 'categories']);
  const filtersNode = root.has('filters') ? reader.map(root.get('filters', true), 'filters', null) : null;
  const filters: Record<string, string> = {};
  for (const [key, value] of reader.entries(filtersNode)) {
    if (isScalar(value) && typeof value.value === 'string' && value.value !== '') filters[key] = value.value;
    else reader.problem(value ?? filtersNode, `filters.${key}`, 'must be one category');
  }

  const mapping: JsonStatMapping = {
    match: match === 'code' ? 'code' : 'label',
    time: { dimension: reader.text(time, 'dimension', 'time', true) ?? '' },
    geography: { dimension: reader.text(geography, 'dimension', 'geography', true) ?? '', categories: readCategories(reader, geography, 'geography', (n, p) => readGeography(reader, n, p)) },
    metric: { dimension: reader.text(metric, 'dimension', 'metric', true) ?? '', categories: readCategories(reader, metric, 'metric', (n, p) => readMetric(reader, n, p)) },
    filters,
  };
  if (source) mapping.source = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined));
  if (reader.problems.length > 0) throw new ImportError(reader.problems);
  return mapping;
}

export function loadJsonStatMapping(path: string): JsonStatMapping {
  return parseJsonStatMapping(readFileSync(path, 'utf8'), path);
}
