// Kernels written apart from the corpus (core's test/outside-kernels.ts) through WebGPU (lavapipe
// on the CPU here): each gives what the reference runner gives, or is refused with a coded
// `unsupported-on-target` error (f64, 8- and 16-bit integers, what WGSL cannot express).
// Skipped where there is no WebGPU adapter.
import { CompileError } from '@gpuc/core/compiler';
import { afterAll, describe, expect, it } from 'vitest';
import { differenceFromReferenceAsync, OUTSIDE_KERNELS } from '../../core/test/outside-kernels.js';
import { hasWebGPU, launchWebGPU, releaseWebGPU } from '../src/index.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);

/** Kernels of WebGPU's subset (f32, 32-bit integers, BigInts in words): they must run. */
const RUN = [
  'grid-stride loop',
  'bitonic sort of a block',
  'switch with fall-through, labels, do-while and early return',
  'a transpose of a ragged matrix through a padded shared tile, 2-D launch with guards',
  'labelled loops three deep with continue and break, and a return from the innermost',
  'a kernel that returns early with no value and returns a value at its end',
  'an exclusive scan of three warps with shuffleUp and the warp totals through shared memory',
  'number idioms on Float32Array: | 0, ~~, Math.round, %, min and max with -0 and literals, hypot',
  'a segmented scan with i32 head flags and a reversed-bits table in u32',
  'a kernel with a barrier and shuffles returning early with no value and at its end with one',
  'radix sort digit counts: a shared histogram of 4-bit digits, its exclusive scan, and ranks',
  'a Blelloch exclusive scan of Int32 in shared memory, n not a multiple of the block',
  'do-while whose condition steps a counter and reads an element, with continue and early return',
  'an in-place reversal with two counters in one for, and a comma in the update',
  'string constants with characters outside the BMP: their length in UTF-16 units',
  'a labelled do-while with a switch whose continue skips to the condition',
  'a barrier inside a switch case every thread takes, and inside a do-while, with a labelled break after',
  'a padded tile in shared arrays whose constant lengths are f64 values: Math.ceil(N / 32) * 33 and 2 ** 5',
  'kernel text that ends in a line comment: a method shorthand with a quoted name, a barrier and a shuffle',
  'TypeScript text: annotations, a generic parameter, a this parameter, as, satisfies, ! and <T>x',
  'a grid-stride loop over a Float32Array with a huge stride and n of 1, and a block of 1',
  'a Hillis-Steele scan with two barriers a step, threads past n reading zeros, three blocks',
  'nested device functions returning early from loops: a search, a count up to a limit, a first-failure index',
  'switch on an i32 with a default first that falls through, cases computed from constants, and a return inside',
  'do-while that runs its body once when the condition is false, with break from a nested switch and continue',
  'wrapping idioms: (a + b) | 0, (a - b) >>> 0, Math.imul(a, b) >>> 0, -x | 0 and ~x >>> 0 at the edges',
  'a 2-D launch of odd extents: 3x5 blocks of 7x3 threads over a 19x13 image, partial blocks on both edges',
  'a 3-D launch of 2x3x2 blocks of 3x1x7 threads: linear ids, warps and lanes of 21-thread blocks',
  'shuffleUp and shuffleDown with distance 0 and the width, shuffle of a lane computed from laneId with % and & 31',
  'a shared counter per block claimed with atomicAdd, slots compacted in order by a block scan of flags (stream compaction)',
  'a dynamic shared Float32Array sized at launch: a block-wide max and argmax with ties to the lowest index',
  'labelled break out of a switch in a for, continue of an outer while from inside a do-while, a labelled if',
  'Math.clz32 log2 floor, highest and lowest set bits, popcount of u32 and i32 with 0, -1 and the sign bit',
  'block-scoped lets shadowing in nested blocks and switch case blocks, a const per loop iteration',
  'shared u32 flags set with atomicOr by every thread, a barrier, then a per-block bitmap reduction with popcount',
  'a grid larger than the work: whole blocks idle past n, a grid-stride loop over 2-D indices with a 3-D grid',
  'an f32 softmax of rows in shared memory: max, exp-free sums of squares, Math.fround at every step, a row per block',
  'integer division idioms of i32 and u32 elements: (a / b) | 0, >>> 0, ~~, a / b stored into Int32Array, zero divisors',
  'f32 image ops: a box blur of a 2-D launch with clamped edges, divided by the count, gamma by Math.sqrt',
  'u32 bit packing: four bytes packed with << and |, unpacked with >>> and &, a byte swap compared with the original',
  'f32 sign tricks: Math.sign of -0, Math.abs of -0 and NaN, copysign by division, -x of 0 stored and compared',
  'code after a return and the untaken side of literal conditions, merging into a loop left by a labelled break',
  'a 3x3 box blur of an f32 image, 2-D launch, halo clamped by a device function, sum / 9',
  'a transpose of half floats (Float16Bits) through a 16x17 padded shared tile, ragged edges, a 2-D grid',
  'tiled matmul C = A*B in f32 with 16x16 shared tiles, zero-padded partial tiles, M N K not multiples of 16',
  'a dot product in fixed point: f32 products (Math.fround) scaled by 256 and rounded, a shared-memory tree per block, atomicAdd of i32 partials',
  'bitonic sort of key-index pairs in shared memory, descending keys with ties by ascending index, two elements a thread',
  'radix sort pass: 8-bit digit counts per block in shared memory from a shift in the scope, written as a digit-major table',
  'run-length encoding in one block: head flags, a chunked Hillis-Steele scan with a carry, values and run lengths from starts',
  'an exclusive scan across blocks in one launch: warp scans by shuffleUp, warp totals in shared memory, the preceding blocks summed by each block',
  'Morton codes: 2-D 16-bit interleaving and its inverse, 3-D 10-bit codes of quantised f32 coordinates',
  'a step of Conway life on a torus: neighbours by (x - 1 + w) % w, a 2-D launch, i32 cells',
  'warp argmax of f32 scores by shuffleDown of value and index, ties to the lower index, block winners through shared memory',
  'a 3x3 median filter with a local Float32Array sorted by insertion, clamped borders, NaN-free f32 pixels',
  'a histogram of f32 samples into 32 bins: Math.floor of a scaled offset, clamped, u32 atomics, under- and overflow bins',
  'a privatised histogram: a local Int32Array per thread over a grid-stride loop, merged into global bins by atomicAdd',
  'a shared Float16Bits tile: halves scaled by 3 and rounded to f16 on the store, read back reversed after a barrier',
  'Collatz lengths in a while (true) left by break, then the larger of a lane pair by shuffleXor after the divergent loop',
  'a record of device functions from the scope, one reading a scope constant, chosen by a ternary and called',
  'a modulo wrap with a default modulus read from the scope and blockDim, ((v % m) + m) % m of negatives',
  'MurmurHash3 finaliser with Math.imul of u32 constants past 2^31, then shifts by counts past 31',
  'a scan across blocks in two launches: block-local inclusive scans and block totals, then each block adds the totals before it',
  'ordered stream compaction across blocks in two launches: flags scanned per block with counts, then scattered after the earlier blocks',
  'log2 buckets of u32 sizes by 31 - Math.clz32(x | 1), counted by u32 atomics',
  // Exact comparisons with doubles, and merged doubles converted where stored (compare.ts, merges.ts).
  'f32 remainders of huge values by literals exact in f32, f32 squares and f32 compared with doubles',
  'f32 Math.min, max, sign and round over NaN, -0 and infinities, ternaries of f32 and i32 stored to f32',
  'cleaning f32 samples: NaN to -1, finite values truncated into an Int32Array, infinities to plus or minus 1e9',
  'torch.round (half to even) of f32 from Math.round, Math.round of -0.5 and -2.5 keeping -0',
  'fast Walsh-Hadamard transform (CUDA sample) of i32 in shared memory, butterflies of halving strides',
  'Haar wavelet levels (dwtHaar1D, unnormalised) of f32 in shared memory: half sums and half differences, level by level',
  'NaN comparisons: <, <=, ===, !==, self-inequality and negated ordered tests of f32, as i32 flags',
  'half-float layer norm: Float16Bits rows read as f32, mean and variance with Math.fround, rescaled and stored rounded to f16',
  'a warp bitonic sort of f32 keys by shuffleXor, NaN-free, with the lane direction from bits of laneId',
  'a 1-D three-point stencil in f32 whose boundary guard is ?? 0 on the neighbours, a partial last block',
  'f32 activations with literal thresholds: ReLU6, a hard sigmoid, a step at 0.1, a dead zone of 1e-3, -0 kept',
  'one clamp-and-scale text specialised for f32 elements (a compile per argument types)',
  'one clamp-and-scale text specialised for i32 elements (a compile per argument types)',
  // Ninth round: the f32 and 32-bit integer kernels of its sparse, image, ML and warp work.
  'ELLPACK SpMV in f32: column-major padded slots with column -1 skipped by continue, rows of unequal lengths',
  'Bellman-Ford in one block: n - 1 rounds relaxing edges into a second array by atomicMin, unreachable as 2^30',
  'a stencil in f32 whose edges fall through ?? from reads inside ?:, a sequence, || and &&, with an always-throwing helper on a path never taken',
  // Loops left on a shared flag read after a barrier, with barriers inside (uniform.ts).
  'BFS levels in one block: a shared frontier flag, levels claimed by atomicCAS from -1, barriers around each level',
  'connected components by label propagation in one block: atomicMin of neighbour labels until a sweep changes nothing',
  'a half-float matrix-vector product: Float16Bits rows times an f32 vector, Math.fround each step, results rounded into Float16Bits',
  'bf16 quantisation of an f32 image: stored into BFloat16Bits, read back, the error and a count of exact values by atomicAdd',
  'warp rotations and broadcasts: shuffle from (lane + 1) & 31, lane 0 broadcast, an i32 all-reduce minimum by shuffleXor, a u32 scan that wraps',
  'an embedding bag: rows gathered by i32 indices with -1 as padding, summed into bags by atomicAdd of small integers in f32',
  'top-4 of each row by insertion into local arrays, ties broken by the lower index, NaN treated as smallest',
  'a k-means assignment step in f32: the nearest of 5 centroids by squared distance, ties to the first, members counted by atomicAdd',
  'Bresenham lines into an i32 canvas: one line a thread, all octants, overlapping pixels keep the highest line id by atomicMax',
  'triangle rasterisation by integer edge functions with the top-left rule: coverage counted per pixel, shared edges drawn once',
  'launch-size arithmetic: ceil division (a + b - 1) / b | 0, power-of-two modulo by & (b - 1) of negatives against %, alignment up and down',
  'RGBA f32 pixels read as four neighbouring elements: luminance, premultiplication and a swizzle to BGRA, a partial last block',
  // Tenth round: its f32 and 32-bit integer kernels of geometry, atomics, automata and audio.
  'convex hulls by the monotone chain per thread: points sorted by insertion in local arrays, collinear and repeated points, twice the area by the shoelace',
  'bucket owners by atomicMin of thread ids, duplicates counted by atomicAdd, then a second launch keeping each key once (owners) and flagging the rest',
  'a ring index of a Uint32Array claimed by an atomicCAS loop that wraps at a limit (atomicInc semantics): every old value counted, the final index N mod (limit + 1)',
  'row sums unrolled by four with the remainder by a switch falling through cases 3, 2 and 1 (a Duff-like tail), rows of every length mod 4',
  'N-queens counts by iterative backtracking on bitmasks: a local Int32Array stack of free masks, the lowest free bit by x & -x, a thread per board size and first column',
  'ray-box slab tests in f32 rounded by Math.fround: 1 / 0 directions as infinities, NaN slabs from 0 * Infinity, entry distances and hit counts per box',
  'Day & Night (B3678/S34678) on an Int32Array torus: rule masks of the scope, a 2-D launch with partial blocks, neighbours by ((x + dx) % w + w) % w',
  'random walks on a 2-D lattice with a xorshift32 per walker: steps by the top two bits, returns to the origin counted, final distances binned by atomicAdd',
  'an f32 one-pole low-pass and a peak meter per channel, every step rounded by Math.fround: coefficients from the scope, denormal-sized states flushed by hand',
  // Eleventh round: its f32 and 32-bit integer kernels of compositing, signal, graphs, sorting, BigInts and warps.
  'boids in f32 rounded by Math.fround: separation, alignment and cohesion over every other boid within a radius, speeds clamped by Math.sqrt, no neighbours kept as is',
  'Porter-Duff compositing of premultiplied f32 RGBA by an operator code per pixel: a switch with the default (over) in the middle, plus falling into the clamp, Math.fround each step',
  'zero crossings and RMS of f32 frames: -0 and 0 keeping the previous sign, NaN samples skipped by Number.isNaN, sums rounded by Math.fround, an all-NaN frame giving NaN',
  'triangle counting by merging sorted adjacency lists per edge u < v: a two-pointer intersection counting w > v, per-edge counts and a total by atomicAdd',
  "Kahn's topological levels in one block: in-degrees taken down by atomicSub, each thread then claiming its own nodes that reached 0, a flag set by atomicOr and read after a barrier ends the loop, a cycle left at -1",
  'Jones-Plassmann graph colouring in one block: hashed u32 priorities by Math.imul, winners in a shared array between barriers, the smallest free colour by ~used & (used + 1) and Math.clz32',
  'merge path: two sorted Int32Arrays merged by a thread per output element, the split of each diagonal by binary search, ties taken from the first array, empty tails',
  "Batcher's odd-even merge sort of 64 f32 keys a block in shared memory: the (p, k, j, i) loops of the network, pairs dealt round the threads by a counter, -0, 0 and repeats",
  'the compound operators of BigInts on BigInt64Array and BigUint64Array elements: sums, products and powers wrapping past 2^63 and 2^64, shifts by 64 and more and by negative counts',
  'runs of equal f32 values within warps: heads where shuffleUp differs (NaN always, -0 equal to 0), the ballot as i32 bits through Number and | 0, run starts and lengths by Math.clz32, a partial warp',
  'leaky integrate-and-fire neurons in f32: every step rounded by Math.fround, threshold, reset and time constant from the scope (a double threshold compared with f32), refractory counts, spikes per step by atomicAdd',
  'Lucas-Lehmer tests of Mersenne numbers 2^p - 1 for p up to 31 in i64: squares reduced by (x & m) + (x >> p) twice, kept non-negative by adding m before subtracting 2',
];

describe.skipIf(!available)('kernels written apart from the corpus, on WebGPU', () => {
  it.each(OUTSIDE_KERNELS.map((k) => [k.name, k] as const))('%s', async (_, k) => {
    let difference: string | undefined;
    try {
      difference = await differenceFromReferenceAsync(k, launchWebGPU as never);
    } catch (error) {
      if (RUN.includes(k.name) || !(error instanceof CompileError) || error.code !== 'unsupported-on-target')
        throw error;
      return;
    }
    expect(difference).toBeUndefined();
  });

  it('runs every kernel it names', () => {
    for (const name of RUN) expect(OUTSIDE_KERNELS.map((k) => k.name)).toContain(name);
  });
});
