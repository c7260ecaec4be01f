// gpuc's warp operations through WebGPU (lavapipe here, whose subgroups have 8 lanes): warps of
// 32 threads in the block's linear order, partial warps included, against the reference runner.
import { runReference } from '@gpuc/core';
import { CompileError, parseType } from '@gpuc/core/compiler';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compileWGSL,
  hasWebGPU,
  launchWebGPU,
  releaseWebGPU,
  runWGSL,
  warpRoute,
  webgpuCompiler,
  webgpuDevice,
} from '../src/index.js';
import { both, fromText, kernel } from './both.js';
import { warpArgs, warps } from './warps.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);

type Launch = { grid: number; block: number | [number, number] };

/** A launch's outcome: the CompileError's code and message, or undefined where it ran. */
async function refusal(source: { text: string; file: string }, launch: Launch, args: unknown[]) {
  const error = await launchWebGPU(source, launch, ...args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CompileError);
  return `${(error as CompileError).code}: ${(error as CompileError).message.split('\n')[0]}`;
}

describe.skipIf(!available)('warp operations on WebGPU', () => {
  it('shuffles, votes and reads lanes as the reference does, in a 2-D block with a partial warp', async () => {
    // Blocks of 8 x 6 = 48 threads: a warp of 32 and one of 16 each.
    const { expected, actual } = await both(warps, { grid: 3, block: [8, 6] }, warpArgs(144));
    expect(actual).toEqual(expected);
  });

  it('runs them in blocks of whole warps', async () => {
    const { expected, actual } = await both(warps, { grid: 2, block: 128 }, warpArgs(256));
    expect(actual).toEqual(expected);
  });

  it('runs warp operations in a device function, after a barrier and in shared-memory code', async () => {
    const scope = {
      warpSum: fromText('(v) => { for (let o = 16; o > 0; o >>= 1) v += gpu.shuffleXor(v, o); return v; }'),
    };
    const sums = kernel(`function sums(x, out) {
      const s = gpu.sharedArray(Int32Array, 96);
      const t = gpu.threadIdx.x;
      s[t] = x[gpu.globalIdx.x] * 3;
      gpu.barrier();
      const total = warpSum(s[95 - t]);
      out[gpu.globalIdx.x] = total + (gpu.voteAll(total > 0) ? 1 : 0);
    }`);
    const launch = { grid: 2, block: 96, scope };
    const make = () => [
      Int32Array.from({ length: 192 }, (_, i) => ((i * 7919) % 1000) - 300),
      new Int32Array(192),
    ];
    const expected = make();
    runReference(sums, launch, expected);
    const actual = make();
    await launchWebGPU(sums, launch, ...actual);
    expect(actual).toEqual(expected);
  });

  it('refuses, at its line, a warp operation that some threads of the block may skip', async () => {
    const skipped = kernel(`function skipped(x) {
      const t = gpu.threadIdx.x;
      let v = x[t];
      if (t < 32) v = gpu.shuffleDown(v, 1);
      x[t] = v;
    }`);
    expect(await refusal(skipped, { grid: 1, block: 64 }, [new Float32Array(64)])).toMatch(
      /^unsupported-on-target: kernels\.js:4:\d+: WebGPU's shader compiler rejects this: .*uniform control flow/,
    );
  });

  it("goes through workgroup memory where the adapter's subgroups are not 32 lanes", async () => {
    const device = (await webgpuDevice()) as GPUDevice;
    const sizes = device.adapterInfo as GPUAdapterInfo & { subgroupMinSize: number; subgroupMaxSize: number };
    if (sizes.subgroupMinSize === 32 && sizes.subgroupMaxSize === 32) return;
    expect(warpRoute(device, [128, 1, 1])).toBe('workgroup');
    // Forced onto subgroups, the launch is refused before it runs, naming the kernel.
    const error = await launchWebGPU(
      warps,
      { grid: 1, block: 64, warps: 'subgroups' },
      ...warpArgs(64)(),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
    expect(String(error)).toMatch(/kernel 'warps' cannot run with warps: 'subgroups': .*subgroups have \d+/);
  });

  it('reports a device exception where subgroups are not the warps the WGSL was written for', async () => {
    const device = (await webgpuDevice()) as GPUDevice;
    if (!device.features.has('subgroups') || warpRoute(device, [64, 1, 1]) !== 'workgroup') return;
    const types = ['f32[]', 'u32[]', 'f32[]', 'u32[]', 'i32[]', 'u64[]'].map(
      (t) => parseType(t) as NonNullable<ReturnType<typeof parseType>>,
    );
    const written = compileWGSL(webgpuCompiler(), warps, types, { block: [64, 1, 1], warps: 'subgroups' });
    expect(written.warps).toBe('subgroups');
    const error = await runWGSL(device, written, [1, 1, 1], warpArgs(64)()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DeviceError' });
    expect(String(error)).toMatch(/subgroups are not gpuc's warps/);
  });
});
