/**
 * `npm run mutation`: runs Stryker on the pure import modules (stryker.config.mjs), then prints
 * the score of each module and, as the last line, `mutation score: NN%`. Extra arguments go to
 * Stryker, e.g. `npm run mutation -- --mutate src/import/normalise/number.ts`.
 * Not part of .ci/run: a full run takes many minutes on two cores.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const report = join(root, 'reports', 'mutation', 'mutation.json');
const strykerBin = join(dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');

const run = spawnSync(process.execPath, [strykerBin, 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
if (run.status !== 0) {
  console.error(`stryker exited with ${run.status ?? run.signal}`);
  process.exit(run.status ?? 1);
}

// The score of mutation-testing-elements: detected (killed or timed out) over all valid mutants.
const detected = new Set(['Killed', 'Timeout']);
const undetected = new Set(['Survived', 'NoCoverage']);
const { files } = JSON.parse(readFileSync(report, 'utf8'));
let totalDetected = 0;
let totalValid = 0;
for (const [file, { mutants }] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
  const hit = mutants.filter((m) => detected.has(m.status)).length;
  const valid = hit + mutants.filter((m) => undetected.has(m.status)).length;
  totalDetected += hit;
  totalValid += valid;
  if (valid > 0) {
    const name = relative(root, join(root, file));
    console.log(`${name.padEnd(48)} ${String(hit).padStart(4)}/${String(valid).padEnd(4)} ${percent(hit, valid)}%`);
  }
}
console.log(`mutation score: ${totalValid === 0 ? 100 : Math.floor((100 * totalDetected) / totalValid)}%`);

function percent(part, whole) {
  return whole === 0 ? '100' : (Math.floor((1000 * part) / whole) / 10).toFixed(1);
}
