import { present } from '../invariant';
import { checkFigures, type QuarterlyYearlyPair } from './checks';
import { applyTransformation, type LabelTable, mapFigure, type MappingResult } from './map/mapper';
import { parsePeriod, periodYear } from './normalise/period';
import { parseTarget } from './normalise/target';
import type { AreaRef, ExtractedDocument, ExtractedFigure, ImportDiagnostic, QualityFlag, Transformation } from './types';
import { ImportError } from './types';

/** Most figures carry no flag: one shared empty list rather than one per figure of a large file. */
const NO_FLAGS: QualityFlag[] = Object.freeze([]) as unknown as QualityFlag[];

export interface IndicatorInfo {
  code: string;
  unit: string;
  /** The taxonomy's period type (`year`, `year_average_of_months`, `quarter`, …); absent where unknown. */
  periodType?: string;
}

/** The kind of period a figure of an indicator must have: every yearly type takes a year, a quarter a quarter. */
export function periodKindOf(periodType: string): 'year' | 'quarter' | 'month' {
  return periodType === 'quarter' ? 'quarter' : periodType === 'month' ? 'month' : 'year';
}

export interface PlannedObservation {
  label: string;
  unitText: string | null;
  area: AreaRef;
  period: string;
  year: number;
  periodText: string;
  kind: 'actual' | 'target';
  indicatorCode: string | null;
  transformation: Transformation | null;
  mappedBy: string | null;
  publishedValue: string | null;
  value: string | null;
  valueText: string | null;
  unit: string | null;
  quote: string;
  location: string;
  line: number;
  flags: QualityFlag[];
  /** The footnote text a marker on the value points to, where the source gives it. */
  footnote: string | null;
  /** What the label's mapping assumed, where the source or the mapping says. */
  definitionNote: string | null;
}

export interface PlannedTarget {
  label: string;
  area: AreaRef;
  period: string;
  text: string;
  comparator: 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'range';
  lower: string | null;
  upper: string | null;
  unit: string | null;
  bands: Record<string, string> | null;
  quote: string;
}

export interface ImportPlan {
  observations: PlannedObservation[];
  targets: PlannedTarget[];
  /** Labels no mapping knows, with how many values they carry. */
  unmapped: { label: string; values: number }[];
  warnings: ImportDiagnostic[];
}

export interface PlanContext {
  file?: string;
  /** The area of figures that do not name their own (a report about one office). */
  defaultArea?: AreaRef;
  /** The mapping files' labels. */
  labels: LabelTable;
  /** Mappings curators made through the API, consulted after the files. */
  curatorMapping?: (label: string) => MappingResult | null;
  /** The taxonomy, by code: checks that a named indicator exists and gives its unit. */
  indicators: ReadonlyMap<string, IndicatorInfo>;
  /** The taxonomy's "yearly = factor × quarterly average" relations, for the consistency check. */
  pairs?: readonly QuarterlyYearlyPair[];
  bands?: Record<string, string> | null;
}

/**
 * Turns an adapter's figures into observations and targets ready to write: reads numbers and
 * targets, maps labels, applies transformations. Pure; collects every unreadable cell and
 * throws them together, so that the importer sees all problems at once and nothing is written.
 */
export function planImport(doc: ExtractedDocument, ctx: PlanContext): ImportPlan {
  const errors: ImportDiagnostic[] = [];
  const warnings: ImportDiagnostic[] = [...doc.warnings];
  const observations: PlannedObservation[] = [];
  const targets: PlannedTarget[] = [];
  const unmapped = new Map<string, number>();

  for (const figure of doc.figures) {
    const where = { file: ctx.file, line: figure.location.line, cell: figure.location.cell };
    const area = figure.area ?? ctx.defaultArea ?? doc.meta.area;
    if (!area) {
      errors.push({ code: 'NO_AREA', message: 'no office or municipality is known for this figure; name one for the document', ...where });
      continue;
    }
    const { mapped, diagnostics } = mapFigure(figure, ctx.labels);
    if (diagnostics.length) {
      errors.push(...diagnostics.map((d) => ({ ...d, file: d.file ?? ctx.file })));
      continue;
    }
    let mapping: { indicatorCode: string; transformation: Transformation; mappedBy: string; definitionNote?: string } | null = mapped.indicatorCode
      ? { indicatorCode: mapped.indicatorCode, transformation: present(mapped.transformation, 'the transformation of a mapped figure'), mappedBy: present(mapped.mappedBy, 'who mapped a mapped figure'), definitionNote: mapped.definitionNote }
      : null;
    let value = mapped.value;
    if (!mapping && ctx.curatorMapping) {
      const curated = ctx.curatorMapping(figure.label);
      if (curated) {
        mapping = curated;
        value = mapped.publishedValue === null ? null : applyTransformation(mapped.publishedValue, curated.transformation);
      }
    }
    const indicator = mapping ? ctx.indicators.get(mapping.indicatorCode) : undefined;
    if (mapping && !indicator) {
      errors.push({
        code: 'UNKNOWN_INDICATOR',
        message: `"${mapping.indicatorCode}" is not an indicator of the taxonomy; use a code from indicators(search: ...)`,
        ...where,
      });
      continue;
    }
    if (indicator && mapped.unit && mapped.unit !== indicator.unit) {
      errors.push({
        code: 'UNIT_CONFLICT',
        message: `the figure is in ${mapped.unit} but ${indicator.code} is counted in ${indicator.unit}; map it to an indicator in ${mapped.unit} or declare a transformation`,
        ...where,
      });
      continue;
    }
    const periodKind = parsePeriod(figure.period);
    if (indicator?.periodType && periodKind.ok && periodKind.period.kind !== periodKindOf(indicator.periodType)) {
      errors.push({
        code: 'PERIOD_TYPE_CONFLICT',
        message: `"${figure.period}" is a ${periodKind.period.kind} but ${indicator.code} is defined per ${indicator.periodType.replace(/_/g, ' ')}; map the figure to an indicator of its own period type`,
        ...where,
      });
      continue;
    }
    if (!mapping) unmapped.set(figure.label, (unmapped.get(figure.label) ?? 0) + 1);

    const flags = new Set<QualityFlag>(mapped.flags);
    const hasValueText = figure.valueText !== null && figure.valueText.trim() !== '';
    if (!hasValueText && !flags.has('suppressed') && !flags.has('not_published') && (figure.targetText === null || figure.targetText.trim() === '')) {
      // An empty cell is no figure at all (Kristiansund's 2013 column); a suppressed one is kept.
      continue;
    }

    observations.push({
      label: figure.label,
      unitText: figure.unitText ?? null,
      area,
      period: figure.period,
      year: periodYear(figure.period),
      periodText: figure.periodText,
      kind: 'actual',
      indicatorCode: mapping?.indicatorCode ?? null,
      transformation: mapping?.transformation ?? null,
      mappedBy: mapping?.mappedBy ?? null,
      publishedValue: mapped.publishedValue,
      value: mapping ? value : null,
      valueText: figure.valueText,
      unit: indicator?.unit ?? mapped.unit,
      quote: figure.quote,
      location: describeLocation(figure),
      line: figure.location.line,
      flags: flags.size ? [...flags] : NO_FLAGS,
      footnote: figure.footnote ?? null,
      definitionNote: figure.definitionNote ?? mapping?.definitionNote ?? null,
    });

    if (figure.targetText !== null && figure.targetText.trim() !== '') {
      if (area.kind === 'county' || area.kind === 'country') {
        errors.push({ code: 'TARGET_AT_LEVEL', message: `targets are kept for offices and municipalities only, not for a ${area.kind}; leave the target out`, ...where });
        continue;
      }
      const target = parseTarget(figure.targetText, where);
      if (!target.ok) {
        errors.push(target.diagnostic);
        continue;
      }
      targets.push({
        label: figure.label,
        area,
        period: figure.period,
        text: figure.targetText.trim(),
        comparator: target.comparator,
        lower: target.lower,
        upper: target.upper,
        unit: target.unit,
        bands: ctx.bands ?? null,
        quote: figure.quote,
      });
    }
  }

  // A row whose value cell was empty but which had a target keeps only its target.
  const kept = observations.filter(
    (o) => (o.valueText !== null && o.valueText.trim() !== '') || o.flags.includes('suppressed') || o.flags.includes('not_published'),
  );
  if (errors.length) throw new ImportError(errors);
  // A planned observation is itself a figure the checks can read: no second object per figure.
  const checked = checkFigures(kept, { pairs: ctx.pairs, file: ctx.file });
  kept.forEach((o, i) => {
    const found = checked.flags[i] ?? [];
    if (found.length) o.flags = [...new Set([...o.flags, ...found])];
  });
  warnings.push(...checked.warnings);
  if (kept.length === 0 && targets.length === 0) {
    throw new ImportError([{ code: 'NO_FIGURES', message: 'the document holds no figures that could be read', file: ctx.file }]);
  }
  return {
    observations: kept,
    targets,
    unmapped: [...unmapped].map(([label, values]) => ({ label, values })),
    warnings,
  };
}


function describeLocation(f: ExtractedFigure): string {
  return f.location.cell ? `line ${f.location.line}, ${f.location.cell}` : `line ${f.location.line}`;
}
