import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Extension, PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { migrations } from '../../migrations';
import type { Logger } from '../logger';
import { entities } from './entities';
import { lockDataDir } from './lock';

export interface DatabaseOptions {
  /** A PostgreSQL server; without it the hub runs an embedded PGlite. */
  url?: string;
  /** Schema on the server; a fresh one per test run keeps runs apart. */
  schema?: string;
  /** Where the embedded database keeps its files; `memory://` keeps nothing. */
  dataDir?: string;
  logger?: Logger;
}

/** Counts every SQL statement sent, so that tests can prove the absence of N+1 queries. */
export class StatementCounter {
  count = 0;
}

/**
 * The hub's one way to the database. Writes go through TypeORM (entities, migrations,
 * transactions); read paths that return many rows use `sql`, a named prepared statement on the
 * same pool, so PostgreSQL plans them once and no entity is hydrated.
 */
export class Database {
  private constructor(
    /** Every statement sent, TypeORM's and the named ones alike. */
    readonly statements: StatementCounter,
    readonly dataSource: DataSource,
    readonly kind: 'embedded' | 'server',
    private readonly embedded?: { server: PGLiteSocketServer; db: PGlite; unlock?: () => void },
  ) {}

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
      const db = await PGlite.create(dataDir.startsWith('memory://') ? undefined : path.resolve(dataDir, 'pgdata'), {
        extensions: await pgliteExtensions(),
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
      entities,
      migrations,
      migrationsRun: false,
      synchronize: false,
      // PGlite is a single connection; a server gets a small pool.
      poolSize: embedded ? 1 : 10,
      extra: {
        ...(schema === 'public' ? {} : { options: `-c search_path=${schema}` }),
        ...(embedded ? embeddedPoolOptions : {}),
      },
      logger: new CountingLogger(counter, options.logger),
      logging: true,
    });
    if (!embedded && schema !== 'public') await createSchema(url, schema);
    await dataSource.initialize();
    return new Database(counter, dataSource, embedded ? 'embedded' : 'server', embedded);
  }

  get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** Runs a named prepared statement and returns its rows. Names must be unique per SQL text. */
  async sql<T extends QueryResultRow = QueryResultRow>(name: string, text: string, values: unknown[] = []): Promise<T[]> {
    this.statements.count++;
    const result = await this.pool.query<T>({ name, text, values });
    return result.rows;
  }

  /** Runs `work` in one transaction on one connection; anything it throws rolls everything back. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const counted = countingClient(client, this.statements);
    try {
      await counted.query('BEGIN');
      const result = await work(counted);
      await counted.query('COMMIT');
      return result;
    } catch (error) {
      await counted.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
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
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.embedded) {
      await this.embedded.server.stop();
      await this.embedded.db.close();
      this.embedded.unlock?.();
    }
  }
}

/**
 * The contrib extensions the migrations create (accent-free search: unaccent, pg_trgm). A server
 * ships them with PostgreSQL; PGlite loads each from its own bundle. TypeScript's "node" module
 * resolution cannot see the package's subpath exports (Node and Vitest can), hence the computed import.
 */
async function pgliteExtensions(): Promise<Record<string, Extension>> {
  const load = async (name: string) => ((await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, Extension>)[name];
  return { unaccent: await load('unaccent'), pg_trgm: await load('pg_trgm') };
}

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
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as PoolClient;
}

async function createSchema(url: string, schema: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
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
