import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { insertFixture } from '../comparison/fixtures';
import { createTestHub } from '../support/hub';

/**
 * A curator maps a published label onto an indicator after the import (rawIndicatorMap): what is
 * refused, and what the mapped figures become. Test data: NAV Testdalen (99901) of Testkommune 1,
 * and one label, "Antall testmottakere", published in two test sources.
 */
const MONTHLY = 'social_assistance.recipients_monthly_avg';
const YEARLY = 'social_assistance.recipients_yearly';
const LABEL = 'Antall testmottakere';
const curator = { name: 'newsroom', role: 'curator' as const };

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: [{ code: '9901', name: 'Testkommune 1', county: '99' }],
    offices: [{ code: '99901', name: 'NAV Testdalen', county: '99', municipalities: ['9901'] }],
    indicators: [
      { code: MONTHLY, unit: 'persons', direction: 'lower_is_better', periodType: 'year_average_of_months' },
      { code: YEARLY, unit: 'persons', direction: 'lower_is_better' },
    ],
    sources: [
      { key: 'test-2018', title: 'Testkilde: oppdiktet kvartalsrapport 2018', publisher: 'Testkommune', reportYear: 2018 },
      { key: 'test-2019', title: 'Testkilde: oppdiktet kvartalsrapport 2019', publisher: 'Testkommune', reportYear: 2019 },
    ],
  });
  // The label as each source published it, not mapped to any indicator, with one figure each.
  await hub.db.pool.query(`
    WITH raw AS (
      INSERT INTO raw_indicators (source_id, label, normalised_label)
      SELECT id, '${LABEL}', lower('${LABEL}') FROM sources WHERE document_key IN ('test-2018', 'test-2019')
      RETURNING id, source_id
    )
    INSERT INTO observations (raw_indicator_id, source_id, office_id, period, year, value, published_value, value_text, unit, quote)
    SELECT raw.id, raw.source_id, o.id, s.report_year::text, s.report_year, v.value, v.value, v.value::text, 'persons', '${LABEL} ' || v.value
      FROM raw
      JOIN sources s ON s.id = raw.source_id
      JOIN (VALUES (2018, 25), (2019, 30)) AS v(year, value) ON v.year = s.report_year
      CROSS JOIN offices o WHERE o.code = '99901'`);
});
afterAll(async () => {
  await hub?.close();
});

interface MapAnswer {
  rawIndicatorMap: { rawIndicatorsMapped: number; observationsUpdated: number; userErrors: { field: string[]; message: string; code: string }[] };
}

async function map(input: string): Promise<MapAnswer['rawIndicatorMap']> {
  const answer = await hub.execute<MapAnswer>(
    `mutation { rawIndicatorMap(input: { ${input} }) { rawIndicatorsMapped observationsUpdated userErrors { field message code } } }`,
    {},
    curator,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.rawIndicatorMap;
}

/** The label's raw indicators, mapped or not, with what they map to. */
async function labels(): Promise<{ id: string; isMapped: boolean; indicator: { code: string } | null }[]> {
  const answer = await hub.execute<{ rawIndicators: { nodes: { id: string; label: string; isMapped: boolean; indicator: { code: string } | null }[] } }>(
    '{ rawIndicators { nodes { id label isMapped indicator { code } } } }',
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.rawIndicators.nodes.filter((n) => n.label === LABEL).map(({ id, isMapped, indicator }) => ({ id, isMapped, indicator }));
}

async function firstLabelId(): Promise<string> {
  const [first] = await labels();
  if (!first) throw new Error(`no raw indicator "${LABEL}"`);
  return first.id;
}

async function figures(indicator: string): Promise<{ period: string; exactValue: string | null; flags: string[] }[]> {
  const answer = await hub.execute<{ observations: { nodes: { period: string; exactValue: string | null; flags: string[] }[] } }>(
    `{ observations(indicator: "${indicator}", office: "99901") { nodes { period exactValue flags } } }`,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.observations.nodes;
}

const nothing = { rawIndicatorsMapped: 0, observationsUpdated: 0 };

describe('a mapping refused', () => {
  it('scales only with a factor, and takes a factor only to scale; nothing is mapped', async () => {
    const id = await firstLabelId();
    const before = await labels();
    expect(before).toHaveLength(2);
    expect(await map(`rawIndicator: "${id}", indicator: "${MONTHLY}", transformation: SCALE`)).toEqual({
      ...nothing,
      userErrors: [{ field: ['input', 'factor'], message: 'a SCALE transformation needs a factor, e.g. "4"', code: 'FACTOR_REQUIRED' }],
    });
    expect(await map(`rawIndicator: "${id}", indicator: "${MONTHLY}", factor: "4"`)).toEqual({
      ...nothing,
      userErrors: [{ field: ['input', 'factor'], message: 'a factor only goes with the SCALE transformation', code: 'FACTOR_NOT_ALLOWED' }],
    });
    expect(await labels()).toEqual(before);
  });

  it('names a label that does not exist', async () => {
    const missing = Buffer.from('RawIndicator:999999').toString('base64');
    expect(await map(`rawIndicator: "${missing}", indicator: "${MONTHLY}"`)).toEqual({
      ...nothing,
      userErrors: [{ field: ['input', 'rawIndicator'], message: 'no raw indicator has that id', code: 'NOT_FOUND' }],
    });
  });
});

describe('a mapping made', () => {
  it('scales every figure of the label in every source, marks them derived, and moves them when mapped again', async () => {
    const id = await firstLabelId();
    expect(await map(`rawIndicator: "${id}", indicator: "${MONTHLY}", transformation: SCALE, factor: "4", applyToSameLabel: true`)).toEqual({
      rawIndicatorsMapped: 2,
      observationsUpdated: 2,
      userErrors: [],
    });
    expect((await labels()).map((l) => l.indicator?.code)).toEqual([MONTHLY, MONTHLY]);
    expect(await figures(MONTHLY)).toEqual([
      { period: '2018', exactValue: '100', flags: ['DERIVED'] },
      { period: '2019', exactValue: '120', flags: ['DERIVED'] },
    ]);

    // Mapped again, as published: one label only, its figure leaves the first indicator.
    expect(await map(`rawIndicator: "${id}", indicator: "${YEARLY}", applyToSameLabel: false`)).toEqual({ rawIndicatorsMapped: 1, observationsUpdated: 1, userErrors: [] });
    const moved = await figures(YEARLY);
    expect(moved).toHaveLength(1);
    expect(moved[0]?.flags).toEqual([]);
    expect(['25', '30']).toContain(moved[0]?.exactValue);
    expect(await figures(MONTHLY)).toHaveLength(1);
  });
});
