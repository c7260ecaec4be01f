// An atomic's value of another type than the array's element: compiled code converts it to the
// element first (as CUDA does), JavaScript combines the two numbers and converts the result.
// Where the two can differ the value is a type-mismatch; where they agree it runs, natively as
// the reference runner (JavaScript) does.
import { describe, expect, it } from 'vitest';
import { CompileError, launchNative, runReference } from '../../src/index.js';

type Arrays = () => (
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array
)[];

/** Runs a kernel natively and in the reference runner on fresh arrays; gives both results. */
function both(text: string, block: number, arrays: Arrays) {
  const kernel = { text, file: 'atomic.js' };
  const native = arrays();
  const reference = arrays();
  launchNative(kernel, { grid: 1, block }, ...native);
  runReference(kernel, { grid: 1, block }, reference);
  const written = (v: unknown) => (Object.is(v, -0) ? '-0' : String(v));
  const show = (list: ReturnType<Arrays>) => list.map((a) => Array.from(a as ArrayLike<unknown>, written));
  return { native: show(native), reference: show(reference) };
}

/** The compile error of a kernel launched natively. */
function refusal(text: string, arrays: Arrays): CompileError {
  try {
    launchNative({ text, file: 'atomic.js' }, { grid: 1, block: 1 }, ...arrays());
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
  throw new Error('compiled');
}

describe('atomic values of another type than the element', () => {
  it.each([
    // Compared as numbers in JavaScript: -1 is below every u32, compiled it would be the greatest.
    ['gpu.atomicMin(c, 0, -1)', () => [new Uint32Array([5]), new Float64Array(1)], '-1'],
    ['gpu.atomicMax(c, 0, x[0])', () => [new Uint32Array([5]), new Float64Array(1)], 'x[0]'],
    ['gpu.atomicMin(c, 0, i32(x[0]))', () => [new Uint32Array([5]), new Float64Array(1)], 'i32(x[0])'],
    // A fraction is added before the store's truncation in JavaScript.
    ['gpu.atomicAdd(c, 0, x[0])', () => [new Int32Array([3]), new Float64Array(1)], 'x[0]'],
    ['gpu.atomicSub(c, 0, 0.5)', () => [new Int32Array([3]), new Float64Array(1)], '0.5'],
    // JavaScript adds the exact integer and rounds once; compiled would round it to f32 first.
    ['gpu.atomicAdd(c, 0, i32(x[0]))', () => [new Float32Array([1]), new Float64Array(1)], 'i32(x[0])'],
    ['gpu.atomicAdd(c, 0, 16777217)', () => [new Float32Array([1]), new Float64Array(1)], '16777217'],
    // Double rounding of an f64 into f32.
    ['gpu.atomicAdd(c, 0, 0.1)', () => [new Float32Array([1]), new Float64Array(1)], '0.1'],
    ['gpu.atomicSub(c, 0, x[0])', () => [new Float32Array([1]), new Float64Array(1)], 'x[0]'],
    // The compare value is compared as it is.
    ['gpu.atomicCAS(c, 0, i32(x[0]), 7)', () => [new Uint32Array([5]), new Float64Array(1)], 'i32(x[0])'],
    ['gpu.atomicCAS(c, 0, 1.5, 7)', () => [new Int32Array([1]), new Float64Array(1)], '1.5'],
    ['gpu.atomicMin(c, 0, x[0])', () => [new BigUint64Array(1), new BigInt64Array(1)], 'x[0]'],
  ])('%s is a type-mismatch at the value', (call, arrays, value) => {
    const line = `  ${call};`;
    const error = refusal(`function k(c, x) {\n${line}\n}`, arrays as Arrays);
    expect(error.code).toBe('type-mismatch');
    expect(error.location.line).toBe(2);
    expect(error.location.column).toBe(line.lastIndexOf(value) + 1);
    expect(error.frame).toContain(`> 2 | ${line}`);
    expect(error.frame).toContain(`${' '.repeat(line.lastIndexOf(value))}${'^'.repeat(value.length)}`);
  });

  it('refuses a number as the new value of a BigInt compare-and-swap (JavaScript throws)', () => {
    const error = refusal('function k(c) { gpu.atomicCAS(c, 0, 0n, 5); }', () => [new BigInt64Array(1)]);
    expect(error.code).toBe('type-mismatch');
  });

  it('runs the values that convert without changing the result, as JavaScript does', () => {
    // Wrapping sums and bitwise operations of the other signedness, fractions in bitwise
    // operations and exchanges, constants the element holds, integers in f32 min/max.
    const runs = [
      both(
        `function k(c, x) {
  const i = gpu.threadIdx.x;
  gpu.atomicAdd(c, 0, x[i]);
  gpu.atomicSub(c, 1, x[i]);
  gpu.atomicXor(c, 2, x[i]);
  gpu.atomicAnd(c, 3, -2);
  gpu.atomicAdd(c, 4, -1);
  gpu.atomicMax(c, 5, 4294967295);
  gpu.atomicOr(c, 6, -2.5);
  gpu.atomicCAS(c, 7, 5, -1);
}`,
        2,
        () => [new Uint32Array([3, 3, 7, 15, 0, 1, 0, 5]), new Int32Array([-5, -1])],
      ),
      both(
        `function k(c, u) {
  gpu.atomicAdd(c, 0, u[0]);
  gpu.atomicMin(c, 1, 1.0);
  gpu.atomicAdd(c, 2, 3000000000);
  gpu.atomicExch(c, 3, -1.5);
  gpu.atomicMax(c, 4, gpu.threadIdx.x === 0 ? -0 : 0);
}`,
        1,
        () => [new Int32Array([1, 5, 2, 3, -4]), new Uint32Array([4294967295])],
      ),
      both(
        `function k(f, x, d) {
  gpu.atomicMin(f, 0, x[0]);
  gpu.atomicMax(f, 1, x[0]);
  gpu.atomicExch(f, 2, x[0]);
  gpu.atomicAdd(f, 3, 0.25);
  gpu.atomicMax(f, 4, gpu.threadIdx.x === 0 ? -0 : 0);
  gpu.atomicAdd(d, 0, x[0]);
  gpu.atomicExch(f, 5, d[1]);
  gpu.atomicMin(f, 6, d[1] * -1e-300);
  gpu.atomicMax(f, 7, d[1] * 1e-300);
  gpu.atomicMin(f, 8, 0.1);
}`,
        1,
        () => [
          new Float32Array([16777218, 0, 0, 1, -0, 0, 0, -0, 0.1]),
          new Int32Array([16777217]),
          new Float64Array([0.5, 0.1]),
        ],
      ),
      both(
        'function k(c, s) { gpu.atomicAdd(c, 0, s[0]); gpu.atomicXor(c, 1, -1n); gpu.atomicMin(c, 2, 5n); }',
        1,
        () => [new BigUint64Array([1n, 2n, 9n]), new BigInt64Array([-3n])],
      ),
    ];
    for (const { native, reference } of runs) expect(native).toEqual(reference);
    // Not vacuous: the wrapped sums and the rounded exchange happened.
    expect(runs[0]?.native[0]?.slice(0, 2)).toEqual(['4294967293', '9']);
    expect(runs[2]?.native[0]?.slice(0, 3)).toEqual(['16777216', '16777216', '16777216']);
    // An f64 below (above) a zero element replaces it, as the -0 (+0) it rounds to.
    expect(runs[2]?.native[0]?.slice(6, 9)).toEqual(['-0', '0', '0.10000000149011612']);
  });
});

describe('atomic indices', () => {
  it('are what array accesses take: integral float constants and widened loop counters too', () => {
    const runs = [
      both(
        `function k(c) {
  gpu.atomicAdd(c, 1.0, 5);
  gpu.atomicSub(c, 8 / 4, 1);
  gpu.atomicMax(c, -0, gpu.threadIdx.x);
  gpu.atomicCAS(c, 3.0, 0, 9);
  // After every thread's atomics, by one thread: a data race otherwise.
  gpu.barrier();
  if (gpu.threadIdx.x === 0) c[4.0] = c[1.0] + 1;
}`,
        2,
        () => [new Int32Array(5)],
      ),
      // \`i\` is compared with an f64 bound: it counts in f64, as JavaScript does.
      both('function k(c, n) { for (let i = 0; i < n[0]; i++) gpu.atomicAdd(c, i, 1); }', 3, () => [
        new Int32Array(4),
        new Float64Array([3.5]),
      ]),
    ];
    for (const { native, reference } of runs) expect(native).toEqual(reference);
    expect(runs[0]?.native[0]).toEqual(['1', '10', '-2', '9', '11']);
    expect(runs[1]?.native[0]).toEqual(['3', '3', '3', '3']);
  });

  it('are refused where an array access refuses them: a fraction, a negative constant', () => {
    for (const [index, message] of [
      ['1.5', /the index of an atomic must be an integer, not float literal/],
      ['x[0] * 2', /the index of an atomic must be an integer, not f64/],
      ['-1.0', /index -1 is outside every array/],
    ] as const) {
      const error = refusal(`function k(c, x) { gpu.atomicAdd(c, ${index}, 1); }`, () => [
        new Int32Array(2),
        new Float64Array(1),
      ]);
      expect(error.code).toBe('bad-index');
      expect(error.message).toMatch(message);
    }
  });
});
