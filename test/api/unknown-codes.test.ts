import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { CODES, insertFixture, newsroomFixture } from '../comparison/fixtures';
import { createTestHub } from '../support/hub';
import { only } from '../support/indexed';

/**
 * The convention for a code the hub does not know (CONVENTIONS.md): a lookup of one object answers
 * null; any other argument naming a code is refused with BAD_USER_INPUT, the argument and the value
 * in extensions. Each query is asked once with the unknown code and once with a known one.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, newsroomFixture());
});
afterAll(async () => { await hub?.close(); });

const NO_INDICATOR = 'social_assistance.no_such_indicator';

describe('a lookup of one object by an unknown code', () => {
  it.each([
    ['municipality', '{ municipality(code: "9998") { name } }', '{ municipality(code: "1804") { name } }'],
    ['municipality in a year', '{ municipality(code: "9998", year: 2018) { name } }', '{ municipality(code: "1804", year: 2018) { name } }'],
    ['office by code', '{ office(code: "999999") { name } }', '{ office(code: "24837") { name } }'],
    ['office by name', '{ office(name: "NAV Ingensteds") { name } }', '{ office(name: "NAV Bodø") { name } }'],
    ['indicator', `{ indicator(code: "${NO_INDICATOR}") { code } }`, `{ indicator(code: "${CODES.monthly}") { code } }`],
    ['node', `{ node(id: "${Buffer.from('Office:999999').toString('base64')}") { id } }`, `{ node(id: "${Buffer.from('Office:24837').toString('base64')}") { id } }`],
  ])('%s answers null, without an error', async (_, unknown, known) => {
    const answer = await hub.execute<Record<string, unknown>>(unknown);
    expect(answer.errors).toBeUndefined();
    expect(Object.values(answer.data!)).toEqual([null]);
    const found = await hub.execute<Record<string, unknown>>(known);
    expect(found.errors).toBeUndefined();
    expect(Object.values(found.data!)[0]).not.toBeNull();
  });
});

describe('an unknown code in any other argument', () => {
  const office = 'No office has the code "999999"; find codes with offices(...).';
  const municipality = 'No municipality has ever had the code "9998".';
  const county = 'No county has the number "99"; list them with counties.';
  const indicator = `Unknown indicator "${NO_INDICATOR}"; list the codes with indicators(search: ...).`;
  it.each([
    ['municipalities(county)', '{ municipalities(county: "99") { totalCount } }', 'county', '99', county],
    ['offices(county)', '{ offices(county: "99") { totalCount } }', 'county', '99', county],
    ['offices(municipality)', '{ offices(municipality: "9998") { totalCount } }', 'municipality', '9998', municipality],
    ['indicators(theme)', '{ indicators(theme: "no_such_theme") { totalCount } }', 'theme', 'no_such_theme', 'No theme has the code "no_such_theme"; list them with themes.'],
    ['observations(indicator)', `{ observations(indicator: "${NO_INDICATOR}") { totalCount } }`, 'indicator', NO_INDICATOR, indicator],
    ['observations(office)', '{ observations(office: "999999") { totalCount } }', 'office', '999999', office],
    ['observations(municipality)', '{ observations(municipality: "9998") { totalCount } }', 'municipality', '9998', municipality],
    ['sources(office)', '{ sources(office: "999999") { totalCount } }', 'office', '999999', office],
    ['sources(municipality)', '{ sources(municipality: "9998") { totalCount } }', 'municipality', '9998', municipality],
    ['ranking(indicator)', `{ ranking(indicator: "${NO_INDICATOR}", period: "2018") { rows { rank } } }`, 'indicator', NO_INDICATOR, indicator],
    ['ranking(scope.county)', `{ ranking(indicator: "${CODES.monthly}", period: "2018", scope: { county: "99" }) { rows { rank } } }`, 'scope.county', '99', county],
    ['ranking(scope.offices)', `{ ranking(indicator: "${CODES.monthly}", period: "2018", scope: { offices: ["24837", "999999"] }) { rows { rank } } }`, 'scope.offices', ['999999'], office],
    ['compare(offices)', `{ compare(offices: ["24837", "999999"], indicators: ["${CODES.monthly}"], periods: ["2018"]) { rows { name } } }`, 'offices', ['999999'], office],
    ['compare(indicators)', `{ compare(offices: ["24837"], indicators: ["${NO_INDICATOR}"], periods: ["2018"]) { rows { name } } }`, 'indicators', [NO_INDICATOR], indicator],
    ['timeSeries(office)', `{ timeSeries(indicator: "${CODES.monthly}", office: "999999") { name } }`, 'office', '999999', office],
    ['timeSeries(municipality)', `{ timeSeries(indicator: "${CODES.monthly}", municipality: "9998") { name } }`, 'municipality', '9998', municipality],
    ['timeSeries(indicator)', `{ timeSeries(indicator: "${NO_INDICATOR}", office: "24837") { name } }`, 'indicator', NO_INDICATOR, indicator],
    ['targetAttainment(office)', '{ targetAttainment(office: "999999", period: "2018") { met } }', 'office', '999999', office],
    ['targetResults(county)', '{ targetResults(county: "99", period: "2015") { totalCount } }', 'county', '99', county],
    ['targetResults(indicator)', `{ targetResults(indicator: "${NO_INDICATOR}", period: "2015") { totalCount } }`, 'indicator', NO_INDICATOR, indicator],
    [
      'compositeIndex(indicators)',
      `{ compositeIndex(indicators: [{ code: "${CODES.monthly}" }, { code: "${NO_INDICATOR}" }], period: "2018") { rows { score } } }`,
      'indicators',
      [NO_INDICATOR],
      indicator,
    ],
  ])('%s is refused with BAD_USER_INPUT naming the argument and the value', async (_, query, argument, value, message) => {
    const answer = await hub.execute(query);
    expect(answer.data ?? null).toBeNull();
    const error = only(answer.errors ?? [], 'errors');
    expect(error.message).toBe(message);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument, value });
  });

  it.each([
    ['municipalities(county)', '{ municipalities(county: "18") { totalCount } }'],
    ['offices(municipality)', '{ offices(municipality: "1804") { totalCount } }'],
    ['observations(office)', '{ observations(office: "24837") { totalCount } }'],
    ['sources(municipality)', '{ sources(municipality: "1804") { totalCount } }'],
    ['timeSeries(office)', `{ timeSeries(indicator: "${CODES.monthly}", office: "24837") { name } }`],
    ['targetAttainment(office)', '{ targetAttainment(office: "24837", period: "2018") { met } }'],
  ])('%s with a known code is answered', async (_, query) => {
    expect((await hub.execute(query)).errors).toBeUndefined();
  });

  it('answers a known code that matches nothing with an empty list, not an error', async () => {
    const answer = await hub.execute<{ observations: { totalCount: number } }>('{ observations(office: "24837", period: "1999") { totalCount } }');
    expect(answer).toEqual({ data: { observations: { totalCount: 0 } } });
    const offices = await hub.execute('{ offices(county: "03", search: "Bodø") { totalCount } }');
    expect(offices).toEqual({ data: { offices: { totalCount: 0 } } });
  });
});
