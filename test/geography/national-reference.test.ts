import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { municipalityCodeKey, resolveMunicipalityCodes } from '../../src/modules/geography/municipality-codes';
import { loadReferenceData } from '../../src/modules/geography/reference-data';
import { createTestHub } from '../support/hub';
import { only } from '../support/indexed';

let hub: Hub;

beforeAll(async () => {
  hub = await createTestHub();
  await loadReferenceData(hub.db);
});
afterAll(async () => {
  await hub?.close();
});

async function unitAt(code: string, year: number): Promise<number> {
  const map = await resolveMunicipalityCodes(hub.db, [{ code, year }]);
  const id = map.get(municipalityCodeKey(code, year));
  if (id === undefined) throw new Error(`no unit for ${code} in ${year}`);
  return id;
}

async function populationsOf(id: number, years: number[]) {
  return hub.db.sql<{ year: number; basis: string; total: number; published_code: string }>(
    'test.populations-of',
    'SELECT year, basis, total, published_code FROM populations WHERE municipality_id = $1 AND year = ANY($2::int[]) ORDER BY year',
    [id, years],
  );
}

async function query<T>(text: string, variables?: Record<string, unknown>) {
  return hub.execute<T>(text, variables);
}

describe('population on 2024 borders', () => {
  it('Oslo had 717,710 inhabitants and Bodø 53,712 on 1 January 2024, on 2024 borders', async () => {
    expect(await populationsOf(await unitAt('0301', 2024), [2024])).toEqual([{ year: 2024, basis: 'borders_2024', total: 717710, published_code: '0301' }]);
    expect(await populationsOf(await unitAt('1804', 2024), [2024])).toEqual([{ year: 2024, basis: 'borders_2024', total: 53712, published_code: '1804' }]);
  });

  it('keeps the own-year figure where the 2010–2018 file has one: Bodø 2018 stays 51,558', async () => {
    expect(await populationsOf(await unitAt('1804', 2018), [2009, 2010, 2018, 2019])).toEqual([
      { year: 2009, basis: 'borders_2024', total: 46495, published_code: '1804' },
      { year: 2010, basis: 'own_year_borders', total: 47282, published_code: '1804' },
      { year: 2018, basis: 'own_year_borders', total: 51558, published_code: '1804' },
      { year: 2019, basis: 'borders_2024', total: 52024, published_code: '1804' },
    ]);
  });

  it('gives Bodø 2005 on: Skjerstad was merged into it on 1 January 2005, so 2005 counts it already', async () => {
    const bodo = await unitAt('1804', 2024);
    expect(await unitAt('1804', 2005)).toBe(bodo);
    const rows = await populationsOf(bodo, [2004, 2005]);
    expect(rows).toEqual([{ year: 2005, basis: 'borders_2024', total: 44414, published_code: '1804' }]);
  });

  it('gives Halden 2019 a 2024-border figure under its 2024 code: only renumbered since (0101 → 3001 → 3101)', async () => {
    const halden = await unitAt('0101', 2019);
    expect(await populationsOf(halden, [2019])).toEqual([{ year: 2019, basis: 'borders_2024', total: 31177, published_code: '3101' }]);
  });

  it('gives Stavanger no 2024-border figure before 2020: the Stavanger of 2019 was merged with Finnøy and Rennesøy', async () => {
    expect(await populationsOf(await unitAt('1103', 2019), [2019, 2020])).toEqual([]);
    expect((await populationsOf(await unitAt('1103', 2024), [2019, 2020])).map((p) => p.year)).toEqual([2020]);
  });

  it('gives Ålesund and Haram, split in 2024, nothing before 2024', async () => {
    for (const code of ['1508', '1580']) {
      expect((await populationsOf(await unitAt(code, 2024), [2023, 2024])).map((p) => p.year)).toEqual([2024]);
    }
  });

  it('fills the age groups the 2024-border file has, and 25–66 as 18–66 less 18–24', async () => {
    const [row] = await hub.db.sql<Record<string, number>>(
      'test.oslo-ages',
      `SELECT age_0_17, age_16_66, age_18_24, age_18_66, age_25_66, age_67_plus FROM populations WHERE municipality_id = $1 AND year = 2005`,
      [await unitAt('0301', 2024)],
    );
    expect(row).toEqual({ age_0_17: 105526, age_16_66: 372431, age_18_24: 41969, age_18_66: 362525, age_25_66: 362525 - 41969, age_67_plus: 61795 });
  });

  it('counts per year: every municipality of 2024 from 2024, and only the unchanged ones before', async () => {
    const rows = await hub.db.sql<{ year: number; n: number }>(
      'test.borders-per-year',
      `SELECT year, count(*)::int AS n FROM populations WHERE basis = 'borders_2024' AND year IN (2005, 2009, 2010, 2019, 2020, 2023, 2024, 2026)
        GROUP BY year ORDER BY year`,
    );
    expect(rows).toEqual([
      { year: 2005, n: 304 },
      { year: 2009, n: 307 },
      { year: 2019, n: 313 },
      { year: 2020, n: 355 },
      { year: 2023, n: 355 },
      { year: 2024, n: 357 },
      { year: 2026, n: 357 },
    ]);
  });

  it('says which basis a population uses, through the API', async () => {
    const result = await query<{ municipality: { p2018: { basis: string }; p2024: { basis: string; total: number; age0To17: number; age16To66: number } } }>(
      `{ municipality(code: "1804") { p2018: population(year: 2018) { basis } p2024: population(year: 2024) { basis total age0To17 age16To66 } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.municipality).toEqual({
      p2018: { basis: 'OWN_YEAR_BORDERS' },
      p2024: { basis: 'BORDERS_2024', total: 53712, age0To17: 10630, age16To66: 35854 },
    });
  });
});

describe('KOSTRA groups of 2015', () => {
  it('places 428 municipalities of 2015 in a group; Oslo is in 15, Bodø and Kristiansund in 13', async () => {
    const result = await query<{ oslo: { kostraGroup: unknown }; bodo: { kostraGroup: unknown }; kristiansund: { kostraGroup: { code: string } } }>(
      `{ oslo: municipality(code: "0301") { kostraGroup { scheme code publishedCode population } }
         bodo: municipality(code: "1804") { kostraGroup { scheme code publishedCode population } }
         kristiansund: municipality(code: "1505") { kostraGroup { code } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.oslo.kostraGroup).toEqual({ scheme: 'kostra-2015', code: '15', publishedCode: '0301', population: 658390 });
    expect(result.data!.bodo.kostraGroup).toEqual({ scheme: 'kostra-2015', code: '13', publishedCode: '1804', population: 50488 });
    expect(result.data!.kristiansund.kostraGroup).toEqual({ code: '13' });
    const row = only(await hub.db.sql<{ n: number }>('test.groups', `SELECT count(*)::int AS n FROM municipality_peer_groups WHERE scheme = 'kostra-2015'`));
    expect(row.n).toBe(428);
  });

  it('reads the codes as codes of 2015: Stavanger of 2015 has group 14, the Stavanger formed in 2020 none', async () => {
    const result = await query<{ old: { kostraGroup: { code: string } }; current: { kostraGroup: null } }>(
      `{ old: municipality(code: "1103", year: 2015) { kostraGroup { code } } current: municipality(code: "1103") { kostraGroup { code } } }`,
    );
    expect(result.data).toEqual({ old: { kostraGroup: { code: '14' } }, current: { kostraGroup: null } });
  });
});

describe('similar municipalities', () => {
  type Similar = { municipality: { code: string; name: string }; distance: number; year: number; population: number; basis: string; group: { code: string } };

  it("finds Bodø's nearest in size within KOSTRA group 13 in 2018, nearest first, with the log distance", async () => {
    const result = await query<{ municipality: { similar: Similar[] } }>(
      `{ municipality(code: "1804") { similar(first: 3, year: 2018) { municipality { code name } distance year population basis group { code } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const bodo2018 = 51558;
    const expected = [
      ['0231', 'Skedsmo', 54178],
      ['4003', 'Skien', 54510],
      ['3105', 'Sarpsborg', 55543],
    ] as const;
    expect(result.data!.municipality.similar).toEqual(
      expected.map(([code, name, population]) => ({
        municipality: { code, name },
        distance: Math.round(Math.abs(Math.log(population) - Math.log(bodo2018)) * 10000) / 10000,
        year: 2018,
        population,
        basis: 'OWN_YEAR_BORDERS',
        group: { code: '13' },
      })),
    );
    // Ålesund (47,510) is smaller by more than Sarpsborg is larger: |ln(47510/51558)| = 0.0818 > 0.0745.
    expect(result.data!.municipality.similar.map((s) => s.municipality.name)).not.toContain('Ålesund');
  });

  it('without a year, compares the latest year the municipality has a population for (2026, on 2024 borders)', async () => {
    const result = await query<{ municipality: { similar: Similar[] } }>(`{ municipality(code: "1804") { similar(first: 2) { municipality { name } year basis distance } } }`);
    expect(result.data!.municipality.similar).toEqual([
      { municipality: { name: 'Lørenskog' }, year: 2026, basis: 'BORDERS_2024', distance: 0.0405 },
      { municipality: { name: 'Skien' }, year: 2026, basis: 'BORDERS_2024', distance: 0.0591 },
    ]);
  });

  it('never lists the municipality itself, and gives ten by default', async () => {
    const result = await query<{ municipality: { similar: Similar[] } }>(`{ municipality(code: "1804") { similar(year: 2018) { municipality { code } group { code } } } }`);
    const list = result.data!.municipality.similar;
    expect(list).toHaveLength(10);
    expect(list.map((s) => s.municipality.code)).not.toContain('1804');
    expect(new Set(list.map((s) => s.group.code))).toEqual(new Set(['13']));
  });

  it('is empty for a municipality without a KOSTRA group (Stavanger, formed in 2020)', async () => {
    const result = await query<{ municipality: { similar: Similar[] } }>(`{ municipality(code: "1103") { similar { year } } }`);
    expect(result.data!.municipality.similar).toEqual([]);
  });

  it('refuses more than 50, naming the argument', async () => {
    const result = await query(`{ municipality(code: "1804") { similar(first: 51) { year } } }`);
    expect(result.errors?.[0]?.message).toMatch(/first may be at most 50/);
  });

  it('answers for many municipalities in one SQL statement', async () => {
    const before = hub.db.statements.count;
    const result = await query<{ municipalities: { nodes: { similar: unknown[] }[] } }>(
      `{ municipalities(first: 40) { nodes { code similar(first: 2, year: 2018) { municipality { code } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.municipalities.nodes.filter((n) => n.similar.length === 2).length).toBeGreaterThan(20);
    // One for the page (plus its count where needed), one for the similar municipalities of all 40.
    const statements = hub.db.statements.count - before;
    expect(statements).toBeLessThanOrEqual(3);
  });
});

describe("NAV's office register of 2020", () => {
  const areasOf = (where: string, params: unknown[]) =>
    hub.db.sql<{ code: string; name: string; district: string | null; from: number; to: number | null }>(
      `test.areas.${where}`,
      `SELECT c.code, c.name, a.district, a.valid_from_year AS from, a.valid_to_year AS to
         FROM offices o JOIN office_areas a ON a.office_id = o.id
         JOIN municipality_codes c ON c.municipality_id = a.municipality_id
          AND a.valid_from_year BETWEEN coalesce(c.valid_from_year, 0) AND coalesce(c.valid_to_year, 9999)
        WHERE ${where} ORDER BY a.valid_from_year, c.code, a.district`,
      params,
    );

  it('NAV Hallingdal serves six municipalities from 2020', async () => {
    const rows = await areasOf('o.norg_code = $1', ['0617']);
    expect(rows.map((r) => [r.code, r.name, r.from, r.to])).toEqual([
      ['3039', 'Flå', 2020, null],
      ['3040', 'Nesbyen', 2020, null],
      ['3041', 'Gol', 2020, null],
      ['3042', 'Hemsedal', 2020, null],
      ['3043', 'Ål', 2020, null],
      ['3044', 'Hol', 2020, null],
    ]);
    const [office] = await hub.db.sql<{ code: string; origin: string; county_code: string }>(
      'test.hallingdal', `SELECT code, origin, county_code FROM offices WHERE norg_code = '0617'`,
    );
    // No Difi office of 2014 has the name, so NAV's number is its code.
    expect(office).toEqual({ code: '0617', origin: 'norg-2020', county_code: '33' });
  });

  it("Oslo's district offices keep their districts from 2020, and St. Hanshaugen serves Sentrum too", async () => {
    const rows = await areasOf(`a.valid_from_year = 2020 AND c.code = '0301'`, []);
    expect(rows).toHaveLength(16);
    const sentrum = rows.filter((r) => r.district === 'Sentrum' || r.district === 'St. Hanshaugen');
    expect(sentrum.map((r) => r.district)).toEqual(['Sentrum', 'St. Hanshaugen']);
    const [gamleOslo] = await hub.db.sql<{ code: string; norg_code: string; districts: string[] }>(
      'test.gamle-oslo',
      `SELECT o.code, o.norg_code, array_agg(a.district || ' ' || a.valid_from_year || '-' || coalesce(a.valid_to_year::text, '') ORDER BY a.valid_from_year) AS districts
         FROM offices o JOIN office_areas a ON a.office_id = o.id WHERE o.name = 'NAV Gamle Oslo' GROUP BY o.code, o.norg_code`,
    );
    expect(gamleOslo).toEqual({ code: '24722', norg_code: '0316', districts: ['Gamle Oslo 2014-2019', 'Gamle Oslo 2020-'] });
  });

  it('leaves out the whole-city unit NAV Oslo (0300)', async () => {
    const rows = await hub.db.sql('test.nav-oslo', `SELECT 1 FROM offices WHERE norg_code = '0300' OR code = '0300'`);
    expect(rows).toEqual([]);
  });

  it('keeps the sample reports\' offices: NAV Kristiansund (24539) serves Kristiansund up to 2019 and from 2020', async () => {
    const rows = await areasOf(`o.code = $1`, ['24539']);
    expect(rows.map((r) => [r.code, r.from, r.to])).toEqual([
      ['1505', 2014, 2019],
      ['1505', 2020, null],
    ]);
  });

  it('ends an office of 2020 that NAV no longer has in 2025, with its areas, at 2020: NAV Skiptvet', async () => {
    const [office] = await hub.db.sql<{ code: string; valid_to_year: number }>(
      'test.skiptvet', `SELECT code, valid_to_year FROM offices WHERE norg_code = '0127'`,
    );
    expect(office).toEqual({ code: '24356', valid_to_year: 2020 });
    expect((await areasOf('o.norg_code = $1', ['0127'])).map((r) => [r.code, r.from, r.to])).toEqual([
      ['0127', 2014, 2019],
      ['3015', 2020, 2020],
    ]);
  });

  it('ends a Difi office no NAV register names in 2019, and its area with its municipality: NAV Rissa', async () => {
    const [office] = await hub.db.sql<{ valid_to_year: number; norg_code: string | null }>('test.rissa', `SELECT valid_to_year, norg_code FROM offices WHERE code = '27485'`);
    expect(office).toEqual({ valid_to_year: 2019, norg_code: null });
    // Rissa was merged into Indre Fosen in 2018.
    expect((await areasOf('o.code = $1', ['27485'])).map((r) => [r.code, r.from, r.to])).toEqual([['1624', 2014, 2017]]);
  });

  it('gives a renamed office its 2025 name and finds it by the old: NAV Fana is Nav Bergen sør', async () => {
    const result = await query<{ office: unknown }>(`{ office(name: "NAV Fana") { code name norgCode validFromYear validToYear formerNames areas { district validFromYear validToYear } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.office).toEqual({
      code: '24823',
      name: 'Nav Bergen sør',
      norgCode: '1202',
      validFromYear: 2014,
      validToYear: null,
      formerNames: ['NAV Fana'],
      areas: [
        { district: 'Fana', validFromYear: 2014, validToYear: 2019 },
        { district: 'Fana', validFromYear: 2020, validToYear: null },
      ],
    });
  });

  it('keeps a Difi office open that published figures point at, while ending its areas', async () => {
    await hub.db.sql(
      'test.rissa-source',
      `INSERT INTO sources (document_key, title, publisher, office_id, format, sha256)
       SELECT 'test-rissa', 'Årsmelding (test data)', 'NAV Rissa', id, 'text', 'test-sha-rissa' FROM offices WHERE code = '27485'`,
    );
    await hub.db.sql('test.forget-load', `DELETE FROM dataset_loads WHERE name = 'reference-data'`);
    await loadReferenceData(hub.db);
    const office = only(await hub.db.sql<{ valid_to_year: number | null }>('test.rissa-open', `SELECT valid_to_year FROM offices WHERE code = '27485'`));
    expect(office.valid_to_year).toBeNull();
    expect((await areasOf('o.code = $1', ['27485'])).map((r) => r.to)).toEqual([2017]);
    // Once nothing points at it, the next load ends it again; this also leaves the data as the other tests expect it, in any order.
    await hub.db.sql('test.rissa-source-gone', `DELETE FROM sources WHERE document_key = 'test-rissa'`);
    await hub.db.sql('test.forget-load-again', `DELETE FROM dataset_loads WHERE name = 'reference-data'`);
    await loadReferenceData(hub.db);
    const ended = only(await hub.db.sql<{ valid_to_year: number | null }>('test.rissa-ended', `SELECT valid_to_year FROM offices WHERE code = '27485'`));
    expect(ended.valid_to_year).toBe(2019);
  });
});
