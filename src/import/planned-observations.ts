import type { FigureList } from './checks';
import { isRestatedQuote, restatedQuote, type AreaRef, type FigurePlace, type PlaceTexts, type QualityFlag, type Transformation } from './types';

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

/**
 * What the planner hands over of an observation: its cell rather than its location, which is made
 * from the line when read, and the figure's place where its table renders the quote and cell.
 */
export type ObservationRecord = Omit<PlannedObservation, 'location' | 'kind'> & { cell: string | undefined; place?: FigurePlace };

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

/** Distinct values a column keeps an index of; past this many, new ones are kept row by row. */
const MAX_SHARED_VALUES = 65_536;

/** One field of every row, in chunks: for values that do not recur. */
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

/**
 * One field of every row as the number of a value in a list of the distinct values the field
 * takes: a file's periods, areas, values, flags and mappings recur, and a row then costs four bytes
 * of a typed array instead of a reference (eight on a 64-bit node) to one more string. Equal
 * strings become one. A field whose values do not recur stops growing the list at
 * MAX_SHARED_VALUES and keeps the rest row by row.
 */
class SharedColumn<T> {
  private readonly numbers = new NumberColumn();
  private readonly values: T[] = [];
  private readonly numberOf = new Map<T, number>();
  /** Values the list had no room for, by row. */
  private readonly unshared = new Column<T>();

  set(index: number, value: T): void {
    let number = this.numberOf.get(value);
    if (number === undefined && this.values.length < MAX_SHARED_VALUES) {
      number = this.values.length;
      this.values.push(value);
      this.numberOf.set(value, number);
    }
    this.numbers.set(index, number ?? -1);
    if (number === undefined) this.unshared.set(index, value);
  }

  get(index: number): T {
    const number = this.numbers.get(index);
    return number < 0 ? this.unshared.get(index) : (this.values[number] as T);
  }
}

/** The quote of a row that only restates its own label, period and value: made again when read. */
const RESTATED = null;

/** The cell of a row that is only its line's number (`row 12` on line 12): made again when read. */
const ROW_OF_LINE = Symbol('the row of its line');

/** The quote or cell of a row whose table renders them from its place: made again when read. */
const PLACED = Symbol('rendered from its place');

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
 * the heap grow to two or three times that while they were made. Here a row is the numbers of its
 * values in each field's list of distinct values (its area, period, values, flags and what it
 * shares with the other rows of its label), its year and line, and its quote and cell where they
 * say more than the row itself; its location, a quote or cell that only restate the row, and those
 * its table renders from its place (a JSON-stat cell's), are made when it is read. `at` makes the
 * full object only for the row that is read. Every planned observation is an actual result
 * (targets are planned apart).
 */
export class PlannedObservations implements Iterable<PlannedObservation> {
  private count = 0;
  private readonly series = new SharedColumn<Series>();
  private readonly area = new SharedColumn<AreaRef>();
  private readonly period = new SharedColumn<string>();
  private readonly periodText = new SharedColumn<string>();
  private readonly year = new NumberColumn();
  private readonly line = new NumberColumn();
  private readonly publishedValue = new SharedColumn<string | null>();
  private readonly value = new SharedColumn<string | null>();
  private readonly valueText = new SharedColumn<string | null>();
  private readonly quote = new SharedColumn<string | typeof RESTATED | typeof PLACED>();
  private readonly cell = new SharedColumn<string | undefined | typeof ROW_OF_LINE | typeof PLACED>();
  /** The table and index of a placed row; set for those rows only. */
  private readonly placeTable = new SharedColumn<PlaceTexts>();
  private readonly placeIndex = new NumberColumn();
  private readonly flags = new SharedColumn<QualityFlag[]>();
  private readonly footnote = new SharedColumn<string | null>();
  /** The series of each label last seen: rows of a label mostly map alike. */
  private readonly seriesOf = new Map<string, Series>();

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
    this.publishedValue.set(i, record.publishedValue);
    this.value.set(i, record.value);
    this.valueText.set(i, record.valueText);
    if (record.place) {
      this.placeTable.set(i, record.place.table);
      this.placeIndex.set(i, record.place.index);
      this.quote.set(i, PLACED);
      this.cell.set(i, PLACED);
    } else {
      this.quote.set(i, record.valueText !== null && isRestatedQuote(record.quote, record.label, record.periodText, record.valueText) ? RESTATED : record.quote);
      this.cell.set(i, record.cell === `row ${record.line}` ? ROW_OF_LINE : record.cell);
    }
    this.flags.set(i, record.flags);
    this.footnote.set(i, record.footnote);
  }

  /** The row at `index` as an object of its own. */
  at(index: number): PlannedObservation {
    this.check(index);
    const series = this.series.get(index);
    const line = this.line.get(index);
    const periodText = this.periodText.get(index);
    const valueText = this.valueText.get(index);
    const { quote, cell } = this.texts(index, series.label, line, periodText, valueText);
    return {
      label: series.label,
      unitText: series.unitText,
      area: this.area.get(index),
      period: this.period.get(index),
      year: this.year.get(index),
      periodText,
      kind: 'actual',
      indicatorCode: series.indicatorCode,
      transformation: series.transformation,
      mappedBy: series.mappedBy,
      publishedValue: this.publishedValue.get(index),
      value: this.value.get(index),
      valueText,
      unit: series.unit,
      quote,
      location: cell ? `line ${line}, ${cell}` : `line ${line}`,
      line,
      flags: this.flags.get(index),
      footnote: this.footnote.get(index),
      definitionNote: series.definitionNote,
    };
  }

  /** The quote and cell of the row at `index`, made again where the row keeps only how to make them. */
  private texts(index: number, label: string, line: number, periodText: string, valueText: string | null): { quote: string; cell: string | undefined } {
    const quote = this.quote.get(index);
    const cell = this.cell.get(index);
    if (quote === PLACED || cell === PLACED) {
      return this.placeTable.get(index).texts(this.placeIndex.get(index), valueText);
    }
    return {
      quote: quote === RESTATED ? restatedQuote(label, periodText, valueText ?? '') : quote,
      cell: cell === ROW_OF_LINE ? `row ${line}` : cell,
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
}
