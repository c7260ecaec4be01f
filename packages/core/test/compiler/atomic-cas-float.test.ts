// gpu.atomicCAS on float arrays: JavaScript's `old === compare`, not the bits' equality (a NaN
// never matches, even the same NaN bits; -0 matches 0), compiled as a loop over the bits' CAS.
import { describe, expect, it } from 'vitest';
import { CompileError, launchNative, runReference } from '../../src/index.js';

type Arrays = () => (Float32Array | Float64Array | Int32Array)[];

/** Runs a kernel natively and in the reference runner on fresh arrays; gives both results. */
function both(text: string, launch: { grid: number; block: number }, arrays: Arrays) {
  const kernel = { text, file: 'cas.js' };
  const native = arrays();
  const reference = arrays();
  launchNative(kernel, launch, ...native);
  runReference(kernel, launch, reference);
  const written = (v: unknown) => (Object.is(v, -0) ? '-0' : String(v));
  const show = (list: ReturnType<Arrays>) => list.map((a) => Array.from(a as ArrayLike<unknown>, written));
  return { native: show(native), reference: show(reference) };
}

const NAN = Number.NaN;

describe('gpu.atomicCAS on float arrays', () => {
  it.each([
    ['Float32Array', Float32Array],
    ['Float64Array', Float64Array],
  ] as const)('compares as === on %s: NaN never swaps, -0 matches 0', (_, Kind) => {
    const { native, reference } = both(
      `function k(f, x, o) {
  o[0] = gpu.atomicCAS(f, 0, NaN, 7);
  o[1] = gpu.atomicCAS(f, 1, 0, 7);
  o[2] = gpu.atomicCAS(f, 2, -0, 7);
  o[3] = gpu.atomicCAS(f, 3, x[0], 0.1);
  o[4] = gpu.atomicCAS(f, 4, x[0], 0.1);
  o[5] = gpu.atomicCAS(f, 5, x[1], 3);
  o[6] = gpu.atomicCAS(f, 6, x[2], gpu.threadIdx.x - 8);
}`,
      { grid: 1, block: 1 },
      () => [
        Kind.from([NAN, -0, 0, 2.5, 1.5, NAN, 0]),
        Float32Array.from([1.5, NAN, -0]),
        new Float64Array(7),
      ],
    );
    expect(native).toEqual(reference);
    // Not vacuous: the NaN slots kept NaN (the same bits as the compare value), the zeros swapped.
    expect(native[0]).toEqual([
      'NaN',
      '7',
      '7',
      '2.5',
      Kind === Float32Array ? '0.10000000149011612' : '0.1',
      'NaN',
      '-8',
    ]);
    expect(native[2]).toEqual(['NaN', '-0', '0', '2.5', '1.5', 'NaN', '0']);
  });

  it('runs a float max and a float product written as CAS loops under contention', () => {
    const source = `function k(a, x) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  let old = a[0];
  while (v > old) {
    const seen = gpu.atomicCAS(a, 0, old, v);
    if (seen === old) break;
    old = seen;
  }
  const m = i % 3 === 0 ? 0.5 : 2;
  let p = a[1];
  for (;;) {
    const seen = gpu.atomicCAS(a, 1, p, p * m);
    if (seen === p) break;
    p = seen;
  }
}`;
    const n = 64 * 256;
    const values = Array.from({ length: n }, (_, i) => ((i * 7919) % 100003) / 7 - 7000);
    for (const Kind of [Float32Array, Float64Array]) {
      const { native, reference } = both(source, { grid: 64, block: 256 }, () => [
        Kind.from([-Infinity, 1]),
        Kind.from(values),
      ]);
      expect(native).toEqual(reference);
      const doubled =
        values.filter((_, i) => i % 3 !== 0).length - values.filter((_, i) => i % 3 === 0).length;
      expect(native[0]?.slice(0, 2)).toEqual([String(Math.max(...Kind.from(values))), String(2 ** doubled)]);
    }
  });

  it('refuses a compare value the element does not hold (JavaScript compares it as it is)', () => {
    const line = '  gpu.atomicCAS(f, 0, d[0], 1);';
    try {
      launchNative(
        { text: `function k(f, d) {\n${line}\n}`, file: 'cas.js' },
        { grid: 1, block: 1 },
        new Float32Array(1),
        new Float64Array(1),
      );
    } catch (error) {
      expect(error).toBeInstanceOf(CompileError);
      expect((error as CompileError).code).toBe('type-mismatch');
      expect((error as CompileError).location.column).toBe(line.indexOf('d[0]') + 1);
      return;
    }
    throw new Error('compiled');
  });
});
