import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import type { z } from 'zod';
import { migrations } from '../../migrations';
import type { Logger } from '../logger';
import { embeddedStartParams, hasDataDir, initDataDir, pgliteExtensions, useWasmCompiler, type WasmCompiler } from './pglite';
import { lockDataDir } from './lock';
import { type ColumnReader, type ColumnSpec, readColumns, readPackedPages, type SpecRow } from './columns';
import { parseRows } from './rows';
import { withRowObjects } from './row-objects';
import { checkStandbyOf, ReadReplica } from './replica';
import { onConnectSetUp, schemaOption, setUpServerSession } from './session';

export interface DatabaseOptions {
  /** A PostgreSQL server; without it the hub runs an embedded PGlite. */
  url?: string;
  /** A streaming standby of `url` that takes reads once it has replayed the hub's writes (src/db/replica.ts). */
  readUrl?: string;
  /** Schema on the server; a fresh one per test run keeps runs apart. */
  schema?: string;
  /** Where the embedded database keeps its files; `memory://` keeps nothing. */
  dataDir?: string;
  /** How V8 compiles the embedded database (src/db/pglite.ts); 'baseline' unless told. */
  wasmCompiler?: WasmCompiler;
  /**
   * Makes a data folder's new database (`pgdata`, which does not exist yet) while this process holds
   * the folder's lock: unless told, initdb in a child process. The hub also loads its seed there
   * (src/first-start.ts); that child's own function does nothing, so its PGlite runs initdb itself.
   */
  createDataDir?: (pgdata: string, startParams: readonly string[]) => Promise<void>;
  logger?: Logger;
  /** A statement slower than this is logged as slow (ms); 0 logs none. */
  slowQueryMs?: number;
  /**
   * A data directory dumped by PGlite (`dumpDataDir`) that an in-memory embedded database starts
   * from instead of running initdb: a copy of a migrated or loaded database in under a second,
   * where initdb takes three to five. Only with `memory://`.
   */
  initialData?: Blob;
}

/** Counts every SQL statement sent, so that tests can prove the absence of N+1 queries. */
export class StatementCounter {
  count = 0;
}

/**
 * The hub's one way to the database. TypeORM holds the connection pool and runs the migrations;
 * it maps no entities. Reads are named prepared statements (`sql`), so PostgreSQL plans each
 * once; writes are set-based statements inside `transaction`, a statement per table rather than
 * a row per object.
 */
export class Database {
  /** Per statement name: whether it only reads, and so may go to the read replica. */
  private readonly readOnly = new Map<string, boolean>();

  private constructor(
    /** Every statement sent, TypeORM's and the named ones alike. */
    readonly statements: StatementCounter,
    readonly dataSource: DataSource,
    readonly kind: 'embedded' | 'server',
    private readonly embedded?: { server: PGLiteSocketServer; db: PGlite; unlock?: () => void },
    private logger?: Logger,
    private slowQueryMs = 0,
    /** The standby that takes reads, when DATABASE_READ_URL is set. */
    readonly replica?: ReadReplica,
  ) {}

  /** Logs every named statement slower than `ms` (0: none) as a "slow query" line. */
  logSlowQueries(ms: number, logger: Logger): void {
    this.slowQueryMs = ms;
    this.logger = logger;
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const counter = new StatementCounter();
    let embedded: { server: PGLiteSocketServer; db: PGlite; unlock?: () => void } | undefined;
    let url = options.url;
    const schema = options.schema ?? 'public';
    if (!url) {
      const dataDir = options.dataDir ?? 'memory://';
      let unlock: (() => void) | undefined;
      if (!dataDir.startsWith('memory://')) {
        mkdirSync(path.resolve(dataDir), { recursive: true });
        unlock = lockDataDir(path.resolve(dataDir));
      }
      useWasmCompiler(options.wasmCompiler ?? 'baseline');
      const startParams = await embeddedStartParams();
      const pgdata = dataDir.startsWith('memory://') ? undefined : path.resolve(dataDir, 'pgdata');
      if (pgdata && !hasDataDir(pgdata)) {
        try {
          await (options.createDataDir ?? ((dir, params) => initDataDir(dir, params, options.wasmCompiler)))(pgdata, startParams);
        } catch (error) {
          unlock?.();
          throw error;
        }
      }
      if (options.initialData && pgdata) throw new Error('initialData starts an in-memory embedded database only; a data folder keeps its own files');
      // Loaded here, not at the top: a hub on a server never needs PGlite.
      const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite-socket')]);
      const db = await PGlite.create(pgdata, {
        extensions: await pgliteExtensions(),
        startParams,
        ...(options.initialData ? { loadDataDir: options.initialData } : {}),
      });
      // PGlite speaks the wire protocol through this socket, so the embedded and the server
      // database share one driver (pg), one TypeORM dialect and the same prepared statements.
      // The pool holds one connection, but pg drops a connection after a failed query and opens
      // a new one before the socket server has let go of the old: leave room for that overlap.
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
      await server.start();
      const address = server.getServerConn();
      url = `postgres://postgres@${address}/postgres`;
      embedded = { server, db, unlock };
    }
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      schema,
      migrations,
      migrationsRun: false,
      synchronize: false,
      // PGlite is a single connection; a server gets a small pool.
      poolSize: embedded ? 1 : 10,
      extra: {
        ...(embedded ? embeddedPoolOptions : serverPoolOptions),
        ...schemaOption(schema),
        onConnect: async (client: PoolClient) => {
          // pg emits 'error' on a checked-out client whose connection is lost (a restarted
          // server, a terminated backend); with no listener, Node ends the process. The query
          // in flight rejects anyway, so the listener only has to note it.
          client.on('error', (error) => options.logger?.warn({ err: error }, 'database connection lost'));
          if (embedded) await embeddedPoolOptions.onConnect(client);
          else await setUpServerSession(client);
        },
      },
      logger: new CountingLogger(counter, options.logger),
      logging: true,
      ...(options.slowQueryMs ? { maxQueryExecutionTime: options.slowQueryMs } : {}),
    });
    try {
      if (!embedded && schema !== 'public') await createSchema(url, schema);
      await dataSource.initialize();
    } catch (error) {
      if (embedded) {
        await embedded.server.stop();
        await embedded.db.close();
        embedded.unlock?.();
      }
      throw isConnectionError(error) ? new DatabaseUnavailableError(describeConnectionError(error, url), { cause: error }) : error;
    }
    let replica: ReadReplica | undefined;
    if (options.readUrl) {
      if (embedded) throw new Error('DATABASE_READ_URL needs DATABASE_URL: the embedded database has no replicas');
      const { Pool } = await import('pg');
      const readPool = new Pool({
        connectionString: options.readUrl,
        max: 10,
        ...serverPoolOptions,
        ...schemaOption(schema),
        onConnect: onConnectSetUp,
      });
      readPool.on('error', (error) => options.logger?.warn({ err: error }, 'idle read replica connection lost'));
      readPool.on('connect', (client) => client.on('error', (error) => options.logger?.warn({ err: error }, 'read replica connection lost')));
      try {
        await checkStandbyOf((dataSource.driver as unknown as { master: Pool }).master, readPool, isConnectionError, options.logger);
      } catch (error) {
        await readPool.end();
        await dataSource.destroy();
        throw error;
      }
      replica = new ReadReplica(readPool, options.logger);
    }
    const database = new Database(counter, dataSource, embedded ? 'embedded' : 'server', embedded, options.logger, options.slowQueryMs ?? 0, replica);
    // An idle connection that the server drops is removed by the pool, which then emits 'error'.
    database.pool.on('error', (error) => options.logger?.warn({ err: error }, 'idle database connection lost'));
    return database;
  }

  /**
   * The embedded database itself, for what its socket does not carry (COPY from the client,
   * src/db/batch.ts); undefined on a server.
   */
  get embeddedDatabase(): PGlite | undefined {
    return this.embedded?.db;
  }

  get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /**
   * Runs a named prepared statement and returns its rows. Names must be unique per SQL text.
   * A read that loses its connection (a restarted server) is tried once more: the pool drops
   * the broken connection, so the second try runs on another one. A second loss, or a lost
   * write, is a DatabaseUnavailableError.
   */
  async sql<T extends QueryResultRow = QueryResultRow>(name: string, text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.result<T>(name, text, values)).rows;
  }

  private async result<T extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<QueryResult<T>> {
    try {
      return await this.timedQuery<T>(name, text, values);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      if (!isRead(text)) throw new DatabaseUnavailableError('the database connection was lost during a write', { cause: error });
      this.logger?.warn({ err: error, statement: name }, 'database connection lost; trying the read once more');
      await delay(RETRY_DELAY_MS);
      try {
        return await this.timedQuery<T>(name, text, values);
      } catch (again) {
        throw isConnectionError(again) ? new DatabaseUnavailableError('the database is not reachable', { cause: again }) : again;
      }
    }
  }

  /**
   * Runs a named statement like `sql` and checks every row against `schema` (src/db/rows.ts):
   * a row of another shape is a RowShapeError naming the statement, the row and the field.
   */
  async rows<S extends z.ZodType>(schema: S, name: string, text: string, values: unknown[] = []): Promise<z.output<S>[]> {
    return parseRows(schema, name, await this.sql(name, text, values));
  }

  /**
   * Runs a named statement like `sql` and reads its rows with typed columns (src/db/columns.ts):
   * the column names and types checked once per result, null and enumerated words per row. For a
   * statement whose rows are too many to check with zod.
   */
  async columns<S extends ColumnSpec>(reader: ColumnReader<S>, name: string, text: string, values: unknown[] = []): Promise<SpecRow<S>[]> {
    const result = await this.result(name, text, values);
    return readColumns(reader, name, result.fields, result.rows);
  }

  /**
   * Runs a named statement whose one column holds pages of rows packed by `packedColumnsSql` and
   * reads the rows back with `readPackedPages` (src/db/columns.ts), each value checked against `reader`.
   */
  async packed<S extends ColumnSpec>(reader: ColumnReader<S>, name: string, text: string, values: unknown[] = []): Promise<SpecRow<S>[]> {
    return readPackedPages(reader, name, await this.result(name, text, values));
  }

  private async timedQuery<T extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<QueryResult<T>> {
    this.statements.count++;
    const started = performance.now();
    const result = await this.send<T>(name, text, values);
    const ms = performance.now() - started;
    if (this.slowQueryMs && ms > this.slowQueryMs) this.logger?.warn({ statement: name, ms: Math.round(ms), rows: result.rowCount }, 'slow query');
    return result;
  }

  /** A read goes to the replica when there is one that has replayed the hub's writes; a read it loses is sent to the primary at once. */
  private async send<T extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<QueryResult<T>> {
    // Rows as arrays, made into objects by src/db/row-objects.ts: pg's own objects cost several times their size in garbage.
    const query = { name, text, values, rowMode: 'array' as const };
    const standby = this.replica && this.reads(name, text) ? await this.replica.forRead() : null;
    if (!standby) return withRowObjects<T>(await this.pool.query<unknown[]>(query));
    try {
      return withRowObjects<T>(await standby.query<unknown[]>(query));
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      this.replica?.lost(error);
      return withRowObjects<T>(await this.pool.query<unknown[]>(query));
    }
  }

  /** Whether the named statement only reads, worked out once per name (the ranking's text is 15 KB). */
  private reads(name: string, text: string): boolean {
    let read = this.readOnly.get(name);
    if (read === undefined) this.readOnly.set(name, (read = isRead(text)));
    return read;
  }

  /**
   * After a committed write that changes figures: the primary's WAL position, which reads on the
   * replica must include from now on (src/db/replica.ts); null without a replica.
   */
  async written(): Promise<string | null> {
    if (!this.replica) return null;
    const { rows } = await this.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const lsn = rows[0]?.lsn ?? null;
    if (lsn) this.replica.require(lsn);
    return lsn;
  }

  /** Another hub wrote at `lsn` (it came with the cache generation): reads must include it. */
  writtenElsewhere(lsn: string): void {
    this.replica?.require(lsn);
  }

  /**
   * Runs `work` in one transaction on one connection; anything it throws rolls everything back.
   * A connection lost on the way (the server restarted, the backend was terminated) leaves
   * nothing written: the server rolls back an open transaction whose connection ends.
   */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw isConnectionError(error) ? new DatabaseUnavailableError('the database is not reachable; nothing was written', { cause: error }) : error;
    }
    const counted = countingClient(client, this.statements);
    let broken: Error | undefined;
    try {
      await counted.query('BEGIN');
      const result = await work(counted);
      await counted.query('COMMIT');
      return result;
    } catch (error) {
      if (isConnectionError(error)) {
        broken = error as Error;
        throw new DatabaseUnavailableError('the database connection was lost during the transaction; nothing was written', { cause: error });
      }
      await counted.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A broken connection is closed, never handed to the next request.
      client.release(broken);
    }
  }

  async migrate(): Promise<string[]> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  }

  async pendingMigrations(): Promise<boolean> {
    return this.dataSource.showMigrations();
  }

  async ping(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
    } catch (error) {
      throw isConnectionError(error) ? new DatabaseUnavailableError('the database is not reachable', { cause: error }) : error;
    }
  }

  async close(): Promise<void> {
    await this.replica?.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.embedded) {
      await this.embedded.server.stop();
      await this.embedded.db.close();
      this.embedded.unlock?.();
    }
  }
}

/**
 * Without a bound, a connection attempt to a server that does not answer (a dropped network, a
 * paused host) waits forever and so does every request behind it.
 *
 * Idle connections are kept (pg's pool closes them after 10 s by default): a connection holds the
 * rankings' prepared statements and the generic plans PostgreSQL settles on after five runs, and a
 * new one plans every statement again (about 5 ms of the server's CPU per national ranking, against
 * 6 ms to run it), so a hub that paused for ten seconds answered its next burst at half speed.
 */
const serverPoolOptions = {
  connectionTimeoutMillis: 5000,
  keepAlive: true,
  idleTimeoutMillis: 0,
};

const embeddedPoolOptions = {
  // The one connection stays open; pg's pool would otherwise close it after 10 s idle.
  idleTimeoutMillis: 0,
  // Behind the socket, PGlite is one session for every connection: statements prepared on a
  // closed connection are still there, while pg's next connection believes it has none and
  // would fail with "prepared statement ... already exists". So each connection starts clean.
  onConnect: async (client: PoolClient) => {
    await client.query('DEALLOCATE ALL');
  },
};

function countingClient(client: PoolClient, counter: StatementCounter): PoolClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (...args: unknown[]) => {
          counter.count++;
          return (target.query as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function createSchema(url: string, schema: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: serverPoolOptions.connectionTimeoutMillis });
  client.on('error', () => undefined);
  await client.connect();
  try {
    // The schema name was validated as a plain identifier by the configuration.
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

class CountingLogger implements TypeOrmLogger {
  constructor(
    private readonly counter: StatementCounter,
    private readonly logger?: Logger,
  ) {}

  logQuery(query: string): void {
    this.counter.count++;
    this.logger?.trace({ sql: query }, 'sql');
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger?.debug({ err: error, sql: query }, 'sql failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger?.warn({ ms: time, sql: query }, 'slow sql');
  }
  logSchemaBuild(message: string): void {
    this.logger?.debug(message);
  }
  logMigration(message: string): void {
    this.logger?.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn(String(message));
    else this.logger?.debug(String(message));
  }
}

const RETRY_DELAY_MS = 100;

/** The database cannot be used right now (unreachable, restarting, connection lost); the client may try again. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/**
 * Whether an error means the connection, not the statement, failed: the network codes of Node,
 * PostgreSQL's class 08 (connection exception) and 57P01-57P03 (terminated by an administrator,
 * crash shutdown, cannot connect now), and pg's own messages for a connection that ended.
 */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const driverError = (error as { driverError?: unknown }).driverError;
  if (driverError && driverError !== error && isConnectionError(driverError)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError && error.errors.some(isConnectionError)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|ECONNREFUSED|ECONNRESET/i.test(error.message);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03']);

/** A statement that only reads: safe to send twice. */
function isRead(text: string): boolean {
  const sql = text.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').trim();
  return /^(select|with|values|table)\b/i.test(sql) && !/\b(insert|update|delete|merge|truncate|nextval|setval|pg_advisory|share)/i.test(sql);
}

/** One line that says where the hub tried to connect and what happened, without the password. */
export function describeConnectionError(error: unknown, url: string): string {
  if (error instanceof DatabaseUnavailableError && error.cause) return describeConnectionError(error.cause, url);
  let where = 'the database';
  try {
    const parsed = new URL(url);
    where = `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}`;
  } catch {
    // The configuration validated the URL; keep the generic wording if it still does not parse.
  }
  const errors = error instanceof AggregateError ? error.errors : [error];
  const first = errors[0] as { code?: string; message?: string } | undefined;
  const reason = first?.code && /^E[A-Z]+$/.test(first.code) ? first.code : (first?.message ?? String(error));
  return `${where} is not reachable (${reason})`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
