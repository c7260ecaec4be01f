// Compile targets are made once per set of the params that shape them: what is keyed by the
// target (the digest in a compile's cache key) is then computed once, not at every compile.
import { createCompiler } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { CudaPlugin, cudaCompileTarget } from '../src/index.js';

describe('the CUDA compile target', () => {
  it('is one object per set of the params that shape it', () => {
    const compiler = createCompiler().use(new CudaPlugin());
    expect(compiler.target('cuda')).toBe(compiler.target('cuda'));
    expect(cudaCompileTarget({ computeCapability: 90 })).toBe(
      cudaCompileTarget({ computeCapability: 90, fastMath: true }),
    );
    expect(cudaCompileTarget({ computeCapability: 90 })).not.toBe(
      cudaCompileTarget({ computeCapability: 90, archSpecific: true }),
    );
    expect(cudaCompileTarget({ computeCapability: 90, archSpecific: true }).cpu).toBe('sm_90a');
    expect(cudaCompileTarget({ ptxVersion: 80 }).features).toBe('+ptx80');
    expect(cudaCompileTarget({ ptxVersion: 80 })).not.toBe(cudaCompileTarget({}));
    expect(() => cudaCompileTarget({ ptxVersion: 12 })).toThrow(/not supported/);
  });

  it('refuses a param of the wrong kind rather than compiling for the default', () => {
    // As `--param computeCapability=abc` gives it from the command line.
    expect(() => cudaCompileTarget({ computeCapability: 'abc' })).toThrow(
      /compute capability abc is not supported/,
    );
    expect(() => cudaCompileTarget({ computeCapability: 86.5 })).toThrow(/not supported/);
    expect(() => cudaCompileTarget({ archSpecific: 'yes' })).toThrow(
      /archSpecific is true or false, not yes/,
    );
    expect(() => cudaCompileTarget({ ptxVersion: 'x' })).toThrow(/PTX ISA x is not supported/);
  });
});
