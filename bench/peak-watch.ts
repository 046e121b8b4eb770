import { getHeapSpaceStatistics } from 'node:v8';
import { procStatusBytes } from './proc';

/** What the resident memory was made of at the highest of the samples since `watch`, in bytes. */
export interface PeakParts {
  rss: number;
  /** V8's heap as far as it is resident: the young generation (new space and its large objects) … */
  young: number;
  /** … and every other space (old objects, code, large objects). */
  old: number;
  /** Pages of files: node's binary and its libraries. */
  files: number;
  /** The rest: malloc's heap (buffers, sockets, V8's own bookkeeping), threads' stacks, pages V8 keeps for reuse, and on the embedded database PGlite's WebAssembly memory. */
  other: number;
  /**
   * What node counts outside V8's heap (`process.memoryUsage().external`): buffers, and on the
   * embedded database PGlite's WebAssembly memory as reserved, resident or not, so it can exceed `other`.
   */
  external: number;
}

const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);

/**
 * Samples every 20 ms while watched and keeps the parts of the highest one. The kernel's
 * high-water mark (bench/memory.ts) can fall between two samples, so the sampled peak may be a
 * few MB lower. A breakdown is taken only when the RSS passes the last one by a MB: it costs a
 * walk over V8's spaces, which a sample of the RSS alone does not.
 */
export class PeakWatch {
  private peak: PeakParts | null = null;
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.peak = null;
    this.timer = setInterval(() => this.sample(), 20);
  }

  stop(): PeakParts | null {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    if (this.peak && rss < this.peak.rss + 1048576) return;
    let young = 0;
    let old = 0;
    for (const space of getHeapSpaceStatistics()) {
      if (YOUNG_SPACES.has(space.space_name)) young += space.physical_space_size;
      else old += space.physical_space_size;
    }
    const files = procStatusBytes('self', 'RssFile') ?? 0;
    const { external } = process.memoryUsage();
    this.peak = { rss, young, old, files, other: Math.max(0, rss - young - old - files), external };
  }
}
