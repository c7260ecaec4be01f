// Conformance (AD): an output passed as DuplicatedNoNeed. Where f never reads it back, the
// derivative leaves out f's writes into it, so y keeps its values (7.5) in both modes; the seeds
// of dy are still read and zeroed, which a stride of 0 (every write to one element) needs.
import { autodiff, Const, Duplicated, DuplicatedNoNeed, Forward, Reverse } from '@gpuc/enzyme-ad';

export default {
  name: 'ad-no-need',
  description: 'reverse and forward mode of a running sum of squares whose output is DuplicatedNoNeed',
  source: `function adNoNeed(x, dx, y, dy, t, ty, n) {
  const i = gpu.globalIdx.x;
  if (i < n) {
    autodiff(Reverse, squares, Duplicated(x, dx), DuplicatedNoNeed(y, dy), Const(i), Const(0));
    autodiff(Reverse, squares, Duplicated(x, dx), DuplicatedNoNeed(y, dy), Const(i), Const(n));
    autodiff(Forward, squares, Duplicated(x, t), DuplicatedNoNeed(y, ty), Const(i), Const(n));
  }
}`,
  grid: 2,
  block: 32,
  args: (h) => [
    h.iota(256, (q) => 0.3 + 0.5 * Math.sin(q * 0.7)),
    h.iota(256, () => 0),
    h.iota(256, () => 7.5),
    h.iota(256, (q) => 1 + (q % 3)),
    h.iota(256, (q) => 0.5 + (q % 5)),
    h.iota(256, () => 0),
    64,
  ],
  ulps: 64,
  scope: () => ({
    squares: (x, y, first, stride) => {
      let s = 0.0;
      for (let k = 0; k < 4; k++) {
        s += x[first + k * stride] * x[first + k * stride];
        y[first + k * stride] = s * 0.5;
      }
    },
    autodiff,
    Reverse,
    Forward,
    Duplicated,
    DuplicatedNoNeed,
    Const,
  }),
};
