import {
  compileNative,
  createCompiler,
  gpu,
  type KernelType,
  launchNative,
  parseType,
  runReference,
  sourceFromText,
} from '@gpuc/core';
import {
  Active,
  autodiff,
  Const,
  Duplicated,
  defineDerivative,
  EnzymePlugin,
  Forward,
  gradient,
  Reverse,
} from '../src/index.js';

const f = (x: number, y: number) => x * x * y;
console.log('reverse', autodiff(Reverse, f, Active(3), Active(2)));
console.log('forward', autodiff(Forward, f, Duplicated(3, 1), Const(2)));
console.log(
  'gradient',
  gradient((x: number, y: number) => x * Math.sin(y), 2, 0),
);
const sumsq = (v: Float64Array, n: number) => {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += v[i] * v[i];
  return s;
};
console.log('gradient arr', gradient(sumsq, Float64Array.of(1, 2), 2));

// reference
const kernel = (out: Float64Array, xs: Float64Array) => {
  const i = gpu.globalIdx.x;
  out[i] = autodiff(Reverse, f, Active(xs[i]), Const(2.0))![0]!;
};
const out = new Float64Array(3);
runReference(kernel as never, { grid: 1, block: 3, scope: { f } }, [out, Float64Array.of(1, 2, 3)]);
console.log('reference', Array.from(out));
const softplus = (x: number) => Math.log(1 + Math.exp(x));
defineDerivative(softplus, (x: number) => 100.0);
const g = (x: number) => softplus(x) * 2;
console.log('rule host', autodiff(Reverse, g, Active(1), { scope: { softplus } }));
const k2 = (out: Float64Array, xs: Float64Array) => {
  const i = gpu.globalIdx.x;
  out[i] = autodiff(Reverse, g, Active(xs[i]))![0]!;
};
runReference(k2 as never, { grid: 1, block: 3, scope: { g, softplus } }, [out, Float64Array.of(1, 2, 3)]);
console.log('rule reference', Array.from(out));
