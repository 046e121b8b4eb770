import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../src/paths';

/**
 * The node options an npm script gives its program (`node <options> dist/src/….js`), so that a
 * benchmark measures the hub or the import command as it is started, not as node's defaults
 * would run it.
 */
export function scriptNodeOptions(script: 'start' | 'import'): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts[script] ?? '').trim().split(/\s+/);
  return words.slice(1, words.findIndex((w) => w.endsWith('.js')));
}

/** The node options `npm start` gives the hub. */
export function startNodeOptions(): string[] {
  return scriptNodeOptions('start');
}
