import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
});
afterAll(async () => {
  await hub?.close();
});

/** SSB's 2016 recipients straight from the file, as the oracle the hub's sums are checked against. */
const extract = parse(readFileSync(path.join(__dirname, '../../reference/data/national/ssb_12210_sosialhjelpsmottakere_kommune_2015_2020.csv')), {
  columns: true,
}) as { kommunenummer: string; aar: string; maal: string; verdi: string }[];
const recipients = (year: string, codes: (code: string) => boolean) =>
  extract.filter((r) => r.aar === year && r.maal === 'mottakere' && codes(r.kommunenummer));

interface DerivedRow {
  value: string | null;
  quote: string;
  flags: string[];
  numerator: string | null;
  denominator: string | null;
  denominator_text: string | null;
  derivation: string | null;
}

async function derived(indicator: string, period: string, where: string, params: unknown[] = []): Promise<DerivedRow[]> {
  return hub.services.db.dataSource.query(
    `SELECT o.value::text AS value, o.quote, o.flags, o.numerator::text AS numerator, o.denominator::text AS denominator,
            o.denominator_text, o.derivation
       FROM observations o JOIN indicators i ON i.id = o.indicator_id
      WHERE i.code = $1 AND o.period = $2 AND o.is_current AND o.derivation IS NOT NULL AND ${where}`,
    [indicator, period, ...params],
  );
}

describe('figures the hub derives from SSB’s municipality figures', () => {
  it("sums a county's recipients over every municipality it had that year", async () => {
    const troms = recipients('2016', (c) => c.startsWith('19'));
    expect(troms).toHaveLength(24);
    const expected = troms.reduce((sum, r) => sum + Number(r.verdi), 0);
    const [row] = await derived('social_assistance.recipients_yearly', '2016', `o.county_code = '19'`);
    expect(row).toMatchObject({ value: String(expected), flags: ['derived'] });
    expect(row!.quote).toBe(`Sum of 24 municipalities = ${expected}`);
  });

  it('gives a county no sum when one municipality has no figure, and names it', async () => {
    const [nordland] = await derived('social_assistance.recipients_yearly', '2016', `o.county_code = '18'`);
    expect(nordland).toMatchObject({ value: null, flags: ['derived', 'incomplete'] });
    expect(nordland!.quote).toBe('1 of 44 municipalities have no figure: Træna');
  });

  it('gives the country no sum in 2016, when five municipalities lack a figure', async () => {
    const [norway] = await derived('social_assistance.recipients_yearly', '2016', 'o.national');
    expect(norway).toMatchObject({ value: null, flags: ['derived', 'incomplete'] });
    expect(norway!.quote).toMatch(/^5 of 428 municipalities have no figure: Andebu, Sandefjord, Solund, Stokke, Træna$/);
  });

  it("sums an office's municipalities from NAV's register: NAV Hadeland 2020 is Gran and Lunner", async () => {
    const [gran] = recipients('2020', (c) => c === '3446');
    const [lunner] = recipients('2020', (c) => c === '3054');
    const [row] = await derived(
      'social_assistance.recipients_yearly',
      '2020',
      `o.office_id = (SELECT id FROM offices WHERE name = 'NAV Hadeland')`,
    );
    expect(row).toMatchObject({ value: String(Number(gran!.verdi) + Number(lunner!.verdi)), flags: ['derived'] });
    expect(row!.quote).toBe(`Sum of 2 municipalities: Gran ${gran!.verdi} + Lunner ${lunner!.verdi} = ${Number(gran!.verdi) + Number(lunner!.verdi)}`);
  });

  it('leaves NAV Hallingdal 2020 without a sum: three of its six municipalities have no figure in the extract', async () => {
    const [row] = await derived(
      'social_assistance.recipients_yearly',
      '2020',
      `o.office_id = (SELECT id FROM offices WHERE name = 'NAV Hallingdal')`,
    );
    expect(row).toMatchObject({ value: null, flags: ['derived', 'incomplete'] });
    expect(row!.quote).toBe('3 of 6 municipalities have no figure: Flå, Hemsedal, Nesbyen');
  });

  it("computes Bodø's recipients per 100 inhabitants aged 20–66 from the count and the population of the year", async () => {
    const [row] = await derived(
      'social_assistance.recipients_per_population_20_66',
      '2016',
      `o.office_id IS NULL AND o.municipality_id = (SELECT municipality_id FROM municipality_codes WHERE code = '1804' LIMIT 1)`,
    );
    const [population] = await hub.services.db.dataSource.query(
      `SELECT p.age_20_66 FROM populations p JOIN municipalities m ON m.id = p.municipality_id WHERE m.code = '1804' AND p.year = 2016`,
    );
    // By hand: 1 200 recipients ÷ inhabitants aged 20–66 on 1 January 2016 × 100, to 4 decimals.
    expect(row).toMatchObject({ numerator: '1200', denominator: String(population.age_20_66), flags: ['derived'] });
    expect(Number(row!.value)).toBeCloseTo((1200 * 100) / population.age_20_66, 4);
    expect(row!.denominator_text).toBe('inhabitants aged 20–66 on 1 January 2016 (own-year borders)');
    expect(row!.quote).toBe(`1200 ÷ ${population.age_20_66} × 100`);
  });

  it('keeps a share of a count that was not published as not published, never zero', async () => {
    // Træna's 2016 cell is empty in the extract.
    const rows = await derived(
      'social_assistance.recipients_per_population_20_66',
      '2016',
      `o.office_id IS NULL AND o.municipality_id IN (SELECT municipality_id FROM municipality_codes WHERE code = '1835')`,
    );
    expect(rows).toMatchObject([{ value: null, flags: ['derived', 'not_published'] }]);
  });

  it('derives nothing where the same figure is published: Oslo i alt publishes its own recipients', async () => {
    const rows = await derived(
      'social_assistance.recipients_yearly',
      '2016',
      `o.office_id IS NULL AND o.municipality_id IN (SELECT municipality_id FROM municipality_codes WHERE code = '0301')`,
    );
    expect(rows).toEqual([]);
  });
});
