// Kernels the differential fuzzer (packages/fuzz) found wrong, as regression tests: native
// against the reference runner, which is JavaScript.
import { describe, expect, it } from 'vitest';
import { view } from '../../src/entry/compiler.js';
import { CompileError, gpu, launchNative, runReference } from '../../src/index.js';

describe('what the fuzzer found, natively as in JavaScript', () => {
  it('step BigInts with ++ and -- by 1n, as JavaScript does (gpuc added the number 1: a type-mismatch)', () => {
    const kernel = {
      text: `function steps(s, u, out) {
  let x = s[0];
  x++;
  ++x;
  let y = 5n;
  y--;
  s[1]++;
  u[0]--;
  const old = u[1]++;
  out[0] = x + y + (--s[2]) + i64(old);
}`,
      file: 'steps.js',
    };
    const args = () => [
      new BigInt64Array([9223372036854775806n, 7n, -3n]),
      new BigUint64Array([0n, 18446744073709551615n]),
      new BigInt64Array(1),
    ];
    const native = args();
    const reference = args();
    launchNative(kernel, { grid: 1, block: 1 }, ...native);
    runReference(kernel, { grid: 1, block: 1 }, reference);
    expect(native.map((a) => Array.from(a))).toEqual(reference.map((a) => Array.from(a)));
    expect(Array.from(native[1] as BigUint64Array)).toEqual([18446744073709551615n, 0n]);
  });

  it('vote on numbers by their truthiness, floats included (an f32 or f64 predicate failed to compile)', () => {
    const kernel = {
      text: `function votes(out, x) {
  const t = gpu.threadIdx.x;
  const f = f32(x[t]);
  const d = x[t];
  const n = i32(x[t]);
  out[t] = (gpu.voteAny(d) ? 1 : 0) + (gpu.voteAll(f) ? 2 : 0) + Number(gpu.ballot(d)) * 4 + (gpu.voteAny(n) ? 8 : 0);
}`,
      file: 'votes.js',
    };
    // NaN and -0 are falsy, as zero is; 0.5 is truthy though i32(0.5) is 0.
    for (const values of [
      [0, -0, Number.NaN, 0.5, 0, 0, 0, 0],
      [1, 2, -3, 0.25, 5, Infinity, 7, 8],
    ]) {
      const x = Float64Array.from(values);
      const native = new Float64Array(8);
      const reference = new Float64Array(8);
      launchNative(kernel, { grid: 1, block: 8 }, native, x);
      runReference(kernel, { grid: 1, block: 8 }, [reference, x]);
      expect(Array.from(native)).toEqual(Array.from(reference));
    }
  });

  it('refuse an atomic on a view, which JavaScript indexes with .get and .set (one index wrote its data)', () => {
    const kernel = { text: 'function k(v) { gpu.atomicAdd(v, 1, 2); }', file: 'view-atomic.js' };
    const data = new Int32Array(4);
    expect(() => launchNative(kernel, { grid: 1, block: 1 }, view(data, 2, 2))).toThrow(CompileError);
    expect(() => launchNative(kernel, { grid: 1, block: 1 }, view(data, 2, 2))).toThrow(
      /^view-atomic\.js:1:17: gpu\.atomicAdd: an atomic takes an array, not a view/,
    );
    expect(Array.from(data)).toEqual([0, 0, 0, 0]);
  });
  it('give a device function compiled for two argument types one shared array at each gpu.sharedArray (each had its own)', () => {
    // The second call (x an i32, not an f64) reads what the first call's threads wrote there.
    const stash = new Function(
      'gpu',
      `return function stash(x, k) {
  const sh = gpu.sharedArray(Float64Array, 8);
  const t = gpu.threadIdx.x;
  const seen = sh[(t + k) & 7];
  gpu.barrier();
  sh[t] = x;
  gpu.barrier();
  return seen;
};`,
    )(gpu);
    const kernel = {
      text: `function k(out, x) {
  const t = gpu.threadIdx.x;
  stash(x[t], 0);
  out[t] = stash(t, 1);
  out[t + 8] = stash(f32(x[t]) * 2, 2) + stash(t, 3);
}`,
      file: 'shared-specialised.js',
    };
    const x = new Float64Array([0.5, 1, 2, 3, 4, 5, 6, 7]);
    const native = new Float64Array(16);
    const reference = new Float64Array(16);
    launchNative(kernel, { grid: 1, block: 8, scope: { stash } }, native, x);
    runReference(kernel, { grid: 1, block: 8, scope: { stash } }, [reference, x]);
    expect(Array.from(native)).toEqual(Array.from(reference));
    expect(Array.from(native.subarray(0, 8))).toEqual([1, 2, 3, 4, 5, 6, 7, 0.5]);
  });
});
