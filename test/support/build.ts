import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot as repo } from '../../src/paths';

/**
 * Vitest's global setup: builds the hub (`tsc -b`) and the explore page once, before any test
 * file runs. Test files that start the built hub or its CLI run the same builds again, which
 * then find everything current and write nothing; so two workers never build into dist/ at once.
 */
export default function buildOnce(): void {
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  run([path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json']);
  run([path.join(repo, 'scripts', 'build-web.mjs')]);
}
