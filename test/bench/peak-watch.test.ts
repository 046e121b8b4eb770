import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { PeakWatch } from '../../bench/peak-watch';

/** The memory bench's breakdown of the peak must add up to the RSS it was taken at, or its parts mean nothing. */

const MB = 1048576;
const watches: PeakWatch[] = [];

afterEach(() => {
  for (const w of watches.splice(0)) w.stop();
});

/** A full collection, for a test run without `--expose-gc`. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the memory bench’s peak watch', () => {
  it('keeps the highest sample after the memory is given back, its parts adding up to that RSS', async () => {
    const watch = new PeakWatch();
    watches.push(watch);
    const before = process.memoryUsage.rss();
    watch.start();
    // Filled, so that its pages are resident (a zeroed allocation may not touch them); at 64 MB
    // it is mapped for itself and unmapped when collected.
    const held: { buffer?: Buffer } = { buffer: Buffer.alloc(64 * MB, 1) };
    await pause(100);
    expect(held.buffer?.length).toBe(64 * MB);
    delete held.buffer;
    collect();
    await pause(60);
    const now = process.memoryUsage.rss();
    const peak = watch.stop();

    expect(peak).not.toBeNull();
    if (!peak) return;
    expect(peak.rss).toBeGreaterThanOrEqual(before + 60 * MB);
    expect(now).toBeLessThan(peak.rss - 30 * MB);
    expect(peak.young + peak.old + peak.files + peak.other).toBe(peak.rss);
    expect(peak.young).toBeGreaterThan(0);
    expect(peak.old).toBeGreaterThan(0);
    // A process's RSS always holds pages of the binary it runs.
    expect(peak.files).toBeGreaterThan(10 * MB);
    // The buffer is outside V8's heap: in `other`, and in what node counts as external.
    expect(peak.other).toBeGreaterThanOrEqual(60 * MB);
    expect(peak.external).toBeGreaterThanOrEqual(64 * MB);
  });

  it('starts afresh: a new watch does not keep the last one’s peak', async () => {
    const watch = new PeakWatch();
    watches.push(watch);
    watch.start();
    const held: { buffer?: Buffer } = { buffer: Buffer.alloc(64 * MB, 1) };
    await pause(60);
    const first = watch.stop();
    expect(held.buffer?.length).toBe(64 * MB);
    delete held.buffer;
    collect();
    watch.start();
    await pause(60);
    const second = watch.stop();

    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(second?.rss ?? Infinity).toBeLessThan((first?.rss ?? 0) - 30 * MB);
  });
});
