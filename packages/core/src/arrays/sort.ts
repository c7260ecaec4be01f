/**
 * `sort`: numbers in ascending order, as `TypedArray.prototype.sort()` orders them (-0 before
 * +0, NaN last), by a stable least-significant-digit radix sort (see kernels.ts). Radix rather
 * than a comparison sort: keys of a typed array are fixed-width bits, so a pass per byte sorts
 * in O(n) work with one scan a pass, which the layer already has.
 */
import type { ArrayBackend } from './backend.js';
import { arrayElement, badInput, type ElementName, isBigIntElement } from './element.js';
import { radixKernels } from './kernels.js';
import { scanOn } from './scan.js';

/** Elements each thread of a pass counts and scatters. */
const CHUNK = 256;

/** The sort's kernels read nothing from outside. */
const SCOPE = Object.freeze({});

/** The digit shifts a key of `element` needs, lowest first. */
function shifts(element: ElementName): number[] {
  // An f32 widened to an f64 has zeros below its bit 29: its keys differ only from bit 29 up.
  if (element === 'f32') return [24, 32, 40, 48, 56];
  const bits = element === 'f64' ? 64 : Number(element.slice(1));
  return Array.from({ length: bits / 8 }, (_, i) => i * 8);
}

const add = (a: number, b: number) => a + b;

/** Runs `sort` on a back-end: a new array, `xs`'s elements in ascending order. */
export function sortOn<A>(backend: ArrayBackend<A>, xs: A): A {
  const element = arrayElement(backend, 'sort', 0, 'xs', xs);
  if (isBigIntElement(element))
    throw badInput('sort', 0, 'xs', `sorting ${element} (BigInt) arrays is not supported yet`);
  const n = backend.lengthOf(xs);
  const out = backend.alloc(element, n);
  if (n === 0) return out;
  const { count, scatter } = radixKernels(element);
  const threads = Math.ceil(n / CHUNK);
  const counts = backend.alloc('i32', 256 * threads);
  const passes = shifts(element);
  // Passes alternate between two buffers and end in `out`: the first reads `xs`.
  const spare = backend.alloc(element, n);
  const buffers = passes.length % 2 === 0 ? [spare, out] : [out, spare];
  const launch = { size: threads, scope: SCOPE };
  try {
    let source = xs;
    passes.forEach((shift, pass) => {
      const target = buffers[pass % 2] as A;
      backend.launch(count, launch, [counts, source, n, CHUNK, shift, threads]);
      scanOn(backend, add, counts, { exclusive: true, init: 0, out: counts });
      backend.launch(scatter, launch, [target, source, counts, n, CHUNK, shift, threads]);
      source = target;
    });
    backend.finish?.();
  } finally {
    backend.release(counts);
    backend.release(spare);
  }
  return out;
}
