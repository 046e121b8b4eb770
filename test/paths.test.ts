import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLabelsPath } from '../src/import/map/mapper';
import { defaultReferenceDataDir } from '../src/modules/geography/reference-data';
import { defaultTaxonomyFile } from '../src/modules/taxonomy/taxonomy.seed';
import { findRepoRoot, referenceDir, repoRoot } from '../src/paths';
import { scratchDirs } from './support/scratch';

const freshDir = scratchDirs('malestokk-paths-');

describe('the project folder', () => {
  it('is the folder of this checkout, and every reference file is found under it', () => {
    expect(repoRoot).toBe(path.resolve(__dirname, '..'));
    expect(defaultTaxonomyFile()).toBe(path.join(referenceDir, 'taxonomy.yaml'));
    expect(defaultLabelsPath()).toBe(path.join(referenceDir, 'mappings', 'labels.yaml'));
    expect(defaultReferenceDataDir()).toBe(path.join(referenceDir, 'data'));
  });

  it('passes over a dist/ folder that holds a copied package.json but no reference/', () => {
    const root = freshDir();
    writeFileSync(path.join(root, 'package.json'), '{}');
    mkdirSync(path.join(root, 'reference'));
    const compiled = path.join(root, 'dist', 'src', 'modules');
    mkdirSync(compiled, { recursive: true });
    writeFileSync(path.join(root, 'dist', 'package.json'), '{}');
    expect(findRepoRoot(compiled)).toBe(root);
  });

  it('says so when no folder above holds the project', () => {
    const lonely = freshDir();
    expect(() => findRepoRoot(lonely)).toThrow(/no folder above .* holds package.json and reference\//);
  });
});
