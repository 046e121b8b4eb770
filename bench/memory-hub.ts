// Modules are loaded as needed, so that PGlite alone carries none of the hub's.
import { getHeapSpaceStatistics } from 'node:v8';
import { procStatusBytes } from './proc';

/**
 * The measured process of `npm run bench:memory` (bench/memory.ts forks it with `--expose-gc` and
 * the node options of `npm start`): the hub started as src/main.ts starts it, or with
 * MEMORY_TARGET=pglite only PGlite on the same data directory with the hub's settings, which is
 * the embedded database's own share. Reports process.memoryUsage() over IPC, as it is and after
 * a forced full collection, and what its resident memory was made of at its highest while watched.
 */

export type MemoryRequest = { type: 'usage'; gc: boolean } | { type: 'watch' } | { type: 'peak' } | { type: 'close' };
export interface Usage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}
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
class PeakWatch {
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

async function open(): Promise<{ url: string; close: () => Promise<void> }> {
  if (process.env.MEMORY_TARGET === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { embeddedStartParams, pgliteExtensions, useWasmCompiler } = await import('../src/db/pglite');
    const { loadConfig } = await import('../src/config');
    useWasmCompiler(loadConfig().EMBEDDED_WASM_COMPILER);
    const pgdata = process.env.MEMORY_PGDATA;
    if (!pgdata) throw new Error('MEMORY_PGDATA must name the data folder of the database to measure');
    const db = await PGlite.create(pgdata, { extensions: await pgliteExtensions(), startParams: await embeddedStartParams() });
    // What a started hub asks of its database before it is ready: the extensions and one statement.
    await db.query('SELECT 1');
    return { url: '', close: () => db.close() };
  }
  await import('reflect-metadata');
  const { loadConfig } = await import('../src/config');
  const { createLogger } = await import('../src/logger');
  const { startHub } = await import('../src/server/startup');
  const config = loadConfig();
  const startup = await startHub(config, createLogger(config.LOG_LEVEL));
  const hub = await startup.ready;
  // As src/main.ts does once the hub is ready.
  const { collectStartUpGarbage } = await import('../src/memory');
  collectStartUpGarbage();
  return { url: startup.url, close: () => hub.close() };
}

const watch = new PeakWatch();

async function main(): Promise<void> {
  const target = await open();
  // A failed close must end this child loudly rather than as an unhandled rejection nobody reads.
  const answer = async (message: MemoryRequest) => {
    if (message.type === 'close') {
      await target.close();
      process.exit(0);
    }
    if (message.type === 'watch') return watch.start();
    if (message.type === 'peak') return void process.send?.({ peak: watch.stop() });
    // Three passes: a full collection can leave what the next one frees (weak references, finalisers).
    const gc = (globalThis as { gc?: () => void }).gc;
    if (message.gc) for (let i = 0; i < 3; i++) gc?.();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    process.send?.({ usage: { rss, heapUsed, heapTotal, external, arrayBuffers } satisfies Usage });
  };
  process.on('message', (message: MemoryRequest) => {
    answer(message).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  process.send?.({ ready: target.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
