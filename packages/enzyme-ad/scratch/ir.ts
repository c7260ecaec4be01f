import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  lowerSource,
  parseType,
  printFunction,
  sourceFromText,
} from '@gpuc/core';
import { EnzymePlugin } from '../src/plugin/plugin.js';

const compiler = createCompiler().use(new EnzymePlugin());
const f = (a: Float64Array, n: number) => {
  let s = 0.0;
  for (let k = 0; k < n; k++) s += a[k] * a[k];
  return s;
};
const g = (x: number, n: number) => {
  let p = 1.0;
  for (let k = 0; k < n; k++) p = p * x;
  return p;
};
const which = process.argv[2] ?? 'f';
const text =
  which === 'f'
    ? `function k(out, xs, da, n) { autodiff(Reverse, f, Duplicated(xs, da), Const(n)); }`
    : `function k(out, xs, da, n) { const i = gpu.globalIdx.x; out[i] = autodiff(Reverse, g, Active(xs[i]), Const(n))[0]; }`;
const job = createJob(
  sourceFromText(text, 'k.js'),
  ['f64[]', 'f64[]', 'f64[]', 'i32'].map((s) => parseType(s) as KernelType),
  compiler.target('native'),
  { scope: { f, g } },
);
const r = compileJob(compiler, job, { kind: 'assembly', keepUnoptimized: process.argv[3] === 'u' });
const ir = r.ir;
const m =
  ir.match(/define internal[^\n]*deferred[\s\S]*?\n}\n/) ?? ir.match(/define [^\n]*@k\([\s\S]*?\n}\n/);
console.log(process.argv[3] === 'u' ? r.unoptimizedIR?.slice(0, 6000) : m?.[0]);
