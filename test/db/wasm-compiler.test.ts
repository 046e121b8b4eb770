import { describe, expect, it } from 'vitest';
import { wasmCompilerProblem } from '../../src/db/pglite';

describe("the embedded database's WebAssembly compiler on Node 22 and later (V8 12+)", () => {
  it('stops start-up when EMBEDDED_WASM_COMPILER=optimising meets a node started with --liftoff-only', () => {
    const problem = wasmCompilerProblem('optimising', ['--liftoff-only'], 13);
    expect(problem?.level).toBe('error');
    expect(problem?.message).toContain('node dist/src/main.js');
  });

  it('warns that the hub holds more memory when baseline is asked for but node was started without --liftoff-only', () => {
    const problem = wasmCompilerProblem('baseline', [], 13);
    expect(problem?.level).toBe('warning');
    expect(problem?.message).toContain('--liftoff-only');
  });

  it('is content when the command line and the setting agree', () => {
    expect(wasmCompilerProblem('baseline', ['--liftoff-only'], 13)).toBeNull();
    expect(wasmCompilerProblem('optimising', [], 13)).toBeNull();
  });

  it('leaves Node 20 (V8 11) to the hub, which sets the flag itself', () => {
    expect(wasmCompilerProblem('optimising', ['--liftoff-only'], 11)).toBeNull();
    expect(wasmCompilerProblem('baseline', [], 11)).toBeNull();
  });
});
