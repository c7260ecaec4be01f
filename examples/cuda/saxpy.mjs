// The README's CUDA example: saxpy written in JavaScript, compiled to PTX and run on the GPU.

import { launchCuda } from '@gpuc/backend-cuda';
import { f32, gpu } from '@gpuc/core';

function saxpy(a, x, y) {
  const i = gpu.globalIdx.x;
  if (i < x.length) y[i] = a * x[i] + y[i];
}

const x = new Float32Array(1 << 20).fill(1);
const y = new Float32Array(1 << 20).fill(2);
launchCuda(saxpy, { grid: x.length / 256, block: 256 }, f32(3), x, y);
console.log(y[0], y[y.length - 1]); // 5 5
