import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database';
import { curatorCsvAdapter } from '../../src/import/adapters/curator';
import { HandedOverDocument, ImportService } from '../../src/import/import.service';
import { ImportError } from '../../src/import/types';
import { TEXT_PART_CHARS } from '../../src/import/writer';
import { SourceService } from '../../src/modules/sources/source.service';
import { loadReferenceData } from '../../src/modules/geography/reference-data';
import { loadTaxonomy } from '../../src/modules/taxonomy/taxonomy.seed';
import { openTestDatabase } from '../support/db';
import { at, only } from '../support/indexed';

/**
 * A large curator file goes to the database in bulk (COPY), not row by row: what is stored must
 * still be exactly what the plan holds for every row, with the awkward texts a newsroom types
 * (quotes, commas, line breaks, backslashes, an empty cell beside a missing one). Every office and
 * figure here is TEST DATA (invented).
 */

const OFFICES = 1000;
const YEARS = Array.from({ length: 20 }, (_, i) => 2002 + i);
const INDICATOR = 'testdata.bulk_recipients';
const HEADER = 'area_kind,area_code,label,period,value,unit,indicator,quote,flags,footnote';

let db: Database;
let imports: ImportService;

beforeAll(async () => {
  db = await openTestDatabase();
  await loadReferenceData(db);
  await loadTaxonomy(db);
  await db.pool.query(
    `INSERT INTO offices (code, name, origin, valid_from_year)
     SELECT 'TEST-' || lpad(g::text, 5, '0'), 'Testkontor ' || g, 'test data', 2000 FROM generate_series(1, $1::int) g`,
    [OFFICES],
  );
  await db.pool.query(
    `INSERT INTO indicators (code, name_nb, name_en, description, theme_code, unit, period_type, direction, population, taxonomy_version)
     SELECT $1, 'Testmottakere', 'Test recipients', 'Test data: invented figures.', (SELECT code FROM themes ORDER BY code LIMIT 1),
            'persons', 'year', 'lower_is_better', 'recipients', 'test'`,
    [INDICATOR],
  );
  imports = new ImportService(db, Number.POSITIVE_INFINITY);
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** One row per office and year; every 7th row carries a quote that COPY's formats could mangle. */
function row(office: number, year: number): string {
  const n = office * YEARS.length + year;
  const value = n % 13 === 0 ? '' : n % 5 === 0 ? `${n % 900},5` : String(n % 4000);
  const quote = n % 7 === 0 ? `Testsitat "${n}", med komma,\nlinjeskift, \\N og bakstrek \\ (oppdiktet)` : '';
  const flags = n % 11 === 0 ? 'provisional' : '';
  const footnote = n % 17 === 0 ? `Fotnote ${n}: foreløpige tall` : '';
  return [`office`, `TEST-${String(office).padStart(5, '0')}`, 'Testmottakere (oppdiktet)', String(year), value && csvCell(value), 'persons', INDICATOR, csvCell(quote), flags, footnote && csvCell(footnote)].join(',');
}

/** The line a row starts on: after the header and every line of the rows before it (quotes with line breaks make some rows two lines long). */
function lineOf(rows: string[], index: number): number {
  return 2 + rows.slice(0, index).reduce((n, r) => n + r.split('\n').length, 0);
}

function file(rows: string[]): string {
  return `${HEADER}\n${rows.join('\n')}\n`;
}

function allRows(): string[] {
  const rows: string[] = [];
  for (let o = 1; o <= OFFICES; o++) for (const y of YEARS) rows.push(row(o, y));
  return rows;
}

const input = (document: string, url: string) => ({
  document,
  format: 'curator-csv',
  title: 'TESTDATA – stor oppdiktet fil (invented figures)',
  publisher: 'Testkilde',
  url,
});

describe('a large curator file', () => {
  it('stores every one of 20,000 rows exactly as planned: values, texts as published, quotes, flags and footnotes', async () => {
    const report = await imports.run(input(file(allRows()), 'https://example.org/testdata/bulk'));
    expect(report.status).toBe('created');
    const planned = report.plan.observations;
    expect(planned).toHaveLength(OFFICES * YEARS.length);
    expect(report.written.observations).toBe(planned.length);

    const { rows } = await db.pool.query<{
      location: string; code: string; label: string; period: string; year: number; kind: string; value: string | null; published_value: string | null;
      value_text: string | null; unit: string | null; quote: string; flags: string[]; footnote: string | null; indicator: string | null; current: boolean;
    }>(
      `SELECT o.location, f.code, r.label, o.period, o.year, o.kind, o.value::text AS value, o.published_value::text AS published_value, o.value_text,
              o.unit, o.quote, o.flags, o.footnote, i.code AS indicator, o.is_current AS current
         FROM observations o JOIN raw_indicators r ON r.id = o.raw_indicator_id JOIN offices f ON f.id = o.office_id
         LEFT JOIN indicators i ON i.id = o.indicator_id
        WHERE o.source_id = $1 AND o.derivation IS NULL`,
      [report.source.id],
    );
    expect(rows).toHaveLength(planned.length);
    const stored = new Map(rows.map((r) => [r.location, r]));
    for (const p of planned) {
      expect(stored.get(p.location)).toEqual({
        location: p.location, code: p.area.code, label: p.label, period: p.period, year: p.year, kind: 'actual', value: p.value, published_value: p.publishedValue,
        value_text: p.valueText, unit: p.unit, quote: p.quote, flags: p.flags, footnote: p.footnote, indicator: INDICATOR, current: true,
      });
    }

    // The plan itself holds what the file says, so the comparison above is no tautology.
    const at = (office: number, year: number) => rows.find((r) => r.code === `TEST-${String(office).padStart(5, '0')}` && r.period === String(year))!;
    expect(at(4, 2013)).toMatchObject({ value: null, value_text: '', quote: 'Testsitat "2093", med komma,\nlinjeskift, \\N og bakstrek \\ (oppdiktet)', footnote: null });
    expect(at(4, 2013).flags).toContain('not_published');
    expect(at(1, 2003)).toMatchObject({ value: '2023', value_text: '2023', footnote: 'Fotnote 2023: foreløpige tall', quote: 'Testsitat "2023", med komma,\nlinjeskift, \\N og bakstrek \\ (oppdiktet)' });
    expect(at(1, 2003).flags).toContain('footnoted');
    expect(at(1, 2004)).toMatchObject({ value: '2024', quote: 'Testmottakere (oppdiktet) (2004): 2024', footnote: null, flags: ['provisional'] });
    expect(at(1, 2005)).toMatchObject({ value: '225.5', published_value: '225.5', value_text: '225,5' });
  }, 300_000);

  it('reports its steps in order as they end: read, checked, copied into the database, written', async () => {
    const steps: string[] = [];
    const report = await imports.run(input(file(allRows().slice(0, 400)), 'https://example.org/testdata/steps'), (step, detail) => steps.push(`${step} ${detail.figures}`));
    expect(report.written.observations).toBe(report.plan.observations.length);
    const figures = report.plan.observations.length;
    expect(steps).toEqual([`parsed 400`, `planned ${figures}`, `copied ${figures}`, `written ${figures}`]);
  });

  it('keeps the file as published in parts of at most TEXT_PART_CHARS characters, which joined are the file', async () => {
    const document = file(allRows());
    const report = await imports.run(input(document, 'https://example.org/testdata/bulk'));
    expect(report.status).toBe('unchanged');
    const { rows } = await db.pool.query<{ part: number; length: number }>(
      'SELECT part, length(text) AS length FROM source_text_parts WHERE source_id = $1 ORDER BY part',
      [report.source.id],
    );
    expect(rows.map((r) => r.part)).toEqual(Array.from({ length: Math.ceil(document.length / TEXT_PART_CHARS) }, (_, i) => i));
    expect(rows.length).toBeGreaterThan(1);
    expect(Math.max(...rows.map((r) => r.length))).toBe(TEXT_PART_CHARS);
    expect(await new SourceService(db).texts([report.source.id])).toEqual([document]);
  });

  it('handed over by its reader, is taken once and stored whole', async () => {
    const document = file(allRows().slice(0, 3_000));
    const handedOver = new HandedOverDocument(document);
    expect(handedOver.length).toBe(document.length);
    const report = await imports.run({ ...input('', 'https://example.org/testdata/handed-over'), document: handedOver });
    expect(report.status).toBe('created');
    expect(report.written.observations).toBe(report.plan.observations.length);
    expect(await new SourceService(db).texts([report.source.id])).toEqual([document]);
    expect(() => handedOver.take()).toThrow('the document was handed over already');
  });

  it('handed over and too large for the service, is refused with its size before anything is read', async () => {
    const document = file(allRows().slice(0, 10));
    const small = new ImportService(db, 100);
    await expect(small.run({ ...input('', 'https://example.org/testdata/too-large'), document: new HandedOverDocument(document) })).rejects.toMatchObject({
      diagnostics: [{ code: 'TOO_LARGE', message: `the document is ${Buffer.byteLength(document, 'utf8')} bytes; the limit is 100 bytes` }],
    });
  });

  it('refused in its middle names the line and the column and writes nothing', async () => {
    const rows = allRows();
    rows[9_999] = at(rows, 9_999).replace(/,2\d{3},/, ',20x9,');
    // Quotes with line breaks make some rows two lines long.
    const line = 2 + rows.slice(0, 9_999).reduce((n, r) => n + r.split('\n').length, 0);
    const before = await counts();
    const error = await imports.run(input(file(rows), 'https://example.org/testdata/bulk-refused')).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).diagnostics).toMatchObject([{ line, cell: 'column "period"' }]);
    expect(await counts()).toEqual(before);
  }, 300_000);

  it('refused at its very last row names that line and writes nothing, though every row before it was planned as it was read', async () => {
    const read = vi.spyOn(curatorCsvAdapter, 'read');
    const parse = vi.spyOn(curatorCsvAdapter, 'parse');
    try {
      const rows = allRows();
      rows[rows.length - 1] = at(rows, -1).replace(/,2\d{3},/, ',20x9,');
      const line = lineOf(rows, rows.length - 1);
      const before = await counts();
      const error = await imports.run(input(file(rows), 'https://example.org/testdata/bulk-refused-last')).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).diagnostics).toMatchObject([{ code: 'INVALID_CELL', line, cell: 'column "period"' }]);
      expect(await counts()).toEqual(before);
      // Read row by row (the figures planned as they are read), never as a whole document of figures.
      expect(read).toHaveBeenCalledTimes(1);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
      parse.mockRestore();
    }
  }, 300_000);

  it('with an unknown office on its last row and an unreadable cell before it reports both and writes nothing', async () => {
    const rows = allRows();
    rows[5_000] = at(rows, 5_000).replace(/,2\d{3},/, ',20x9,');
    rows[rows.length - 1] = at(rows, -1).replace(/TEST-\d{5}/, 'TEST-99999');
    const before = await counts();
    const error = await imports.run(input(file(rows), 'https://example.org/testdata/bulk-refused-office')).then(() => null, (e: unknown) => e);
    expect((error as ImportError).diagnostics).toMatchObject([
      { line: lineOf(rows, 5_000), cell: 'column "period"' },
      { code: 'UNKNOWN_OFFICE', line: lineOf(rows, rows.length - 1), cell: 'column "area_code"' },
    ]);
    expect(await counts()).toEqual(before);
  }, 300_000);

  it('as a new version that drops figures is refused after its rows were copied, and the copied rows are rolled back', async () => {
    const url = 'https://example.org/testdata/bulk-version';
    const rows = allRows().slice(0, 5_000);
    expect((await imports.run(input(file(rows), url))).status).toBe('created');
    const before = await counts();
    const cut = rows.slice(0, 2_500).concat(rows.slice(2_501));
    const error = await imports.run(input(file(cut), url)).then(() => null, (e: unknown) => e);
    expect((error as ImportError).diagnostics).toMatchObject([{ code: 'FIGURES_REMOVED' }]);
    expect(only((error as ImportError).diagnostics).message).toContain('this new version no longer publishes 1 figure(s)');
    expect(await counts()).toEqual(before);
  }, 300_000);
});

async function counts(): Promise<{ observations: string; sources: string; texts: string; raw: string; current: string }> {
  const { rows } = await db.pool.query<{ observations: string; sources: string; texts: string; raw: string; current: string }>(
    `SELECT (SELECT count(*) FROM observations) AS observations, (SELECT count(*) FROM sources) AS sources,
            (SELECT count(*) FROM source_text_parts) AS texts,
            (SELECT count(*) FROM raw_indicators) AS raw, (SELECT count(*) FROM observations WHERE is_current) AS current`,
  );
  return only(rows);
}
