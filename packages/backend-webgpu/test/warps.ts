// The warp-operation kernels that the WebGPU tests run on both routes (workgroup memory and WGSL
// subgroups): shuffles of every kind, votes, ballots and lane properties, in 1-D and 2-D blocks,
// and a block sum of warp sums. `subgroupCases` are shared by test/subgroups.test.ts and
// scripts/gpu-check.ts, which runs them where the subgroups are 32 lanes (the GPU machine).
import { differences } from '@gpuc/core/tools';
import { type WarpRoute, warpRouteRefusal } from '../src/index.js';
import { both, type DeviceCase, kernel } from './both.js';

export const warps = kernel(`function warps(x, u, out, ou, flags, masks) {
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
    masks[i * 2] = gpu.ballot(v > 10);
    masks[i * 2 + 1] = u64(BigInt(gpu.popcount(gpu.ballot(w & 1)))) + (gpu.ballot(t % 3) >> 1n);
  }`);

/** The arguments of `warps` for a launch of `threads` threads. */
export const warpArgs = (threads: number) => () => [
  Float32Array.from({ length: threads }, (_, i) => ((i * 37) % 101) / 2 - 2.5),
  Uint32Array.from({ length: threads }, (_, i) => (i === 0 ? 3 : (i * 2654435761) >>> 0)),
  new Float32Array(threads * 4),
  new Uint32Array(threads * 2),
  new Int32Array(threads * 4),
  new BigUint64Array(threads * 2),
];

/** A block's sum: each warp's by a butterfly of shuffles, then the warps' through shared memory. */
export const blockSum = kernel(`function blockSum(x, out) {
    const sums = gpu.sharedArray(Float32Array, 8);
    const t = gpu.threadIdx.x;
    let v = x[gpu.globalIdx.x];
    for (let o = 1; o < 32; o <<= 1) v += gpu.shuffleXor(v, o);
    if (gpu.laneId === 0) sums[t >> 5] = v;
    gpu.barrier();
    if (t === 0) {
      let total = 0;
      for (let w = 0; w < gpu.blockDim.x >> 5; w++) total += sums[w];
      out[gpu.blockIdx.x] = total;
    }
  }`);

/** A shuffle and a vote, on the route asked for. */
export const swap = kernel(`function swap(x) {
    const t = gpu.threadIdx.x;
    x[t] = gpu.shuffleXor(x[t], 5) * 2 + (gpu.voteAll(x[t] > 0) ? 1 : 0);
  }`);

type Launch = { grid: number; block: number | [number, number]; warps: WarpRoute };

/** A case of a kernel on a warp route: it runs where the device takes the route for its block. */
function warpCase(name: string, source: typeof warps, launch: Launch, args: () => unknown[]): DeviceCase {
  const block = typeof launch.block === 'number' ? [launch.block, 1, 1] : [...launch.block, 1];
  return {
    name: `${launch.warps}: ${name}`,
    absent: (device) => warpRouteRefusal(device, launch.warps, block),
    async run() {
      const { expected, actual } = await both(source, launch, args);
      return differences(expected, actual);
    },
  };
}

/**
 * gpuc's warp operations on WGSL subgroups (and, beside them, one on workgroup memory), each
 * against the reference runner.
 */
export function subgroupCases(): DeviceCase[] {
  const sums = () => [Float32Array.from({ length: 512 }, (_, i) => (i % 17) - 8), new Float32Array(2)];
  return [
    warpCase(
      'shuffles, votes, ballots and a shuffle-down sum in blocks of 128',
      warps,
      { grid: 2, block: 128, warps: 'subgroups' },
      warpArgs(256),
    ),
    warpCase(
      'the same in 8 x 6 blocks (partial warps)',
      warps,
      { grid: 3, block: [8, 6], warps: 'subgroups' },
      warpArgs(144),
    ),
    warpCase(
      'the same in 32 x 2 blocks, subgroups of 32 asked for',
      warps,
      { grid: 2, block: [32, 2], warps: 'sized-subgroups' },
      warpArgs(128),
    ),
    warpCase(
      'a block sum of shuffleXor warp sums',
      blockSum,
      { grid: 2, block: 256, warps: 'subgroups' },
      sums,
    ),
    warpCase(
      'a block sum of shuffleXor warp sums',
      blockSum,
      { grid: 2, block: 256, warps: 'workgroup' },
      sums,
    ),
    warpCase(
      'a shuffle and a vote in a partial warp',
      swap,
      { grid: 1, block: 40, warps: 'workgroup' },
      () => [Int32Array.from({ length: 40 }, (_, i) => i * 3 - 7)],
    ),
  ];
}
