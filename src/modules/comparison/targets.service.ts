import { present } from '../../invariant';
import type { Database } from '../../db/database';
import { citation } from '../observations/observation.type';
import { Indicator } from '../taxonomy/taxonomy.type';
import { TARGET_ATTAINMENT_SQL, TargetAttainmentRow, type TargetResultRow } from './targets.sql';
import { TargetAttainment, TargetResult, TargetStatus } from './comparison.type';
import { areaOf, type AreaQuery, checkOneArea, num, unknownArea } from './comparison.shared';

/** An area's published targets for a period and the results against them (targets.sql.ts). */

export async function targetAttainment(db: Database, area: AreaQuery, period: string): Promise<TargetAttainment> {
  checkOneArea(area);
  const rows = await db.rows(TargetAttainmentRow, 'comparison.target_attainment', TARGET_ATTAINMENT_SQL, [
    area.office ?? null,
    area.office ? null : (area.municipality ?? null),
    period,
  ]);
  // One row at least, naming the area or none (targets.sql.ts).
  const head = present(rows[0], 'the first row of the target attainment');
  if (head.area_id === null) throw unknownArea(area);
  const attainment = Object.assign(new TargetAttainment(), areaOf(head.level, head.area_id, head.area_name, head.area_code));
  attainment.period = period;
  attainment.results = rows.flatMap((r) => (r.id === null ? [] : [targetResult(r, period)]));
  attainment.met = attainment.results.filter((r) => r.status === TargetStatus.MET).length;
  attainment.notMet = attainment.results.filter((r) => r.status === TargetStatus.NOT_MET).length;
  attainment.noValue = attainment.results.filter((r) => r.status === TargetStatus.NO_VALUE).length;
  attainment.total = attainment.results.length;
  return attainment;
}

/** A target row as the API's TargetResult; used by target attainment and by targetResults. */
export function targetResult(r: TargetResultRow, period: string): TargetResult {
  const status = r.met === true ? TargetStatus.MET : r.met === false ? TargetStatus.NOT_MET : TargetStatus.NO_VALUE;
  return Object.assign(new TargetResult(), {
    officeId: r.office_id,
    municipalityId: r.office_id === null ? r.municipality_id : null,
    name: r.unit_name,
    code: r.unit_code,
    indicatorId: r.indicator_id,
    indicator: r.indicator ? Indicator.from(r.indicator) : null,
    rawLabel: r.raw_label,
    targetText: r.text,
    comparator: r.comparator,
    lower: num(r.lower),
    upper: num(r.upper),
    value: num(r.value),
    exactValue: r.value,
    valueText: r.value_text,
    unit: r.unit,
    status,
    quote: r.quote,
    citation: r.found
      ? citation({
          publisher: present(r.obs_publisher, 'the publisher of a target result'),
          sourceTitle: present(r.obs_title, 'the source of a target result'),
          areaName: r.unit_name,
          rawLabel: r.raw_label,
          valueText: r.value_text,
          periodText: r.period_text,
          period,
        })
      : null,
    sourceId: r.source_id,
    sourceTitle: r.source_title,
    sourcePublisher: r.source_publisher,
    sourceUrl: r.source_url,
  });
}
