// Kernels the front end once compiled wrongly or refused: each runs natively and as plain
// JavaScript on copies of the same arguments, and the results must be equal (Object.is per
// element, so a lost -0 or a NaN counts).
import { describe, expect, it } from 'vitest';
import { launchNative, runReference, view } from '../../src/index.js';

type Arg =
  | number
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | BigInt64Array
  | BigUint64Array;

const copy = (args: Arg[]) => args.map((a) => (typeof a === 'number' ? a : a.slice()));

/** Runs a one-thread kernel natively and in JavaScript; returns both argument lists. */
function both(text: string, args: Arg[], scope: Record<string, unknown> = {}) {
  const native = copy(args);
  launchNative({ text, file: 'against-js.js' }, { grid: 1, block: 1, scope }, ...native);
  const names = Object.keys(scope);
  const js = copy(args);
  new Function(...names, `return ${text}`)(...names.map((n) => scope[n]))(...js);
  return { native, js };
}

function expectSame(text: string, args: Arg[], scope: Record<string, unknown> = {}) {
  const { native, js } = both(text, args, scope);
  const plain = (list: Arg[]) =>
    list.map((a) =>
      typeof a === 'number'
        ? a
        : Array.from(a as ArrayLike<number | bigint>, (v) => (Object.is(v, -0) ? '-0' : v)),
    );
  expect(plain(native)).toEqual(plain(js));
}

describe('merges of values converted at a join (codegen order of blocks)', () => {
  it('a ternary of i32 merged into an f64 variable in a loop', () => {
    expectSame(
      `function k(d, a, out) {
        let v = d[0];
        for (let i = 0; i < 3; i++) v = a[0] > 1 ? a[0] : a[1];
        out[0] = v;
      }`,
      [new Float64Array([1.5]), new Int32Array([5, 7]), new Float64Array(1)],
    );
  });

  it('nested loops with breaks and a promoted ternary', () => {
    expectSame(
      `function k(d, a, out) {
        let v = d[0];
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 4; j++) {
            if (j > i) break;
            v = a[j] > 2 ? a[j] : a[0];
            if (v > 3) break;
          }
          out[i] = v;
        }
      }`,
      [new Float64Array([0.5]), new Int32Array([1, 2, 3, 4]), new Float64Array(4)],
    );
  });

  it('a switch in a loop assigning integers to a float variable', () => {
    expectSame(
      `function k(d, a, out) {
        let v = d[0];
        for (let i = 0; i < 5; i++) {
          switch (a[i]) {
            case 1: v = a[i] + 1; break;
            case 2: v = a[i] > 0 ? a[i] * 3 : a[0]; continue;
            default: v = v + 0.5;
          }
          out[i] = v;
        }
      }`,
      [new Float64Array([0.25]), new Int32Array([1, 2, 3, 1, 2]), new Float64Array(5)],
    );
  });

  it('a while loop whose variable takes an u32 on one arm', () => {
    expectSame(
      `function k(u, a, out) {
        let v = a[0];
        let i = 0;
        while (i < 4) {
          v = (i & 1) === 0 ? u[i] : (a[i] > 0 ? a[i] : v);
          i++;
        }
        out[0] = v;
      }`,
      [new Uint32Array([4294967295, 1, 2, 3]), new Int32Array([-1, 2, -3, 4]), new Float64Array(1)],
    );
  });
});

describe('a variable assigned i32, u32 and f32 on different paths', () => {
  const orders = ['a[0]', 'u[0]', 'f[0]'];
  const permutations = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ];
  it.each(permutations.map((p) => [p.map((i) => orders[i]).join(', '), p] as const))(
    'keeps every value exact, in order %s',
    (_name, permutation) => {
      const [x, y, z] = permutation.map((i) => orders[i]);
      for (const c of [1, 2, 3]) {
        expectSame(
          `function k(a, u, f, c, out) {
            let v = 0;
            if (c === 1) v = ${x}; else if (c === 2) v = ${y}; else v = ${z};
            out[0] = v;
          }`,
          [
            new Int32Array([-2147483647]),
            new Uint32Array([4294967295]),
            new Float32Array([0.1]),
            c,
            new Float64Array(1),
          ],
        );
      }
    },
  );
});

describe('|| && and ?? yield an operand, as in JavaScript', () => {
  const args = () => [
    new Float64Array([0, 2.5, -1, Number.NaN]),
    new Int32Array([0, 3]),
    new Float64Array(12),
  ];
  it('on numbers, with the operands promoted', () => {
    expectSame(
      `function k(x, n, out) {
        out[0] = x[0] || 5;
        out[1] = x[1] || 5;
        out[2] = x[1] && 7;
        out[3] = x[0] && 7;
        out[4] = n[0] || x[1];
        out[5] = n[1] && x[2];
        out[6] = x[3] || n[1];
        out[7] = x[3] && n[1];
        out[8] = x[1] ?? 9;
        out[9] = n[0] ?? 9;
        out[10] = (n[0] || n[1]) + 0.5;
        out[11] = x[0] || n[0] || x[2];
      }`,
      args(),
    );
  });

  it('on booleans, and as conditions of any operands', () => {
    expectSame(
      `function k(x, n, out) {
        const p = x[1] > 0;
        const q = n[0] > 0;
        out[0] = (p || q) ? 1 : 2;
        out[1] = (p && q) ? 1 : 2;
        if (x[1] > 0 || n[0]) out[2] = 3;
        if (n[1] && x[3] < 1) out[3] = 4;
        out[4] = !(n[0] || x[0]) ? 5 : 6;
        let i = 0;
        while (i < 3 && (x[i] || n[0] === 0)) i++;
        out[5] = i;
      }`,
      args(),
    );
  });

  it('as statements, for their effects: operands and arms of any types, calls with no value', () => {
    // A minifier's `p && f()` and `c ? (a = x) : (b = y)`: the value is discarded, so nothing
    // merges a boolean with a number, or a call that returns nothing with anything.
    const mark = new Function('return function mark(out, k) { out[k] = -1; }')();
    expectSame(
      `function k(x, n, out) {
        let v = 0;
        let b = false;
        const p = x[1] > 0;
        p && (v = n[1] * 2);
        p || (b = true);
        x[2] > 0 ? (v += 1) : (b = !b);
        n[0] || mark(out, 9);
        x[1] > 2 ? mark(out, 10) : (v = 3.5);
        (v, b) && (v += 10, mark(out, 11));
        out[0] = v;
        out[1] = b ? 1 : 0;
      }`,
      args(),
      { mark },
    );
  });
});

describe('negative zero', () => {
  it('written as a literal, folded from constants, or passed in, keeps its sign', () => {
    const text = `function k(x, z, out) {
      out[0] = Math.atan2(0, -0);
      out[1] = -0;
      out[2] = 0 * -1;
      out[3] = Math.atan2(0, 0 * -1);
      out[4] = 1 / -0;
      out[5] = Math.atan2(0, z);
      out[6] = Math.atan2(0, negativeZero);
      out[7] = -0.0;
      out[8] = x[0] + -0;
      out[9] = -(0);
      out[x[-0] === 0 ? 0 : 0] += x[8 / 4 - 2];
    }`;
    expectSame(text, [new Float64Array([-0]), -0, new Float64Array(10)], { negativeZero: -0 });
  });

  it('of an integer passes through unary plus (+(-i), found by the fuzzer)', () => {
    const text = `function k(n, out, f) {
      const i = n[0];
      const t = -i;
      out[0] = +(-i);
      out[1] = +t;
      out[2] = +(+(-i)) * 1;
      f[0] = +(-i);
    }`;
    expectSame(text, [new Int32Array([0]), new Float64Array(3), new Float32Array(1)]);
  });
});

describe('constant expressions fold as JavaScript computes them', () => {
  it('with exact values where the literals alone would overflow i32', () => {
    expectSame(
      `function k(out) {
        out[0] = 65536 * 65536;
        out[1] = 2147483647 + 1;
        out[2] = -2147483648 - 1;
        out[3] = 1 << 31;
        out[4] = -1 >>> 0;
        out[5] = 7 / 2;
        out[6] = 2 ** 40;
        out[7] = (5 / 2) | 0;
        out[8] = 4294967295;
        out[9] = -7 % 4;
      }`,
      [new Float64Array(10)],
    );
  });

  it('and an integer with a literal past i32 computes exactly', () => {
    expectSame(
      `function k(n, out) {
        out[0] = n[0] + 4294967295;
        out[1] = n[0] * 3000000000;
        out[2] = n[0] < 3000000000 ? 1 : 0;
      }`,
      [new Int32Array([5]), new Float64Array(3)],
    );
  });
});

describe('array lengths given by constant expressions', () => {
  it('local arrays: products, shifts, kernel constants and scope numbers', () => {
    expectSame(
      `function k(out) {
        const N = 4;
        const a = new Float32Array(3 * 3);
        const b = new Int32Array(1 << 3);
        const c = new Float64Array(N * 2 + 1);
        const d = new Float64Array(SIZE);
        const e = new Int32Array(SIZE / 2 + N);
        const f = new Float32Array(Math.ceil(SIZE / 4) + Math.max(1, N) + table.length);
        for (let i = 0; i < a.length; i++) a[i] = i;
        for (let i = 0; i < b.length; i++) b[i] = i * 2;
        for (let i = 0; i < c.length; i++) c[i] = i + 0.5;
        for (let i = 0; i < d.length; i++) d[i] = -i;
        for (let i = 0; i < e.length; i++) e[i] = 7;
        out[0] = a.length + b.length * 100 + c.length * 10000 + d.length * 1e6 + e.length * 1e8;
        out[2] = f.length;
        out[1] = a[8] + b[7] + c[8] + d[5] + e[e.length - 1];
      }`,
      [new Float64Array(3)],
      { SIZE: 6, table: new Float32Array(5) },
    );
  });

  it('shared arrays, as the reference runner computes them', () => {
    const text = `function k(out) {
      const N = 8;
      const t = gpu.threadIdx.x;
      const tile = gpu.sharedArray(Float32Array, 32 * 33);
      const row = gpu.sharedArray(Int32Array, 1 << N);
      const scoped = gpu.sharedArray(Float64Array, SIZE * 2);
      tile[t * 33] = t;
      row[t] = t * 3;
      scoped[t] = t + 0.25;
      gpu.barrier();
      out[t] = tile[(31 - t) * 33] + row[31 - t] + scoped[31 - t] + tile.length + row.length * 1e4 + scoped.length * 1e7;
    }`;
    const kernel = { text, file: 'shared.js' };
    const native = new Float64Array(32);
    const reference = new Float64Array(32);
    launchNative(kernel, { grid: 1, block: 32, scope: { SIZE: 16 } }, native);
    runReference(kernel, { grid: 1, block: 32, scope: { SIZE: 16 } }, [reference]);
    expect(Array.from(native)).toEqual(Array.from(reference));
    expect(native[0]).toBe(31 + 93 + 31.25 + 1056 + 256e4 + 32e7);
  });

  it('shared arrays whose constant lengths are f64 values: divisions, Math.ceil, powers, 1e3', () => {
    const text = `function k(out) {
      const t = gpu.threadIdx.x;
      const a = gpu.sharedArray(Float32Array, Math.ceil(SIZE / 30));
      const b = gpu.sharedArray(Int32Array, 2 ** 5);
      const c = gpu.sharedArray(Float64Array, SIZE / 4);
      const d = gpu.sharedArray(Uint8Array, 1e3);
      if (t < a.length) a[t] = t;
      b[t] = t * 3;
      c[t] = t + 0.5;
      d[t * 31] = t;
      gpu.barrier();
      out[t] = a[t % a.length] + b[31 - t] + c[31 - t] + d[(31 - t) * 31];
      if (t === 0) out[32] = a.length + b.length * 1e3 + c.length * 1e6 + d.length * 1e9;
    }`;
    const kernel = { text, file: 'float-lengths.js' };
    const [native, reference] = [new Float64Array(33), new Float64Array(33)];
    launchNative(kernel, { grid: 1, block: 32, scope: { SIZE: 128 } }, native);
    runReference(kernel, { grid: 1, block: 32, scope: { SIZE: 128 } }, [reference]);
    expect(Array.from(native)).toEqual(Array.from(reference));
    expect(native[32]).toBe(5 + 32e3 + 32e6 + 1e12);
  });
});

describe('tuples indexed with a variable', () => {
  it('a constant stencil in a loop, literal and captured', () => {
    expectSame(
      `function k(x, out) {
        const w = [1, 2, 1];
        const m = [0.5, -1, 2.25, 4];
        const mixed = [3, 0.5];
        const u = [u0, 1];
        for (let i = 0; i < 4; i++) {
          let s = 0;
          for (let k = 0; k < 3; k++) s += w[k] * x[i + k];
          out[i] = s;
          out[4 + i] = m[i] + weights[i % 2];
          out[8 + i] = mixed[i & 1] + u[i >> 1];
        }
      }`,
      [new Float64Array([1, 2, 3, 4, 5, 6]), new Float64Array(12)],
      { weights: [0.25, 8], u0: 4294967295 },
    );
  });

  it('booleans and a u32 index', () => {
    expectSame(
      `function k(n, out) {
        const flags = [true, false, true];
        for (let i = 0; i < 3; i++) out[i] = flags[n[i]] ? 1 : 2;
      }`,
      [new Uint32Array([2, 1, 0]), new Float64Array(3)],
    );
  });

  it('past the end of a float tuple: NaN in arithmetic as undefined is, not equal to itself (docs/language.md)', () => {
    const { native, js } = both(
      `function k(o, n) {
        const W = [0.25, 0.5, 1.5];
        const w = W[n];
        o[0] = w * 2;
        o[1] = W[n] ?? 7;
        o[2] = w < 1 ? 1 : 0;
        o[3] = w !== w ? 1 : 0;
        o[4] = Number.isNaN(w) ? 1 : 0;
      }`,
      [new Float64Array(5), 3],
    );
    const [gpuc, plain] = [Array.from(native[0] as Float64Array), Array.from(js[0] as Float64Array)];
    expect(gpuc.slice(0, 3)).toEqual(plain.slice(0, 3));
    // The divergence the docs state: JavaScript's undefined equals itself and is no NaN to
    // Number.isNaN; the NaN read here is neither.
    expect([gpuc.slice(3), plain.slice(3)]).toEqual([
      [1, 1],
      [0, 0],
    ]);
  });
});

describe('labelled statements that are not loops', () => {
  it('break out of a labelled if, expression statement, block and try-free nesting', () => {
    expectSame(
      `function k(x, out) {
        for (let i = 0; i < 4; i++) {
          let v = 0;
          check: if (x[i] > 0) {
            v = 1;
            if (x[i] > 2) break check;
            v = 2;
          } else {
            v = 3;
            if (x[i] < -2) break check;
            v = 4;
          }
          outer: {
            inner: if (v > 1) {
              v += 10;
              break outer;
            }
            v += 100;
          }
          skip: out[i] = v;
          both: twice: {
            if (v > 100) break both;
            v += 1000;
            break twice;
          }
          out[4 + i] = v;
        }
      }`,
      [new Float64Array([1, 3, -1, -3]), new Float64Array(8)],
    );
  });
});

describe('loop counters that JavaScript carries past the range of i32', () => {
  it('stop where JavaScript stops (bounded here so that a wrap shows as a count, not a hang)', () => {
    expectSame(
      `function k(u, n, out) {
        let count = 0;
        for (let i = 0; i < 3e9 && count < 10; i += 1000000000) count++;
        out[0] = count;
        count = 0;
        for (let i = 0; i < u[0] && count < 10; i += 1000000000) count++;
        out[1] = count;
        count = 0;
        for (let i = 2147483600; i < 2147483700 && count < 1000; i++) count++;
        out[2] = count;
        count = 0;
        for (let v = u[1]; v >= 0 && count < 10; v--) count++;
        out[3] = count;
        count = 0;
        let j = 0;
        while (j * 2 < 5000000000 && count < 10) { j += 1000000000; count++; }
        out[4] = count;
        count = 0;
        for (let i = 0; i < n[0]; i++) count++;
        out[5] = count;
        count = 0;
        for (let i = 0; i < n[0] / 2; i++) count += u[i + 1] + u[i * 1];
        out[6] = count;
        count = 0;
        for (let i = 0; i < 4; i++) if (i < 0.5 * n[0]) count += u[i];
        out[7] = count;
        count = 0;
        let m = 0;
        while (count < 10) {
          if (m >= 3e9) break;
          m += 1000000000;
          count++;
        }
        out[8] = count;
      }`,
      [new Uint32Array([4000000000, 3, 5, 6, 7]), new Int32Array([7]), new Float64Array(9)],
    );
  });
});

describe('u32 counters that JavaScript carries below 0', () => {
  it('stop where JavaScript stops, compared with a constant or a variable (bounded, so a wrap is a count)', () => {
    expectSame(
      `function k(u, out) {
        let count = 0;
        for (let v = u[0]; v >= 1 && count < 100; v -= 2) count++;
        out[0] = count;
        count = 0;
        let w = u[0];
        while (count < 100) {
          if (w < 1) break;
          w -= 2;
          count++;
        }
        out[1] = count;
        out[2] = w;
        count = 0;
        for (let v = u[1]; v > 2 && count < 100; v -= 5) count++;
        out[3] = count;
        count = 0;
        for (let v = u[0]; v < 100 && count < 100; v += 7) count++;
        out[4] = count;
        count = 0;
        const lo = u[2];
        for (let v = u[0]; v >= lo && count < 100; v--) count++;
        out[5] = count;
      }`,
      [new Uint32Array([5, 8, 0]), new Float64Array(6)],
    );
  });
});

describe('booleans stored into number arrays', () => {
  it('store 1 and 0, constant or computed', () => {
    expectSame(
      `function k(x, f, i, n) {
        x[0] = true;
        x[1] = false;
        x[2] = n > 0;
        f[0] = true;
        f[1] = n < 0;
        i[0] = true;
        i[1] = n === 2;
      }`,
      [new Float64Array(3), new Float32Array(2), new Int32Array(2), 2],
    );
  });
});

describe('compound assignments and updates of an element', () => {
  it('evaluate the array and the index once', () => {
    expectSame(
      `function k(x, out) {
        let i = 0;
        x[i++] += 10;
        x[i++]++;
        --x[i++];
        let j = 1;
        x[++j] *= 3;
        let a = 0;
        out[a++] = x[0];
        out[a++] ||= 7;
        out[a++] &&= 8;
        out[3] = i * 10 + j * 100 + a;
        let m = 0;
        x[m++] = m;
        x[m] = m++;
      }`,
      [new Float64Array([1, 2, 3, 4, 5]), new Float64Array([0, 0, 5, 0])],
    );
  });

  it('logical assignments to variables', () => {
    expectSame(
      `function k(x, out) {
        let a = x[0];
        a ||= 5;
        let b = x[1];
        b ||= 5;
        let c = x[0];
        c &&= 7;
        let d = x[1];
        d &&= 7;
        let e = x[0];
        e ??= 9;
        out[0] = a; out[1] = b; out[2] = c; out[3] = d; out[4] = e;
      }`,
      [new Float64Array([0, 2.5]), new Float64Array(5)],
    );
  });
});

describe('logical assignments to an element store the value, converted by the array', () => {
  // As a statement only the store happens: the old element and the value are not merged, so
  // an i64 into a u64[], or a boolean into a number array, is stored as JavaScript stores it.
  const statement = (value: (i: number) => string) =>
    `function k(a, b) { a[0] ||= ${value(0)}; a[1] ||= ${value(1)}; a[2] &&= ${value(2)}; a[3] &&= ${value(3)}; a[4] ??= ${value(4)}; }`;
  const numbers = [
    Int8Array,
    Uint8Array,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
  ];
  const bigints = [BigInt64Array, BigUint64Array];

  it.each(numbers.flatMap((A) => numbers.map((B) => [A.name, B.name, A, B] as const)))(
    '%s ||= &&= ??= %s',
    (_a, _b, A, B) => {
      expectSame(
        statement((i) => `b[${i}]`),
        [A.from([0, 3, 0, 5, 7]), B.from([-1.5, 300, 2, -200.5, 9])],
      );
    },
  );

  it.each(bigints.flatMap((A) => bigints.map((B) => [A.name, B.name, A, B] as const)))(
    '%s ||= &&= ??= %s',
    (_a, _b, A, B) => {
      const args = () => [A.from([0n, 3n, 0n, 5n, 7n]), B.from([2n ** 63n - 1n, 9n, 2n, 2n ** 62n, 9n])];
      expectSame(
        statement((i) => `b[${i}]`),
        args(),
      );
      expectSame(
        statement((i) => `-b[${i}] - 1n`),
        args(),
      );
    },
  );

  it('a boolean into a number array, and in a for loop update', () => {
    expectSame(
      'function k(a, b) { a[0] ||= true; a[1] &&= b[1] > 0; for (let i = 2; i < 4; a[i] ||= b[i] < 0, i++) {} }',
      [new Int32Array([0, 1, 0, 5]), new Float64Array([-2.5, 3, -1, 0])],
    );
  });

  it('into a variable, merges as an if would (a value of one type, refused otherwise)', () => {
    const text = 'function k(a, b) { let x = a[0]; x ||= b[0]; a[1] = x; }';
    expect(() =>
      launchNative(
        { text, file: 'against-js.js' },
        { grid: 1, block: 1 },
        new BigUint64Array(2),
        new BigInt64Array(1),
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'unstable-type',
        message: expect.stringContaining('this value is u64 on one path and i64 on another'),
      }),
    );
    expectSame(text, [new Int32Array([0, 4]), new Float64Array([-2.5])]);
  });

  it('as a value, the old element or the value itself', () => {
    expectSame('function k(a, b) { b[2] = (a[0] ||= b[0]) + (a[1] &&= b[1]); b[3] = (a[2] ??= b[0]); }', [
      new Int32Array([0, 5, 7]),
      new Float64Array([-2.5, 3.25, 0, 0]),
    ]);
  });
});

describe('the length of a tuple', () => {
  it('is its number of elements', () => {
    expectSame(
      `function k(out) {
        const t = [5, 6, 7, 8];
        out[0] = t.length;
        out[1] = [1, 2, 3].length;
        out[2] = table.length;
      }`,
      [new Float64Array(3)],
      { table: [4, 5, 9] },
    );
  });
});

describe('a negative integer literal meeting a u32', () => {
  it('merges and computes exactly instead of wrapping the literal', () => {
    expectSame(
      `function k(u, c, out) {
        let v = -1;
        if (c > 0) v = u[0];
        out[0] = v;
        let w = u[1];
        if (c > 1) w = -5;
        out[1] = w;
        out[2] = u[1] + -3;
        out[3] = c > 2 ? u[0] : -7;
        out[4] = u[1] * -2;
      }`,
      [new Uint32Array([4294967295, 2]), 0, new Float64Array(5)],
    );
  });
});

describe('an unlabelled break inside a labelled block', () => {
  it('leaves the enclosing loop, not the block', () => {
    expectSame(
      `function k(out) {
        let n = 0;
        for (let i = 0; i < 5; i++) {
          blk: {
            if (i === 2) break;
            n += 1;
          }
          check: if (i < 10) {
            if (i === 3) break;
            n += 10;
          }
          n += 100;
        }
        out[0] = n;
      }`,
      [new Float64Array(1)],
    );
  });
});

describe('variables that hold only literals take the default type', () => {
  it('a loop counter meeting a u32 computes in f64, as JavaScript does', () => {
    expectSame(
      `function k(a, out) {
        let s = 0;
        for (let j = 0; j < 3; j++) s = j + a[0];
        out[0] = s;
        let t = 0.5;
        if (a[1] > 0) t = 1.5;
        out[1] = Math.fround(a[2]) * t;
        let n = 0;
        n = n - 1;
        out[2] = n + a[0];
      }`,
      [new Uint32Array([4294967295, 1, 3]), new Float64Array(3)],
    );
  });
});

describe('members read by a constant string key, as after a dot', () => {
  const ops = { f: (x: number) => x * 2, g: (x: number) => x + 1 };
  const rec = { x: 3, y: 4.5, inner: { z: 6 } };
  const KEY = 'y';

  it.each([
    "function k(a) { a[0] = ops['f'](a[0]) + ops[`g`](a[1]); }",
    "function k(a) { const F = 'g'; a[0] = ops[F](a[0]); }",
    "function k(a) { a[0] = rec['x'] + rec['inner']['z']; a[1] = rec[('y')]; }",
    "function k(a) { const K = 'x'; const o = { p: 2, q: a[1] }; a[0] = rec[K] + o['q']; }",
    "function k(a) { const { ['y']: y } = rec; a[0] = y; a[1] = a['length']; a['2'] = a['0']; }",
    "function k(a) { a[0] = Math['max'](a[0], 7) + gpu['threadIdx'].x; }",
    "function k(a) { const k = 'length'; a[1] = a[k] + [1, 2, 3]['length']; }",
    'function k(a) { a[0] = rec[KEY] * ops[OP](a[1]); a[1] = pick(rec); }',
    // Namespaces' members, keyed by a const or a string of the scope.
    "function k(a) { const K = 'max'; a[0] = Math[K](a[0], 7) + Math[MIN](a[1], -1) + Math[PI]; }",
    "function k(a) { const X = 'x'; a[1] = gpu[G][X] + gpu[G].x + gpu.threadIdx[AX] + Number[EPS]; }",
    "function k(a) { const G = 'threadIdx'; const { [AX]: t } = gpu[G]; const { [KEY]: y, [`x`]: x } = rec; a[2] = t + y + x; }",
  ])('%s', (text) => {
    const scope = {
      ops,
      rec,
      KEY,
      OP: 'g',
      MIN: 'min',
      PI: 'PI',
      EPS: 'EPSILON',
      AX: 'x',
      G: 'threadIdx',
      pick: (r: typeof rec) => r[KEY],
      gpu: { threadIdx: { x: 0 } },
    };
    expectSame(text, [new Float64Array([1.5, -2, 0])], scope);
  });

  it('refuses a number held in a string as an index, at the key', () => {
    const text = 'function k(a) { a[0] = a[KEY]; }';
    expect(() =>
      launchNative(
        { text, file: 'against-js.js' },
        { grid: 1, block: 1, scope: { KEY: '1' } },
        new Float64Array(2),
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'bad-index',
        message: expect.stringContaining("the key '1' is a number held in a string"),
      }),
    );
  });

  it.each([
    ['a[0] = Math[K](a[0])', { K: 'nope' }, 'unknown-name', "Math has no member 'nope'", 'Math[K](a[0])'],
    [
      "a[0] = Math[a[0] > 0 ? 'max' : 'min'](a[0], 1)",
      {},
      'bad-index',
      'a member of Math is named by a constant string key',
      "a[0] > 0 ? 'max' : 'min'",
    ],
    [
      'a[0] = gpu.threadIdx[AX]',
      { AX: 'w' },
      'unknown-name',
      "gpu.threadIdx has no member 'w'",
      'gpu.threadIdx[AX]',
    ],
    [
      "console[K]('%d', a[0])",
      { K: 'log' },
      'unsupported',
      'console.log is called by its name',
      'console[K]',
    ],
    ['Math[K] = 1', { K: 'PI' }, 'invalid-assignment', "Math's members are read-only", 'Math[K]'],
    // Stores by a constant key: as reads, a number held in a string is refused, and `length`.
    ['a[K] = 5', { K: '1' }, 'bad-index', "the key '1' is a number held in a string", 'K'],
    ['a[K] = 5', { K: 'length' }, 'invalid-assignment', "an array's length cannot be assigned", 'K'],
    [
      "const k = 'length'; a[k] = 5",
      {},
      'invalid-assignment',
      "an array's length cannot be assigned",
      'a[k]',
    ],
  ])(
    'refuses %s (a member by a key that names none it may use) at its line',
    (statement, scope, code, message, at) => {
      const text = `function k(a) {\n  ${statement};\n}`;
      const column = text.split('\n')[1]?.indexOf(at) ?? -1;
      expect(() =>
        launchNative({ text, file: 'against-js.js' }, { grid: 1, block: 1, scope }, new Float64Array(1)),
      ).toThrow(
        expect.objectContaining({
          code,
          message: expect.stringContaining(message),
          location: expect.objectContaining({ line: 2, column: column + 1 }),
        }),
      );
    },
  );

  it('reads a geometry group keyed by a scope string as a value, as gpu.threadIdx is, for each launch', () => {
    const text = 'function k(a) { const t = gpu[G]; const { y } = gpu[G]; a[0] = t.x + 2 * y + 4 * t.z; }';
    const gpu = { threadIdx: { x: 0, y: 0, z: 0 }, blockDim: { x: 1, y: 1, z: 1 } };
    for (const G of ['threadIdx', 'blockDim', 'threadIdx']) {
      expectSame(text, [new Float64Array([1.5])], { G, gpu });
      const out = new Float64Array(1);
      launchNative({ text, file: 'against-js.js' }, { grid: 1, block: 1, scope: { G } }, out);
      expect(out[0]).toBe(G === 'blockDim' ? 7 : 0);
    }
  });

  it('names the member of each scope a kernel is launched with (Math[K] for K max, then min)', () => {
    const text = 'function k(a) { a[0] = Math[K](a[0], 7); }';
    for (const K of ['max', 'min', 'max']) expectSame(text, [new Float64Array([1.5])], { K });
  });

  it('refuses a key computed as the kernel runs, at the key', () => {
    const text = "function k(a) { const key = a[0] > 0 ? 'x' : 'y'; a[0] = rec[key]; }";
    expect(() =>
      launchNative(
        { text, file: 'against-js.js' },
        { grid: 1, block: 1, scope: { rec } },
        new Float64Array(1),
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'bad-index',
        message: expect.stringMatching(
          /a key computed as the kernel runs: members are read by constant names[\s\S]*\^\^\^/,
        ),
      }),
    );
  });
});

describe('a record with a field named length', () => {
  it('reads the field after a dot, by a constant key, destructured and in a device function', () => {
    expectSame(
      `function k(x, o) {
        const key = 'length';
        const r = { a: 1, length: x[0] * 2 };
        const { length } = r;
        o[0] = r.length;
        o[1] = r[key] + length;
        o[2] = size(r) + size(x);
      }`,
      [new Float64Array([1.25, 2]), new Float64Array(3)],
      { size: (v: { length: number }) => v.length },
    );
  });
});

describe('a ?? b of an element read: undefined outside the array or tuple, as in JavaScript', () => {
  it('a boundary guard of a stencil reads b at both ends, and no memory outside the array', () => {
    expectSame(
      `function k(x, o) {
        for (let i = 0; i < o.length; i++) o[i] = (x[i - 1] ?? 0) + 10 * x[i] + 100 * (x[i + 1] ?? -1);
      }`,
      [new Float64Array([1, 2, 3, 4]), new Float64Array(4)],
    );
  });

  it('a tuple read with a counter past either end, and nested guards as a condition', () => {
    expectSame(
      `function k(n, o) {
        const t = [1, 2, 3];
        for (let j = -2; j < 5; j++) {
          o[j + 2] = t[j] ?? 9;
          if (t[j + 1] ?? t[j - 1] ?? 0) o[j + 2] += 100;
        }
        o[7] = n[n[0]] ?? n[1] ?? 5;
      }`,
      [new Int32Array([7, 3]), new Int32Array(8)],
    );
  });

  it('a constant index outside the array or tuple, negative or fractional, and chains of guards', () => {
    // x[-1] ?? 1 was a bad-index error (a negative constant), t[5] ?? 9 one too, and in
    // x[-1] ?? x[-2] ?? 7 only the first read was guarded.
    expectSame(
      `function k(x, o) {
        const i = -1;
        const t = [1, 2, 3];
        const a = new Float64Array(3);
        const big = [1n, 2n];
        const flags = [true];
        a[1] = x[0];
        o[0] = x[-1] ?? 1;
        o[1] = x[i] ?? 2;
        o[2] = x[0 - 1] ?? x[-2] ?? 3;
        o[3] = x[1.5] ?? 4;
        o[4] = t[5] ?? t[-1] ?? 5;
        o[5] = a[3] ?? a[1] ?? 6;
        o[6] = Number(big[2] ?? 7n);
        o[7] = (flags[1] ?? true) ? 8 : -8;
        if (x[-1] ?? x[1] ?? 0) o[8] = 9;
      }`,
      [new Float64Array([5, 6]), new Float64Array(9)],
    );
  });

  it('a chain falls through a middle read past its array to the last value, reading no memory outside it', () => {
    // `a ?? b ?? c` is `(a ?? b) ?? c`: `b` out of range is undefined, so the value is `c`.
    expectSame(
      `function k(x, o) {
        for (let i = 0; i < o.length; i++) o[i] = x[i + 3] ?? x[i * 2 - 6] ?? (x[i - 9] ?? x[i + 7]) ?? -1;
      }`,
      [new Float64Array([1, 2, 3]), new Float64Array(8)],
    );
  });

  it('a ??= of an element outside its array runs the right side, which is its value, and stores nothing', () => {
    expectSame(
      `function k(x, o) {
        let v = 0;
        for (let i = -2; i < 6; i++) {
          x[i] ??= v++;
          o[i + 2] = (x[i - 1] ??= 0.5) + v;
        }
      }`,
      [new Float64Array([1, 2, 3]), new Float64Array(8)],
    );
  });

  it('a u32 index and BigInt elements', () => {
    expectSame(
      `function k(x, u, o) {
        o[0] = x[u[0]] ?? -1n;
        o[1] = x[u[0] - 4] ?? -2n;
        o[2] = x[u[1]] ?? -3n;
      }`,
      [new BigInt64Array([5n, 6n]), new Uint32Array([5, 4294967295]), new BigInt64Array(3)],
    );
  });
});

describe('a ?? b of an element read reaching it through other expressions: guarded as a direct read is', () => {
  it('reads past the array through ?:, a sequence, ||, &&, a nested ?? and ??=, reading no memory outside it', () => {
    // Each read was unchecked under ?? unless it was ??'s left operand itself (or a chain's):
    // JavaScript gives undefined ?? d = d outside the array.
    expectSame(
      `function k(a, b, o) {
        let v = 0;
        for (let j = 0; j < 7; j++) {
          o[j] = (j % 2 ? a[j] : b[j + 1]) ?? -1;
          o[j + 7] = (v++, a[j]) ?? -2;
          o[j + 14] = (a[j] || b[j]) ?? -3;
          o[j + 21] = (a[j] && b[j]) ?? -4;
          o[j + 28] = (j > 2 ? a[j + 1] ?? b[j] : a[j - 1]) ?? -5;
          o[j + 35] = (a[j] ??= b[j + 2]) ?? -6;
          o[j + 42] = ((a[j - 1], b[j + 1]) ?? a[j + 1] ?? -7) + v;
        }
      }`,
      [new Float64Array([1, 0, 3, -0]), new Float64Array([4, 5, 0, Number.NaN, 8]), new Float64Array(49)],
    );
  });

  it('as a loop condition, and a constant index past either end through ?:', () => {
    expectSame(
      `function k(a, o) {
        for (let j = 0; j < 5; j++) {
          let s = 0;
          while ((s > 9 ? a[-1] : a[j + s]) ?? 0) s++;
          o[j] = s + ((j > 1 ? a[9] : a[-1]) ?? 10 * j);
        }
      }`,
      [new Int32Array([3, 2, 1]), new Int32Array(5)],
    );
  });

  it('a ??= of a local array at a constant index past its length runs the right side and stores nothing', () => {
    // t[5] ??= 3 was a bad-index error; JavaScript's typed array reads undefined there and
    // ignores the store.
    expectSame(
      `function k(x, o) {
        const t = new Float64Array(4);
        o[0] = t[5] ??= 3;
        t[6] ??= x[0];
        x[-1] ??= 2;
        o[1] = (x[1.5] ??= 4) + t[1];
      }`,
      [new Float64Array([5, 6]), new Float64Array(2)],
    );
  });

  it('a ??= of a tuple element is an invalid-assignment error, as JavaScript would grow the array', () => {
    // t[5] ??= 7 gave 7 and left t as it was, where JavaScript's t[5] is 7 afterwards.
    for (const text of [
      'function k(a, o) { const t = [1, 2, 3]; o[0] = t[5] ??= 7; o[1] = t[5] ?? 9; }',
      'function k(a, o) { const t = [1, 2, 3]; const j = a[0] | 0; t[j] ??= 7; o[0] = t[j] ?? 9; }',
    ])
      expect(() =>
        launchNative(
          { text, file: 'against-js.js' },
          { grid: 1, block: 1 },
          new Float64Array([5]),
          new Float64Array(2),
        ),
      ).toThrow(/tuples and records are immutable.*\[invalid-assignment\]/);
  });

  it('an assignment under ?? of a read that may be undefined is an unsupported error at the read', () => {
    // JavaScript would assign undefined, which no kernel variable or array holds.
    for (const text of [
      'function k(a, o) { let t = 0; o[0] = (t = a[1]) ?? 2; }',
      'function k(a, o) { let t = 0; o[0] = (t ||= a[1]) ?? 2; }',
      'function k(a, o) { o[0] = (o[1] = a[1] || a[2]) ?? 2; }',
    ])
      expect(() =>
        launchNative(
          { text, file: 'against-js.js' },
          { grid: 1, block: 1 },
          new Float64Array(1),
          new Float64Array(2),
        ),
      ).toThrow(/may be outside its array.*\[unsupported\]/);
  });
});

describe('a ??= under ?? whose right side may be undefined: JavaScript stores that undefined', () => {
  it('into a BigInt array is an unsupported error at the read, as its conversion throws', () => {
    // gpuc skipped the store and gave the ?? default, where JavaScript converts the undefined
    // it assigns with ToBigInt (a TypeError), before the index is checked.
    const cases: [string, Arg[]][] = [
      [
        'function k(s, o) { const l = new BigInt64Array(4); o[0] = Number((l[s[0] - 1] ??= l[s[0] + 9]) ?? 7n); }',
        [new Int32Array([0]), new Float64Array(1)],
      ],
      [
        'function k(s, b, o) { o[0] = (s[0] > 0 ? 1n : (b[s[0] - 1] ??= (s[0], b[s[0] + 2]))) ?? 7n; }',
        [new Int32Array([0]), new BigUint64Array(2), new BigUint64Array(1)],
      ],
      [
        'function k(s, b, o) { o[0] = ((b[s[0] - 1] ??= b[s[0] + 2] || b[s[0] + 3]) || 1n) ?? 7n; }',
        [new Int32Array([0]), new BigInt64Array(2), new BigInt64Array(1)],
      ],
    ];
    for (const [text, args] of cases) {
      expect(() => both(text, args)).toThrow(/may be outside its array.*BigInt.*\[unsupported\]/);
      // JavaScript, and the reference runner, which runs it, throw.
      expect(() => new Function(`return ${text}`)()(...copy(args))).toThrow(TypeError);
      expect(() => runReference({ text, file: 'against-js.js' }, { grid: 1, block: 1 }, copy(args))).toThrow(
        /Cannot convert undefined to a BigInt/,
      );
    }
  });

  it('into a number array converts it to NaN or 0, writes nothing there, and gives the default', () => {
    expectSame(
      `function k(s, f, n, o) {
        for (let j = -1; j < 4; j++) {
          o[j + 1] = (f[j] ??= f[j + s[0]]) ?? -1;
          o[j + 6] = (n[j] ??= n[j - s[0]] ?? n[j + 1]) ?? -2;
        }
      }`,
      [new Int32Array([9]), new Float64Array([1.5, 2]), new Int32Array([3, 4, 5]), new Float64Array(11)],
    );
  });
});

describe('the type of a merge does not depend on whether a literal decides it', () => {
  it('?: on a literal condition merges both arms, as on any other condition', () => {
    // false ? u32 : f32 took the f32 arm's type alone, so Math.sin computed in f32; its type
    // is f64 (u32 and f32 merge there), as where the condition is not a literal.
    expectSame(
      `function k(a, o) {
        const x = a[0], n = a[1] >>> 0;
        o[0] = Math.sin(false ? n : Math.fround(x));
        o[1] = Math.sin(true ? Math.fround(x) : n);
        o[2] = Math.sin((x > 1 ? false : true) ? n : Math.fround(x));
      }`,
      [new Float64Array([1.1, 3]), new Float64Array(3)],
    );
  });

  it('the arms of a literal condition of different kinds are an unstable-type error, as elsewhere', () => {
    expect(() =>
      launchNative(
        { text: 'function k(o) { o[0] = true ? 1 : false; }', file: 'against-js.js' },
        { grid: 1, block: 1 },
        new Float64Array(1),
      ),
    ).toThrow(/\[unstable-type\]/);
  });
});

describe('a device function that always throws, used as a value', () => {
  const fail = new Function('return function fail(x) { throw new Error("always"); }')();
  const half = new Function('return function half(x) { if (x > 5) throw new Error("big"); return x / 2; }')();
  const twice = new Function('return function twice(x) { const y = fail(x); return y * 2; }')();

  it('compiles and raises its device exception, as JavaScript throws', () => {
    // The call's value was never-typed: an invalid-assignment error, or a crash merged in a ?:.
    for (const text of [
      'function k(a, o) { const y = fail(a[0]) + 1; o[0] = y; }',
      'function k(a, o) { o[0] = Math.sqrt(twice(a[0])); }',
      'function k(a, o) { if (fail(a[0]) > 1) o[0] = 1; }',
    ]) {
      expect(() =>
        launchNative(
          { text, file: 'against-js.js' },
          { grid: 1, block: 1, scope: { fail, twice } },
          ...[new Float64Array([1]), new Float64Array(1)],
        ),
      ).toThrow(/always/);
    }
  });

  it('on a path not taken, the kernel gives the results of JavaScript', () => {
    expectSame(
      `function k(a, o) {
        o[0] = a[0] > 5 ? fail(a[0]) : 3;
        if (a[0] > 5) o[1] = fail(a[0]) * 2;
        o[2] = half(a[0]) + 1;
        o[3] = a[0] < 0 && twice(a[0]) > 0 ? 1 : 2;
      }`,
      [new Float64Array([1]), new Float64Array(4)],
      { fail, half, twice },
    );
  });
});

describe('two to an integral power, exact at every exponent (exactPowerOfTwo)', () => {
  it('normal, subnormal, underflowing and overflowing powers, in f64 and f32', () => {
    // m * 2 ** e is ldexp written in JavaScript; a device's pow was not exact there (CUDA).
    expectSame(
      `function k(d, s) {
        for (let i = 0; i < d.length; i++) {
          const e = i - 1200;
          d[i] = 2 ** e;
          s[i] = Math.fround(2) ** Math.fround(e);
        }
        d[0] = (2 ** 53 + 2) * 2 ** -1;
        s[0] = 2 ** Infinity + 2 ** -Infinity + 2 ** 0.5;
      }`,
      [new Float64Array(2401), new Float32Array(2401)],
    );
  });
});

describe('records and tuples merge field by field, as numbers do', () => {
  const welford = `function k(x, n, o) {
    let acc = { mean: 0, count: 0 };
    for (let j = 0; j < n; j++) {
      const c = acc.count + 1;
      acc = { mean: acc.mean + (x[j] - acc.mean) / c, count: c };
    }
    o[0] = acc.mean;
    o[1] = acc.count;
  }`;
  const welfordArgs = () => [new Float32Array([1.5, 2.25, 7, -3.125]), 4, new Float64Array(2)] as Arg[];

  it("Welford's running mean in a record whose float field starts as 0", () => {
    expectSame(welford, welfordArgs());
    const [x, n, o] = welfordArgs();
    runReference({ text: welford, file: 'against-js.js' }, { grid: 1, block: 1 }, [x, n, o]);
    expect(o).toEqual(both(welford, welfordArgs()).js[2]);
  });

  it('the arms of ?: and an if, nested records and tuples, a u32 field with an i32', () => {
    const text = `function k(x, u, o) {
      const t = x[0] > 0 ? [1, x[1]] : [x[0], 2];
      let r = { a: { b: 0 }, t: [1, 2] };
      if (x[0] > 1) r = { t: [x[0], 3], a: { b: u[0] } };
      o[0] = t[0]; o[1] = t[1]; o[2] = r.a.b; o[3] = r.t[0]; o[4] = r.t[1];
    }`;
    for (const x of [1.5, -0.75])
      expectSame(text, [new Float32Array([x, 2.25]), new Uint32Array([4000000000]), new Float64Array(5)]);
  });

  it('a tuple carried round a loop through an inner merge', () => {
    const text = `function k(x, o) {
      let r = [0, 0];
      for (let i = 0; i < x.length; i++) {
        let s = r;
        if (x[i] > 1) s = [r[0] + x[i], r[1]];
        else s = [r[0], r[1] + 1];
        r = s;
      }
      o[0] = r[0]; o[1] = r[1];
    }`;
    expectSame(text, [new Float32Array([0.5, 2.5, 3.25]), new Float64Array(2)]);
  });

  it("a device function's returns of records with different number types", () => {
    const pick = (v: number) => {
      if (v > 1) return { m: v, n: 1 };
      return { n: 2.5, m: 0 };
    };
    const text = `function k(x, o) {
      const r = pick(x[0]);
      const s = pick(x[1]);
      o[0] = r.m; o[1] = r.n; o[2] = s.m; o[3] = s.n;
    }`;
    expectSame(text, [new Int32Array([3, -1]), new Float64Array(4)], { pick });
  });
});

describe('a ?? b of a device function call: undefined where the function returns an element outside its array', () => {
  const make = (text: string, ...closed: unknown[]) =>
    new Function('at', `return (${text});`)(...closed) as (...args: never[]) => unknown;
  const at = make('function at(a, j) { return a[j]; }');
  const scope = {
    at,
    first: make(
      'function first(a, t) { for (let k = 0; k < a.length; k++) if (a[k] > t) return a[k + 1]; return a[-1]; }',
    ),
    none: make('function none(a) { return a[-1]; }'),
    nothing: make('function nothing(a) { a[0] = a[0] + 1; }'),
    maybe: make('function maybe(a, j) { if (j > 1) return a[j - 2]; }'),
    apply: make('function apply(f, a, j) { return f(a, j) ?? 7; }'),
    pick: make('(a, j) => (j > 1 ? a[j] : 5)'),
    // Its closure and the kernel's scope hold the same `at`.
    shift: make('function shift(a, j) { return at(a, j + 1); }', at),
  };

  it('reads through returns, nested calls, function values and arrows, reading no memory outside', () => {
    // The call read unchecked past the array: JavaScript gives undefined ?? d = d there.
    expectSame(
      `function k(a, o) {
        for (let j = 0; j < 5; j++) {
          o[j] = first(a, j) ?? -1;
          o[j + 5] = none(a) ?? j;
          o[j + 10] = apply(at, a, j + 1);
          o[j + 15] = (at(a, j) || at(a, j - 2)) ?? -3;
          o[j + 20] = pick(a, j) ?? -4;
          o[j + 25] = ({ g: at }).g(a, j + 2) ?? shift(a, j - 3) ?? -5;
        }
      }`,
      [new Float64Array([1, 3, 2, 4]), new Float64Array(30)],
      scope,
    );
  });

  it('a function returning nothing, on some paths or all, is undefined there; a call outside ?? is unchanged', () => {
    expectSame(
      `function k(a, o) {
        o[0] = nothing(a) ?? 3;
        o[1] = at(a, 1) + (at(a, 2) ?? 0);
        for (let j = 0; j < 4; j++) o[j + 2] = maybe(a, j) ?? -j;
      }`,
      [new Int32Array([1, 3, 2, 4]), new Int32Array(6)],
      scope,
    );
  });
});

describe('a Math.floor, ceil, round or trunc result as an index', () => {
  const positions = new Float64Array([
    0.5,
    1.5,
    2.7,
    -0.2,
    -0.7,
    NaN,
    Infinity,
    -Infinity,
    1e300,
    2 ** 32 + 1,
    3.49,
    -0,
  ]);

  it('indexes as JavaScript does, through variables assigned only such values, NaN and huge ones outside under ??', () => {
    // Each was a bad-index error: the f64 result is integral (or NaN or infinite, outside).
    expectSame(
      `function k(p, x, o) {
        for (let j = 0; j < p.length; j++) {
          const f = Math.floor(p[j]);
          o[j] = x[Math.floor(p[j])] ?? -1;
          o[j + 12] = (x[Math.trunc(p[j] / 2)] ?? -2) + (x[Math.round(p[j])] ?? -3) + (x[Math.ceil(p[j]) - 1] ?? -4);
          let b = 0;
          if (p[j] > 1) b = Math.floor(p[j] * 0.5);
          o[j + 24] = x[b] ?? -5;
          o[j + 36] = x[f + 1] ?? -6;
        }
      }`,
      [positions, new Float64Array([10, 20, 30, 40]), new Float64Array(48)],
    );
  });

  it('linear interpolation inside the array, and a float that may hold a fraction still refused', () => {
    expectSame(
      `function k(p, x, o) {
        for (let j = 0; j < 3; j++) {
          const t = p[j] * 2;
          const i = Math.floor(t);
          o[j] = x[i] + (t - i) * (x[i + 1] - x[i]);
        }
      }`,
      [new Float64Array([0.25, 0.9, 1.3]), new Float32Array([1, 2, 4, 8]), new Float64Array(3)],
    );
    for (const index of ['Math.floor(p[0]) / 2', 'Math.floor(p[0]) + 0.5', 'p[0]'])
      expect(() =>
        launchNative(
          {
            text: `function k(p, o) { let b = Math.floor(p[1]); b = ${index}; o[0] = p[b]; }`,
            file: 'against-js.js',
          },
          { grid: 1, block: 1 },
          new Float64Array(2),
          new Float64Array(1),
        ),
      ).toThrow(/bad-index/);
  });
});

describe('a NaN, infinite or huge float index', () => {
  // Each read, wrote or counted element 0 (ToInt32 wraps them there); JavaScript reads
  // `undefined` and writes nothing: outside every array, so boundsCheck refuses them.
  const outside = [NaN, Infinity, -Infinity, 2 ** 32, 2 ** 32 + 1, -(2 ** 31) - 1, 2 ** 31, 1e300];
  const checked = { grid: 1, block: 1, config: { boundsCheck: true } };
  const run = (text: string, args: unknown[]) => () =>
    launchNative({ text, file: 'outside.js' }, checked, ...args);

  it('is outside the array under boundsCheck: reads, writes, atomics and view indices, f64 and f32', () => {
    for (const Positions of [Float64Array, Float32Array])
      for (const p of outside) {
        const x = new Float64Array([10, 20, 30, 40]);
        const c = new Int32Array(4);
        const o = new Float64Array(1);
        const at = `${Positions.name} ${p}`;
        const read = 'function k(p, x, o) {\n  const i = Math.floor(p[0]);\n  o[0] = x[i];\n}';
        expect(run(read, [new Positions([p]), x, o]), at).toThrow(
          'index out of range (in k at outside.js:3)',
        );
        const write = 'function k(p, x) {\n  x[Math.trunc(p[0]) + 0] = 7;\n}';
        expect(run(write, [new Positions([p]), x]), at).toThrow('index out of range (in k at outside.js:2)');
        const atomic = 'function k(p, c) {\n  gpu.atomicAdd(c, Math.round(p[0]), 1);\n}';
        expect(run(atomic, [new Positions([p]), c]), at).toThrow('index out of range (in k at outside.js:2)');
        const viewed = 'function k(p, v, o) {\n  o[0] = v.get(1, Math.ceil(p[0]));\n}';
        expect(run(viewed, [new Positions([p]), view(x, 2, 2), o]), at).toThrow(
          'index out of range (in k at outside.js:2)',
        );
        expect([...x, ...c, ...o], at).toEqual([10, 20, 30, 40, 0, 0, 0, 0, 0]);
      }
  });

  it('so is a constant one; -0 and in-range ones index as JavaScript does, ?? gives its fallback', () => {
    expect(
      run('function k(x, o) {\n  o[0] = x[4294967296];\n}', [new Float64Array(2), new Float64Array(1)]),
    ).toThrow('index out of range (in k at outside.js:2)');
    expectSame(
      `function k(p, x, o) {
        for (let j = 0; j < p.length; j++) {
          o[j] = x[Math.floor(p[j])] ?? -1;
          o[j + p.length] = Math.floor(p[j]) >= 0 && Math.floor(p[j]) < 4 ? x[Math.floor(p[j])] : -2;
        }
      }`,
      [
        new Float64Array([...outside, -0, 2.5, 3.9, -0.5]),
        new Float64Array([10, 20, 30, 40]),
        new Float64Array(24),
      ],
    );
  });
});

describe('destructuring assignment', () => {
  it('swaps, steps pairs in a loop, assigns elements and nested patterns, the right side evaluated first', () => {
    // Each was an unsupported error: only declarations destructured.
    expectSame(
      `function k(x, o) {
        let [a, b] = [x[0], x[1]];
        [a, b] = [b, a];
        o[0] = a;
        o[1] = b;
        let f = 0, g = 1;
        for (let i = 0; i < 10; i++) [f, g] = [g, f + g];
        o[2] = f;
        let i = 3;
        [o[i++], o[i++]] = [x[1], x[0]];
        o[5] = i;
        let p = 0, q = 0, r = 0;
        [p, { u: q, v: [r] }] = [x[0], { u: x[1], v: [x[0] + x[1]] }];
        o[6] = p + 10 * q + 100 * r;
        ({ a, b } = { b: x[0] * 2, a: x[1] * 3 });
        o[7] = a - b;
        const t = [5, 6];
        o[8] = ([a, b] = t)[1] + a;
        o[9] = b;
      }`,
      [new Float64Array([3, 4]), new Float64Array(10)],
    );
  });

  it('a const target and an outer name are refused as a plain assignment is', () => {
    for (const [text, code] of [
      ['function k(x, o) { const a = 0; let b = 0; [a, b] = [1, 2]; o[0] = a + b; }', 'invalid-assignment'],
      ['function k(x, o) { let a = 0; [a, c] = [1, 2]; o[0] = a; }', 'invalid-assignment'],
    ])
      expect(() =>
        launchNative(
          { text: text as string, file: 'against-js.js' },
          { grid: 1, block: 1 },
          new Float64Array(1),
          new Float64Array(1),
        ),
      ).toThrow(code as string);
  });
});

describe("array patterns of typed arrays: their elements, as JavaScript's iterator yields them", () => {
  it('of parameters and local arrays, declared and assigned, with holes, nested and in a loop', () => {
    // Each was an unknown-member error ("a f32[] has no member '0'").
    expectSame(
      `function k(x, n, b, o) {
        const [a, c] = x;
        o[0] = a + c;
        let p = 0, q = 0;
        [p, , q] = n;
        o[1] = p - q;
        const l = new Int16Array(3);
        l[2] = n[1];
        const [, , r] = l;
        o[2] = r;
        const [[s], { t }] = [x, { t: n }];
        o[3] = s + t[2];
        const m = new Int16Array(3);
        m[1] = x[2];
        for (let i = 0; i < 3; i++) {
          const [u, v] = i % 2 ? l : m;
          [p] = n;
          o[4 + i] = u * v + p;
        }
        const [g, h] = b;
        o[7] = Number(g - h);
        const [w] = (l[0] = 5, l);
        o[8] = w;
      }`,
      [
        new Float32Array([1.5, 2.25, 9]),
        new Int32Array([7, -3, 4]),
        new BigInt64Array([10n, 4n]),
        new Float64Array(9),
      ],
    );
  });

  it("past a local array's fixed length is a bad-index error, as JavaScript reads undefined there", () => {
    expect(() =>
      launchNative(
        {
          text: 'function k(x, o) { const l = new Float64Array(2); const [a, b, c] = l; o[0] = c; }',
          file: 'against-js.js',
        },
        { grid: 1, block: 1 },
        new Float64Array(1),
        new Float64Array(1),
      ),
    ).toThrow(/against-js\.js:1:64: index 2 is outside an array of 2 \[bad-index\]/);
  });
});

describe('objects as conditions: records, tuples, arrays and functions are true, as in JavaScript', () => {
  it('in if, ?:, !, && and || as conditions and values, loops included', () => {
    // Each was a type-mismatch error ("a condition must be a boolean or a number").
    expectSame(
      `function k(x, o) {
        const r = { a: x[0] };
        const t = [x[1], 2];
        if (r) o[0] = 1;
        o[1] = !r ? 1 : 2;
        o[2] = t ? 3 : 4;
        o[3] = r && r.a;
        const u = t || [5, 6];
        o[4] = u[0];
        o[5] = !t;
        o[6] = t && x[1] > 3 ? 1 : 2;
        while (!t) o[7] = 1;
        if (x) o[8] = 7;
        o[9] = !x || o[0] > 1 ? 1 : 0;
        let n = 0;
        for (let i = 0; r && i < 3; i++) n += t[0];
        o[10] = n;
      }`,
      [new Float64Array([3, 4]), new Float64Array(11)],
    );
  });

  it('a warp matrix fragment is an object too, on a warp of 32 against the reference runner', () => {
    const text =
      'function k(o) { const c = gpu.matrixFill(1); const l = gpu.threadIdx.x; if (c) o[l] = 1; o[l + 32] = !c ? 2 : 3; }';
    const native = new Float32Array(64);
    const reference = new Float32Array(64);
    launchNative({ text, file: 'against-js.js' }, { grid: 1, block: 32 }, native);
    runReference({ text, file: 'against-js.js' }, { grid: 1, block: 32 }, [reference]);
    expect([...native]).toEqual([...reference]);
    expect([native[0], native[40]]).toEqual([1, 3]);
  });

  it('a string condition is still refused', () => {
    expect(() =>
      launchNative(
        { text: "function k(o) { const s = 'a'; if (s) o[0] = 1; }", file: 'against-js.js' },
        { grid: 1, block: 1 },
        new Float64Array(1),
      ),
    ).toThrow(/a condition must be a boolean, a number or an object, not string/);
  });
});

describe('code that never runs: statements lowering prunes are not typed, value merges are', () => {
  it('statements under a literal condition or after a jump compile and run as JavaScript', () => {
    expectSame(
      `function k(x, o) {
        const l = new Float64Array(4);
        const DEBUG = false;
        if (false) o[0] = l[4];
        if (0) o[1] = x[0].foo;
        if (DEBUG) o[2] = nope(x) + true;
        while (false) o[3] = x[0] + true;
        for (let i = 0; i < 2; i++) {
          o[4] += 1;
          if (i > 0) {
            break;
            o[5] = l[9];
          }
          continue;
          o[6] = x + 1;
        }
      }`,
      [new Float64Array([3, 4]), new Float64Array(7)],
    );
  });

  it('the arms of a literal ?: and a scope value as a condition are typed', () => {
    for (const [text, scope] of [
      ['function k(x, o) { o[0] = false ? x[0] + true : 1; }', {}],
      ['function k(x, o) { if (DEBUG) o[0] = x[0] + true; }', { DEBUG: false }],
    ] as const)
      expect(() =>
        launchNative(
          { text, file: 'against-js.js' },
          { grid: 1, block: 1, scope },
          new Float64Array(1),
          new Float64Array(1),
        ),
      ).toThrow(/type-mismatch/);
  });
});
