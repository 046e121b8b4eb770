import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * The node options `npm start` gives the hub (`node <options> dist/src/main.js`), so that a
 * benchmark measures the hub as it is started, not as node's defaults would run it.
 */
export function startNodeOptions(): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  return words.slice(1, words.findIndex((w) => w.endsWith('.js')));
}
