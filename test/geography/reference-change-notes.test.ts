import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultReferenceDataDir } from '../../src/modules/geography/reference-data';
import { buildReferenceModel, REFERENCE_FILE_NAMES, ReferenceDataError, type ReferenceFiles } from '../../src/modules/geography/reference-data-model';

/**
 * SSB's transition file says in words what happened to each code ("uendret", "kun endret nummer",
 * "slått sammen", "splittet"); the model refuses the files when the words and the codes disagree,
 * naming the codes and the note. Each test changes one note in a copy of the real file (test data).
 */
let files: ReferenceFiles;

beforeAll(() => {
  const dir = defaultReferenceDataDir();
  files = {} as ReferenceFiles;
  for (const [key, file] of Object.entries(REFERENCE_FILE_NAMES) as [keyof ReferenceFiles, string][]) {
    files[key] = readFileSync(path.join(dir, file), 'utf8');
  }
});

/** The message the model is refused with when one note of the transition file reads `to` instead of `from`. */
function refusalWithNote(from: string, to: string): string {
  const changed = files.transitions2013To2020.replace(from, to);
  expect(changed, 'the note should be in the file').not.toBe(files.transitions2013To2020);
  try {
    buildReferenceModel({ ...files, transitions2013To2020: changed });
  } catch (error) {
    expect(error).toBeInstanceOf(ReferenceDataError);
    return (error as Error).message;
  }
  throw new Error('expected the transition file to be refused');
}

describe('a change note that contradicts the codes', () => {
  it('is refused when it calls a renumbering a merger', () => {
    const message = refusalWithNote('"3001";"Halden";"kun endret nummer fra 2019 til 2020"', '"3001";"Halden";"slått sammen fra 2019 til 2020"');
    expect(message.split('\n')).toEqual([
      'the change notes contradict the code transitions:',
      '0101 → 3001: "slått sammen fra 2019 til 2020" but the codes say otherwise',
    ]);
  });

  it('is refused when it calls a new code unchanged', () => {
    const message = refusalWithNote('"3001";"Halden";"kun endret nummer fra 2019 til 2020"', '"3001";"Halden";"uendret fra 2019 til 2020"');
    expect(message).toContain('0101 → 3001: "uendret fra 2019 til 2020" with a new code');
  });

  it('is refused when it calls the same code renumbered', () => {
    const message = refusalWithNote('"0104";"Moss";"uendret fra 2018 til 2019"', '"0104";"Moss";"kun endret nummer fra 2018 til 2019"');
    expect(message).toContain('0104: "kun endret nummer fra 2018 til 2019" with the same code');
  });

  it('is refused when it leaves out a split the codes show', () => {
    const message = refusalWithNote('"5055";"Heim";"slått sammen fra 2019 til 2020 - splittet fra 2019 til 2020"', '"5055";"Heim";"slått sammen fra 2019 til 2020"');
    expect(message).toContain('5012 → 5055: "slått sammen fra 2019 til 2020" disagrees on a split');
  });
});
