// Warp operations as WGSL subgroup operations, where the adapter says its subgroups have 32
// invocations (NVIDIA GPUs). lavapipe's subgroups have as many invocations as its vectors have
// 32-bit words: with LP_NATIVE_VECTOR_WIDTH=1024 (set before Dawn loads) it says 32, but runs
// subgroups of 16 (subgroup_invocation_id counts 0 to 15 twice in each 32), so there the check
// at the kernel's entry must report that its subgroups are not gpuc's warps; on an adapter whose
// subgroups are what it says, the subgroup routes must match the reference runner (the cases of
// test/warps.ts, which the GPU machine's scripts/gpu-check.ts runs too).
process.env.LP_NATIVE_VECTOR_WIDTH ??= '1024';

import { CompileError, parseType } from '@gpuc/core/compiler';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compileWGSL,
  hasWebGPU,
  launchWebGPU,
  releaseWebGPU,
  warpRoute,
  webgpuCompiler,
  webgpuDevice,
} from '../src/index.js';
import { kernel } from './both.js';
import { subgroupCases, swap, warpArgs, warps } from './warps.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);
const device = available ? ((await webgpuDevice()) as GPUDevice) : undefined;
const info = device?.adapterInfo as
  | (GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number })
  | undefined;
const thirtyTwo =
  info?.subgroupMinSize === 32 && info.subgroupMaxSize === 32 && device?.features.has('subgroups');
/** lavapipe, whose subgroups of "32" are 16 wide. */
const lavapipe = /llvmpipe/.test(info?.description ?? '');

const types = ['f32[]', 'u32[]', 'f32[]', 'u32[]', 'i32[]', 'u64[]'].map(
  (t) => parseType(t) as NonNullable<ReturnType<typeof parseType>>,
);

describe.skipIf(!thirtyTwo)('warp operations as WGSL subgroup operations', () => {
  it('picks the subgroup route where the adapter has subgroups of 32', () => {
    expect(warpRoute(device as GPUDevice, [64, 1, 1])).toBe('subgroups');
    const written = compileWGSL(webgpuCompiler(), warps, types, { block: [64, 1, 1], warps: 'subgroups' });
    expect(written.warps).toBe('subgroups');
    expect(written.code).toMatch(/^enable subgroups;/);
    expect(written.code).toContain('subgroupShuffle(');
    expect(written.code).not.toContain('gpuc_lanes');
    expect(written.code).not.toContain('workgroupBarrier');
  });

  // lavapipe compiles 1024-bit vector code slowly: a longer timeout.
  it.each(subgroupCases().map((c) => [c.name, c] as const))('%s', { timeout: 120_000 }, async (name, c) => {
    expect(c.absent(device as GPUDevice)).toBeUndefined();
    const ran = await c.run().catch((e: unknown) => e);
    if (lavapipe && !name.startsWith('workgroup')) {
      expect(ran).toMatchObject({ name: 'DeviceError' });
      expect(String(ran)).toMatch(/this adapter's subgroups are not gpuc's warps/);
    } else expect(ran).toEqual([]);
  });

  it('still takes the workgroup route where asked to', () => {
    const written = compileWGSL(webgpuCompiler(), swap, [types[4] as (typeof types)[number]], {
      block: [40, 1, 1],
      warps: 'workgroup',
    });
    expect(written.code).not.toContain('subgroup');
    expect(written.code).toContain('workgroupBarrier');
  });

  it('asks for subgroups of 32 (sized-subgroups) where the block allows', async () => {
    const written = compileWGSL(webgpuCompiler(), warps, types, {
      block: [32, 2, 1],
      warps: 'sized-subgroups',
    });
    expect(written.code).toContain('@subgroup_size(32)');
    const error = await launchWebGPU(
      warps,
      { grid: 1, block: 48, warps: 'sized-subgroups' },
      ...warpArgs(48)(),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
    expect(String(error)).toMatch(/x is a multiple of 32, not \[48, 1, 1\]/);
  });

  it('refuses, at its line, a subgroup operation that some threads of the block may skip', async () => {
    const skipped = kernel(`function skipped(x) {
      const t = gpu.threadIdx.x;
      let v = x[t];
      if (t < 16) v += gpu.voteAny(v > 3) ? 1 : 0;
      x[t] = v;
    }`);
    const error = await launchWebGPU(skipped, { grid: 1, block: 64 }, new Float32Array(64)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).message.split('\n')[0]).toMatch(
      /^kernels\.js:4:\d+: WebGPU's shader compiler rejects this: 'subgroupAny' must only be called from subgroup uniform control flow/,
    );
  });

  it('refuses a warp route that is not one', async () => {
    const error = await launchWebGPU(
      warps,
      { grid: 1, block: 32, warps: 'lanes' as 'subgroups' },
      ...warpArgs(32)(),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
    expect(String(error)).toMatch(
      /warps must be 'workgroup', 'subgroups', 'sized-subgroups' or left out, not lanes/,
    );
  });
});
