/**
 * Mutation testing of the pure import modules (`npm run mutation`, scripts/mutation.mjs): text in,
 * typed records out, no database and no network, so every planted mistake is judged by fast unit
 * tests. The SSB client is left out: it talks to the network and is tested against a local stub.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.mts' },
  mutate: [
    'src/import/normalise/*.ts',
    'src/import/map/*.ts',
    'src/import/checks.ts',
    'src/import/adapters/*.ts',
  ],
  coverageAnalysis: 'perTest',
  // About a tenth of the mutants are static: regular expressions and word tables built when a module
  // loads. Each needs the module reloaded and every test rerun, so they are reported as ignored and
  // left out of the score (`--ignoreStatic false` runs them). The rules they hold (a unit word's
  // power of ten, a table symbol) have tests of their own in number.test.ts and target.test.ts.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
