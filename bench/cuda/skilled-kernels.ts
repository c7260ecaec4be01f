// gpuc kernels written as a skilled CUDA user writes them (issue 16's peer rows): saxpy four
// elements a thread, a register-tiled fp32 matmul, a reduction with 128-bit loads and warp
// shuffles, and a 5-point stencil with 128-bit loads that marches down rows. Each but saxpy4
// comes with the CPU reference its bench row checks it against (a fast kernel with wrong numbers
// is worthless).

/**
 * y = a x + y over n elements (types f32, f32[], f32[], i32; n / 4 threads): four consecutive
 * elements per thread, all loaded before any is stored, which the compiler turns into 128-bit
 * loads and stores (reference.cu: float4). The back-ends' tests check that they do.
 */
export const SAXPY4 = `function saxpy4(a, x, y, n) {
  const i = gpu.globalIdx.x * 4;
  if (i + 3 < n) {
    const x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
    const y0 = y[i], y1 = y[i + 1], y2 = y[i + 2], y3 = y[i + 3];
    y[i] = a * x0 + y0;
    y[i + 1] = a * x1 + y1;
    y[i + 2] = a * x2 + y2;
    y[i + 3] = a * x3 + y3;
  }
}`;

/**
 * C = A B for n x n row-major f32 matrices, n a multiple of 128 (types f32[], f32[], f32[], i32;
 * grid [n / 128, n / 128], block 256). A block computes a 128 x 128 tile of C, each thread 8 x 8
 * of it (rows ty*4 and 64 + ty*4, columns tx*4 and 64 + tx*4, four each, so that a warp's shared
 * reads are contiguous), over k in slabs of 8 staged in shared memory; the next slab's global
 * loads go out before the current slab's arithmetic.
 */
export const TILED_MATMUL = `function sgemm(a, b, c, n) {
  const as = gpu.sharedArray(Float32Array, 8 * 128); // the A slab transposed: as[k * 128 + row]
  const bs = gpu.sharedArray(Float32Array, 8 * 128); // the B slab: bs[k * 128 + column]
  const t = gpu.threadIdx.x;
  const tx = t & 15;
  const ty = t >> 4;
  // n is a multiple of 128, so every row starts at a multiple of 4 elements; n & -4 says so, and
  // the four-element accesses become 128-bit ones.
  const stride = n & -4;
  const ia = (gpu.blockIdx.y * 128 + (t >> 1)) * stride + (t & 1) * 4;
  const ib = (t >> 5) * stride + gpu.blockIdx.x * 128 + (t & 31) * 4;
  const sa = (t & 1) * 4 * 128 + (t >> 1);
  const sb = (t >> 5) * 128 + (t & 31) * 4;
  const acc = new Float32Array(64);
  const fa = new Float32Array(8);
  const fb = new Float32Array(8);
  let a0 = a[ia], a1 = a[ia + 1], a2 = a[ia + 2], a3 = a[ia + 3];
  let b0 = b[ib], b1 = b[ib + 1], b2 = b[ib + 2], b3 = b[ib + 3];
  for (let k0 = 0; k0 < n; k0 += 8) {
    as[sa] = a0;
    as[sa + 128] = a1;
    as[sa + 256] = a2;
    as[sa + 384] = a3;
    bs[sb] = b0;
    bs[sb + 1] = b1;
    bs[sb + 2] = b2;
    bs[sb + 3] = b3;
    gpu.barrier();
    if (k0 + 8 < n) {
      const ja = ia + k0 + 8;
      const jb = ib + (k0 + 8) * stride;
      a0 = a[ja]; a1 = a[ja + 1]; a2 = a[ja + 2]; a3 = a[ja + 3];
      b0 = b[jb]; b1 = b[jb + 1]; b2 = b[jb + 2]; b3 = b[jb + 3];
    }
    for (let k = 0; k < 8; k++) {
      for (let q = 0; q < 4; q++) {
        fa[q] = as[k * 128 + ty * 4 + q];
        fa[q + 4] = as[k * 128 + 64 + ty * 4 + q];
        fb[q] = bs[k * 128 + tx * 4 + q];
        fb[q + 4] = bs[k * 128 + 64 + tx * 4 + q];
      }
      for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) acc[i * 8 + j] += fa[i] * fb[j];
    }
    gpu.barrier();
  }
  for (let i = 0; i < 8; i++) {
    const row = gpu.blockIdx.y * 128 + (i < 4 ? ty * 4 + i : 60 + ty * 4 + i);
    const o = row * stride + gpu.blockIdx.x * 128 + tx * 4;
    for (let q = 0; q < 4; q++) c[o + q] = acc[i * 8 + q];
    for (let q = 0; q < 4; q++) c[o + 64 + q] = acc[i * 8 + 4 + q];
  }
}`;

/**
 * {@link TILED_MATMUL} with each multiply-add asked for with `gpu.fma`: fused as nvcc fuses, in
 * exact mode (a result JavaScript's reference gives too), where fastMath would fuse everything.
 */
export const TILED_MATMUL_FMA = TILED_MATMUL.replace('function sgemm(', 'function sgemmFma(').replace(
  'acc[i * 8 + j] += fa[i] * fb[j]',
  'acc[i * 8 + j] = gpu.fma(fa[i], fb[j], acc[i * 8 + j])',
);

/**
 * The sum of x's n elements added into sum[0] (types f32[], f32[], i32; any grid of 1-D blocks
 * of up to 1024 threads): float4s along a grid-stride loop, two in flight per step; the warp
 * adds its lanes with shuffles, the block its warps through shared memory, and one atomic per
 * block adds the block's sum.
 */
export const VECTOR_REDUCTION = `function reduce4(x, sum, n) {
  const partial = gpu.sharedArray(Float32Array, 32);
  const t = gpu.threadIdx.x;
  const threads = gpu.blockDim.x * gpu.gridDim.x;
  const quads = n >> 2;
  let s0 = f32(0);
  let s1 = f32(0);
  let q = gpu.globalIdx.x;
  for (; q + threads < quads; q += 2 * threads) {
    const i = 4 * q;
    const j = 4 * (q + threads);
    const x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
    const y0 = x[j], y1 = x[j + 1], y2 = x[j + 2], y3 = x[j + 3];
    s0 += x0 + x1 + (x2 + x3);
    s1 += y0 + y1 + (y2 + y3);
  }
  if (q < quads) {
    const i = 4 * q;
    s0 += x[i] + x[i + 1] + (x[i + 2] + x[i + 3]);
  }
  if (gpu.globalIdx.x === 0) for (let k = 4 * quads; k < n; k++) s1 += x[k];
  let v = s0 + s1;
  for (let o = 16; o > 0; o >>= 1) v += gpu.shuffleDown(v, o);
  if ((t & 31) === 0) partial[t >> 5] = v;
  gpu.barrier();
  if (t < 32) {
    v = t < gpu.blockDim.x >> 5 ? partial[t] : 0;
    for (let o = 16; o > 0; o >>= 1) v += gpu.shuffleDown(v, o);
    if (t === 0) gpu.atomicAdd(sum, 0, v);
  }
}`;

/** Rows of the image one thread of {@link VECTOR_STENCIL} computes. */
export const STENCIL_ROWS = 16;

/**
 * bench/cuda's 5-point stencil (types f32[], f32[], i32, i32; grid [w / 4 / 64, h / 16], block
 * [64, 1]), w a multiple of 4: four columns per thread with 128-bit loads and stores, marching
 * down 16 rows with the rows above, at and below the centre kept in registers (and the next one
 * loading), so that each element comes from memory about once. Border cells are written as 0
 * (the reference leaves them as the zeros they start as).
 */
export const VECTOR_STENCIL = `function stencil4(src, dst, w, h) {
  const stride = w & -4;
  const x = 4 * gpu.globalIdx.x;
  const y0 = ${STENCIL_ROWS} * gpu.globalIdx.y;
  if (x >= w || y0 >= h) return;
  const rows = Math.min(${STENCIL_ROWS}, h - y0);
  let u0 = f32(0), u1 = f32(0), u2 = f32(0), u3 = f32(0);
  if (y0 > 0) {
    const i = (y0 - 1) * stride + x;
    u0 = src[i]; u1 = src[i + 1]; u2 = src[i + 2]; u3 = src[i + 3];
  }
  const i = y0 * stride + x;
  let c0 = src[i], c1 = src[i + 1], c2 = src[i + 2], c3 = src[i + 3];
  let d0 = f32(0), d1 = f32(0), d2 = f32(0), d3 = f32(0);
  if (y0 + 1 < h) {
    const j = i + stride;
    d0 = src[j]; d1 = src[j + 1]; d2 = src[j + 2]; d3 = src[j + 3];
  }
  for (let r = 0; r < rows; r++) {
    const y = y0 + r;
    // The row after next goes out before this row's arithmetic: two rows in flight.
    let e0 = f32(0), e1 = f32(0), e2 = f32(0), e3 = f32(0);
    if (r + 1 < rows && y + 2 < h) {
      const j = (y + 2) * stride + x;
      e0 = src[j]; e1 = src[j + 1]; e2 = src[j + 2]; e3 = src[j + 3];
    }
    const o = y * stride + x;
    if (y > 0 && y < h - 1) {
      const left = x > 0 ? src[o - 1] : f32(0);
      const right = x + 4 < w ? src[o + 4] : f32(0);
      // The reference's order: centre, left, right, above, below.
      const o0 = x > 0 ? 0.2 * (c0 + left + c1 + u0 + d0) : f32(0);
      const o1 = 0.2 * (c1 + c0 + c2 + u1 + d1);
      const o2 = 0.2 * (c2 + c1 + c3 + u2 + d2);
      const o3 = x + 4 < w ? 0.2 * (c3 + c2 + right + u3 + d3) : f32(0);
      dst[o] = o0;
      dst[o + 1] = o1;
      dst[o + 2] = o2;
      dst[o + 3] = o3;
    }
    u0 = c0; u1 = c1; u2 = c2; u3 = c3;
    c0 = d0; c1 = d1; c2 = d2; c3 = d3;
    d0 = e0; d1 = e1; d2 = e2; d3 = e3;
  }
}`;

/** What differs between `got` and the reference, or undefined when nothing does. */
export type Check = string | undefined;

/**
 * Entries of C = A B (n x n) at 64 spread positions against f64 dot products, each within
 * `tolerance` of the sum of |a b| over its row and column (the bound of a sum's rounding).
 * `at(m, i, j)` reads element (i, j) of a matrix stored as the kernel stores it.
 */
export function checkProduct(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  c: ArrayLike<number>,
  n: number,
  tolerance: number,
  at: (m: ArrayLike<number>, i: number, j: number) => number = (m, i, j) => m[i * n + j] as number,
): Check {
  for (let s = 0; s < 64; s++) {
    const i = (s * 977 + 3) % n;
    const j = (s * 613 + 7) % n;
    let dot = 0;
    let magnitude = 0;
    for (let k = 0; k < n; k++) {
      const p = at(a, i, k) * at(b, k, j);
      dot += p;
      magnitude += Math.abs(p);
    }
    const got = at(c, i, j);
    if (!(Math.abs(got - dot) <= tolerance * magnitude + 1e-6))
      return `C[${i}][${j}] = ${got}, the f64 reference ${dot}`;
  }
  return undefined;
}

/**
 * A sum against the f64 sum of `x`, within `tolerance` relative to the sum of |x|: blocks add
 * into one f32 in any order; a lost block of a thousand would be ten times 1e-4.
 */
export function checkSum(x: Float32Array, got: number, tolerance = 1e-4): Check {
  let sum = 0;
  let magnitude = 0;
  for (let i = 0; i < x.length; i++) {
    sum += x[i] as number;
    magnitude += Math.abs(x[i] as number);
  }
  return Math.abs(got - sum) <= tolerance * magnitude ? undefined : `sum ${got}, the f64 reference ${sum}`;
}

/**
 * The stencil of reference.cu computed as it computes it (f32, the same order of additions, the
 * border left at 0), compared element by element: the kernels fuse nothing, so every bit agrees.
 */
export function checkStencil(src: Float32Array, dst: Float32Array, w: number, h: number): Check {
  const f = Math.fround;
  const fifth = f(0.2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = y * w + x;
      const border = x < 1 || y < 1 || x >= w - 1 || y >= h - 1;
      const want = border
        ? 0
        : f(
            fifth *
              f(
                f(
                  f(f((src[c] as number) + (src[c - 1] as number)) + (src[c + 1] as number)) +
                    (src[c - w] as number),
                ) + (src[c + w] as number),
              ),
          );
      if (dst[c] !== want) return `dst[${y}][${x}] = ${dst[c]}, the reference ${want}`;
    }
  }
  return undefined;
}
