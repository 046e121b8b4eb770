import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
// The hub first: it loads the GraphQL types in the order their decorators need.
import { createTestHub } from '../support/hub';
import { RankingLevel } from '../../src/modules/comparison/comparison.type';
import { forgetOtherSnapshots, LATEST, lockRankingSnapshots, makeRankingSnapshots, SNAPSHOT_STATEMENT } from '../../src/modules/comparison/ranking-snapshots';
import { ranking, type RankingQuery } from '../../src/modules/comparison/ranking.service';
import { RANKING_SQL } from '../../src/modules/comparison/ranking.sql';

/**
 * Whole-level rankings are read from snapshots made at start-up and by the first request that asks
 * for one a write forgot (src/modules/comparison/ranking-snapshots.ts). A snapshot must answer exactly as the ranking statement would now, and
 * must be gone the moment anything it shows is written. On SSB's national series as `npm start`
 * loads them.
 */
const serverUrl = process.env.DATABASE_URL;
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
});
afterAll(async () => {
  await hub?.close();
});

const RECIPIENTS = 'social_assistance.recipients_yearly';
const LEVEL: Record<string, RankingLevel> = { office: RankingLevel.OFFICE, municipality: RankingLevel.MUNICIPALITY, county: RankingLevel.COUNTY };

interface Kept {
  code: string;
  level: string;
  period: string;
}

async function kept(indicator?: string): Promise<Kept[]> {
  const { rows } = await hub.db.pool.query<Kept>(
    `SELECT i.code, s.level, s.period FROM ranking_snapshots s JOIN indicators i ON i.id = s.indicator_id
      WHERE s.statement = $1 AND ($2::text IS NULL OR i.code = $2) ORDER BY i.code, s.level, s.period`,
    [SNAPSHOT_STATEMENT, indicator ?? null],
  );
  return rows;
}

/** The ranking as read (from its snapshot where there is one) and as the statement derives it, with the statements each took. */
async function both(q: RankingQuery): Promise<{ read: unknown; derived: unknown; statements: number }> {
  const answer = (snapshots: boolean) => ranking(hub.db, q, { snapshots }).catch((error: unknown) => String(error));
  const before = hub.db.statements.count;
  const read = await answer(true);
  const statements = hub.db.statements.count - before;
  return { read, derived: await answer(false), statements };
}

/** The snapshots of one indicator missing, as after a write: the next maker makes them. */
async function forgetRecipients(): Promise<void> {
  await remake();
  await hub.db.pool.query('DELETE FROM ranking_snapshot_pages WHERE ranking_indicator_id = (SELECT id FROM indicators WHERE code = $1)', [RECIPIENTS]);
  await hub.db.pool.query('DELETE FROM ranking_snapshots WHERE indicator_id = (SELECT id FROM indicators WHERE code = $1)', [RECIPIENTS]);
}

async function remake(): Promise<number> {
  return hub.db.transaction((client) => makeRankingSnapshots(client));
}

describe('rankings read from snapshots', () => {
  it('keeps a snapshot of every indicator, level and period with figures, and of every latest-mode ranking, after start-up', async () => {
    const { rows } = await hub.db.pool.query<{ missing: number }>(
      `SELECT count(*)::int AS missing
         FROM (SELECT DISTINCT indicator_id, level, period FROM current_figures UNION ALL SELECT DISTINCT indicator_id, level, '' FROM current_figures) k
         JOIN indicators i ON i.id = k.indicator_id AND i.direction <> 'neither'
        WHERE NOT EXISTS (SELECT 1 FROM ranking_snapshots s WHERE s.statement = $1 AND s.indicator_id = k.indicator_id AND s.level = k.level AND s.period = k.period)`,
      [SNAPSHOT_STATEMENT],
    );
    expect(rows[0]?.missing).toBe(0);
    expect((await kept()).length).toBeGreaterThan(100);
    expect((await kept()).filter((k) => k.period === LATEST).length).toBeGreaterThan(20);
  });

  it("answers every whole-level ranking, of a period and on each unit's latest figure, as the statement does, in one statement", async () => {
    const all = await kept();
    for (const k of all) {
      const q = k.period === LATEST ? { indicator: k.code, level: LEVEL[k.level], latest: true } : { indicator: k.code, level: LEVEL[k.level], period: k.period };
      const { read, derived, statements } = await both(q);
      expect({ q, read }).toEqual({ q, read: derived });
      expect({ q, statements }).toEqual({ q, statements: 1 });
    }
  });

  it('cuts a snapshot at the top asked as the statement does, ties at the cut kept', async () => {
    // 150: past the first page of 100 rows.
    for (const top of [1, 3, 10, 150, 1000]) {
      for (const level of [RankingLevel.OFFICE, RankingLevel.MUNICIPALITY, RankingLevel.COUNTY]) {
        for (const q of [{ indicator: RECIPIENTS, level, period: '2019', top }, { indicator: RECIPIENTS, level, latest: true, top }]) {
          const { read, derived, statements } = await both(q);
          expect({ q, read }).toEqual({ q, read: derived });
          expect(statements).toBe(1);
        }
      }
    }
  });

  it('derives a ranking no snapshot can answer (a period without figures, an unknown indicator) and makes none for it', async () => {
    const before = await kept();
    for (const q of [
      { indicator: RECIPIENTS, level: RankingLevel.OFFICE, period: '2031' },
      { indicator: 'no_such.indicator', level: RankingLevel.OFFICE, period: '2020' },
    ]) {
      const { read, derived, statements } = await both(q);
      expect(read).toEqual(derived);
      // The read, the claim that finds nothing to make in its transaction (BEGIN, claim, COMMIT), the statement.
      expect(statements).toBe(5);
    }
    expect(await kept()).toEqual(before);
  });
});

describe('a snapshot forgotten by every write to what it shows', () => {
  // A write behind the hub's back, then the ranking: read as the statement derives it now (the
  // snapshot gone), and the snapshots made again for the next case.
  // `forgets`: every snapshot, the ranked indicator's, or those of the indicators a statement lists.
  const cases: { what: string; write: string; forgets: 'indicator' | 'all' | { publishedBy: string } }[] = [
    { what: 'an office renamed', write: "UPDATE offices SET name = name || ' (omdøpt)' WHERE code = (SELECT min(code) FROM offices)", forgets: 'all' },
    { what: "a municipality's population revised", write: 'UPDATE populations SET total = total + 1 WHERE year = 2020', forgets: 'all' },
    { what: "a municipality's area moved to another office", write: 'UPDATE office_areas SET district = district WHERE true', forgets: 'all' },
    {
      what: "a source's title corrected",
      write: `UPDATE sources SET title = title || ' (rettet)'
               WHERE id IN (SELECT source_id FROM current_figures WHERE indicator_id = (SELECT id FROM indicators WHERE code = 'social_assistance.recipients_yearly'))`,
      // Every indicator the document publishes, not only the one ranked here.
      forgets: {
        publishedBy: `SELECT DISTINCT i.code FROM raw_indicators r JOIN indicators i ON i.id = r.indicator_id
                 WHERE r.source_id IN (SELECT source_id FROM current_figures WHERE indicator_id = (SELECT id FROM indicators WHERE code = 'social_assistance.recipients_yearly'))`,
      },
    },
    { what: 'a label corrected', write: "UPDATE raw_indicators SET label = label || ' (rettet)' WHERE indicator_id = (SELECT id FROM indicators WHERE code = 'social_assistance.recipients_yearly')", forgets: 'indicator' },
    { what: "the indicator's name changed", write: "UPDATE indicators SET name_en = name_en || ' (renamed)' WHERE code = 'social_assistance.recipients_yearly'", forgets: 'indicator' },
    {
      what: 'a figure corrected',
      write: "UPDATE current_figures SET value = value + 1 WHERE indicator_id = (SELECT id FROM indicators WHERE code = 'social_assistance.recipients_yearly') AND level = 'office' AND period = '2020' AND value IS NOT NULL",
      forgets: 'indicator',
    },
    {
      what: "the country's figure withdrawn",
      write: "UPDATE observations SET is_current = false WHERE national AND indicator_id = (SELECT id FROM indicators WHERE code = 'social_assistance.recipients_yearly')",
      forgets: 'indicator',
    },
    {
      what: 'a target published',
      write: `INSERT INTO targets (source_id, raw_indicator_id, indicator_id, office_id, period, text, comparator, upper, quote)
              SELECT cf.source_id, cf.raw_indicator_id, NULL, cf.office_id, cf.period, '< 100', 'lt', 100, 'Mål: under 100'
                FROM current_figures cf
               WHERE cf.indicator_id = (SELECT id FROM indicators WHERE code = 'social_assistance.recipients_yearly') AND cf.level = 'office'
                 AND cf.period = '2020' AND cf.office_id IS NOT NULL AND cf.derivation IS NULL
               LIMIT 1`,
      forgets: 'indicator',
    },
  ];

  it.each(cases.map((c) => [c.what, c] as const))('%s', async (_, c) => {
    const forgotten = new Set([RECIPIENTS]);
    if (typeof c.forgets === 'object') for (const r of (await hub.db.pool.query<{ code: string }>(c.forgets.publishedBy)).rows) forgotten.add(r.code);
    const others = (await kept()).filter((k) => !forgotten.has(k.code));
    expect(others.length).toBeGreaterThan(0);
    const written = await hub.db.pool.query(c.write);
    expect(written.rowCount).toBeGreaterThan(0);
    expect(await kept(RECIPIENTS)).toEqual([]);
    expect(await kept()).toEqual(c.forgets === 'all' ? [] : others);
    for (const level of [RankingLevel.OFFICE, RankingLevel.MUNICIPALITY, RankingLevel.COUNTY]) {
      for (const q of [{ indicator: RECIPIENTS, level, period: '2020' }, { indicator: RECIPIENTS, level, latest: true }]) {
        const { read, derived } = await both(q);
        expect({ q, read }).toEqual({ q, read: derived });
      }
    }
    expect(await remake()).toBeGreaterThan(0);
    const q = { indicator: RECIPIENTS, level: RankingLevel.OFFICE, period: '2020' };
    const { read, derived, statements } = await both(q);
    expect(read).toEqual(derived);
    expect(statements).toBe(1);
  });

  it('leaves the snapshots alone when a new document is registered, until figures name it', async () => {
    const before = (await kept()).length;
    await hub.db.pool.query(
      `INSERT INTO sources (document_key, title, publisher, report_year, format, sha256)
       VALUES ('test:new-document', 'Ny rapport (oppdiktet)', 'Testkommune (oppdiktet)', 2025, 'curator-csv', repeat('0', 64))`,
    );
    expect((await kept()).length).toBe(before);
  });

  it('has a trigger that forgets snapshots on every table the ranking statement reads', async () => {
    const { rows: tables } = await hub.db.pool.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()');
    const read = tables.map((t) => t.name).filter((name) => new RegExp(`\\b(FROM|JOIN)\\s+${name}\\b`).test(RANKING_SQL.replace(/--[^\n]*/g, '')));
    const fragments = ['offices', 'office_areas', 'municipalities', 'municipality_codes', 'counties', 'populations', 'municipality_peer_groups'];
    const expected = [...new Set([...read, ...fragments])].sort();
    expect(expected).toEqual(expect.arrayContaining(['current_figures', 'indicators', 'observations', 'raw_indicators', 'sources', 'targets']));
    const { rows: watched } = await hub.db.pool.query<{ name: string }>(
      `SELECT DISTINCT c.relname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND t.tgname LIKE 'ranking_snapshots_forget%'`,
    );
    expect(watched.map((w) => w.name).sort()).toEqual(expected);
  });
});

describe('snapshots made at start-up and when first asked', () => {
  it("start-up deletes the snapshots another release's ranking statement made, and keeps its own", async () => {
    await remake();
    const own = await kept();
    await hub.db.pool.query(`INSERT INTO ranking_snapshots (indicator_id, level, period, statement)
                             SELECT indicator_id, level, period, 'another-release' FROM ranking_snapshots WHERE statement = $1`, [SNAPSHOT_STATEMENT]);
    await hub.db.pool.query(`INSERT INTO ranking_snapshot_pages (ranking_indicator_id, ranking_level, ranking_period, ranking_statement, page, first_rank, unranked, rows)
                             SELECT indicator_id, level, period, 'another-release', 0, 1, false, '[["old"]]' FROM ranking_snapshots WHERE statement = $1`, [SNAPSHOT_STATEMENT]);
    await hub.db.transaction((client) => forgetOtherSnapshots(client));
    const { rows } = await hub.db.pool.query<{ keys: number; rows: number }>(
      `SELECT (SELECT count(*) FROM ranking_snapshots WHERE statement <> $1)::int AS keys,
              (SELECT count(*) FROM ranking_snapshot_pages WHERE ranking_statement <> $1)::int AS rows`,
      [SNAPSHOT_STATEMENT],
    );
    expect(rows[0]).toEqual({ keys: 0, rows: 0 });
    expect(await kept()).toEqual(own);
  });

  it('an import forgets the snapshots of its figures; the first ranking asked makes its own, and the next reads it in one statement', async () => {
    await remake();
    const q = { indicator: RECIPIENTS, level: RankingLevel.MUNICIPALITY, period: '2020' };
    const csv = [
      'area_kind,area_code,label,period,value,unit,indicator,source_title,publisher,report_year',
      `municipality,1804,Mottakere i løpet av året (oppdiktet),2020,1,persons,${RECIPIENTS},Rettet tall (oppdiktet),Bodø kommune (oppdiktet),2021`,
    ].join('\n');
    const report = await hub.services.imports.run({ document: csv, fileName: 'rettet.csv', format: 'curator-csv' });
    expect(report.status).toBe('created');
    expect(await kept(RECIPIENTS)).toEqual([]);

    const first = await both(q);
    expect(first.read).toEqual(first.derived);
    // The read that finds none; BEGIN, the claim, the rows made, the read, COMMIT.
    expect(first.statements).toBe(6);
    expect(await kept(RECIPIENTS)).toEqual([{ code: RECIPIENTS, level: 'municipality', period: '2020' }]);
    const bodø = (first.read as { rows: { code: string | null; value: number | null }[] }).rows.find((r) => r.code === '1804');
    expect(bodø?.value).toBe(1);

    const next = await both(q);
    expect(next.read).toEqual(first.read);
    expect(next.statements).toBe(1);
    // The same ranking cut at a top reads the same snapshot.
    const top = await both({ ...q, top: 5 });
    expect(top.read).toEqual(top.derived);
    expect(top.statements).toBe(1);
  });
});

describe.skipIf(!serverUrl)('snapshots made while other transactions write or ask (PostgreSQL server: the embedded database has one connection)', () => {
  it('is deleted by a write whose trigger ran while it was being made, once it is committed', async () => {
    await forgetRecipients();
    const maker = await hub.db.pool.connect();
    const writer = await hub.db.pool.connect();
    try {
      await maker.query('BEGIN');
      // Made from the figures as they are before the write below.
      expect(await makeRankingSnapshots(maker)).toBeGreaterThan(0);
      await writer.query('BEGIN');
      const writing = writer.query(
        `UPDATE current_figures SET value = value + 1
          WHERE indicator_id = (SELECT id FROM indicators WHERE code = $1) AND level = 'office' AND period = '2020' AND value IS NOT NULL`,
        [RECIPIENTS],
      );
      // The write's trigger waits for the snapshots being made.
      let waited = false;
      for (let i = 0; i < 50 && !waited; i++) {
        const { rows } = await hub.db.pool.query<{ waiting: number }>(
          "SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = (SELECT pid FROM pg_stat_activity WHERE query LIKE 'UPDATE current_figures SET value = value + 1%' AND state = 'active' LIMIT 1)",
        );
        waited = (rows[0]?.waiting ?? 0) > 0;
        if (!waited) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(waited).toBe(true);
      await maker.query('COMMIT');
      await writing;
      await writer.query('COMMIT');
    } finally {
      maker.release();
      writer.release();
    }
    expect(await kept(RECIPIENTS)).toEqual([]);
    const { read, derived } = await both({ indicator: RECIPIENTS, level: RankingLevel.OFFICE, period: '2020' });
    expect(read).toEqual(derived);
  });

  it('derives a ranking at once while an import holds the lock on the snapshots, and makes its snapshot when asked after', async () => {
    await forgetRecipients();
    const importing = await hub.db.pool.connect();
    try {
      await importing.query('BEGIN');
      await lockRankingSnapshots(importing);
      const q = { indicator: RECIPIENTS, level: RankingLevel.OFFICE, period: '2020' };
      const started = Date.now();
      const { read, derived } = await both(q);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(read).toEqual(derived);
      expect(await kept(RECIPIENTS)).toEqual([]);
      await importing.query('COMMIT');
      const after = await both(q);
      expect(after.read).toEqual(derived);
      expect(await kept(RECIPIENTS)).toEqual([{ code: RECIPIENTS, level: 'office', period: '2020' }]);
    } finally {
      await importing.query('ROLLBACK').catch(() => undefined);
      importing.release();
    }
  });

  it('makes one snapshot when several requests ask for the same missing ranking at once, and answers each as the statement does', async () => {
    await forgetRecipients();
    const q = { indicator: RECIPIENTS, level: RankingLevel.COUNTY, latest: true };
    const answers = await Promise.all(Array.from({ length: 6 }, () => ranking(hub.db, q)));
    const derived = await ranking(hub.db, q, { snapshots: false });
    for (const answer of answers) expect(answer).toEqual(derived);
    expect(await kept(RECIPIENTS)).toEqual([{ code: RECIPIENTS, level: 'county', period: LATEST }]);
    const { rows } = await hub.db.pool.query<{ n: number }>(
      `SELECT coalesce(sum(json_array_length(rows)), 0)::int AS n FROM ranking_snapshot_pages
        WHERE ranking_indicator_id = (SELECT id FROM indicators WHERE code = $1) AND ranking_statement = $2`,
      [RECIPIENTS, SNAPSHOT_STATEMENT],
    );
    expect(rows[0]?.n).toBe((derived.rows.length + derived.missing.length) || 1);
  });
});
