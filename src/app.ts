import 'reflect-metadata';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { dataChanged } from './cache/data-changes';
import { ResponseCache, responseCachePlugin } from './cache/response-cache';
import type { Config } from './config';
import { type Context, createContext, type Principal } from './context';
import { Database } from './db/database';
import { withStartUpLock } from './db/start-up-lock';
import { createSeededDataDir } from './first-start';
import type { Logger } from './logger';
import { buildHubSchema } from './schema/build';
import { migrateAndSeed } from './seed';
import { ApiKeys } from './server/auth';
import { formatError, serviceUnavailablePlugin } from './server/errors';
import { exploreSite } from './server/explore';
import { compiledQueryGateway } from './server/executor';
import { createHttpServer, type RouteHandler, sendJson, shutdownHttp } from './server/http';
import { answerSlotPlugin } from './server/answer';
import { stringifyAnswer } from './server/json';
import { costLimitPlugin, queryLimits } from './server/limits';
import { requestLogger, requestLogPlugin } from './server/request-log';
import { extraRoutes, playground } from './server/routes';
import type { Services } from './services';

export interface Hub {
  db: Database;
  services: Services;
  apollo: ApolloServer<Context>;
  server: Server;
  apiKeys: ApiKeys;
  /** The response cache of anonymous reads; null when CACHE_TTL_SECONDS is 0. */
  cache: ResponseCache | null;
  /** Starts listening; resolves to the URL of the GraphQL endpoint. */
  listen(port?: number, host?: string): Promise<string>;
  /** Runs one operation as a request would, without HTTP. */
  execute<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, principal?: Principal | null): Promise<{ data?: T; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

export interface HubOptions {
  /** An already open database (tests); otherwise one is opened from the configuration. */
  db?: Database;
  /** A server already listening (start-up, see server/startup.ts); otherwise a new one. */
  server?: Server;
}

export async function createHub(config: Config, logger: Logger, options: HubOptions = {}): Promise<Hub> {
  const apiKeys = ApiKeys.fromConfig(config);
  const db =
    options.db ??
    (await Database.open({
      url: config.DATABASE_URL,
      readUrl: config.DATABASE_READ_URL,
      schema: config.DATABASE_SCHEMA,
      dataDir: config.DATA_DIR,
      wasmCompiler: config.EMBEDDED_WASM_COMPILER,
      logger,
      slowQueryMs: config.SLOW_QUERY_MS,
      // A new embedded database is made and seeded in a child process, so that this process's
      // PGlite never grows for the seed; the migrations and the seed below then find nothing to do.
      createDataDir: (pgdata) => createSeededDataDir(pgdata, { seed: config.SEED, maxUploadBytes: config.MAX_UPLOAD_BYTES, logLevel: logger.level }, logger),
    }));
  db.logSlowQueries(config.SLOW_QUERY_MS, logger);
  let services: Services;
  let cache: ResponseCache | null = null;
  try {
    // Before seeding, so that what the seed imports reaches the caches of the other hubs.
    cache = await ResponseCache.create(config, db, logger);
    // Several hubs starting at once on a new database: one migrates and seeds, the others wait.
    services = await withStartUpLock(db, async () => {
      const started = await migrateAndSeed(db, { seed: config.SEED, maxUploadBytes: config.MAX_UPLOAD_BYTES }, logger);
      // The seed also loads reference data and the taxonomy outside imports; a new release of
      // them must not be hidden by answers that other hubs cached before.
      if (config.SEED) await dataChanged(db);
      // Reads on a replica wait until it has the migrations and the seed (src/db/replica.ts).
      else await db.written();
      return started;
    });
  } catch (error) {
    await cache?.close().catch(() => undefined);
    // A database lost half-way through start-up is tried again from the start; the pool must not stay behind.
    if (!options.db) await db.close().catch(() => undefined);
    throw error;
  }

  const schema = await buildHubSchema();
  const apollo = new ApolloServer<Context>({
    gateway: compiledQueryGateway(schema),
    introspection: true,
    validationRules: queryLimits({
      maxDepth: config.MAX_QUERY_DEPTH,
      maxAliases: config.MAX_ALIASES,
      maxDirectives: config.MAX_DIRECTIVES,
      maxFields: config.MAX_QUERY_FIELDS,
    }),
    parseOptions: { maxTokens: config.MAX_TOKENS },
    // Shared by the hubs through Redis, so that a hash registered through one is known to all.
    ...(cache?.persistedQueryCache() ? { persistedQueries: { cache: cache.persistedQueryCache() } } : {}),
    formatError: formatError(logger),
    // Long answers in slices, never one string or buffer over 128 KB (server/json.ts).
    stringifyResult: stringifyAnswer,
    includeStacktraceInErrorResponses: false,
    // main.ts shuts the whole hub down; Apollo's own handler would stop only itself and then
    // re-raise the signal, killing the process before the embedded database is closed.
    stopOnTerminationSignals: false,
    plugins: [
      // Cache hints are not used; measured here, the plugin alone nearly halves throughput.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      costLimitPlugin(schema, config.MAX_QUERY_COST),
      serviceUnavailablePlugin(),
      requestLogPlugin(),
      answerSlotPlugin(),
      ...(cache ? [responseCachePlugin()] : []),
    ],
  });
  await apollo.start();

  const contextFor = async (req: IncomingMessage) => createContext(services, logger, apiKeys.authenticate(req.headers));
  const health: Record<string, RouteHandler> = {
    '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    '/readyz': async (_req, res) => {
      try {
        await db.ping();
        const pending = await db.pendingMigrations();
        // A standby that is behind or away does not make the hub unready: its reads go to the primary.
        const replica = db.replica ? { readReplica: await db.replica.status() } : {};
        sendJson(res, pending ? 503 : 200, { status: pending ? 'migrations pending' : 'ready', database: db.kind, ...replica });
      } catch (error) {
        logger.warn({ err: error }, 'readiness check failed');
        res.setHeader('retry-after', '5');
        sendJson(res, 503, { status: 'database unreachable', reason: (error as Error).message, database: db.kind });
      }
    },
  };
  const server = createHttpServer({
    apollo,
    context: contextFor,
    routes: { ...health, ...extraRoutes({ services, logger, apiKeys, config }) },
    playground,
    site: exploreSite().handler,
    maxBodyBytes: config.MAX_UPLOAD_BYTES,
    onError: (error) => logger.error({ err: error }, 'request failed'),
    onDone: requestLogger(logger, config.SLOW_QUERY_MS),
    server: options.server,
    cache,
  });

  return {
    db,
    services,
    apollo,
    server,
    apiKeys,
    cache,
    listen(port = config.PORT, host = config.HOST) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}/graphql`);
        });
      });
    },
    async execute(query, variables, principal = null) {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(services, logger, principal) });
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used by this hub');
      return response.body.singleResult as never;
    },
    async close() {
      // Requests in flight finish (within SHUTDOWN_TIMEOUT_MS) before the database closes under them.
      const drained = await shutdownHttp(server, config.SHUTDOWN_TIMEOUT_MS);
      if (drained === 'timed out') logger.warn({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'requests still running at shutdown were cut off');
      await apollo.stop();
      await cache?.close();
      await db.close();
    },
  };
}
