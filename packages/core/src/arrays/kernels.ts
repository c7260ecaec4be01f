/**
 * The array layer's kernels, as kernel-language text. They are text, not functions of this
 * module, so that the reference runner binds the user's function (scope name `gpucOp`) from the
 * scope as the compiler does, and so that no bundler renames what they call (a bundle of gpuc
 * renames colliding module names: `f64` became `f642`). The text varies only with the element
 * types and the shapes of the inputs, so each kernel compiles once per function and types (the
 * loaded-kernel and disk caches key on the text, the types and the function's source).
 *
 * The algorithms (after CUB and Thrust; no code of theirs):
 * - reduce: each thread folds a grid-strided run of elements in registers, then the block
 *   combines its threads by a tree (warp shuffles, then the warps' results in shared memory);
 *   one partial per block, then one block folds the partials. Every block holds at least one
 *   element, and a tree step only combines threads that hold one, so the initial value is
 *   applied exactly once, as in JavaScript. Where collectives are costly (natively, a block's
 *   threads take turns on a core) each thread's fold is a partial and one thread folds them.
 * - scan: reduce-then-scan over contiguous tiles, one per block: the tiles' totals in order,
 *   their inclusive scan in one block, then each tile scanned from its carry. Within a block a
 *   tile is scanned in rounds of a block's width (warp scans by shuffles, then across warps),
 *   always combining left before right, so only associativity is assumed. Where collectives
 *   are costly each thread instead owns a contiguous chunk: chunk totals, their scan by one
 *   thread, then each chunk scanned from its offset, as a CPU's parallel scan does.
 * - sort: a least-significant-digit radix sort, 8 bits a pass. Each thread owns a contiguous
 *   chunk: it counts its digits, an exclusive scan (the scan above) over (digit, thread) gives
 *   every chunk's place per digit, and each thread scatters its chunk in order, so every pass is
 *   stable. Per-thread chunks need no block-wide ranking (CUB's approach), which keeps the
 *   kernels small at some cost in coalescing.
 */

import { type KernelSource, sourceFromText } from '../frontend/source.js';
import { ARRAY_CONSTRUCTORS, type ElementName } from './element.js';

/** Threads per block of the reduce and scan kernels (a multiple of 32, at most 1024). */
export const BLOCK = 256;

/** A kernel's source, made once per text. */
const kernel = (name: string, text: string): KernelSource => sourceFromText(text, `gpuc:arrays/${name}`);

/** One input of a map: an array read at the thread's index, or a scalar given to every thread. */
export type MapInput = 'array' | 'scalar';

/**
 * `out[i] = gpucOp(a0[i], a1, ...)` for every index below `n`, one thread an element; a bool
 * result is stored as 1 or 0.
 */
export function mapKernel(inputs: readonly MapInput[], boolResult: boolean): KernelSource {
  const params = inputs.map((_, i) => `a${i}`);
  const reads = inputs.map((kind, i) => (kind === 'array' ? `a${i}[i]` : `a${i}`)).join(', ');
  const value = boolResult ? `(gpucOp(${reads}) ? 1 : 0)` : `gpucOp(${reads})`;
  return kernel(
    'map',
    `function gpucMap(out, n, ${params.join(', ')}) {
  const i = gpu.globalIdx.x;
  if (i < n) out[i] = ${value};
}`,
  );
}

/** A thread's fold of elements `i`, `i + stride`... of `xs` (converted to `carrier`) into `acc`. */
function threadFold(carrier: ElementName): string {
  return `  let acc = ${carrier}(xs[first < n ? first : 0]);
  let i = first + stride;
  // Four loads a step, none waiting for another's combination: more memory requests in flight.
  while (i < n - 3 * stride) {
    const a = ${carrier}(xs[i]);
    const b = ${carrier}(xs[i + stride]);
    const c = ${carrier}(xs[i + 2 * stride]);
    const d = ${carrier}(xs[i + 3 * stride]);
    acc = gpucOp(gpucOp(gpucOp(gpucOp(acc, a), b), c), d);
    i += 4 * stride;
  }
  while (i < n) {
    acc = gpucOp(acc, ${carrier}(xs[i]));
    i += stride;
  }`;
}

/**
 * One block's partial: threads fold elements `i`, `i + stride`... of `xs` (converted to the
 * carrier type), then the block folds its threads by warp shuffles and the warps' results in
 * shared memory; thread 0 writes `out[block]`, applying `init` first when `final`.
 */
export function reduceKernel(carrier: ElementName): KernelSource {
  return kernel(
    'reduce',
    `function gpucReduce(out, xs, n, init, final) {
  const partial = gpu.sharedArray(${ARRAY_CONSTRUCTORS[carrier].name}, 32);
  const t = gpu.threadIdx.x;
  const stride = gpu.blockDim.x * gpu.gridDim.x;
  const first = gpu.globalIdx.x;
  // Threads past the end hold a stand-in (every block has an element) that no step combines.
${threadFold(carrier)}
  // Threads holding an element are a prefix of the block, and so of each warp: a step combines
  // a lane with the one o above it only where that one holds an element.
  const count = Math.min(n - gpu.blockIdx.x * gpu.blockDim.x, gpu.blockDim.x);
  const lane = t & 31;
  const warp = t >> 5;
  const inWarp = count - warp * 32;
  for (let o = 16; o > 0; o >>= 1) {
    const other = gpu.shuffleDown(acc, o);
    if (lane + o < inWarp) acc = gpucOp(acc, other);
  }
  if (lane === 0) partial[warp] = acc;
  gpu.barrier();
  if (warp === 0) {
    const warps = (count + 31) >> 5;
    acc = partial[lane < warps ? lane : 0];
    for (let o = 16; o > 0; o >>= 1) {
      const other = gpu.shuffleDown(acc, o);
      if (lane + o < warps) acc = gpucOp(acc, other);
    }
    if (lane === 0) out[gpu.blockIdx.x] = final ? gpucOp(init, acc) : acc;
  }
}`,
  );
}

/**
 * Each thread's fold as its own partial (`out[thread]`, for threads that hold an element): the
 * first pass of a reduction where collectives are costly, without barriers.
 */
export function threadReduceKernel(carrier: ElementName): KernelSource {
  return kernel(
    'reduce-threads',
    `function gpucReduceThreads(out, xs, n) {
  const stride = gpu.blockDim.x * gpu.gridDim.x;
  const first = gpu.globalIdx.x;
  if (first >= n) return;
${threadFold(carrier)}
  out[first] = acc;
}`,
  );
}

/**
 * The partials folded by one thread, in order, `init` applied first when `final`: the second
 * pass of a reduction where collectives are costly (launched as one thread).
 */
export function foldKernel(carrier: ElementName): KernelSource {
  return kernel(
    'fold',
    `function gpucFold(out, xs, n, init, final) {
  let acc = ${carrier}(xs[0]);
  for (let i = 1; i < n; i++) acc = gpucOp(acc, ${carrier}(xs[i]));
  out[0] = final ? gpucOp(init, acc) : acc;
}`,
  );
}

/** Flags of the scan kernel. */
export const SCAN = {
  /** Write the scanned values into `out`. */
  write: 1,
  /** Exclusive: element i gets the combination of those before it (and `init`). */
  exclusive: 2,
  /** Start from `init`. */
  init: 4,
  /** Blocks after the first start from `carries[block - 1]` (after `init`). */
  carries: 8,
  /** Write each tile's total into `carries[block]`. */
  totals: 16,
} as const;

/**
 * Scans tiles of `chunk` elements, one per block, in rounds of a block's width (see the module
 * comment); `flags` are `SCAN`'s.
 */
export function scanKernel(carrier: ElementName): KernelSource {
  const array = ARRAY_CONSTRUCTORS[carrier].name;
  return kernel(
    'scan',
    `function gpucScan(out, xs, n, chunk, carries, init, flags) {
  const sums = gpu.sharedArray(${array}, 32);
  const tail = gpu.sharedArray(${array}, 1);
  const t = gpu.threadIdx.x;
  const lane = t & 31;
  const warp = t >> 5;
  const width = gpu.blockDim.x;
  const b = gpu.blockIdx.x;
  const start = b * chunk;
  const end = Math.min(start + chunk, n);
  let carry = init;
  let has = (flags & ${SCAN.init}) !== 0;
  if (b > 0 && (flags & ${SCAN.carries}) !== 0) {
    carry = has ? gpucOp(init, carries[b - 1]) : carries[b - 1];
    has = true;
  }
  for (let base = start; base < end; base += width) {
    const i = base + t;
    // Threads past the end are a suffix: nothing before them reads what they hold.
    let v = ${carrier}(xs[i < end ? i : start]);
    for (let d = 1; d < 32; d <<= 1) {
      const before = gpu.shuffleUp(v, d);
      if (lane >= d) v = gpucOp(before, v);
    }
    if (lane === 31) sums[warp] = v;
    gpu.barrier();
    if (warp === 0) {
      let s = sums[lane < width >> 5 ? lane : 0];
      for (let d = 1; d < 32; d <<= 1) {
        const before = gpu.shuffleUp(s, d);
        if (lane >= d) s = gpucOp(before, s);
      }
      if (lane < width >> 5) sums[lane] = s;
    }
    gpu.barrier();
    if (warp > 0) v = gpucOp(sums[warp - 1], v);
    const inclusive = has ? gpucOp(carry, v) : v;
    if ((flags & ${SCAN.write}) !== 0) {
      if ((flags & ${SCAN.exclusive}) !== 0) {
        let previous = gpu.shuffleUp(inclusive, 1);
        if (lane === 0) {
          if (warp === 0) previous = carry;
          else previous = has ? gpucOp(carry, sums[warp - 1]) : sums[warp - 1];
        }
        if (i < end) out[i] = previous;
      } else if (i < end) out[i] = inclusive;
    }
    if (t === Math.min(end - base, width) - 1) tail[0] = inclusive;
    gpu.barrier();
    carry = tail[0];
    has = true;
  }
  if ((flags & ${SCAN.totals}) !== 0 && t === 0) carries[b] = carry;
}`,
  );
}

/**
 * Scans chunks of `k` elements, one per thread, left to right (see the module comment); `flags`
 * are `SCAN`'s, with `carries` and `totals` per thread rather than per block.
 */
export function chunkScanKernel(carrier: ElementName): KernelSource {
  return kernel(
    'scan-chunks',
    `function gpucChunkScan(out, xs, n, k, carries, init, flags) {
  const t = gpu.globalIdx.x;
  const start = t * k;
  if (start >= n) return;
  const end = Math.min(start + k, n);
  const write = (flags & ${SCAN.write}) !== 0;
  let carry = init;
  let i = start;
  if (t > 0 && (flags & ${SCAN.carries}) !== 0)
    carry = (flags & ${SCAN.init}) !== 0 ? gpucOp(init, carries[t - 1]) : carries[t - 1];
  else if ((flags & ${SCAN.init}) === 0) {
    // Nothing before the chunk: its first element starts it (never exclusive: that needs init).
    carry = ${carrier}(xs[i]);
    if (write) out[i] = carry;
    i++;
  }
  // One loop per kind of pass, so that none tests the flags per element.
  if (!write) {
    for (; i < end; i++) carry = gpucOp(carry, ${carrier}(xs[i]));
  } else if ((flags & ${SCAN.exclusive}) !== 0) {
    for (; i < end; i++) {
      const v = ${carrier}(xs[i]);
      out[i] = carry;
      carry = gpucOp(carry, v);
    }
  } else {
    for (; i < end; i++) {
      carry = gpucOp(carry, ${carrier}(xs[i]));
      out[i] = carry;
    }
  }
  if ((flags & ${SCAN.totals}) !== 0) carries[t] = carry;
}`,
  );
}

/**
 * Statements giving `d`, the digit (8 bits at `shift`) of the key `x` of `element`, ordered as
 * the numbers are: an integer's bits with the sign bit flipped; a float's as an f64 (an f32
 * widens exactly), a negative's bits all flipped and a positive's sign bit set, NaN the greatest
 * key, so that it sorts last as `TypedArray.prototype.sort` puts it. Text in the kernels, not a
 * device function of this module, so that no bundler renames what it calls.
 */
function digitOf(element: ElementName): string {
  if (element !== 'f32' && element !== 'f64') {
    const flip = { i8: ' ^ 128', i16: ' ^ 32768', i32: ' ^ -2147483648' }[element as 'i8'] ?? '';
    return `const d = ((x${flip}) >>> shift) & 255;`;
  }
  return `const v = f64(x);
    let high = gpu.highWord(v);
    let low = gpu.lowWord(v);
    if (Number.isNaN(v)) {
      high = -1;
      low = 4294967295;
    } else if (high < 0) {
      high = ~high;
      low = ~low >>> 0;
    } else high = high ^ -2147483648;
    const d = shift >= 32 ? (high >>> (shift - 32)) & 255 : (low >>> shift) & 255;`;
}

/** The radix sort's kernels for keys of `element`: per-thread digit counts and the scatter. */
export function radixKernels(element: ElementName): { count: KernelSource; scatter: KernelSource } {
  const digit = digitOf(element);
  const chunk = `  const t = gpu.globalIdx.x;
  if (t >= threads) return;
  const start = t * k;
  const end = Math.min(start + k, n);`;
  return {
    count: kernel(
      'sort-count',
      `function gpucRadixCount(counts, keys, n, k, shift, threads) {
${chunk}
  const c = new Int32Array(256);
  for (let i = start; i < end; i++) {
    const x = keys[i];
    ${digit}
    c[d]++;
  }
  for (let d = 0; d < 256; d++) counts[d * threads + t] = c[d];
}`,
    ),
    scatter: kernel(
      'sort-scatter',
      `function gpucRadixScatter(dst, src, offsets, n, k, shift, threads) {
${chunk}
  const p = new Int32Array(256);
  for (let d = 0; d < 256; d++) p[d] = offsets[d * threads + t];
  for (let i = start; i < end; i++) {
    const x = src[i];
    ${digit}
    dst[p[d]] = x;
    p[d]++;
  }
}`,
    ),
  };
}
