import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection, once the hub is ready. Start-up allocates much that it never needs
 * again (the seed's documents and import plans, the schema's build), and an idle hub allocates too
 * little for V8 to collect it, so without this it stayed resident: an embedded hub's restart idled
 * at 252 MB instead of 217, a server-backed one at 136 instead of 100. `gc` is exposed in a context
 * of its own, not to the hub's code.
 */
export function collectStartUpGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
