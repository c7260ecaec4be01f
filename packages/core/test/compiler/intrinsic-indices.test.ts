// The offsets, leading dimensions and lanes of intrinsics, and a view's get and set indices, take
// what an array access takes: an integer, an integral float constant (16.0, 8 / 4) or a loop
// counter that counts in f64; a fraction is bad-index. Run natively and in the reference runner,
// which must agree.
import { describe, expect, it } from 'vitest';
import { CompileError, Float16Bits, launchNative, runReference, view } from '../../src/index.js';

/** Runs a kernel natively and in the reference runner on fresh arguments; gives both results. */
function both(text: string, block: number, make: () => unknown[]) {
  const native = make();
  const reference = make();
  launchNative({ text, file: 'indices.js' }, { grid: 1, block }, ...native);
  runReference(new Function(`return ${text}`)(), { grid: 1, block }, reference);
  const show = (args: unknown[]) =>
    args.filter((a) => a instanceof Float32Array).map((a) => Array.from(a as Float32Array));
  return { native: show(native), reference: show(reference) };
}

/** The compile error of a kernel launched natively. */
function refusal(text: string, block: number, make: () => unknown[]): CompileError {
  try {
    launchNative({ text, file: 'indices.js' }, { grid: 1, block }, ...make());
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
  throw new Error('compiled');
}

const halves = () => Float16Bits.from(Array.from({ length: 1024 }, (_, i) => ((i * 7) % 13) / 8 - 0.75));
const floats = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 5) % 11) - 5);

// `t < n[0]` compares with an f64: `t` counts in f64, as JavaScript's does.
const matrix = `function k(h, c, out, n) {
  let acc = gpu.matrixLoadAccumulator(c, 64 / 8, 16.0);
  for (let t = 0; t < n[0]; t += 8)
    acc = gpu.matrixMultiplyAdd(gpu.matrixLoadA(h, t, 16.0), gpu.matrixLoadB(h, 32.0, 8 / 0.5), acc);
  gpu.matrixStore(out, 16.0, 8 * 2.0, acc);
}`;

const shuffles = `function k(x, out, n) {
  const i = gpu.threadIdx.x;
  let s = gpu.shuffle(x[i], 3.0) + gpu.shuffleDown(x[i], 8 / 4) + gpu.shuffleXor(x[i], 1.0);
  for (let t = 0; t < n[0]; t++) s += gpu.shuffleUp(x[i], t);
  out[i] = s;
}`;

const copies = `function k(x, out, n) {
  const tile = gpu.sharedArray(Float32Array, 64);
  const i = gpu.threadIdx.x;
  for (let t = 0; t < n[0]; t += 4) if (i === 0) gpu.copyAsync(tile, t, x, 8 / 2);
  if (i === 1) gpu.copyAsync(tile, 16.0, x, 12.0);
  gpu.copyAsync(tile, 32 + 4 * i, x, 8 + 4 * i);
  gpu.copyAsyncCommit();
  gpu.copyAsyncWait(0);
  gpu.barrier();
  out[i] = tile[i] + tile[16 + (i & 3)] + tile[32 + i];
}`;

const warpgroup = `function k(out, n) {
  for (let t = 0; t < n[0]; t += 4096) gpu.matrixWarpgroupStore(out, t, 128 / 2, gpu.matrixWarpgroupFill(t + 0.5, 64));
}`;

// A view's get and set take the same indices.
const views = `function k(m, out, n) {
  out[0] = m.get(1.0, 8 / 4);
  for (let t = 0; t < n[0]; t++) m.set(t, 2.0, t + 0.5);
  out[1] = m.get(2, 2) + m.get(1, 2.0) * 10;
}`;

const matrixArgs = () => [halves(), floats(300), new Float32Array(300), new Float64Array([16.5])];
const shuffleArgs = () => [floats(32), new Float32Array(32), new Float64Array([3.5])];
const copyArgs = () => [floats(64), new Float32Array(8), new Float64Array([8.5])];

const viewArgs = () => [view(floats(12), 4, 3), new Float32Array(2), new Float64Array([2.5])];

describe('index arguments of intrinsics', () => {
  it('take integral float constants and f64 loop counters, natively as in JavaScript', () => {
    const runs = [
      both(matrix, 32, matrixArgs),
      both(shuffles, 32, shuffleArgs),
      both(copies, 8, copyArgs),
      both(views, 1, viewArgs),
      both(warpgroup, 128, () => [new Float32Array(2 * 4096), new Float64Array([4096.5])]),
    ];
    for (const { native, reference } of runs) {
      expect(native).toEqual(reference);
      // Something was written: an untouched output would agree too.
      expect(native.at(-1)?.some((v) => v !== 0)).toBe(true);
    }
  });

  it('refuse a fraction or another float as bad-index, naming the argument', () => {
    const cases = [
      [
        matrix.replace('64 / 8, 16.0', '0.5, 16.0'),
        matrixArgs,
        /the offset of a tile must be an integer, not float literal/,
      ],
      [
        matrix.replace('gpu.matrixLoadA(h, t, 16.0)', 'gpu.matrixLoadA(h, 0, n[0])'),
        matrixArgs,
        /the leading dimension of a tile must be an integer, not f64/,
      ],
      [matrix.replace('out, 16.0,', 'out, 1.5,'), matrixArgs, /the offset of a tile/],
      [shuffles.replace('3.0', '2.5'), shuffleArgs, /the lane argument of a shuffle must be an integer/],
      [copies.replace('x, 8 / 2', 'x, 9 / 2'), copyArgs, /the global offset of a copy must be an integer/],
      [views.replace('1.0, 8 / 4', '1.0, 0.5'), viewArgs, /view indices must be integers, not float literal/],
      [
        copies.replace('tile, t,', 'tile, n[0],'),
        copyArgs,
        /the shared offset of a copy must be an integer, not f64/,
      ],
    ] as const;
    for (const [text, make, message] of cases) {
      const error = refusal(text, 32, make);
      expect([text, error.code]).toEqual([text, 'bad-index']);
      expect(error.message).toMatch(message);
    }
  });
});
