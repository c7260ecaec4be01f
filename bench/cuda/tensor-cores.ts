// Tensor-core matmul in gpuc's language, as a skilled user writes it with gpu.matrix*: C = A B
// with A and B f16 and C f32, n x n for n = 2048, 4096, 8192. Blocks of eight warps compute
// 128x128 tiles of C from 128x32 and 32x128 tiles of A and B staged in shared memory (rows
// padded by 8 elements against bank conflicts); each warp keeps a 64x32 tile in eight
// accumulators. The inputs are integers from -2 to 2, so every sum is exact and sampled
// elements of the result are checked against a CPU product.
import { DeviceArray } from '../../packages/backend-cuda/src/index.js';
import { Float16Bits, i32 } from '../../packages/core/src/index.js';
import type { BenchCase } from './cases.js';

const accumulators = ['c00', 'c01', 'c10', 'c11', 'c20', 'c21', 'c30', 'c31'];

export const TENSOR_MATMUL = `function tensorMatmul(a, b, c, n) {
  const As = gpu.sharedArray(Float16Bits, 128 * 40);
  const Bs = gpu.sharedArray(Float16Bits, 32 * 136);
  const t = gpu.threadIdx.x;
  const warp = t >> 5;
  const wm = (warp >> 2) * 64;
  const wn = (warp & 3) * 32;
  const row0 = gpu.blockIdx.y * 128;
  const col0 = gpu.blockIdx.x * 128;
  ${accumulators.map((name) => `let ${name} = gpu.matrixFill(0);`).join('\n  ')}
  const ar = t >> 1;
  const ac = (t & 1) * 16;
  const br = t >> 3;
  const bc = (t & 7) * 16;
  for (let k0 = 0; k0 < n; k0 += 32) {
    // Written as multiples of 8 (n is), so each thread's 16 elements load as two 128-bit loads.
    const ga = ((row0 + ar) * (n >> 3) + ((k0 + ac) >> 3)) * 8;
    const gb = ((k0 + br) * (n >> 3) + ((col0 + bc) >> 3)) * 8;
    for (let q = 0; q < 16; q++) As[ar * 40 + ac + q] = a[ga + q];
    for (let q = 0; q < 16; q++) Bs[br * 136 + bc + q] = b[gb + q];
    gpu.barrier();
    for (let kk = 0; kk < 32; kk += 16) {
      const b0 = gpu.matrixLoadB(Bs, kk * 136 + wn, 136);
      const b1 = gpu.matrixLoadB(Bs, kk * 136 + wn + 16, 136);
      ${[0, 1, 2, 3]
        .map(
          (i) => `const a${i} = gpu.matrixLoadA(As, (wm + ${16 * i}) * 40 + kk, 40);
      c${i}0 = gpu.matrixMultiplyAdd(a${i}, b0, c${i}0);
      c${i}1 = gpu.matrixMultiplyAdd(a${i}, b1, c${i}1);`,
        )
        .join('\n      ')}
    }
    gpu.barrier();
  }
  ${accumulators
    .map(
      (name) =>
        `gpu.matrixStore(c, (row0 + wm + ${16 * Number(name[1])}) * n + col0 + wn + ${16 * Number(name[2])}, n, ${name});`,
    )
    .join('\n  ')}
}`;

/** f16 bits of the integers -2 to 2. */
const HALF_BITS = [0xc000, 0xbc00, 0x0000, 0x3c00, 0x4000];

/** n x n integers from -2 to 2 as f16 (by their bits: quick at 8192²), and their values. */
function integers(length: number, multiplier: number): { bits: HalfBits; values: Int8Array } {
  const bits = new Float16Bits(length);
  const values = new Int8Array(length);
  for (let i = 0; i < length; i++) {
    const v = (Math.imul(i, multiplier) >>> 13) % 5;
    bits[i] = HALF_BITS[v] as number;
    values[i] = v - 2;
  }
  return { bits, values };
}

type HalfBits = InstanceType<typeof Float16Bits>;

/** The case for n x n matrices: time, then 512 sampled elements checked exactly. */
function tensorCase(n: number): BenchCase {
  let inputs: { a: Int8Array; b: Int8Array } | undefined;
  return {
    name: `tensor-matmul ${n}`,
    source: TENSOR_MATMUL,
    types: ['f16[]', 'f16[]', 'f32[]', 'i32'],
    grid: [n / 128, n / 128],
    block: 256,
    flops: 2 * n ** 3,
    args: () => {
      const a = integers(n * n, 0x9e3779b1);
      const b = integers(n * n, 0x85ebca6b);
      inputs = { a: a.values, b: b.values };
      return [
        { array: DeviceArray.from(a.bits) },
        { array: DeviceArray.from(b.bits) },
        { array: DeviceArray.zeros(Float32Array, n * n) },
        i32(n),
      ];
    },
    check: (args) => {
      const c = (args[2] as { array: DeviceArray<Float32Array> }).array.read();
      const { a, b } = inputs as { a: Int8Array; b: Int8Array };
      for (let s = 0; s < 512; s++) {
        const i = (Math.imul(s, 0x27d4eb2d) >>> 0) % n;
        const j = (Math.imul(s + 1, 0x165667b1) >>> 0) % n;
        let sum = 0;
        for (let k = 0; k < n; k++) sum += (a[i * n + k] as number) * (b[k * n + j] as number);
        if (c[i * n + j] !== sum)
          throw new Error(`tensor-matmul ${n}: C[${i}][${j}] is ${c[i * n + j]}, not ${sum}`);
      }
    },
  };
}

/** The tensor-core matmul rows. */
export const tensorCases: readonly BenchCase[] = [2048, 4096, 8192].map(tensorCase);
