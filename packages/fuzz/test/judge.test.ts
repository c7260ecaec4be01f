import { f16Round } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { encode, type FuzzCase } from '../src/case.js';
import { judge, judgeCompiled, ulpDistance } from '../src/classify.js';
import { Emulation } from '../src/emulate.js';
import { execute, type Run, type Runs } from '../src/execute.js';
import { generate } from '../src/generate.js';

describe('the emulation of documented divergences', () => {
  it('wraps i32 and u32 results that leave the type, and tags only then', () => {
    const e = new Emulation();
    expect(e.b('+', 'i32', 2147483647, 1)).toBe(-2147483648);
    expect(e.b('-', 'u32', 1, 2)).toBe(4294967295);
    expect(e.b('*', 'i32', 65536, 65537)).toBe(65536);
    expect([...e.fired]).toEqual(['int-wrap']);
    const quiet = new Emulation();
    expect(quiet.b('+', 'i32', 5, -7)).toBe(-2);
    expect(quiet.fired.size).toBe(0);
  });

  it("keeps JavaScript's -0 where no documented divergence changes it", () => {
    const e = new Emulation();
    expect(Object.is(e.neg('i32', 0), -0)).toBe(true);
    expect(Object.is(e.b('%', 'i32', -4, 2), -0)).toBe(true);
    expect(e.fired.size).toBe(0);
  });

  it('gives 0 for integer % by zero, rounds f32 per operation, wraps BigInts', () => {
    const e = new Emulation();
    expect(e.b('%', 'u32', 5, 0)).toBe(0);
    expect(e.b('+', 'f32', 16777216, 1)).toBe(16777216);
    expect(e.b('*', 'i64', 2n ** 62n, 4n)).toBe(0n);
    expect([...e.fired].sort()).toEqual(['f32-rounding', 'int-mod-zero', 'int-wrap']);
    expect(() => e.b('/', 'i64', 1n, 0n)).toThrow(RangeError);
  });

  it("updates an array's element as JavaScript does: old value first, stored converted, result unconverted", () => {
    const e = new Emulation();
    const local = new Int8Array([100, 0]);
    const seen: number[] = [];
    // The right side runs after the old element is read, and sees it unchanged.
    const result = e.at(local, 0, (old) => {
      seen.push(local[0] as number);
      return e.b('+', 'i32', old, 100);
    });
    expect([result, seen, Array.from(local)]).toEqual([200, [100], [-56, 0]]);
    expect(e.fired.size).toBe(0);
  });

  it("drops an integer's -0 where it crosses a function's boundary, and says so", () => {
    const e = new Emulation();
    expect(Object.is(e.z(e.neg('i32', 0)), 0)).toBe(true);
    expect([...e.fired]).toEqual(['int-zero-sign']);
    expect(Object.is(new Emulation().z(-3), -3)).toBe(true);
  });
});

describe('the emulation of a WebGPU device that flushes f32 subnormals', () => {
  const tiny = 2 ** -140;

  it('flushes subnormal operands and results of f32 arithmetic to a zero of their sign, and says so', () => {
    const e = new Emulation({ flushF32Subnormals: true });
    expect(e.b('+', 'f32', tiny, 1)).toBe(1);
    expect(Object.is(e.b('*', 'f32', -tiny, 2), -0)).toBe(true);
    // A normal product whose result is subnormal.
    expect(e.b('*', 'f32', 2 ** -100, 2 ** -30)).toBe(0);
    expect(e.fmaf(tiny, 2 ** 20, 1)).toBe(1);
    expect(e.m('abs', 'f32', -tiny)).toBe(0);
    expect([...e.fired]).toContain('f32-flush');
    // Other types, and normal f32 values, are left alone.
    const normal = new Emulation({ flushF32Subnormals: true });
    expect([normal.b('*', 'f64', tiny, 2), normal.b('*', 'f32', 2 ** -120, 2 ** 10)]).toEqual([
      tiny * 2,
      2 ** -110,
    ]);
    expect(normal.fired.has('f32-flush')).toBe(false);
    // Without the option, subnormals are kept.
    const kept = new Emulation();
    expect(kept.b('*', 'f32', 2 ** -100, 2 ** -30)).toBe(2 ** -130);
    expect(kept.fired.has('f32-flush')).toBe(false);
  });

  it('lets WebGPU give the flushed result only where the device flushes, never another back-end', () => {
    const c: FuzzCase = {
      source: 'function k(o0) {}',
      emulated: 'function k(o0) {}',
      helpers: [],
      params: [{ name: 'o0', kind: 'array', type: 'f32', values: ['0'] }],
      tolerance: {},
      barrier: false,
      features: [],
    };
    const ok = (v: number): Run => ({ status: 'ok', arrays: [[encode(v)]], ms: 0 });
    const runs: Runs = {
      js: ok(2 ** -130),
      emulated: { ...ok(2 ** -130), tags: [] },
      flushed: [{ ...ok(0), tags: ['f32-flush'] }],
      backends: { webgpu: ok(0), native: ok(0) },
    };
    expect(judge(c, runs).webgpu?.kind).toBe('undocumented');
    const flushing = judge(c, runs, { webgpuFlushesSubnormals: true });
    expect(flushing.webgpu).toEqual({ kind: 'documented', tags: ['f32-flush'] });
    expect(flushing.native?.kind).toBe('undocumented');
    // A result no flushing gives stays undocumented.
    expect(
      judge(c, { ...runs, backends: { webgpu: ok(1) } }, { webgpuFlushesSubnormals: true }).webgpu?.kind,
    ).toBe('undocumented');
  });
});

describe('judging a compiled run', () => {
  const kernel: FuzzCase = {
    source: 'function k(o0) {}',
    emulated: 'function k(o0) {}',
    helpers: [],
    params: [{ name: 'o0', kind: 'array', type: 'f64', values: ['0'] }],
    tolerance: {},
    barrier: false,
    features: [],
  };
  const ok = (...values: number[]): Run => ({ status: 'ok', arrays: [values.map((v) => encode(v))], ms: 0 });
  const runs = (js: Run, emulated: Run, tags: Runs['emulated']['tags'] = []): Runs => ({
    js,
    emulated: { ...emulated, tags },
    backends: {},
  });

  it('matches plain JavaScript bit-exactly: NaN equals NaN, -0 differs from 0', () => {
    expect(judgeCompiled(kernel, ok(Number.NaN), runs(ok(Number.NaN), ok(Number.NaN))).kind).toBe('match');
    expect(judgeCompiled(kernel, ok(0), runs(ok(-0), ok(-0))).kind).toBe('undocumented');
  });

  it("accepts a difference only when the emulation gives it, with the emulation's tags", () => {
    const wrapped = runs(ok(2147483648), ok(-2147483648), ['int-wrap']);
    expect(judgeCompiled(kernel, ok(-2147483648), wrapped)).toEqual({
      kind: 'documented',
      tags: ['int-wrap'],
    });
    expect(judgeCompiled(kernel, ok(0), wrapped).kind).toBe('undocumented');
  });

  it('holds a kernel that does not throw where JavaScript does to be undocumented', () => {
    const threw: Run = { status: 'threw', message: 'RangeError: Division by zero', ms: 0 };
    expect(judgeCompiled(kernel, ok(0), runs(threw, threw)).kind).toBe('undocumented');
  });

  it('holds a kernel the language rejects to be refused with its code, and anything else undocumented', () => {
    const rejected = { ...kernel, refusal: 'recursion' };
    const refused = (code: string): Run => ({ status: 'refused', code, message: 'h0 calls itself', ms: 0 });
    const ran = runs(ok(1), ok(1));
    expect(judgeCompiled(rejected, refused('recursion'), ran)).toEqual({
      kind: 'refused',
      code: 'recursion',
      detail: 'h0 calls itself',
    });
    expect(judgeCompiled(rejected, ok(1), ran).kind).toBe('undocumented');
    expect(judgeCompiled(rejected, { status: 'compiled', ms: 0 }, ran).kind).toBe('undocumented');
    expect(judgeCompiled(rejected, refused('unsupported'), ran).kind).toBe('undocumented');
  });

  it('allows a Math function its ulps only at an output that stores one', () => {
    const tolerant = { ...kernel, tolerance: { 0: { ulps: 2, precision: 'f64' as const } } };
    const near = 0.1 + Number.EPSILON / 8;
    expect(judgeCompiled(tolerant, ok(near), runs(ok(0.1), ok(0.1)))).toEqual({
      kind: 'documented',
      tags: ['math-ulps'],
    });
    expect(judgeCompiled(kernel, ok(near), runs(ok(0.1), ok(0.1))).kind).toBe('undocumented');
    expect(ulpDistance(1, 1 + Number.EPSILON, 'f64')).toBe(1);
  });

  it('allows an input passed as the same array as such an output the same ulps', () => {
    // Seed 2802, kernel 391: `o2[i] = Math.expm1(...)` with `a0` passed as `o2`; a0's values
    // (the stored result again) were held to no tolerance.
    const aliased: FuzzCase = {
      ...kernel,
      params: [
        { name: 'o0', kind: 'array', type: 'f64', values: ['0'] },
        { name: 'a0', kind: 'array', type: 'f64', values: ['0'], alias: 'o0' },
      ],
      tolerance: { 0: { ulps: 2, precision: 'f64' } },
    };
    const both = (v: number): Run => ({ status: 'ok', arrays: [[encode(v)], [encode(v)]], ms: 0 });
    const near = 0.1 + Number.EPSILON / 8;
    expect(judgeCompiled(aliased, both(near), runs(both(0.1), both(0.1)))).toEqual({
      kind: 'documented',
      tags: ['math-ulps'],
    });
    expect(judgeCompiled(aliased, both(0.2), runs(both(0.1), both(0.1))).kind).toBe('undocumented');
  });
});

describe('the generator', () => {
  it('writes the same kernel for the same choices, and the simplest for none', () => {
    const choices = Array.from({ length: 200 }, (_, k) => (k * 7919) % 65536);
    expect(generate(choices)).toEqual(generate(choices));
    const simplest = generate([]);
    expect(simplest.source).toContain('o0[i] = ');
    expect(simplest.source.split('\n').length).toBeLessThan(8);
  });
});

describe('16-bit float arrays', () => {
  // One f32 product stored to f16 and bf16; f16 -> f32 -> bf16 and back; an f64 sum into f16.
  const source = `function k(o0, o1, a0, a1) {
  const i = gpu.globalIdx.x;
  o0[i] = a0[i] * a1[i];
  o1[i] = a0[i] + 0.1;
  a1[i] = o1[i] / 3;
}`;
  const values = ['0.1', '2049', '-0', '65519', 'NaN', '1e-7', '3.5', '-300.7'];
  const half: FuzzCase = {
    source,
    emulated: source,
    helpers: [],
    params: [
      { name: 'o0', kind: 'array', type: 'f16', values: Array.from({ length: 16 }, () => '0') },
      { name: 'o1', kind: 'array', type: 'bf16', values: Array.from({ length: 16 }, () => '0') },
      { name: 'a0', kind: 'array', type: 'f16', values: [...values, ...values] },
      { name: 'a1', kind: 'array', type: 'bf16', values: [...values, ...values].reverse() },
    ],
    tolerance: {},
    barrier: false,
    features: [],
  };

  it('run as numbers in plain JavaScript, and natively give the same numbers', async () => {
    const runs = await execute(half, ['reference', 'native']);
    expect(runs.js.status).toBe('ok');
    const arrays = (run: Run | undefined) => (run?.status === 'ok' ? run.arrays : [[run?.status]]);
    // Plain JavaScript saw the numbers (f16 0.1 times bf16 -300.7), not their bits.
    expect(arrays(runs.js)?.[0]?.[0]).toBe(encode(f16Round(0.0999755859375 * -300)));
    expect(arrays(runs.backends.native)).toEqual(arrays(runs.js));
    expect(arrays(runs.backends.reference)).toEqual(arrays(runs.js));
  });
});

describe("CUDA's f32 atomic additions, which flush subnormals", () => {
  // The fuzzer's seed 24601 on an H100: an atomicAdd of the least f32 subnormal into 0 left 0.
  const source = `function k(c0, s0) {
  const i = gpu.globalIdx.x;
  gpu.atomicAdd(c0, i, s0);
  gpu.atomicSub(c0, i, i === 3 ? -s0 : 0);
}`;
  const tiny: FuzzCase = {
    source,
    emulated: source,
    helpers: [],
    params: [
      {
        name: 'c0',
        kind: 'array',
        type: 'f32',
        values: Array.from({ length: 16 }, (_, i) => (i === 5 ? '1' : '0')),
      },
      { name: 's0', kind: 'scalar', type: 'f32', value: encode(2 ** -149) },
    ],
    tolerance: {},
    barrier: false,
    features: [],
  };

  it('are emulated where CUDA runs, flushed and tagged, and accepted from CUDA alone', async () => {
    const runs = await execute(tiny, ['native', 'cuda']);
    const flushed = runs.atomicFlushed?.[0];
    expect(flushed?.tags).toEqual(['atomic-f32-flush']);
    const values = (run: Run | undefined) => (run?.status === 'ok' ? run.arrays[0] : undefined);
    // Plain JavaScript keeps the subnormal (twice where the subtraction adds it again); 1 + tiny is 1.
    expect(values(runs.js)?.slice(0, 6)).toEqual([
      '1.401298464324817e-45',
      '1.401298464324817e-45',
      '1.401298464324817e-45',
      '2.802596928649634e-45',
      '1.401298464324817e-45',
      '1',
    ]);
    expect(values(flushed)?.slice(0, 6)).toEqual(['0', '0', '0', '0', '0', '1']);
    // The same flushed values judged: documented from CUDA, undocumented from native.
    const ok = { status: 'ok', arrays: flushed?.status === 'ok' ? flushed.arrays : [], ms: 0 } as Run;
    const verdicts = judge(tiny, { ...runs, backends: { cuda: ok, native: ok } });
    expect(verdicts.cuda).toEqual({ kind: 'documented', tags: ['atomic-f32-flush'] });
    expect(verdicts.native?.kind).toBe('undocumented');
    // Without CUDA among the back-ends, no flushed emulation is made.
    expect((await execute(tiny, ['native'])).atomicFlushed).toBeUndefined();
  });
});
