import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder that holds package.json, found from this file whether it runs from src/ or dist/src/. */
function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot(__dirname);
export const referenceDir = path.join(repoRoot, 'reference');
export const docsDir = path.join(repoRoot, 'docs');
