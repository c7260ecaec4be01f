import { describe, expect, it } from 'vitest';
import {
  type ArrayBackend,
  arraysOn,
  BFloat16Bits,
  CompileError,
  Float16Bits,
  f32,
  LaunchError,
  map,
  max,
  min,
  nativeArrays,
  reduce,
  referenceArrays,
  scan,
  sort,
  sum,
  type TypedArray,
} from '../../src/index.js';
import { toText } from './fixtures/bad-op.mjs';

type Host = ArrayLike<number | bigint>;
/** Natively with the warp-shuffle tree too (the native default is the shared-memory tree). */
const nativeShuffles: ArrayBackend<Host> = { ...nativeArrays, shuffles: true };
/** As a GPU runs them: more blocks than a block has threads, so partials and tiles loop. */
const nativeManyBlocks: ArrayBackend<Host> = { ...nativeShuffles, residentBlocks: () => 600 };
const backends = [
  ['native', nativeArrays],
  ['native with shuffles', nativeShuffles],
  ['native with shuffles and 600 blocks', nativeManyBlocks],
] as const;

/** Deterministic data of a typed array kind: integers spread around zero, floats with fractions. */
function data<T extends TypedArray>(kind: { from(v: ArrayLike<number>): T }, n: number, seed = 1): T {
  return kind.from(
    Array.from({ length: n }, (_, i) => (((i + seed) * 7919) % 2003) - 1001 + ((i * seed) % 7) / 8),
  );
}

describe('map', () => {
  it('applies a function of two arrays and a scalar, as JavaScript and the reference runner do', () => {
    const xs = data(Float64Array, 3001);
    const ys = data(Float64Array, 3001, 5);
    const fn = (x: number, y: number, a: number) => x * y + a;
    const out = map(fn, xs, ys, 0.5) as Float64Array;
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(out)).toEqual(Array.from(xs, (x, i) => fn(x, ys[i] as number, 0.5)));
    const reference = arraysOn(referenceArrays()).map(fn, xs, ys, 0.5);
    expect(Array.from(reference as Float64Array)).toEqual(Array.from(out));
  });

  it('gives the array the type the function returns', () => {
    const xs = Int32Array.from([1, 2, 3, -7]);
    const halves = map<Float64Array>((x: number) => x / 2, xs);
    expect(halves).toBeInstanceOf(Float64Array);
    expect(Array.from(halves)).toEqual([0.5, 1, 1.5, -3.5]);
    const scaled = map<Float32Array>((x: number, s: number) => x * s, Float32Array.from([1.5, 2]), f32(2));
    expect(scaled).toBeInstanceOf(Float32Array);
    expect(Array.from(scaled)).toEqual([3, 4]);
    const positive = map<Uint8Array>((x: number) => x > 0, xs);
    expect(positive).toBeInstanceOf(Uint8Array);
    expect(Array.from(positive)).toEqual([1, 1, 1, 0]);
  });

  it('writes into out, converting as a store would, and reads names from the scope', () => {
    const xs = Float64Array.from([1.7, -2.2, 300.5]);
    const out = new Uint8Array(3);
    const offset = 1;
    expect(map((x: number) => x + offset, xs, { out, scope: { offset } })).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(Uint8Array.from(Array.from(xs, (x) => x + 1))));
  });

  it('takes a new arrow of the same text at every call, each with its own scope', () => {
    const xs = Float64Array.of(1, 2, 3);
    const results = [2, 3, 2].map((k) =>
      Array.from(map<Float64Array>((x: number) => x * k, xs, { scope: { k } })),
    );
    expect(results).toEqual([
      [2, 4, 6],
      [3, 6, 9],
      [2, 4, 6],
    ]);
  });

  it('returns an empty array for empty inputs without launching', () => {
    expect(map((x: number) => x + 1, new Float32Array(0))).toHaveLength(0);
  });

  it('refuses arrays of different lengths, values that are no arrays, and a bad out, naming them', () => {
    const fn = (x: number, y: number) => x + y;
    expect(() => map(fn, new Float32Array(3), new Float32Array(4))).toThrow(
      expect.objectContaining({ code: 'bad-argument', parameter: { index: 2, name: 'input 1' } }),
    );
    expect(() => map(fn, new Float32Array(3), 'a' as never)).toThrow(/input 1: the string "a" is neither/);
    expect(() => map(fn, 1, 2)).toThrow(/map needs at least one array/);
    expect(() => map(fn, new Float32Array(3), new Float32Array(3), { out: new Float32Array(2) })).toThrow(
      LaunchError,
    );
  });

  it('reports a throw in the function as an error of the call, natively and on the reference runner', () => {
    const checked = (x: number) => {
      if (x > 2) throw new Error('too big');
      return x;
    };
    expect(() => map(checked, Float64Array.of(1, 2, 3))).toThrow(/^too big/);
    expect(() => arraysOn(referenceArrays()).map(checked, Float64Array.of(1, 2, 3))).toThrow(/^too big/);
    expect(Array.from(map<Float64Array>(checked, Float64Array.of(1, 2)))).toEqual([1, 2]);
  });

  it("reports the function's own compile errors at its line", () => {
    let error: unknown;
    try {
      map(toText, new Float64Array(2));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).location).toMatchObject({
      line: 2,
      file: expect.stringMatching(/bad-op\.mjs$/),
    });
  });
});

describe.each(backends)('reduce (%s)', (_, backend) => {
  const ops = arraysOn(backend);
  const reference = arraysOn(referenceArrays(backend));
  const add = (a: number, b: number) => a + b;

  it.each([1, 31, 33, 256, 257, 4099])('sums %i f64 as the reference runner does, close to a loop', (n) => {
    const xs = data(Float64Array, n);
    const total = ops.reduce(add, xs, 0) as number;
    expect(total).toBe(reference.reduce(add, xs, 0));
    expect(total).toBeCloseTo(
      xs.reduce((a, b) => a + b, 0),
      6,
    );
  });

  it('sums many elements over many blocks', () => {
    const xs = data(Float64Array, 1 << 20);
    expect(ops.reduce(add, xs, 0) as number).toBeCloseTo(
      xs.reduce((a, b) => a + b, 0),
      3,
    );
  });

  it('applies init exactly once, as Array.prototype.reduce does', () => {
    const xs = Int32Array.from({ length: 3000 }, (_, i) => i);
    expect(ops.reduce(add, xs, 10)).toBe(xs.reduce((a, b) => a + b, 10));
    expect(ops.reduce(add, xs.subarray(0, 5), 10)).toBe(20);
  });

  it('folds with a custom function: max of f32, a count of u8 in i32', () => {
    const xs = data(Float32Array, 5000);
    const fn = (a: number, b: number) => Math.max(a, b);
    expect(ops.reduce(fn, xs, -Infinity)).toBe(Math.max(...xs));
    expect(ops.reduce(fn, xs, -Infinity)).toBe(reference.reduce(fn, xs, -Infinity));
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => i);
    // u8 + u8 is i32: the fold does not wrap at 255.
    expect(ops.reduce(add, bytes, 0)).toBe(bytes.reduce((a, b) => a + b, 0));
  });

  it('wraps an i32 sum as storing it into an Int32Array does', () => {
    const xs = new Int32Array(1000).fill(2 ** 30);
    expect(ops.reduce(add, xs, 0)).toBe(Int32Array.of(xs.reduce((a, b) => a + b, 0))[0]);
  });
});

describe('reduce: empty arrays, errors and the shorthands', () => {
  it('gives init for an empty array, and refuses one without init as JavaScript does', () => {
    expect(reduce((a: number, b: number) => a + b, new Float32Array(0), 3)).toBe(3);
    expect(() => reduce((a: number, b: number) => a + b, new Float32Array(0))).toThrow(
      expect.objectContaining({ code: 'bad-argument', parameter: { index: 2, name: 'init' } }),
    );
  });

  it('refuses a boolean result, an unstable result type and a bad init', () => {
    expect(() => reduce((a: number, b: number) => a < b, new Float32Array(4), 0)).toThrow(
      /returns a boolean/,
    );
    expect(() => reduce((a: number, b: number) => a + b, new Float32Array(4), 1n as never)).toThrow(
      /init: it must be a number/,
    );
  });

  it('sums, and finds the least and greatest elements, NaN included as Math does', () => {
    const xs = data(Float64Array, 2000);
    expect(sum(xs) as number).toBeCloseTo(
      xs.reduce((a, b) => a + b, 0),
      6,
    );
    expect(min(xs)).toBe(Math.min(...xs));
    expect(max(xs)).toBe(Math.max(...xs));
    xs[1500] = Number.NaN;
    expect(min(xs)).toBeNaN();
    expect(sum(new Int16Array(0))).toBe(0);
    const big = BigInt64Array.from([5n, -3n, 2n ** 40n]);
    expect(sum(big)).toBe(2n ** 40n + 2n);
    expect(min(big)).toBe(-3n);
    expect(() => max(new Float32Array(0))).toThrow(/empty array/);
    // The shorthand called, and its own argument, are named.
    expect(() => min(new Int32Array(0))).toThrow(
      expect.objectContaining({
        message: expect.stringContaining("min's xs: it is empty: an empty array has no least element"),
        parameter: { index: 0, name: 'xs' },
      }),
    );
    expect(() => sum([1, 2] as never)).toThrow(/^gpuc: sum's xs/);
  });
});

describe.each(backends)('scan (%s)', (_, backend) => {
  const ops = arraysOn(backend);
  const reference = arraysOn(referenceArrays(backend));
  const add = (a: number, b: number) => a + b;

  it.each([1, 255, 256, 257, 3000])('prefix sums of %i integers, inclusive and exclusive', (n) => {
    const xs = data(Int32Array, n);
    let running = 0;
    const inclusive = Array.from(xs, (x) => {
      running += x;
      return running;
    });
    expect(Array.from(ops.scan(add, xs) as Int32Array)).toEqual(inclusive);
    const exclusive = ops.scan(add, xs, { exclusive: true, init: 7 }) as Int32Array;
    expect(Array.from(exclusive)).toEqual([7, ...inclusive.slice(0, -1).map((v) => v + 7)]);
    expect(Array.from(reference.scan(add, xs, { exclusive: true, init: 7 }) as Int32Array)).toEqual(
      Array.from(exclusive),
    );
  });

  it('keeps order for an associative function that does not commute, over many tiles', () => {
    const xs = data(Int32Array, 200_000);
    // (a, b) => b is associative, not commutative: the inclusive scan is xs, the exclusive xs shifted.
    const last = (_a: number, b: number) => b;
    expect(Array.from(ops.scan(last, xs) as Int32Array)).toEqual(Array.from(xs));
    expect(Array.from(ops.scan(last, xs, { exclusive: true, init: -1 }) as Int32Array)).toEqual([
      -1,
      ...Array.from(xs.subarray(0, -1)),
    ]);
  });

  it('scans f64 as the reference runner does, and f32 within rounding of a loop', () => {
    const xs = data(Float64Array, 2000);
    expect(Array.from(ops.scan(add, xs) as Float64Array)).toEqual(
      Array.from(reference.scan(add, xs) as Float64Array),
    );
    const ys = data(Float32Array, 5000);
    const scanned = ops.scan(add, ys) as Float32Array;
    let running = 0;
    ys.forEach((y, i) => {
      running += y;
      expect(Math.abs((scanned[i] as number) - running)).toBeLessThan(
        1e-6 * Math.max(1, Math.abs(running)) * 64,
      );
    });
  });
});

describe('scan: options and errors', () => {
  it('scans in place into out, and u8 in the type the function gives (i32)', () => {
    const xs = Int32Array.from([1, 2, 3]);
    expect(scan((a: number, b: number) => a + b, xs, { out: xs })).toBe(xs);
    expect(Array.from(xs)).toEqual([1, 3, 6]);
    const bytes = new Uint8Array(300).fill(255);
    const scanned = scan((a: number, b: number) => a + b, bytes);
    expect(scanned).toBeInstanceOf(Int32Array);
    expect(scanned[299]).toBe(300 * 255);
  });

  it('refuses an exclusive scan without init, and an out of another type', () => {
    expect(() => scan((a: number, b: number) => a + b, new Int32Array(3), { exclusive: true })).toThrow(
      /exclusive scan needs an initial value/,
    );
    expect(() =>
      scan((a: number, b: number) => a + b, new Int32Array(3), { out: new Float32Array(3) }),
    ).toThrow(/out: it must be an array of i32/);
  });
});

describe('sort', () => {
  const kinds = [
    Int8Array,
    Uint8Array,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
  ];
  it.each(kinds.map((k) => [k.name, k] as const))('sorts %s as TypedArray.prototype.sort does', (_, kind) => {
    const xs = (kind as unknown as { from(v: number[]): Float64Array }).from(
      Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 65521) * (i % 3 === 0 ? -1 : 1) * 37.25),
    );
    const sorted = sort(xs);
    expect(sorted).toBeInstanceOf(kind);
    expect(Array.from(sorted)).toEqual(Array.from(xs.slice().sort()));
  });

  it('puts -0 before +0 and NaN last, and agrees with the reference runner', () => {
    const xs = Float32Array.from([
      3,
      Number.NaN,
      -0,
      0,
      -Infinity,
      1e-40,
      -1e-40,
      Infinity,
      -2.5,
      0,
      -0,
      Number.NaN,
    ]);
    const want = xs.slice().sort();
    const sorted = sort(xs);
    expect(Array.from(sorted).map((v) => Object.is(v, -0))).toEqual(
      Array.from(want).map((v) => Object.is(v, -0)),
    );
    expect(Array.from(sorted)).toEqual(Array.from(want));
    expect(Array.from(arraysOn(referenceArrays()).sort(xs) as Float32Array)).toEqual(Array.from(want));
  });

  it('sorts empty and one-element arrays, and refuses BigInt arrays with a coded error', () => {
    expect(sort(new Float64Array(0))).toHaveLength(0);
    expect(Array.from(sort(Uint32Array.of(4294967295)))).toEqual([4294967295]);
    expect(() => sort(new BigInt64Array(3))).toThrow(expect.objectContaining({ code: 'bad-argument' }));
  });
});

describe('16-bit float arrays in the array layer', () => {
  it('are refused with a coded error by every operation, natively and in the reference', () => {
    const xs = () => Float16Bits.from([2, 1, 0.1]);
    const refused = expect.objectContaining({ code: 'bad-argument' });
    for (const arrays of [arraysOn(nativeArrays), arraysOn(referenceArrays())]) {
      expect(() => arrays.map((x: number) => x * 2, xs())).toThrow(refused);
      expect(() => arrays.reduce((a: number, b: number) => a + b, xs(), 0)).toThrow(refused);
      expect(() => arrays.scan((a: number, b: number) => a + b, xs())).toThrow(refused);
      expect(() => arrays.sort(BFloat16Bits.from([2, 1]))).toThrow(refused);
    }
    expect(() => sum(xs())).toThrow(refused);
  });
});

describe('arrays and functions the array layer cannot take', () => {
  /** A Float64Array whose buffer was transferred away: JavaScript's own methods throw on it. */
  const detached = () => {
    const xs = new Float64Array([3, 1, 2]);
    structuredClone(xs.buffer, { transfer: [xs.buffer] });
    return xs;
  };

  it('refuse an array whose buffer was detached, naming it, where they returned an empty result', () => {
    for (const arrays of [arraysOn(nativeArrays), arraysOn(referenceArrays())]) {
      const refused = (name: string) =>
        expect.objectContaining({
          code: 'bad-argument',
          detail: expect.stringMatching(new RegExp(`${name}: its buffer was detached`)),
        });
      expect(() => arrays.map((x: number) => x * 2, detached())).toThrow(refused('input 0'));
      expect(() => arrays.map((x: number) => x * 2, new Float64Array(3), { out: detached() })).toThrow(
        refused('out'),
      );
      expect(() => arrays.reduce((a: number, b: number) => a + b, detached(), 0)).toThrow(refused('xs'));
      expect(() => arrays.scan((a: number, b: number) => a + b, detached())).toThrow(refused('xs'));
      expect(() => arrays.sort(detached())).toThrow(refused('xs'));
    }
  });

  it('refuse an option they do not know, naming it, where a misspelt out was ignored', () => {
    const xs = new Float32Array([1, 2]);
    const add = (a: number, b: number) => a + b;
    const refused = (message: RegExp) =>
      expect.objectContaining({ code: 'bad-argument', detail: expect.stringMatching(message) });
    expect(() => map((v: number) => v + 1, xs, { outt: new Float32Array(2) } as never)).toThrow(
      refused(/^map's options: map has no option 'outt' \(it has out, scope\)$/),
    );
    expect(() => scan(add, xs, { exclusve: true } as never)).toThrow(
      refused(/scan has no option 'exclusve' \(it has exclusive, init, out, scope\)/),
    );
    expect(() => reduce(add, xs, 0, { scpe: {} } as never)).toThrow(
      refused(/reduce has no option 'scpe' \(it has scope\)/),
    );
    expect(() => reduce(add, xs, 0, 5 as never)).toThrow(
      refused(/reduce's options: they are an object, not number 5/),
    );
  });

  it('refuse an element function that is no function with a coded error (a TypeError escaped)', () => {
    const refused = expect.objectContaining({
      code: 'unsupported',
      detail: expect.stringMatching(/is no function/),
    });
    for (const fn of [5, null, 'x => x'] as never[]) {
      expect(() => map(fn, new Float32Array(3))).toThrow(refused);
      expect(() => reduce(fn, new Float32Array(3), 0)).toThrow(refused);
      expect(() => scan(fn, new Float32Array(3))).toThrow(refused);
    }
  });
});
