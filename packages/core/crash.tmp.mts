import { launchNative, view } from './src/index.js';
const checked = { grid: 1, block: 1, config: { boundsCheck: true } };
const operations = ['Add', 'Sub', 'Min', 'Max', 'And', 'Or', 'Xor', 'Exch'];
const calls = [
  ...operations.map((op) => [`gpu.atomic${op}(c, i, 3)`, 'i32[]'] as const),
  ...['Add', 'Sub', 'Min', 'Max', 'Exch'].map((op) => [`gpu.atomic${op}(c, i, 3)`, 'f32[]'] as const),
  ['gpu.atomicCAS(c, i, 0, 3)', 'u32[]'] as const,
  ['gpu.atomicAdd(c, i, 3)', 'f64[]'] as const,
];
for (const [call, type] of calls) {
  const kernel = { text: `function k(c, i, out) {\n  out[0] = ${call};\n}`, file: 'atomic.js' };
  const array = () => type === 'f32[]' ? new Float32Array(4) : type === 'f64[]' ? new Float64Array(4) : type === 'u32[]' ? new Uint32Array(4) : new Int32Array(4);
  for (const index of [4, -1, 1 << 28, -(2 ** 31)]) {
    try { launchNative(kernel, checked, array(), index, new Float64Array(1)); console.log('no throw!'); } catch (e) { }
  }
  launchNative(kernel, checked, array(), 3, new Float64Array(1)); (globalThis as any).gc();
}
console.log('atomics done');
const kernel = { text: `function checked(x, n) {\n  const i = gpu.globalIdx.x;\n  if (i === n) throw new Error('element out of range');\n  x[i] = 1;\n}`, file: 'checked.js' };
try { launchNative(kernel, { grid: 2, block: 8 }, new Float32Array(16), 11); } catch (e) { console.log((e as Error).message); }
const x = new Float32Array(16);
launchNative(kernel, { grid: 2, block: 8 }, x, 99);
console.log(x.every((v) => v === 1));
