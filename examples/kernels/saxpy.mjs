// saxpy: y = a * x + y over a 1-D grid, in f32.
import { f32, gpu } from '@gpuc/core';

export function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

const n = 1 << 22;

export default {
  name: 'saxpy',
  kernel: saxpy,
  grid: n / 256,
  block: 256,
  args: () => [
    f32(2.5),
    Float32Array.from({ length: n }, (_, i) => (i % 1000) / 7),
    Float32Array.from({ length: n }, (_, i) => i % 13),
    n,
  ],
  // gpuc rounds each f32 operation, JavaScript only the stored result (docs/language.md).
  ulps: 1,
};
