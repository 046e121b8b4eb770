import { present } from '../invariant';
import { areaKey } from './areas';
import { checkFigures, type QuarterlyYearlyPair } from './checks';
import { applyTransformation, type LabelTable, mapFigure, type MappingResult } from './map/mapper';
import { parsePeriod, periodYear } from './normalise/period';
import { parseTarget } from './normalise/target';
import { PlannedObservations } from './planned-observations';
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
  observations: PlannedObservations;
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

/** Where an area is named: the first line of each area and year, for resolving them and for naming the line of an unknown one. */
export interface AreaUse {
  area: AreaRef;
  year: number;
  line?: number;
}

/**
 * Turns an adapter's figures into observations and targets ready to write: reads numbers and
 * targets, maps labels, applies transformations. Pure; collects every unreadable cell and
 * throws them together, so that the importer sees all problems at once and nothing is written.
 */
export function planImport(doc: ExtractedDocument, ctx: PlanContext): ImportPlan {
  const planner = new ImportPlanner(ctx, doc.meta.area);
  for (const figure of doc.figures) planner.add(figure);
  return planner.finish(doc.warnings);
}

/**
 * planImport one figure at a time, for a file read row by row: each figure is planned as it is
 * read and let go, so that a large file is never a list of figures. `finish` runs the checks over
 * the whole document and throws every problem found.
 */
export class ImportPlanner {
  private readonly errors: ImportDiagnostic[] = [];
  private readonly observations = new PlannedObservations();
  private readonly targets: PlannedTarget[] = [];
  private readonly unmapped = new Map<string, number>();
  private readonly named = new Map<string, AreaUse>();
  private added = 0;

  constructor(
    private readonly ctx: PlanContext,
    /** The area the document as a whole is about, for figures that name none (after the context's default). */
    private readonly documentArea?: AreaRef,
  ) {}

  /**
   * The areas the figures name themselves, with a period that can be read: what can still be
   * checked when the plan has failed, so that unknown areas are reported in the same run.
   */
  get namedAreas(): AreaUse[] {
    return [...this.named.values()];
  }

  /** How many figures were added. */
  get figures(): number {
    return this.added;
  }

  add(figure: ExtractedFigure): void {
    const { ctx, errors } = this;
    this.added++;
    const periodKind = parsePeriod(figure.period);
    if (figure.area && periodKind.ok) {
      const year = periodYear(figure.period);
      const key = areaKey(figure.area, year);
      if (!this.named.has(key)) this.named.set(key, { area: figure.area, year, line: figure.location.line });
    }
    const where = { file: ctx.file, line: figure.location.line, cell: figure.location.cell };
    const area = figure.area ?? ctx.defaultArea ?? this.documentArea;
    if (!area) {
      errors.push({ code: 'NO_AREA', message: 'no office or municipality is known for this figure; name one for the document', ...where });
      return;
    }
    const { mapped, diagnostics } = mapFigure(figure, ctx.labels);
    if (diagnostics.length) {
      errors.push(...diagnostics.map((d) => ({ ...d, file: d.file ?? ctx.file })));
      return;
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
      return;
    }
    if (indicator && mapped.unit && mapped.unit !== indicator.unit) {
      errors.push({
        code: 'UNIT_CONFLICT',
        message: `the figure is in ${mapped.unit} but ${indicator.code} is counted in ${indicator.unit}; map it to an indicator in ${mapped.unit} or declare a transformation`,
        ...where,
      });
      return;
    }
    if (indicator?.periodType && periodKind.ok && periodKind.period.kind !== periodKindOf(indicator.periodType)) {
      errors.push({
        code: 'PERIOD_TYPE_CONFLICT',
        message: `"${figure.period}" is a ${periodKind.period.kind} but ${indicator.code} is defined per ${indicator.periodType.replace(/_/g, ' ')}; map the figure to an indicator of its own period type`,
        ...where,
      });
      return;
    }
    if (!mapping) this.unmapped.set(figure.label, (this.unmapped.get(figure.label) ?? 0) + 1);

    const flags = new Set<QualityFlag>(mapped.flags);
    const hasValueText = figure.valueText !== null && figure.valueText.trim() !== '';
    const withheld = flags.has('suppressed') || flags.has('not_published');
    const hasTarget = figure.targetText !== null && figure.targetText.trim() !== '';
    // An empty cell is no figure at all (Kristiansund's 2013 column); a suppressed one is kept. A row
    // whose value cell was empty but which had a target keeps only its target.
    if (hasValueText || withheld) {
      this.observations.push({
        label: figure.label,
        unitText: figure.unitText ?? null,
        area,
        period: figure.period,
        year: periodYear(figure.period),
        periodText: figure.periodText,
        indicatorCode: mapping?.indicatorCode ?? null,
        transformation: mapping?.transformation ?? null,
        mappedBy: mapping?.mappedBy ?? null,
        publishedValue: mapped.publishedValue,
        value: mapping ? value : null,
        valueText: figure.valueText,
        unit: indicator?.unit ?? mapped.unit,
        quote: figure.quote,
        cell: figure.location.cell,
        line: figure.location.line,
        ...(figure.place ? { place: figure.place } : {}),
        flags: flags.size ? [...flags] : NO_FLAGS,
        footnote: figure.footnote ?? null,
        definitionNote: figure.definitionNote ?? mapping?.definitionNote ?? null,
      });
    } else if (!hasTarget) return;

    if (hasTarget && figure.targetText !== null) {
      if (area.kind === 'county' || area.kind === 'country') {
        errors.push({ code: 'TARGET_AT_LEVEL', message: `targets are kept for offices and municipalities only, not for a ${area.kind}; leave the target out`, ...where });
        return;
      }
      const target = parseTarget(figure.targetText, where);
      if (!target.ok) {
        errors.push(target.diagnostic);
        return;
      }
      this.targets.push({
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

  /** The plan of every figure added, checked as a whole; the document's own warnings come first. */
  finish(documentWarnings: readonly ImportDiagnostic[]): ImportPlan {
    const { ctx, observations, targets } = this;
    if (this.errors.length) throw new ImportError(this.errors);
    const checked = checkFigures(observations.checkable(), { pairs: ctx.pairs, file: ctx.file });
    checked.flags.forEach((found, i) => {
      if (found.length) observations.setFlags(i, [...new Set([...observations.at(i).flags, ...found])]);
    });
    if (observations.length === 0 && targets.length === 0) {
      throw new ImportError([{ code: 'NO_FIGURES', message: 'the document holds no figures that could be read', file: ctx.file }]);
    }
    return {
      observations,
      targets,
      unmapped: [...this.unmapped].map(([label, values]) => ({ label, values })),
      warnings: [...documentWarnings, ...checked.warnings],
    };
  }
}
