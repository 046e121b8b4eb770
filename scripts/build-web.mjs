// Builds the explore page (web/) into dist/web with Vite, unless dist/web was built from the same
// sources: `npm start` runs this before every start, and a restart must not wait for a build
// that would write the same files. The fingerprint covers every file under web/, the lockfile
// (a new Vite, React or Plot) and this script.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const outDir = path.join(root, 'dist', 'web');
const stampFile = path.join(outDir, '.build-hash');

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(webDir), path.join(root, 'package-lock.json'), fileURLToPath(import.meta.url)]) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const wanted = fingerprint();
const built = existsSync(stampFile) && existsSync(path.join(outDir, 'index.html')) ? readFileSync(stampFile, 'utf8').trim() : null;
if (!force && built === wanted) {
  console.log('explore page: dist/web is up to date');
} else {
  const started = Date.now();
  // Vite takes React's build from NODE_ENV; run from a test runner (NODE_ENV=test) it would bundle
  // React's development build, three times larger and chatty on the console.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: path.join(webDir, 'vite.config.mts'), mode: 'production' });
  writeFileSync(stampFile, `${wanted}\n`);
  console.log(`explore page: built dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
