// DuplicatedNoNeed arrays: the caller wants their shadows' part in the derivative, not the
// values f writes into them, so the derivative leaves out f's stores into an array it never
// reads back (derive/unneeded.ts), and keeps them where it does.
import { launchNative, runReference } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { autodiff, Const, Duplicated, DuplicatedNoNeed, Forward, Reverse } from '../src/index.js';

/** Writes running sums of squares into y and never reads y. */
function cumulative(x: Float64Array, y: Float64Array, m: number) {
  let s = 0.0;
  for (let k = 0; k < m; k++) {
    s += x[k]! * x[k]!;
    y[k] = s;
  }
}

/** Reads back what it wrote into y: y's stores must stay. */
function smoothed(x: Float64Array, y: Float64Array, m: number) {
  y[0] = x[0]! * x[0]!;
  for (let k = 1; k < m; k++) y[k] = 0.5 * y[k - 1]! + x[k]! * x[k]!;
}

/** Passes y through a loop (a phi of y alone), writing it only. */
function carried(x: Float64Array, y: Float64Array, m: number) {
  let out = y;
  for (let k = 0; k < m; k++) {
    out[k] = Math.sin(x[k]!);
    out = y;
  }
}

const scope = {
  cumulative,
  smoothed,
  carried,
  autodiff,
  Reverse,
  Forward,
  Duplicated,
  DuplicatedNoNeed,
  Const,
};
const SENTINEL = 7.5;

interface Outcome {
  dx: Float64Array;
  y: Float64Array;
  dy: Float64Array;
}

/** Runs `autodiff(mode, f, Duplicated(x, dx), <activity>(y, dy), Const(4))` natively and on the reference runner. */
function run(
  mode: 'Reverse' | 'Forward',
  f: string,
  activity: string,
): { native: Outcome; reference: Outcome } {
  const text = `function k(x, dx, y, dy) { autodiff(${mode}, ${f}, Duplicated(x, dx), ${activity}(y, dy), Const(4)); }`;
  const fresh = (): Outcome & { x: Float64Array } => ({
    x: Float64Array.of(0.5, -1.25, 2, 0.75),
    dx: mode === 'Reverse' ? new Float64Array(4) : Float64Array.of(1, 0.5, -1, 2),
    y: new Float64Array(4).fill(SENTINEL),
    dy: mode === 'Reverse' ? Float64Array.of(1, -2, 0.5, 3) : new Float64Array(4),
  });
  const native = fresh();
  launchNative(
    { text, file: 'k.js' },
    { grid: 1, block: 1, scope },
    native.x,
    native.dx,
    native.y,
    native.dy,
  );
  const reference = fresh();
  runReference({ text, file: 'k.js' }, { grid: 1, block: 1, scope }, [
    reference.x,
    reference.dx,
    reference.y,
    reference.dy,
  ]);
  return { native, reference };
}

describe('DuplicatedNoNeed arrays', () => {
  for (const mode of ['Reverse', 'Forward'] as const) {
    for (const f of ['cumulative', 'carried']) {
      it(`leave an array f only writes untouched, with the same derivatives (${mode}, ${f})`, () => {
        const needed = run(mode, f, 'Duplicated');
        const unneeded = run(mode, f, 'DuplicatedNoNeed');
        for (const side of ['native', 'reference'] as const) {
          expect(unneeded[side].y, side).toEqual(new Float64Array(4).fill(SENTINEL));
          expect(needed[side].y, side).not.toEqual(new Float64Array(4).fill(SENTINEL));
          expect(unneeded[side].dx, side).toEqual(needed[side].dx);
          expect(unneeded[side].dy, side).toEqual(needed[side].dy);
        }
        expect(unneeded.native).toEqual(unneeded.reference);
      });
    }

    it(`keep f's writes into an array it reads back (${mode})`, () => {
      const needed = run(mode, 'smoothed', 'Duplicated');
      const unneeded = run(mode, 'smoothed', 'DuplicatedNoNeed');
      expect(unneeded).toEqual(needed);
      expect(unneeded.native.y).not.toEqual(new Float64Array(4).fill(SENTINEL));
    });
  }

  it('on the host: the array untouched', () => {
    const x = Float64Array.of(1, 2, 3);
    const dx = new Float64Array(3);
    const y = new Float64Array(3).fill(SENTINEL);
    autodiff(Reverse, cumulative, Duplicated(x, dx), DuplicatedNoNeed(y, Float64Array.of(1, 1, 1)), Const(3));
    expect(y).toEqual(new Float64Array(3).fill(SENTINEL));
    expect(dx).toEqual(Float64Array.of(6, 8, 6));
  });

  // f reads through x what it wrote through y: where they share memory, f's writes are kept.
  describe("sharing memory with another of f's arrays", () => {
    /** With a stride of 0, each iteration reads the element the one before wrote. */
    const squares = (x: Float64Array, y: Float64Array, first: number, stride: number) => {
      let s = 0.0;
      for (let k = 0; k < 4; k++) {
        s += x[first + k * stride]! * x[first + k * stride]!;
        y[first + k * stride] = s * 0.5;
      }
    };
    const fresh = () => ({ x: Float64Array.of(0.75, -0.5, 1.25), dx: Float64Array.of(1, 2, 3) });
    const kernel = (activity: string) =>
      `function k(x, dx) { autodiff(Reverse, squares, Duplicated(x, dx), ${activity}(x, dx), Const(1), Const(0)); }`;
    const local = { squares, autodiff, Reverse, Duplicated, DuplicatedNoNeed, Const };
    const expected = fresh();
    launchNative(
      { text: kernel('Duplicated'), file: 'k.js' },
      { grid: 1, block: 1, scope: local },
      expected.x,
      expected.dx,
    );

    it('natively and on the reference runner, as with Duplicated', () => {
      const native = fresh();
      launchNative(
        { text: kernel('DuplicatedNoNeed'), file: 'k.js' },
        { grid: 1, block: 1, scope: local },
        native.x,
        native.dx,
      );
      const reference = fresh();
      runReference({ text: kernel('DuplicatedNoNeed'), file: 'k.js' }, { grid: 1, block: 1, scope: local }, [
        reference.x,
        reference.dx,
      ]);
      expect(native).toEqual(expected);
      expect(reference).toEqual(expected);
      expect(expected.x).not.toEqual(fresh().x);
    });

    it('on the host, one array as a view of the other', () => {
      const { x, dx } = fresh();
      autodiff(Reverse, squares, Duplicated(x, dx), DuplicatedNoNeed(x.subarray(0), dx), Const(1), Const(0));
      expect({ x, dx }).toEqual(expected);
    });
  });
});
