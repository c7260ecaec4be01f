// bench/arrays' rows: each array operation and the hand-written kernels it is compared with,
// written as a user would write them in the kernel language (the reductions are bench/cuda's and
// examples/kernels' own), launched with hand-computed grids.
import type { Platform, Row } from './arrays.js';
import { STRIDED_REDUCTION } from './reduction.js';

export interface HandWritten {
  readonly name: string;
  readonly source: string;
  readonly types: readonly string[];
}

const AXPB: HandWritten = {
  name: 'axpb',
  source: `function axpb(out, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) out[i] = x[i] * y[i] + 1;
}`,
  types: ['f32[]', 'f32[]', 'f32[]', 'i32'],
};

/** bench/cuda's reduction: grid-strided sums, then a tree in shared memory. */
const STRIDED_SUM: HandWritten = {
  name: 'strided-sum',
  source: STRIDED_REDUCTION,
  types: ['f32[]', 'f32[]', 'i32'],
};

/** examples/kernels/reduction.mjs: two elements a thread, a block per 512. */
const BLOCK_SUM: HandWritten = {
  name: 'block-sum',
  source: `function blockSum(input, partial, n) {
  const tile = gpu.sharedArray(Float32Array, 256);
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
}`,
  types: ['f32[]', 'f32[]', 'i32'],
};

/** A scan as written for threads that each own a chunk: chunk totals, then chunks from their offsets. */
const CHUNK_TOTALS: HandWritten = {
  name: 'chunk-totals',
  source: `function chunkTotals(totals, x, n, k) {
  const t = gpu.globalIdx.x;
  if (t >= totals.length) return;
  let s = 0;
  for (let i = t * k; i < Math.min(t * k + k, n); i++) s += x[i];
  totals[t] = s;
}`,
  types: ['i32[]', 'i32[]', 'i32', 'i32'],
};
const CHUNK_SCAN: HandWritten = {
  name: 'chunk-scan',
  source: `function chunkScan(out, x, offsets, n, k) {
  const t = gpu.globalIdx.x;
  if (t >= offsets.length) return;
  let s = offsets[t];
  for (let i = t * k; i < Math.min(t * k + k, n); i++) {
    s += x[i];
    out[i] = s;
  }
}`,
  types: ['i32[]', 'i32[]', 'i32[]', 'i32', 'i32'],
};

/** One compare-and-swap step of a bitonic sort (n a power of two). */
const BITONIC: HandWritten = {
  name: 'bitonic',
  source: `function bitonicStep(a, j, k) {
  const i = gpu.globalIdx.x;
  const l = i ^ j;
  if (l > i && i < a.length) {
    const x = a[i];
    const y = a[l];
    if (((i & k) === 0) === x > y) {
      a[i] = y;
      a[l] = x;
    }
  }
}`,
  types: ['u32[]', 'i32', 'i32'],
};

/** Deterministic data (loops: arrays of 2^28 elements are made in seconds). */
function floats(n: number, seed: number): Float32Array {
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = (((i + seed) * 7919) % 1000) / 1000;
  return values;
}
function ints(n: number): Int32Array {
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = ((i * 7919) % 2001) - 1000;
  return values;
}

export async function handWritten(
  platform: Platform<unknown>,
  n: number,
  sortLimit: number,
  compare: (a: () => void, b: () => void) => [number, number],
): Promise<Row[]> {
  const p = platform;
  const rows: Row[] = [];
  const block = 256;
  const grid = Math.ceil(n / block);

  // map: x * y + 1 into an existing array.
  {
    const x = p.upload(floats(n, 1));
    const y = p.upload(floats(n, 2));
    const out = p.alloc(Float32Array, n);
    const hand = p.alloc(Float32Array, n);
    const axpb = p.kernel(AXPB);
    const fn = (a: number, b: number) => a * b + 1;
    const [layer, handMs] = compare(
      () => p.ops.map(fn, x, y, { out }),
      () => axpb(grid, block, [hand, x, y, n]),
    );
    const a = p.download(out);
    const b = p.download(hand);
    rows.push({
      op: 'map x * y + 1 (f32)',
      elements: n,
      layer,
      hand: handMs,
      against: 'one thread an element',
      ok: same(a, b),
    });
    for (const array of [x, y, out, hand]) p.free(array);
  }

  // reduce: the sum of f32, to a number on the host.
  {
    const host = floats(n, 3);
    const x = p.upload(host);
    const add = (a: number, b: number) => a + b;
    let total = 0;
    const strided = p.kernel(STRIDED_SUM);
    const blockSum = p.kernel(BLOCK_SUM);
    // A partial a block, each read back whole and summed on the host.
    const blocks = Math.ceil(n / 512);
    const stridedPartials = p.alloc(Float32Array, p.blocks);
    const blockPartials = p.alloc(Float32Array, blocks);
    const sumOf = (partials: unknown) => {
      const values = p.download(partials) as Float32Array;
      let s = 0;
      for (const v of values) s += v;
      return s;
    };
    let handTotal = 0;
    const layerRun = () => {
      total = p.ops.reduce(add, x, 0) as number;
    };
    const [layer, stridedMs] = compare(layerRun, () => {
      strided(p.blocks, block, [x, stridedPartials, n]);
      handTotal = sumOf(stridedPartials);
    });
    const [layerAgain, blockMs] = compare(layerRun, () => {
      blockSum(blocks, block, [x, blockPartials, n]);
      handTotal = sumOf(blockPartials);
    });
    const exact = host.reduce((a, b) => a + b, 0);
    const ok = Math.abs(total - exact) <= 1e-5 * exact && Math.abs(handTotal - exact) <= 1e-5 * exact;
    const best = stridedMs <= blockMs;
    rows.push({
      op: 'reduce a + b (f32)',
      elements: n,
      layer: Math.min(layer, layerAgain),
      hand: Math.min(stridedMs, blockMs),
      against: best ? 'grid-strided + shared tree (best of 2)' : 'block of 512 + shared tree (best of 2)',
      ok,
    });
    for (const array of [x, stridedPartials, blockPartials]) p.free(array);
  }

  // scan: inclusive prefix sums of i32.
  {
    const host = ints(n);
    const x = p.upload(host);
    const out = p.alloc(Int32Array, n);
    const hand = p.alloc(Int32Array, n);
    const add = (a: number, b: number) => a + b;
    const threads = p.blocks * block;
    const k = Math.ceil(n / threads);
    const totalsKernel = p.kernel(CHUNK_TOTALS);
    const scanKernel = p.kernel(CHUNK_SCAN);
    const totals = p.alloc(Int32Array, threads);
    const [layer, handMs] = compare(
      () => p.ops.scan(add, x, { out }),
      () => {
        totalsKernel(p.blocks, block, [totals, x, n, k]);
        const t = p.download(totals) as Int32Array;
        let s = 0;
        const offsets = Int32Array.from(t, (v) => {
          const before = s;
          s = (s + v) | 0;
          return before;
        });
        const o = p.upload(offsets);
        scanKernel(p.blocks, block, [hand, x, o, n, k]);
        p.free(o);
      },
    );
    rows.push({
      op: 'scan a + b (i32, inclusive)',
      elements: n,
      layer,
      hand: handMs,
      against: 'chunk a thread, offsets on the host',
      ok: same(p.download(out), p.download(hand)),
    });
    for (const array of [x, out, hand, totals]) p.free(array);
  }

  // sort: u32 keys, against a bitonic sort (a power of two: n log² n steps; checked against
  // JavaScript's sort on the host).
  {
    const m = 2 ** Math.floor(Math.log2(Math.min(n, sortLimit)));
    const host = Uint32Array.from({ length: m }, (_, i) => (i * 2654435761) >>> 0);
    const x = p.upload(host);
    let sorted: unknown;
    const bitonic = p.kernel(BITONIC);
    let handSorted: unknown;
    const [layer, handMs] = compare(
      () => {
        if (sorted) p.free(sorted);
        sorted = p.ops.sort(x);
      },
      // A bitonic sort works in place: each run sorts a fresh copy (its upload is counted).
      () => {
        if (handSorted) p.free(handSorted);
        const copy = p.upload(host);
        for (let k = 2; k <= m; k <<= 1)
          for (let j = k >> 1; j > 0; j >>= 1)
            bitonic(Math.ceil(m / block), Math.min(block, m), [copy, j, k]);
        handSorted = copy;
      },
    );
    const want = host.slice().sort();
    rows.push({
      op: 'sort (u32)',
      elements: m,
      layer,
      hand: handMs,
      against: 'bitonic sort, a launch a step',
      ok: same(p.download(sorted), want) && same(p.download(handSorted), want),
    });
    p.free(sorted);
    p.free(handSorted);
    p.free(x);
  }
  return rows;
}

/** Element-by-element equality. */
function same(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
