import { writeFileSync } from 'node:fs';

/**
 * Preloaded (`node --require`) into the import command by bench/import.ts: on exit, writes the
 * process's own CPU time and peak resident memory to BENCH_USAGE_FILE, figures that only the
 * process itself can read once it has ended.
 */
const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ userUs: usage.userCPUTime, systemUs: usage.systemCPUTime, maxRssKb: usage.maxRSS }));
  });
}
