// gpuc's warp operations through WebGPU (lavapipe here, whose subgroups have 8 lanes): warps of
// 32 threads in the block's linear order, partial warps included, against the reference runner.
import { runReference } from '@gpuc/core';
import { CompileError } from '@gpuc/core/compiler';
import { afterAll, describe, expect, it } from 'vitest';
import { hasWebGPU, launchWebGPU, releaseWebGPU } from '../src/index.js';
import { both, kernel } from './both.js';

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
  const warps = kernel(`function warps(x, u, out, ou, flags) {
    const t = gpu.threadIdx.x + gpu.threadIdx.y * gpu.blockDim.x;
    const i = gpu.globalIdx.x + gpu.globalIdx.y * gpu.blockDim.x * gpu.gridDim.x;
    const v = x[i];
    const w = u[i];
    let s = v;
    for (let o = 16; o > 0; o >>= 1) s += gpu.shuffleDown(s, o);
    out[i * 4] = s;
    out[i * 4 + 1] = gpu.shuffle(v, t * 7 - 40);
    out[i * 4 + 2] = gpu.shuffleUp(v, t % 5);
    out[i * 4 + 3] = gpu.shuffleXor(v, t % 37);
    ou[i * 2] = gpu.shuffle(w, 3 - t);
    ou[i * 2 + 1] = gpu.shuffleDown(t, u[0]);
    flags[i * 4] = gpu.voteAny(v > 40) ? 1 : 0;
    flags[i * 4 + 1] = gpu.voteAll(v > -3) ? 1 : 0;
    flags[i * 4 + 2] = gpu.laneId;
    flags[i * 4 + 3] = gpu.warpSize;
  }`);
  const make = (threads: number) => () => [
    Float32Array.from({ length: threads }, (_, i) => ((i * 37) % 101) / 2 - 2.5),
    Uint32Array.from({ length: threads }, (_, i) => (i === 0 ? 3 : (i * 2654435761) >>> 0)),
    new Float32Array(threads * 4),
    new Uint32Array(threads * 2),
    new Int32Array(threads * 4),
  ];

  it('shuffles, votes and reads lanes as the reference does, in a 2-D block with a partial warp', async () => {
    // Blocks of 8 x 6 = 48 threads: a warp of 32 and one of 16 each.
    const { expected, actual } = await both(warps, { grid: 3, block: [8, 6] }, make(144));
    expect(actual).toEqual(expected);
  });

  it('runs them in blocks of whole warps', async () => {
    const { expected, actual } = await both(warps, { grid: 2, block: 128 }, make(256));
    expect(actual).toEqual(expected);
  });

  it('runs warp operations in a device function, after a barrier and in shared-memory code', async () => {
    const js = (text: string) => new Function(`return (${text});`)() as (...args: never[]) => unknown;
    const scope = {
      warpSum: js('(v) => { for (let o = 16; o > 0; o >>= 1) v += gpu.shuffleXor(v, o); return v; }'),
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

  it('refuses gpu.ballot, whose mask is a u64', async () => {
    const ballot = kernel(`function ballot(x) {
      x[0] = gpu.popcount(gpu.ballot(x[1] > 0));
    }`);
    expect(await refusal(ballot, { grid: 1, block: 32 }, [new Int32Array(2)])).toMatch(
      /^unsupported-on-target: kernels\.js:2:\d+: gpu\.ballot \(its mask is a u64: WGSL has no 64-bit integers\) is not supported on WebGPU/,
    );
  });
});
