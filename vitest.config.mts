import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig, type Plugin } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * type-graphql loads graphql's CommonJS build. Everything else must load the same copy, or
 * graphql refuses objects "from another module or realm"; so every `graphql` and `graphql/...`
 * import resolves to the CommonJS file Node's require would pick.
 */
const oneGraphql: Plugin = {
  name: 'one-graphql',
  enforce: 'pre',
  resolveId(id) {
    return /^graphql(\/|$)/.test(id) ? require.resolve(id.replace(/\.mjs$/, '.js')) : null;
  },
};

export default defineConfig({
  // esbuild cannot emit decorator metadata, which type-graphql and TypeORM read; SWC can.
  plugins: [
    oneGraphql,
    swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022', transform: { legacyDecorator: true, decoratorMetadata: true } } }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    // `npm run test:coverage` (and CI's run on the PostgreSQL server): V8 coverage of the hub's own code,
    // printed per folder. The import pipeline and the domain modules are where a wrong branch prints a
    // wrong figure, so their branches must stay covered.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/cli/**', 'src/main.ts'],
      reporter: ['text-summary', ['text', { skipFull: false, maxCols: 120 }]],
      reportsDirectory: 'coverage',
      reportOnFailure: true,
      thresholds: {
        'src/import/**': { branches: 85 },
        'src/modules/**': { branches: 85 },
      },
    },
    pool: 'forks',
    // A worker keeps the modules it loaded from one test file to the next: loading the hub's
    // modules (type-graphql, Apollo, TypeORM, through SWC) for each of the hundred files took 177 s
    // of the embedded run's CPU, 39 s so. Each file opens and closes its own hub and database, and
    // no file mocks a module, so nothing a file leaves behind reaches the next.
    isolate: false,
    // Vitest runs one file at a time on two cores by default; a test file mostly waits on its own
    // database, so two at once nearly halve the suite's time. The builds that some files need run
    // once before (test/support/build.ts), so that two workers never write dist/ together.
    maxWorkers: 2,
    globalSetup: ['test/support/build.ts', 'test/support/templates.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    server: {
      deps: {
        // These import graphql as ESM; inlined, their imports pass through the plugin above.
        inline: [/@apollo\/server/, /graphql-query-complexity/, /@escape\.tech/, /graphql-scalars/, /type-graphql/],
      },
    },
  },
});
