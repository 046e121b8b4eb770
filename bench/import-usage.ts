import { writeFileSync } from 'node:fs';
import { procStatusBytes } from './proc';

/**
 * Preloaded (`node --require`) into the import command by bench/import.ts: on exit, writes the
 * process's own CPU time and peak resident memory to BENCH_USAGE_FILE, figures that only the
 * process itself can read once it has ended.
 *
 * The peak is the high-water mark of the command's own memory (VmHWM), not getrusage's maxRSS:
 * Linux starts a forked child's maxRSS at what the parent held when it forked, and the bench,
 * having just opened the embedded database to prepare it, held up to about 650 MB then, so one
 * run in three or four reported the bench's memory instead of the command's.
 */
const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ userUs: usage.userCPUTime, systemUs: usage.systemCPUTime, maxRssKb: peakKb(usage.maxRSS) }));
  });
}

/** This process's own peak in kB; getrusage's where /proc cannot tell. */
function peakKb(maxRss: number): number {
  const hwm = procStatusBytes('self', 'VmHWM');
  return hwm === null ? maxRss : hwm / 1024;
}
