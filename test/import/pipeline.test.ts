import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { ImportError } from '../../src/import/types';
import { createTestHub } from '../support/hub';
import { only } from '../support/indexed';

const BODO = readFileSync('reference/seeds/000_796170f9ef8d8241.txt', 'utf8');

let hub: Hub;
beforeAll(async () => { hub = await createTestHub({ seed: true }); });
afterAll(async () => { await hub?.close(); });

const curator = { name: 'newsroom', role: 'curator' as const };

async function count(sql: string): Promise<number> {
  const rows = await hub.db.sql<{ n: string }>(`test.count.${createHash('sha1').update(sql).digest('hex')}`, sql);
  return Number(only(rows).n);
}

async function observation(indicator: string, office: string, period: string, kind = 'ACTUAL') {
  const result = await hub.execute<{ observations: { nodes: Record<string, any>[] } }>(
    `query($i: String, $o: String, $p: String) { observations(indicator: $i, office: $o, period: $p, first: 20) {
       nodes { value exactValue valueText period kind flags quote location target { text met comparator } } } }`,
    { i: indicator, o: office, p: period },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.observations.nodes.filter((n) => n.kind === kind);
}

/**
 * The figures of the sample report as first imported (version 1), whether or not a test below has
 * imported a changed version since: tests may run in any order.
 */
async function firstImported(indicator: string, office: string, period: string) {
  const result = await hub.execute<{ observations: { nodes: Record<string, any>[] } }>(
    `query($i: String, $o: String, $p: String) { observations(indicator: $i, office: $o, period: $p, kind: ACTUAL, includeSuperseded: true, first: 20) {
       nodes { value exactValue valueText target { text met comparator } source { version } } } }`,
    { i: indicator, o: office, p: period },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.observations.nodes.filter((n) => n.source.version === 1);
}

describe('the sample reports as imported at first start', () => {
  it('keeps every Bodø 2018 table figure with its target and whether it was met', async () => {
    const recipients = only(await firstImported('social_assistance.recipients_monthly_avg', '24837', '2018'));
    expect(recipients).toMatchObject({ value: 429, valueText: '429' });
    // The target is held against the current figure (a test below may import a changed version: 428 meets it too).
    const current = only(await observation('social_assistance.recipients_monthly_avg', '24837', '2018'));
    expect(current.target).toEqual({ text: '< 450', met: true, comparator: 'LT' });
    const young = only(await observation('social_assistance.recipients_under_25_monthly_avg', '24837', '2018'));
    expect(young).toMatchObject({ value: 89, target: { text: '< 90', met: true } });
    const kvp = only(await observation('qualification_programme.exit_work_education_share', '24837', '2018'));
    expect(kvp).toMatchObject({ exactValue: '50.7', valueText: '50,7 %', target: { text: '> 50 %', met: true } });
    const sick2016 = only(await observation('staff.sick_leave_municipal_share', '24837', '2016'));
    expect(sick2016).toMatchObject({ exactValue: '10.2', valueText: '10,2 %', target: null });
  });

  it('keeps the figures of the Bodø prose with their sentences', async () => {
    const transition = only(await observation('employment.jobseeker_work_transition_share', '24837', '2018'));
    expect(transition.exactValue).toBe('69');
    expect(transition.quote).toContain('69% overgang til arbeid for arbeidssøkere');
    const staff = only(await observation('staff.employees', '24837', '2018'));
    expect(staff).toMatchObject({ exactValue: '107', flags: ['APPROXIMATE'] });
    const budget = only(await observation('finance.budget_deviation', '24837', '2018'));
    expect(budget).toMatchObject({ exactValue: '2000000', valueText: 'vel 2 mill kr', flags: ['APPROXIMATE'] });
    const office = only(await observation('staff.sick_leave_office_share', '24837', '2018'));
    expect(office.exactValue).toBe('4.5');
  });

  it("judges Kristiansund's 2015 refugee settlement against its floors: not met", async () => {
    const quarterly = only(await observation('refugees.settled_quarterly_avg', '24539', '2015'));
    expect(quarterly).toMatchObject({ value: 12, target: { text: '≥ 15', met: false } });
    const yearly = only(await observation('refugees.settled_yearly', '24539', '2015'));
    expect(yearly).toMatchObject({ value: 48, target: { text: '≥ 60', met: false } });
  });

  it('keeps 2013 empty for Kristiansund', async () => {
    const result = await hub.execute<{ observations: { totalCount: number } }>('{ observations(office: "24539", fromYear: 2013, toYear: 2013) { totalCount } }');
    expect(result.data!.observations.totalCount).toBe(0);
  });

  it('flags the quarterly and yearly figures that disagree, and only those', async () => {
    const nightsQ = only(await observation('housing.temporary_over_14_nights_quarterly', '24539', '2015'));
    const nightsY = only(await observation('housing.temporary_over_14_nights_yearly', '24539', '2015'));
    expect(nightsQ.flags).toContain('INCONSISTENT');
    expect(nightsY.flags).toContain('INCONSISTENT');
    const weeksY2014 = only(await observation('youth.passive_weeks_over_limit_yearly', '24539', '2014'));
    expect(weeksY2014.flags).toContain('INCONSISTENT');
    const refugeesY = only(await observation('refugees.settled_yearly', '24539', '2015'));
    expect(refugeesY.flags).not.toContain('INCONSISTENT');
  });

  it('imports the Oslo dataset as 15 districts × 17 years, aggregates as the municipality', async () => {
    expect(await count(`SELECT count(*) AS n FROM observations o JOIN indicators i ON i.id = o.indicator_id
                         WHERE i.code = 'social_assistance.recipients_population_share' AND o.office_id IS NOT NULL`)).toBe(255);
    expect(await count(`SELECT count(DISTINCT office_id) AS n FROM observations o JOIN indicators i ON i.id = o.indicator_id
                         WHERE i.code = 'social_assistance.recipients_population_share'`)).toBe(15);
    expect(await count(`SELECT count(*) AS n FROM observations o JOIN municipalities m ON m.id = o.municipality_id
                         JOIN indicators i ON i.id = o.indicator_id
                         WHERE m.code = '0301' AND i.code = 'social_assistance.recipients_population_share'`)).toBe(17);
  });
});

describe('importing again', () => {
  it('changes nothing when the same document comes twice', async () => {
    const before = await count('SELECT count(*) AS n FROM observations');
    const report = await hub.services.imports.run({ document: BODO, format: 'bodo-table', title: 'Årsmelding 2018', publisher: 'Bodø kommune', area: { kind: 'office', code: '24837' }, reportYear: 2018 });
    expect(report.status).toBe('unchanged');
    expect(await count('SELECT count(*) AS n FROM observations')).toBe(before);
  });

  it('makes a changed document a new version whose figures supersede the old, keeping the history', async () => {
    const changed = BODO.replace('\n429\n', '\n428\n');
    const report = await hub.services.imports.run({ document: changed, format: 'bodo-table', title: 'Årsmelding 2018', publisher: 'Bodø kommune', area: { kind: 'office', code: '24837' }, reportYear: 2018 });
    expect(report.status).toBe('new_version');
    expect(report.source.version).toBe(2);
    const current = only(await observation('social_assistance.recipients_monthly_avg', '24837', '2018'));
    expect(current.value).toBe(428);
    const history = await hub.execute<{ observations: { nodes: { value: number; isCurrent: boolean; source: { version: number } }[] } }>(
      '{ observations(indicator: "social_assistance.recipients_monthly_avg", office: "24837", period: "2018", kind: ACTUAL, includeSuperseded: true) { nodes { value isCurrent source { version } } } }',
    );
    expect(history.data!.observations.nodes.map((n) => [n.value, n.isCurrent, n.source.version]).sort()).toEqual([[428, true, 2], [429, false, 1]]);
  });
});

describe('refusing bad input, writing nothing', () => {
  it('names the unknown office and writes nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM sources');
    const attempt = hub.services.imports.run({ document: BODO.replace('429', '431'), format: 'bodo-table', title: 'T', publisher: 'P', area: { kind: 'office', code: '99999999' } });
    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(attempt).rejects.toThrow(/no NAV office has the code "99999999"/);
    expect(await count('SELECT count(*) AS n FROM sources')).toBe(before);
  });

  it('refuses an empty file, a binary file and an oversized one with clear messages', async () => {
    await expect(hub.services.imports.run({ document: '   \n', fileName: 'empty.txt' })).rejects.toThrow(/empty\.txt: the document is empty/);
    await expect(hub.services.imports.run({ document: Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00]), fileName: 'report.pdf' })).rejects.toThrow(/report\.pdf: .*not UTF-8/);
    await expect(hub.services.imports.run({ document: 'x'.repeat(6 * 1024 * 1024), fileName: 'huge.txt' })).rejects.toThrow(/huge\.txt: the document is \d+ bytes; the limit is/);
  });
});

describe('the scorecardImport and rawIndicatorMap mutations', () => {
  const csv = [
    'area_kind,area_code,label,period,value,target,unit,indicator,quote,source_title,source_url,publisher,report_year',
    'municipality,5501,Sosialhjelpsmottakere i snitt per måned,2018,"1 234",,,,,Årsmelding 2018,https://example.org/tromso-2018,Tromsø kommune,2018',
  ].join('\n');

  it('needs a curator key', async () => {
    const result = await hub.execute('mutation($d: String!) { scorecardImport(input: { document: $d }) { status } }', { d: csv });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps an unknown label as an unmapped raw indicator, and a curator mapping derives its observations', async () => {
    const imported = await hub.execute<any>(
      `mutation($d: String!) { scorecardImport(input: { document: $d, format: CURATOR_CSV }) {
         status unmappedLabels { label values } observations { label indicator exactValue } userErrors { message } } }`,
      { d: csv },
      curator,
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data.scorecardImport).toMatchObject({
      status: 'CREATED',
      unmappedLabels: [{ label: 'Sosialhjelpsmottakere i snitt per måned', values: 1 }],
      observations: [{ indicator: null, exactValue: null }],
      userErrors: [],
    });
    const raw = await hub.execute<any>('{ rawIndicators(mapped: false) { nodes { id label } } }');
    const id = raw.data.rawIndicators.nodes.find((n: any) => n.label === 'Sosialhjelpsmottakere i snitt per måned').id;
    const mapped = await hub.execute<any>(
      `mutation($id: String!) { rawIndicatorMap(input: { rawIndicator: $id, indicator: "social_assistance.recipients_monthly_avg", note: "same measure as Bodø's" }) {
         rawIndicator { isMapped indicator { code } } observationsUpdated userErrors { message } } }`,
      { id },
      curator,
    );
    expect(mapped.data.rawIndicatorMap).toMatchObject({ rawIndicator: { isMapped: true, indicator: { code: 'social_assistance.recipients_monthly_avg' } }, observationsUpdated: 1, userErrors: [] });
    const result = await hub.execute<any>('{ observations(indicator: "social_assistance.recipients_monthly_avg", municipality: "5501") { nodes { exactValue valueText flags office { name } } } }');
    // The municipality's figure as published, and the sum of NAV Tromsø (which serves Tromsø alone)
    // derived from it, as an import that named the indicator would have made it.
    const nodes = result.data.observations.nodes;
    expect(nodes).toHaveLength(2);
    expect(nodes).toEqual(expect.arrayContaining([
      { exactValue: '1234', valueText: '1 234', flags: [], office: null },
      { exactValue: '1234', valueText: null, flags: ['DERIVED'], office: { name: 'NAV Tromsø' } },
    ]));
  });

  it('reports a refused import as userErrors naming the line and column, and writes nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM sources');
    const bad = csv.replace(',2018,"1 234"', ',2018-13,"1 234"');
    const result = await hub.execute<any>('mutation($d: String!) { scorecardImport(input: { document: $d, format: CURATOR_CSV, fileName: "tromso.csv" }) { status userErrors { field message code } } }', { d: bad }, curator);
    expect(result.data.scorecardImport.status).toBeNull();
    expect(result.data.scorecardImport.userErrors[0].message).toMatch(/tromso\.csv, line 2, column "period"/);
    expect(await count('SELECT count(*) AS n FROM sources')).toBe(before);
  });

  it('writes nothing on a dry run but reports what it would write', async () => {
    const before = await count('SELECT count(*) AS n FROM observations');
    const result = await hub.execute<any>(
      'mutation($d: String!) { scorecardImport(input: { document: $d, dryRun: true, format: CURATOR_CSV }) { dryRun observationsWritten source { title } } }',
      { d: csv.replace('5501', '1804').replace('tromso-2018', 'bodo-x') },
      curator,
    );
    expect(result.data.scorecardImport).toEqual({ dryRun: true, observationsWritten: 1, source: null });
    expect(await count('SELECT count(*) AS n FROM observations')).toBe(before);
  });
});

describe('a municipality no adapter was written for', () => {
  it('comes in through a curator CSV and its figures rank beside the others', async () => {
    const csv = [
      'area_kind,area_code,label,period,value,target,unit,indicator,quote,source_title,source_url,publisher,report_year',
      'municipality,5501,Andel av befolkningen som mottok sosialhjelp,2023,"3,1 %",,percent,social_assistance.recipients_population_share,"I 2023 mottok 3,1 prosent av innbyggerne sosialhjelp.",Testkilde: oppdiktet årsmelding 2023,https://example.org/test/tromso-2023,Testkommune,2023',
    ].join('\n');
    const imported = await hub.execute<any>('mutation($d: String!) { scorecardImport(input: { document: $d, format: CURATOR_CSV }) { status userErrors { message } } }', { d: csv }, curator);
    expect(imported.data.scorecardImport).toEqual({ status: 'CREATED', userErrors: [] });
    const ranking = await hub.execute<any>(
      '{ ranking(indicator: "social_assistance.recipients_population_share", period: "2023", level: MUNICIPALITY) { rows { rank value municipality { name } } warnings } }',
    );
    expect(ranking.errors).toBeUndefined();
    const rows = ranking.data.ranking.rows.map((r: any) => [r.rank, r.municipality.name, r.value]);
    const oslo = rows.find((r: any[]) => r[1] === 'Oslo');
    expect(rows).toContainEqual([expect.any(Number), 'Tromsø', 3.1]);
    expect(oslo).toBeDefined();
    // Fewer recipients is better: the lower share ranks first.
    expect(rows[0][2]).toBeLessThanOrEqual(rows[1][2]);
    expect(ranking.data.ranking.warnings.join(' ')).toMatch(/source/i);
  });
});
