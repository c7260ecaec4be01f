import { describe, expect, it } from 'vitest';
import { KernelError, runReference } from '../../src/index.js';

// Kernels are given as JavaScript text: the test runner renames imports in functions it
// compiles, which would hide `gpu` from the rewriting the runner does.
const kernel = (text: string) => ({ text, file: 'reference.test.js' });

describe('the reference runner', () => {
  it('runs one thread per element over a grid', () => {
    const saxpy = kernel(`function saxpy(a, x, y, n) {
      const i = gpu.globalIdx.x;
      if (i < n) y[i] = a * x[i] + y[i];
    }`);
    const n = 1000;
    const x = Float32Array.from({ length: n }, (_, i) => i);
    const y = new Float32Array(n).fill(1);
    runReference(saxpy, { grid: 8, block: 128 }, [2, x, y, n]);
    expect(Array.from(y.slice(0, 4))).toEqual([1, 3, 5, 7]);
    expect(y[n - 1]).toBe(2 * (n - 1) + 1);
  });

  it('gives every block its own shared memory and stops threads at each barrier', () => {
    const blockSum = kernel(`function blockSum(x, out) {
      const tile = gpu.sharedArray(Float32Array, 64);
      const t = gpu.threadIdx.x;
      tile[t] = x[gpu.globalIdx.x];
      gpu.barrier();
      for (let stride = 32; stride > 0; stride >>= 1) {
        if (t < stride) tile[t] += tile[t + stride];
        gpu.barrier();
      }
      if (t === 0) out[gpu.blockIdx.x] = tile[0];
    }`);
    const x = Float32Array.from({ length: 256 }, (_, i) => i % 7);
    const out = new Float32Array(4);
    runReference(blockSum, { grid: 4, block: 64 }, [x, out]);
    const expected = [0, 1, 2, 3].map((b) => x.slice(b * 64, b * 64 + 64).reduce((s, v) => s + v, 0));
    expect(Array.from(out)).toEqual(expected);
  });

  it('exchanges values between the lanes of a warp', () => {
    const warpSum = kernel(`function warpSum(x, out) {
      let v = x[gpu.globalIdx.x];
      for (let offset = 16; offset > 0; offset >>= 1) v += gpu.shuffleDown(v, offset);
      if (gpu.laneId === 0) out[gpu.globalIdx.x / 32 | 0] = v;
      const all = gpu.voteAll(v >= 0);
      if (!all) out[0] = -1;
    }`);
    const x = Float64Array.from({ length: 64 }, (_, i) => i);
    const out = new Float64Array(2);
    runReference(warpSum, { grid: 1, block: 64 }, [x, out]);
    expect(Array.from(out)).toEqual([(31 * 32) / 2, (32 * 31) / 2 + 32 * 32]);
  });

  it('reads names from the scope', () => {
    const scaled = kernel('function scaled(x) { x[gpu.globalIdx.x] *= factor; }');
    const x = new Float32Array([1, 2, 3, 4]);
    runReference(scaled, { grid: 1, block: 4, scope: { factor: 3 } }, [x]);
    expect(Array.from(x)).toEqual([3, 6, 9, 12]);
  });

  it('reports a thrown error with the thread that threw it', () => {
    const checked = kernel(`function checked(x) {
      if (gpu.globalIdx.x === 5) throw new Error('bad element');
    }`);
    expect(() => runReference(checked, { grid: 2, block: 4 }, [new Float32Array(8)])).toThrowError(
      /bad element \(block 1,0,0, thread 1,0,0\)/,
    );
    expect(() => runReference(checked, { grid: 2, block: 4 }, [new Float32Array(8)])).toThrow(KernelError);
  });

  it('refuses barriers under divergent control flow', () => {
    const divergent = kernel(`function divergent(x) {
      if (gpu.threadIdx.x < 2) gpu.barrier();
    }`);
    expect(() => runReference(divergent, { grid: 1, block: 4 }, [new Float32Array(4)])).toThrow(
      /different collective operations/,
    );
  });

  it('checks launch sizes', () => {
    expect(() => runReference(kernel('function k() {}'), { grid: 0, block: 1 }, [])).toThrow(
      /the grid's x extent must be a positive integer up to 2\^31 - 1, not 0 \[bad-launch\]/,
    );
  });
});
