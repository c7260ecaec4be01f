import { compileNative, createCompiler, type KernelType, parseType, sourceFromText } from '@gpuc/core';
import { EnzymePlugin } from '../src/plugin/plugin.js';

const compiler = createCompiler().use(new EnzymePlugin());
const f = (x: number, y: number) => Math.sin(x) * y + x * x;
const text = `function k(out, xs) {
  const i = gpu.globalIdx.x;
  out[i] = autodiff(Forward, f, Duplicated(xs[i], 1.0), Const(3.0));
}`;
const kernel = compileNative(
  sourceFromText(text, 'k.js'),
  [parseType('f64[]') as KernelType, parseType('f64[]') as KernelType],
  { scope: { f }, compiler },
);
const xs = Float64Array.from([0.5, 1, 2]);
const out = new Float64Array(3);
kernel.launch(1, 3, [out, xs]);
console.log(
  Array.from(out),
  Array.from(xs, (x) => Math.cos(x) * 3 + 2 * x),
);
