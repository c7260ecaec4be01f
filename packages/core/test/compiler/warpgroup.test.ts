// The warpgroup matrix operations (gpu.matrixWarpgroup*): their typing, the reference runner's
// checks of a warpgroup's calls and of its asynchronous products, and the native target's exact
// emulation against the reference runner.
import { describe, expect, it } from 'vitest';
import {
  aIndex,
  bIndex,
  swizzled,
  swizzledAIndex,
  swizzledBIndex,
} from '../../src/frontend/catalogue/warpgroup.js';
import { BFloat16Bits, Float16Bits, KernelError, launchNative, runReference } from '../../src/index.js';
import { refusalOf } from '../helpers.js';
import { swizzledKernel } from '../warpgroup-kernels.js';

/** The CompileError a kernel `k(out: f32[], h: f16[])` with this body is refused with. */
const refusal = (body: string) => refusalOf(body, {}, 'warpgroup');

/** Fractions whose products and sums round in f32: the order of the additions shows. */
const noise = (seed: number) => (_: unknown, i: number) =>
  (Math.imul(i + seed, 0x9e3779b1) >>> 8) / 2 ** 23 - 1;

/**
 * Two warpgroups, each C (64 x n) = fill + A B over `k` in steps of 16: A (128 x k) and B (k x n),
 * row-major in global memory, staged in shared memory in the core-matrix layout; two products
 * per group, waited for one group late, as a pipelined kernel does.
 */
const kernel = (n: number, k: number, kind = 'Float16Bits') => `function product(a, b, c) {
  const t = gpu.threadIdx.x;
  const group = t >> 7;
  const as = gpu.sharedArray(${kind}, ${128 * k});
  const bs = gpu.sharedArray(${kind}, ${k * n});
  for (let e = t; e < ${128 * k}; e += 256) {
    const r = (e / ${k}) | 0;
    const kk = e % ${k};
    as[(kk >> 4) * 2048 + (r >> 3) * 128 + ((kk >> 3) & 1) * 64 + (r & 7) * 8 + (kk & 7)] = a[e];
  }
  for (let e = t; e < ${k * n}; e += 256) {
    const kk = (e / ${n}) | 0;
    const j = e % ${n};
    bs[(kk >> 4) * ${16 * n} + (j >> 3) * 128 + ((kk >> 3) & 1) * 64 + (kk & 7) * 8 + (j & 7)] = b[e];
  }
  gpu.barrier();
  let acc = gpu.matrixWarpgroupFill(0.25, ${n});
  for (let s = 0; s < ${k / 16}; s += 2) {
    acc = gpu.matrixWarpgroupMultiplyAdd(as, s * 2048 + group * 1024, bs, s * ${16 * n}, acc);
    acc = gpu.matrixWarpgroupMultiplyAdd(as, (s + 1) * 2048 + group * 1024, bs, (s + 1) * ${16 * n}, acc);
    gpu.matrixWarpgroupCommit();
    acc = gpu.matrixWarpgroupWait(1, acc);
  }
  acc = gpu.matrixWarpgroupWait(0, acc);
  gpu.matrixWarpgroupStore(c, group * ${64 * n}, ${n}, acc);
}`;

/** The same product computed apart: f32 sums in k order, each rounded. */
function expected(a: { value(i: number): number | undefined }, b: typeof a, n: number, k: number) {
  return Float32Array.from({ length: 128 * n }, (_, e) => {
    const [i, j] = [Math.floor(e / n), e % n];
    let sum = 0.25;
    for (let q = 0; q < k; q++)
      sum = Math.fround(sum + (a.value(i * k + q) as number) * (b.value(q * n + j) as number));
    return sum;
  });
}

/** The KernelError message of a reference launch of `text` with a block of `block` threads. */
function runError(text: string, block: number, args: unknown[]): string {
  try {
    runReference({ text, file: 'wrong.js' }, { grid: 1, block }, args);
  } catch (error) {
    expect(error).toBeInstanceOf(KernelError);
    return (error as Error).message;
  }
  throw new Error('ran');
}

describe('warpgroup matrix operations: the layout', () => {
  it('puts the core matrices of A and B where the descriptors say: 128 bytes along k, 256 across', () => {
    expect([aIndex(0, 0), aIndex(0, 7), aIndex(1, 0), aIndex(0, 8), aIndex(8, 0), aIndex(63, 15)]).toEqual([
      0, 7, 8, 64, 128, 1023,
    ]);
    expect([bIndex(0, 0), bIndex(0, 7), bIndex(1, 0), bIndex(8, 0), bIndex(0, 8), bIndex(15, 255)]).toEqual([
      0, 7, 8, 64, 128, 4095,
    ]);
  });
});

describe('warpgroup matrix operations: typing', () => {
  it('refuses misuse with a coded error at its line', () => {
    const cases: Record<string, RegExp> = {
      'const n = out.length; gpu.matrixWarpgroupFill(0, n);': /constant multiple of 8 from 8 to 256/,
      'gpu.matrixWarpgroupFill(0, 12);': /constant multiple of 8 from 8 to 256/,
      'gpu.matrixWarpgroupFill(0, 264);': /constant multiple of 8 from 8 to 256/,
      'gpu.matrixWarpgroupMultiplyAdd(h, 0, h, 0, gpu.matrixWarpgroupFill(0, 64));':
        /from shared arrays of f16 or bf16/,
      'const s = gpu.sharedArray(Float16Bits, 1024); gpu.matrixWarpgroupMultiplyAdd(s, 0, s, 0, gpu.matrixFill(0));':
        /a warpgroup accumulator/,
      'const s = gpu.sharedArray(Float16Bits, 1024); const t = gpu.sharedArray(BFloat16Bits, 1024); gpu.matrixWarpgroupMultiplyAdd(s, 0, t, 0, gpu.matrixWarpgroupFill(0, 8));':
        /one element type/,
      'gpu.matrixWarpgroupStore(out, 0, 64, gpu.matrixFill(0));': /stores a warpgroup accumulator/,
      'gpu.matrixWarpgroupStore(h, 0, 64, gpu.matrixWarpgroupFill(0, 64));':
        /into a one-dimensional f32 array/,
      'gpu.matrixStore(out, 0, 16, gpu.matrixWarpgroupFill(0, 64));': /stores an accumulator/,
      'gpu.matrixWarpgroupWait(0, 1);': /takes a warpgroup accumulator/,
      'out[0] = gpu.matrixWarpgroupFill(0, 64);': /./,
    };
    for (const [body, message] of Object.entries(cases)) {
      const error = refusal(body);
      expect([body, error.location.line]).toEqual([body, 2]);
      expect(['type-mismatch', 'no-method']).toContain(error.code);
      expect(error.detail).toMatch(message);
    }
  });
});

describe('warpgroup matrix operations: the columns', () => {
  it('come from a literal, a constant bound to one or a number of the scope', () => {
    for (const columns of ['64', 'N', 'COLUMNS', '32 * 2']) {
      const text = `function k(out) {
  const N = 64;
  gpu.matrixWarpgroupStore(out, 0, 64, gpu.matrixWarpgroupFill(1.5, ${columns}));
}`;
      const out = new Float32Array(64 * 64);
      launchNative({ text, file: 'columns.js' }, { grid: 1, block: 128, scope: { COLUMNS: 64 } }, out);
      expect(out.every((x) => x === 1.5)).toBe(true);
    }
    expect(refusalOf('gpu.matrixWarpgroupFill(0, COLUMNS);', { COLUMNS: 12 }, 'warpgroup').detail).toMatch(
      /constant multiple of 8/,
    );
  });
});

describe('warpgroup matrix operations: the reference runner and the native target', () => {
  for (const [name, Kind] of [
    ['f16', Float16Bits],
    ['bf16', BFloat16Bits],
  ] as const) {
    it(`add in f32 in the order of k, each sum rounded, bit for bit alike (${name})`, () => {
      const [n, k] = [24, 64];
      const a = Kind.from(Array.from({ length: 128 * k }, noise(1)));
      const b = Kind.from(Array.from({ length: k * n }, noise(2)));
      const text = kernel(n, k, name === 'f16' ? 'Float16Bits' : 'BFloat16Bits');
      const [reference, native] = [new Float32Array(128 * n), new Float32Array(128 * n)];
      runReference({ text, file: 'product.js' }, { grid: 1, block: 256 }, [a, b, reference]);
      launchNative({ text, file: 'product.js' }, { grid: 1, block: 256 }, a, b, native);
      const want = expected(a, b, n, k);
      expect(reference).toEqual(want);
      expect(native).toEqual(want);
    });
  }

  const a = Float16Bits.from(Array.from({ length: 128 * 16 }, noise(1)));
  const b = Float16Bits.from(Array.from({ length: 16 * 8 }, noise(2)));
  const body = (middle: string) => `function k(a, b, c) {
  const t = gpu.threadIdx.x;
  const as = gpu.sharedArray(Float16Bits, 2048);
  const bs = gpu.sharedArray(Float16Bits, 128);
  let acc = gpu.matrixWarpgroupFill(0, 8);
  ${middle}
}`;

  it('refuses a partial warpgroup, threads that pass different values, misaligned tiles', () => {
    const product = 'acc = gpu.matrixWarpgroupMultiplyAdd(as, OFFSET, bs, 0, acc);';
    expect(runError(body(product.replace('OFFSET', '0')), 64, [a, b, new Float32Array(1024)])).toMatch(
      /needs a full warpgroup of 128 threads \(four warps\); this one has 64/,
    );
    expect(
      runError(body(product.replace('OFFSET', '(t >> 5) * 8')), 128, [a, b, new Float32Array(1024)]),
    ).toMatch(/different values as argument 2 of gpu\.matrixWarpgroupMultiplyAdd/);
    expect(runError(body(product.replace('OFFSET', '4')), 128, [a, b, new Float32Array(1024)])).toMatch(
      /needs offsets that are multiples of 8, not 4 and 0/,
    );
    expect(
      runError(body('gpu.matrixWarpgroupStore(c, 0, 12, acc);'), 128, [a, b, new Float32Array(1024)]),
    ).toMatch(/needs offsets and a leading dimension that are multiples of 8, not 0 and 12/);
  });

  it('refuses an accumulator stored before a wait covers its product, and warps of a warpgroup apart', () => {
    const args = () => [a, b, new Float32Array(1024)];
    const issue = 'acc = gpu.matrixWarpgroupMultiplyAdd(as, 0, bs, 0, acc);';
    const store = 'gpu.matrixWarpgroupStore(c, 0, 8, acc);';
    const early = /reads an accumulator whose product may still be running on a GPU/;
    expect(runError(body(`${issue} ${store}`), 128, args())).toMatch(early);
    // Waiting without committing covers nothing; waiting for all but the newest group neither.
    expect(runError(body(`${issue} acc = gpu.matrixWarpgroupWait(0, acc); ${store}`), 128, args())).toMatch(
      early,
    );
    expect(
      runError(
        body(`${issue} gpu.matrixWarpgroupCommit(); acc = gpu.matrixWarpgroupWait(1, acc); ${store}`),
        128,
        args(),
      ),
    ).toMatch(early);
    const fine = body(
      `${issue} gpu.matrixWarpgroupCommit(); acc = gpu.matrixWarpgroupWait(0, acc); ${store}`,
    );
    runReference({ text: fine, file: 'fine.js' }, { grid: 1, block: 128 }, args());
    // A filled accumulator needs no wait.
    runReference({ text: body(store), file: 'filled.js' }, { grid: 1, block: 128 }, args());
    // One warp of the warpgroup skips the product: the others wait for it at the barrier.
    expect(runError(body(`if (t >= 32) ${issue} gpu.barrier();`), 128, args())).toMatch(
      /threads of warpgroup 0 reached different collective operations/,
    );
  });

  it('refuses a store or copy into a tile that a product still reads', () => {
    const args = () => [a, b, new Float32Array(1024)];
    const issue = 'acc = gpu.matrixWarpgroupMultiplyAdd(as, 0, bs, 0, acc); gpu.matrixWarpgroupCommit();';
    const overwritten =
      /a shared element is overwritten while a gpu\.matrixWarpgroupMultiplyAdd that reads it may still be running/;
    expect(runError(body(`${issue} as[t] = 1;`), 128, args())).toMatch(overwritten);
    expect(runError(body(`${issue} gpu.copyAsync(bs, 8 * (t & 15), a, 0);`), 128, args())).toMatch(
      overwritten,
    );
    // After the wait, or outside the tiles, it may.
    const fine = [
      `${issue} acc = gpu.matrixWarpgroupWait(0, acc); as[t] = 1; bs[t] = 1;`,
      `${issue} as[1024 + t] = 1;`,
    ];
    for (const [i, text] of fine.entries())
      runReference({ text: body(text), file: `fine-${i}.js` }, { grid: 1, block: 128 }, args());
  });

  it('check the tiles in the bounds-checking mode, natively', () => {
    const checked = { grid: 1, block: 128, config: { boundsCheck: true } };
    const kernelOf = (middle: string) => ({
      text: `function k(out) {
  const as = gpu.sharedArray(Float16Bits, 1024);
  const bs = gpu.sharedArray(Float16Bits, 128);
  let acc = gpu.matrixWarpgroupFill(0, 8);
  ${middle}
}`,
      file: 'checked.js',
    });
    const run = (middle: string) => () => launchNative(kernelOf(middle), checked, new Float32Array(512));
    run(
      'acc = gpu.matrixWarpgroupMultiplyAdd(as, 0, bs, 0, acc); gpu.matrixWarpgroupStore(out, 0, 8, acc);',
    )();
    for (const middle of [
      'acc = gpu.matrixWarpgroupMultiplyAdd(as, 8, bs, 0, acc);', // A's tile past the end
      'acc = gpu.matrixWarpgroupMultiplyAdd(as, 0, bs, 8, acc);', // B's
      'acc = gpu.matrixWarpgroupMultiplyAdd(as, -8, bs, 0, acc);', // before the start
      'gpu.matrixWarpgroupStore(out, 8, 8, acc);', // the stored tile's last row past the end
    ])
      expect(run(middle), middle).toThrow('index out of range (in k at checked.js:5)');
  });
});

describe('warpgroup matrix operations: swizzled tiles', () => {
  it('place the elements as the swizzle permutes 16-byte chunks of each row by its index in the atom', () => {
    // 128 bytes: row 1's chunk 0 is chunk 1, row 7's chunk 7 is chunk 0.
    expect([swizzled(128, 64), swizzled(128, 7 * 64 + 7 * 8 + 3), swizzled(128, 512 + 64)]).toEqual([
      72,
      7 * 64 + 3,
      512 + 72,
    ]);
    // 32 bytes: bit 3 of the index flips with bit 6 (rows 4-7 of 16 elements each).
    expect([swizzled(32, 8), swizzled(32, 64), swizzled(32, 72), swizzled(32, 128)]).toEqual([
      8, 72, 64, 128,
    ]);
    expect([swizzledAIndex(128, 8, 0), swizzledAIndex(128, 1, 5), swizzledBIndex(128, 15, 65)]).toEqual([
      512,
      69,
      1024 + 15 * 64 + 1,
    ]);
  });

  for (const [bytes, n, name] of [
    [128, 64, 'f16'],
    [128, 128, 'bf16'],
    [64, 32, 'f16'],
    [32, 48, 'bf16'],
  ] as const) {
    it(`multiply ${bytes}-byte swizzled tiles as a plain product does, reference and native alike (${name}, n ${n})`, () => {
      const k = 128;
      const Kind = name === 'f16' ? Float16Bits : BFloat16Bits;
      const a = Kind.from(Array.from({ length: 128 * k }, noise(3)));
      const b = Kind.from(Array.from({ length: k * n }, noise(4)));
      const text = swizzledKernel(bytes, n, k, name === 'f16' ? 'Float16Bits' : 'BFloat16Bits');
      const [reference, native] = [new Float32Array(128 * n), new Float32Array(128 * n)];
      runReference({ text, file: 'swizzled.js' }, { grid: 1, block: 256 }, [a, b, reference]);
      launchNative({ text, file: 'swizzled.js' }, { grid: 1, block: 256 }, a, b, native);
      const want = expected(a, b, n, k);
      expect(reference).toEqual(want);
      expect(native).toEqual(want);
    });
  }

  it('refuses a swizzle that is no constant 32, 64 or 128, and columns that are no multiple of a row', () => {
    const shared = 'const s = gpu.sharedArray(Float16Bits, 8192);';
    const cases: Record<string, RegExp> = {
      [`${shared} gpu.matrixWarpgroupMultiplyAddSwizzled(s, 0, s, 0, gpu.matrixWarpgroupFill(0, 64), 16);`]:
        /a constant 32, 64 or 128/,
      [`${shared} const w = out.length; gpu.matrixWarpgroupMultiplyAddSwizzled(s, 0, s, 0, gpu.matrixWarpgroupFill(0, 64), w);`]:
        /a constant 32, 64 or 128/,
      [`${shared} gpu.matrixWarpgroupMultiplyAddSwizzled(s, 0, s, 0, gpu.matrixWarpgroupFill(0, 32), 128);`]:
        /a 128-byte swizzled product has a multiple of 64 columns, not 32/,
      'gpu.matrixWarpgroupMultiplyAddSwizzled(h, 0, h, 0, gpu.matrixWarpgroupFill(0, 64), 128);':
        /from shared arrays of f16 or bf16/,
    };
    for (const [body, message] of Object.entries(cases)) {
      const error = refusal(body);
      expect([body, error.location.line]).toEqual([body, 2]);
      expect(['type-mismatch', 'no-method']).toContain(error.code);
      expect(error.detail).toMatch(message);
    }
  });

  it('refuses tiles off the atoms in the reference runner, and checks their rows natively', () => {
    const a = Float16Bits.from(Array.from({ length: 128 * 64 }, noise(1)));
    const text = (aOffset: string, bOffset: string) => `function k(a, b, c) {
  const as = gpu.sharedArray(Float16Bits, 4096);
  const bs = gpu.sharedArray(Float16Bits, 1024);
  let acc = gpu.matrixWarpgroupFill(0, 64);
  acc = gpu.matrixWarpgroupMultiplyAddSwizzled(as, ${aOffset}, bs, ${bOffset}, acc, 128);
  gpu.matrixWarpgroupCommit();
  acc = gpu.matrixWarpgroupWait(0, acc);
  gpu.matrixWarpgroupStore(c, 0, 64, acc);
}`;
    const args = () => [a, a, new Float32Array(64 * 64)];
    expect(runError(text('8', '0'), 128, args())).toMatch(
      /gpu\.matrixWarpgroupMultiplyAddSwizzled: a 128-byte swizzled A tile starts in the first row of an atom \(its offset modulo 512 a multiple of 16 below 64\), not at 8/,
    );
    expect(runError(text('64', '0'), 128, args())).toMatch(/A tile starts in the first row of an atom/);
    expect(runError(text('0', '64'), 128, args())).toMatch(
      /a 128-byte swizzled B tile starts at an atom \(an offset that is a multiple of 512\), not at 64/,
    );
    for (const at of ['0', '48'])
      runReference({ text: text(at, '0'), file: 'fine.js' }, { grid: 1, block: 128 }, args());
    // The last A slice of the array reads up to its end; a B tile past it is refused natively.
    const checked = { grid: 1, block: 128, config: { boundsCheck: true } };
    launchNative({ text: text('48', '0'), file: 'checked.js' }, checked, a, a, new Float32Array(64 * 64));
    expect(() =>
      launchNative({ text: text('512', '0'), file: 'checked.js' }, checked, a, a, new Float32Array(64 * 64)),
    ).toThrow('index out of range (in k at checked.js:5)');
    expect(() =>
      launchNative({ text: text('0', '512'), file: 'checked.js' }, checked, a, a, new Float32Array(64 * 64)),
    ).toThrow('index out of range (in k at checked.js:5)');
  });
});
