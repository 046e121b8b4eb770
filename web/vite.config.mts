import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * A `.graphql` file of web/src/queries becomes `{ name, query, hash }`: the hash is the SHA-256 of
 * the exact text sent, as automatic persisted queries name it, computed here once rather than in
 * the browser (crypto.subtle is missing on plain http from another machine).
 */
const persistedQueries: Plugin = {
  name: 'persisted-queries',
  transform(source, id) {
    if (!id.endsWith('.graphql')) return null;
    const query = source.trim();
    const names = [...query.matchAll(/^\s*query\s+(\w+)/gm)].map((m) => m[1]);
    if (names.length !== 1) throw new Error(`${id}: expected one named query ("query Name(...) { ... }"), found ${names.length}`);
    const name = names[0];
    const hash = createHash('sha256').update(query).digest('hex');
    return { code: `export default ${JSON.stringify({ name, query, hash })};`, map: null };
  },
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [persistedQueries],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Every browser that runs the playground runs this; no legacy bundle.
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    // On a busy machine every build would print which plugin was slow; the build's time is printed anyway.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  logLevel: 'warn',
});
