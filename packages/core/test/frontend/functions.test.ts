import { describe, expect, it } from 'vitest';
import { type CompileError, inferKernel, launchNative, printFunction } from '../../src/index.js';
import { scaleBy, usesMissing } from './fixtures/kernels.js';

describe('kernels given as JavaScript functions', () => {
  it('infer from the function itself', () => {
    const spec = inferKernel(scaleBy, { values: [new Float32Array(4), 2.5] });
    expect(spec.key).toBe('scaleBy(f32[], f64)');
    expect(printFunction(spec.fn)).toContain('call gpu.globalIdx.x()');
  });

  it('report errors at the line and column of the function in its own file', () => {
    let error: CompileError | undefined;
    try {
      inferKernel(usesMissing, { types: ['f32[]'] });
    } catch (e) {
      error = e as CompileError;
    }
    expect(error?.code).toBe('unknown-name');
    expect(error?.location.file).toMatch(/fixtures\/kernels\.js$/);
    expect(error?.location).toMatchObject({ line: 9, column: 10 });
    expect(error?.frame).toContain('x[0] = missingValue + 1;');
  });

  it('call a scope function by its own name, as a minifier leaves it (scope { square: o }, o(x))', () => {
    function o(x: number): number {
      return x * x;
    }
    const a = Float32Array.from([3]);
    launchNative(
      { text: 'function k(a) {\n  a[0] = o(a[0]);\n}', file: 'min.js' },
      { grid: 1, block: 1, scope: { square: o } },
      a,
    );
    expect(a[0]).toBe(9);
  });

  it('an intrinsic is not taken for a scope function of the same own name', () => {
    function f32(x: number): number {
      return x + 1;
    }
    const a = Float32Array.from([3]);
    launchNative(
      { text: 'function k(a) {\n  a[0] = f32(a[0]);\n}', file: 'min.js' },
      { grid: 1, block: 1, scope: { plusOne: f32 } },
      a,
    );
    expect(a[0]).toBe(3);
  });
});
