import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { packedColumnsSql } from '../../db/columns';
import { StatementVariants } from '../../db/variants';
import { RANKING_SQL, RANKING_VARIANTS_SPEC, RankingColumns } from './ranking.sql';

/**
 * Rankings read instead of derived: for every indicator, level and period with current figures,
 * the rows the ranking statement returns for the whole level with no option set (the question most
 * clients ask, and the bench's), and for the whole level with each unit on its latest figure
 * (`latest: true`, kept under the period ''), in pages of ranking_snapshot_pages (migrations
 * 1764460800006 and 1764460800008).
 *
 * Derived on each request, a national ranking cost PostgreSQL 5–7 ms (4,000 units about 70 ms),
 * spread over a dozen steps that each cost well under a millisecond; read, it costs a fraction of one.
 * What the rows are made from only changes when figures, targets, sources, the taxonomy or the
 * reference data are written, and triggers on those tables delete the snapshots a write may change in
 * the writing transaction. So a snapshot that is there is what the statement would return now.
 *
 * A snapshot that is not there is made by the first request that asks for it (`claimSnapshot`), and
 * by start-up for every ranking that has none; writers only forget. An import that made the
 * snapshots its figures forgot spent a quarter of its time on rankings nobody may ask for (21
 * rankings of 10,000 offices: 4.6 of 19 s), and every import of a document forgot and remade them
 * again.
 */

/** The hash of the statement that makes the rows: a hub with another statement never reads them. */
export const SNAPSHOT_STATEMENT = createHash('sha1').update(RANKING_SQL).digest('hex').slice(0, 16);

/** The ranking statement as `ranking()` runs it for a whole level with no option: `$1` indicator code, `$2` period (none in latest mode). */
const WHOLE_LEVEL = new StatementVariants('comparison.ranking.snapshot', RANKING_SQL, RANKING_VARIANTS_SPEC);

const LEVELS = ['office', 'municipality', 'county'] as const;
export type SnapshotLevel = (typeof LEVELS)[number];

/** The period under which a latest-mode ranking is kept: no period's name is empty. */
export const LATEST = '';

function wholeLevel(level: SnapshotLevel, latest: boolean): string {
  // The values only choose the variant: level and mode written in, a period given unless latest, every option absent.
  const statement = WHOLE_LEVEL.statement(['-', latest ? null : '-', latest, level, 'none', null, null, null, null, null, null, null, null, 'value', false, null]);
  const kept = latest ? 1 : 2;
  if (statement.values.length !== kept) throw new Error(`the whole-level ranking statement for ${level} keeps ${statement.values.length} parameters, not ${kept}`);
  return statement.text;
}

/** The order of a ranking's rows, as the statement returns them: the order of a snapshot's pages and of the rows in each. */
const RANKING_ORDER = 's.rank NULLS LAST, s.reason, s.name, s.code';

/**
 * The rows of a snapshot's page: 4,000 units are 40 values to send, and a page of 100 ranking rows,
 * some 40–70 KB of JSON, stays a string of ordinary size when pg reads it.
 */
const PAGE_ROWS = 100;

/**
 * The pages of one ranking's snapshot, in order, each a JSON array of rows in the statement's
 * order, each row its columns packed into one JSON array (`packedColumnsSql`, src/db/columns.ts;
 * read back with `readPackedPages`). With `top`, the pages that hold a row the cut keeps: one ranked
 * at `top` or better, or one not ranked (`cutAtTop` then cuts the rows). No page when there is no
 * snapshot: every snapshot has at least one row.
 * $1 statement hash, $2 indicator code, $3 level, $4 period (LATEST in latest mode), $5 top.
 */
export const SNAPSHOT_READ_SQL = `
SELECT p.rows
  FROM ranking_snapshot_pages p
 -- Every key column given, the indicator's too (not joined), so that the index gives the pages in order: no sort.
 WHERE p.ranking_indicator_id = (SELECT id FROM indicators WHERE code = $2::text) AND p.ranking_level = $3::text
   AND p.ranking_period = $4::text AND p.ranking_statement = $1::text
   AND ($5::int IS NULL OR p.unranked OR p.first_rank <= $5::int)
 ORDER BY p.page`;

/**
 * A snapshot's rows cut at `top` as the statement cuts them: the rows ranked at `top` or better and
 * every row not ranked (the missing units). The first row, which carries the ranking-wide values,
 * is ranked first and so always kept.
 */
export function cutAtTop<R extends { readonly rank: number | null }>(rows: R[], top: number | null): R[] {
  return top === null ? rows : rows.filter((r) => r.rank === null || r.rank <= top);
}

/**
 * Holds the lock on the snapshots until the caller's transaction ends, as every trigger that forgets
 * snapshots does (migration 1764460800006): a snapshot is made from figures no other transaction is
 * changing, and a write that forgets snapshots waits for one being made and then deletes it. Taken
 * first by an import, so that imports run one at a time and never wait for each other half-way.
 */
export async function lockRankingSnapshots(client: Pick<PoolClient, 'query'>): Promise<void> {
  await client.query(`/* ranking_snapshots.lock */ SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
}

/** The advisory lock on the snapshots, the same key as the triggers' (migration 1764460800006). */
const LOCK_KEY = `hashtext(current_schema() || ':ranking_snapshots')`;

/**
 * Makes every missing snapshot: of each indicator that ranks (a direction), level and period with
 * current figures, and of each such indicator and level in latest mode: at start-up, so that a hub
 * answers its first requests from snapshots. In the caller's transaction, waiting for and then
 * holding the lock on the snapshots; one statement per ranking made, none when nothing is missing.
 */
export async function makeRankingSnapshots(client: Pick<PoolClient, 'query'>): Promise<number> {
  await lockRankingSnapshots(client);
  const missing = await client.query<{ code: string; indicator_id: number; level: SnapshotLevel; period: string }>(
    `/* ranking_snapshots.missing */
     SELECT i.code, i.id AS indicator_id, k.level, k.period
       FROM (SELECT DISTINCT indicator_id, level, period FROM current_figures
             UNION ALL
             SELECT DISTINCT indicator_id, level, '${LATEST}' FROM current_figures) k
       JOIN indicators i ON i.id = k.indicator_id AND i.direction <> 'neither'
      WHERE NOT EXISTS (SELECT 1 FROM ranking_snapshots s
                         WHERE s.statement = $1 AND s.indicator_id = k.indicator_id AND s.level = k.level AND s.period = k.period)
      ORDER BY k.indicator_id, k.level, k.period`,
    [SNAPSHOT_STATEMENT],
  );
  for (const m of missing.rows) {
    await client.query('/* ranking_snapshots.key */ INSERT INTO ranking_snapshots (statement, indicator_id, level, period) VALUES ($1, $2, $3, $4)', [
      SNAPSHOT_STATEMENT,
      m.indicator_id,
      m.level,
      m.period,
    ]);
    await makePages(client, m);
  }
  return missing.rows.length;
}

/** A row of the statement (`s`) as the snapshot keeps it: its columns packed into one JSON array. */
const PACKED_ROW = packedColumnsSql(RankingColumns, 's');

/** Inserts the pages of one snapshot whose key was just inserted. */
async function makePages(client: Pick<PoolClient, 'query'>, m: { code: string; indicator_id: number; level: SnapshotLevel; period: string }): Promise<void> {
  // Prepared once per level and connection: planned for each ranking, the statement cost about as
  // much again as running it.
  const latest = m.period === LATEST;
  await client.query({
    name: `ranking_snapshots.make.${m.level}${latest ? '.latest' : ''}.${SNAPSHOT_STATEMENT}`,
    text: `INSERT INTO ranking_snapshot_pages (ranking_statement, ranking_indicator_id, ranking_level, ranking_period, page, first_rank, unranked, rows)
           SELECT $3::text, $4::int, '${m.level}', $2::text, (r.position - 1) / ${PAGE_ROWS}, min(r.rank), bool_or(r.rank IS NULL), json_agg(r.packed ORDER BY r.position)
             FROM (SELECT row_number() OVER (ORDER BY ${RANKING_ORDER}) AS position, s.rank, ${PACKED_ROW} AS packed
                     FROM (${wholeLevel(m.level, latest)}) s) r
            GROUP BY (r.position - 1) / ${PAGE_ROWS}`,
    values: [m.code, m.period, SNAPSHOT_STATEMENT, m.indicator_id],
  });
}

/**
 * Claims the key of one missing snapshot and, when this transaction may make it, makes it: when
 * the indicator ranks (a direction) and has current figures at that level (and period), and no
 * other transaction holds the lock on the snapshots. The lock is tried, not waited for: an import
 * holds it until it commits, and a request should not wait that long for what it can derive.
 * Held from here to the end of the caller's transaction, so the rows are made from figures no
 * other transaction is changing (`lockRankingSnapshots`). Returns 'made', 'there' (another
 * request made it first: read it in this transaction), or null (not to be made now: derive it).
 * $1 statement hash, $2 indicator code, $3 level, $4 period (LATEST in latest mode).
 */
export async function claimSnapshot(client: Pick<PoolClient, 'query'>, key: { indicator: string; level: SnapshotLevel; period: string }): Promise<'made' | 'there' | null> {
  const { rows } = await client.query<{ indicator_id: number | null; claimed: boolean }>({
    name: 'ranking_snapshots.claim',
    text: CLAIM_SQL,
    values: [SNAPSHOT_STATEMENT, key.indicator, key.level, key.period],
  });
  const claim = rows[0];
  if (!claim || claim.indicator_id === null) return null;
  if (!claim.claimed) return 'there';
  await makePages(client, { code: key.indicator, indicator_id: claim.indicator_id, level: key.level, period: key.period });
  return 'made';
}

const CLAIM_SQL = `/* ranking_snapshots.claim */
WITH wanted AS MATERIALIZED (
  SELECT i.id FROM indicators i
   WHERE i.code = $2::text AND i.direction <> 'neither'
     AND EXISTS (SELECT 1 FROM current_figures cf WHERE cf.indicator_id = i.id AND cf.level = $3::text AND ($4::text = '${LATEST}' OR cf.period = $4::text))
     AND pg_try_advisory_xact_lock(${LOCK_KEY})
),
claimed AS (
  INSERT INTO ranking_snapshots (statement, indicator_id, level, period)
  SELECT $1::text, w.id, $3::text, $4::text FROM wanted w
  ON CONFLICT DO NOTHING
  RETURNING indicator_id
)
SELECT (SELECT w.id FROM wanted w) AS indicator_id, EXISTS (SELECT 1 FROM claimed) AS claimed`;

/** Deletes the snapshots another ranking statement made (a hub of another release on this database). */
export async function forgetOtherSnapshots(client: Pick<PoolClient, 'query'>): Promise<void> {
  // The pages are read only when the keys name another statement: a restart of the same release reads the keys alone.
  await client.query(
    `/* ranking_snapshots.forget_others */
     DELETE FROM ranking_snapshot_pages WHERE ranking_statement <> $1 AND EXISTS (SELECT 1 FROM ranking_snapshots WHERE statement <> $1)`,
    [SNAPSHOT_STATEMENT],
  );
  await client.query('/* ranking_snapshots.forget_others */ DELETE FROM ranking_snapshots WHERE statement <> $1', [SNAPSHOT_STATEMENT]);
}

export const isSnapshotLevel = (level: string): level is SnapshotLevel => (LEVELS as readonly string[]).includes(level);
