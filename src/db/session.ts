import type { ClientBase } from 'pg';

/**
 * What every new session on a server runs first: JIT off. PostgreSQL compiles a statement whose
 * estimated cost passes `jit_above_cost`, and its estimates for the hub's statements (correlated
 * subplans, CASE conditions it cannot see through) run to millions where the statements take
 * milliseconds: a municipality's time series ran in 1.3 ms after 1.6 s of JIT compilation. The
 * hub's statements are all short, and none gains from JIT what compiling it costs. (PGlite has no
 * JIT.) A statement rather than a startup option (`-c jit=off`), which connection poolers such as
 * PgBouncer refuse.
 */
export async function setUpServerSession(client: Pick<ClientBase, 'query'>): Promise<void> {
  await client.query('SET jit = off');
}

/**
 * `setUpServerSession` as pg's pool option `onConnect`, which pg-pool awaits before it hands the
 * connection out (a failure ends the connection and fails the request for it), though @types/pg
 * declares it as returning nothing.
 */
export const onConnectSetUp = setUpServerSession as (client: ClientBase) => void;

/** The session's schema, as a startup option, when it is not `public`. */
export function schemaOption(schema: string): { options?: string } {
  return schema === 'public' ? {} : { options: `-c search_path=${schema}` };
}
