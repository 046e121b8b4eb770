/**
 * The p-th percentile of latencies sorted in ascending order (nearest rank: the smallest value with
 * at least p % of them at or below it); NaN when there are none, so that an empty measurement
 * never reads as a time. Shared by the benchmarks that print p50 and p99.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
