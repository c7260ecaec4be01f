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
