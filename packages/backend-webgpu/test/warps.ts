// The warp-operation kernel that the WebGPU tests run on both routes (workgroup memory and WGSL
// subgroups): shuffles of every kind, votes, ballots and lane properties, in 1-D and 2-D blocks.
import { kernel } from './both.js';

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
