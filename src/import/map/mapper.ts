import { present } from '../../invariant';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, isNode } from 'yaml';
import { multiplyDecimal, outOfBounds, roundFloatNoise } from '../normalise/decimal';
import { parseNumber, placeholderFlag } from '../normalise/number';
import type { ExtractedFigure, ImportDiagnostic, MappedFigure, QualityFlag, Transformation } from '../types';
import { firstLine, ImportError } from '../types';
import { isIndicatorCode } from '../../modules/taxonomy/indicator-code';
import { referenceDir } from '../../paths';

/**
 * Published labels → canonical indicators, from reference/mappings/labels.yaml. An exact label wins;
 * otherwise a normalised label (case, spaces, punctuation) may match. Never a fuzzy match: two
 * labels that differ in words may measure different things, and a wrong mapping is worse than none.
 */

/** reference/mappings/labels.yaml of the project. */
export function defaultLabelsPath(): string {
  return join(referenceDir, 'mappings', 'labels.yaml');
}

export interface LabelMappingEntry {
  label: string;
  indicatorCode: string;
  transformation: Transformation;
  /** Where the label was seen, for the reader of the mapping file. */
  seenIn?: string;
  /** What the mapping assumes about the label's definition (`recipients ÷ all inhabitants on 1 January`). */
  definitionNote?: string;
  line?: number;
}

export interface LabelTable {
  exact: ReadonlyMap<string, LabelMappingEntry>;
  normalised: ReadonlyMap<string, LabelMappingEntry>;
  /** Where the table came from, recorded as raw_indicators.mapped_by. */
  origin: string;
}

export interface MappingResult {
  indicatorCode: string;
  transformation: Transformation;
  matchedBy: 'exact' | 'normalised' | 'document';
  /** `<origin> (exact)`, `<origin> (normalised)` or `document`. */
  mappedBy: string;
  definitionNote?: string;
}

const KINDS: readonly Transformation['kind'][] = ['identity', 'percent_text', 'scale'];

/**
 * The label as a key: lower-case, every kind of space one space, dashes one hyphen, and punctuation
 * that typists vary (`.`, `/`, `,`, `:`, quotes, brackets) dropped. `pr. mnd.` and `pr mnd` meet;
 * `u/25` becomes `u 25`.
 */
export function normaliseLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/[\u00a0\u202f\u2007\u2009]/g, ' ')
    .replace(/[–—−]/g, '-')
    .replace(/[.,/:;()[\]"“”«»'’!?]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function problem(file: string | undefined, line: number | undefined, message: string): ImportDiagnostic {
  return { code: 'INVALID_MAPPING', message, file, line };
}

function scalar(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value.trim() : undefined;
}

function readEntry(node: unknown, line: number, file: string | undefined, problems: ImportDiagnostic[]): LabelMappingEntry | null {
  if (!isMap(node)) {
    problems.push(problem(file, line, 'each mapping must be a mapping with label, indicator, transformation, note'));
    return null;
  }
  for (const pair of node.items) {
    const key = scalar(pair.key) ?? '?';
    if (!['label', 'indicator', 'transformation', 'factor', 'note', 'seen_in', 'definition'].includes(key)) problems.push(problem(file, line, `unknown key "${key}"`));
  }
  const label = scalar(node.get('label', true));
  const indicatorCode = scalar(node.get('indicator', true));
  const kind = scalar(node.get('transformation', true)) ?? 'identity';
  const factor = scalar(node.get('factor', true));
  const note = scalar(node.get('note', true));
  const seenIn = scalar(node.get('seen_in', true));
  const definition = scalar(node.get('definition', true));
  const before = problems.length;
  if (!label) problems.push(problem(file, line, 'label is missing'));
  if (!indicatorCode || !isIndicatorCode(indicatorCode)) problems.push(problem(file, line, `"${indicatorCode ?? ''}" is not an indicator code`));
  if (!(KINDS as readonly string[]).includes(kind)) problems.push(problem(file, line, `transformation "${kind}" is not one of ${KINDS.join(', ')}`));
  if (kind === 'scale' && (!factor || !parseNumber(factor).ok)) problems.push(problem(file, line, 'a scale transformation needs a numeric factor'));
  if (kind !== 'scale' && factor) problems.push(problem(file, line, 'factor is only for transformation: scale'));
  if (!note) problems.push(problem(file, line, 'note is missing: say why this label is this indicator'));
  // Each missing part was reported above; the checks repeat here so that the types know it.
  const parsedFactor = kind === 'scale' && factor !== undefined ? parseNumber(factor) : undefined;
  if (problems.length > before || !label || !indicatorCode || !note || parsedFactor?.ok === false) return null;
  const transformation: Transformation = { kind: kind as Transformation['kind'], note };
  if (parsedFactor?.ok) transformation.factor = parsedFactor.value;
  const entry: LabelMappingEntry = { label, indicatorCode, transformation, line };
  if (seenIn) entry.seenIn = seenIn;
  if (definition) entry.definitionNote = definition;
  return entry;
}

/** Reads a labels file; a label listed twice, or two labels that normalise alike but differ in indicator, is an error. */
export function parseLabelMappings(yamlText: string, fileName?: string): LabelTable {
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { schema: 'failsafe', lineCounter: counter });
  if (doc.errors.length > 0) throw new ImportError(doc.errors.map((e) => problem(fileName, e.linePos?.[0]?.line, firstLine(e.message))));
  const root = doc.contents;
  const list = isMap(root) ? root.get('labels', true) : undefined;
  if (!isSeq(list)) throw new ImportError([problem(fileName, 1, 'expected a top-level "labels:" list')]);
  const problems: ImportDiagnostic[] = [];
  const exact = new Map<string, LabelMappingEntry>();
  const normalised = new Map<string, LabelMappingEntry>();
  for (const item of list.items) {
    const line = isNode(item) && item.range ? counter.linePos(item.range[0]).line : undefined;
    const entry = readEntry(item, line ?? 0, fileName, problems);
    if (!entry) continue;
    const earlier = exact.get(entry.label);
    if (earlier) {
      problems.push(problem(fileName, line, `the label "${entry.label}" is listed twice (also on line ${earlier.line})`));
      continue;
    }
    exact.set(entry.label, entry);
    const key = normaliseLabel(entry.label);
    const other = normalised.get(key);
    if (other && (other.indicatorCode !== entry.indicatorCode || other.transformation.kind !== entry.transformation.kind || other.transformation.factor !== entry.transformation.factor)) {
      problems.push(problem(fileName, line, `"${entry.label}" normalises like "${other.label}" (line ${other.line}) but maps differently; one of them must go`));
    } else if (!other) {
      normalised.set(key, entry);
    }
  }
  if (problems.length > 0) throw new ImportError(problems);
  return { exact, normalised, origin: fileName ?? 'labels.yaml' };
}

export function loadLabelMappings(path: string = defaultLabelsPath()): LabelTable {
  return parseLabelMappings(readFileSync(path, 'utf8'), path);
}

/** The canonical indicator for a published label, or null: an unmapped label stays a raw indicator. */
export function mapLabel(label: string, table: LabelTable): MappingResult | null {
  const exact = table.exact.get(label);
  const entry = exact ?? table.normalised.get(normaliseLabel(label));
  if (!entry) return null;
  const result: MappingResult = {
    indicatorCode: entry.indicatorCode,
    transformation: entry.transformation,
    matchedBy: exact ? 'exact' : 'normalised',
    mappedBy: `${table.origin} (${exact ? 'exact' : 'normalised'})`,
  };
  if (entry.definitionNote) result.definitionNote = entry.definitionNote;
  return result;
}

/** A figure that names its own indicator (curator, JSON-stat) keeps it; otherwise its label is looked up. */
export function mapFigureLabel(figure: ExtractedFigure, table: LabelTable): MappingResult | null {
  if (figure.indicatorCode) {
    const transformation = figure.transformation ?? { kind: 'identity', note: 'indicator named by the source format' };
    const result: MappingResult = { indicatorCode: figure.indicatorCode, transformation, matchedBy: 'document', mappedBy: 'document' };
    if (figure.definitionNote) result.definitionNote = figure.definitionNote;
    return result;
  }
  return mapLabel(figure.label, table);
}

/** The value after a transformation; exact. */
export function applyTransformation(value: string, transformation: Transformation): string {
  return transformation.kind === 'scale' && transformation.factor ? multiplyDecimal(value, transformation.factor) : value;
}

/**
 * Maps one figure and reads its value: the exact value the format states, else the published text.
 * Empty cells and table symbols give a null value; unreadable text gives a null value and a diagnostic.
 */
export function mapFigure(figure: ExtractedFigure, table: LabelTable): { mapped: MappedFigure; diagnostics: ImportDiagnostic[] } {
  const mapping = mapFigureLabel(figure, table);
  const flags = new Set<QualityFlag>(figure.flags ?? []);
  const diagnostics: ImportDiagnostic[] = [];
  let value: string | null = figure.value ?? null;
  let unit = figure.unit ?? null;
  if (value === null && figure.valueText !== null) {
    const parsed = parseNumber(figure.valueText, { line: figure.location.line, cell: figure.location.cell });
    if (parsed.ok) {
      value = parsed.value;
      // A unit the format names must agree with the one printed on the value: `120 %` is no count of persons.
      if (unit && parsed.unit && unit !== parsed.unit) {
        diagnostics.push({ code: 'UNIT_CONFLICT', message: `the value "${figure.valueText}" reads as ${parsed.unit} but the figure is given in ${unit}`, line: figure.location.line, cell: figure.location.cell });
      }
      unit ??= parsed.unit;
      if (parsed.approximate) flags.add('approximate');
      if (parsed.footnoteMarker) flags.add('footnoted');
    } else if (parsed.diagnostic.code === 'PLACEHOLDER_SYMBOL') {
      flags.add(present(placeholderFlag(figure.valueText), `the flag of placeholder "${figure.valueText}"`));
    } else if (parsed.diagnostic.code === 'EMPTY_CELL') {
      // An empty cell of a published table: nothing was published there, which is not a zero.
      if ((figure.targetText === null || figure.targetText.trim() === '') && !flags.has('suppressed')) flags.add('not_published');
    } else {
      diagnostics.push(parsed.diagnostic);
    }
  }
  if (value !== null) {
    // The text as published stays in valueText; the value is what the source meant.
    value = roundFloatNoise(value);
    const bounds = outOfBounds(value);
    if (bounds) {
      diagnostics.push({ code: 'VALUE_OUT_OF_BOUNDS', message: `the value ${bounds}`, line: figure.location.line, cell: figure.location.cell });
      value = null;
    }
  }
  if (mapping?.transformation.kind === 'percent_text') unit ??= 'percent';
  if (mapping?.transformation.kind === 'scale') flags.add('derived');
  if (mapping?.transformation.unit) unit = mapping.transformation.unit;
  return {
    mapped: {
      figure,
      indicatorCode: mapping?.indicatorCode ?? null,
      transformation: mapping?.transformation ?? null,
      mappedBy: mapping?.mappedBy ?? null,
      ...(mapping?.definitionNote ? { definitionNote: mapping.definitionNote } : {}),
      publishedValue: value,
      value: value !== null && mapping ? applyTransformation(value, mapping.transformation) : value,
      unit,
      flags: [...flags],
    },
    diagnostics,
  };
}
