// Records and tuples whose number fields merge at joins (docs/language.md "Promotion"): the
// derivative goes through the merged fields, each converted where its path reaches the merge.
import { launchNative, runReference } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { Active, autodiff, Const, Reverse } from '../src/index.js';

/** A running mean whose float field starts as `0`, with a tuple chosen by a condition. */
function wmean(a: number, b: number, xs: Float64Array, n: number): number {
  let acc: { mean: number; count: number; t: [number, number] } = { mean: 0, count: 0, t: [0, 1] };
  for (let j = 0; j < n; j++) {
    const c = acc.count + 1;
    const x = (xs[j] as number) * a + b * j;
    acc = {
      mean: acc.mean + (x - acc.mean) / c,
      count: c,
      t: x > 0 ? [acc.t[0] + x * x, 2] : [c, acc.t[1] * b],
    };
  }
  return acc.mean * acc.t[1] + acc.t[0];
}

const text = `function k(xs, n, o) {
  const [ga, gb] = autodiff(Reverse, wmean, Active(xs[0]), Active(xs[1]), Const(xs), Const(n));
  o[0] = ga;
  o[1] = gb;
  o[2] = wmean(xs[0], xs[1], xs, n);
}`;
const scope = { wmean, autodiff, Reverse, Active, Const };

describe('a function whose record and tuple fields merge numbers of several types', () => {
  const xs = new Float64Array([0.5, -1.25, 2, 3]);
  const h = 1e-6;
  const f = (a: number, b: number) => wmean(a, b, xs, 4);
  const [a, b] = [xs[0] as number, xs[1] as number];
  const expected = [(f(a + h, b) - f(a - h, b)) / (2 * h), (f(a, b + h) - f(a, b - h)) / (2 * h)];

  it('differentiates in reverse mode natively and on the reference runner, as finite differences say', () => {
    const native = new Float64Array(3);
    launchNative({ text, file: 'merged.js' }, { grid: 1, block: 1, scope }, xs, 4, native);
    const reference = new Float64Array(3);
    runReference({ text, file: 'merged.js' }, { grid: 1, block: 1, scope }, [xs, 4, reference]);
    expect(native).toEqual(reference);
    expect(native[2]).toBe(f(a, b));
    for (const k of [0, 1]) expect(native[k]).toBeCloseTo(expected[k] as number, 5);
  });
});
