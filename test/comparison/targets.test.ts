import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { insertFixture, newsroomFixture } from './fixtures';

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, newsroomFixture());
});
afterAll(async () => {
  await hub?.close();
});

interface Attainment {
  targetAttainment: {
    name: string;
    period: string;
    met: number;
    notMet: number;
    noValue: number;
    total: number;
    office: { name: string } | null;
    results: {
      rawLabel: string;
      targetText: string;
      comparator: string;
      value: number | null;
      valueText: string | null;
      status: string;
      citation: string | null;
      indicator: { code: string } | null;
      office: { name: string } | null;
      source: { title: string };
    }[];
  };
}

const FIELDS = `name period met notMet noValue total office { name }
  results { rawLabel targetText comparator value valueText status citation indicator { code } office { name } source { title } }`;

async function attainment(args: string) {
  const result = await hub.execute<Attainment>(`{ targetAttainment(${args}) { ${FIELDS} } }`);
  expect(result.errors).toBeUndefined();
  return result.data!.targetAttainment;
}

describe('target attainment', () => {
  it('finds Bodø met all four of its 2018 targets', async () => {
    const t = await attainment('office: "24837", period: "2018"');
    expect(t).toMatchObject({ name: 'NAV Bodø', office: { name: 'NAV Bodø' }, met: 4, notMet: 0, noValue: 0, total: 4 });
    expect(t.results.find((r) => r.targetText === '< 450')).toMatchObject({
      status: 'MET',
      value: 429,
      comparator: 'LT',
      citation: 'Bodø kommune, Årsmelding 2018, NAV Bodø: «Samlet antall mottakere av sosialhjelp pr. mnd.» 429 (gjennomsnitt 2018)',
      source: { title: 'Årsmelding 2018' },
    });
  });

  it('asked by municipality, includes the targets of the offices serving it', async () => {
    const t = await attainment('municipality: "1804", period: "2018"');
    expect(t).toMatchObject({ name: 'Bodø', met: 4, total: 4 });
  });

  it('tells MET, NOT_MET and NO_VALUE apart, and keeps an unmapped label', async () => {
    const t = await attainment('office: "24539", period: "2015"');
    expect(t).toMatchObject({ met: 1, notMet: 1, noValue: 1, total: 3 });
    const byLabel = Object.fromEntries(t.results.map((r) => [r.rawLabel, r]));
    expect(byLabel['15 personer per kvartal']).toMatchObject({ status: 'NOT_MET', value: 12, targetText: '≥ 15', comparator: 'GTE' });
    expect(byLabel['Antall liggedøgn over 14 dager per år']).toMatchObject({ status: 'MET', value: 4, targetText: '0-30', comparator: 'RANGE' });
    expect(byLabel['Antall passive uker “over tiden” per år']).toMatchObject({ status: 'NO_VALUE', value: null, citation: null, indicator: null });
  });

  it('refuses an unknown office as a mistake in the office argument, and a missing area with a message', async () => {
    const unknown = await hub.execute(`{ targetAttainment(office: "999999", period: "2018") { total } }`);
    expect(unknown.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/No office has the code "999999"/),
      extensions: { code: 'BAD_USER_INPUT', argument: 'office', value: '999999' },
    });
    const neither = await hub.execute(`{ targetAttainment(period: "2018") { total } }`);
    expect(neither.errors?.[0]?.message).toMatch(/Give an office or a municipality/);
  });
});
