import { z } from 'zod';
import { DatabaseUrlError, normaliseDatabaseUrl, redactDatabaseUrl } from './db/database-url';

/** A PostgreSQL URL, its password encoded where it needs to be (src/db/database-url.ts). */
const databaseUrl = z.string().transform((v, ctx) => {
  try {
    return normaliseDatabaseUrl(v);
  } catch (error) {
    if (!(error instanceof DatabaseUrlError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

/**
 * Every setting the hub reads, validated in one place. A bad value stops start-up with a
 * message that names the variable and says what it expects.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** A password with `/` or `#` (openssl rand -base64) is encoded here; see src/db/database-url.ts. */
  DATABASE_URL: databaseUrl.optional(),
  /**
   * A streaming standby of DATABASE_URL that takes the reads once it has replayed the hub's writes
   * (src/db/replica.ts); imports and every other write go to DATABASE_URL.
   */
  DATABASE_READ_URL: databaseUrl.optional(),
  /** Schema to use on a PostgreSQL server; lets several runs share one database. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
    .default('public'),
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * How V8 compiles the embedded PostgreSQL: 'baseline' (Liftoff only) keeps the process about
   * 40 MB smaller and costs about a third more CPU per statement than 'optimising' (TurboFan).
   * Node 22 and later take it only from node's command line (src/db/pglite.ts).
   */
  EMBEDDED_WASM_COMPILER: z.enum(['baseline', 'optimising']).default('baseline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load reference data, the taxonomy and the sample reports at start-up (idempotent). */
  SEED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Curator API keys: comma-separated `name:key` pairs. */
  API_KEYS: z.string().optional(),
  /** A file with one `name:key` pair per line, for keys kept out of the environment. */
  API_KEYS_FILE: z.string().optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  MAX_QUERY_COST: z.coerce.number().int().min(10).default(10000),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  /** Aliases per operation (graphql-armor); 2,000 aliases of one field held the event loop for seconds. */
  MAX_ALIASES: z.coerce.number().int().min(1).default(50),
  /** Directives per operation (graphql-armor). */
  MAX_DIRECTIVES: z.coerce.number().int().min(1).default(50),
  /** Lexical tokens per document; graphql-js stops parsing beyond it. */
  MAX_TOKENS: z.coerce.number().int().min(100).default(5000),
  /** Fields per operation with every fragment spread out; fragments that double at each level exceed it. */
  MAX_QUERY_FIELDS: z.coerce.number().int().min(10).default(2000),
  /** A SQL statement or a GraphQL request slower than this is logged as slow (ms; 0 logs none). */
  SLOW_QUERY_MS: z.coerce.number().int().min(0).default(1000),
  /** How long a shutdown waits for requests in flight before it closes their connections (ms). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10000),
  /** The longest wait between two tries to reach the database at start-up (ms). */
  DATABASE_RETRY_MAX_MS: z.coerce.number().int().min(100).default(30000),
  /** Statistics Norway's PxWebApi v2, for `import --ssb` and scorecardImport's `ssb` input; a mirror or a test server may stand in. */
  SSB_API_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v), 'must be an http(s) URL without query, such as https://data.ssb.no/api/pxwebapi/v2')
    .transform((v) => v.replace(/\/+$/, ''))
    .default('https://data.ssb.no/api/pxwebapi/v2'),
  /** How long an anonymous read is answered from the cache (s); 0 turns the cache, ETags and Cache-Control off. Imports invalidate it at once. */
  CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86400).default(60),
  /** max-age of Cache-Control on cacheable GETs (s): browsers and proxies cannot be told of an import, so keep it short. */
  CACHE_HTTP_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86400).default(5),
  /** Redis shared by several hubs for the response cache (redis://host:6379); without it each hub caches in its own memory. */
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\/[^\s]+$/.test(v), 'must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379')
    .optional(),
}).refine((c) => !c.DATABASE_READ_URL || c.DATABASE_URL, {
  path: ['DATABASE_READ_URL'],
  message: 'needs DATABASE_URL too: a read replica is a standby of a PostgreSQL server, and the embedded database has none',
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      // A database password must not reach a terminal or a log through an error message.
      const value = name === 'DATABASE_URL' || name === 'DATABASE_READ_URL' || name === 'REDIS_URL' ? redactDatabaseUrl(env[name] ?? '') : (env[name] ?? '');
      return `${name}=${JSON.stringify(value)}: ${issue.message}`;
    });
    throw new ConfigError(
      lines.length === 1
        ? `Invalid configuration: ${lines[0]}`
        : `Invalid configuration; fix these environment variables:\n${lines.map((line) => `  ${line}`).join('\n')}`,
    );
  }
  return result.data;
}
