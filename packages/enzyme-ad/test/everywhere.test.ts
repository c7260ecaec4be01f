// Importing @gpuc/enzyme-ad applies its plugin to every compiler gpuc makes: a kernel that calls
// autodiff runs under launchNative's default compiler, with no compiler named.
import { gpu, launchNative } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { Active, autodiff, Reverse } from '../src/index.js';

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
});
