import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';
import { district, insertFixture, OSLO } from './fixtures';

let hub: Hub;

const SHARE = 'social_assistance.recipients_population_share';
const MONTHLY = 'social_assistance.recipients_monthly_avg';
const KVP_EXITS = 'qualification_programme.exit_work_education_share';
const STAFF = 'staff.employees';

beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [OSLO.county, { code: '18', name: 'Nordland' }, { code: '15', name: 'Møre og Romsdal' }],
    municipalities: [
      OSLO.municipality,
      { code: '1804', name: 'Bodø', county: '18' },
      { code: '1505', name: 'Kristiansund', county: '15' },
      { code: '1839', name: 'Beiarn', county: '18' },
      { code: '1840', name: 'Saltdal', county: '18' },
      { code: '1841', name: 'Fauske', county: '18' },
      { code: '1836', name: 'Rødøy', county: '18' },
    ],
    populations: [
      // SSB's figures (reference/data/befolkning_kommune_aldersgrupper_2010_2018.csv).
      { municipality: '1804', year: 2018, total: 51558, age20To66: 32389, age18To24: 5093 },
      { municipality: '1804', year: 2017, total: 51022, age20To66: 32018, age18To24: 5116 },
      { municipality: '1505', year: 2018, total: 24300, age20To66: 14746, age18To24: 2086 },
      { municipality: '1839', year: 2018, total: 1029, age20To66: 584, age18To24: 74 },
      { municipality: '1840', year: 2018, total: 4691, age20To66: 2696, age18To24: 365 },
      { municipality: '1836', year: 2018, total: 1249, age20To66: 676, age18To24: 114 },
      // Fauske has no population for 2018 in this fixture.
    ],
    offices: [
      district('24722', 'Gamle Oslo'),
      district('24698', 'Grünerløkka'),
      district('24382', 'Sagene'),
      district('24778', 'Frogner'),
      district('35023', 'Søndre Nordstrand'),
      { code: '24837', name: 'NAV Bodø', county: '18', municipalities: ['1804'] },
      { code: '24539', name: 'NAV Kristiansund', county: '15', municipalities: ['1505'] },
      { code: '99901', name: 'NAV Testdalen', county: '18', municipalities: ['1839', '1840'] },
      { code: '24750', name: 'NAV Fauske', county: '18', municipalities: ['1841'] },
      { code: '24427', name: 'NAV Rødøy', county: '18', municipalities: ['1836'] },
    ],
    indicators: [
      { code: SHARE, unit: 'percent', direction: 'lower_is_better', nameEn: 'Recipients as a share of the population' },
      { code: MONTHLY, unit: 'persons', direction: 'lower_is_better', periodType: 'year_average_of_months' },
      { code: KVP_EXITS, unit: 'percent', direction: 'higher_is_better' },
      { code: STAFF, unit: 'persons', direction: 'neither', nameEn: 'Employees of the office' },
    ],
    sources: [
      // Invented figures: every source but Bodø's report is a test source, named as one.
      { key: 'test-districts', title: 'Testkilde: oppdiktede bydelstall', publisher: 'Testkommune', reportYear: 2023, url: 'https://example.org/test/bydeler' },
      { key: 'bodo-2018', title: 'Årsmelding 2018', publisher: 'Bodø kommune', reportYear: 2018, url: 'https://example.org/test/bodo-arsmelding-2018' },
      { key: 'ksu-2018', title: 'Testkilde: oppdiktet årsberetning 2018', publisher: 'Testkommune', reportYear: 2018 },
      { key: 'salten-2018', title: 'Testkilde: oppdiktet årsrapport 2018', publisher: 'Testkommune', reportYear: 2018 },
      { key: 'frogner-2022', title: 'Testkilde: oppdiktet bydelsrapport 2022', publisher: 'Testkommune', reportYear: 2022 },
    ],
    observations: [
      // Share of the population on social assistance, Oslo districts (lower is better).
      ...(
        [
          ['24722', '7.7', '8.1'],
          ['24698', '3.6', '3.9'],
          ['24382', '3.6', '3.4'],
          ['24778', '1.5', '1.6'],
        ] as const
      ).flatMap(([office, y2023, y2022]) => [
        { indicator: SHARE, source: 'test-districts', office, period: '2023', value: y2023, label: 'Andel sosialhjelpsmottakere i befolkningen' },
        { indicator: SHARE, source: 'test-districts', office, period: '2022', value: y2022, label: 'Andel sosialhjelpsmottakere i befolkningen' },
      ]),
      { indicator: SHARE, source: 'test-districts', office: '35023', period: '2023', value: null, flags: ['suppressed'], label: 'Andel sosialhjelpsmottakere i befolkningen' },
      { indicator: SHARE, source: 'test-districts', office: '35023', period: '2022', value: '6.9', label: 'Andel sosialhjelpsmottakere i befolkningen' },
      // The district's own report says otherwise for 2022; the district table is the newer document.
      { indicator: SHARE, source: 'frogner-2022', office: '24778', period: '2022', value: '1.7', label: 'Andel på sosialhjelp' },
      // Oslo i alt: a figure for the whole municipality, never an office.
      { indicator: SHARE, source: 'test-districts', municipality: '0301', period: '2023', value: '4.0', label: 'Andel sosialhjelpsmottakere i befolkningen' },
      // Recipients per month (a count), in three scorecards.
      { indicator: MONTHLY, source: 'bodo-2018', office: '24837', period: '2018', value: '429', periodText: 'Gjennomsnitt 2018', label: 'Samlet antall mottakere av sosialhjelp pr. mnd.' },
      { indicator: MONTHLY, source: 'bodo-2018', office: '24837', period: '2017', value: '443', periodText: 'Gjennomsnitt 2017', label: 'Samlet antall mottakere av sosialhjelp pr. mnd.' },
      { indicator: MONTHLY, source: 'ksu-2018', office: '24539', period: '2018', value: '310', valueText: 'ca. 310', flags: ['approximate'] },
      { indicator: MONTHLY, source: 'salten-2018', office: '99901', period: '2018', value: '41' },
      { indicator: MONTHLY, source: 'salten-2018', office: '24750', period: '2018', value: '60' },
      { indicator: MONTHLY, source: 'salten-2018', office: '24427', period: '2018', value: '9' },
      { indicator: MONTHLY, source: 'test-districts', office: '24722', period: '2018', value: '1200' },
      // Transition to work or education after KVP (higher is better); Bodø's latest is 2018, Kristiansund's 2017.
      { indicator: KVP_EXITS, source: 'bodo-2018', office: '24837', period: '2018', value: '50.7', valueText: '50,7 %' },
      { indicator: KVP_EXITS, source: 'bodo-2018', office: '24837', period: '2017', value: '45.7', valueText: '45,7 %' },
      { indicator: KVP_EXITS, source: 'ksu-2018', office: '24539', period: '2017', value: '38', valueText: '38 %', flags: ['inconsistent'] },
      { indicator: KVP_EXITS, source: 'salten-2018', office: '99901', period: '2018', value: '55', valueText: '55 %' },
      { indicator: STAFF, source: 'bodo-2018', office: '24837', period: '2018', value: '107' },
    ],
    targets: [
      { source: 'bodo-2018', label: 'Samlet antall mottakere av sosialhjelp pr. mnd.', office: '24837', period: '2018', text: '< 450', comparator: 'lt', upper: '450' },
    ],
  });
});
afterAll(async () => {
  await hub?.close();
});

interface RankingResult {
  ranking: {
    period: string | null;
    direction: string;
    unit: string;
    median: number | null;
    rows: {
      rank: number;
      name: string;
      value: number;
      exactValue: string;
      period: string;
      percentile: number;
      differenceFromMedian: number;
      previousPeriod: string;
      changeFromPrevious: number | null;
      targetMet: boolean | null;
      target: { text: string; met: boolean | null } | null;
      numerator: number | null;
      denominator: number | null;
      populationYear: number | null;
      citation: string;
      flags: string[];
      office: { name: string } | null;
      municipality: { name: string } | null;
      source: { title: string; url: string | null };
    }[];
    missing: { name: string; code: string; reason: string; detail: string; valueText: string | null }[];
    coverage: { ranked: number; missing: number; total: number };
    warnings: string[];
  };
}

const FIELDS = `period direction unit median
  rows { rank name value exactValue period percentile differenceFromMedian previousPeriod changeFromPrevious targetMet target { text met }
         numerator denominator populationYear citation flags office { name } municipality { name } source { title url } }
  missing { name code reason detail valueText }
  coverage { ranked missing total }
  warnings`;

async function rank(args: string) {
  const result = await hub.execute<RankingResult>(`{ ranking(${args}) { ${FIELDS} } }`);
  return result;
}

async function ranking(args: string) {
  const result = await rank(args);
  expect(result.errors).toBeUndefined();
  return result.data!.ranking;
}

describe('ranking', () => {
  it('ranks fewer recipients higher', async () => {
    const r = await ranking(`indicator: "${SHARE}", period: "2023", scope: { municipality: "0301" }`);
    expect(r.direction).toBe('LOWER_IS_BETTER');
    expect(r.rows[0]).toMatchObject({ name: 'NAV Frogner', rank: 1, value: 1.5, office: { name: 'NAV Frogner' }, municipality: null });
    expect(r.rows.at(-1)).toMatchObject({ name: 'NAV Gamle Oslo', value: 7.7 });
  });

  it('ranks more transitions to work higher when higher is better', async () => {
    const r = await ranking(`indicator: "${KVP_EXITS}", period: "2018"`);
    expect(r.direction).toBe('HIGHER_IS_BETTER');
    expect(r.rows.map((row) => [row.rank, row.name])).toEqual([
      [1, 'NAV Testdalen'],
      [2, 'NAV Bodø'],
    ]);
  });

  it('ties share a rank: 1, 2, 2, 4', async () => {
    const r = await ranking(`indicator: "${SHARE}", period: "2023"`);
    expect(r.rows.map((row) => [row.rank, row.name])).toEqual([
      [1, 'NAV Frogner'],
      [2, 'NAV Grünerløkka'],
      [2, 'NAV Sagene'],
      [4, 'NAV Gamle Oslo'],
    ]);
  });

  it('gives percentile, difference from the median and change from the year before, computed in SQL', async () => {
    const r = await ranking(`indicator: "${SHARE}", period: "2023"`);
    expect(r.median).toBeCloseTo(3.6, 10);
    const frogner = at(r.rows, 0);
    const sagene = at(r.rows, 2);
    const gamle = at(r.rows, 3);
    expect(frogner).toMatchObject({ percentile: 100, previousPeriod: '2022', exactValue: '1.5' });
    expect(frogner.differenceFromMedian).toBeCloseTo(-2.1, 10);
    expect(frogner.changeFromPrevious).toBeCloseTo(-0.1, 10);
    expect(sagene.percentile).toBe(75);
    expect(sagene.changeFromPrevious).toBeCloseTo(0.2, 10);
    expect(gamle.percentile).toBe(25);
  });

  it('leaves suppressed districts out as missing, never as zero', async () => {
    const r = await ranking(`indicator: "${SHARE}", period: "2023"`);
    expect(r.rows.map((row) => row.name)).not.toContain('NAV Søndre Nordstrand');
    expect(r.missing).toEqual([
      expect.objectContaining({ name: 'NAV Søndre Nordstrand', code: '35023', reason: 'SUPPRESSED', valueText: '..', detail: expect.stringMatching(/withheld.*not a zero/) }),
    ]);
    expect(r.coverage).toEqual({ ranked: 4, missing: 1, total: 5 });
    expect(r.warnings.join('\n')).toMatch(/1 of 5 units in scope are not ranked \(1 SUPPRESSED\)/);
  });

  it('never ranks Oslo i alt as an office, but ranks it among municipalities', async () => {
    const offices = await ranking(`indicator: "${SHARE}", period: "2023"`);
    expect([...offices.rows, ...offices.missing].map((u) => u.name)).not.toContain('Oslo');
    const municipalities = await ranking(`indicator: "${SHARE}", period: "2023", level: MUNICIPALITY`);
    expect(municipalities.rows).toEqual([expect.objectContaining({ rank: 1, name: 'Oslo', value: 4, municipality: { name: 'Oslo' }, office: null })]);
  });

  it('refuses to rank an indicator without a direction', async () => {
    const result = await rank(`indicator: "${STAFF}", period: "2018"`);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/"staff\.employees" \(Employees of the office\) has no direction/);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses to normalise a share', async () => {
    const result = await rank(`indicator: "${SHARE}", period: "2023", normalise: PER_1000_INHABITANTS`);
    expect(result.errors?.[0]?.message).toMatch(/already a share \(percent\).*normalise: NONE/);
  });

  it('refuses an unknown indicator, a malformed period and period together with latest', async () => {
    expect((await rank(`indicator: "social_assistance.nope", period: "2023"`)).errors?.[0]?.message).toMatch(/Unknown indicator "social_assistance.nope"/);
    expect((await rank(`indicator: "${SHARE}", period: "2023-13"`)).errors?.[0]?.message).toMatch(/period: period must look like 2018, 2018-Q1 or 2018-03/);
    expect((await rank(`indicator: "${SHARE}", period: "2023", latest: true`)).errors?.[0]?.message).toMatch(/either a period or latest/);
    expect((await rank(`indicator: "${SHARE}", scope: { county: "3" }`)).errors?.[0]?.message).toMatch(/scope: county must be a two-digit county number/);
    expect((await rank(`indicator: "${SHARE}", scope: { offices: ["999999"] }`)).errors?.[0]?.message).toMatch(/No office has the code "999999"/);
  });

  it('normalised ranking shows numerator, denominator and population year', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018", normalise: PER_1000_INHABITANTS, scope: { county: "18" }`);
    expect(r.unit).toBe('per_1000_inhabitants');
    const bodo = r.rows.find((row) => row.name === 'NAV Bodø')!;
    // By hand: 429 recipients a month ÷ 51 558 inhabitants on 1 January 2018 × 1 000.
    expect(bodo).toMatchObject({ numerator: 429, denominator: 51558, populationYear: 2018 });
    expect(bodo.value).toBeCloseTo((429 / 51558) * 1000, 4);
    expect(bodo.exactValue).toBe('8.3207');
    // 2017 normalised with the population of 2017: 443 ÷ 51 022 × 1 000.
    expect(bodo.changeFromPrevious).toBeCloseTo(8.3207 - 8.6825, 4);
    // An office serving two municipalities: their populations added.
    const salten = r.rows.find((row) => row.name === 'NAV Testdalen')!;
    expect(salten).toMatchObject({ numerator: 41, denominator: 1029 + 4691 });
    // The target is judged on the published count, not on the rate.
    expect(bodo.target).toEqual({ text: '< 450', met: true });
    // 41 ÷ 5 679 × 1 000 = 7.22 just beats 9 ÷ 1 245 × 1 000 = 7.23.
    expect(r.rows.map((row) => row.name)).toEqual(['NAV Testdalen', 'NAV Rødøy', 'NAV Bodø']);
    expect(r.missing).toEqual([
      expect.objectContaining({ name: 'NAV Fauske', reason: 'NO_POPULATION', detail: 'no population published for 2018' }),
    ]);
  });

  it('puts a city-district office in missing with NO_POPULATION rather than using the whole city', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018", normalise: PER_1000_AGED_20_66, scope: { municipalities: ["0301", "1804"] }`);
    expect(r.rows.map((row) => [row.name, row.denominator])).toEqual([['NAV Bodø', 32389]]);
    expect(r.missing).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'NAV Gamle Oslo', reason: 'NO_POPULATION', detail: expect.stringMatching(/city district \(Gamle Oslo\)/) }),
        expect.objectContaining({ name: 'NAV Frogner', reason: 'NO_VALUE' }),
      ]),
    );
  });

  it('leaves small areas out with minPopulation, listed as BELOW_MIN_POPULATION', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018", scope: { county: "18" }, minPopulation: 5000`);
    expect(r.rows.map((row) => row.name)).toEqual(['NAV Testdalen', 'NAV Bodø']);
    expect(r.missing.map((m) => [m.name, m.reason])).toEqual([
      ['NAV Rødøy', 'BELOW_MIN_POPULATION'],
      ['NAV Fauske', 'NO_POPULATION'],
    ]);
  });

  it('ranks peers of the same population band only', async () => {
    const r = await hub.execute<{ ranking: { peerBand: { label: string; populationYear: number; peerName: string }; rows: { name: string }[] } }>(
      `{ ranking(indicator: "${MONTHLY}", period: "2018", level: OFFICE, scope: { peerOf: "1840" }) { peerBand { label populationYear peerName } rows { name } } }`,
    );
    expect(result(r).ranking.peerBand).toEqual({ label: '0–4 999 inhabitants', populationYear: 2018, peerName: 'Saltdal' });
    expect(result(r).ranking.rows.map((row) => row.name)).toEqual(['NAV Rødøy']);
  });

  it('latest-period ranking warns that periods differ', async () => {
    const r = await ranking(`indicator: "${KVP_EXITS}", latest: true`);
    expect(r.period).toBeNull();
    expect(r.rows.map((row) => [row.rank, row.name, row.period])).toEqual([
      [1, 'NAV Testdalen', '2018'],
      [2, 'NAV Bodø', '2018'],
      [3, 'NAV Kristiansund', '2017'],
    ]);
    expect(r.warnings.join('\n')).toMatch(/Periods differ.*2018: NAV Bodø, NAV Testdalen; 2017: NAV Kristiansund/);
    expect(r.warnings.join('\n')).toMatch(/disagree with another figure of the same source: NAV Kristiansund/);
  });

  it('warns when a ranking mixes sources, and names approximate figures', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018"`);
    const warnings = r.warnings.join('\n');
    expect(warnings).toMatch(/mixes 4 source documents \(.*Bodø kommune, Årsmelding 2018.*\)/);
    expect(warnings).toMatch(/Approximate figures .*: NAV Kristiansund/);
    const single = await ranking(`indicator: "${SHARE}", period: "2023"`);
    expect(single.warnings.join('\n')).not.toMatch(/mixes/);
  });

  it('ranks the most improved first with rankBy: CHANGE', async () => {
    const r = await ranking(`indicator: "${SHARE}", period: "2023", compareTo: "2022", rankBy: CHANGE`);
    expect(r.rows.map((row) => [row.rank, row.name, row.previousPeriod, row.changeFromPrevious])).toEqual([
      [1, 'NAV Gamle Oslo', '2022', expect.closeTo(-0.4, 10)],
      [2, 'NAV Grünerløkka', '2022', expect.closeTo(-0.3, 10)],
      [3, 'NAV Frogner', '2022', expect.closeTo(-0.1, 10)],
      [4, 'NAV Sagene', '2022', expect.closeTo(0.2, 10)],
    ]);
    expect(r.warnings[0]).toMatch(/Ranked by the change since 2022, the largest fall first/);
    const none = await ranking(`indicator: "${SHARE}", period: "2023", compareTo: "2021", rankBy: CHANGE`);
    expect(none.rows).toEqual([]);
    expect(none.missing.find((m) => m.name === 'NAV Frogner')).toMatchObject({ reason: 'NO_VALUE', detail: 'no figure for 2021 to compare with' });
    const kinds = await rank(`indicator: "${SHARE}", period: "2023", compareTo: "2015-Q1"`);
    expect(kinds.errors?.[0]?.message).toMatch(/not the same kind of period/);
  });

  it('warns when documents disagree about the same figure, and uses the newest', async () => {
    const r = await ranking(`indicator: "${SHARE}", period: "2022"`);
    expect(r.rows.find((row) => row.name === 'NAV Frogner')).toMatchObject({ value: 1.6, source: { title: 'Testkilde: oppdiktede bydelstall' } });
    expect(r.warnings.join('\n')).toMatch(/different values in different documents \(the newest report is used\): NAV Frogner/);
    expect(r.warnings.join('\n')).not.toMatch(/mixes/);
  });

  it('cites every ranked figure as an observation is cited', async () => {
    const r = await ranking(`indicator: "${MONTHLY}", period: "2018", scope: { offices: ["24837"] }`);
    const bodo = at(r.rows, 0);
    expect(bodo.citation).toBe('Bodø kommune, Årsmelding 2018, NAV Bodø: «Samlet antall mottakere av sosialhjelp pr. mnd.» 429 (gjennomsnitt 2018)');
    expect(bodo.source).toEqual({ title: 'Årsmelding 2018', url: 'https://example.org/test/bodo-arsmelding-2018' });
    expect(bodo).toMatchObject({ targetMet: true, changeFromPrevious: -14 });
  });

  it('cites the withheld figure of a unit it leaves out, also when no figure is ranked', async () => {
    // The rows carry their document's and label's ids only; the texts come once per ranking.
    const result = await hub.execute<{ ranking: { rows: unknown[]; missing: { name: string; reason: string; citation: string | null }[] } }>(
      `{ ranking(indicator: "${SHARE}", period: "2023", scope: { offices: ["35023"] }) { rows { name } missing { name reason citation } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.ranking.rows).toEqual([]);
    expect(result.data!.ranking.missing).toEqual([
      {
        name: 'NAV Søndre Nordstrand',
        reason: 'SUPPRESSED',
        citation: 'Testkommune, Testkilde: oppdiktede bydelstall, NAV Søndre Nordstrand: «Andel sosialhjelpsmottakere i befolkningen» .. (2023)',
      },
    ]);
  });

  it('ranks the latest period published when none is asked for, and cuts at top', async () => {
    const r = await ranking(`indicator: "${SHARE}", top: 2`);
    expect(r.period).toBe('2023');
    expect(r.rows.map((row) => row.rank)).toEqual([1, 2, 2]);
    expect(r.coverage.ranked).toBe(4);
  });
});

function result<T>(r: { data?: T; errors?: readonly { message: string }[] }): T {
  expect(r.errors).toBeUndefined();
  return r.data!;
}
