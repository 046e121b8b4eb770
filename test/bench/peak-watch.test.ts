import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PeakParts } from '../../bench/peak-watch';
import { repoRoot } from '../../src/paths';

/**
 * The memory bench's breakdown of the peak must add up to the RSS it was taken at, or its parts
 * mean nothing. The watch reads its own process's RSS, so it runs in a process of its own (built by
 * the tests' global setup): the test workers' RSS moves by more than the test's own allocations.
 */

const MB = 1048576;
const WATCH = path.join(repoRoot, 'dist', 'bench', 'peak-watch.js');

/**
 * In the child: a watch while a 64 MB buffer is held and then collected (filled, so that its pages
 * are resident; at 64 MB it is mapped for itself and unmapped when collected), then a second watch.
 */
const SCENARIO = `
const { PeakWatch } = require(${JSON.stringify(WATCH)});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
(async () => {
  const watch = new PeakWatch();
  const before = process.memoryUsage.rss();
  watch.start();
  const held = { buffer: Buffer.alloc(64 * 1048576, 1) };
  await pause(100);
  delete held.buffer;
  gc();
  await pause(60);
  const after = process.memoryUsage.rss();
  const first = watch.stop();
  watch.start();
  await pause(60);
  const second = watch.stop();
  process.stdout.write(JSON.stringify({ before, after, first, second }));
})();
`;

interface Watched {
  before: number;
  after: number;
  first: PeakParts | null;
  second: PeakParts | null;
}
let watched: Watched;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '-e', SCENARIO], { timeout: 30_000 });
  watched = JSON.parse(stdout) as Watched;
});

describe('the memory bench’s peak watch', () => {
  it('keeps the highest sample after the memory is given back, its parts adding up to that RSS', () => {
    const peak = watched.first;
    expect(peak).not.toBeNull();
    if (!peak) return;
    expect(peak.rss).toBeGreaterThanOrEqual(watched.before + 60 * MB);
    expect(watched.after).toBeLessThan(peak.rss - 30 * MB);
    expect(peak.young + peak.old + peak.files + peak.other).toBe(peak.rss);
    expect(peak.young).toBeGreaterThan(0);
    expect(peak.old).toBeGreaterThan(0);
    // A process's RSS always holds pages of the binary it runs.
    expect(peak.files).toBeGreaterThan(10 * MB);
    // The buffer is outside V8's heap: in `other`, and in what node counts as external.
    expect(peak.other).toBeGreaterThanOrEqual(60 * MB);
    expect(peak.external).toBeGreaterThanOrEqual(64 * MB);
  });

  it('starts afresh: a new watch does not keep the last one’s peak', () => {
    expect(watched.second).not.toBeNull();
    expect(watched.second?.rss ?? Infinity).toBeLessThan((watched.first?.rss ?? 0) - 30 * MB);
  });
});
