import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, type FragmentDefinitionNode, Kind, parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  assignAreas,
  colourClasses,
  countyMapUnits,
  currentAreas,
  type MunicipalityEntry,
  type MunicipalityHistory,
  MUNICIPALITY_MAP_FIELDS,
  municipalityMapUnit,
} from '../../web/src/map/areas';

/** Histories shaped as the API returns them (Municipality with three levels of successors). */
const current = (code: string): MunicipalityHistory => ({ code, validToYear: null, successors: [] });
const ended = (code: string, validToYear: number, ...successors: MunicipalityHistory[]): MunicipalityHistory => ({ code, validToYear, successors });

// Ålesund of 2020–2023 was split in 2024 into Ålesund 1508 and Haram 1580.
const alesund2020 = ended('1507', 2023, current('1508'), current('1580'));
const entry = (code: string, municipality: MunicipalityHistory | null, value: string | null = '1', rank: number | null = 1): MunicipalityEntry => ({
  code,
  name: code,
  value,
  rank,
  municipality,
});

describe('what the map asks of the API', () => {
  it('is a valid selection on ranking rows and missing entries of the published schema', () => {
    const schema = buildSchema(readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8'));
    const query = `{ ranking(indicator: "x", level: MUNICIPALITY) {
      rows { municipality { ${MUNICIPALITY_MAP_FIELDS} } } missing { municipality { ${MUNICIPALITY_MAP_FIELDS} } } } }`;
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  it('is what the page’s queries ask for (their MapHistory fragments)', () => {
    const dir = path.join(__dirname, '../../web/src/queries');
    const wanted = print(parse(`fragment MapHistory on Municipality { ${MUNICIPALITY_MAP_FIELDS} }`));
    const fragments = readdirSync(dir)
      .filter((f) => f.endsWith('.graphql'))
      .flatMap((f) => parse(readFileSync(path.join(dir, f), 'utf8')).definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === 'MapHistory'))
      .map((d) => print(d));
    expect(fragments.length).toBeGreaterThan(0);
    for (const fragment of fragments) expect(fragment).toBe(wanted);
  });
});

describe('a ranked municipality on the 2024 map', () => {
  it('is its own area while its unit exists, renumbered or not (Bodø 1804; Halden 0101 → 3101)', () => {
    expect(municipalityMapUnit(entry('1804', current('1804')))).toMatchObject({ mapCodes: ['1804'], sameBorders: true });
    expect(municipalityMapUnit(entry('0101', current('3101')))).toMatchObject({ code: '0101', mapCodes: ['3101'], sameBorders: true });
  });

  it('lies in the areas its successors led to once it ended, through every later change', () => {
    // Haram 1534 was merged into Ålesund in 2020, which was split in 2024.
    expect(currentAreas(ended('1534', 2019, alesund2020))).toEqual(['1508', '1580']);
    // Leksvik 1718 → Indre Fosen 5054 (2018): one step.
    expect(currentAreas(ended('1718', 2017, current('5054')))).toEqual(['5054']);
    expect(municipalityMapUnit(entry('1534', ended('1534', 2019, alesund2020)))).toMatchObject({ mapCodes: ['1508', '1580'], sameBorders: false });
  });

  it('lies nowhere without a municipality (an office row, say)', () => {
    expect(municipalityMapUnit(entry('0315', null))).toMatchObject({ mapCodes: [], sameBorders: false });
  });
});

describe('what each 2024 area shows', () => {
  const areas = ['1804', '3101', '5054', '1508', '1580', '1806'];

  it('colours an area only where one unit covers it exactly; a merged or split unit gives "borders changed"', () => {
    const units = [
      municipalityMapUnit(entry('1804', current('1804'), '3.1', 2)),
      municipalityMapUnit(entry('0101', current('3101'), '2.0', 1)),
      // Two of the municipalities merged into Indre Fosen: neither may colour it.
      municipalityMapUnit(entry('1718', ended('1718', 2017, current('5054')), '4.0', 3)),
      municipalityMapUnit(entry('1624', ended('1624', 2017, current('5054')), '5.0', 4)),
      municipalityMapUnit(entry('1507', alesund2020, '6.0', 5)),
    ];
    const states = assignAreas(areas, units);
    expect(states.get('1804')).toMatchObject({ kind: 'ranked', unit: { code: '1804', value: '3.1' } });
    expect(states.get('3101')).toMatchObject({ kind: 'ranked', unit: { code: '0101' } });
    expect(states.get('5054')).toMatchObject({ kind: 'changed' });
    expect((states.get('5054') as { units: unknown[] }).units).toHaveLength(2);
    expect(states.get('1508')).toMatchObject({ kind: 'changed' });
    expect(states.get('1580')).toMatchObject({ kind: 'changed' });
    expect(states.get('1806')).toEqual({ kind: 'outside' });
  });

  it('does not colour an area whose one predecessor had no figure, even when that predecessor merged alone into it', () => {
    const states = assignAreas(['5054', '1804'], [
      municipalityMapUnit(entry('1718', ended('1718', 2017, current('5054')), '4.0', 1)),
      municipalityMapUnit(entry('1804', current('1804'), null, null)),
    ]);
    expect(states.get('5054')?.kind).toBe('changed');
    expect(states.get('1804')?.kind).toBe('no-figure');
  });
});

describe('counties of a year on the 2024 counties', () => {
  // 2018: Halsa 1571 (Møre og Romsdal) went into Heim 5055 (Trøndelag) in 2020; Bodø and Oslo kept theirs.
  const municipalities2018 = [
    entry('0301', current('0301')),
    entry('1804', current('1804')),
    entry('1806', current('1806')),
    entry('1502', ended('1502', 2019, current('1506'))),
    entry('1571', ended('1571', 2019, current('5055'))),
    entry('5001', ended('5001', 2019, current('5001'))),
    entry('0101', current('3101')),
    entry('0104', current('3103')),
    entry('0211', current('3212')),
  ];
  const counties = ['03', '18', '15', '50', '01', '02'].map((code) => ({ code, name: code, value: '1', rank: 1 }));

  it('shows a county only where it holds exactly the municipalities of the 2024 county', () => {
    const units = Object.fromEntries(countyMapUnits(counties, municipalities2018).map((u) => [u.code, u]));
    expect(units['03']).toMatchObject({ mapCodes: ['03'], sameBorders: true });
    expect(units['18']).toMatchObject({ mapCodes: ['18'], sameBorders: true });
    // Møre og Romsdal lost Halsa to Trøndelag: neither county of 2018 is one of 2024.
    expect(units['15']).toMatchObject({ mapCodes: ['15', '50'], sameBorders: false });
    expect(units['50']).toMatchObject({ mapCodes: ['50'], sameBorders: false });
    // Østfold 01 became Østfold 31 in 2024 with the same municipalities here; Akershus 02 → 32.
    expect(units['01']).toMatchObject({ mapCodes: ['31'], sameBorders: true });
    expect(units['02']).toMatchObject({ mapCodes: ['32'], sameBorders: true });
    const states = assignAreas(['03', '18', '15', '50', '31', '32'], Object.values(units));
    expect([...states].filter(([, s]) => s.kind === 'ranked').map(([code]) => code)).toEqual(['03', '18', '31', '32']);
    expect(states.get('15')?.kind).toBe('changed');
    expect(states.get('50')?.kind).toBe('changed');
  });

  it('shows no county as exact without the municipalities of the year', () => {
    expect(countyMapUnits(counties, []).every((u) => !u.sameBorders && u.mapCodes.length === 0)).toBe(true);
  });
});

describe('the colour classes follow the direction', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];

  it('puts the best figures in the top class whichever way is better', () => {
    const lower = colourClasses(values, 'lower_is_better')!;
    const higher = colourClasses(values, 'higher_is_better')!;
    expect(lower.n).toBe(7);
    expect(lower.thresholds).toEqual([3, 5, 7, 9, 11, 13]);
    expect(higher.thresholds).toEqual(lower.thresholds);
    expect(lower.classOf(1)).toBe(6);
    expect(lower.classOf(14)).toBe(0);
    expect(higher.classOf(14)).toBe(6);
    expect(higher.classOf(1)).toBe(0);
    // A threshold opens its class: 3 is in the second class from the bottom.
    expect(higher.classOf(2.99)).toBe(0);
    expect(higher.classOf(3)).toBe(1);
  });

  it('gives each class about as many areas however skewed the values (a count with Oslo far above the rest)', () => {
    const counts = [...Array.from({ length: 69 }, (_, i) => 10 + i), 20_000];
    const classes = colourClasses(counts, 'lower_is_better')!;
    const sizes = new Map<number, number>();
    for (const v of counts) sizes.set(classes.classOf(v), (sizes.get(classes.classOf(v)) ?? 0) + 1);
    expect(classes.n).toBe(7);
    for (const size of sizes.values()) expect(size).toBeGreaterThanOrEqual(9);
    expect(classes.classOf(20_000)).toBe(0);
  });

  it('makes fewer classes rather than empty ones, one when all figures are equal, none without figures', () => {
    expect(colourClasses([1, 1, 1, 1, 2, 2, 2, 2], 'higher_is_better')!.thresholds).toEqual([2]);
    const same = colourClasses([3, 3, 3], 'lower_is_better')!;
    expect(same.n).toBe(1);
    expect(same.classOf(3)).toBe(0);
    expect(colourClasses([], 'higher_is_better')).toBeNull();
    expect(colourClasses([Number.NaN], 'higher_is_better')).toBeNull();
  });
});
