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
  -(2 ** 62) - 2 ** 10, // -4611686018427388928, whose ToInt32 is -1024
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
  const elements = (args: ArrayBufferView[]) =>
    args.map((a) => Array.from(a as unknown as ArrayLike<unknown>));
  return { native: elements(native), js: elements(js) };
}

/** A value as the failure message shows it (-0 included). */
const show = (v: unknown) => (Object.is(v, -0) ? '-0' : String(v));

/** Runs the cases, each against plain JavaScript. */
function agree(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const { native, js } = both(c);
      js.forEach((expected, a) => {
        expected.forEach((value, i) => {
          const got = native[a]?.[i];
          if (!Object.is(got, value))
            expect.fail(`argument ${a}[${i}]: native ${show(got)}, JavaScript ${show(value)} (${c.text})`);
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
        return [
          Float32Array.of(x, 3.1, -7.7),
          Float32Array.of(x, 1.3, 0.1),
          Float32Array.of(-1, -4, 0.77),
          new Float32Array(3),
        ];
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

const ints = [0, 1, -1, 2, -2, 5, -5, 7, -4, 31, 32, 33, -31, -32, 63, 64, 2 ** 31 - 1, -(2 ** 31), 12345678];
const i32s = () => Int32Array.from(ints);
const u32s = () => Uint32Array.from(ints);

describe("JavaScript's ToInt32 and ToUint32 of every double", () => {
  const n = doubles.length;
  agree([
    {
      name: '| 0, >>> 0, ~ and ^ of f64s',
      text: `function k(x, a, b, c, d) {
  for (let i = 0; i < x.length; i++) {
    a[i] = x[i] | 0;
    b[i] = x[i] >>> 0;
    c[i] = ~x[i];
    d[i] = (x[i] ^ 0) + (x[i] >>> 0);
  }
}`,
      args: () => [f64s(), new Int32Array(n), new Float64Array(n), new Int32Array(n), new Float64Array(n)],
    },
    {
      name: 'shifts and ands of f64s convert both operands',
      text: `function k(x, a, b, c) {
  for (let i = 0; i < x.length; i++) {
    a[i] = x[i] << 1;
    b[i] = x[i] & x[n - 1 - i];
    c[i] = 1 << x[i];
  }
}`.replace('n - 1 - i', `${n - 1} - i`),
      args: () => [f64s(), new Int32Array(n), new Int32Array(n), new Int32Array(n)],
    },
    {
      name: 'stores of f64s into every integer array',
      text: `function k(x, a, b, c, d, e, f) {
  for (let i = 0; i < x.length; i++) {
    a[i] = x[i];
    b[i] = x[i];
    c[i] = x[i];
    d[i] = x[i];
    e[i] = x[i];
    f[i] = x[i];
  }
}`,
      args: () => [
        f64s(),
        new Int8Array(n),
        new Uint8Array(n),
        new Int16Array(n),
        new Uint16Array(n),
        new Int32Array(n),
        new Uint32Array(n),
      ],
    },
    {
      name: 'of 4000 doubles of every exponent (fixed seed)',
      text: `function k(x, a, b, c) {
  for (let i = 0; i < x.length; i++) {
    a[i] = x[i] | 0;
    b[i] = x[i] >>> 0;
    c[i] = x[i];
  }
}`,
      args: () => {
        const bits = new DataView(new ArrayBuffer(8));
        let seed = 12345;
        const next = () => {
          seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
          return seed;
        };
        const x = Float64Array.from({ length: 4000 }, () => {
          bits.setUint32(0, next());
          bits.setUint32(4, next());
          return bits.getFloat64(0);
        });
        return [x, new Int32Array(4000), new Float64Array(4000), new Int16Array(4000)];
      },
    },
    {
      name: 'stores and conversions of f32s into integer arrays',
      text: `function k(x, a, b, c, d) {
  for (let i = 0; i < x.length; i++) {
    a[i] = x[i];
    b[i] = x[i];
    c[i] = x[i] | 0;
    d[i] = x[i] >>> 0;
  }
}`,
      args: () => [f32s(), new Int8Array(n), new Uint32Array(n), new Int32Array(n), new Float64Array(n)],
    },
  ]);
});

describe('integer division and remainder', () => {
  agree([
    {
      name: 'by constants out of the i32 range, mixed signedness',
      text: `function k(a, u, o, p, q, r) {
  for (let i = 0; i < a.length; i++) {
    o[i] = a[i] % 4294967295;
    p[i] = u[i] % 4294967295;
    q[i] = a[i] % u[i];
    r[i] = (a[i] / 4294967295) | 0;
  }
}`,
      args: () => [i32s(), u32s(), ...Array.from({ length: 4 }, () => new Float64Array(ints.length))],
    },
    {
      // Divisors are not zero: integer % 0 is 0, JavaScript's NaN (documented).
      name: 'remainders of i32 and u32 pairs',
      text: `function k(a, u, o, p, q) {
  for (let i = 0; i < a.length; i++) {
    const j = a.length - 1 - i;
    const d = a[j] === 0 ? 3 : a[j];
    o[i] = a[i] % d;
    p[i] = u[i] % (u[j] === 0 ? 7 : u[j]);
    q[i] = u[i] % d;
  }
}`,
      args: () => [i32s(), u32s(), ...Array.from({ length: 3 }, () => new Float64Array(ints.length))],
    },
  ]);
});

describe('signed zeros of integer operations', () => {
  agree([
    {
      name: 'negation, remainder and product of i32s flowing into floats',
      text: `function k(a, o, p, q, r, s) {
  for (let i = 0; i < a.length; i++) {
    o[i] = -a[i];
    p[i] = a[i] % 2;
    q[i] = a[i] * -5;
    r[i] = 1 / -a[i];
    s[i] = 1 / (a[i] % 2);
  }
}`,
      // Values whose products and negations stay in i32 (past it they wrap, as documented).
      args: () => {
        const small = ints.filter((v) => Math.abs(v) < 2 ** 28);
        return [Int32Array.from(small), ...Array.from({ length: 5 }, () => new Float64Array(small.length))];
      },
    },
    {
      name: 'of -0 literals',
      text: `function k(o) {
  o[0] = Math.atan2(0, -0);
  o[1] = -0;
  o[2] = 1 / -0;
  const z = -0;
  o[3] = Math.atan2(0, z);
  o[4] = 0 * -1;
}`,
      args: () => [new Float64Array(5)],
    },
    {
      name: 'through variables, loops, branches, sums and Math',
      text: `function k(a, o) {
  for (let i = 0; i < a.length; i++) {
    let p = 1;
    for (let j = 0; j <= i % 3; j++) p = p * a[(i + j) % a.length];
    const t = a[i] > 0 ? -a[i] % 2 : a[i] * 0;
    let s = -(i % 2);
    s = s + t;
    o[i * 6] = p;
    o[i * 6 + 1] = t;
    o[i * 6 + 2] = s;
    o[i * 6 + 3] = Math.atan2(t, -1);
    o[i * 6 + 4] = -0 - (a[i] & 0);
    o[i * 6 + 5] = 1 / (s - 0);
    const z = -a[i];
    o[60 + i * 6] = Math.trunc(z);
    o[60 + i * 6 + 1] = Math.sign(z);
    o[60 + i * 6 + 2] = Math.min(z, 0);
    o[60 + i * 6 + 3] = Math.max(z, 0);
    o[60 + i * 6 + 4] = Math.max(z, a[i] * -1);
    o[60 + i * 6 + 5] = Math.abs(z);
  }
}`,
      args: () => [Int32Array.of(0, -3, 4, 0, -2, 5, 0, 0, -7, 6), new Float64Array(120)],
    },
    {
      name: 'through loop phis, widening and Math to a conversion after the loop',
      text: `function k(a, o) {
  for (let i = 0; i < a.length; i++) {
    let z = a[i] % 4;
    let m = 0;
    for (let j = 0; j < i % 3; j++) {
      z = -z;
      m = Math.min(m, z * 2);
    }
    o[i * 3] = 1 / z;
    o[i * 3 + 1] = m;
    o[i * 3 + 2] = Math.atan2(z, -1);
  }
}`,
      args: () => [Int32Array.of(0, 0, 0, -4, 8, 0, -3, 0, 12), new Float64Array(27)],
    },
  ]);
});

describe('documented divergences of integers', () => {
  it('integer % by zero is +0 (JavaScript: NaN), whatever the dividend', () => {
    const text =
      'function k(a, o) {\n  for (let i = 0; i < a.length; i++) o[i] = 1 / (a[i] % (a[i] & 0));\n}';
    const o = new Float64Array(3);
    launchNative({ text, file: 'zero.js' }, { grid: 1, block: 1 }, Int32Array.of(-5, 0, 5), o);
    expect(Array.from(o)).toEqual([Infinity, Infinity, Infinity]);
  });
});

describe('Math of signed zeros, halves and NaN', () => {
  const specials = [
    0,
    -0,
    0.4,
    -0.4,
    0.5,
    -0.5,
    0.49999999999999994,
    -0.49999999999999994,
    1.5,
    -1.5,
    2.5,
    -2.5,
    4503599627370495,
    4503599627370497,
    -4503599627370497,
    2 ** 52 + 0.5,
    -(2 ** 52) - 0.5,
    8388609,
    -0.7,
    0.7,
    1e300,
    -1e-300,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
  ];
  const m = specials.length;
  const kernel = `function k(x, a, b, c, d, e, f, g, h) {
  for (let i = 0; i < x.length; i++) {
    const y = x[m - 1 - i];
    a[i] = Math.round(x[i]);
    b[i] = Math.sign(x[i]);
    c[i] = Math.min(x[i], y);
    d[i] = Math.max(x[i], y);
    e[i] = Math.abs(x[i]);
    f[i] = Math.trunc(x[i]);
    g[i] = Math.ceil(x[i]);
    h[i] = Math.floor(x[i]);
  }
}`.replace('m - 1 - i', `${m - 1} - i`);
  agree([
    {
      name: 'f64',
      text: kernel,
      args: () => [Float64Array.from(specials), ...Array.from({ length: 8 }, () => new Float64Array(m))],
    },
    {
      name: 'f32',
      text: kernel,
      args: () => [Float32Array.from(specials), ...Array.from({ length: 8 }, () => new Float32Array(m))],
    },
  ]);
});

describe('booleans stored into number arrays', () => {
  agree([
    {
      name: 'as 0 and 1 in every array type',
      text: `function k(x, a, b, c, d, e) {
  a[0] = true;
  b[0] = true;
  c[0] = true;
  d[0] = x[0] > 0;
  e[0] = x[0] < 0;
  a[1] = x[0] > 0;
  b[1] = false;
}`,
      args: () => [
        Float64Array.of(1),
        new Float32Array(2),
        new Float64Array(2),
        new Int8Array(1),
        new Uint32Array(1),
        new Float32Array(1),
      ],
    },
  ]);
});

describe('shifts of i32 and u32', () => {
  agree([
    {
      name: 'counts of 32 and more, negative counts, >>> of negatives',
      text: `function k(a, s, o, p, q, r) {
  for (let i = 0; i < a.length; i++) {
    const c = s[a.length - 1 - i];
    o[i] = a[i] << c;
    p[i] = a[i] >> c;
    q[i] = a[i] >>> c;
    r[i] = (a[i] >>> 0) >> c;
  }
}`,
      args: () => [
        i32s(),
        i32s(),
        new Int32Array(ints.length),
        new Int32Array(ints.length),
        new Float64Array(ints.length),
        new Float64Array(ints.length),
      ],
    },
  ]);
});

const bigs = [
  0n,
  1n,
  -1n,
  2n,
  -3n,
  5n,
  63n,
  64n,
  65n,
  -64n,
  -70n,
  100n,
  2n ** 62n,
  -(2n ** 63n),
  2n ** 63n - 1n,
];

describe('BigInt arithmetic modulo 2^64', () => {
  const k = bigs.length;
  agree([
    {
      name: 'i64 shifts by any count, powers',
      // Counts stay small where JavaScript would build a BigInt past its size limit (it throws).
      text: `function k(a, s, o, p, q, r) {
  for (let i = 0; i < a.length; i++) {
    const c = s[a.length - 1 - i];
    o[i] = a[i] << c % 200n;
    p[i] = a[i] >> c % 200n;
    q[i] = c >= 0n ? a[i] ** (c % 200n) : 0n;
    r[i] = c >= 0n ? a[i] >> c : a[i] << -(c % 200n);
  }
}`,
      args: () => [
        BigInt64Array.from(bigs),
        BigInt64Array.from(bigs),
        ...Array.from({ length: 4 }, () => new BigInt64Array(k)),
      ],
    },
    {
      name: 'u64 shifted by i64 counts and i64 by u64 counts: negative i64 counts shift the other way',
      // A ballot's u64 mask by BigInt(lane) (an i64); counts stay where JavaScript's BigInts fit.
      text: `function k(a, s, o, p, q, r, m) {
  for (let i = 0; i < a.length; i++) {
    const c = s[a.length - 1 - i] % 200n;
    const u = BigInt.asUintN(64, a[i]), n = BigInt.asUintN(64, c < 0n ? -c : c);
    o[i] = u >> c;
    p[i] = BigInt.asUintN(64, u << c);
    q[i] = a[i] >> n;
    r[i] = BigInt.asIntN(64, a[i] << n);
    // A literal only u64 holds, shifted by an i64: the lanes below i as a mask.
    m[i] = ~(0xffffffffffffffffn << BigInt(i * 5));
  }
}`,
      args: () => [
        BigInt64Array.from(bigs),
        BigInt64Array.from(bigs),
        new BigUint64Array(k),
        new BigUint64Array(k),
        new BigUint64Array(k),
        new BigInt64Array(k),
        new BigInt64Array(k),
      ],
    },
    {
      name: 'u64 shifts are logical',
      text: `function k(a, s, o, p) {
  for (let i = 0; i < a.length; i++) {
    const c = s[a.length - 1 - i] % 128n;
    o[i] = a[i] << c;
    p[i] = a[i] >> c;
  }
}`,
      args: () => [
        BigUint64Array.from(bigs.map((b) => BigInt.asUintN(64, b))),
        BigUint64Array.from(bigs.map((b) => BigInt.asUintN(64, b))),
        new BigUint64Array(k),
        new BigUint64Array(k),
      ],
    },
    {
      name: 'constant shifts past 64 bits',
      text: `function k(o) {
  o[0] = 1n << 70n;
  o[1] = -1n >> 70n;
  o[2] = 3n << 63n;
  o[3] = 2n ** 64n;
  o[4] = 3n ** 41n;
}`,
      args: () => [new BigInt64Array(5)],
    },
    {
      name: 'Number of a BigInt rounds to nearest',
      text: `function k(a, u, o, p) {
  for (let i = 0; i < a.length; i++) {
    o[i] = Number(a[i]);
    p[i] = Number(u[i]);
  }
}`,
      args: () => [
        BigInt64Array.from([...bigs, 2n ** 53n + 1n, 2n ** 62n + 2n ** 9n + 1n]),
        BigUint64Array.from([
          ...bigs.map((b) => BigInt.asUintN(64, b)),
          2n ** 64n - 1n,
          2n ** 63n + 2n ** 10n + 1n,
        ]),
        new Float64Array(k + 2),
        new Float64Array(k + 2),
      ],
    },
  ]);
});

describe('BigInt.asIntN and asUintN agree with JavaScript past 64-bit intermediates', () => {
  const k = bigs.length;
  agree([
    {
      name: 'wrapping products, sums and shifts to 64, 32, 8, 1 and 0 bits',
      text: `function k(a, b, o, p, q, r) {
  const BITS = 32;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[a.length - 1 - i];
    o[i] = BigInt.asUintN(64, x * y + (x << 40n));
    p[i] = BigInt.asIntN(64, x * x * y - 7n);
    q[i] = BigInt.asIntN(BITS, x * y) + BigInt.asIntN(8, x) + BigInt.asIntN(1, y) + BigInt.asIntN(0, x);
    r[i] = BigInt.asUintN(BITS, x - y) + BigInt.asUintN(8, x * 3n) + BigInt.asUintN(0, y);
  }
}`,
      args: () => [
        BigInt64Array.from(bigs),
        BigInt64Array.from(bigs),
        new BigUint64Array(k),
        new BigInt64Array(k),
        new BigInt64Array(k),
        new BigUint64Array(k),
      ],
    },
    {
      name: 'of u64 values, as the other signedness',
      text: `function k(u, o, p) {
  for (let i = 0; i < u.length; i++) {
    o[i] = BigInt.asIntN(64, u[i] * 3n);
    p[i] = BigInt.asUintN(64, u[i] + u[i]) + BigInt.asUintN(16, u[i]);
  }
}`,
      args: () => [
        BigUint64Array.from(bigs.map((b) => BigInt.asUintN(64, b))),
        new BigInt64Array(k),
        new BigUint64Array(k),
      ],
    },
  ]);

  it('take a constant number of bits from 0 to 64, and a BigInt', () => {
    const refusal = (statement: string) => {
      try {
        launchNative(
          { text: `function k(a, n, o) {\n  ${statement}\n}`, file: 'bits.js' },
          { grid: 1, block: 1 },
          BigInt64Array.of(1n),
          3,
          new BigInt64Array(1),
        );
      } catch (error) {
        return error as { code: string; detail: string; location: { line: number } };
      }
      throw new Error('compiled');
    };
    for (const statement of ['o[0] = BigInt.asIntN(n, a[0]);', 'o[0] = BigInt.asUintN(65, a[0]);']) {
      expect(refusal(statement)).toMatchObject({
        code: 'type-mismatch',
        location: { line: 2 },
        detail: expect.stringMatching(/takes a constant number of bits from 0 to 64/),
      });
    }
    expect(refusal('o[0] = BigInt.asIntN(8, n);').detail).toMatch(/takes a BigInt \(i64 or u64\), not i32/);
  });
});

describe('BigInt operations that throw in JavaScript', () => {
  const throwing = [
    ['division by zero', 'o[0] = a[0] / a[1];'],
    ['remainder by zero', 'o[0] = a[0] % a[1];'],
    ['negative exponent', 'o[0] = a[0] ** (a[1] - 1n);'],
  ] as const;
  for (const [name, statement] of throwing) {
    it(`${name} is a device exception at its line, as JavaScript throws a RangeError`, () => {
      const text = `function k(a, o) {\n  ${statement}\n}`;
      const fn = new Function(`return ${text}`)() as (...args: unknown[]) => void;
      expect(() => fn(BigInt64Array.of(7n, 0n), new BigInt64Array(1))).toThrow(RangeError);
      expect(() =>
        launchNative(
          { text, file: 'big.js' },
          { grid: 1, block: 1 },
          BigInt64Array.of(7n, 0n),
          new BigInt64Array(1),
        ),
      ).toThrow(/\(in k at big\.js:2\)$/);
    });
  }
});

describe('integer literals out of the other operand range', () => {
  agree([
    {
      name: 'compute in f64, as JavaScript, instead of wrapping into i32 or u32',
      text: `function k(a, u, o) {
  for (let i = 0; i < a.length; i++) {
    o[i * 8] = a[i] % 4294967295;
    o[i * 8 + 1] = u[i] % -3;
    o[i * 8 + 2] = a[i] + 3000000000;
    o[i * 8 + 3] = u[i] - 5000000000;
    o[i * 8 + 4] = a[i] * 4294967296;
    o[i * 8 + 5] = u[i] + -1;
    o[i * 8 + 6] = u[i] % 4294967295;
    o[i * 8 + 7] = (a[i] * 2654435761) >>> 0;
  }
}`,
      args: () => [i32s(), u32s(), new Float64Array(ints.length * 8)],
    },
  ]);
});

describe('powers, mixed comparisons and Math on integers', () => {
  agree([
    {
      name: 'agree with JavaScript',
      text: `function k(a, u, f, o) {
  for (let i = 0; i < a.length; i++) {
    const j = a.length - 1 - i;
    o[i * 8] = a[i] ** a[j];
    o[i * 8 + 1] = u[i] < a[j];
    o[i * 8 + 2] = u[i] == a[j];
    o[i * 8 + 3] = Math.fround(f[i]);
    o[i * 8 + 4] = f[i] ** 0.5;
    o[i * 8 + 5] = a[i] ** 0.5;
    o[i * 8 + 6] = Math.imul(a[i], u[j]);
    o[i * 8 + 7] = Math.clz32(f[i]);
  }
}`,
      args: () => [
        Int32Array.of(0, -2, 3, -1, 2, 31, -3),
        Uint32Array.of(0, 4294967295, 3, 1, 2, 7, 5),
        Float64Array.of(-0, 0.1, 1e40, Number.NEGATIVE_INFINITY, Number.NaN, 2 ** -149, -1),
        new Float64Array(56),
      ],
    },
    {
      // LLVM rewrites pow(2, n) into ldexp(1, n) and pow(10, n) into exp10(n): the native
      // module must link them (the launch failed with "calls 'ldexp', which is not defined").
      // Powers of 10 stay where both are exact (V8's 10 ** -5 is 1 ulp off).
      name: 'powers of 2 and 10 with integer exponents, which LLVM turns into ldexp and exp10',
      text: `function k(n, o) {
  for (let i = 0; i < n.length; i++) {
    o[i * 4] = 2 ** n[i];
    o[i * 4 + 1] = Math.pow(2, n[i]);
    o[i * 4 + 2] = 10 ** (n[i] & 15);
    o[i * 4 + 3] = Math.pow(10, n[i] & 7);
  }
}`,
      args: () => [Int32Array.of(0, 1, -1, 10, 52, 1023, 1024, -1074, -1075, 22, -5), new Float64Array(44)],
    },
    {
      // C's pow gives 1 for pow(1, NaN) and pow(-1, ±Infinity); JavaScript's ** gives NaN.
      name: 'a base of ±1 to a NaN or infinite power is NaN, in f64 and f32',
      text: `function k(x, y, o, p) {
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < y.length; j++) {
      o[i * y.length + j] = x[i] ** y[j];
      p[i * y.length + j] = Math.pow(Math.fround(x[i]), Math.fround(y[j]));
    }
  }
}`,
      args: () => [
        Float64Array.of(1, -1, 2, 0.5, Number.NaN, 0, -0),
        Float64Array.of(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 2, 0.5),
        new Float64Array(49),
        new Float32Array(49),
      ],
    },
  ]);
});

describe('BigInt literals out of the other operand range', () => {
  agree([
    {
      name: 'wrap modulo 2^64 where the result is the same either way',
      text: `function k(u, a, o, p) {
  o[0] = u[0] + -1n;
  o[1] = u[0] & -2n;
  o[2] = u[0] * 18446744073709551617n;
  p[0] = a[0] - 18446744073709551617n;
  p[1] = a[0] ^ 9223372036854775808n;
}`,
      args: () => [BigUint64Array.of(7n), BigInt64Array.of(5n), new BigUint64Array(3), new BigInt64Array(2)],
    },
  ]);

  const refused = [
    ['u[0] < -1n', '-1n'],
    ['u[0] % -3n', '-3n'],
    ['u[0] >> -1n', '-1n'],
    ['a[0] <= 9223372036854775808n', '9223372036854775808n'],
    ['a[0] / 18446744073709551617n', '18446744073709551617n'],
  ] as const;
  for (const [expression, literal] of refused) {
    it(`refuse ${expression}, whose result the wrapped literal would change`, () => {
      const text = `function k(u, a, o) {\n  o[0] = BigInt(${expression} ? 1 : 0);\n}`;
      const column = text.split('\n')[1]?.indexOf(literal) ?? -1;
      expect(() =>
        launchNative(
          { text, file: 'literal.js' },
          { grid: 1, block: 1 },
          BigUint64Array.of(7n),
          BigInt64Array.of(5n),
          new BigInt64Array(1),
        ),
      ).toThrow(
        expect.objectContaining({
          code: 'type-mismatch',
          location: { file: 'literal.js', line: 2, column: column + 1 },
        }),
      );
    });
  }
});

describe('integers compared with f32s', () => {
  agree([
    {
      name: 'compare exactly, as JavaScript, where rounding the integer to f32 would tie',
      text: `function k(a, u, f, o) {
  for (let i = 0; i < a.length; i++) {
    o[i * 6] = a[i] < f[i];
    o[i * 6 + 1] = a[i] == f[i];
    o[i * 6 + 2] = f[i] >= a[i];
    o[i * 6 + 3] = a[i] != f[i];
    o[i * 6 + 4] = u[i] > f[i];
    o[i * 6 + 5] = f[i] <= u[i];
  }
}`,
      args: () => [
        Int32Array.of(2147483647, 16777217, -16777217, 5, 0, -2147483648, 7),
        Uint32Array.of(4294967295, 16777217, 16777215, 5, 0, 2147483648, 3),
        Float32Array.of(
          2147483648,
          16777216,
          -16777216,
          Number.NaN,
          -0,
          -2147483648,
          Number.POSITIVE_INFINITY,
        ),
        new Uint8Array(42),
      ],
    },
    {
      name: 'and with integer constants no f32 equals',
      text: `function k(f, o) {
  for (let i = 0; i < f.length; i++) {
    o[i * 4] = f[i] < 16777217;
    o[i * 4 + 1] = 16777217 > f[i];
    o[i * 4 + 2] = f[i] == 16777217;
    o[i * 4 + 3] = f[i] >= 2147483647;
  }
}`,
      args: () => [Float32Array.of(16777216, 16777218, 2147483648, -0, Number.NaN), new Uint8Array(20)],
    },
    {
      name: 'u32 and narrow integers with integer constants at the edges of their ranges',
      text: `function k(u, b, o) {
  for (let i = 0; i < u.length; i++) {
    const v = u[i] >>> 0;
    o[i * 8] = v < 256;
    o[i * 8 + 1] = v > 2147483647;
    o[i * 8 + 2] = v === 4294967295;
    o[i * 8 + 3] = 0 >= v;
    o[i * 8 + 4] = v >= -1;
    o[i * 8 + 5] = b[i] === 255;
    o[i * 8 + 6] = b[i] > -1;
    o[i * 8 + 7] = v < 4294967296;
  }
}`,
      args: () => [
        Int32Array.of(0, 255, 256, -1, -2147483648, 2147483647),
        Uint8Array.of(0, 255, 1, 128, 254, 7),
        new Uint8Array(48),
      ],
    },
    {
      name: 'and with float constants: between two f32s, past the largest, below the smallest, -0 and NaN',
      text: `function k(f, o) {
  for (let i = 0; i < f.length; i++) {
    const x = f[i];
    o[i * 12] = x < 0.1;
    o[i * 12 + 1] = x <= 0.1;
    o[i * 12 + 2] = 0.1 < x;
    o[i * 12 + 3] = 0.1 >= x;
    o[i * 12 + 4] = x != 0.1;
    o[i * 12 + 5] = x > 1e39;
    o[i * 12 + 6] = x < -1e39;
    o[i * 12 + 7] = x < 1e-50;
    o[i * 12 + 8] = x > -1e-50;
    o[i * 12 + 9] = x === -0;
    o[i * 12 + 10] = x < NaN || x != NaN;
    o[i * 12 + 11] = x >= 0.5;
  }
}`,
      args: () => [
        Float32Array.of(
          0.1,
          0.09999999403953552,
          0.10000000149011612,
          -0,
          0,
          2 ** -149,
          -(2 ** -149),
          3.4028234663852886e38,
          Number.POSITIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
          Number.NaN,
          0.5,
        ),
        new Uint8Array(144),
      ],
    },
  ]);
});
