/**
 * A session's settings, sent when it connects: its schema, and on a server JIT off. PostgreSQL
 * compiles a statement whose estimated cost passes `jit_above_cost`, and its estimates for the hub's
 * statements (correlated subplans, CASE conditions it cannot see through) run to millions where the
 * statements take milliseconds: a municipality's time series ran in 1.3 ms after 1.6 s of JIT
 * compilation. The hub's statements are all short, and none gains from JIT what compiling it costs.
 * (PGlite has no JIT.) A URL's own `options` parameter, if it has one, replaces these.
 */
export function sessionOptions(schema: string, kind: 'embedded' | 'server'): { options?: string } {
  const settings = [...(kind === 'server' ? ['-c jit=off'] : []), ...(schema === 'public' ? [] : [`-c search_path=${schema}`])];
  return settings.length > 0 ? { options: settings.join(' ') } : {};
}
