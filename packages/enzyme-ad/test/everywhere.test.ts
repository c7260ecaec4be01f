// Importing @gpuc/enzyme-ad applies its plugin to every compiler gpuc makes: a kernel that calls
// autodiff runs under launchNative's default compiler, with no compiler named.
import { gpu, launchNative } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { Active, autodiff, Duplicated, Reverse } from '../src/index.js';

const square = (x: number) => x * x;

describe('the AD plugin, applied everywhere on import', () => {
  it('differentiates in launchNative without a compiler given', () => {
    function grad(a: Float64Array, out: Float64Array) {
      const i = gpu.globalIdx.x;
      const [g] = autodiff(Reverse, square, Active(a[i] as number)) as number[];
      out[i] = g as number;
    }
    const out = new Float64Array(3);
    launchNative(grad, { grid: 1, block: 3, scope: { square } }, Float64Array.from([1, 2.5, -3]), out);
    expect(Array.from(out)).toEqual([2, 5, -6]);
  });

  it('differentiates a function reading an array of the scope, whose new contents each launch sees', () => {
    // The derivative is compiled as a nested job linked into the kernel: its captured array is
    // one the launch fills, like the kernel's own.
    function grad(a: Float64Array, out: Float64Array) {
      const i = gpu.globalIdx.x;
      const [g] = autodiff(Reverse, scaled, Active(a[i] as number)) as number[];
      out[i] = g as number;
    }
    const weights = Float64Array.from([3]);
    const scaled = (x: number) => weights[0]! * x * x;
    for (const w of [3, -0.5, 10]) {
      weights[0] = w;
      const out = new Float64Array(2);
      launchNative(grad, { grid: 1, block: 2, scope: { scaled, weights } }, Float64Array.from([1, 2]), out);
      expect(Array.from(out)).toEqual([2 * w, 4 * w]);
    }
  });

  // The derivative is linked into the kernel after the kernel's body became work-item loops (or
  // a coroutine): its reads of the thread's indices must still be the thread's own.
  // d(a[t]² s)/da[t] = 2 a[t] s, d/ds = a[t]², t each thread's own index.
  const own = (a: Float64Array, s: number) => {
    const t = gpu.globalIdx.x;
    return a[t]! * a[t]! * s;
  };
  function loops(a: Float64Array, da: Float64Array, out: Float64Array, s: Float64Array) {
    const [g] = autodiff(Reverse, own, Duplicated(a, da), Active(s[0] as number)) as number[];
    out[gpu.globalIdx.x] = g as number;
  }
  function coroutine(a: Float64Array, da: Float64Array, out: Float64Array, s: Float64Array) {
    gpu.barrier();
    const [g] = autodiff(Reverse, own, Duplicated(a, da), Active(s[0] as number)) as number[];
    out[gpu.globalIdx.x] = g as number;
  }
  for (const [how, kernel] of [
    ['in work-item loops', loops],
    ['in a kernel with a barrier', coroutine],
  ] as const)
    it(`differentiates a function that reads the thread's index, ${how}`, () => {
      const n = 96;
      const a = Float64Array.from({ length: n }, (_, t) => t + 1);
      const da = new Float64Array(n);
      const out = new Float64Array(n);
      launchNative(kernel, { grid: 3, block: 32, scope: { own } }, a, da, out, Float64Array.of(1.5));
      expect(Array.from(out)).toEqual(Array.from(a, (v) => v * v));
      expect(Array.from(da)).toEqual(Array.from(a, (v) => 3 * v));
    });
});
