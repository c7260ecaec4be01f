// The kernels of bench/cuda, in gpuc's language: `cases` are the same algorithms, sizes and data
// as reference.cu (the CUDA C built with nvcc -O3 they are compared with); `peerCases` are gpuc
// kernels written as a skilled user writes them, each against its best peer (issue 16), checked
// against a CPU reference. A new case is one more entry (`gemmCase` makes a matmul's).

import { DeviceArray } from '../../packages/backend-cuda/src/index.js';
import {
  BFloat16Bits,
  Float16Bits,
  f32,
  type HalfArray,
  type HalfArrayConstructor,
  i32,
  type Params,
} from '../../packages/core/src/index.js';
import { STRIDED_REDUCTION } from '../reduction.js';
import {
  type Check,
  checkProduct,
  checkStencil,
  checkSum,
  SAXPY4,
  STENCIL_ROWS,
  TILED_MATMUL,
  TILED_MATMUL_FMA,
  VECTOR_REDUCTION,
  VECTOR_STENCIL,
} from './skilled-kernels.js';
import {
  TENSOR_MATMUL,
  TENSOR_MATMUL_SHARED_BYTES,
  TENSOR_MATMUL_TILE,
  WARPGROUP_MATMUL,
  WARPGROUP_MATMUL_SHARED_BYTES,
  WARPGROUP_MATMUL_TILE,
  WARPGROUP_SWIZZLED_MATMUL,
} from './tensor-cores.js';

export interface BenchCase {
  readonly name: string;
  readonly source: string;
  readonly types: readonly string[];
  readonly grid: number | [number, number];
  readonly block: number | [number, number];
  /** Device arguments (arrays as `{ array }`). */
  args(): unknown[];
  /** Bytes a perfect kernel moves, for bandwidth-bound kernels. */
  readonly bytes?: number;
  /** Floating-point operations of one launch (matmuls print TFLOP/s). */
  readonly flops?: number;
  /** Compile params (`fastMath`...). */
  readonly params?: Params;
  /** Bytes of dynamic shared memory per block (`gpu.dynamicSharedArray`). */
  readonly sharedBytes?: number;
  /** The one compute capability the kernel runs on (the warpgroup rows' 90, for sm_90a), if any. */
  readonly computeCapability?: number;
  /**
   * What the row is compared with: `nvcc:<kernel>` (reference.cu's; by default the case's own
   * name), `cublas:<kind>:<n>` (a GEMM of cublas.ts) or `copy` (the device-to-device copy's
   * bandwidth).
   */
  readonly peer?: string;
  /** After one launch on fresh `args()`: what differs from a CPU reference, or undefined. */
  check?(args: unknown[]): Check;
}

// Large enough that launch and tail effects fade: 1 GiB per float array, 256 MiB per image.
const n = 1 << 28;
const side = 8192;
const m = 2048;
const options = 1 << 24;

/** reference.cu's data: offset + scale * ((i * 7919) % 1000) / 1000. */
export function pattern(length: number, scale: number, offset: number): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = offset + (scale * ((i * 7919) % 1000)) / 1000;
  return values;
}

/**
 * `pattern(length, 1, offset)` rounded to a 16-bit float type: the array (its bits) and the
 * numbers it holds, built from the pattern's 1000 distinct values (rounding 67 million numbers
 * one by one would take seconds).
 */
export function halfPattern(
  length: number,
  offset: number,
  Half: HalfArrayConstructor,
): [HalfArray, Float32Array] {
  const table = Half.from(pattern(1000, 1, offset));
  const numbers = Float32Array.from(table.toNumbers());
  const bits = new Half(length);
  const values = new Float32Array(length);
  // The pattern repeats every 1000 elements.
  for (let i = 0; i < length; i++) {
    bits[i] = table[i % 1000] as number;
    values[i] = numbers[i % 1000] as number;
  }
  return [bits, values];
}

/** The host copy of a device argument of `args()`. */
export const read = (arg: unknown) => (arg as { array: DeviceArray<Float32Array> }).array.read();

const on = (host: Float32Array | Uint32Array) => ({ array: DeviceArray.from(host) });
const empty = (kind: Float32ArrayConstructor | Uint32ArrayConstructor, length: number) => ({
  array: DeviceArray.zeros(kind as Float32ArrayConstructor, length),
});

export const cases: readonly BenchCase[] = [
  {
    name: 'saxpy',
    source: `function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}`,
    types: ['f32', 'f32[]', 'f32[]', 'i32'],
    grid: n / 256,
    block: 256,
    args: () => [f32(2.5), on(pattern(n, 1, 0)), on(pattern(n, 2, 1)), i32(n)],
    bytes: 12 * n,
  },
  {
    name: 'saxpy4',
    source: SAXPY4,
    types: ['f32', 'f32[]', 'f32[]', 'i32'],
    grid: n / 4 / 256,
    block: 256,
    args: () => [f32(2.5), on(pattern(n, 1, 0)), on(pattern(n, 2, 1)), i32(n)],
    bytes: 12 * n,
  },
  {
    name: 'reduction',
    source: STRIDED_REDUCTION,
    types: ['f32[]', 'f32[]', 'i32'],
    grid: 4096,
    block: 256,
    args: () => [on(pattern(n, 1, 0)), empty(Float32Array, 4096), i32(n)],
    bytes: 4 * n,
  },
  {
    name: 'stencil',
    source: `function stencil(src, dst, w, h) {
  const x = gpu.globalIdx.x;
  const y = gpu.globalIdx.y;
  if (x < 1 || y < 1 || x >= w - 1 || y >= h - 1) return;
  const c = y * w + x;
  dst[c] = 0.2 * (src[c] + src[c - 1] + src[c + 1] + src[c - w] + src[c + w]);
}`,
    types: ['f32[]', 'f32[]', 'i32', 'i32'],
    grid: [side / 16, side / 16],
    block: [16, 16],
    args: () => [on(pattern(side * side, 1, 0)), empty(Float32Array, side * side), i32(side), i32(side)],
    bytes: 8 * side * side,
  },
  {
    name: 'matmul',
    source: `function matmul(a, b, c, n) {
  const ta = gpu.sharedArray(Float32Array, 256);
  const tb = gpu.sharedArray(Float32Array, 256);
  const tx = gpu.threadIdx.x;
  const ty = gpu.threadIdx.y;
  const row = gpu.blockIdx.y * 16 + ty;
  const col = gpu.blockIdx.x * 16 + tx;
  let acc = f32(0);
  for (let k0 = 0; k0 < n; k0 += 16) {
    ta[ty * 16 + tx] = a[row * n + k0 + tx];
    tb[ty * 16 + tx] = b[(k0 + ty) * n + col];
    gpu.barrier();
    for (let k = 0; k < 16; k++) acc += ta[ty * 16 + k] * tb[k * 16 + tx];
    gpu.barrier();
  }
  c[row * n + col] = acc;
}`,
    types: ['f32[]', 'f32[]', 'f32[]', 'i32'],
    grid: [m / 16, m / 16],
    block: [16, 16],
    args: () => [
      on(pattern(m * m, 1, -0.5)),
      on(pattern(m * m, 1, -0.5)),
      empty(Float32Array, m * m),
      i32(m),
    ],
  },
  {
    name: 'black-scholes',
    source: `function blackScholes(s, x, t, call, put, r, v, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  const sq = Math.sqrt(t[i]);
  const d1 = (Math.log(s[i] / x[i]) + (r + 0.5 * v * v) * t[i]) / (v * sq);
  const d2 = d1 - v * sq;
  const e = x[i] * Math.exp(-r * t[i]);
  call[i] = s[i] * cnd(d1) - e * cnd(d2);
  put[i] = e * (1 - cnd(d2)) - s[i] * (1 - cnd(d1));
}`,
    types: ['f32[]', 'f32[]', 'f32[]', 'f32[]', 'f32[]', 'f32', 'f32', 'i32'],
    grid: options / 256,
    block: 256,
    args: () => [
      on(pattern(options, 95, 5)),
      on(pattern(options, 95, 5)),
      on(pattern(options, 9.75, 0.25)),
      empty(Float32Array, options),
      empty(Float32Array, options),
      f32(0.02),
      f32(0.3),
      i32(options),
    ],
  },
  {
    name: 'histogram',
    source: `function histogram(data, bins, n) {
  const local = gpu.sharedArray(Uint32Array, 256);
  const t = gpu.threadIdx.x;
  local[t] = 0;
  gpu.barrier();
  for (let i = gpu.globalIdx.x; i < n; i += gpu.blockDim.x * gpu.gridDim.x) gpu.atomicAdd(local, data[i] & 255, 1);
  gpu.barrier();
  gpu.atomicAdd(bins, t, local[t]);
}`,
    types: ['u32[]', 'u32[]', 'i32'],
    grid: 1024,
    block: 256,
    args: () => {
      const values = new Uint32Array(n);
      // reference.cu's (i * 2654435761u) >> 7, in unsigned 32-bit arithmetic.
      for (let i = 0; i < n; i++) values[i] = (Math.imul(i, 2654435761) >>> 0) >>> 7;
      return [on(values), empty(Uint32Array, 256), i32(n)];
    },
  },
];

/** The cumulative normal distribution Black-Scholes calls (a device function in its scope). */
export const scope = {
  cnd: (d: number) => {
    const k = 1 / (1 + 0.2316419 * Math.abs(d));
    const poly =
      k * (0.31938153 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))));
    const c = 0.3989422804 * Math.exp(-0.5 * d * d) * poly;
    return d > 0 ? 1 - c : c;
  },
};

/**
 * A matmul case: C = A B for n x n matrices of reference.cu's matmul data (A and B of `input`,
 * f32 by default, rounded to it; C f32), checked at 64 entries against f64 dot products of the
 * inputs' numbers (`tolerance` relative to the sum of |a b|), compared with cuBLAS's GEMM of
 * `kind` (default sgemm).
 */
export function gemmCase(options: {
  name: string;
  source: string;
  n: number;
  grid: [number, number];
  block: number | [number, number];
  params?: Params;
  sharedBytes?: number;
  computeCapability?: number;
  input?: 'f32' | 'f16' | 'bf16';
  kind?: string;
  tolerance?: number;
}): BenchCase {
  const { n, input = 'f32' } = options;
  let a: Float32Array = new Float32Array(0);
  let b = a;
  const matrix = (offset: number): [Float32Array | HalfArray, Float32Array] => {
    if (input === 'f32') {
      const values = pattern(n * n, 1, offset);
      return [values, values];
    }
    return halfPattern(n * n, offset, input === 'f16' ? Float16Bits : BFloat16Bits);
  };
  return {
    name: options.name,
    source: options.source,
    types: [`${input}[]`, `${input}[]`, 'f32[]', 'i32'],
    grid: options.grid,
    block: options.block,
    ...(options.params ? { params: options.params } : {}),
    ...(options.sharedBytes ? { sharedBytes: options.sharedBytes } : {}),
    ...(options.computeCapability ? { computeCapability: options.computeCapability } : {}),
    flops: 2 * n ** 3,
    peer: `cublas:${options.kind ?? 'sgemm'}:${n}`,
    args: () => {
      const [da, va] = matrix(-0.5);
      const [db, vb] = matrix(-0.25);
      [a, b] = [va, vb];
      return [
        { array: DeviceArray.from(da) },
        { array: DeviceArray.from(db) },
        empty(Float32Array, n * n),
        i32(n),
      ];
    },
    check: (args) => checkProduct(a, b, read(args[2]), n, options.tolerance ?? 1e-5),
  };
}

const sumOf = (): BenchCase => {
  let x: Float32Array = new Float32Array(0);
  return {
    name: 'reduction4',
    source: VECTOR_REDUCTION,
    types: ['f32[]', 'f32[]', 'i32'],
    grid: 132 * 8,
    block: 256,
    peer: 'copy',
    bytes: 4 * n,
    args: () => {
      x = pattern(n, 1, 0);
      return [on(x), empty(Float32Array, 1), i32(n)];
    },
    check: (args) => checkSum(x, read(args[1])[0] as number),
  };
};

const stencilOf = (): BenchCase => {
  let src: Float32Array = new Float32Array(0);
  return {
    name: 'stencil4',
    source: VECTOR_STENCIL,
    types: ['f32[]', 'f32[]', 'i32', 'i32'],
    grid: [side / 4 / 64, side / STENCIL_ROWS],
    block: [64, 1],
    peer: 'copy',
    bytes: 8 * side * side,
    args: () => {
      src = pattern(side * side, 1, 0);
      return [on(src), empty(Float32Array, side * side), i32(side), i32(side)];
    },
    check: (args) => checkStencil(src, read(args[1]), side, side),
  };
};

/** The sizes of the matmul rows against cuBLAS. */
export const GEMM_SIZES = [2048, 4096, 8192] as const;

export const peerCases: readonly BenchCase[] = [
  sumOf(),
  stencilOf(),
  ...GEMM_SIZES.flatMap((size) => [
    gemmCase({
      name: `sgemm ${size}`,
      source: TILED_MATMUL,
      n: size,
      grid: [size / 128, size / 128],
      block: 256,
    }),
    // fastMath fuses products and sums into multiply-adds, as nvcc and cuBLAS do; gpuc fuses
    // nothing otherwise (JavaScript's rounding), which doubles a matmul's arithmetic.
    gemmCase({
      name: `sgemm ${size}, fastMath`,
      source: TILED_MATMUL,
      n: size,
      grid: [size / 128, size / 128],
      block: 256,
      params: { fastMath: true },
    }),
    // Exact mode with the multiply-adds written as gpu.fma: fused where the kernel says so.
    gemmCase({
      name: `sgemm ${size}, gpu.fma`,
      source: TILED_MATMUL_FMA,
      n: size,
      grid: [size / 128, size / 128],
      block: 256,
    }),
    // Tensor cores (gpu.matrix*): f16 or bf16 inputs, f32 accumulation, against cuBLAS's GEMM
    // of the same types.
    ...(['f16', 'bf16'] as const).map((input) =>
      gemmCase({
        name: `tensor-matmul ${size}, ${input}`,
        source: input === 'f16' ? TENSOR_MATMUL : TENSOR_MATMUL.replaceAll('Float16Bits', 'BFloat16Bits'),
        n: size,
        grid: [size / TENSOR_MATMUL_TILE[1], size / TENSOR_MATMUL_TILE[0]],
        block: 256,
        sharedBytes: TENSOR_MATMUL_SHARED_BYTES,
        input,
        kind: input === 'f16' ? 'fp16' : 'bf16',
        tolerance: 1e-4,
      }),
    ),
    // Hopper's warpgroup tensor cores (gpu.matrixWarpgroup*, wgmma; sm_90a, which launches on a
    // compute capability 9.0 device compile for): the same product and peers.
    ...(
      [
        ['warpgroup-matmul', WARPGROUP_MATMUL],
        // The same with 128-byte swizzled tiles.
        ['warpgroup-swizzled-matmul', WARPGROUP_SWIZZLED_MATMUL],
      ] as const
    ).flatMap(([kernel, source]) =>
      (['f16', 'bf16'] as const).map((input) =>
        gemmCase({
          name: `${kernel} ${size}, ${input}`,
          source: input === 'f16' ? source : source.replaceAll('Float16Bits', 'BFloat16Bits'),
          n: size,
          grid: [size / WARPGROUP_MATMUL_TILE[1], size / WARPGROUP_MATMUL_TILE[0]],
          block: 256,
          sharedBytes: WARPGROUP_MATMUL_SHARED_BYTES,
          computeCapability: 90,
          input,
          kind: input === 'f16' ? 'fp16' : 'bf16',
          tolerance: 1e-4,
        }),
      ),
    ),
  ]),
];
