import { present } from '../../invariant';
import type { Database } from '../../db/database';
import { Direction } from '../../schema/enums';
import { Municipality } from '../geography/geography.type';
import { Indicator } from '../taxonomy/taxonomy.type';
import { type BoundaryChange, TIME_SERIES_SQL, type TimeSeriesPointRow, TimeSeriesRow } from './time-series.sql';
import { TimeSeries, TimeSeriesPoint } from './comparison.type';
import { areaOf, type AreaQuery, checkOneArea, citeRow, num, unique, unknownArea, unknownIndicator } from './comparison.shared';

/** One indicator over time for one area (time-series.sql.ts), with the breaks a boundary change makes in it. */

export async function timeSeries(db: Database, indicatorCode: string, area: AreaQuery): Promise<TimeSeries> {
  checkOneArea(area);
  const rows = await db.rows(TimeSeriesRow, 'comparison.time_series', TIME_SERIES_SQL, [
    indicatorCode,
    area.office ?? null,
    area.office ? null : (area.municipality ?? null),
  ]);
  // One row at least, of series-wide columns (time-series.sql.ts).
  const head = present(rows[0], 'the first row of the time series');
  if (!head.indicator) throw unknownIndicator(indicatorCode, 'indicator');
  if (head.area_id === null) throw unknownArea(area);
  const series = Object.assign(new TimeSeries(), areaOf(head.level, head.area_id, head.area_name, head.area_code));
  series.indicator = Indicator.from(head.indicator);
  series.direction = series.indicator.direction;
  series.points = rows.flatMap((r) => (r.period === null ? [] : [timeSeriesPoint(r, series.name)]));
  series.warnings = timeSeriesWarnings(series);
  return series;
}

function timeSeriesPoint(r: TimeSeriesPointRow, areaName: string): TimeSeriesPoint {
  return Object.assign(new TimeSeriesPoint(), {
    period: r.period,
    periodText: r.period_text,
    value: num(r.value),
    exactValue: r.value,
    valueText: r.value_text,
    unit: r.unit,
    previousPeriod: r.previous_period,
    changeFromPrevious: num(r.change),
    trend: r.trend,
    flags: r.flags,
    quote: r.quote,
    citation: citeRow({ ...r, name: r.figure_municipality?.name ?? areaName }),
    sourceId: r.source_id,
    sourceTitle: r.source_title,
    sourcePublisher: r.source_publisher,
    sourceUrl: r.source_url,
    breakInSeries: r.break_in_series,
    revised: r.revised,
    breakNote: r.boundary_change ? breakNote(r.boundary_change) : null,
    figureMunicipality: r.figure_municipality ? Municipality.from(r.figure_municipality) : null,
  });
}

/** "A", "A and B", "A, B and C". */
function andList(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Why the figures on either side of a break cover different areas, from the succession between the two units. */
function breakNote(b: BoundaryChange): string {
  const consequence = 'figures before and after cover different areas.';
  const date = `on 1 January ${b.year}`;
  const others = b.coPredecessors ?? [];
  if (b.kind === 'merged') {
    if (others.length === 0) return `${b.predecessor} became part of ${b.successor} ${date}: ${consequence}`;
    return b.predecessor === b.successor
      ? `${b.successor} merged with ${andList(others)} ${date}: ${consequence}`
      : `${b.predecessor} merged with ${andList(others)} into ${b.successor} ${date}: ${consequence}`;
  }
  if (b.kind === 'split') {
    return `${b.predecessor} was split ${date} into ${andList([present(b.successor, `the successor of ${b.predecessor}`), ...(b.coSuccessors ?? [])])}: ${consequence}`;
  }
  if (b.kind !== null) return `The borders of ${b.predecessor} and ${b.successor} changed ${date} (${b.kind}): ${consequence}`;
  return `The figures before are of ${b.before} (${b.beforeCode}${b.beforeToYear !== null ? `, until ${b.beforeToYear}` : ''}), those from here of ${b.after} (${b.afterCode}${b.afterFromYear !== null ? `, from ${b.afterFromYear}` : ''}): ${consequence}`;
}

function timeSeriesWarnings(s: TimeSeries): string[] {
  const warnings: string[] = [];
  const documents = unique(s.points.map((p) => `${p.sourcePublisher}, ${p.sourceTitle}`));
  if (documents.length > 1) warnings.push(`The series combines ${documents.length} source documents (${documents.join('; ')}); check that they count the same way.`);
  const periods = new Set(s.points.map((p) => p.period));
  const gaps = s.points.slice(1).filter((p) => !periods.has(p.previousPeriod)).map((p) => p.previousPeriod);
  if (gaps.length) warnings.push(`No figure for ${gaps.join(', ')}: the change across a gap is not shown.`);
  const withheld = s.points.filter((p) => p.value === null).map((p) => p.period);
  if (withheld.length) warnings.push(`Withheld by the publisher (not zero): ${withheld.join(', ')}.`);
  if (s.direction === Direction.NEITHER) warnings.push(`"${s.indicator.code}" has no direction, so changes are shown without a trend.`);
  for (const p of s.points.filter((point) => point.breakInSeries)) {
    warnings.push(`Break in the series at ${p.period}: ${p.breakNote} No change or trend is computed across it.`);
  }
  return warnings;
}
