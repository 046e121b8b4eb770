import { describe, expect, it } from 'vitest';
import { HUB_PROGRAM, IMPORT_PROGRAM, wasmCompilerProblem } from '../../src/db/pglite';

describe("the embedded database's WebAssembly compiler on Node 22 and later (V8 12+)", () => {
  it('stops the hub when EMBEDDED_WASM_COMPILER=optimising meets a node started with --liftoff-only', () => {
    const problem = wasmCompilerProblem('optimising', HUB_PROGRAM, ['--liftoff-only'], 13);
    expect(problem?.level).toBe('error');
    expect(problem?.message).toContain('as `npm start` does');
    expect(problem?.message).toContain('Start the hub with `npm run build && node dist/src/main.js` instead.');
  });

  it('stops the import command the same way, naming the command without --liftoff-only', () => {
    const problem = wasmCompilerProblem('optimising', IMPORT_PROGRAM, ['--liftoff-only', '--max-semi-space-size=8'], 13);
    expect(problem?.level).toBe('error');
    expect(problem?.message).toContain('as `npm run import` does');
    expect(problem?.message).toContain(
      'Start the import command with `npm run build && node --max-semi-space-size=8 --heap-growing-percent=50 --no-concurrent-recompilation dist/src/cli/import.js <file> [options]` instead.',
    );
  });

  it('warns that the process holds more memory when baseline is asked for but node was started without --liftoff-only', () => {
    const hub = wasmCompilerProblem('baseline', HUB_PROGRAM, [], 13);
    expect(hub?.level).toBe('warning');
    expect(hub?.message).toContain("start the hub with node's --liftoff-only (as `npm start` does)");
    const importer = wasmCompilerProblem('baseline', IMPORT_PROGRAM, [], 13);
    expect(importer?.level).toBe('warning');
    expect(importer?.message).toContain("start the import command with node's --liftoff-only (as `npm run import` does)");
  });

  it('is content when the command line and the setting agree', () => {
    for (const program of [HUB_PROGRAM, IMPORT_PROGRAM]) {
      expect(wasmCompilerProblem('baseline', program, ['--liftoff-only'], 13)).toBeNull();
      expect(wasmCompilerProblem('optimising', program, [], 13)).toBeNull();
    }
  });

  it('leaves Node 20 (V8 11) to the program, which sets the flag itself', () => {
    expect(wasmCompilerProblem('optimising', HUB_PROGRAM, ['--liftoff-only'], 11)).toBeNull();
    expect(wasmCompilerProblem('baseline', IMPORT_PROGRAM, [], 11)).toBeNull();
  });
});
