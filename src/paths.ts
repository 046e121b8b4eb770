import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's folder: the first folder above `start` that holds both package.json and
 * reference/. The same code runs from src/ (tests) and from dist/src/ (after tsc); package.json
 * alone is not enough, because tsc copies it into dist/ once any module imports it.
 */
export function findRepoRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'reference'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no folder above ${start} holds package.json and reference/`);
  }
}

// Vitest may run a module as ESM, where __dirname is missing; its working directory is the project.
export const repoRoot = findRepoRoot(typeof __dirname === 'string' ? __dirname : process.cwd());
export const referenceDir = path.join(repoRoot, 'reference');
export const docsDir = path.join(repoRoot, 'docs');
