// Asynchronous copies into shared memory (gpu.copyAsync, gpu.copyAsyncCommit, gpu.copyAsyncWait):
// their typing, the reference runner's alignment check, and the native target's synchronous copy
// with the bounds-checking mode's range and alignment checks (the conformance corpus's
// copy-async compares a pipeline with the reference runner).
import { describe, expect, it } from 'vitest';
import {
  type ConformanceEntry,
  corpusDirectory,
  conformanceHelpers as helpers,
  loadConformance,
} from '../../src/entry/tools.js';
import { globalMethods } from '../../src/frontend/index.js';
import { defineDevice, Float16Bits, KernelError, launchNative, runReference } from '../../src/index.js';
import { refusalOf } from '../helpers.js';

const pipeline = (await loadConformance(corpusDirectory())).find(
  (e) => e.name === 'copy-async',
) as ConformanceEntry;

/** The CompileError a kernel `k(out: f32[], h: f16[])` with this body is refused with. */
const refusal = (body: string, scope: Record<string, unknown> = {}) => refusalOf(body, scope, 'copy');

/** Each thread copies 8 f16s of `h` from `from + 8 t` to its place in a shared tile, read back reversed. */
const staged = `function staged(h, out, from, to) {
  const tile = gpu.sharedArray(Float16Bits, 256);
  const t = gpu.threadIdx.x;
  gpu.copyAsync(tile, to + 8 * t, h, from + 8 * t);
  gpu.copyAsyncCommit();
  gpu.copyAsyncWait(0);
  gpu.barrier();
  for (let q = 0; q < 8; q++) out[8 * t + q] = tile[255 - 8 * t - q];
}`;

describe('asynchronous copies: typing', () => {
  it('refuse copies but from a global array into a shared one of the same type, with coded errors', () => {
    const cases = {
      'gpu.copyAsync(h, 0, h, 0);': /copies into a shared array/,
      'const s = gpu.sharedArray(Float16Bits, 64); gpu.copyAsync(s, 0, s, 8);':
        /from a one-dimensional array argument/,
      'const s = gpu.sharedArray(Float32Array, 64); gpu.copyAsync(s, 0, h, 0);':
        /one element type, not f16\[\] into f32\[\] shared/,
      'const s = gpu.sharedArray(Float16Bits, 64); gpu.copyAsync(s, 0, table, 0);':
        /from a one-dimensional array argument/,
    };
    for (const [body, message] of Object.entries(cases)) {
      const error = refusal(body, { table: new Float16Bits(64) });
      expect([body, error.code, error.location.line]).toEqual([body, 'type-mismatch', 2]);
      expect(error.detail).toMatch(message);
    }
    expect(refusal('const s = gpu.sharedArray(Float16Bits, 64); gpu.copyAsync(s, 0.5, h, 0);').code).toBe(
      'bad-index',
    );
  });
});

describe('asynchronous copies: the reference runner and the native target', () => {
  const h = Float16Bits.from(Array.from({ length: 512 }, (_, i) => i / 4));
  const expected = Float32Array.from({ length: 256 }, (_, i) => (8 + 255 - i) / 4);

  it('copy 16 bytes at once, read by other threads after the wait and a barrier, alike', () => {
    const native = new Float32Array(256);
    launchNative({ text: staged, file: 'staged.js' }, { grid: 1, block: 32 }, h, native, 8, 0);
    expect(Array.from(native)).toEqual(Array.from(expected));
    const reference = new Float32Array(256);
    runReference(new Function(`return ${staged}`)(), { grid: 1, block: 32 }, [h, reference, 8, 0]);
    expect(Array.from(reference)).toEqual(Array.from(expected));
  });

  it('take a float count natively where it is a non-negative integer once optimised, as CUDA does', () => {
    const launch = (count: string, scope: Record<string, unknown>) => () => {
      const native = new Float32Array(256);
      const text = staged.replace('gpu.copyAsyncWait(0);', `gpu.copyAsyncWait(${count});`);
      launchNative({ text, file: 'floored.js' }, { grid: 1, block: 32, scope }, h, native, 8, 0);
      return Array.from(native);
    };
    expect(launch('Math.floor(H)', { H: 0.5 })()).toEqual(Array.from(expected));
    const line = expect.objectContaining({ line: 6 });
    for (const [count, scope] of [
      ['H', { H: 0.5 }],
      ['Math.floor(H)', { H: -2.5 }],
      ['Math.floor(from / 3)', {}],
    ] as const)
      expect(launch(count, scope)).toThrow(expect.objectContaining({ code: 'not-constant', location: line }));
  });

  it('refuse offsets that are not multiples of the elements a copy moves, in the reference runner', () => {
    const run = (from: number, to: number) => () =>
      runReference(new Function(`return ${staged}`)(), { grid: 1, block: 32 }, [
        h,
        new Float32Array(256),
        from,
        to,
      ]);
    expect(run(4, 0)).toThrow(KernelError);
    expect(run(0, 2)).toThrow(
      /copies 8 elements of this array and needs offsets that are multiples of 8, not 2 and 0/,
    );
  });

  it('refuse a read of a shared element before its copy has arrived, in the reference runner', () => {
    const run = (text: string, args: unknown[]) => () =>
      runReference(new Function(`return ${text}`)(), { grid: 1, block: 32 }, args);
    // Its own copy, read before the wait.
    const ownBeforeWait = staged
      .replace('gpu.copyAsyncWait(0);', '')
      .replace('tile[255 - 8 * t - q]', 'tile[8 * t + q]');
    expect(run(ownBeforeWait, [h, new Float32Array(256), 8, 0])).toThrow(
      /a shared element is read before its own gpu\.copyAsync .*wait for it first.*\(block 0,0,0, thread 0,0,0\)/,
    );
    // Another thread's copy, waited for by that thread but with no barrier since.
    const noBarrierAfterWait = staged.replace(
      'gpu.copyAsyncWait(0);\n  gpu.barrier();',
      'gpu.barrier();\n  gpu.copyAsyncWait(0);',
    );
    expect(run(noBarrierAfterWait, [h, new Float32Array(256), 8, 0])).toThrow(
      /before the gpu\.copyAsync of thread 31,0,0 .*then both pass a gpu\.barrier\(\)/,
    );
    // A pipeline that waits for one group too few: the stage it multiplies is still copying.
    const early = pipeline.source.replace('gpu.copyAsyncWait(1)', 'gpu.copyAsyncWait(2)');
    const launch = (text: string) => () =>
      runReference(new Function(`return ${text}`)(), { grid: 3, block: 64 }, pipeline.args(helpers));
    expect(launch(early)).toThrow(/a shared element is read before .*gpu\.copyAsync/);
    launch(pipeline.source)();
  });

  it('keep the account where a device function of the method table starts the copies', () => {
    // The kernel's text never names gpu.copyAsync: which functions copy is what inference found.
    const method = defineDevice({
      text: 'function stage(tile, at, h, from) { gpu.copyAsync(tile, at, h, from); gpu.copyAsyncCommit(); }',
      file: 'stage.js',
    });
    try {
      const early = `function early(h, out) {
  const tile = gpu.sharedArray(Float16Bits, 256);
  const t = gpu.threadIdx.x;
  stage(tile, 8 * t, h, 8 * t);
  out[t] = tile[8 * t];
}`;
      expect(() =>
        runReference({ text: early, file: 'early.js' }, { grid: 1, block: 32 }, [h, new Float32Array(32)]),
      ).toThrow(/a shared element is read before its own gpu\.copyAsync/);
    } finally {
      globalMethods.delete(method);
    }
  });

  it('check both ranges and the alignment in the bounds-checking mode, natively', () => {
    const checked = { grid: 1, block: 32, config: { boundsCheck: true } };
    const run = (from: number, to: number) => () =>
      launchNative({ text: staged, file: 'staged.js' }, checked, h, new Float32Array(256), from, to);
    run(256, 0)();
    expect(run(264, 0)).toThrow('index out of range (in staged at staged.js:4');
    expect(run(-8, 0)).toThrow('index out of range (in staged at staged.js:4');
    expect(run(0, 8)).toThrow('index out of range (in staged at staged.js:4');
    expect(run(4, 0)).toThrow(
      'gpu.copyAsync needs offsets that are multiples of 8 (in staged at staged.js:4',
    );
  });
});
