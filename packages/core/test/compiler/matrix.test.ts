// The warp matrix operations (gpu.matrix*): their typing and the refusals of every other use of
// a fragment, the reference runner's checks of a warp's calls, and the native target's exact
// emulation (the conformance corpus's matrix-f16 compares it with the reference runner too).
import { describe, expect, it } from 'vitest';
import { BFloat16Bits, Float16Bits, KernelError, launchNative, runReference } from '../../src/index.js';
import { refusalOf } from '../helpers.js';

/** The CompileError a kernel `k(out: f32[], h: f16[])` with this body is refused with. */
const refusal = (body: string, scope: Record<string, unknown> = {}) => refusalOf(body, scope, 'matrix');

/** A product the way a kernel would write it: A (m x k) B (k x n) + C, one warp per 16x16 tile. */
const tiled = new Function(`return function tiled(a, b, c, out, n, k) {
  const row = gpu.blockIdx.y * 16;
  const column = gpu.blockIdx.x * 16;
  let acc = load(c, row * n + column, n);
  for (let kk = 0; kk < k; kk += 16)
    acc = gpu.matrixMultiplyAdd(gpu.matrixLoadA(a, row * k + kk, k), gpu.matrixLoadB(b, kk * n + column, n), acc);
  gpu.matrixStore(out, row * n + column, n, acc);
}`)() as (...args: unknown[]) => void;
// A device function taking and giving a fragment.
const load = new Function(
  'return function load(c, offset, ld) { return gpu.matrixLoadAccumulator(c, offset, ld); }',
)() as (...args: unknown[]) => unknown;

/** Deterministic values in [-1, 1). */
const noise = (seed: number) => (i: number) => (Math.imul(i + seed, 0x9e3779b1) >>> 8) / 2 ** 23 - 1;

describe('warp matrix operations: typing', () => {
  it('refuses every use of a fragment but the matrix operations, with a coded error at its line', () => {
    for (const use of [
      'out[0] = f + 1;',
      'out[0] = f;',
      "console.log('%f', f);",
      'if (f === f) out[0] = 1;',
      'if (f < 1) out[0] = 1;',
      'out[0] = f[0];',
      'out[0] = 0 < 1 ? f : 0;',
    ]) {
      const error = refusal(`const f = gpu.matrixFill(0); ${use}`);
      expect([use, error.location.line]).toEqual([use, 2]);
      expect(['type-mismatch', 'unknown-member', 'unstable-type']).toContain(error.code);
    }
  });

  it('refuses operands in the wrong place, arrays of other types and constant arrays', () => {
    const a = 'gpu.matrixLoadA(h, 0, 16)';
    const b = 'gpu.matrixLoadB(h, 0, 16)';
    const cases = {
      [`gpu.matrixMultiplyAdd(${b}, ${a}, gpu.matrixFill(0));`]:
        /an A operand, a B operand and an accumulator/,
      'gpu.matrixLoadA(ints, 0, 16);': /takes an f16, bf16 or f32 array .*not i32\[\]/,
      [`gpu.matrixMultiplyAdd(${a}, gpu.matrixLoadB(bh, 0, 16), gpu.matrixFill(0));`]: /one element type/,
      'gpu.matrixLoadAccumulator(h, 0, 16);': /takes an f32 array, not f16\[\]/,
      [`gpu.matrixStore(out, 0, 16, ${a});`]: /stores an accumulator/,
      'gpu.matrixStore(table, 0, 16, gpu.matrixFill(0));': /captured from the scope/,
    };
    for (const [body, message] of Object.entries(cases)) {
      const error = refusal(body, {
        table: new Float32Array(256),
        bh: new BFloat16Bits(256),
        ints: new Int32Array(256),
      });
      expect([body, error.code, error.location.line]).toEqual([body, 'type-mismatch', 2]);
      expect(error.detail).toMatch(message);
    }
    expect(refusal('gpu.matrixLoadA(h, 0.5, 16);').code).toBe('bad-index');
    expect(refusal('gpu.matrixFill(1n);').detail).toMatch(/takes a number \(not a BigInt\)/);
  });
});

describe('warp matrix operations: the reference runner and the native target', () => {
  const m = 32;
  const n = 48;
  const k = 64;
  /** Inputs whose products round: the order of the additions shows in the results. */
  const inputs = () => [
    Float16Bits.from(Array.from({ length: m * k }, noise(1))),
    Float16Bits.from(Array.from({ length: k * n }, noise(2))),
    Float32Array.from({ length: m * n }, noise(3)),
    new Float32Array(m * n),
    n,
    k,
  ];

  it('add in f32 in the order of k, each sum rounded, bit for bit alike', () => {
    const reference = inputs();
    runReference(tiled, { grid: [n / 16, m / 16], block: 32, scope: { load } }, reference);
    const native = inputs();
    launchNative(tiled, { grid: [n / 16, m / 16], block: 32, scope: { load } }, ...native);
    const [a, b, c] = reference as [
      InstanceType<typeof Float16Bits>,
      InstanceType<typeof Float16Bits>,
      Float32Array,
    ];
    // An independent product: f32 sums in k order (the products of f16s are exact in f32).
    const expected = Float32Array.from({ length: m * n }, (_, e) => {
      const [i, j] = [Math.floor(e / n), e % n];
      let sum = c[e] as number;
      for (let q = 0; q < k; q++)
        sum = Math.fround(sum + (a.value(i * k + q) as number) * (b.value(q * n + j) as number));
      return sum;
    });
    expect(reference[3]).toEqual(expected);
    expect(native[3]).toEqual(expected);
  });

  it('keep many accumulators through a k loop from shared memory, on the native target too', () => {
    // Four warps, each a 32x32 tile of C in four accumulators (16 products a step): a kernel
    // of many matrix products, each one suspend point natively.
    const blocked = new Function(`return function blocked(a, b, c, n) {
  const As = gpu.sharedArray(Float16Bits, 64 * 24);
  const Bs = gpu.sharedArray(Float16Bits, 16 * 72);
  const t = gpu.threadIdx.x;
  const wm = (t >> 6) * 32;
  const wn = ((t >> 5) & 1) * 32;
  let c00 = gpu.matrixFill(0), c01 = gpu.matrixFill(0), c10 = gpu.matrixFill(0), c11 = gpu.matrixFill(0);
  for (let k0 = 0; k0 < n; k0 += 16) {
    for (let q = t; q < 64 * 16; q += 128) {
      As[(q >> 4) * 24 + (q & 15)] = a[(gpu.blockIdx.y * 64 + (q >> 4)) * n + k0 + (q & 15)];
      Bs[(q >> 6) * 72 + (q & 63)] = b[(k0 + (q >> 6)) * n + gpu.blockIdx.x * 64 + (q & 63)];
    }
    gpu.barrier();
    const a0 = gpu.matrixLoadA(As, wm * 24, 24);
    const a1 = gpu.matrixLoadA(As, (wm + 16) * 24, 24);
    const b0 = gpu.matrixLoadB(Bs, wn, 72);
    const b1 = gpu.matrixLoadB(Bs, wn + 16, 72);
    c00 = gpu.matrixMultiplyAdd(a0, b0, c00);
    c01 = gpu.matrixMultiplyAdd(a0, b1, c01);
    c10 = gpu.matrixMultiplyAdd(a1, b0, c10);
    c11 = gpu.matrixMultiplyAdd(a1, b1, c11);
    gpu.barrier();
  }
  const at = (gpu.blockIdx.y * 64 + wm) * n + gpu.blockIdx.x * 64 + wn;
  gpu.matrixStore(c, at, n, c00);
  gpu.matrixStore(c, at + 16, n, c01);
  gpu.matrixStore(c, at + 16 * n, n, c10);
  gpu.matrixStore(c, at + 16 * n + 16, n, c11);
}`)() as (...args: unknown[]) => void;
    const size = 128;
    const integers = (seed: number) => (i: number) => ((Math.imul(i + seed, 0x9e3779b1) >>> 13) % 5) - 2;
    const a = Float16Bits.from(Array.from({ length: size * size }, integers(1)));
    const b = Float16Bits.from(Array.from({ length: size * size }, integers(2)));
    const c = new Float32Array(size * size);
    launchNative(blocked, { grid: [size / 64, size / 64], block: 128 }, a, b, c, size);
    const expected = Float32Array.from({ length: size * size }, (_, e) => {
      let sum = 0;
      for (let q = 0; q < size; q++)
        sum +=
          (a.value(Math.floor(e / size) * size + q) as number) * (b.value(q * size + (e % size)) as number);
      return sum;
    });
    expect(c).toEqual(expected);
  });

  it('load tiles from dynamic shared memory in the reference runner: every call is the same array', () => {
    const staged = `function staged(h, out) {
  const tile = gpu.dynamicSharedArray(Float16Bits);
  for (let i = gpu.threadIdx.x; i < 256; i += 32) tile[i] = h[i];
  gpu.barrier();
  const a = gpu.matrixLoadA(tile, 0, 16);
  gpu.matrixStore(out, 0, 16, gpu.matrixMultiplyAdd(a, gpu.matrixLoadB(tile, 0, 16), gpu.matrixFill(0)));
}`;
    const h = Float16Bits.from(Array.from({ length: 256 }, (_, i) => (i % 7) - 3));
    const [reference, native] = [new Float32Array(256), new Float32Array(256)];
    const launch = { grid: 1, block: 32, sharedBytes: 512 };
    runReference(new Function(`return ${staged}`)(), launch, [h, reference]);
    launchNative({ text: staged, file: 'staged.js' }, launch, h, native);
    expect(reference).toEqual(native);
    expect(reference.some((x) => x !== 0)).toBe(true);
  });

  it('check every corner of a tile in the bounds-checking mode, natively', () => {
    const checked = { grid: 1, block: 32, config: { boundsCheck: true } };
    const copy = {
      text: `function copy(h, out, offset, ld, at) {
  const acc = gpu.matrixMultiplyAdd(gpu.matrixLoadA(h, offset, ld), gpu.matrixLoadB(h, 0, 16), gpu.matrixFill(0));
  gpu.matrixStore(out, at, 16, acc);
}`,
      file: 'copy.js',
    };
    const run = (offset: number, ld: number, at: number) => () =>
      launchNative(copy, checked, new Float16Bits(512), new Float32Array(256), offset, ld, at);
    run(0, 16, 0)();
    run(256, 16, 0)();
    for (const [offset, ld, at] of [
      [264, 16, 0], // A's last row past the end
      [-8, 16, 0], // A's first element before the start
      [0, 40, 0], // A's rows spread past the end
      [480, -40, 0], // a negative leading dimension reaching before the start
      [0, 16, 8], // the stored tile's last row past the end
    ] as const)
      expect(run(offset, ld, at)).toThrow('index out of range (in copy at copy.js:');
  });

  it('refuse a partial warp, lanes passing different arguments, and unaligned tiles', () => {
    const launch = (text: string, block: number) => () =>
      runReference(new Function(`return function k(h, out) {\n  ${text}\n}`)(), { grid: 1, block }, [
        new Float16Bits(1024),
        new Float32Array(1024),
      ]);
    expect(launch('gpu.matrixLoadA(h, 0, 16);', 48)).toThrow(
      /needs a full warp of 32 lanes; this warp has 16/,
    );
    expect(launch('gpu.matrixLoadA(h, gpu.laneId * 8, 16);', 32)).toThrow(
      /passed different values as argument 2 of gpu\.matrixLoadA/,
    );
    expect(launch('gpu.matrixStore(out, 4, 16, gpu.matrixFill(1));', 32)).toThrow(
      /multiples of 8, not 4 and 16/,
    );
    expect(launch('if (gpu.laneId < 16) gpu.matrixFill(1);', 32)).toThrow(KernelError);
  });
});
