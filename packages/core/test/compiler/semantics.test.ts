// Numeric semantics of compiled code against plain JavaScript: each kernel runs natively and as
// the JavaScript function it is, on the same inputs, and every element must be the same value
// (Object.is: -0 and NaN count). The kernels use no `gpu` intrinsics, so they run as written.
import { describe, expect, it } from 'vitest';
import { launchNative } from '../../src/index.js';

interface Case {
  /** What the case checks. */
  readonly name: string;
  /** The kernel: a plain function of typed arrays. */
  readonly text: string;
  /** Fresh inputs and outputs for one run. */
  readonly args: () => ArrayBufferView[];
}

/** Edge values of doubles for conversions to integers. */
const doubles = [
  0,
  -0,
  0.5,
  -0.5,
  1.9,
  -1.9,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 32 + 5,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  2 ** 62,
  -(2 ** 62),
  -(2 ** 62) - 2 ** 10,
  -4611686018427388928,
  -(2 ** 63),
  -(2 ** 63) - 2 ** 11,
  2 ** 63,
  2 ** 63 + 2 ** 11,
  -(2 ** 64),
  2 ** 64,
  2 ** 64 + 2 ** 12,
  2 ** 65 + 2 ** 13,
  -(2 ** 70) - 2 ** 18,
  1.5 * 2 ** 84,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
];

const f64s = () => Float64Array.from(doubles);
const f32s = () => Float32Array.from(doubles);

/** The outputs of a kernel run natively and as JavaScript, element by element. */
function both(c: Case): { native: unknown[][]; js: unknown[][] } {
  const fn = new Function(`return ${c.text}`)() as (...args: unknown[]) => void;
  const native = c.args();
  const js = c.args();
  launchNative({ text: c.text, file: 'semantics.js' }, { grid: 1, block: 1 }, ...native);
  fn(...js);
  const elements = (args: ArrayBufferView[]) => args.map((a) => Array.from(a as unknown as ArrayLike<unknown>));
  return { native: elements(native), js: elements(js) };
}

/** Runs the cases, each against plain JavaScript. */
function agree(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const { native, js } = both(c);
      js.forEach((expected, a) => {
        expected.forEach((value, i) => {
          const got = native[a]?.[i];
          if (!Object.is(got, value))
            expect.fail(`argument ${a}[${i}]: native ${String(got)}, JavaScript ${String(value)} (${c.text})`);
        });
      });
    });
  }
}

describe('explicit rounding to f32 is never fused away', () => {
  agree([
    {
      name: 'Math.fround of a product then a sum rounds twice, as JavaScript',
      text: `function k(a, b, c, out) {
  for (let i = 0; i < a.length; i++) out[i] = Math.fround(Math.fround(a[i] * b[i]) + c[i]);
}`,
      args: () => {
        const x = 1 + 2 ** -12;
        return [Float32Array.of(x, 3.1, -7.7), Float32Array.of(x, 1.3, 0.1), Float32Array.of(-1, -4, 0.77), new Float32Array(3)];
      },
    },
    {
      name: 'an f32 escape-time loop written with Math.fround agrees with JavaScript exactly',
      text: `function k(cx, cy, out) {
  for (let p = 0; p < cx.length; p++) {
    let x = Math.fround(0);
    let y = Math.fround(0);
    let n = 0;
    while (n < 200 && Math.fround(Math.fround(x * x) + Math.fround(y * y)) < 4) {
      const t = Math.fround(Math.fround(Math.fround(x * x) - Math.fround(y * y)) + cx[p]);
      y = Math.fround(Math.fround(Math.fround(2 * x) * y) + cy[p]);
      x = t;
      n++;
    }
    out[p] = n;
  }
}`,
      args: () => {
        const cx = Float32Array.from({ length: 64 }, (_, i) => -2 + (i % 8) * 0.3711);
        const cy = Float32Array.from({ length: 64 }, (_, i) => -1.2 + Math.floor(i / 8) * 0.3377);
        return [cx, cy, new Int32Array(64)];
      },
    },
  ]);
});
