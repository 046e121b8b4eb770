import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.mts';

/**
 * The unit tests of the pure import modules, for mutation testing (stryker.config.mjs): the same
 * SWC transform as the whole suite, but no database tests, so each mutant runs in seconds.
 * The fuzz test is left out: its thousands of generated documents per run would cost minutes per
 * mutant, and the examples it found live on as named cases in the files below.
 */
const config = mergeConfig(base, defineConfig({}));
// Replaced, not merged: mergeConfig would append to the whole suite's pattern.
config.test = {
  ...config.test,
  // The whole suite builds the hub once before its files run (test/support/build.ts); these unit
  // tests need no build, and `tsc -b` fails inside Stryker's sandbox copy of the project.
  globalSetup: [],
  include: [
    'test/import/{number,target,period,decimal,mapper,checks,registry,common,bodo-table,kristiansund-malekort,curator,jsonstat,jsonstat-mapping,prose,ssb-extract,import-truth}.test.ts',
  ],
};
export default config;
