// The corpus through the WebGPU back-end: every kernel either matches the reference runner or is
// refused with a coded error (f64, 64-bit and small integers...), never a wrong result.

import { createCompiler, OptionError } from '@gpuc/core';
import { CompileError, compileJob, createJob, parseType, sourceFromText } from '@gpuc/core/compiler';
import { corpusDirectory, loadConformance, runConformance } from '@gpuc/core/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { thrown } from '../../core/test/thrown.js';
import { hasWebGPU, releaseWebGPU, WebGPUPlugin, webgpuConformance } from '../src/index.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);

describe.skipIf(!available)('the conformance corpus on WebGPU', () => {
  it('matches the reference or refuses with a reason, and matches the f32, i32, 16-bit float, BigInt, warp, ballot and root kernels', async () => {
    const entries = await loadConformance(corpusDirectory());
    const report = await runConformance(entries, [webgpuConformance]);
    const cells = Object.entries(report.results).map(([name, row]) => [name, row.webgpu] as const);
    expect(cells.filter(([, cell]) => cell?.status === 'failed')).toEqual([]);
    for (const [, cell] of cells.filter(([, c]) => c?.status === 'refused'))
      expect(cell?.detail).toMatch(/\[unsupported-on-target\]$/);
    const matched = cells.filter(([, cell]) => cell?.status === 'matched').map(([name]) => name);
    expect(matched).toEqual(
      expect.arrayContaining([
        'saxpy',
        'block-reduction',
        'histogram',
        'local-sort',
        'atomics-32bit',
        'atomics',
        'half-precision',
        'warp-shuffles',
        'warps-32bit',
        'bigint',
        'roots-f32',
        'cas-float',
      ]),
    );
  });
});

describe('compileJob for the webgpu target', () => {
  const compiler = createCompiler().use(new WebGPUPlugin());
  const job = (text: string, types: string[], params = {}) =>
    createJob(
      sourceFromText(text, 'k.js'),
      types.map((t) => parseType(t) as NonNullable<ReturnType<typeof parseType>>),
      compiler.target('webgpu', params),
      { params },
    );

  it('writes WGSL through the translate hook, for the block in params', () => {
    const result = compileJob(
      compiler,
      job('function k(x) { x[gpu.globalIdx.x] += 1; }', ['i32[]'], { blockX: 128 }),
      {
        kind: 'assembly',
        memory: false,
      },
    );
    expect(result.output).toMatch(/@compute @workgroup_size\(128, 1, 1\)/);
    expect(result.ir).toBe('');
  });

  it('refuses a param of the wrong kind with a bad-option error naming it, as the CUDA target does', () => {
    // They were bad-launch errors, which name no param.
    for (const [params, option] of [
      [{ blockX: 'abc' }, 'blockX'],
      [{ blockY: 0 }, 'blockY'],
      [{ blockZ: 1.5 }, 'blockZ'],
      [{ blockX: 2 ** 31 }, 'blockX'],
      [{ warps: 'lanes' }, 'warps'],
      [{ halves: 'f8' }, 'halves'],
    ] as const) {
      const error = thrown(() => compiler.target('webgpu', params));
      expect(error, JSON.stringify(params)).toBeInstanceOf(OptionError);
      expect(error).toMatchObject({ code: 'bad-option', option });
      expect((error as Error).message).toMatch(new RegExp(`; ${option} takes .*\\[bad-option\\]$`));
    }
    expect(compiler.target('webgpu', { blockX: 16, blockY: 4, blockZ: 2 }).name).toBe('webgpu');
  });

  it('refuses what WGSL cannot express with a located, coded error', () => {
    expect(() =>
      compileJob(compiler, job('function k(x) {\n  x[0] = Math.sin(x[1]);\n}', ['f32[]']), { memory: false }),
    ).toThrow(CompileError);
    expect(() =>
      compileJob(compiler, job('function k(x) {\n  x[0] = Math.sin(x[1]);\n}', ['f32[]']), { memory: false }),
    ).toThrow(
      /k\.js:2:10: Math\.sin \(WGSL's own is not correctly rounded, .*\) is not supported on WebGPU \[unsupported-on-target\]/,
    );
  });
});
