import { f32, gpu, runReference } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import {
  Active,
  autodiff,
  Const,
  Duplicated,
  DuplicatedNoNeed,
  Forward,
  gradient,
  Reverse,
} from '../src/index.js';

const f = (x: number, y: number) => x * x * y + Math.sin(y);

describe('autodiff and gradient on the host (compiled for the native target)', () => {
  it('reverse mode returns the Active arguments derivatives; forward mode a tangent', () => {
    expect(autodiff(Reverse, f, Active(3), Active(2))).toEqual([12, 9 + Math.cos(2)]);
    expect(autodiff(Reverse, f, Active(3), Const(2))).toEqual([12]);
    expect(autodiff(Forward, f, Duplicated(3, 1), Duplicated(2, 0.5))).toBeCloseTo(
      12 + 0.5 * (9 + Math.cos(2)),
      14,
    );
    expect(autodiff(Forward, f, DuplicatedNoNeed(3, 1), Const(2))).toBe(12);
  });

  it('names f, not autodiff, when the annotated arguments miss its parameters', () => {
    const scaled = (x: number, t: number) => x * t;
    expect(() => autodiff(Reverse, scaled, Active(1))).toThrow(/scaled takes 2 arguments, not 1/);
    expect(() => autodiff(Forward, scaled, Duplicated(1, 1), Const(2), Const(3))).toThrow(
      /scaled takes 2 arguments, not 3/,
    );
  });

  it('throws, rather than writing outside a buffer, where f indexes past an array', () => {
    const squares = (a: Float64Array, n: number) => {
      let t = 0.0;
      for (let k = 0; k < n; k++) t += a[k]! * a[k]!;
      return t;
    };
    const a = Float64Array.of(1, 2, 3);
    expect(() => autodiff(Reverse, squares, Duplicated(a, new Float64Array(3)), Const(4))).toThrow(
      /index out of range \(in squares\.reverse/,
    );
    expect(() => autodiff(Forward, squares, Duplicated(a, new Float64Array(3)), Const(4))).toThrow(
      /index out of range \(in squares\.forward/,
    );
    const dv = new Float64Array(3);
    autodiff(Reverse, squares, Duplicated(a, dv), Const(3));
    expect(Array.from(dv)).toEqual([2, 4, 6]);
  });

  it('keeps an f32 argument an f32', () => {
    const [d] = autodiff(Reverse, (x: number) => x * x, Active(f32(1.1))) as number[];
    expect(d).toBe(Math.fround(2 * Math.fround(1.1)));
  });

  it('accumulates into shadows, and passes tangents through arrays', () => {
    const norm = (v: Float64Array, n: number) => {
      let s = 0.0;
      for (let i = 0; i < n; i++) s += v[i]! * v[i]!;
      return Math.sqrt(s);
    };
    const v = Float64Array.of(3, 4);
    const dv = Float64Array.of(1, 1);
    expect(autodiff(Reverse, norm, Duplicated(v, dv), Const(2))).toBeUndefined();
    expect(Array.from(dv)).toEqual([1 + 3 / 5, 1 + 4 / 5]);
    expect(autodiff(Forward, norm, Duplicated(v, Float64Array.of(1, 0)), Const(2))).toBeCloseTo(3 / 5, 15);
    const scale = (x: Float64Array, y: Float64Array, n: number) => {
      for (let i = 0; i < n; i++) y[i] = 2 * x[i]! * x[i]!;
    };
    const ty = new Float64Array(2);
    expect(
      autodiff(
        Forward,
        scale,
        Duplicated(v, Float64Array.of(1, 2)),
        Duplicated(new Float64Array(2), ty),
        Const(2),
      ),
    ).toBeUndefined();
    expect(Array.from(ty)).toEqual([12, 32]);
  });

  it('gradient: numbers are Active, arrays Duplicated, the rest Const', () => {
    const weighted = (w: Float64Array, x: number, label: boolean) => (label ? w[0]! * x : w[1]! * x * x);
    const [dw, dx, dlabel] = gradient(weighted, Float64Array.of(2, 3), 1.5, false);
    expect(Array.from(dw as Float64Array)).toEqual([0, 2.25]);
    expect(dx).toBe(9);
    expect(dlabel).toBeUndefined();
  });

  it('reads host values through a scope option', () => {
    const table = Float64Array.of(1, 10, 100);
    const lookup = (x: number) => table[1]! * x;
    expect(autodiff(Reverse, lookup, Active(2), { scope: { table } })).toEqual([10]);
  });

  it('refuses calls it cannot make, saying why', () => {
    expect(() => autodiff({ mode: 'reverse' } as never, f, Active(1), Active(2))).toThrow(
      /takes a mode first/,
    );
    expect(() => autodiff(Reverse, f, Active(1), 2 as never)).toThrow(
      /argument 4 of autodiff must be annotated/,
    );
  });

  it('refuses a shadow that shares memory with an array f reads', () => {
    const dot = (a: Float64Array, b: Float64Array) => a[0]! * b[0]! + a[1]! * b[1]!;
    const memory = new Float64Array(4);
    const a = memory.subarray(0, 2);
    const da = memory.subarray(2, 4);
    expect(() => autodiff(Reverse, dot, Duplicated(a, new Float64Array(2)), Const(da))).not.toThrow();
    expect(() => autodiff(Reverse, dot, Const(a), Duplicated(Float64Array.of(1, 2), da))).toThrow(
      /the shadow of argument 4 of autodiff shares memory with argument 3/,
    );
  });
});

describe('autodiff in kernels the reference runner runs', () => {
  it('evaluates the derivative as JavaScript, with the kernel scope', () => {
    const model = (x: number) => Math.exp(-x * x) * x;
    const kernel = (xs: Float64Array, out: Float64Array) => {
      const i = gpu.globalIdx.x;
      out[i] = (autodiff(Reverse, model, Active(xs[i]!)) as number[])[0]!;
    };
    const xs = Float64Array.of(-1, 0, 0.5, 2);
    const out = new Float64Array(4);
    runReference(kernel, { grid: 1, block: 4, scope: { model } }, [xs, out]);
    xs.forEach((x, i) => {
      expect(out[i]).toBeCloseTo(Math.exp(-x * x) * (1 - 2 * x * x), 15);
    });
  });
});
