// Loops and branches left on a value read from shared memory, with barriers inside: WGSL takes
// such a read as uniform through workgroupUniformLoad where it directly follows a barrier
// (src/target/uniform.ts); elsewhere the shader compiler's refusal says what to write.
import { CompileError } from '@gpuc/core/compiler';
import { afterAll, describe, expect, it } from 'vitest';
import { hasWebGPU, launchWebGPU, releaseWebGPU } from '../src/index.js';
import { both, kernel } from './both.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);

describe.skipIf(!available)('a shared value that decides control flow holding a barrier', () => {
  it('leaves a loop on a plain i32 flag read directly after a barrier, as the reference does', async () => {
    const halve = kernel(`function halve(x, rounds) {
  const t = gpu.threadIdx.x;
  const flag = gpu.sharedArray(Int32Array, 2);
  let count = 0;
  do {
    if (t === 0) flag[1] = 0;
    gpu.barrier();
    if (x[t] > 1) { x[t] = x[t] >> 1; flag[1] = 1; }
    gpu.barrier();
    count += 1;
    const more = flag[1] === 1;
    gpu.barrier();
    if (!more) break;
  } while (true);
  rounds[t] = count;
}`);
    const { expected, actual } = await both(halve, { grid: 1, block: 16 }, () => [
      Int32Array.from({ length: 16 }, (_, i) => (i * 37) % 300),
      new Int32Array(16),
    ]);
    expect(actual).toEqual(expected);
    expect((expected[1] as Int32Array)[0]).toBe(9);
  });

  it('decides a while condition and an if holding a barrier by an atomic and a dynamic shared flag', async () => {
    const settle = kernel(`function settle(x, out) {
  const t = gpu.threadIdx.x;
  const most = gpu.sharedArray(Int32Array, 1);
  const flag = gpu.dynamicSharedArray(Int32Array);
  if (t === 0) { most[0] = 1; flag[0] = 0; }
  gpu.barrier();
  let steps = 0;
  while (most[0] > 0) {
    gpu.barrier();
    if (t === 0) most[0] = 0;
    gpu.barrier();
    x[t] = x[t] >> 1;
    gpu.atomicMax(most, 0, x[t]);
    steps++;
    gpu.barrier();
  }
  if (t === 1) flag[0] = steps;
  gpu.barrier();
  if (flag[0] > 3) {
    gpu.barrier();
    out[t] = x[t] + flag[0];
  }
}`);
    const { expected, actual } = await both(settle, { grid: 1, block: 8, sharedBytes: 4 }, () => [
      Int32Array.from({ length: 8 }, (_, i) => i * 5),
      new Int32Array(8),
    ]);
    expect(actual).toEqual(expected);
    expect((expected[1] as Int32Array)[0]).toBe(6);
  });

  it('keeps a plain read after a barrier where a checked index may let a thread leave first', async () => {
    // A checked index is a branch out of the kernel: a read after one is no uniform read (whose
    // barrier WGSL would refuse there), as the kernel needs none.
    const after = kernel(`function after(x, out) {
  const t = gpu.threadIdx.x;
  const fixed = gpu.sharedArray(Int32Array, 1);
  fixed[0] = 5;
  gpu.barrier();
  const own = x[t];
  out[t] = own + fixed[0];
}`);
    const { expected, actual } = await both(
      after,
      { grid: 1, block: 4, config: { boundsCheck: true } } as never,
      () => [Int32Array.from([1, 2, 3, 4]), new Int32Array(4)],
    );
    expect(actual).toEqual(expected);
    expect([...(expected[1] as Int32Array)]).toEqual([6, 7, 8, 9]);
  });

  it('keeps a plain read after a barrier where a BigInt quotient may throw first', async () => {
    const quotient = kernel(`function quotient(a, b, out) {
  const t = gpu.threadIdx.x;
  const fixed = gpu.sharedArray(BigInt64Array, 1);
  fixed[0] = 5n;
  gpu.barrier();
  const q = a[t] / b[t];
  out[t] = q + fixed[0];
}`);
    const { expected, actual } = await both(quotient, { grid: 1, block: 4 }, () => [
      BigInt64Array.from([10n, -9n, 1n << 40n, 7n]),
      BigInt64Array.from([2n, 3n, 1n << 20n, -7n]),
      new BigInt64Array(4),
    ]);
    expect(actual).toEqual(expected);
    expect([...(expected[2] as BigInt64Array)]).toEqual([10n, 2n, (1n << 20n) + 5n, 4n]);
  });

  it('refuses a flag read with a write after the barrier, saying how to write it', async () => {
    const late = kernel(`function late(x) {
  const t = gpu.threadIdx.x;
  const flag = gpu.sharedArray(Int32Array, 1);
  for (;;) {
    if (t === 0) flag[0] = 0;
    gpu.barrier();
    x[t] = x[t] - 1;
    if (x[t] > 0) flag[0] = 1;
    gpu.barrier();
    x[t] = x[t] + 0;
    if (flag[0] === 0) break;
    gpu.barrier();
  }
}`);
    const error = await launchWebGPU(late, { grid: 1, block: 4 }, new Int32Array([1, 2, 3, 4])).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CompileError);
    expect(String(error)).toMatch(
      /kernels\.js:12:5: WebGPU's shader compiler rejects this: 'workgroupBarrier' must only be called from uniform control flow: it depends on the shared-array element read at kernels\.js:11:9\. Read it at a constant index directly after a gpu\.barrier\(\), nothing written between/,
    );
  });

  it('says nothing of shared arrays where the branch depends on something else', async () => {
    const divergent = kernel(`function divergent(x) {
  const t = gpu.threadIdx.x;
  if (x[t] > 0) gpu.barrier();
}`);
    const error = await launchWebGPU(divergent, { grid: 1, block: 4 }, new Int32Array(4)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CompileError);
    expect(String(error)).toMatch(
      /kernels\.js:3:17: .*'workgroupBarrier' must only be called from uniform control flow/,
    );
    expect(String(error)).not.toMatch(/shared-array|workgroupUniformLoad/);
  });
});
