import { expect } from 'vitest';
import { ImportError } from '../../src/import/types';

/** Runs an adapter or parser that must refuse its input, and returns the ImportError it threw. */
export function importError(run: () => unknown): ImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected an ImportError');
}
