import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long after the first collection the second runs; V8 gives back young-generation space only after a quiet spell. */
const SECOND_COLLECTION_MS = 5000;

/** The options of V8's `gc` extension (v8/src/extensions/gc-extension.cc). */
interface GcOptions {
  type: 'major' | 'minor';
  execution: 'sync' | 'async';
  flavor: 'regular' | 'last-resort';
}

/**
 * One full garbage collection of the kind V8 makes when memory runs out (a "last resort"): besides
 * freeing what nothing holds, it gives the heap's freed pages back to the system at once. V8 12 and
 * later (Node 22 on) keep them pooled after a regular full collection until their memory reducer
 * runs. `gc` is exposed in a context of its own, not to the project's code. For a program that
 * knows it has just let go of much (start-up done, a file planned): V8 marks what is live more
 * than once while each round still frees something, about 0.1 s for a nearly empty heap and
 * 0.25–0.4 s for 160 MB of live objects (Node 24).
 */
export function collectGarbage(): void {
  collector()({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

let gc: ((options: GcOptions) => void) | undefined;

function collector(): (options: GcOptions) => void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as (options: GcOptions) => void;
  }
  return gc;
}

/**
 * Full garbage collections once the hub is ready. Start-up allocates much that it never needs
 * again (the seed's documents and import plans, the schema's build), and an idle hub allocates too
 * little for V8 to collect it. The first collection frees it; V8 shrinks its young generation
 * only in a collection after a spell of little allocation, hence the second, 5 s later. A
 * restarted server-backed hub then idled at 97 MB instead of 130. Each gives the freed pages back
 * at once (`collectGarbage`): until V8's memory reducer ran, about 14 s after ready, a restarted
 * embedded hub on Node 24 held about 40 MB more (228 MB at 10 s, 190 MB from 14 s). Start-up
 * only: it costs some repeated marking, not the requests' CPU.
 */
export function collectStartUpGarbage(): void {
  collectGarbage();
  setTimeout(collectGarbage, SECOND_COLLECTION_MS).unref();
}
