import type { Pool } from 'pg';
import type { Logger } from '../logger';

/** How long reads stay on the primary after the standby was lost. */
const LOST_FOR_MS = 5000;
/** How long a read waits to learn how far the standby has replayed before it goes to the primary. */
const CHECK_TIMEOUT_MS = 1000;

/** A WAL position as PostgreSQL writes it ("16/B374D848"), as a number that compares. */
export function parseLsn(lsn: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn.trim());
  if (!match) throw new Error(`"${lsn}" is not a WAL position (e.g. 16/B374D848)`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** Reads sent to the standby, and reads it could not take (behind the hub's writes, or lost). */
export interface ReplicaCounts {
  reads: number;
  onPrimary: number;
}

/**
 * A streaming standby of the hub's database that takes its reads (DATABASE_READ_URL), never one
 * that could answer with figures from before a write the hub knows of.
 *
 * A standby replays the primary's WAL a little later. An answer computed on it just after an
 * import would hold the figures from before, and the response cache would keep it under the new
 * generation. So every committed write that changes figures records the primary's WAL position
 * (`require`, through src/cache/data-changes.ts; other hubs learn it with the cache generation in
 * Redis), and a read goes to the standby only once it has replayed that far
 * (`pg_last_wal_replay_lsn()`, asked only while it is behind). Until then, and for a few seconds
 * after the standby was lost, reads go to the primary: slower, never older.
 */
export class ReadReplica {
  readonly counts: ReplicaCounts = { reads: 0, onPrimary: 0 };
  /** The WAL position every read must include. */
  private required = 0n;
  /** How far the standby was last seen to have replayed. */
  private replayed = 0n;
  private lostUntil = 0;
  private checking: Promise<void> | null = null;

  constructor(
    readonly pool: Pool,
    private readonly logger?: Logger,
  ) {}

  /** A write that changes figures was committed at `lsn` (the primary's `pg_current_wal_lsn()`). */
  require(lsn: string): void {
    const position = parseLsn(lsn);
    if (position > this.required) this.required = position;
  }

  /** The standby when it may take a read now; null: send it to the primary. */
  async forRead(): Promise<Pool | null> {
    if (Date.now() < this.lostUntil) return this.onPrimary();
    if (this.replayed < this.required) {
      await this.askStandby();
      if (this.replayed < this.required || Date.now() < this.lostUntil) return this.onPrimary();
    }
    this.counts.reads++;
    return this.pool;
  }

  /**
   * Where the standby stands, for /readyz: 'in step' (reads go to it), 'behind' (it has not yet
   * replayed the last write the hub knows of; reads go to the primary) or 'unreachable'.
   */
  async status(): Promise<'in step' | 'behind' | 'unreachable'> {
    if (Date.now() >= this.lostUntil && this.replayed < this.required) await this.askStandby();
    if (Date.now() < this.lostUntil) return 'unreachable';
    return this.replayed < this.required ? 'behind' : 'in step';
  }

  /** The standby's connection was lost: reads go to the primary for a while. */
  lost(error: unknown): void {
    if (Date.now() >= this.lostUntil) this.logger?.warn({ err: error }, `the read replica is not reachable; reads go to the primary for ${LOST_FOR_MS / 1000} s`);
    this.lostUntil = Date.now() + LOST_FOR_MS;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private onPrimary(): null {
    this.counts.onPrimary++;
    return null;
  }

  /** Asks the standby how far it has replayed; one question at a time, however many reads wait for it. */
  private askStandby(): Promise<void> {
    this.checking ??= this.check().finally(() => (this.checking = null));
    return this.checking;
  }

  private async check(): Promise<void> {
    const wanted = this.required;
    let timer: NodeJS.Timeout | undefined;
    try {
      // A standby that accepts connections but does not answer must not hold the reads up.
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the read replica did not say how far it has replayed within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      });
      const { rows } = await Promise.race([this.pool.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn'), late]);
      const lsn = rows[0]?.lsn ?? null;
      // Null: not a standby (the URL names the primary itself), which has every write.
      const replayed = lsn === null ? wanted : parseLsn(lsn);
      if (replayed > this.replayed) this.replayed = replayed;
    } catch (error) {
      this.lost(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Refuses a read URL that is not a standby of the primary (another cluster would answer with
 * other figures): a physical standby has its primary's system identifier. Where the role may not
 * read it (pg_control_system() is for superusers unless granted), says so and trusts the setting.
 */
export async function checkStandbyOf(primary: Pool, replica: Pool, isConnectionError: (error: unknown) => boolean, logger?: Logger): Promise<void> {
  const identifier = async (pool: Pool) =>
    (await pool.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')).rows[0]?.id;
  let ids: [string | undefined, string | undefined];
  try {
    ids = await Promise.all([identifier(primary), identifier(replica)]);
  } catch (error) {
    if ((error as { code?: string }).code === '42501') {
      logger?.warn('cannot check that DATABASE_READ_URL is a standby of DATABASE_URL (the role may not run pg_control_system()); trusting the setting');
      return;
    }
    if (!isConnectionError(error)) throw error;
    // An unreachable standby is not a reason to stay down: reads go to the primary until it answers.
    logger?.warn({ err: error }, 'the read replica is not reachable at start-up; reads go to the primary until it is');
    return;
  }
  if (ids[0] !== ids[1]) {
    throw new Error(
      `DATABASE_READ_URL is not a standby of DATABASE_URL: their system identifiers differ (${ids[1]} against ${ids[0]}). Give the URL of a streaming replica of the same server, or leave DATABASE_READ_URL unset.`,
    );
  }
}
