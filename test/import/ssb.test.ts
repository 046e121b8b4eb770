import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '../../src/app';
import { parseImportArgs, UsageError } from '../../src/cli/import-args';
import { loadConfig } from '../../src/config';
import { loadJsonStatMapping } from '../../src/import/adapters/jsonstat-mapping';
import { statbankDataUrl } from '../../src/import/ssb/ssb-client';
import { fetchStatbankDocument } from '../../src/import/ssb/ssb-import';
import { parseStatbankQuery } from '../../src/import/ssb/ssb-query';
import { ImportError } from '../../src/import/types';
import { createTestHub } from '../support/hub';
import { only } from '../support/indexed';

/**
 * Statistics Norway's PxWebApi v2, played by a local server that answers with files in the API's
 * format holding SSB's own figures (test/fixtures/ssb/README.md). Nothing here reaches the network.
 */

const FIXTURES = resolve(__dirname, '../fixtures/ssb');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');
const ANSWER_2016 = fixture('12210-en-2015-2016.json');
const ANSWER_2017 = fixture('12210-en-2015-2017.json');
const QUERY = fixture('test-12210.yaml');
const curator = { name: 'newsroom', role: 'curator' as const };

let hub: Hub;
let server: Server;
let base: string;
let answer: { status: number; type: string; body: string; delayMs?: number };
const requests: Array<{ method: string; url: string }> = [];

beforeAll(async () => {
  hub = await createTestHub({ reference: true });
  server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    const { status, type, body, delayMs } = answer;
    setTimeout(() => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    }, delayMs ?? 0);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/pxwebapi/v2`;
});
afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await hub?.close();
});
afterEach(() => vi.unstubAllEnvs());

const jsonStat = (body: string) => ({ status: 200, type: 'application/json; charset=utf-8', body });

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const rows = await hub.db.sql<{ n: string }>(`test.ssb.${createHash('sha1').update(sql).digest('hex')}`, sql, params);
  return Number(only(rows).n);
}

/** Refused with an ImportError: its diagnostics. */
async function refusal(run: Promise<unknown>): Promise<ImportError['diagnostics']> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  return (error as ImportError).diagnostics;
}

const EXPECTED_URL = () =>
  `${base}/tables/12210/data?lang=en&outputFormat=json-stat2` +
  '&valueCodes[KOKkommuneregion0000]=0101,0301,1804&valueCodes[ContentsCode]=KOSsosantkliente0000,KOSant18240000&valueCodes[Tid]=from(2015)';

/** Figures of one municipality and indicator from the sources of a document, by period: the current ones, or those of one version. */
async function figures(indicator: string, municipality: string, version?: number): Promise<Record<string, string>> {
  const rows = await hub.db.sql<{ period: string; value: string }>(
    'test.ssb.figures',
    `SELECT o.period, o.value::text AS value
       FROM observations o JOIN indicators i ON i.id = o.indicator_id
       JOIN sources s ON s.id = o.source_id
      WHERE i.code = $1 AND s.document_key = $3 AND o.kind = 'actual' AND NOT ('derived' = ANY(o.flags))
        AND CASE WHEN $4::int IS NULL THEN o.is_current ELSE s.version = $4::int END
        AND o.municipality_id IN (SELECT municipality_id FROM municipality_codes WHERE code = $2)
      ORDER BY o.period`,
    [indicator, municipality, EXPECTED_URL(), version ?? null],
  );
  return Object.fromEntries(rows.map((r) => [r.period, r.value.replace(/\.0+$/, '')]));
}

describe('importing table 12210 from Statistics Norway', () => {
  // The first fetch and import, done once; the tests below read what it left, in any order.
  let report: Awaited<ReturnType<Hub['services']['imports']['run']>>;
  let before: number;
  let firstRequests: Array<{ method: string; url: string }>;
  beforeAll(async () => {
    answer = jsonStat(ANSWER_2016);
    requests.length = 0;
    before = Date.now();
    const document = await fetchStatbankDocument({ table: '12210', queryText: QUERY, queryFileName: 'test-12210.yaml' }, { baseUrl: base });
    report = await hub.services.imports.run(document);
    firstRequests = [...requests];
  });

  it('stores the answer as received, the table in its title, the request URL and the time it was fetched', async () => {
    expect(report.status).toBe('created');
    const source = only(await hub.db.sql<{ title: string; publisher: string; url: string; format: string; retrieved_at: Date; document_key: string; version: number; report_year: number }>(
      'test.ssb.source',
      'SELECT title, publisher, url, format, retrieved_at, document_key, version, report_year FROM sources WHERE id = $1',
      [report.source.id],
    ));
    expect(source).toMatchObject({
      title: '12210: Selected data for social services (M), by region, contents and year',
      publisher: 'Statistisk sentralbyrå',
      url: EXPECTED_URL(),
      document_key: EXPECTED_URL(),
      format: 'jsonstat',
      version: 1,
      // The latest year of the answer, so that a refreshed answer is preferred over an older extract.
      report_year: 2016,
    });
    // The figures stay traceable: the stored document is the answer byte for byte.
    expect(await hub.services.sources.texts([report.source.id])).toEqual([ANSWER_2016]);
    expect(new Date(source.retrieved_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(source.retrieved_at).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('sent one GET to /tables/12210/data with the language, JSON-stat 2.0 and the value codes of each variable', () => {
    const request = only(firstRequests, 'requests sent');
    expect(request.method).toBe('GET');
    const url = new URL(request.url, base);
    expect(url.pathname).toBe('/api/pxwebapi/v2/tables/12210/data');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      lang: 'en',
      outputFormat: 'json-stat2',
      'valueCodes[KOKkommuneregion0000]': '0101,0301,1804',
      'valueCodes[ContentsCode]': 'KOSsosantkliente0000,KOSant18240000',
      'valueCodes[Tid]': 'from(2015)',
    });
  });

  it("keeps SSB's figures: Oslo 19,168 recipients in 2015, Bodø 1,200 in 2016, Halden 1,183 in 2015, Bodø's 18–24 year-olds 292 in 2016", async () => {
    // The first answer's figures, whether or not the next year's answer has superseded them since.
    expect(await figures('social_assistance.recipients_yearly', '0301', 1)).toEqual({ '2015': '19168', '2016': '19627' });
    expect(await figures('social_assistance.recipients_yearly', '1804', 1)).toEqual({ '2015': '1275', '2016': '1200' });
    expect(await figures('social_assistance.recipients_yearly', '0101', 1)).toEqual({ '2015': '1183', '2016': '1137' });
    expect(await figures('social_assistance.recipients_18_24_yearly', '1804', 1)).toEqual({ '2015': '309', '2016': '292' });
    expect(await count(`SELECT count(*) AS n FROM observations o JOIN sources s ON s.id = o.source_id WHERE s.document_key = $1 AND s.version = 1 AND NOT ('derived' = ANY(o.flags))`, [EXPECTED_URL()])).toBe(12);
  });

  it('changes nothing when the same answer comes twice', async () => {
    // The answer the latest version holds: the first year's, or the next year's if that test ran first.
    const latest = only(await hub.db.sql<{ id: number }>('test.ssb.latest', 'SELECT id FROM sources WHERE document_key = $1 ORDER BY version DESC LIMIT 1', [EXPECTED_URL()]));
    answer = jsonStat(only(await hub.services.sources.texts([latest.id])));
    const [sources, observations] = [await count('SELECT count(*) AS n FROM sources'), await count('SELECT count(*) AS n FROM observations')];
    const report = await hub.services.imports.run(await fetchStatbankDocument({ table: '12210', queryText: QUERY }, { baseUrl: base }));
    expect(report.status).toBe('unchanged');
    expect([await count('SELECT count(*) AS n FROM sources'), await count('SELECT count(*) AS n FROM observations')]).toEqual([sources, observations]);
  });

  it("a year later the same query's new answer becomes version 2 of the same source, and its figures supersede version 1's", async () => {
    answer = jsonStat(ANSWER_2017);
    const report = await hub.services.imports.run(await fetchStatbankDocument({ table: '12210', queryText: QUERY }, { baseUrl: base }));
    expect(report.status).toBe('new_version');
    expect(report.source).toMatchObject({ version: 2, reportYear: 2017 });
    expect(await figures('social_assistance.recipients_yearly', '1804')).toEqual({ '2015': '1275', '2016': '1200', '2017': '1082' });
    expect(await count(`SELECT count(*) AS n FROM observations o JOIN sources s ON s.id = o.source_id WHERE s.document_key = $1 AND o.is_current AND NOT ('derived' = ANY(o.flags))`, [EXPECTED_URL()])).toBe(18);
    expect(await count('SELECT count(*) AS n FROM observations o JOIN sources s ON s.id = o.source_id WHERE s.document_key = $1 AND s.version = 1 AND o.is_current', [EXPECTED_URL()])).toBe(0);
  });
});

describe('when the API cannot be used', () => {
  it('fails as unreachable (not as a timeout) when the API cannot be reached, says so and how to import a saved answer, and writes nothing', async () => {
    const sources = await count('SELECT count(*) AS n FROM sources');
    // A port that was just free: nothing listens there, so the connection is refused.
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const problem = only(await refusal(fetchStatbankDocument({ table: '12210', queryText: QUERY }, { baseUrl: `http://127.0.0.1:${port}/api/pxwebapi/v2` })));
    expect(problem.code).toBe('SSB_UNREACHABLE');
    expect(problem.message).toContain(`could not reach Statistics Norway's API at http://127.0.0.1:${port}/api/pxwebapi/v2 (connection refused); nothing was written`);
    // Imported with the URL it would have had, a saved answer is a version of the same source.
    expect(problem.message).toContain(
      `npm run import -- saved.json --format jsonstat --mapping reference/mappings/ssb-12210.yaml --url 'http://127.0.0.1:${port}/api/pxwebapi/v2/tables/12210/data?lang=en&outputFormat=json-stat2&valueCodes`,
    );
    expect(await count('SELECT count(*) AS n FROM sources')).toBe(sources);
  });

  it('fails as unreachable on port 1 too, which fetch refuses to use', async () => {
    const problem = only(await refusal(fetchStatbankDocument({ table: '12210', queryText: QUERY }, { baseUrl: 'http://127.0.0.1:1' })));
    expect(problem).toMatchObject({ code: 'SSB_UNREACHABLE', message: expect.stringContaining("could not reach Statistics Norway's API at http://127.0.0.1:1 (fetch refuses that port") });
  });

  it("reports a refused query with the API's own message and where to check the table's variables", async () => {
    answer = { status: 400, type: 'application/problem+json; charset=utf-8', body: fixture('error-400-non-existent-value.json') };
    const problem = only(await refusal(fetchStatbankDocument({ table: '12210', queryText: QUERY }, { baseUrl: base })));
    expect(problem.code).toBe('SSB_QUERY_REFUSED');
    expect(problem.message).toContain('(HTTP 400: Non-existent value)');
    expect(problem.message).toContain(`${base}/tables/12210/metadata?lang=en`);
  });

  it('names a table the API does not have (HTTP 404), and a failure of the API itself', async () => {
    answer = { status: 404, type: 'application/problem+json', body: '{"type":"Parameter error","title":"Non-existent table","status":404}' };
    const missing = only(await refusal(fetchStatbankDocument({ table: '12210', queryText: QUERY }, { baseUrl: base })));
    expect(missing.code).toBe('SSB_TABLE_NOT_FOUND');
    expect(missing.message).toContain('has no table 12210 (HTTP 404: Non-existent table)');
    answer = { status: 500, type: 'text/plain', body: '' };
    const broken = only(await refusal(fetchStatbankDocument({ table: '12210', queryText: QUERY }, { baseUrl: base })));
    expect(broken).toMatchObject({ code: 'SSB_HTTP_ERROR', message: expect.stringContaining('answered HTTP 500 for table 12210 (no message)') });
  });

  it('gives up when the API does not answer in time, saying so', async () => {
    answer = { ...jsonStat(ANSWER_2016), delayMs: 1000 };
    const problem = only(await refusal(fetchStatbankDocument({ table: '12210', queryText: QUERY }, { baseUrl: base, timeoutMs: 200 })));
    expect(problem).toMatchObject({ code: 'SSB_TIMEOUT', message: expect.stringContaining(`Statistics Norway's API (${base}) did not answer within 200 ms; nothing was written`) });
  });

  it('refuses an answer that is not a JSON-stat dataset', async () => {
    answer = { status: 200, type: 'text/html', body: '<!doctype html><title>Vedlikehold</title>' };
    const problem = only(await refusal(fetchStatbankDocument({ table: '12210', queryText: QUERY }, { baseUrl: base })));
    expect(problem.code).toBe('SSB_NOT_JSONSTAT');
    expect(problem.message).toContain('text/html');
  });
});

describe('a variable the mapping does not know', () => {
  it('stops a query that selects it before anything is fetched', async () => {
    const sent = requests.length;
    const query = QUERY.replace('KOSant18240000]', 'KOSant18240000, KOSukjent0000]');
    const problem = only(await refusal(fetchStatbankDocument({ table: '12210', queryText: query, queryFileName: 'q.yaml' }, { baseUrl: base })));
    expect(problem).toMatchObject({ code: 'SSB_UNMAPPED_CODE', file: 'q.yaml' });
    expect(problem.message).toContain('ContentsCode "KOSukjent0000" has no indicator in the mapping');
    expect(requests.length).toBe(sent);
  });

  it('stops an answer that holds it, instead of dropping its figures with a warning', async () => {
    answer = jsonStat(ANSWER_2016);
    // A mapping (test data) that maps only one of the two variables, and a query that selects all.
    const mapping = readFileSync('reference/mappings/ssb-12210.yaml', 'utf8').replace(/^ {4}KOSant18240000:.*$/m, '');
    const query = QUERY.replace('[KOSsosantkliente0000, KOSant18240000]', '["*"]');
    const problems = await refusal(fetchStatbankDocument({ table: '12210', queryText: query, mapping: { text: mapping, fileName: 'one-variable.yaml' } }, { baseUrl: base }));
    expect(problems.map((p) => p.code)).toEqual(['SSB_UNMAPPED_CODE']);
    expect(only(problems).message).toContain('"KOSant18240000"');
  });
});

describe('query files', () => {
  it('reads the example query for all municipalities into a URL that stays the same every year', () => {
    const query = parseStatbankQuery(readFileSync('reference/ssb/12210-kommuner.yaml', 'utf8'), '12210-kommuner.yaml');
    expect(query).toMatchObject({ table: '12210', lang: 'no', mapping: 'ssb-12210.yaml' });
    expect(statbankDataUrl('https://data.ssb.no/api/pxwebapi/v2', query)).toBe(
      'https://data.ssb.no/api/pxwebapi/v2/tables/12210/data?lang=no&outputFormat=json-stat2' +
        '&valueCodes[KOKkommuneregion0000]=%3F%3F%3F%3F&valueCodes[ContentsCode]=KOSsosantkliente0000,KOSant18240000&valueCodes[Tid]=from(2015)',
    );
  });

  it('brackets an expression with a comma, as a GET needs, and adds code lists; JSON works as well as YAML', () => {
    const query = parseStatbankQuery(JSON.stringify({ table: '07459', selection: { Region: ['0301'], Tid: ['range(2015,2020)'] }, codelists: { Region: 'agg_KommSummer' } }));
    expect(query.lang).toBe('no');
    expect(statbankDataUrl('http://x/v2/', query)).toBe('http://x/v2/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes[Region]=0301&valueCodes[Tid]=%5Brange(2015%2C2020)%5D&codelist[Region]=agg_KommSummer');
  });

  it('names every mistake with its line: an unknown key, a code listed twice (the API would answer 500), a missing table', () => {
    const problems = (() => {
      try {
        parseStatbankQuery('lang: no\nselect: x\nselection:\n  Tid: ["2015", "2016", "2015"]\n', 'q.yaml');
      } catch (error) {
        return (error as ImportError).diagnostics;
      }
      throw new Error('expected a refusal');
    })();
    expect(problems).toEqual([
      { code: 'INVALID_SSB_QUERY', message: 'select: unknown key (use table, lang, mapping, selection, codelists, note)', file: 'q.yaml', line: 2 },
      { code: 'INVALID_SSB_QUERY', message: 'table: is required, e.g. table: "12210"', file: 'q.yaml', line: 1 },
      { code: 'INVALID_SSB_QUERY', message: 'selection.Tid: "2015" is listed twice', file: 'q.yaml', line: 4 },
    ]);
  });

  it('refuses a query for another table than the one asked for, and a mapping path outside reference/mappings', async () => {
    const other = only(await refusal(fetchStatbankDocument({ table: '13995', queryText: QUERY, queryFileName: 'q.yaml' }, { baseUrl: base })));
    expect(other).toMatchObject({ code: 'SSB_TABLE_MISMATCH', message: 'the query is for table 12210, not 13995; fetch table 12210 or use a query for 13995' });
    const outside = only(await refusal(fetchStatbankDocument({ table: '12210', queryText: QUERY.replace('mapping: ssb-12210.yaml', 'mapping: ../../etc/x.yaml') }, { baseUrl: base })));
    expect(outside.message).toContain('mapping: must be the file name of a mapping in reference/mappings/');
  });

  it('maps every municipality code of the reference extract 2015–2020 and of 2024, and the two verified variables', () => {
    const mapping = loadJsonStatMapping('reference/mappings/ssb-12210.yaml');
    const codes = (file: string) => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]!);
    for (const code of [...codes('reference/data/national/ssb_12210_sosialhjelpsmottakere_kommune_2015_2020.csv'), ...codes('reference/data/kommuner_2024.csv')]) {
      expect(mapping.geography.categories[code], code).toEqual({ kind: 'municipality', code });
    }
    expect(mapping.metric.categories).toEqual({
      KOSsosantkliente0000: { indicator: 'social_assistance.recipients_yearly', unit: 'persons' },
      KOSant18240000: { indicator: 'social_assistance.recipients_18_24_yearly', unit: 'persons' },
    });
  });

  it('takes SSB_API_URL from the configuration: SSB by default, a trailing slash dropped, anything but http(s) refused', () => {
    expect(loadConfig({}).SSB_API_URL).toBe('https://data.ssb.no/api/pxwebapi/v2');
    expect(loadConfig({ SSB_API_URL: 'http://127.0.0.1:8080/api/v2/' }).SSB_API_URL).toBe('http://127.0.0.1:8080/api/v2');
    expect(() => loadConfig({ SSB_API_URL: 'data.ssb.no/api' })).toThrow(/SSB_API_URL="data.ssb.no\/api": must be an http\(s\) URL/);
  });
});

describe('scorecardImport with ssb', () => {
  const mutation = `mutation($input: ScorecardImportInput!) { scorecardImport(input: $input) {
    status format source { title publisher url retrievedAt } observationsWritten userErrors { field message code } } }`;

  it('fetches the table from SSB_API_URL and imports it like the command line', async () => {
    vi.stubEnv('SSB_API_URL', base);
    // The years named one by one make a request, and so a source, of this test's own; its answer
    // carries another update time, because a document with the very bytes of one imported before
    // (another test's 2015–2017 answer) is that document, unchanged, whatever URL it came from.
    answer = jsonStat(ANSWER_2017.replace('"updated":"2022-06-15T06:00:00Z"', '"updated":"2022-06-16T06:00:00Z"'));
    const query = QUERY.replace('Tid: ["from(2015)"]', 'Tid: ["2015", "2016", "2017"]');
    const url = EXPECTED_URL().replace('valueCodes[Tid]=from(2015)', 'valueCodes[Tid]=2015,2016,2017');
    const result = await hub.execute<any>(mutation, { input: { ssb: { table: '12210', query } } }, curator);
    expect(result.errors).toBeUndefined();
    expect(result.data.scorecardImport).toMatchObject({
      status: 'CREATED',
      format: 'jsonstat',
      source: { publisher: 'Statistisk sentralbyrå', url, title: '12210: Selected data for social services (M), by region, contents and year' },
      userErrors: [],
    });
    expect(result.data.scorecardImport.observationsWritten).toBe(
      await count(`SELECT count(*) AS n FROM observations o JOIN sources s ON s.id = o.source_id WHERE s.document_key = $1 AND s.version = 1 AND NOT ('derived' = ANY(o.flags))`, [url]),
    );
    expect(await count(`SELECT count(*) AS n FROM observations o JOIN sources s ON s.id = o.source_id WHERE s.document_key = $1 AND NOT ('derived' = ANY(o.flags))`, [url])).toBe(18);
  });

  it('fails at once offline with the clear message on input.ssb, and writes nothing', async () => {
    vi.stubEnv('SSB_API_URL', 'http://127.0.0.1:1/api/pxwebapi/v2');
    const sources = await count('SELECT count(*) AS n FROM sources');
    const result = await hub.execute<any>(mutation, { input: { ssb: { table: '12210', query: QUERY } } }, curator);
    expect(result.data.scorecardImport.status).toBeNull();
    expect(result.data.scorecardImport.userErrors).toEqual([
      { field: ['input', 'ssb'], code: 'SSB_UNREACHABLE', message: expect.stringContaining("could not reach Statistics Norway's API") },
    ]);
    expect(await count('SELECT count(*) AS n FROM sources')).toBe(sources);
  });

  it('wants exactly one of document and ssb, and refuses document fields beside ssb, naming each field', async () => {
    const both = await hub.execute<any>(mutation, { input: { document: '{}', ssb: { table: '12210', query: QUERY } } }, curator);
    expect(both.data.scorecardImport.userErrors).toEqual([{ field: ['input', 'ssb'], message: 'give either document or ssb, not both', code: 'CONFLICTING_INPUT' }]);
    const neither = await hub.execute<any>(mutation, { input: {} }, curator);
    expect(neither.data.scorecardImport.userErrors[0]).toMatchObject({ field: ['input', 'document'], code: 'MISSING_INPUT' });
    const titled = await hub.execute<any>(mutation, { input: { title: 'Sosialhjelp', ssb: { table: '12210', query: QUERY } } }, curator);
    expect(titled.data.scorecardImport.userErrors).toEqual([{ field: ['input', 'title'], code: 'CONFLICTING_INPUT', message: expect.stringContaining('title is not used with ssb') }]);
    const spaced = await hub.execute<any>(mutation, { input: { ssb: { table: '12 210', query: QUERY } } }, curator);
    expect(spaced.data.scorecardImport.userErrors).toEqual([{ field: ['input', 'ssb', 'table'], code: 'INVALID_TABLE', message: 'ssb.table must be a table id such as "12210"' }]);
  });

  it('points a mistake in the query at input.ssb.query', async () => {
    const result = await hub.execute<any>(mutation, { input: { ssb: { table: '13995', query: QUERY } } }, curator);
    expect(result.data.scorecardImport.userErrors).toEqual([{ field: ['input', 'ssb', 'query'], code: 'SSB_TABLE_MISMATCH', message: expect.stringContaining('the query is for table 12210, not 13995') }]);
  });
});

describe('the command line', () => {
  const usage = (argv: string[]) => {
    try {
      parseImportArgs(argv);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error('expected a usage error');
  };

  it('takes --ssb with --query instead of a file, with or without --dry-run and --save', () => {
    expect(parseImportArgs(['--ssb', '12210', '--query', 'reference/ssb/12210-kommuner.yaml', '--dry-run'])).toMatchObject({
      kind: 'ssb',
      table: '12210',
      queryFile: 'reference/ssb/12210-kommuner.yaml',
      options: { dryRun: true },
    });
    expect(parseImportArgs(['table.json', '--format', 'jsonstat'])).toMatchObject({ kind: 'document', file: 'table.json' });
  });

  it('says what is wrong when both a file and --ssb are given, or neither, or --ssb lacks --query', () => {
    expect(usage(['saved.json', '--ssb', '12210', '--query', 'q.yaml'])).toBe('give either a file or --ssb <table>, not both (got "saved.json" and --ssb 12210)');
    expect(usage([])).toBe('give a file to import, or --ssb <table> --query <file> to fetch a table from Statistics Norway');
    expect(usage(['--ssb', '12210'])).toMatch(/^--ssb needs --query <file>/);
    expect(usage(['--query', 'q.yaml', 'saved.json'])).toMatch(/^--query goes with --ssb <table>/);
    expect(usage(['--ssb', '12210', '--query', 'q.yaml', '--title', 'T', '--year', '2020'])).toMatch(/^--title, --year cannot be used with --ssb/);
    expect(usage(['--ssb', '12 210', '--query', 'q.yaml'])).toMatch(/a table id such as 12210/);
  });
});
