import { readFileSync } from 'node:fs';

/**
 * A memory figure of a process from `/proc/<pid>/status`, in bytes: VmRSS its resident memory now,
 * VmHWM the most it has held, RssFile the part of VmRSS that is pages of files (node's binary and
 * its libraries). VmHWM is the process's own since it exec'd, unlike getrusage's maxRSS, which Linux
 * starts for a forked child at what its parent held. Null where there is no such file (not Linux,
 * or the process is gone).
 */
export function procStatusBytes(pid: number | 'self', field: 'VmRSS' | 'VmHWM' | 'RssFile'): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
