import { describe, expect, it } from 'vitest';
import { type CompileError, inferKernel, printFunction } from '../../src/index.js';
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
});
