// expandFloatMinMax, which back-ends without llvm.maximum/minimum (Metal) apply: its selects run
// natively here, scalar and in the vectors the loop vectoriser makes, and agree with JavaScript.
import { describe, expect, it } from 'vitest';
import { expandFloatMinMax } from '../../src/entry/compiler.js';
import {
  type CompilerPlugin,
  compileJob,
  compileNative,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '../../src/index.js';

const expanding: CompilerPlugin = {
  name: 'expand-min-max',
  version: '1',
  apply(compiler) {
    compiler.hooks.for('native').optimizeModule.tap('expand-min-max', (module) => expandFloatMinMax(module));
  },
};
const compiler = createCompiler().use(expanding);

/** A value as text, -0 included. */
const show = (v: unknown) => (Object.is(v, -0) ? '-0' : String(v));

const specials = [0, -0, 1, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const xs = specials.flatMap((a) => specials.map(() => a));
const ys = specials.flatMap(() => specials);

/** Every pair of specials, then running extremes over each row (a loop LLVM vectorises). */
const text = `function extremes(x, y, hi, lo, rowHi, rowLo) {
  for (let i = 0; i < x.length; i++) {
    hi[i] = Math.max(x[i], y[i]);
    lo[i] = Math.min(x[i], y[i]);
  }
  for (let r = 0; r < rowHi.length; r++) {
    let h = -Infinity;
    let l = Infinity;
    for (let i = 0; i < 8; i++) {
      h = Math.max(h, y[r * 8 + i] * x[r * 8 + i]);
      l = Math.min(l, y[r * 8 + i] * x[r * 8 + i]);
    }
    rowHi[r] = h;
    rowLo[r] = l;
  }
}`;

describe('expandFloatMinMax', () => {
  for (const Kind of [Float32Array, Float64Array]) {
    const type = Kind === Float32Array ? 'f32' : 'f64';
    it(`gives JavaScript's Math.max and Math.min of ${type}: NaN wins, -0 below +0`, () => {
      const types: string[] = Array(6).fill(`${type}[]`);
      const { ir } = compileJob(
        compiler,
        createJob(
          sourceFromText(text, `expand-${type}.js`),
          types.map((t) => parseType(t) as KernelType),
          compiler.target('native'),
        ),
        { kind: 'ir' },
      );
      expect(ir).not.toMatch(/call [^\n]*@llvm\.(maximum|minimum)\./);
      const rows = specials.length;
      const args = () => [
        Kind.from(xs),
        Kind.from(ys),
        ...[xs.length, xs.length, rows, rows].map((n) => new Kind(n)),
      ];
      const actual = args();
      compileNative({ text, file: `expand-${type}.js` }, types, { compiler }).launch(1, 1, actual);
      const expected = args();
      const [x, y, hi, lo, rowHi, rowLo] = expected as [
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
      ];
      for (let i = 0; i < xs.length; i++) {
        hi[i] = Math.max(x[i] as number, y[i] as number);
        lo[i] = Math.min(x[i] as number, y[i] as number);
      }
      for (let r = 0; r < rows; r++) {
        const products = Array.from(
          { length: 8 },
          (_, i) => (y[r * 8 + i] as number) * (x[r * 8 + i] as number),
        );
        rowHi[r] = Math.max(...products);
        rowLo[r] = Math.min(...products);
      }
      // Shown as text, -0 and NaN compare as JavaScript's results.
      expect(actual.map((a) => Array.from(a, show))).toEqual(expected.map((e) => Array.from(e, show)));
    });
  }
});
