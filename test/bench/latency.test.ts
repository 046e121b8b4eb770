import { describe, expect, it } from 'vitest';
import { percentile } from '../../bench/latency';

/** The p50 and p99 the benchmarks print beside their goals: a wrong rank would move every figure the log compares. */

describe('the percentile of sorted latencies', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('is the value with p % of the latencies at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('rounds up to the next latency between two ranks, never down', () => {
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
    expect(percentile([5, 7], 99)).toBe(7);
  });

  it('of one latency is that latency, and of none is not a number rather than a time', () => {
    expect(percentile([12.5], 50)).toBe(12.5);
    expect(percentile([12.5], 99)).toBe(12.5);
    expect(percentile([], 50)).toBeNaN();
  });
});
