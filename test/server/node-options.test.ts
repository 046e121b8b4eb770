import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_PROGRAM } from '../../src/db/pglite';

/**
 * The hub's memory goals were measured with the node options of `npm start` and `npm run import`
 * (README, Performance). The Docker image and the README's command for importing without npm
 * repeat them by hand; these tests keep every copy the same as the scripts.
 */

const root = path.resolve(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The options between `node` and the script's file in an npm script such as `node --a --b dist/src/main.js`. */
function nodeOptions(command: string, file: string): string[] {
  const words = command.trim().split(/\s+/);
  const end = words.indexOf(file);
  const at = end < 0 ? -1 : words.lastIndexOf('node', end);
  expect(at, `"${command}" runs node with ${file}`).toBeGreaterThanOrEqual(0);
  return words.slice(at + 1, end);
}

describe('the node options the hub and the import command run with', () => {
  it('are the same in the Docker image as in npm start', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd, 'the Dockerfile has a CMD in exec form').toBeDefined();
    const words = JSON.parse(cmd ?? '[]') as string[];
    expect(words[0]).toBe('node');
    expect(words.at(-1)).toBe('dist/src/main.js');
    expect(words.slice(1, -1)).toEqual(nodeOptions(scripts.start ?? '', 'dist/src/main.js'));
  });

  it('are the same in npm run dev as in npm start', () => {
    expect(nodeOptions(scripts.dev ?? '', 'dist/src/main.js')).toEqual(nodeOptions(scripts.start ?? '', 'dist/src/main.js'));
  });

  it("are the same in the README's import command for the Docker image as in npm run import", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const commands = [...readme.matchAll(/`node ([^`]*) dist\/src\/cli\/import\.js`/g)].map((m) => (m[1] ?? '').split(' '));
    expect(commands.length, 'the README says how to import without npm').toBeGreaterThan(0);
    for (const options of commands) expect(options).toEqual(nodeOptions(scripts.import ?? '', 'dist/src/cli/import.js'));
  });

  it("are npm run import's without --liftoff-only in the command the import names for EMBEDDED_WASM_COMPILER=optimising", () => {
    const command = IMPORT_PROGRAM.optimising.replace(/^npm run build && /, '');
    expect(nodeOptions(command, 'dist/src/cli/import.js')).toEqual(
      nodeOptions(scripts.import ?? '', 'dist/src/cli/import.js').filter((option) => option !== '--liftoff-only'),
    );
    expect(nodeOptions(scripts.import ?? '', 'dist/src/cli/import.js')).toContain('--liftoff-only');
  });
});
