import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';

/** Search over the real reference geography (municipalities, their code history, NAV offices) and the taxonomy. */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ reference: true });
});
afterAll(async () => {
  await hub?.close();
});

interface Hit {
  kind: string;
  match: string;
  field: string;
  matched: string;
  similarity: number;
  item: { __typename: string; code: string; name?: string; validToYear?: number | null };
}

const HIT = `kind match field matched similarity
  item { __typename ... on Municipality { code name validToYear } ... on Office { code name } ... on Indicator { code } ... on County { code name } }`;

async function search(query: string, first = 10): Promise<Hit[]> {
  const result = await hub.execute<{ search: Hit[] }>(`query($query: String!, $first: Int) { search(query: $query, first: $first) { ${HIT} } }`, { query, first });
  expect(result.errors).toBeUndefined();
  return result.data!.search;
}

const brief = (h: Hit) => [h.kind, h.match, h.item.code];

describe('search forgives accents and case', () => {
  it('finds Bodø and NAV Bodø for "bodo", "BODØ" and "Bodø" alike, exact matches first', async () => {
    const expected = [
      ['MUNICIPALITY', 'EXACT', '1804'],
      ['OFFICE', 'EXACT', '24837'],
    ];
    for (const query of ['bodo', 'BODØ', 'Bodø']) {
      const hits = await search(query);
      expect(hits.slice(0, 2).map(brief)).toEqual(expected);
    }
    const [bodo, office] = await search('bodo');
    expect(bodo).toMatchObject({ field: 'NAME', matched: 'Bodø', similarity: 1, item: { __typename: 'Municipality', name: 'Bodø' } });
    expect(office).toMatchObject({ field: 'NAME', matched: 'NAV Bodø', item: { __typename: 'Office', name: 'NAV Bodø' } });
  });

  it('finds the sick-leave indicators for "sykefravaer" by their Norwegian names', async () => {
    const hits = await search('sykefravaer');
    expect(hits.map((h) => h.item.code).sort()).toEqual(['staff.sick_leave_municipal_share', 'staff.sick_leave_office_share']);
    expect(hits.every((h) => h.kind === 'INDICATOR' && h.match === 'PREFIX' && h.field === 'NAME_NB' && h.matched.startsWith('Sykefravær'))).toBe(true);
  });

  it('needs every word: "nav bodo" is NAV Bodø, not the municipality', async () => {
    const hits = await search('nav bodo');
    expect(hits[0]).toMatchObject({ kind: 'OFFICE', match: 'EXACT', matched: 'NAV Bodø' });
    expect(hits.some((h) => h.kind === 'MUNICIPALITY')).toBe(false);
  });

  it('puts Kristiansund and NAV Kristiansund before the Kristiansund that ended in 2007', async () => {
    const hits = await search('kristiansund');
    expect(hits.slice(0, 3).map(brief)).toEqual([
      ['MUNICIPALITY', 'EXACT', '1505'],
      ['OFFICE', 'EXACT', '24539'],
      ['MUNICIPALITY', 'EXACT', '1503'],
    ]);
    expect(at(hits, 0).item.validToYear).toBeNull();
    expect(at(hits, 2).item.validToYear).toBe(2007);
  });

  it('ranks an exact name before a start, a word start, a part and a resemblance', async () => {
    expect((await search('oslo')).map(brief).slice(0, 3)).toEqual([
      ['COUNTY', 'EXACT', '03'],
      ['MUNICIPALITY', 'EXACT', '0301'],
      ['OFFICE', 'WORD_PREFIX', '24722'], // NAV Gamle Oslo
    ]);
    const kristian = await search('kristian');
    expect(kristian.slice(0, 4).map((h) => [h.match, h.matched])).toEqual([
      ['PREFIX', 'Kristiansand'],
      ['PREFIX', 'Kristiansund'],
      ['PREFIX', 'NAV Kristiansand'],
      ['PREFIX', 'NAV Kristiansund'],
    ]);
    const part = await search('fravaer');
    expect(part.map((h) => [h.match, h.item.code]).sort()).toEqual([
      ['SUBSTRING', 'staff.sick_leave_municipal_share'],
      ['SUBSTRING', 'staff.sick_leave_office_share'],
    ]);
    // A correct name does not bring in its look-alikes; a misspelt one finds every one of them.
    expect((await search('kristiansund')).some((h) => h.matched.includes('Kristiansand'))).toBe(false);
    const typo = await search('kristiansnd');
    expect(typo.filter((h) => h.kind === 'MUNICIPALITY' && h.item.validToYear === null).map((h) => [h.match, h.matched]).sort()).toEqual([
      ['SIMILAR', 'Kristiansand'],
      ['SIMILAR', 'Kristiansund'],
    ]);
  });

  it('forgives a misspelt word of four letters or more, not a shorter one', async () => {
    // "bdo" is too short to be read as a misspelling of Bodø.
    expect(await search('bdo')).toEqual([]);
    expect((await search('målsev')).map((h) => [h.match, h.matched])[0]).toEqual(['SIMILAR', 'Målselv']);
  });

  it('finds a municipality by a name it was published under before, and by its code', async () => {
    // Våler in Østfold was "Våler (Viken)" (3018) in 2020–2023.
    const viken = await search('valer viken');
    expect(viken[0]).toMatchObject({ kind: 'MUNICIPALITY', match: 'EXACT', field: 'FORMER_NAME', matched: 'Våler (Viken)', item: { code: '3114', name: 'Våler (Østfold)' } });
    expect((await search('1804')).map(brief)).toEqual([['MUNICIPALITY', 'EXACT', '1804']]);
    // A code is found whole or by its start, never by a part in the middle.
    expect((await search('80')).filter((h) => h.field === 'CODE')).toEqual([]);
  });

  it('finds an office by the name it had in an older report', async () => {
    const [fana] = await search('nav fana');
    expect(fana).toMatchObject({ kind: 'OFFICE', match: 'EXACT', field: 'FORMER_NAME', matched: 'NAV Fana', item: { name: 'Nav Bergen sør' } });
    expect((await search('fana')).find((h) => h.kind === 'OFFICE')).toMatchObject({ match: 'EXACT', matched: 'NAV Fana' });
  });

  it('keeps to the number of hits asked for, and loads what it found in one statement per kind', async () => {
    expect(await search('nav', 3)).toHaveLength(3);
    const before = hub.db.statements.count;
    const hits = await search('o', 50);
    expect(new Set(hits.map((h) => h.kind)).size).toBeGreaterThanOrEqual(3);
    // The search, then one statement each for the counties, municipalities, offices and indicators found.
    expect(hub.db.statements.count - before).toBeLessThanOrEqual(5);
  });
});

describe('the search argument of the lists', () => {
  it('finds municipalities, offices and indicators with the same rule', async () => {
    const result = await hub.execute<any>(`{
      municipalities(search: "BODO") { totalCount nodes { code name } }
      offices(search: "nav bodo") { totalCount nodes { code name } }
      indicators(search: "sykefravaer") { totalCount nodes { code } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.municipalities).toEqual({ totalCount: 1, nodes: [{ code: '1804', name: 'Bodø' }] });
    expect(result.data.offices).toEqual({ totalCount: 1, nodes: [{ code: '24837', name: 'NAV Bodø' }] });
    expect(result.data.indicators.totalCount).toBe(2);
  });

  it('orders by relevance when searching and keeps the other filters', async () => {
    const result = await hub.execute<any>(`{
      inNordland: offices(search: "bodo", county: "18") { totalCount }
      inMoreOgRomsdal: offices(search: "bodo", county: "15") { totalCount }
      current: municipalities(search: "kristiansund") { nodes { code } }
      in2005: municipalities(search: "kristiansund", year: 2005) { nodes { code } }
      sosialhjelp: indicators(search: "sosialhjelp", first: 3) { nodes { nameNb } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.inNordland.totalCount).toBe(1);
    expect(result.data.inMoreOgRomsdal.totalCount).toBe(0);
    expect(result.data.current.nodes).toEqual([{ code: '1505' }]);
    expect(result.data.in2005.nodes).toEqual([{ code: '1503' }]);
    // Names that start with the word before names that merely contain it.
    expect(result.data.sosialhjelp.nodes.map((n: { nameNb: string }) => n.nameNb.toLowerCase().startsWith('sosialhjelp'))).toEqual([true, true, false]);
  });

  it('refuses a query without a letter or a digit, naming the argument', async () => {
    const top = await hub.execute('{ search(query: " - ") { matched } }');
    expect(top.errors?.[0]).toMatchObject({ message: expect.stringMatching(/query must contain a letter or a digit/), extensions: { code: 'BAD_USER_INPUT' } });
    const list = await hub.execute('{ municipalities(search: "") { totalCount } }');
    expect(list.errors?.[0]?.message).toMatch(/search must contain a letter or a digit/);
    const many = await hub.execute('{ search(query: "bodo", first: 51) { matched } }');
    expect(many.errors?.[0]?.message).toMatch(/first may be at most 50/);
  });
});
