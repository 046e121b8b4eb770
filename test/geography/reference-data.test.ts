import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { municipalityCodeKey, resolveMunicipalityCodes } from '../../src/modules/geography/municipality-codes';
import { defaultReferenceDataDir, loadReferenceData, type ReferenceDataResult } from '../../src/modules/geography/reference-data';
import { openTestDatabase } from '../support/db';
import { only } from '../support/indexed';

let db: Database;
let first: ReferenceDataResult;

beforeAll(async () => {
  db = await openTestDatabase();
  first = await loadReferenceData(db);
});
afterAll(async () => {
  await db?.close();
});

/** The unit that held `code` in `year`. */
async function unitAt(code: string, year: number): Promise<number> {
  const map = await resolveMunicipalityCodes(db, [{ code, year }]);
  const id = map.get(municipalityCodeKey(code, year));
  if (id === undefined) throw new Error(`no unit for ${code} in ${year}`);
  return id;
}

async function codesOf(id: number) {
  return db.sql<{ code: string; name: string; valid_from_year: number | null; valid_to_year: number | null }>(
    'test.codes-of',
    'SELECT code, name, valid_from_year, valid_to_year FROM municipality_codes WHERE municipality_id = $1 ORDER BY valid_from_year NULLS FIRST',
    [id],
  );
}

async function predecessorsOf(id: number) {
  return db.sql<{ code: string; name: string; year: number; kind: string }>(
    'test.predecessors-of',
    `SELECT m.code, m.name, s.year, s.kind FROM municipality_successions s JOIN municipalities m ON m.id = s.predecessor_id
      WHERE s.successor_id = $1 ORDER BY m.code`,
    [id],
  );
}

async function snapshot() {
  return db.sql<{ t: string; id: string; k: string }>(
    'test.snapshot',
    `SELECT 'm' AS t, id::text, concat_ws('|', code, name, county_code, valid_from_year, valid_to_year) AS k FROM municipalities
     UNION ALL SELECT 'c', id::text, concat_ws('|', municipality_id, code, name, valid_from_year, valid_to_year) FROM municipality_codes
     UNION ALL SELECT 's', concat_ws('>', predecessor_id, successor_id, year), kind FROM municipality_successions
     UNION ALL SELECT 'p', concat_ws('@', municipality_id, year), concat_ws('|', published_code, basis, total, age_0_17, age_16_66, age_18_24, age_25_66, age_67_plus) FROM populations
     UNION ALL SELECT 'g', concat_ws('@', municipality_id, scheme), concat_ws('|', group_code, published_code, population) FROM municipality_peer_groups
     UNION ALL SELECT 'o', id::text, concat_ws('|', code, name, parent_name, county_code, address, origin, norg_code, valid_from_year, valid_to_year, array_to_string(former_names, ';')) FROM offices
     UNION ALL SELECT 'a', id::text, concat_ws('|', office_id, municipality_id, district, valid_from_year, valid_to_year) FROM office_areas
     ORDER BY 1, 2`,
  );
}

describe('loading the reference data', () => {
  it('loads every table on a fresh database and places every population row', () => {
    expect(first.loaded).toBe(true);
    expect(first.counts.unplacedPopulationRows).toBe(0);
    expect(first.counts.unplacedOfficeAreas).toBe(0);
    expect(first.counts).toMatchObject({
      currentMunicipalities: 357,
      // Difi's register of 2014: its offices and their areas of 2014–2019.
      offices: 463,
      officeAreas: 452,
      // 3,818 on each year's own borders (2010–2018) and 4,334 on 2024 borders (2005–2026, unchanged units only).
      populations: 8152,
      populationsOn2024Borders: 4334,
      peerGroups: 428,
      // NAV's register of 2020: 309 local offices, 250 of them Difi offices by a unique name, 59 new.
      norgOffices: 309,
      norgOnlyOffices: 59,
      norgOfficesMatchedToDifi: 250,
      norgOfficesEnded: 62,
      norgOfficesRenamed: 35,
      // The whole-city unit NAV Oslo (0300), and Longyearbyen without a KOSTRA group.
      skippedNorgRows: 1,
      unplacedPeerGroups: 1,
    });
  });

  it('finds the data from the repository root', () => {
    expect(defaultReferenceDataDir()).toMatch(/reference[\\/]data$/);
  });

  it('loading twice changes nothing: same counts, same ids, and the second call loads nothing', async () => {
    const before = await snapshot();
    const second = await loadReferenceData(db);
    expect(second.loaded).toBe(false);
    // Without a load only the table counts: the model is not even built.
    expect(first.counts).toMatchObject(second.counts);
    expect(second.counts).toMatchObject({ populations: 8152, offices: 463 });
    expect(await snapshot()).toEqual(before);
  });

  it('a forced reload (the checksum forgotten) rewrites nothing and keeps every id', async () => {
    const before = await snapshot();
    await db.sql('test.forget-load', `DELETE FROM dataset_loads WHERE name = 'reference-data'`);
    const again = await loadReferenceData(db);
    expect(again.loaded).toBe(true);
    expect(again.counts).toEqual(first.counts);
    expect(await snapshot()).toEqual(before);
  });
});

describe('municipalities as units over time', () => {
  it('has the 357 municipalities of 2024 as current units', async () => {
    const [row] = await db.sql<{ n: number; counties: number }>(
      'test.current',
      'SELECT count(*)::int AS n, count(DISTINCT county_code)::int AS counties FROM municipalities WHERE valid_to_year IS NULL',
    );
    expect(row).toEqual({ n: 357, counties: 15 });
  });

  it('gives every unit a distinct public key: its code, and its last year once it has ended', async () => {
    const rows = await db.sql<{ code: string; valid_to_year: number | null }>(
      'test.unit-keys',
      'SELECT code, valid_to_year FROM municipalities GROUP BY code, valid_to_year HAVING count(*) > 1',
    );
    expect(rows).toEqual([]);
  });

  it('Bodø is 1804 in 2018 and in 2024, and one unit', async () => {
    const id = await unitAt('1804', 2018);
    expect(await unitAt('1804', 2024)).toBe(id);
    const [bodo] = await db.sql<{ name: string; county_code: string; valid_to_year: number | null }>(
      'test.unit', 'SELECT name, county_code, valid_to_year FROM municipalities WHERE id = $1', [id],
    );
    expect(bodo).toEqual({ name: 'Bodø', county_code: '18', valid_to_year: null });
  });

  it('Kristiansund is 1505 in 2018 and in 2024, and one unit', async () => {
    expect(await unitAt('1505', 2018)).toBe(await unitAt('1505', 2024));
    expect((await codesOf(await unitAt('1505', 2015))).map((c) => c.code)).toEqual(['1505']);
  });

  it("Halden keeps its identity through renumbering: one unit with codes 0101, 3001 and 3101", async () => {
    const id = await unitAt('3101', 2024);
    expect(await codesOf(id)).toEqual([
      { code: '0101', name: 'Halden', valid_from_year: null, valid_to_year: 2019 },
      { code: '3001', name: 'Halden', valid_from_year: 2020, valid_to_year: 2023 },
      { code: '3101', name: 'Halden', valid_from_year: 2024, valid_to_year: null },
    ]);
    expect(await unitAt('0101', 2018)).toBe(id);
    expect(await unitAt('3001', 2021)).toBe(id);
    expect(await predecessorsOf(id)).toEqual([]);
  });

  it('Moss of 2024 was formed in 2020 from the merger of Moss 0104 and Rygge 0136', async () => {
    const moss = await unitAt('3103', 2024);
    expect((await codesOf(moss)).map((c) => [c.code, c.valid_from_year, c.valid_to_year])).toEqual([
      ['3002', 2020, 2023],
      ['3103', 2024, null],
    ]);
    expect(await predecessorsOf(moss)).toEqual([
      { code: '0104', name: 'Moss', year: 2020, kind: 'merged' },
      { code: '0136', name: 'Rygge', year: 2020, kind: 'merged' },
    ]);
    const [oldMoss] = await db.sql<{ valid_to_year: number; county_code: string }>(
      'test.old-moss', `SELECT valid_to_year, county_code FROM municipalities WHERE code = '0104'`,
    );
    expect(oldMoss).toEqual({ valid_to_year: 2019, county_code: '01' });
  });

  it('a merger that keeps a name and code still starts a new unit: Trondheim with Klæbu in 2020', async () => {
    const before = await unitAt('5001', 2019);
    const after = await unitAt('5001', 2020);
    expect(after).not.toBe(before);
    expect(await unitAt('1601', 2015)).toBe(before);
    expect((await predecessorsOf(after)).map((p) => [p.code, p.name, p.year, p.kind])).toEqual([
      ['5001', 'Trondheim', 2020, 'merged'],
      ['5030', 'Klæbu', 2020, 'merged'],
    ]);
  });

  it('Ålesund of 2020–2023 was split in 2024 into Ålesund 1508 and Haram 1580', async () => {
    const alesund2020 = await unitAt('1507', 2021);
    for (const code of ['1508', '1580']) {
      expect(await predecessorsOf(await unitAt(code, 2024))).toEqual([{ code: '1507', name: 'Ålesund', year: 2024, kind: 'split' }]);
    }
    expect((await predecessorsOf(alesund2020)).map((p) => p.code)).toEqual(['1504', '1523', '1529', '1534', '1546']);
  });

  it('Snillfjord was divided between Heim, Hitra and Orkland in 2020', async () => {
    const rows = await db.sql<{ code: string }>(
      'test.snillfjord',
      `SELECT m.code FROM municipality_successions s JOIN municipalities m ON m.id = s.successor_id
        WHERE s.predecessor_id = (SELECT id FROM municipalities WHERE code = '5012') AND s.kind = 'split' AND s.year = 2020
        ORDER BY m.code`,
    );
    expect(rows.map((r) => r.code)).toEqual(['5055', '5056', '5059']);
  });

  it('dates the 2017 Sandefjord merger by the year the old codes ended, not the next code list', async () => {
    const sandefjord = await unitAt('0710', 2017);
    expect(await unitAt('3907', 2024)).toBe(sandefjord);
    expect((await predecessorsOf(sandefjord)).map((p) => [p.code, p.year])).toEqual([
      ['0706', 2017],
      ['0719', 2017],
      ['0720', 2017],
    ]);
  });

  it('keeps codes that ended before 2013 as dissolved units: Harstad and Bjarkøy became Harstad 1903 in 2013', async () => {
    const harstad = await unitAt('5503', 2024);
    expect(await unitAt('1903', 2015)).toBe(harstad);
    expect((await predecessorsOf(harstad)).map((p) => [p.code, p.name, p.year])).toEqual([
      ['1901', 'Harstad', 2013],
      ['1915', 'Bjarkøy', 2013],
    ]);
    expect(await unitAt('1901', 2010)).not.toBe(harstad);
  });

  it('repairs the Sami names the 2013–2020 export lost a character of', async () => {
    const row = only(await db.sql<{ n: number }>('test.lost-chars', `SELECT count(*)::int AS n FROM municipality_codes WHERE name LIKE '%?%'`));
    expect(row.n).toBe(0);
    const karasjok = await codesOf(await unitAt('2021', 2018));
    expect(karasjok.map((c) => c.name)).toEqual(['Kárášjohka - Karasjok', 'Kárášjohka - Karasjok', 'Kárášjohka - Karasjok']);
  });

  it('knows the counties over time, including the merged counties of 2020–2023', async () => {
    const rows = await db.sql<{ code: string; name: string; valid_from_year: number | null; valid_to_year: number | null }>(
      'test.counties',
      `SELECT code, name, valid_from_year, valid_to_year FROM counties WHERE code IN ('01', '03', '16', '18', '30', '31', '34', '50', '54') ORDER BY code`,
    );
    expect(rows).toEqual([
      { code: '01', name: 'Østfold', valid_from_year: null, valid_to_year: 2019 },
      { code: '03', name: 'Oslo', valid_from_year: null, valid_to_year: null },
      { code: '16', name: 'Sør-Trøndelag', valid_from_year: null, valid_to_year: 2017 },
      { code: '18', name: 'Nordland', valid_from_year: null, valid_to_year: null },
      { code: '30', name: 'Viken', valid_from_year: 2020, valid_to_year: 2023 },
      { code: '31', name: 'Østfold', valid_from_year: 2024, valid_to_year: null },
      { code: '34', name: 'Innlandet', valid_from_year: 2020, valid_to_year: null },
      { code: '50', name: 'Trøndelag', valid_from_year: 2018, valid_to_year: null },
      { code: '54', name: 'Troms og Finnmark', valid_from_year: 2020, valid_to_year: 2023 },
    ]);
  });
});

describe('population', () => {
  it('Bodø had 51,558 inhabitants on 1 January 2018', async () => {
    const rows = await db.sql<{ total: number; published_code: string }>(
      'test.population', 'SELECT total, published_code FROM populations WHERE municipality_id = $1 AND year = $2', [await unitAt('1804', 2018), 2018],
    );
    expect(rows).toEqual([{ total: 51558, published_code: '1804' }]);
  });

  it('Norway had 5,295,619 inhabitants on 1 January 2018, summed over all units', async () => {
    const [row] = await db.sql<{ total: number; units: number }>(
      'test.national', 'SELECT sum(total)::int AS total, count(*)::int AS units FROM populations WHERE year = 2018',
    );
    expect(row).toEqual({ total: 5295619, units: 422 });
  });

  it('places a population row on the unit that held the published code that year', async () => {
    // Trondheim 2017 was published as 1601, 2018 as 5001: both the Trondheim before the 2020 merger.
    const rows = await db.sql<{ year: number; published_code: string; same: boolean }>(
      'test.trondheim-population',
      `SELECT year, published_code, municipality_id = $1 AS same FROM populations
        WHERE published_code IN ('1601', '5001') AND year >= 2017 AND basis = 'own_year_borders' ORDER BY year`,
      [await unitAt('5001', 2019)],
    );
    expect(rows).toEqual([
      { year: 2017, published_code: '1601', same: true },
      { year: 2018, published_code: '5001', same: true },
    ]);
  });
});

describe('NAV offices of 2014', () => {
  it('Oslo has 15 district offices, each serving its city district', async () => {
    const rows = await db.sql<{ district: string; name: string }>(
      'test.oslo-districts',
      `SELECT a.district, o.name FROM office_areas a JOIN offices o ON o.id = a.office_id
        WHERE a.municipality_id = $1 AND a.district IS NOT NULL AND a.valid_from_year = 2014 ORDER BY a.district`,
      [await unitAt('0301', 2014)],
    );
    expect(rows.map((r) => r.district).sort()).toEqual(
      [
        'Alna', 'Bjerke', 'Frogner', 'Gamle Oslo', 'Grorud', 'Grünerløkka', 'Nordre Aker', 'Nordstrand', 'Sagene',
        'St. Hanshaugen', 'Stovner', 'Søndre Nordstrand', 'Ullern', 'Vestre Aker', 'Østensjø',
      ].sort(),
    );
    for (const r of rows) expect(r.name).toBe(`NAV ${r.district}`);
  });

  it('NAV Bodø (24837) serves Bodø: up to 2019 as Difi registered it, from 2020 as NAV does', async () => {
    const rows = await db.sql<{ municipality_id: number; district: string | null; county_code: string; address: string; origin: string; from: number; to: number | null }>(
      'test.nav-bodo',
      `SELECT a.municipality_id, a.district, o.county_code, o.address, o.origin, a.valid_from_year AS from, a.valid_to_year AS to
         FROM offices o JOIN office_areas a ON a.office_id = o.id WHERE o.code = '24837' ORDER BY a.valid_from_year`,
    );
    const bodo = { municipality_id: await unitAt('1804', 2014), district: null, county_code: '18', address: 'Sjøgata 41-43, 8002 Bodø', origin: 'difi-2014:navnelikhet' };
    expect(rows).toEqual([
      { ...bodo, from: 2014, to: 2019 },
      { ...bodo, from: 2020, to: null },
    ]);
  });

  it('gives district offices of Bergen, Stavanger and Trondheim their district, and regional units no area', async () => {
    const [row] = await db.sql<{ districts: number; without_area: number; svalbard_county: string | null }>(
      'test.office-areas',
      `SELECT (SELECT count(*) FROM office_areas WHERE district IS NOT NULL AND valid_from_year = 2014)::int AS districts,
              (SELECT count(*) FROM offices o WHERE o.origin LIKE 'difi-2014%'
                 AND NOT EXISTS (SELECT 1 FROM office_areas a WHERE a.office_id = o.id AND a.valid_from_year = 2014))::int AS without_area,
              (SELECT county_code FROM offices WHERE code = '35243') AS svalbard_county`,
    );
    expect(row).toEqual({ districts: 31, without_area: 11, svalbard_county: null });
  });

  it('takes the county of an office without one from its 2014 municipality code (Oppdal: Sør-Trøndelag)', async () => {
    const rows = await db.sql<{ county_code: string }>('test.oppdal', `SELECT county_code FROM offices WHERE code = '27482'`);
    expect(rows).toEqual([{ county_code: '16' }]);
  });
});

describe('resolving municipality codes', () => {
  it("maps ('0101', 2015) and ('3101', 2015) to Halden's unit in one statement", async () => {
    const halden = await unitAt('3101', 2024);
    const before = db.statements.count;
    const map = await resolveMunicipalityCodes(db, [
      { code: '0101', year: 2015 },
      { code: '3101', year: 2015 },
      { code: '9998', year: 2015 },
    ]);
    expect(db.statements.count - before).toBe(1);
    expect(map.get('0101@2015')).toBe(halden);
    expect(map.get('3101@2015')).toBe(halden);
    expect(map.has('9998@2015')).toBe(false);
  });

  it('reads a reused code by its year, and an old code outside its years as the one unit that held it', async () => {
    const map = await resolveMunicipalityCodes(db, [
      { code: '1103', year: 2019 },
      { code: '1103', year: 2021 },
      { code: '0104', year: 2022 },
      { code: '301', year: 2016 },
    ]);
    expect(map.get('1103@2019')).not.toBe(map.get('1103@2021'));
    expect(map.get('1103@2021')).toBe(await unitAt('1103', 2024));
    expect(map.get('0104@2022')).toBe(await unitAt('0104', 2019));
    expect(map.get('301@2016')).toBe(await unitAt('0301', 2016));
  });
});

// Last in the file: it changes the loaded data.
describe('reloading changed reference data', () => {
  function changedCopy(change: (file: string, text: string) => string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'malestokk-reference-'));
    cpSync(defaultReferenceDataDir(), dir, { recursive: true });
    for (const file of ['nav_kontor_2014_difi_etatsbasen.csv', 'befolkning_kommune_aldersgrupper_2010_2018.csv']) {
      const full = path.join(dir, file);
      writeFileSync(full, change(file, readFileSync(full, 'utf8')));
    }
    return dir;
  }
  const ids = () =>
    db.sql<{ t: string; id: number; k: string }>(
      'test.ids',
      `SELECT 'm' AS t, id, code || '|' || coalesce(valid_from_year, 0) AS k FROM municipalities
       UNION ALL SELECT 'c', id, code || '|' || coalesce(valid_from_year, 0) FROM municipality_codes
       UNION ALL SELECT 'o', id, code FROM offices WHERE code <> '35243'
       ORDER BY 1, 2`,
    );
  // A corrected address for NAV Bodø, a corrected population figure, and NAV på Svalbard gone.
  const change = (file: string, text: string) =>
    file.startsWith('nav_kontor')
      ? text.replace('Sjøgata 41-43,', 'Sjøgata 41,').replace(/^35243,.*\r?\n/m, '')
      : text.replace('1804,Bodø,2018,51558,', '1804,Bodø,2018,51559,');

  it('updates what changed and keeps the ids that sources and observations point at', async () => {
    const before = await ids();
    const dir = changedCopy(change);
    try {
      const result = await loadReferenceData(db, dir);
      expect(result.loaded).toBe(true);
      expect(result.counts.offices).toBe(462);
      expect(await ids()).toEqual(before);
      const office = only(await db.sql<{ address: string }>('test.bodo-address', `SELECT address FROM offices WHERE code = '24837'`));
      expect(office.address).toBe('Sjøgata 41, 8002 Bodø');
      const pop = only(await db.sql<{ total: number }>('test.bodo-2018', `SELECT total FROM populations WHERE published_code = '1804' AND year = 2018`));
      expect(pop.total).toBe(51559);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses, and changes nothing, when a dropped office still has published figures', async () => {
    const restored = await loadReferenceData(db);
    expect(restored.loaded).toBe(true);
    await db.sql(
      'test.svalbard-source',
      `INSERT INTO sources (document_key, title, publisher, office_id, format, sha256)
       SELECT 'test-svalbard', 'Årsmelding', 'NAV på Svalbard', id, 'text', 'test-sha-svalbard' FROM offices WHERE code = '35243'`,
    );
    const before = await snapshot();
    const dir = changedCopy(change);
    try {
      await expect(loadReferenceData(db, dir)).rejects.toThrow(/NAV på Svalbard/);
      expect(await snapshot()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
