import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Hub } from '../../src/app';
import { refreshDerivedFigures } from '../../src/modules/observations/derived-figures';
// The hub first: it loads the GraphQL types in the order their decorators need.
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';
import { StatementVariants } from '../../src/db/variants';
import { Normalisation, RankBy, RankingLevel } from '../../src/modules/comparison/comparison.type';
import { RANKING_VARIANTS_SPEC, ranking, type RankingQuery } from '../../src/modules/comparison/ranking.service';
import { RANKING_SQL } from '../../src/modules/comparison/ranking.sql';

/** National rankings on SSB's series as `npm start` loads them: every municipality, office and county. */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
});
afterAll(async () => {
  await hub?.close();
});

const RECIPIENTS = 'social_assistance.recipients_yearly';
const national = (file: string) => path.join(__dirname, '../../reference/data/national', file);
const extract = parse(readFileSync(national('ssb_12210_sosialhjelpsmottakere_kommune_2015_2020.csv')), { columns: true }) as {
  kommunenummer: string;
  aar: string;
  maal: string;
  verdi: string;
}[];

interface Row {
  rank: number;
  value: number;
  exactValue: string;
  code: string;
  name: string;
  numerator: number | null;
  denominator: number | null;
  denominatorText: string | null;
  populationYear: number | null;
  populationBasis: string | null;
  derivation: string | null;
  flags: string[];
}
interface Result {
  ranking: {
    rows: Row[];
    missing: { code: string; name: string; reason: string; detail: string }[];
    coverage: { ranked: number; missing: number; total: number };
    national: { value: number | null; quote: string; flags: string[] } | null;
    warnings: string[];
  };
}
const FIELDS = `rows { rank value exactValue code name numerator denominator denominatorText populationYear populationBasis derivation flags }
  missing { code name reason detail } coverage { ranked missing total } national { value quote flags } warnings`;

async function rank(args: string): Promise<Result['ranking']> {
  const result = await hub.execute<Result>(`{ ranking(${args}) { ${FIELDS} } }`);
  expect(result.errors).toBeUndefined();
  return result.data!.ranking;
}

describe('a national ranking of municipalities on SSB’s count of recipients', () => {
  it('ranks at least 420 municipalities in 2016 and lists every other one with its reason', async () => {
    const r = await rank(`indicator: "${RECIPIENTS}", period: "2016", level: MUNICIPALITY`);
    expect(r.coverage.ranked).toBeGreaterThanOrEqual(420);
    expect(r.coverage.total).toBe(r.coverage.ranked + r.missing.length);
    expect(r.rows.find((row) => row.code === '1804')).toMatchObject({ value: 1200, exactValue: '1200' });
    // Træna's and Solund's cells are empty in SSB's extract: not published, never zero.
    expect(r.missing).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: '1835', reason: 'NOT_PUBLISHED' }),
        expect.objectContaining({ code: '1412', reason: 'NOT_PUBLISHED' }),
      ]),
    );
    expect(r.rows.some((row) => row.value === 0 && ['1835', '1412'].includes(row.code))).toBe(false);
  });

  it("holds Oslo's 2015 figure as SSB published it", async () => {
    const r = await rank(`indicator: "${RECIPIENTS}", period: "2015", level: MUNICIPALITY, scope: { municipalities: ["0301"] }`);
    expect(r.rows).toMatchObject([{ code: '0301', value: 19168 }]);
  });

  it('normalises per 1,000 inhabitants aged 20–66 of the same year and shows what was divided', async () => {
    const r = await rank(`indicator: "${RECIPIENTS}", period: "2016", level: MUNICIPALITY, normalise: PER_1000_AGED_20_66`);
    const bodo = r.rows.find((row) => row.code === '1804')!;
    const [population] = await hub.services.db.dataSource.query(
      `SELECT p.age_20_66 FROM populations p JOIN municipalities m ON m.id = p.municipality_id WHERE m.code = '1804' AND p.year = 2016`,
    );
    expect(bodo).toMatchObject({ numerator: 1200, denominator: population.age_20_66, populationYear: 2016, populationBasis: 'OWN_YEAR_BORDERS' });
    // By hand: 1 200 ÷ inhabitants aged 20–66 × 1 000, rounded to 4 decimals.
    expect(bodo.value).toBeCloseTo((1200 * 1000) / population.age_20_66, 4);
    for (const row of r.rows) expect(row.numerator! * 1000 / row.denominator!).toBeCloseTo(row.value, 3);
  });

  it('says when the population is on 2024 borders: Bodø in 2020', async () => {
    const r = await rank(`indicator: "${RECIPIENTS}", period: "2020", level: MUNICIPALITY, normalise: PER_1000_AGED_20_66, scope: { municipalities: ["1804"] }`);
    expect(r.rows).toMatchObject([{ code: '1804', populationYear: 2020, populationBasis: 'BORDERS_2024' }]);
  });

  it('ranks a derived share with its numerator, denominator and how it was computed', async () => {
    const r = await rank(`indicator: "social_assistance.recipients_per_population_20_66", period: "2016", level: MUNICIPALITY, top: 10`);
    expect(r.rows).toHaveLength(10);
    for (const row of r.rows) {
      expect(row.flags).toContain('DERIVED');
      expect(row.denominatorText).toBe('inhabitants aged 20–66 on 1 January 2016 (own-year borders)');
      expect(Number(row.exactValue)).toBeCloseTo((row.numerator! * 100) / row.denominator!, 4);
    }
    // Lower is better: the first has the smallest share.
    expect(r.rows.map((row) => row.value)).toEqual([...r.rows.map((row) => row.value)].sort((a, b) => a - b));
    expect(r.warnings.join(' ')).toMatch(/computed by the hub from published ones: recipients during the year, all ages/);
  });
});

describe('offices ranked on the sums of their municipalities', () => {
  it('ranks NAV Hadeland in 2020 on Gran and Lunner, and lists NAV Hallingdal as incomplete with the missing municipalities', async () => {
    const r = await rank(`indicator: "${RECIPIENTS}", period: "2020", level: OFFICE`);
    const sum = extract
      .filter((x) => x.aar === '2020' && x.maal === 'mottakere' && ['3446', '3054'].includes(x.kommunenummer))
      .reduce((a, x) => a + Number(x.verdi), 0);
    expect(r.rows.find((row) => row.name === 'NAV Hadeland')).toMatchObject({ value: sum, flags: ['DERIVED'] });
    expect(r.missing.find((m) => m.name === 'NAV Hallingdal')).toMatchObject({
      reason: 'INCOMPLETE',
      detail: 'no sum: 3 of 6 municipalities have no figure: Flå, Hemsedal, Nesbyen',
    });
  });

  it('lists every office that served an area in the year with allUnits, and warns when few are ranked', async () => {
    const scorecard = await rank(
      `indicator: "social_assistance.recipients_monthly_avg", period: "2018", level: OFFICE, scope: { allUnits: true }`,
    );
    expect(scorecard.coverage.ranked).toBe(1);
    expect(scorecard.coverage.total).toBeGreaterThan(400);
    expect(scorecard.missing.every((m) => m.reason === 'NO_VALUE')).toBe(true);
    expect(scorecard.warnings[0]).toMatch(/^Only 1 of \d+ units in scope \(0 %\) are ranked/);

    const publishing = await rank(`indicator: "social_assistance.recipients_monthly_avg", period: "2018", level: OFFICE`);
    expect(publishing.coverage.total).toBeLessThan(10);
  });
});

describe('published and derived figures side by side', () => {
  it('warns with both definitions when an office publishes its own count beside the sums the hub derives for the others', async () => {
    // Test data: an invented figure, under a title that says so.
    const csv = [
      'area_kind,area_code,label,period,value,target,unit,indicator,quote,source_title,source_url,publisher,report_year',
      'office,24837,Mottakere av sosialhjelp i løpet av året,2020,999,,persons,social_assistance.recipients_yearly,,TESTDATA – oppdiktet tall for en test,,Testkilde,2021',
    ].join('\n');
    const report = await hub.services.imports.run({ document: csv, fileName: 'test-office-count.csv', format: 'curator-csv' });
    // The other tests of this file read the data as `npm start` loads it: take the figure out again.
    onTestFinished(async () => {
      await hub.services.db.transaction(async (client) => {
        await client.query('DELETE FROM sources WHERE id = $1', [report.source.id]);
        await refreshDerivedFigures(client);
      });
    });
    const r = await rank(`indicator: "${RECIPIENTS}", period: "2020", level: OFFICE`);
    expect(r.rows.find((row) => row.name === 'NAV Bodø')).toMatchObject({ value: 999, flags: [], derivation: null });
    // Oslo's district offices publish their own counts too (STØ020).
    const published = r.rows.filter((row) => !row.flags.includes('DERIVED')).length;
    expect(published).toBe(16);
    expect(r.warnings).toContain(
      `The ranking mixes ${published} figures published as "recipients of financial social assistance in the municipality (or the city district)" with ${r.coverage.ranked - published} computed by the hub as "the sum over every municipality the office served that year, from one source; none when any of them has no figure"; rank them together only where the two definitions agree.`,
    );
  });
});

describe('counties and the country', () => {
  it("ranks 2016's counties on sums over their municipalities and leaves out those with a municipality missing", async () => {
    const r = await rank(`indicator: "${RECIPIENTS}", period: "2016", level: COUNTY`);
    expect(r.coverage.total).toBe(19);
    const troms = extract.filter((x) => x.aar === '2016' && x.maal === 'mottakere' && x.kommunenummer.startsWith('19'));
    expect(r.rows.find((row) => row.code === '19')).toMatchObject({ name: 'Troms', value: troms.reduce((a, x) => a + Number(x.verdi), 0) });
    expect(r.missing.find((m) => m.code === '18')).toMatchObject({ name: 'Nordland', reason: 'INCOMPLETE', detail: 'no sum: 1 of 44 municipalities have no figure: Træna' });
    expect(r.national).toMatchObject({ value: null, flags: ['DERIVED', 'INCOMPLETE'] });
    expect(r.national!.quote).toMatch(/^5 of 428 municipalities have no figure/);
  });

  it('ranks the counties of 2020 by the codes municipalities had then (Viken, Vestfold og Telemark, Troms og Finnmark)', async () => {
    const r = await rank(`indicator: "${RECIPIENTS}", period: "2020", level: COUNTY, scope: { allUnits: true }`);
    expect(r.coverage.total).toBe(11);
    expect([...r.rows, ...r.missing].map((x) => x.code).sort()).toEqual(['03', '11', '15', '18', '30', '34', '38', '42', '46', '50', '54']);
  });

  it('refuses a municipality filter at county level, naming it', async () => {
    const result = await hub.execute(`{ ranking(indicator: "${RECIPIENTS}", period: "2016", level: COUNTY, scope: { municipality: "1804" }) { coverage { total } } }`);
    expect(result.errors?.[0]).toMatchObject({ message: expect.stringMatching(/does not apply to counties/) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('KOSTRA groups as peers', () => {
  const groups = parse(readFileSync(national('kostragrupper_2015.csv')), { columns: true }) as { kommunenummer: string; ny_kostragruppe: string }[];

  it("ranks Bodø's KOSTRA group 13 and nobody outside it", async () => {
    const r = await rank(`indicator: "${RECIPIENTS}", period: "2016", level: MUNICIPALITY, scope: { kostraGroup: "13" }`);
    const group13 = new Set(groups.filter((g) => g.ny_kostragruppe === '13').map((g) => g.kommunenummer));
    const codes = [...r.rows, ...r.missing].map((x) => x.code);
    expect(codes).toContain('1804');
    // Named by their codes of 2016, the same as SSB's grouping of 2015 used.
    expect(new Set(codes)).toEqual(group13);
    expect(r.warnings.join(' ')).toMatch(/KOSTRA group 13 as SSB grouped municipalities about 2015/);
  });

  it('refuses a group no municipality is in: SSB left group 9 empty in 2015', async () => {
    expect(groups.some((g) => g.ny_kostragruppe === '9')).toBe(false);
    const result = await hub.execute(`{ ranking(indicator: "${RECIPIENTS}", period: "2016", level: MUNICIPALITY, scope: { kostraGroup: "9" }) { coverage { total } } }`);
    expect(result.errors?.[0]).toMatchObject({ message: 'No municipality is in KOSTRA group "9"; groups run from 1 to 16.', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

/** The national answers docs/questions.md publishes, checked against the hub on the data `npm start` loads. */
const SHARE = 'social_assistance.recipients_per_population_20_66';
interface QuestionRanking {
  rows: { rank: number; value: number; name: string; code: string; numerator: number; denominator: number }[];
  missing: { name: string; reason: string }[];
  coverage: { ranked: number; total: number };
  warnings: string[];
}

async function questionRanking(args: string): Promise<QuestionRanking> {
  const result = await hub.execute<{ ranking: QuestionRanking }>(
    `{ ranking(${args}) { rows { rank value name code numerator denominator } missing { name reason } coverage { ranked total } warnings } }`,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.ranking;
}

describe('the national questions of docs/questions.md', () => {
  it('names Gamvik, Hasvik and Vevelstad as the highest shares of 2016', async () => {
    const r = await questionRanking(`indicator: "${SHARE}", period: "2016", level: MUNICIPALITY`);
    expect(r.coverage).toEqual({ ranked: 423, total: 429 });
    const highest = r.rows.slice(-10).reverse();
    expect(highest.map((x) => [x.rank, x.name, x.code, x.numerator, x.denominator, Math.round(x.value * 100) / 100])).toEqual([
      [423, 'Gamvik', '2023', 90, 751, 11.98],
      [422, 'Hasvik', '2015', 78, 655, 11.91],
      [421, 'Vevelstad', '1816', 30, 284, 10.56],
      [420, 'Steigen', '1848', 147, 1459, 10.08],
      [419, 'Modalen', '1252', 22, 221, 9.95],
      [418, 'Kvalsund', '2017', 57, 590, 9.66],
      [417, 'Lebesby', '2022', 74, 788, 9.39],
      [416, 'Deatnu - Tana', '2025', 170, 1816, 9.36],
      [415, 'Vadsø', '2003', 320, 3695, 8.66],
      [414, 'Vardø', '2002', 116, 1346, 8.62],
    ]);
  });

  it("ranks 19 of Nordland's 44 municipalities in 2018, Alstahaug first and Bodø second", async () => {
    const r = await questionRanking(`indicator: "${SHARE}", period: "2018", level: MUNICIPALITY, scope: { county: "18", allUnits: true }`);
    expect(r.coverage).toEqual({ ranked: 19, total: 44 });
    expect(r.warnings[0]).toBe('Only 19 of 44 units in scope (43 %) are ranked: a ranking of so few says little about the rest.');
    expect(r.rows.slice(0, 2).map((x) => [x.name, x.numerator, Math.round(x.value * 100) / 100])).toEqual([
      ['Alstahaug', 147, 3.32],
      ['Bodø', 1094, 3.38],
    ]);
    expect(r.rows.at(-1)).toMatchObject({ name: 'Hábmer - Hamarøy', numerator: 90 });
    expect(r.missing.every((m) => m.reason === 'NO_VALUE')).toBe(true);
  });

  it('places Bodø 8th of the 46 municipalities of KOSTRA group 13 in 2018, with Skedsmo its nearest peer in size', async () => {
    const r = await questionRanking(`indicator: "${SHARE}", period: "2018", level: MUNICIPALITY, scope: { kostraGroup: "13" }`);
    expect(r.coverage).toEqual({ ranked: 46, total: 46 });
    expect(r.rows.find((x) => x.code === '1804')).toMatchObject({ rank: 8 });
    expect(r.rows[0]).toMatchObject({ name: 'Asker' });
    expect(r.rows.at(-1)).toMatchObject({ name: 'Horten' });
    const peers = await hub.execute<{ municipality: { similar: { municipality: { name: string }; population: number }[] } }>(
      '{ municipality(code: "1804") { similar(first: 5, year: 2018) { municipality { name } population } } }',
    );
    expect(peers.data!.municipality.similar.map((p) => [p.municipality.name, p.population])).toEqual([
      ['Skedsmo', 54178],
      ['Skien', 54510],
      ['Sarpsborg', 55543],
      ['Ålesund', 47510],
      ['Tønsberg', 45360],
    ]);
  });
});

describe('citations of figures the hub derived', () => {
  it("cites an office's sum over its municipalities by how it was made, not as a figure left unpublished", async () => {
    const result = await hub.execute<{ ranking: { rows: { code: string; flags: string[]; citation: string }[] } }>(
      `{ ranking(indicator: "${RECIPIENTS}", period: "2020", level: OFFICE) { rows { code flags citation } } }`,
    );
    expect(result.errors).toBeUndefined();
    const derived = result.data!.ranking.rows.filter((row) => row.flags.includes('DERIVED'));
    expect(derived.length).toBeGreaterThan(100);
    for (const row of derived) {
      expect(row.citation).toMatch(/derived by Målestokk: Sum of \d+ municipalit(y|ies): /);
      expect(row.citation).not.toContain('ikke publisert');
    }
  });
});

describe('a ranking planned once per combination of its switches', () => {
  // The hub's variants (src/db/variants.ts) against the full statement, planned for every request:
  // the same question must get the same answer, row by row and warning by warning.
  const questions: RankingQuery[] = [
    { indicator: RECIPIENTS, period: '2020', level: RankingLevel.OFFICE },
    { indicator: RECIPIENTS, period: '2018', level: RankingLevel.MUNICIPALITY, normalise: Normalisation.PER_1000_INHABITANTS, minPopulation: 20000 },
    { indicator: RECIPIENTS, latest: true, level: RankingLevel.COUNTY },
    { indicator: RECIPIENTS, period: '2019', level: RankingLevel.MUNICIPALITY, scope: { county: '18', allUnits: true }, top: 5 },
    { indicator: RECIPIENTS, period: '2016', level: RankingLevel.MUNICIPALITY, scope: { kostraGroup: '13' }, rankBy: RankBy.CHANGE },
    { indicator: RECIPIENTS, period: '2020', level: RankingLevel.MUNICIPALITY, scope: { peerOf: '1804' }, compareTo: '2017' },
    { indicator: RECIPIENTS, period: '2020', level: RankingLevel.OFFICE, scope: { municipalities: ['1804', '0301'] } },
    { indicator: SHARE, period: '2018', level: RankingLevel.MUNICIPALITY, scope: { county: '18' } },
  ];

  it.each(questions.map((q) => [JSON.stringify(q), q] as const))('answers %s as the full statement does', async (_, q) => {
    const variants = new StatementVariants('test.ranking', RANKING_SQL, { ...RANKING_VARIANTS_SPEC, maxVariants: 100 });
    const everyTime = new StatementVariants('test.ranking', RANKING_SQL, { ...RANKING_VARIANTS_SPEC, maxVariants: 0 });
    const planned = await ranking(hub.db, q, { variants, snapshots: false });
    expect(variants.size).toBe(1);
    expect(planned).toEqual(await ranking(hub.db, q, { variants: everyTime, snapshots: false }));
    expect(everyTime.size).toBe(0);
    expect(planned.rows.length + planned.missing.length).toBeGreaterThan(0);
  });

  it('answers random questions as the full statement does, also once PostgreSQL plans a variant generically', async () => {
    // PostgreSQL plans a prepared statement for its values five times, then may keep one generic
    // plan: each question is asked six times through one set of variants, as a busy hub would.
    const variants = new StatementVariants('random.ranking', RANKING_SQL, { ...RANKING_VARIANTS_SPEC, maxVariants: 100 });
    const everyTime = new StatementVariants('random.ranking', RANKING_SQL, { ...RANKING_VARIANTS_SPEC, maxVariants: 0 });
    let state = 20_201;
    // A fixed linear congruential sequence: the same questions on every run, so a failure repeats.
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(choices: readonly T[]): T => at(choices, Math.floor(next() * choices.length));
    const answer = (q: RankingQuery, v: StatementVariants) => ranking(hub.db, q, { variants: v, snapshots: false }).catch((error: unknown) => String(error));
    for (let i = 0; i < 20; i++) {
      const latest = next() < 0.2;
      const scope = pick([{}, { county: pick(['18', '03', '46', '50']) }, { municipality: '1804' }, { peerOf: '1804' }, { kostraGroup: '13' }, { municipalities: ['1804', '0301'] }]);
      const q: RankingQuery = {
        indicator: pick([RECIPIENTS, SHARE]),
        period: latest ? null : pick(['2015', '2016', '2018', '2020']),
        latest,
        level: pick([RankingLevel.MUNICIPALITY, RankingLevel.OFFICE, RankingLevel.COUNTY]),
        normalise: pick([Normalisation.NONE, Normalisation.PER_1000_INHABITANTS]),
        scope: next() < 0.2 ? { ...scope, allUnits: true } : scope,
        top: next() < 0.3 ? 3 : null,
        minPopulation: next() < 0.2 ? 10_000 : null,
        rankBy: !latest && next() < 0.2 ? RankBy.CHANGE : RankBy.VALUE,
      };
      const expected = await answer(q, everyTime);
      for (let time = 1; time <= 6; time++) expect({ q, time, answer: await answer(q, variants) }).toEqual({ q, time, answer: expected });
    }
    expect(variants.size).toBeGreaterThan(5);
  });
});
