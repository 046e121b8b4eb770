// Modules are loaded as needed, so that PGlite alone carries none of the hub's.
import { PeakWatch } from './peak-watch';

/**
 * The measured process of `npm run bench:memory` (bench/memory.ts forks it with `--expose-gc` and
 * the node options of `npm start`): the hub started as src/main.ts starts it, or with
 * MEMORY_TARGET=pglite only PGlite on the same data directory with the hub's settings, which is
 * the embedded database's own share. Reports process.memoryUsage() over IPC, as it is and after
 * a forced full collection, what its resident memory was made of at its highest while watched, and
 * its CPU time (all of its threads: V8's collectors and compilers on theirs count too).
 */

export type MemoryRequest = { type: 'usage'; gc: boolean } | { type: 'cpu' } | { type: 'watch' } | { type: 'peak' } | { type: 'close' };
export interface Usage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
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
    if (message.type === 'cpu') return void process.send?.({ cpu: process.cpuUsage() });
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
