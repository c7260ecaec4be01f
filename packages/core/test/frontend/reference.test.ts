import { describe, expect, it } from 'vitest';
import { globalMethods } from '../../src/frontend/index.js';
import { toSource } from '../../src/frontend/infer.js';
import {
  defineDevice,
  f32,
  gpu,
  i32,
  KernelError,
  type LaunchError,
  launchNative,
  runReference,
  u32,
} from '../../src/index.js';
import { findsItsNames } from '../../src/reference/device-functions.js';

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

  it("reaches collectives and shared arrays named by string keys, gpu['barrier'](), as compiled code does", () => {
    const keyed = kernel(`function keyed(x, out) {
      const s = gpu['sharedArray'](Int32Array, 32);
      const t = gpu.threadIdx.x;
      s[t] = x[t];
      gpu['barrier']();
      out[t] = s[31 - t] * 100 + gpu[\`shuffleXor\`](x[t], 1);
    }`);
    const x = Int32Array.from({ length: 32 }, (_, i) => i * 3);
    const [reference, native] = [new Int32Array(32), new Int32Array(32)];
    runReference(keyed, { grid: 1, block: 32 }, [x, reference]);
    launchNative(keyed, { grid: 1, block: 32 }, x, native);
    expect(Array.from(reference)).toEqual(Array.from(x, (_, t) => (31 - t) * 300 + (t ^ 1) * 3));
    expect(Array.from(native)).toEqual(Array.from(reference));
  });

  it('reaches collectives named by a const or a string of the scope, gpu[op](), as compiled code does', () => {
    const keyed = kernel(`function keyed(x, out) {
      const op = 'barrier';
      const s = gpu[SHARED](Int32Array, 32);
      const t = gpu.threadIdx[AXIS];
      s[t] = x[t];
      gpu[op]();
      out[t] = s[31 - t] * 100 + gpu[SHUFFLE](x[t], 1) + gpu[FMA](t, 1, 0);
    }`);
    // A key naming no collective (fma) is a plain call of gpu's function.
    const scope = { SHARED: 'sharedArray', AXIS: 'x', SHUFFLE: 'shuffleXor', FMA: 'fma' };
    const x = Int32Array.from({ length: 32 }, (_, i) => i * 3);
    const [reference, native] = [new Int32Array(32), new Int32Array(32)];
    runReference(keyed, { grid: 1, block: 32, scope }, [x, reference]);
    launchNative(keyed, { grid: 1, block: 32, scope }, x, native);
    expect(Array.from(reference)).toEqual(Array.from(x, (_, t) => (31 - t) * 300 + (t ^ 1) * 3 + t));
    expect(Array.from(native)).toEqual(Array.from(reference));
  });

  it('resolves warp operations nested in the arguments of others, inner first', () => {
    const nested = kernel(`function nested(x, out) {
      const i = gpu.globalIdx.x;
      out[i] = gpu.shuffleXor(gpu.shuffleXor(x[i], 1) * 10 + gpu.shuffleDown(x[i], 2), gpu.voteAny(x[i] > 30) ? 4 : 8);
    }`);
    const x = Float64Array.from({ length: 32 }, (_, i) => i);
    const out = new Float64Array(32);
    runReference(nested, { grid: 1, block: 32 }, [x, out]);
    const inner = (lane: number) => (lane ^ 1) * 10 + (lane + 2 < 32 ? lane + 2 : lane);
    expect(Array.from(out)).toEqual(Array.from(x, (_, lane) => inner(lane ^ 4)));
  });

  it('runs a device function of warp operations passed to another device function, as compiled code does', () => {
    // `apply` reaches the shuffle only through its parameter: it ran as a plain closure, and
    // the function passed to it outside any generator (without even `gpu` in scope).
    const [apply, pair, twice] = [
      'function apply(f, v) { return f(v) * 10 + f(v + 1); }',
      'function pair(v) { return v + gpu.shuffleXor(v, 1); }',
      'function twice(v) { return v * 2; }',
    ].map((text) => new Function(`return ${text}`)());
    const applied = kernel(`function applied(x, out) {
      const i = gpu.globalIdx.x;
      out[i] = apply(pair, x[i]) + apply(twice, x[i]) * 1000;
    }`);
    const scope = { apply, pair, twice };
    const run = (launch: (x: Float64Array, out: Float64Array) => void) => {
      const x = Float64Array.from({ length: 8 }, (_, i) => i);
      const out = new Float64Array(8);
      launch(x, out);
      return Array.from(out);
    };
    const reference = run((x, out) => runReference(applied, { grid: 1, block: 8, scope }, [x, out]));
    const pairs = (v: number, lane: number) => v + (v - lane + (lane ^ 1));
    expect(reference).toEqual(
      Array.from(
        { length: 8 },
        (_, i) => pairs(i, i) * 10 + pairs(i + 1, i) + (i * 2 * 10 + (i + 1) * 2) * 1000,
      ),
    );
    expect(run((x, out) => launchNative(applied, { grid: 1, block: 8, scope }, x, out))).toEqual(reference);
  });

  it('runs arrow device functions whose expression ends in a call of one with warp operations', () => {
    // The arrow's `{ return (...); }` closed inside the call's `(yield* ...)`: a SyntaxError.
    const [pair, last, through] = [
      'function pair(v) { return v + gpu.shuffleXor(v, 1); }',
      '(v) => pair(v)',
      '(f, v) => f(v)',
    ].map((text) => new Function(`return ${text}`)());
    const arrows = kernel(`function arrows(x, out) {
      const i = gpu.globalIdx.x;
      out[i] = last(x[i]) + through(pair, x[i]) * 100;
    }`);
    const x = Float64Array.from({ length: 8 }, (_, i) => i);
    const out = new Float64Array(8);
    runReference(arrows, { grid: 1, block: 8, scope: { pair, last, through } }, [x, out]);
    const pairs = Array.from({ length: 8 }, (_, i) => i + (i ^ 1));
    expect(Array.from(out)).toEqual(pairs.map((p) => p * 101));
  });

  it('runs device functions whose default parameters reach collectives, in the order JavaScript computes them', () => {
    // A generator's parameters cannot yield: a default with a shuffle, a barrier or a call of a
    // function with one ran outside the block's schedule ("needs all threads").
    const make = (text: string) => new Function('gpu', `return ${text}`)(gpu);
    const scope = {
      K: 3,
      pair: make('function pair(v, w = gpu.shuffleXor(v, 1)) { return v + w; }'),
      shadow: make('function shadow(v, k = K) { const K = 100; return v * k + K; }'),
      nested: make(
        'function nested({ a, b: [c, d] }, e = c + gpu.shuffleDown(d, 2), f = pair(e)) { return a * 1000 + e * 10 + f; }',
      ),
      arrow: make('(v, [p, q] = [gpu.shuffleXor(v, 2), K], w = p * q) => v + w'),
      neighbour: make(`function neighbour(v) {
        const s = gpu.sharedArray(Float64Array, 64);
        s[gpu.threadIdx.x] = v;
        gpu.barrier();
        const r = s[(gpu.threadIdx.x + 1) % 64];
        gpu.barrier();
        return r;
      }`),
      block: make(
        'function block(v, n = neighbour(v * 2), { a, b } = { a: n, b: gpu.voteAny(v > 50) ? 1 : 0 }) { return v + n * 100 + a + b * 0.5; }',
      ),
    };
    const defaults = kernel(`function defaults(x, o) {
      const t = gpu.threadIdx.x;
      const calls = [pair(x[t]), pair(x[t], 7), shadow(x[t]), nested({ a: x[t], b: [t, t * 2] }),
        nested({ a: x[t], b: [t, t * 2] }, 5), arrow(x[t]), arrow(x[t], [1, 2]), block(x[t]),
        block(x[t], 1), block(x[t], 1, { a: 2, b: 3 })];
      for (let i = 0; i < calls.length; i++) o[t * calls.length + i] = calls[i];
    }`);
    const x = Float64Array.from({ length: 64 }, (_, i) => i * 1.5 - 7);
    const [reference, native] = [new Float64Array(640), new Float64Array(640)];
    runReference(defaults, { grid: 1, block: 64, scope }, [x, reference]);
    launchNative(defaults, { grid: 1, block: 64, scope }, x, native);
    expect(Array.from(reference)).toEqual(Array.from(native));
    // Lane 5 by hand: its pair is lane 4, two lanes down is lane 7, its block neighbour lane 6;
    // no lane of its warp holds more than 50.
    const v = x[5] as number;
    const e = 5 + 7 * 2;
    expect(Array.from(reference.slice(50, 60))).toEqual([
      v + (x[4] as number),
      v + 7,
      v * 3 + 100,
      v * 1000 + e * 10 + e + (4 + 6 * 2),
      v * 1000 + 50 + 5 + 5,
      v + (x[7] as number) * 3,
      v + 2,
      v + (x[6] as number) * 2 * 101,
      v + 101,
      v + 102 + 1.5,
    ]);
  });

  it('runs device functions reaching collectives however the kernel holds them, as compiled code does', () => {
    // Only calls by a scope name (or a plain parameter) ran as generators: a function of the
    // method table, in a record or tuple, passed as an argument or held in a local ran as
    // plain JavaScript, its shuffle outside the block's schedule.
    const make = (text: string) => new Function('gpu', `return ${text}`)(gpu);
    const pair = make('function pair(v) { return v + gpu.shuffleXor(v, 1); }');
    const method = defineDevice({
      text: 'function paired(v) { return v + gpu.shuffleXor(v, 2); }',
      file: 'd.js',
    });
    try {
      const scope = {
        pair,
        ops: { f: pair, pairs: [1, pair] },
        apply: make('function apply({ f }, v) { return f(v); }'),
        local: make('function local(v) { const g = pair; return g(v) * 2; }'),
        viaMethod: make('function viaMethod(v) { return paired(v) * 3; }'),
      };
      const forms = kernel(`function forms(x, o, g, r) {
        const t = gpu.threadIdx.x;
        const h = pair;
        const calls = [paired(x[t]), g(x[t]), r.f(x[t]), ops.f(x[t]), ops.pairs[1](x[t]),
          apply({ f: g }, x[t]), apply(r, x[t]), local(x[t]), h(x[t]), viaMethod(x[t])];
        for (let i = 0; i < calls.length; i++) o[t * calls.length + i] = calls[i];
      }`);
      const x = Float64Array.from({ length: 32 }, (_, i) => i * i);
      const [reference, native] = [new Float64Array(320), new Float64Array(320)];
      runReference(forms, { grid: 1, block: 32, scope }, [x, reference, pair, { f: pair }]);
      launchNative(forms, { grid: 1, block: 32, scope }, x, native, pair, { f: pair });
      const pairs = (lane: number) => (x[lane] as number) + (x[lane ^ 1] as number);
      const expected = Array.from({ length: 32 }, (_, lane) => [
        (x[lane] as number) + (x[lane ^ 2] as number),
        ...Array.from({ length: 6 }, () => pairs(lane)),
        pairs(lane) * 2,
        pairs(lane),
        ((x[lane] as number) + (x[lane ^ 2] as number)) * 3,
      ]).flat();
      expect(Array.from(reference)).toEqual(expected);
      expect(Array.from(native)).toEqual(expected);
      // Neither the kernel nor a function of its scope calls a collective or the method table's
      // function but through another.
      const through = kernel(
        'function through(x, o) { o[gpu.threadIdx.x] = viaMethod(x[gpu.threadIdx.x]); }',
      );
      const out = new Float64Array(32);
      runReference(through, { grid: 1, block: 32, scope: { viaMethod: scope.viaMethod } }, [x, out]);
      expect(Array.from(out)).toEqual(expected.filter((_, i) => i % 10 === 9));
    } finally {
      globalMethods.delete(method);
    }
  });

  it('reads names from the scope', () => {
    const scaled = kernel('function scaled(x) { x[gpu.globalIdx.x] *= factor; }');
    const x = new Float32Array([1, 2, 3, 4]);
    runReference(scaled, { grid: 1, block: 4, scope: { factor: 3 } }, [x]);
    expect(Array.from(x)).toEqual([3, 6, 9, 12]);
  });

  it('calls the device functions of the method table, as compiled code does', () => {
    const methods = [
      defineDevice({ text: 'function half(v) { return v / 2 + offset; }', file: 'devices.js' }),
      defineDevice({ text: 'function shrink(v, w) { return half(v) - w[0]; }', file: 'devices.js' }),
    ];
    try {
      const shrunk = kernel(`function shrunk(x, out) {
        const i = gpu.globalIdx.x;
        out[i] = shrink(x[i], x);
      }`);
      const args = () => [Float64Array.of(1, 2.5, -3), new Float64Array(3)];
      const [reference, native] = [args(), args()];
      runReference(shrunk, { grid: 1, block: 3, scope: { offset: 0.25 } }, reference);
      launchNative(shrunk, { grid: 1, block: 3, scope: { offset: 0.25 } }, ...native);
      expect(Array.from(reference[1] as Float64Array)).toEqual([-0.25, 0.5, -2.25]);
      expect(Array.from(native[1] as Float64Array)).toEqual([-0.25, 0.5, -2.25]);
    } finally {
      for (const method of methods) globalMethods.delete(method);
    }
  });

  it('runs method shorthands of any key, as the compiler takes them, with and without warp operations', () => {
    for (const text of [
      'double(x) { x[gpu.globalIdx.x] *= 2; }',
      "'double-it'(x) { x[gpu.globalIdx.x] *= 2; }",
      "['double'](x) { x[gpu.globalIdx.x] = gpu.shuffleXor(x[gpu.globalIdx.x], 1) * 2; }",
    ]) {
      const [reference, native] = [Float64Array.of(1, 2), Float64Array.of(1, 2)];
      runReference(kernel(text), { grid: 1, block: 2 }, [reference]);
      launchNative(kernel(text), { grid: 1, block: 2 }, native);
      expect(Array.from(reference)).toEqual(Array.from(native));
    }
  });

  it('runs kernel text that ends in a line comment, compiled and as JavaScript, of every form', () => {
    for (const text of [
      'function k(x) {\n  x[gpu.globalIdx.x] *= 2;\n} // doubles',
      '(x) => (x[gpu.globalIdx.x] *= 2) // doubles',
      "'double-it'(x) { x[gpu.globalIdx.x] *= 2; } // doubles",
      'k(x) {\n  gpu.barrier();\n  x[gpu.globalIdx.x] = gpu.shuffleXor(x[gpu.globalIdx.x], 1) * 2;\n} // with collectives',
    ]) {
      const [reference, native] = [Float64Array.of(1, 3), Float64Array.of(1, 3)];
      runReference(kernel(text), { grid: 1, block: 2 }, [reference]);
      launchNative(kernel(text), { grid: 1, block: 2 }, native);
      expect(Array.from(reference)).toEqual(Array.from(native));
      expect(reference[1]).not.toBe(3);
    }
  });

  it('runs TypeScript text without its types, as the compiler reads it', () => {
    const text = `function k<T extends Float64Array>(this: void, x: T, n?: number): void {
  const i: number = gpu.globalIdx.x;
  type Unused = string;
  interface Point { x: number }
  let v!: number;
  v = <number>x[i] * (n as number);
  const w = (v satisfies number) + x[i]!;
  x[i] = pick<number>(w);
}`;
    const pick = function pick(v: number) {
      return v > 4 ? v : -v;
    };
    const [reference, native] = [Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)];
    const ts = { text, file: 'typed.ts' };
    runReference(ts, { grid: 1, block: 3, scope: { pick } }, [reference, 2]);
    // A type alias and an interface inside are types, ignored by both.
    launchNative(ts, { grid: 1, block: 3, scope: { pick } }, native, 2);
    expect(Array.from(reference)).toEqual([-3, 6, 9]);
    expect(Array.from(native)).toEqual(Array.from(reference));
  });

  it('runs the function the compiler takes from text holding more: the first, after a `#!` line', () => {
    const body = '{\n  const i = gpu.globalIdx.x;\n  x[i] = gpu.shuffleXor(x[i], 1) * n;\n}';
    for (const [text, file] of [
      [`#!/usr/bin/env node\nfunction k(x, n) ${body}`, 'k.js'],
      [`function k(x: Float64Array, n: number) ${body}\nfunction helper(v: number) { return v; }`, 'k.ts'],
      [`(x: Float64Array, n: number) => ${body}\ntype Unused = string;\nconst other = 1;`, 'k.ts'],
      [`k(x, n) ${body}, other(v) { return v; }`, 'k.js'],
    ] as const) {
      const [reference, native] = [Float64Array.of(1, 3), Float64Array.of(1, 3)];
      runReference({ text, file }, { grid: 1, block: 2 }, [reference, 2]);
      launchNative({ text, file }, { grid: 1, block: 2 }, native, 2);
      expect(Array.from(reference)).toEqual([6, 2]);
      expect(Array.from(native)).toEqual(Array.from(reference));
    }
    // A function declared beside the kernel is no device function of it, on both paths.
    const helper = {
      text: 'function k(x: Float64Array) {\n  x[0] = helper(x[0]);\n}\nfunction helper(v: number) { return v; }',
      file: 'helper.ts',
    };
    for (const run of [
      () => runReference(helper, { grid: 1, block: 1 }, [new Float64Array(1)]),
      () => launchNative(helper, { grid: 1, block: 1 }, new Float64Array(1)),
    ])
      expect(run).toThrow(
        expect.objectContaining({
          code: 'unknown-name',
          location: expect.objectContaining({ line: 2, column: 10 }),
        }),
      );
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

  it('synchronises warp operations per warp, so a warp may run them while another warp skips them', () => {
    const halfBlock = kernel(`function halfBlock(x, out) {
      const t = gpu.threadIdx.x;
      let v = x[t];
      if (t < 32) v += gpu.shuffleDown(v, 16);
      out[t] = v;
    }`);
    const x = Float64Array.from({ length: 64 }, (_, i) => i);
    const out = new Float64Array(64);
    runReference(halfBlock, { grid: 1, block: 64 }, [x, out]);
    // Lanes 16-31 ask for lanes past the warp and get their own value.
    const expected = Array.from(x, (v, t) => (t < 16 ? v + t + 16 : t < 32 ? 2 * v : v));
    expect(Array.from(out)).toEqual(expected);
  });

  it('lets different warps of a block take different paths to different warp operations', () => {
    const split = kernel(`function split(out) {
      const t = gpu.threadIdx.x;
      const lane = gpu.laneId;
      if (t < 32) {
        out[t] = gpu.shuffleXor(t, 1) + (gpu.voteAll(lane < 40) ? 1000 : 0);
      } else if (t < 64) {
        out[t] = Number(gpu.ballot(lane % 2 === 0));
        out[t] += gpu.shuffle(t, 3);
      } else {
        out[t] = gpu.voteAny(lane === 5) ? -1 : -2;
      }
      gpu.barrier();
      out[t] += 0.5;
    }`);
    // 80 threads: warps of 32, 32 and a partial one of 16.
    const out = new Float64Array(80);
    runReference(split, { grid: 1, block: 80 }, [out]);
    const native = new Float64Array(80);
    launchNative(split, { grid: 1, block: 80 }, native);
    expect(Array.from(native)).toEqual(Array.from(out));
    const expected = Array.from({ length: 80 }, (_, t) =>
      t < 32 ? (t ^ 1) + 1000.5 : t < 64 ? 0x55555555 + 35.5 : -0.5,
    );
    expect(Array.from(out)).toEqual(expected);
  });

  it('reads the lanes of a partial warp only: a missing source lane gives the thread its own value', () => {
    const partial = kernel(`function partial(out) {
      const t = gpu.threadIdx.x;
      out[t] = gpu.shuffleDown(t, 4) * 100 + Number(gpu.ballot(true) & 0xffffffffn) / 2 ** 32 + (gpu.voteAll(t < 36) ? 1 : 0);
    }`);
    const out = new Float64Array(40);
    runReference(partial, { grid: 1, block: 40 }, [out]);
    const expected = Array.from({ length: 40 }, (_, t) =>
      t < 32
        ? (t + 4 < 32 ? t + 4 : t) * 100 + 0xffffffff / 2 ** 32 + 1
        : (t + 4 < 40 ? t + 4 : t) * 100 + 0xff / 2 ** 32,
    );
    expect(Array.from(out)).toEqual(expected);
  });

  it('refuses a warp operation some lanes of a warp skip, naming the warp', () => {
    const divergent = kernel(`function divergent(x) {
      const t = gpu.threadIdx.x;
      if (t < 40) x[t] = gpu.shuffleDown(x[t], 1);
    }`);
    expect(() => runReference(divergent, { grid: 1, block: 64 }, [new Float32Array(64)])).toThrow(
      /lanes of warp 1 reached different collective operations \(shuffleDown at lanes 0-7, none at lanes 8-31\)/,
    );
    const mixed = kernel(`function mixed(x) {
      const t = gpu.threadIdx.x;
      x[t] = t % 2 === 0 ? gpu.shuffleUp(x[t], 1) : gpu.shuffleDown(x[t], 1);
    }`);
    expect(() => runReference(mixed, { grid: 1, block: 4 }, [new Float32Array(4)])).toThrow(
      /warp 0 reached different collective operations \(shuffleUp at lanes 0, 2, shuffleDown at lanes 1, 3\)/,
    );
  });

  it('gives one shared array per call site, as compiled code does: again in a loop, and from a helper called twice', () => {
    const looped = `function looped(o) {
      const t = gpu.threadIdx.x;
      let acc = 0;
      for (let r = 0; r < 3; r++) {
        const s = gpu.sharedArray(Int32Array, 4);
        if (r === 0) s[t] = t;
        gpu.barrier();
        acc += s[(t + 1) % 4];
        gpu.barrier();
        s[t] += 10;
        gpu.barrier();
      }
      o[t] = acc;
    }`;
    const twice = `function twice(o) {
      const t = gpu.threadIdx.x;
      const a = tile();
      const b = tile();
      a[t] = t;
      b[t] = 100 + t;
      gpu.barrier();
      o[t] = a[(t + 1) % 4] + b[t];
    }`;
    // A helper as a module's function is: a closure that sees gpu.
    const tile = new Function('gpu', 'return function tile() { return gpu.sharedArray(Int32Array, 4); }')(
      gpu,
    );
    for (const [text, expected] of [
      [looped, [0, 1, 2, 3].map((t) => 3 * ((t + 1) % 4) + 30)],
      [twice, [0, 1, 2, 3].map((t) => 200 + ((t + 1) % 4) + t)],
    ] as const) {
      const [reference, native] = [new Int32Array(4), new Int32Array(4)];
      runReference(kernel(text), { grid: 1, block: 4, scope: { tile } }, [reference]);
      launchNative(kernel(text), { grid: 1, block: 4, scope: { tile } }, native);
      expect(Array.from(native)).toEqual(expected);
      expect(Array.from(reference)).toEqual(expected);
    }
  });

  it('runs a kernel given a record or tuple that holds itself, as JavaScript does', () => {
    const r: Record<string, unknown> = { a: 2 };
    r.self = r;
    const t: unknown[] = [3];
    t.push(t);
    const o = new Float64Array(1);
    runReference(
      kernel('function k(o, r, t) { o[0] = r.self.a + t[1][0]; }'),
      { grid: 1, block: 1, scope: { r } },
      [o, r, t],
    );
    expect(o[0]).toBe(5);
  });

  it('runs local f16 arrays as compiled code does, where the runtime has no Float16Array too', () => {
    const text = `function halves(x, o) {
      const t = gpu.threadIdx.x;
      const h = new Float16Array(4);
      for (let i = 0; i < 4; i++) h[i] = x[t] * (i + 0.1);
      o[t] = h[0] + h[1] + h[2] + h[3] + h.length;
    }`;
    const args = () => [Float32Array.of(1, 1000, 0.001, -3, 70000), new Float32Array(5)] as const;
    const [reference, native] = [args(), args()];
    const before = (globalThis as Record<string, unknown>).Float16Array;
    runReference(kernel(text), { grid: 1, block: 5 }, reference);
    // The runner's stand-in, where it needed one, is gone after the run.
    expect((globalThis as Record<string, unknown>).Float16Array).toBe(before);
    launchNative(kernel(text), { grid: 1, block: 5 }, ...native);
    expect(Array.from(reference[1])).toEqual(Array.from(native[1]));
    expect(reference[1][0]).toBe(Math.fround(0.0999755859375 + 1.099609375 + 2.099609375 + 3.099609375 + 4));
  });

  it('stores logical assignments into f16, narrow and BigInt elements as compiled code does', () => {
    const text = `function k(x, o) {
      const h = new Float16Array(5);
      for (let i = 0; i < 5; i++) h[i] = i % 2 === 0 ? 0 : x[i];
      h[0] ||= x[0] * 1.0001; h[1] ||= x[1]; h[2] &&= x[2]; h[3] &&= x[3] / 3; h[4] ??= x[4];
      const b = new Int8Array(3);
      b[0] ||= x[0] * 100; b[1] &&= x[1]; b[2] ||= true;
      const u = new BigUint64Array(2);
      u[0] ||= B; u[1] &&= B;
      for (let i = 0; i < 5; i++) o[i] = h[i];
      o[5] = b[0]; o[6] = b[2]; o[7] = Number(u[0]); o[8] = Number(u[1]);
    }`;
    const args = () => [Float64Array.of(1.7, 2.3, 3.1, 70000, 5), new Float64Array(9)] as const;
    const [reference, native] = [args(), args()];
    const scope = { B: -5n };
    runReference(kernel(text), { grid: 1, block: 1, scope }, reference);
    launchNative(kernel(text), { grid: 1, block: 1, scope }, ...native);
    expect(Array.from(native[1])).toEqual(Array.from(reference[1]));
    expect(reference[1].slice(5)).toEqual(Float64Array.of(-86, 1, 2 ** 64 - 5, 0));
  });

  it('refuses to shuffle a boolean, as the compiler does', () => {
    const text = `function flags(x) {
      const t = gpu.threadIdx.x;
      x[t] = gpu.shuffleDown(t % 3 === 0, 1) ? 1 : 0;
    }`;
    expect(() => runReference(kernel(text), { grid: 1, block: 32 }, [new Int32Array(32)])).toThrow(
      /gpu\.shuffleDown cannot shuffle a boolean; warps exchange numbers \(shuffle p \? 1 : 0\) \(block 0,0,0, thread 0,0,0\)/,
    );
    let error: unknown;
    try {
      launchNative(kernel(text), { grid: 1, block: 32 }, new Int32Array(32));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'type-mismatch',
      detail: 'gpu.shuffleDown: cannot shuffle a bool; warps exchange numbers (shuffle p ? 1 : 0)',
    });
  });

  it('still checks barriers across the whole block, whatever the warps do', () => {
    const halfBarrier = kernel(`function halfBarrier(x) {
      const t = gpu.threadIdx.x;
      if (t < 32) {
        x[t] = gpu.shuffleDown(x[t], 1);
        gpu.barrier();
      }
    }`);
    expect(() => runReference(halfBarrier, { grid: 1, block: 64 }, [new Float32Array(64)])).toThrow(
      /threads of the block reached different collective operations \(barrier at threads 0-31, none at threads 32-63\)/,
    );
    const barrierAgainstWarp = kernel(`function barrierAgainstWarp(x) {
      const t = gpu.threadIdx.x;
      if (t < 32) gpu.barrier();
      else x[t] = gpu.voteAny(true) ? 1 : 0;
      if (t >= 32) gpu.barrier();
    }`);
    // Warp 1 finishes its vote, then every thread of the block meets at a barrier (two
    // different barrier calls, which the hardware counts as one).
    const x = new Float32Array(64);
    runReference(barrierAgainstWarp, { grid: 1, block: 64 }, [x]);
    expect(Array.from(x)).toEqual(Array.from({ length: 64 }, (_, t) => (t < 32 ? 0 : 1)));
  });

  describe('typed scalars', () => {
    // Each output is 1 when the kernel sees the number JavaScript would, with `===`, `switch`
    // and the conversions; the wrappers f32(2.5) and friends arrive as Number objects.
    const compare = kernel(`function compare(a, b, c, out) {
      out[0] = a === 2 ? 1 : 0;
      switch (a) {
        case 2:
          out[1] = 1;
          break;
        default:
          out[1] = 0;
      }
      out[2] = b === 2.5 ? 1 : 0;
      out[3] = c === 7 && c !== 8 ? 1 : 0;
      out[4] = i32(b) === 2 ? 1 : 0;
      const small = u8(300);
      switch (small) {
        case 44:
          out[5] = 1;
          break;
        default:
          out[5] = 0;
      }
      out[6] = s === 3 ? 1 : 0;
      out[7] = r.x === 1.5 && t[1] === 4 ? 1 : 0;
      out[8] = f32(0.1) === Math.fround(0.1) ? 1 : 0;
    }`);
    const scope = { s: f32(3), r: { x: f32(1.5) }, t: [1, u32(4)] };
    const args = () => [i32(2), f32(2.5), u32(7), new Float64Array(9)] as const;

    it('are numbers inside kernels the reference runner runs, as natively', () => {
      const reference = args();
      runReference(compare, { grid: 1, block: 1, scope }, reference);
      const native = args();
      launchNative(compare, { grid: 1, block: 1, scope }, ...native);
      expect(Array.from(reference[3])).toEqual(Array(9).fill(1));
      expect(Array.from(reference[3])).toEqual(Array.from(native[3]));
    });

    it('are primitive numbers for typeof and Object.is, which compiled kernels refuse', () => {
      const primitive = kernel(`function primitive(a, out) {
        out[0] = typeof a === 'number' && typeof s === 'number' && typeof f32(a) === 'number' ? 1 : 0;
        out[1] = Object.is(a, 2) && Object.is(s, 3) ? 1 : 0;
      }`);
      const out = new Float64Array(2);
      runReference(primitive, { grid: 1, block: 1, scope: { s: f32(3) } }, [i32(2), out]);
      expect(Array.from(out)).toEqual([1, 1]);
    });

    it('stay typed outside kernels, where the compiler reads their types', () => {
      expect(f32(2.5)).toBeInstanceOf(Number);
      expect(typeof f32(2.5)).toBe('object');
    });
  });

  it('refuses a missing or an extra argument as launches do, naming the parameter', () => {
    const k = kernel('function k(x, n) { x[0] = n; }');
    const x = new Float64Array(1);
    const refusal = (launch: () => void) => {
      try {
        launch();
      } catch (error) {
        const { name, code, message, parameter } = error as LaunchError;
        return { name, code, message, parameter };
      }
      return undefined;
    };
    for (const args of [[x], [], [x, 1, 2]] as unknown[][]) {
      const native = refusal(() => launchNative(k, { grid: 1, block: 1 }, ...(args as never[])));
      expect(native).toMatchObject({ name: 'LaunchError', code: 'bad-argument' });
      expect(refusal(() => runReference(k, { grid: 1, block: 1 }, args))).toEqual(native);
    }
    expect(refusal(() => runReference(k, { grid: 1, block: 1 }, [x]))).toMatchObject({
      message: expect.stringContaining("argument 2 ('n') is missing"),
      parameter: { index: 1, name: 'n' },
    });
    expect(x[0]).toBe(0);
  });

  it('checks launch sizes', () => {
    expect(() => runReference(kernel('function k() {}'), { grid: 0, block: 1 }, [])).toThrow(
      /the grid's x extent must be a positive integer up to 2\^31 - 1, not 0 \[bad-launch\]/,
    );
  });
});

describe("device functions see the kernel's scope, not their closures, as compiled", () => {
  // Functions made as a module makes them: each closure holds its own FACTOR (3) or none.
  const closed = new Function('FACTOR', 'return function t(v) { return v * FACTOR; }')(3);
  const open = new Function('return function s(v) { return v * FACTOR; }')();
  const calling = new Function('t', 'OFFSET', 'return function u(v) { return t(v) + OFFSET; }')(
    (v: number) => v,
    100,
  );
  const method = new Function('return { f(v) { return v * FACTOR; } }')();
  const cases: [
    string,
    ReturnType<typeof kernel> | ((...args: never[]) => unknown),
    Record<string, unknown>,
    unknown[],
    number,
  ][] = [
    [
      'a function whose closure lacks the name',
      kernel('function k(x) { x[0] = s(x[0]); }'),
      { FACTOR: 2.5, s: open },
      [],
      5,
    ],
    [
      'a function whose closure holds another value',
      kernel('function k(x) { x[0] = t(x[0]); }'),
      { FACTOR: 2.5, t: closed },
      [],
      5,
    ],
    [
      "a kernel given as a function, calling its closure's function",
      new Function('t', 'return function k(x) { x[0] = t(x[0]); }')(closed),
      { FACTOR: 2.5, t: closed },
      [],
      5,
    ],
    [
      'a function in a record and a tuple',
      kernel('function k(x) { x[0] = ops.f(x[0]) + pair[1](1); }'),
      { FACTOR: 2.5, ops: { f: closed }, pair: [1, closed] },
      [],
      7.5,
    ],
    [
      'a function passed as an argument',
      kernel('function k(x, g) { x[0] = g(x[0]); }'),
      { FACTOR: 2.5 },
      [closed],
      5,
    ],
    [
      'a function calling another of the scope',
      kernel('function k(x) { x[0] = u(x[0]); }'),
      { FACTOR: 2.5, OFFSET: 1, t: closed, u: calling },
      [],
      6,
    ],
    [
      'a method shorthand',
      kernel('function k(x) { x[0] = ops.f(x[0]); }'),
      { FACTOR: 2.5, ops: method },
      [],
      5,
    ],
    [
      'a kernel given as a function whose closure lacks the scope names it reads',
      new Function('return function k(x) { x[0] = x[0] * FACTOR + T[1]; }')(),
      { FACTOR: 2.5, T: new Int32Array([0, 7]) },
      [],
      12,
    ],
    [
      'a kernel given as a function whose closure holds another value',
      new Function('FACTOR', 'return function k(x) { x[0] *= FACTOR; }')(3),
      { FACTOR: 2.5 },
      [],
      5,
    ],
  ];
  it('refuses a name only the closure holds, compiled and on the reference runner', () => {
    const k = kernel('function k(x) { x[0] = t(x[0]); }');
    expect(() => launchNative(k, { grid: 1, block: 1, scope: { t: closed } }, new Float64Array(1))).toThrow(
      expect.objectContaining({ code: 'unknown-name' }),
    );
    expect(() => runReference(k, { grid: 1, block: 1, scope: { t: closed } }, [new Float64Array(1)])).toThrow(
      /FACTOR is not defined/,
    );
  });

  it('sees the names a kernel reads in its default parameter values only', () => {
    // The runner makes a kernel again from its text only where it finds every name it reads.
    const k = toSource(kernel('function k(x, n = LIMIT) { x[0] = n; }'));
    expect(findsItsNames(k, { LIMIT: 5 })).toBe(true);
    expect(findsItsNames(k, {})).toBe(false);
  });

  it.each(cases)('%s', (_, k, scope, extra, expected) => {
    const [reference, native] = [new Float64Array([2]), new Float64Array([2])];
    runReference(k, { grid: 1, block: 1, scope }, [reference, ...extra]);
    launchNative(k, { grid: 1, block: 1, scope }, native, ...(extra as never[]));
    expect(native[0]).toBe(expected);
    expect(reference[0]).toBe(expected);
  });
});

describe('functions the reference runner makes from text', () => {
  // As a module makes them: the closure holds FACTOR 3, the kernel's scope another value.
  const scale = new Function('FACTOR', 'return function scale(v) { return v * FACTOR; }')(3);
  const kernels = [
    [
      'a kernel calling a device function of the scope',
      kernel('function k(x) { if (gpu.threadIdx.x === 0) x[0] = scale(x[0]) + OFFSET; }'),
    ],
    [
      'a kernel with a barrier',
      kernel('function k(x) { gpu.barrier(); if (gpu.threadIdx.x === 0) x[0] = scale(x[0]) + OFFSET; }'),
    ],
  ] as const;

  it.each(kernels)('%s sees scope values changed between launches', (_, k) => {
    const scope: Record<string, unknown> = { FACTOR: 2, OFFSET: 0, scale };
    const x = new Float64Array([5]);
    runReference(k, { grid: 1, block: 2, scope }, [x]);
    expect(x[0]).toBe(10);
    scope.FACTOR = 7;
    x[0] = 5;
    runReference(k, { grid: 1, block: 2, scope }, [x]);
    expect(x[0]).toBe(35);
    x[0] = 5;
    runReference(k, { grid: 1, block: 2, scope: { FACTOR: 0.5, OFFSET: 0, scale } }, [x]);
    expect(x[0]).toBe(2.5);
  });

  it.each(kernels)('%s: its text is compiled on the first launch only', (_, k) => {
    // Every compile of text goes through the Function constructor: counted on the way.
    const original = globalThis.Function;
    let compiles = 0;
    globalThis.Function = new Proxy(original, {
      construct(target, args) {
        compiles++;
        return Reflect.construct(target, args);
      },
    });
    try {
      const counted = (factor: number) => {
        const before = compiles;
        runReference(k, { grid: 1, block: 2, scope: { FACTOR: factor, OFFSET: 1, scale } }, [
          new Float64Array(1),
        ]);
        return compiles - before;
      };
      // A first launch of this kernel text elsewhere may already have compiled it.
      counted(2);
      expect(counted(4)).toBe(0);
    } finally {
      globalThis.Function = original;
    }
  });
});
