import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';
import { insertFixture } from './fixtures';

/**
 * What a time series says at a boundary change, for each kind of succession between the unit that
 * held a code before and the one holding it now, and for none recorded. Every place and figure is
 * test data: municipalities 99xx of Testfylke, each code held by a "Testkommune" until 2019 and a
 * "Testby" from 2020, figures of a test source.
 */
const RECIPIENTS = 'social_assistance.recipients_yearly';
const STAFF = 'staff.employees';

let hub: Hub;

const current = (code: string) => ({ code, name: `Testby ${code.slice(2)}`, county: '99', validFromYear: 2020 });
const figure2020 = (code: string, value: string) => ({ indicator: RECIPIENTS, source: 'test-series', municipality: code, period: '2020', value, label: 'Mottakere i løpet av året' });

beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: [current('9911'), current('9921'), current('9922'), current('9931'), current('9941')],
    offices: [{ code: '99901', name: 'NAV Testdalen', county: '99', municipalities: ['9941'] }],
    indicators: [
      { code: RECIPIENTS, unit: 'persons', direction: 'lower_is_better' },
      { code: STAFF, unit: 'persons', direction: 'neither' },
    ],
    sources: [{ key: 'test-series', title: 'Testkilde: oppdiktet tidsserie', publisher: 'Testkommune', reportYear: 2020 }],
    observations: [
      figure2020('9911', '120'),
      figure2020('9921', '80'),
      figure2020('9931', '60'),
      figure2020('9941', '40'),
      { indicator: STAFF, source: 'test-series', office: '99901', period: '2019', value: '12', label: 'Ansatte' },
      { indicator: STAFF, source: 'test-series', office: '99901', period: '2020', value: '14', label: 'Ansatte' },
    ],
  });
  // The units that held the same codes until 2019, each with a figure for 2019, and how each became today's.
  await hub.db.pool.query(`
    WITH old AS (
      INSERT INTO municipalities (code, name, county_code, valid_to_year)
      SELECT code, 'Testkommune ' || right(code, 2), '99', 2019 FROM unnest(ARRAY['9911', '9921', '9931', '9941']) AS code
      RETURNING id, code, name
    ), codes AS (
      INSERT INTO municipality_codes (municipality_id, code, name, valid_to_year) SELECT id, code, name, 2019 FROM old
    ), figures AS (
      INSERT INTO observations (raw_indicator_id, indicator_id, source_id, municipality_id, period, year, value, published_value, value_text, unit, quote, flags)
      SELECT o.raw_indicator_id, o.indicator_id, o.source_id, old.id, '2019', 2019, 100, 100, '100', o.unit, 'Mottakere i løpet av året 100', '{}'
        FROM old
        JOIN municipalities now ON now.code = old.code AND now.valid_to_year IS NULL
        JOIN observations o ON o.municipality_id = now.id AND o.period = '2020'
    )
    INSERT INTO municipality_successions (predecessor_id, successor_id, year, kind)
    SELECT old.id, now.id, 2020, s.kind
      FROM (VALUES ('9911', '9911', 'merged'), ('9921', '9921', 'split'), ('9921', '9922', 'split'), ('9931', '9931', 'transferred')) AS s(old_code, new_code, kind)
      JOIN old ON old.code = s.old_code
      JOIN municipalities now ON now.code = s.new_code AND now.valid_to_year IS NULL`);
});
afterAll(async () => {
  await hub?.close();
});

interface Series {
  points: { period: string; value: number; changeFromPrevious: number | null; trend: string; breakInSeries: boolean; breakNote: string | null }[];
  warnings: string[];
}

async function series(area: string, indicator = RECIPIENTS): Promise<Series> {
  const answer = await hub.execute<{ timeSeries: Series }>(
    `{ timeSeries(indicator: "${indicator}", ${area}) { points { period value changeFromPrevious trend breakInSeries breakNote } warnings } }`,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.timeSeries;
}

const AREAS = 'figures before and after cover different areas.';

describe('a break in a municipality series', () => {
  it.each([
    ['a merger with no other municipality', '9911', `Testkommune 11 became part of Testby 11 on 1 January 2020: ${AREAS}`],
    ['a split', '9921', `Testkommune 21 was split on 1 January 2020 into Testby 21 and Testby 22: ${AREAS}`],
    ['a transfer of area', '9931', `The borders of Testkommune 31 and Testby 31 changed on 1 January 2020 (transferred): ${AREAS}`],
    ['no recorded succession', '9941', `The figures before are of Testkommune 41 (9941, until 2019), those from here of Testby 41 (9941, from 2020): ${AREAS}`],
  ])('after %s says what changed, and computes no change across it', async (_, code, note) => {
    const s = await series(`municipality: "${code}"`);
    expect(s.points.map((p) => [p.period, p.breakInSeries, p.changeFromPrevious, p.trend])).toEqual([
      ['2019', false, null, 'UNKNOWN'],
      ['2020', true, null, 'UNKNOWN'],
    ]);
    expect(at(s.points, 1).breakNote).toBe(note);
    expect(s.warnings).toContain(`Break in the series at 2020: ${note} No change or trend is computed across it.`);
  });
});

describe('a series of an indicator without a direction', () => {
  it('shows the change without a trend, and says why', async () => {
    const s = await series('office: "99901"', STAFF);
    expect(s.points.map((p) => [p.period, p.value, p.changeFromPrevious, p.trend])).toEqual([
      ['2019', 12, null, 'UNKNOWN'],
      ['2020', 14, 2, 'UNKNOWN'],
    ]);
    expect(s.warnings).toEqual([`"${STAFF}" has no direction, so changes are shown without a trend.`]);
  });
});
