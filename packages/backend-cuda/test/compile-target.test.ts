// Compile targets are made once per set of the params that shape them: what is keyed by the
// target (the digest in a compile's cache key) is then computed once, not at every compile.
import { createCompiler, OptionError } from '@gpuc/core';
import { targetMachine } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../core/test/thrown.js';
import {
  COMPUTE_CAPABILITIES,
  CudaPlugin,
  cudaCompileTarget,
  cudaTarget,
  PTX_VERSIONS,
} from '../src/index.js';
import { compile } from './helpers.js';

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

  it('refuses a bad param with a coded error naming it and what it takes, before LLVM sees it', () => {
    for (const [params, option, message] of [
      [{ computeCapability: 10 }, 'computeCapability', /compute capability 10 is not supported/],
      // Well-formed numbers LLVM does not know made it print to stderr and fail in the target machine.
      [
        { computeCapability: 71 },
        'computeCapability',
        /computeCapability takes 70, 72, 75, 80, .*, 120, 121 \[/,
      ],
      [{ computeCapability: 130 }, 'computeCapability', /compute capability 130 is not supported/],
      [{ computeCapability: 'abc' }, 'computeCapability', /compute capability abc/],
      [
        { computeCapability: 80, archSpecific: true },
        'archSpecific',
        /80 has no architecture-specific variant/,
      ],
      [{ archSpecific: 'yes' }, 'archSpecific', /archSpecific takes true or false/],
      [{ ptxVersion: 'x' }, 'ptxVersion', /PTX ISA x is not supported .*; ptxVersion takes 60, /],
      // Versions LLVM 22 does not write were passed on as features it ignored with a warning.
      [
        { ptxVersion: 91 },
        'ptxVersion',
        /PTX ISA 91 is not supported .*; ptxVersion takes 60, .*, 88, 90 \[/,
      ],
      [{ ptxVersion: 100 }, 'ptxVersion', /PTX ISA 100 is not supported/],
      [{ ptxVersion: 66 }, 'ptxVersion', /PTX ISA 66 is not supported/],
      [{ ptxVersion: 50 }, 'ptxVersion', /PTX ISA 50 is not supported/],
    ] as const) {
      const error = thrown(() => cudaCompileTarget(params));
      expect(error, JSON.stringify(params)).toBeInstanceOf(OptionError);
      expect(error).toMatchObject({ code: 'bad-option', option });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/\[bad-option\]$/);
    }
  });

  it('lists only architectures the NVPTX machine knows', () => {
    // The machine throws for a processor it does not know.
    for (const computeCapability of COMPUTE_CAPABILITIES) {
      expect(() => targetMachine(cudaTarget({ computeCapability })), String(computeCapability)).not.toThrow();
      if (computeCapability >= 90)
        expect(() => targetMachine(cudaTarget({ computeCapability, archSpecific: true }))).not.toThrow();
    }
  });

  it('lists only PTX ISA versions the NVPTX back-end writes', () => {
    // A version it does not know is ignored with a warning: the default version is written.
    for (const ptxVersion of PTX_VERSIONS) {
      const ptx = compile('function k(x) { x[0] = 1; }', ['f32[]'], {
        kind: 'assembly',
        params: { computeCapability: 70, ptxVersion },
      }).output as string;
      expect(ptx).toMatch(
        new RegExp(`^\\.version ${Math.floor(ptxVersion / 10)}\\.${ptxVersion % 10}$`, 'm'),
      );
    }
  });

  it('refuses params it does not take, naming those it does, through the API', () => {
    const compiler = createCompiler().use(new CudaPlugin());
    for (const key of ['bogus', 'optLevel', 'gfx']) {
      const error = thrown(() => compiler.target('cuda', { computeCapability: 90, [key]: 1 }));
      expect(error).toMatchObject({ code: 'bad-option', option: key });
      expect((error as Error).message).toMatch(
        new RegExp(
          `target 'cuda' has no param ${key}; its params are archSpecific, computeCapability, fastMath, maxRegisters, .*ptxas`,
        ),
      );
    }
    expect(compiler.target('cuda', { computeCapability: 90, fastMath: true, maxThreads: 256 }).cpu).toBe(
      'sm_90',
    );
  });
});
