import type { FigureList } from './checks';
import type { AreaRef, QualityFlag, Transformation } from './types';

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
  /** What the mapping assumed, where the source or the mapping says. */
  definitionNote: string | null;
}

/** What the planner hands over of an observation: its cell rather than its location, which is made from the line when read. */
export type ObservationRecord = Omit<PlannedObservation, 'location' | 'kind'> & { cell: string | undefined };

/** What the rows of one label share: the label as published and how it was mapped. */
interface Series {
  label: string;
  unitText: string | null;
  indicatorCode: string | null;
  transformation: Transformation | null;
  mappedBy: string | null;
  unit: string | null;
  definitionNote: string | null;
}

/** Rows per chunk: a column grows by chunks, never by copying what it holds. */
const CHUNK = 8192;

/** Distinct values kept for sharing. */
const MAX_SHARED_VALUES = 65_536;

/** One field of every row, in chunks. */
class Column<T> {
  private readonly chunks: T[][] = [];

  set(index: number, value: T): void {
    const chunk = Math.floor(index / CHUNK);
    (this.chunks[chunk] ??= [])[index % CHUNK] = value;
  }

  get(index: number): T {
    return (this.chunks[Math.floor(index / CHUNK)] as T[])[index % CHUNK] as T;
  }
}

/** A whole number of every row, in chunks of a typed array. */
class NumberColumn {
  private readonly chunks: Int32Array[] = [];

  set(index: number, value: number): void {
    const chunk = Math.floor(index / CHUNK);
    (this.chunks[chunk] ??= new Int32Array(CHUNK))[index % CHUNK] = value;
  }

  get(index: number): number {
    return (this.chunks[Math.floor(index / CHUNK)] as Int32Array)[index % CHUNK] as number;
  }
}

function sameTransformation(a: Transformation | null, b: Transformation | null): boolean {
  return a === b || (a !== null && b !== null && a.kind === b.kind && a.factor === b.factor && a.note === b.note && a.unit === b.unit);
}

function sameSeries(a: Series, b: ObservationRecord): boolean {
  return a.label === b.label && a.unitText === b.unitText && a.indicatorCode === b.indicatorCode && a.mappedBy === b.mappedBy && a.unit === b.unit
    && a.definitionNote === b.definitionNote && sameTransformation(a.transformation, b.transformation);
}

/**
 * The observations of a plan, one column per field. A file of 200,000 figures was held as 200,000
 * figures and then as 200,000 planned objects, each with a location string of its own, and V8 let
 * the heap grow to two or three times that while they were made. Here a row is a few references
 * (its area, period, values, quote and cell, the strings themselves shared where the adapter
 * shares them), its year and line as numbers, and one reference to what it shares with the other
 * rows of its label; its location is made from its line and cell when it is read. `at` makes the
 * full object only for the row that is read. Every planned observation is an actual result
 * (targets are planned apart).
 */
export class PlannedObservations implements Iterable<PlannedObservation> {
  private count = 0;
  private readonly series = new Column<Series>();
  private readonly area = new Column<AreaRef>();
  private readonly period = new Column<string>();
  private readonly periodText = new Column<string>();
  private readonly year = new NumberColumn();
  private readonly line = new NumberColumn();
  private readonly publishedValue = new Column<string | null>();
  private readonly value = new Column<string | null>();
  private readonly valueText = new Column<string | null>();
  private readonly quote = new Column<string>();
  private readonly cell = new Column<string | undefined>();
  private readonly flags = new Column<QualityFlag[]>();
  private readonly footnote = new Column<string | null>();
  /** The series of each label last seen: rows of a label mostly map alike. */
  private readonly seriesOf = new Map<string, Series>();
  /** One string for each value: a published number recurs, and the number read from it is a new string each time. */
  private readonly values = new Map<string, string>();

  get length(): number {
    return this.count;
  }

  push(record: ObservationRecord): void {
    const i = this.count++;
    let series = this.seriesOf.get(record.label);
    if (!series || !sameSeries(series, record)) {
      series = {
        label: record.label, unitText: record.unitText, indicatorCode: record.indicatorCode, transformation: record.transformation,
        mappedBy: record.mappedBy, unit: record.unit, definitionNote: record.definitionNote,
      };
      this.seriesOf.set(record.label, series);
    }
    this.series.set(i, series);
    this.area.set(i, record.area);
    this.period.set(i, record.period);
    this.periodText.set(i, record.periodText);
    this.year.set(i, record.year);
    this.line.set(i, record.line);
    this.publishedValue.set(i, this.shared(record.publishedValue));
    this.value.set(i, this.shared(record.value));
    this.valueText.set(i, this.shared(record.valueText));
    this.quote.set(i, record.quote);
    this.cell.set(i, record.cell);
    this.flags.set(i, record.flags);
    this.footnote.set(i, record.footnote);
  }

  /** The row at `index` as an object of its own. */
  at(index: number): PlannedObservation {
    this.check(index);
    const series = this.series.get(index);
    const line = this.line.get(index);
    const cell = this.cell.get(index);
    return {
      label: series.label,
      unitText: series.unitText,
      area: this.area.get(index),
      period: this.period.get(index),
      year: this.year.get(index),
      periodText: this.periodText.get(index),
      kind: 'actual',
      indicatorCode: series.indicatorCode,
      transformation: series.transformation,
      mappedBy: series.mappedBy,
      publishedValue: this.publishedValue.get(index),
      value: this.value.get(index),
      valueText: this.valueText.get(index),
      unit: series.unit,
      quote: this.quote.get(index),
      location: cell ? `line ${line}, ${cell}` : `line ${line}`,
      line,
      flags: this.flags.get(index),
      footnote: this.footnote.get(index),
      definitionNote: series.definitionNote,
    };
  }

  /** The rows as the checks read them: only what they compare, made for the row that is read. */
  checkable(): FigureList {
    return {
      length: this.count,
      at: (index) => {
        this.check(index);
        const series = this.series.get(index);
        return {
          label: series.label, indicatorCode: series.indicatorCode, unit: series.unit, period: this.period.get(index), value: this.value.get(index),
          area: this.area.get(index), line: this.line.get(index),
        };
      },
    };
  }

  /** Replaces the flags of the row at `index` (the checks' findings merged with its own). */
  setFlags(index: number, flags: QualityFlag[]): void {
    this.check(index);
    this.flags.set(index, flags);
  }

  *[Symbol.iterator](): Iterator<PlannedObservation> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  toArray(): PlannedObservation[] {
    return Array.from(this);
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no planned observation ${index} of ${this.count}`);
  }

  private shared(text: string | null): string | null {
    if (text === null) return null;
    const known = this.values.get(text);
    if (known !== undefined) return known;
    // A file of values that never recur would only fill the table: past this many, new ones are kept as they come.
    if (this.values.size < MAX_SHARED_VALUES) this.values.set(text, text);
    return text;
  }
}
