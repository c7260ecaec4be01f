import { compileNative, createCompiler, type KernelType, parseType, sourceFromText } from '@gpuc/core';
import { EnzymePlugin } from '../src/plugin/plugin.js';

const compiler = createCompiler().use(new EnzymePlugin());
const T = (s: string) => parseType(s) as KernelType;
function run(
  name: string,
  f: (...a: never[]) => unknown,
  body: string,
  xs: number[],
  expect: (x: number) => number,
  extra: Record<string, unknown> = {},
  types = ['f64[]', 'f64[]'],
  args?: (out: Float64Array, x: Float64Array) => unknown[],
) {
  const text = `function k(out, xs${types.length > 2 ? ', a' : ''}) {
  const i = gpu.globalIdx.x;
  ${body}
}`;
  try {
    const kernel = compileNative(sourceFromText(text, `${name}.js`), types.map(T), {
      scope: { f, ...extra },
      compiler,
    });
    const x = Float64Array.from(xs);
    const out = new Float64Array(xs.length);
    kernel.launch(1, xs.length, args ? args(out, x) : [out, x]);
    const want = xs.map(expect);
    const ok = want.every((w, i) => Math.abs(w - (out[i] as number)) <= 1e-9 * Math.max(1, Math.abs(w)));
    console.log(ok ? 'ok  ' : 'FAIL', name, ok ? '' : `${Array.from(out)} vs ${want}`);
  } catch (e) {
    console.log('ERR ', name, (e as Error).stack?.split('\n').slice(0, 8).join('\n'));
  }
}
run(
  'poly',
  (x: number) => 3 * x * x + 2 * x + 1,
  'out[i] = autodiff(Reverse, f, Active(xs[i]))[0];',
  [0.5, 1, 2],
  (x) => 6 * x + 2,
);
run(
  'sin',
  (x: number) => Math.sin(x) * Math.exp(x),
  'out[i] = autodiff(Reverse, f, Active(xs[i]))[0];',
  [0.5, 1, 2],
  (x) => Math.cos(x) * Math.exp(x) + Math.sin(x) * Math.exp(x),
);
run(
  'branch',
  (x: number) => {
    if (x > 1) return x * x;
    return -x;
  },
  'out[i] = autodiff(Reverse, f, Active(xs[i]))[0];',
  [0.5, 1.5, 2],
  (x) => (x > 1 ? 2 * x : -1),
);
run(
  'powloop',
  (x: number, n: number) => {
    let p = 1.0;
    for (let k = 0; k < n; k++) p = p * x;
    return p;
  },
  'out[i] = autodiff(Reverse, f, Active(xs[i]), Const(5))[0];',
  [0.5, 1.5, 2],
  (x) => 5 * x ** 4,
);
run(
  'newton',
  (x: number) => {
    let g = x;
    let prev = 0.0;
    let it = 0;
    while (Math.abs(g - prev) > 1e-12 && it < 100) {
      prev = g;
      g = 0.5 * (g + x / g);
      it++;
    }
    return g;
  },
  'out[i] = autodiff(Reverse, f, Active(xs[i]))[0];',
  [0.5, 1.5, 2],
  (x) => 0.5 / Math.sqrt(x),
);
run(
  'sumsq',
  (a: Float64Array, n: number) => {
    let s = 0.0;
    for (let k = 0; k < n; k++) s += a[k] * a[k];
    return s;
  },
  'const da = new Float64Array(3); autodiff(Reverse, f, Duplicated(xs, da), Const(3)); out[i] = da[i];',
  [0.5, 1.5, 2],
  (x) => 2 * x,
);
