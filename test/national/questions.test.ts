import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';

/** The national answers docs/questions.md publishes, checked against the hub on the data `npm start` loads. */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
});
afterAll(async () => {
  await hub?.close();
});

const SHARE = 'social_assistance.recipients_per_population_20_66';
interface Ranking {
  rows: { rank: number; value: number; name: string; code: string; numerator: number; denominator: number }[];
  missing: { name: string; reason: string }[];
  coverage: { ranked: number; total: number };
  warnings: string[];
}

async function ranking(args: string): Promise<Ranking> {
  const result = await hub.execute<{ ranking: Ranking }>(
    `{ ranking(${args}) { rows { rank value name code numerator denominator } missing { name reason } coverage { ranked total } warnings } }`,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.ranking;
}

describe('the national questions of docs/questions.md', () => {
  it('names Gamvik, Hasvik and Vevelstad as the highest shares of 2016', async () => {
    const r = await ranking(`indicator: "${SHARE}", period: "2016", level: MUNICIPALITY`);
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
    const r = await ranking(`indicator: "${SHARE}", period: "2018", level: MUNICIPALITY, scope: { county: "18", allUnits: true }`);
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
    const r = await ranking(`indicator: "${SHARE}", period: "2018", level: MUNICIPALITY, scope: { kostraGroup: "13" }`);
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
