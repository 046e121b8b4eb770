import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import type { ImportInput } from '../../src/import/import.service';
import { ImportError } from '../../src/import/types';
import { createTestHub } from '../support/hub';
import { only } from '../support/indexed';

/**
 * Import truth against the database (issue 9): versions that drop figures, document identity,
 * revisions across reports, county and country rows, definition notes, and one run that reports
 * every problem. Every figure below is TEST DATA (invented), published by "Testkilde", except the
 * Bodø 2018 report loaded at first start.
 */

let hub: Hub;
beforeAll(async () => { hub = await createTestHub({ seed: true }); });
afterAll(async () => { await hub?.close(); });

const HEADER = 'area_kind,area_code,label,period,value,target,unit,indicator,definition_note';

function curator(rows: string[], url: string, extra: Partial<ImportInput> = {}): ImportInput {
  return {
    document: [HEADER, ...rows].join('\n'),
    format: 'curator-csv',
    title: 'TESTDATA – oppdiktet rapport (invented figures)',
    publisher: 'Testkilde',
    url,
    ...extra,
  };
}

async function refusal(input: ImportInput): Promise<ImportError> {
  const error = await hub.services.imports.run(input).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const rows = await hub.db.sql<{ n: string }>(`test.truth.${createHash('sha1').update(sql).digest('hex')}`, sql, params);
  return Number(only(rows).n);
}

const SHARE = 'qualification_programme.exits_to_work_share';
const RECIPIENTS = 'social_assistance.recipients_monthly_avg';

describe('a new version of a document', () => {
  const url = 'https://example.org/testdata/versions';
  const full = ['21', '22', '23', '24'].map((v, i) => `municipality,1804,Testandel,${2015 + i},"${v} %",,,${SHARE},`);

  it('that drops figures is refused, listing them, and accepted when the curator allows removals', async () => {
    expect((await hub.services.imports.run(curator(full, url))).status).toBe('created');
    const cut = full.slice(0, 2);
    const e = await refusal(curator(cut, url));
    const removed = only(e.diagnostics);
    expect(removed).toMatchObject({ code: 'FIGURES_REMOVED' });
    expect(removed.message).toMatch(/no longer publishes 2 figure\(s\).*"Testandel" 2017 for Bodø; "Testandel" 2018 for Bodø/);
    expect(await count(`SELECT count(*) AS n FROM sources WHERE url = $1`, [url])).toBe(1);

    const allowed = await hub.services.imports.run(curator(cut, url, { allowRemovals: true }));
    expect(allowed).toMatchObject({ status: 'new_version', source: { version: 2 } });
    expect(await count(`SELECT count(*) AS n FROM observations o JOIN sources s ON s.id = o.source_id WHERE s.url = $1 AND o.is_current`, [url])).toBe(2);
  });

  it('that only adds or changes figures needs no permission', async () => {
    const more = [...full.slice(0, 2), `municipality,1804,Testandel,2017,"25 %",,,${SHARE},`, `municipality,1804,Testandel,2018,"24 %",,,${SHARE},`];
    expect((await hub.services.imports.run(curator(more, url))).status).toBe('new_version');
  });

  it('is not made by a byte-order mark or other line endings: the normalised text is hashed', async () => {
    const u = 'https://example.org/testdata/identity';
    const rows = [`municipality,1804,Testandel,2015,"30 %",,,${SHARE},`, `municipality,1804,Testandel,2016,"31 %",,,${SHARE},`];
    expect((await hub.services.imports.run(curator(rows, u))).status).toBe('created');
    const windows = { ...curator(rows, u), document: `\ufeff${[HEADER, ...rows].join('\r\n')}\r\n`.replace(/\r\n$/, '') };
    expect((await hub.services.imports.run(windows)).status).toBe('unchanged');
    const dryRun = await hub.services.imports.run({ ...curator(rows, u), dryRun: true });
    expect(dryRun).toMatchObject({ status: 'unchanged', dryRun: true });
  });
});

describe('refusals write nothing', () => {
  it('refuses a 400-digit value before it reaches a ranking', async () => {
    const u = 'https://example.org/testdata/huge';
    const e = await refusal(curator([`municipality,1804,Testandel,2018,${'9'.repeat(400)},,,${SHARE},`], u));
    expect(e.diagnostics).toMatchObject([{ code: 'VALUE_OUT_OF_BOUNDS', line: 2 }]);
    expect(await count(`SELECT count(*) AS n FROM sources WHERE url = $1`, [u])).toBe(0);
  });

  it('reports every problem of a curator file in one run: an unknown office beside a bad cell, each with line and column', async () => {
    const e = await refusal(curator([`office,99999999,Testandel,2018,"3 %",,,${SHARE},`, `municipality,1804,Testandel,2018,tre,,,${SHARE},`], 'https://example.org/testdata/problems'));
    expect(e.diagnostics.map((d) => [d.code, d.line, d.cell])).toEqual([
      ['UNKNOWN_OFFICE', 2, 'column "area_code"'],
      ['INVALID_CELL', 3, 'column "value"'],
    ]);
  });
});

describe('the same figure in two reports', () => {
  beforeAll(async () => {
    // A later (invented) report repeats Bodø's 2018 average of monthly recipients, rounded differently.
    await hub.services.imports.run(
      curator([`office,24837,Mottakere pr. mnd. (testdata),2018,430,,,${RECIPIENTS},`], 'https://example.org/testdata/revision', { reportYear: 2019 }),
    );
  });

  it('has one current figure, chosen by the newest report, with the other as its revision', async () => {
    const r = await hub.execute<{ observations: { nodes: any[] } }>(
      `{ observations(indicator: "${RECIPIENTS}", office: "24837", period: "2018", kind: ACTUAL, first: 10) {
          nodes { valueText chosen revisions { value valueText reportYear source { publisher } } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const nodes = r.data!.observations.nodes;
    expect(nodes.filter((n) => n.chosen)).toEqual([
      { valueText: '430', chosen: true, revisions: [{ value: 429, valueText: '429', reportYear: 2018, source: { publisher: 'Bodø kommune' } }] },
    ]);
    expect(nodes.find((n) => !n.chosen)).toMatchObject({ valueText: '429', revisions: [{ valueText: '430', reportYear: 2019 }] });
  });

  it('shows the point as revised in timeSeries and compare, and other points not', async () => {
    const r = await hub.execute<{ timeSeries: { points: any[] }; compare: { rows: { cells: any[] }[] } }>(
      `{ timeSeries(indicator: "${RECIPIENTS}", office: "24837") { points { period valueText revised } }
         compare(indicators: ["${RECIPIENTS}"], offices: ["24837"], periods: ["2017", "2018"]) { rows { cells { period valueText revised } } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.timeSeries.points).toEqual([
      { period: '2016', valueText: '466', revised: false },
      { period: '2017', valueText: '443', revised: false },
      { period: '2018', valueText: '430', revised: true },
    ]);
    expect(only(r.data!.compare.rows).cells).toEqual([
      { period: '2017', valueText: '443', revised: false },
      { period: '2018', valueText: '430', revised: true },
    ]);
  });
});

describe('county and country rows', () => {
  it('are written on their own levels, never as a municipality', async () => {
    await hub.services.imports.run(
      curator([`county,18,Testandel,2018,"41 %",,,${SHARE},`, `country,NO,Testandel,2018,"40 %",,,${SHARE},`], 'https://example.org/testdata/levels'),
    );
    const rows = await hub.db.sql<{ county_code: string | null; national: boolean; municipality_id: number | null; value: string }>(
      'test.truth.levels',
      `SELECT o.county_code, o.national, o.municipality_id, o.value::text AS value FROM observations o JOIN sources s ON s.id = o.source_id
        WHERE s.url = 'https://example.org/testdata/levels' ORDER BY o.national`,
    );
    expect(rows).toEqual([
      { county_code: '18', national: false, municipality_id: null, value: '41' },
      { county_code: null, national: true, municipality_id: null, value: '40' },
    ]);
  });
});

describe('definition notes', () => {
  it('are kept with the label, and a comparison mixing sources whose notes differ warns with both', async () => {
    await hub.services.imports.run(curator([`municipality,1804,Overgang (testdata),2014,"33 %",,,${SHARE},avsluttede deltakere i arbeid ÷ alle avsluttede`], 'https://example.org/testdata/note-a'));
    await hub.services.imports.run(curator([`municipality,1505,Overgang (testdata),2014,"35 %",,,${SHARE},deltakere i arbeid ÷ alle deltakere 31. desember`], 'https://example.org/testdata/note-b'));
    const r = await hub.execute<{ compare: { warnings: string[] } }>(
      `{ compare(indicators: ["${SHARE}"], municipalities: ["1804", "1505"], periods: ["2014"]) { warnings } }`,
    );
    expect(r.errors).toBeUndefined();
    const warning = r.data!.compare.warnings.find((w) => w.includes('define'));
    expect(warning).toContain('"avsluttede deltakere i arbeid ÷ alle avsluttede"');
    expect(warning).toContain('"deltakere i arbeid ÷ alle deltakere 31. desember"');
    const ranked = await hub.execute<{ ranking: { warnings: string[]; rows: unknown[] } }>(
      `{ ranking(indicator: "${SHARE}", period: "2014", level: MUNICIPALITY) { rows { name } warnings } }`,
    );
    expect(ranked.errors).toBeUndefined();
    expect(ranked.data!.ranking.warnings.find((w) => w.includes('define'))).toBe(warning);
    const raw = await hub.execute<{ rawIndicators: { nodes: { label: string; definitionNote: string | null }[] } }>(`{ rawIndicators(mapped: true, first: 100) { nodes { label definitionNote } } }`);
    expect(raw.data!.rawIndicators.nodes.filter((n) => n.label === 'Overgang (testdata)').map((n) => n.definitionNote).sort()).toEqual([
      'avsluttede deltakere i arbeid ÷ alle avsluttede',
      'deltakere i arbeid ÷ alle deltakere 31. desember',
    ]);
  });
});
