// A block reduction: each block sums 512 elements through shared memory with barriers, two
// elements a thread, halving the active threads each step.
import { gpu } from '@gpuc/core';

export function blockSum(input, partial, n) {
  const tile = gpu.sharedArray(Float64Array, 256);
  const t = gpu.threadIdx.x;
  const i = gpu.blockIdx.x * 512 + t;
  let v = 0;
  if (i < n) v = input[i];
  if (i + 256 < n) v += input[i + 256];
  tile[t] = v;
  gpu.barrier();
  for (let stride = 128; stride > 0; stride >>= 1) {
    if (t < stride) tile[t] += tile[t + stride];
    gpu.barrier();
  }
  if (t === 0) partial[gpu.blockIdx.x] = tile[0];
}

const n = 1 << 20;

export default {
  name: 'block reduction',
  kernel: blockSum,
  grid: n / 512,
  block: 256,
  args: () => [
    Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 8),
    new Float64Array(n / 512),
    n,
  ],
  summary: ([input, partial]) => {
    const sum = partial.reduce((a, b) => a + b, 0);
    return `sum ${sum} of ${input.length} elements`;
  },
};
