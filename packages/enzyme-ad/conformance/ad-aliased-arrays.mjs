// Conformance (AD): one array passed as two arguments, each time with its shadow. The derivative
// takes its version that keeps every access in order (the call finds the arrays overlapping);
// with a stride of 0 each iteration reads the element the one before wrote.
import { autodiff, Const, Duplicated, Reverse } from '@gpuc/enzyme-ad';

export default {
  name: 'ad-aliased-arrays',
  description: 'reverse mode of a running sum of squares written over its own input (x passed as x and y)',
  source: `function adAliasedArrays(x, dx, n) {
  const i = gpu.globalIdx.x;
  if (i < n) {
    autodiff(Reverse, squares, Duplicated(x, dx), Duplicated(x, dx), Const(i), Const(0));
    autodiff(Reverse, squares, Duplicated(x, dx), Duplicated(x, dx), Const(i), Const(n));
  }
}`,
  grid: 2,
  block: 32,
  args: (h) => [h.iota(256, (q) => 0.3 + 0.5 * Math.sin(q * 0.7)), h.iota(256, (q) => 1 + (q % 3)), 64],
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
    Duplicated,
    Const,
  }),
};
