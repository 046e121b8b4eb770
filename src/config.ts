import { z } from 'zod';

/**
 * Every setting the hub reads, validated in one place. A bad value stops start-up with a
 * message that names the variable and says what it expects.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a PostgreSQL URL such as postgres://user@host:5432/db')
    .optional(),
  /** Schema to use on a PostgreSQL server; lets several runs share one database. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
    .default('public'),
  DATA_DIR: z.string().min(1).default('./data'),
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
  /** Statistics Norway's PxWebApi v2, for `import --ssb` and scorecardImport's `ssb` input; a mirror or a test server may stand in. */
  SSB_API_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v), 'must be an http(s) URL without query, such as https://data.ssb.no/api/pxwebapi/v2')
    .transform((v) => v.replace(/\/+$/, ''))
    .default('https://data.ssb.no/api/pxwebapi/v2'),
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
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration; fix these environment variables:\n${lines.join('\n')}`);
  }
  return result.data;
}
