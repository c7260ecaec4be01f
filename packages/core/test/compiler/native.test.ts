// Agreement with the reference runner is the conformance corpus's job (test/conformance); this
// file covers what the corpus cannot say: launching JavaScript functions directly, and faults.
import { describe, expect, it } from 'vitest';
import { view } from '../../src/entry/compiler.js';
import {
  CompileError,
  compileJob,
  createCompiler,
  createJob,
  f32,
  gpu,
  type KernelType,
  launchNative,
  parseType,
  runReference,
  sourceFromText,
} from '../../src/index.js';
import { CHECKED_KERNEL } from '../gpu-checks.js';

describe('launching on the native target', () => {
  it('compiles a JavaScript function as written, with host values passed by scope', () => {
    // Built from text: vitest rewrites the names of imports inside functions defined here.
    const scaleAdd = new Function(`return function scaleAdd(a, x, y, n) {
      const i = gpu.globalIdx.x;
      if (i < n) y[i] = a * x[i] + offset;
    }`)() as (...args: unknown[]) => void;
    const x = Float32Array.from({ length: 100 }, (_, i) => i);
    const y = new Float32Array(100);
    launchNative(scaleAdd, { grid: 4, block: 32, scope: { offset: 0.25 } }, f32(2), x, y, 100);
    expect(Array.from(y)).toEqual(Array.from(x, (v) => 2 * v + 0.25));
  });

  it('takes views and byReference arrays made with what @gpuc/core exports, as the docs import them', async () => {
    const core = await import('@gpuc/core');
    const grid = core.view(
      Float64Array.from({ length: 6 }, (_, i) => i),
      2,
      3,
    );
    const table = core.byReference(Float64Array.of(10, 20));
    const kernel = {
      text: `function rows(g) { const r = gpu.threadIdx.x; g.set(r, 0, g.get(r, 2) + table[r]); table[r] = -1; }`,
      file: 'rows.js',
    };
    core.launchNative(kernel, { grid: 1, block: 2, scope: { table } }, grid);
    expect(grid).toBeInstanceOf(core.ArrayView);
    expect(Array.from(grid.data)).toEqual([12, 1, 2, 25, 4, 5]);
    expect(Array.from(table)).toEqual([-1, -1]);
  });

  it('runs kernels that return a value, which JavaScript ignores (the launch crashed the process)', () => {
    // The kernel's LLVM function returned the value, which the launcher called as returning none.
    for (const text of [
      '(o, a) => o[gpu.globalIdx.x] = a[gpu.globalIdx.x] * 2',
      'function k(o, a) { const i = gpu.globalIdx.x; if (a[i] > 5) return 1.5; o[i] = a[i] * 2; return i; }',
    ]) {
      const kernel = { text, file: 'returns.js' };
      const native = [new Float64Array(8), Float64Array.from({ length: 8 }, (_, i) => i)] as const;
      const reference = [new Float64Array(8), native[1].slice()] as const;
      launchNative(kernel, { grid: 1, block: 8 }, ...native);
      runReference(kernel, { grid: 1, block: 8 }, [...reference]);
      expect(Array.from(native[0])).toEqual(Array.from(reference[0]));
      expect(native[0][3]).toBe(6);
    }
  });
});

describe('kernels that return a value', () => {
  it('run, the value dropped as the reference runner drops it (a returning kernel crashed the process)', () => {
    const text = `function k(o, n) {
  const t = gpu.threadIdx.x;
  if (t >= n) return t * 0.5;
  o[t] = t * 2;
  if (t === 1) throw new Error('one');
  return t > 2 ? o[t] : -1;
}`;
    const args = () => [new Float64Array(6), 4] as const;
    const [reference, native] = [args(), args()];
    expect(() => runReference({ text, file: 'returns.js' }, { grid: 1, block: 6 }, reference)).toThrow(/one/);
    expect(() => launchNative({ text, file: 'returns.js' }, { grid: 1, block: 6 }, ...native)).toThrow(
      /one \(in k at returns\.js:5\)/,
    );
    const fine = text.replace("throw new Error('one')", 'o[t] = -o[t]');
    const [a, b] = [args(), args()];
    runReference({ text: fine, file: 'returns.js' }, { grid: 1, block: 6 }, a);
    launchNative({ text: fine, file: 'returns.js' }, { grid: 1, block: 6 }, ...b);
    expect(Array.from(b[0])).toEqual(Array.from(a[0]));
    expect(Array.from(b[0])).toEqual([0, -2, 4, 6, 0, 0]);
  });
});

describe("an f64's words", () => {
  it('read and build an f64 from its upper and lower 32 bits, as the reference does', () => {
    const words = {
      text: `function words(x, high, low, back) {
  const i = gpu.globalIdx.x;
  high[i] = gpu.highWord(x[i]);
  low[i] = gpu.lowWord(x[i]);
  back[i] = gpu.fromWords(high[i] ^ 0x80000000, low[i]);
}`,
      file: 'words.js',
    };
    const values = [1, -2.5, Math.PI, 0, -0, Number.MIN_VALUE, Number.MAX_VALUE, Infinity, Number.NaN];
    const run = (launch: (args: unknown[]) => void) => {
      const args = [Float64Array.from(values), new Int32Array(9), new Uint32Array(9), new Float64Array(9)];
      launch(args);
      return args;
    };
    const native = run((args) => launchNative(words, { grid: 1, block: 9 }, ...args));
    const reference = run((args) => runReference(words, { grid: 1, block: 9 }, args));
    expect(native).toEqual(reference);
    expect(Array.from(native[1] as Int32Array).slice(0, 2)).toEqual([0x3ff00000, -0x3ffc0000]);
    expect(Array.from(native[3] as Float64Array)).toEqual(values.map((v) => -v));
  });

  it('takes any number as JavaScript does: the words of an f32 or an integer, words given as doubles', () => {
    // An f32 or integer is its double exactly; a word given as a double converts as `>>> 0`.
    const any = {
      text: `function any(f, u, o) {
  const i = gpu.globalIdx.x;
  o[i * 4] = gpu.highWord(f[i]) + gpu.lowWord(u[i]);
  o[i * 4 + 1] = gpu.fromWords(0x3ff00000, 0xffffffff) - 1;
  o[i * 4 + 2] = gpu.fromWords(f[i] * 1024, -1.5);
  o[i * 4 + 3] = gpu.highWord(u[i]) ^ gpu.highWord(i);
}`,
      file: 'any-words.js',
    };
    const run = (launch: (args: unknown[]) => void) => {
      const args = [
        Float32Array.of(1.5, -0.1, 3e38, Number.NaN),
        Uint32Array.of(0, 1, 4294967295, 12345),
        new Float64Array(16),
      ];
      launch(args);
      return args;
    };
    const native = run((args) => launchNative(any, { grid: 1, block: 4 }, ...args));
    const reference = run((args) => runReference(any, { grid: 1, block: 4 }, args));
    expect(native).toEqual(reference);
    expect((native[2] as Float64Array)[1]).toBe(2 ** -20 - 2 ** -52);
  });
});

describe('single precision without f64', () => {
  // Both compute in f32 on every target (no f64 on Metal); JavaScript's meaning is the reference.
  const values = [
    0,
    -0,
    0.1,
    Math.fround(0.1),
    -0.1,
    Math.fround(-0.1),
    1e-50,
    -1e-50,
    2 ** -149,
    3.4e38,
    -3.4e38,
    Math.fround(3.4e38),
    2 ** 62,
    2 ** 63,
    1.5 * 2 ** 62,
    -1.5 * 2 ** 62,
    -(2 ** 70),
    3e38,
    2 ** 31 + 0.5,
    -(2 ** 31) - 1,
    7.9,
    -7.9,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
  ];
  const run = (kernel: { text: string; file: string }, results: number, launch: 'native' | 'reference') => {
    const args = [Float32Array.from(values), new Int32Array(values.length * results)];
    const sizes = { grid: 1, block: values.length };
    if (launch === 'native') launchNative(kernel, sizes, ...args);
    else runReference(kernel, sizes, args);
    return Array.from(args[1] as Int32Array);
  };

  it('compares an f32 with constants no f32 equals, as JavaScript compares in f64', () => {
    const constants = ['0.1', '-0.1', '1e-50', '-1e-50', '1e39', '-1e39', '3.4e38'];
    const operators = ['<', '<=', '>', '>=', '==', '!='];
    const lines = constants.flatMap((c, i) =>
      operators.map(
        (op, j) => `  out[t * ${constants.length * 6} + ${i * 6 + j}] = x[t] ${op} ${c} ? 1 : 0;`,
      ),
    );
    const kernel = {
      text: `function compare(x, out) {\n  const t = gpu.globalIdx.x;\n${lines.join('\n')}\n}`,
      file: 'compare.js',
    };
    const native = run(kernel, constants.length * 6, 'native');
    expect(native).toEqual(run(kernel, constants.length * 6, 'reference'));
    // fround(0.1) is above 0.1: an f32 comparison with fround(0.1) would say equal.
    expect(native[3 * constants.length * 6 + 2]).toBe(1);
  });

  it('converts an f32 to 32-bit integers modulo 2^32, large, negative and non-finite values included', () => {
    const kernel = {
      text: 'function convert(x, out) {\n  const t = gpu.globalIdx.x;\n  out[2 * t] = x[t] | 0;\n  out[2 * t + 1] = x[t] >>> 0;\n}',
      file: 'convert.js',
    };
    const native = run(kernel, 2, 'native');
    expect(native).toEqual(run(kernel, 2, 'reference'));
    // 2^31 + 0.5 is 2^31 in f32, which wraps; from 2^62 on, the low 32 bits are zero.
    expect(native[2 * values.indexOf(2 ** 31 + 0.5)]).toBe(-(2 ** 31));
    expect(native[2 * values.indexOf(-1.5 * 2 ** 62)]).toBe(0);
    expect(native[2 * values.indexOf(-7.9)]).toBe(-7);
  });
});

describe('blocks on several cores', () => {
  // Each block waits (boundedly) until the other is running too, then records what it saw.
  const overlap = {
    text: `function overlap(state, limit) {
  gpu.atomicAdd(state, 0, 1);
  let seen = 0;
  for (let k = 0; k < limit && seen < 2; k++) seen = gpu.atomicAdd(state, 0, 0);
  state[1 + gpu.blockIdx.x] = seen;
}`,
    file: 'overlap.js',
  };

  it('run at the same time when more than one thread is given', () => {
    const state = new Int32Array(3);
    launchNative(overlap, { grid: 2, block: 1, threads: 2 }, state, 2_000_000_000);
    expect(Array.from(state)).toEqual([2, 2, 2]);
  });

  it('run one after another on one thread', () => {
    const state = new Int32Array(3);
    launchNative(overlap, { grid: 2, block: 1, threads: 1 }, state, 1000);
    // The first block gave up waiting; the second found the first done.
    expect(Array.from(state)).toEqual([2, 1, 2]);
    expect(() => launchNative(overlap, { grid: 2, block: 1, threads: 0 }, state, 1)).toThrow(
      'threads must be a positive integer, got 0',
    );
  });

  it('report one whole exception when threads on several cores throw at once', () => {
    const kernel = {
      text: `function parity(x) {
  if (gpu.globalIdx.x % 2 === 0) throw new Error('even thread');
  throw new Error('odd thread');
}`,
      file: 'parity.js',
    };
    for (let round = 0; round < 20; round++) {
      let error: Error | undefined;
      try {
        launchNative(kernel, { grid: 64, block: 4, threads: 4 }, new Int32Array(1));
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toMatch(
        /^(even thread \(in parity at parity\.js:2\)|odd thread \(in parity at parity\.js:3\))$/,
      );
    }
  });
});

describe('device exceptions on the native target', () => {
  it('report indices out of range at their line in the bounds-checking mode', () => {
    const kernel = {
      text: `function shifted(x, y, m) {
  const i = gpu.globalIdx.x;
  y[i] = x[i + 1] + m.get(i % 4, 1);
}`,
      file: 'shifted.js',
    };
    const m = view(new Float32Array(8), 4, 2);
    const checked = { grid: 1, block: 8, config: { boundsCheck: true } };
    expect(() => launchNative(kernel, checked, new Float32Array(8), new Float32Array(8), m)).toThrow(
      'index out of range (in shifted at shifted.js:3)',
    );
    const y = new Float32Array(8);
    launchNative(kernel, { ...checked, block: 7 }, Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), y, m);
    expect(Array.from(y)).toEqual([2, 3, 4, 5, 6, 7, 8, 0]);
  });

  it('report the index of every atomic out of range in the bounds-checking mode', () => {
    const checked = { grid: 1, block: 1, config: { boundsCheck: true } };
    const operations = ['Add', 'Sub', 'Min', 'Max', 'And', 'Or', 'Xor', 'Exch'];
    const calls = [
      ...operations.map((op) => [`gpu.atomic${op}(c, i, 3)`, 'i32[]'] as const),
      ...['Add', 'Sub', 'Min', 'Max', 'Exch'].map((op) => [`gpu.atomic${op}(c, i, 3)`, 'f32[]'] as const),
      ['gpu.atomicCAS(c, i, 0, 3)', 'u32[]'] as const,
      ['gpu.atomicAdd(c, i, 3)', 'f64[]'] as const,
    ];
    for (const [call, type] of calls) {
      const kernel = { text: `function k(c, i, out) {\n  out[0] = ${call};\n}`, file: 'atomic.js' };
      const array = () =>
        type === 'f32[]'
          ? new Float32Array(4)
          : type === 'f64[]'
            ? new Float64Array(4)
            : type === 'u32[]'
              ? new Uint32Array(4)
              : new Int32Array(4);
      for (const index of [4, -1, 1 << 28, -(2 ** 31)]) {
        expect(
          () => launchNative(kernel, checked, array(), index, new Float64Array(1)),
          `${call} at ${index}`,
        ).toThrow('index out of range (in k at atomic.js:2)');
      }
      const c = array();
      const out = new Float64Array(1);
      launchNative(kernel, checked, c, 3, out);
      expect(c[3], call).toBe(
        call.includes('Sub') ? -3 : call.includes('And') || call.includes('Min') ? 0 : 3,
      );
    }
  });

  it('become a JS Error with the message, the function and the source line', () => {
    const kernel = CHECKED_KERNEL;
    expect(() => launchNative(kernel, { grid: 2, block: 8 }, new Float32Array(16), 11)).toThrow(
      'element out of range (in checked at checked.js:3)',
    );
    // The kernel stays usable after an exception.
    const x = new Float32Array(16);
    launchNative(kernel, { grid: 2, block: 8 }, x, 99);
    expect(x.every((v) => v === 1)).toBe(true);
  });
});

describe('tuples returned on several paths', () => {
  it('keep each element the type inference gave it, literals included', () => {
    const split = {
      text: `function k(x, out) {
  const i = gpu.globalIdx.x;
  const [n, a, b] = parts(x[i]);
  out[i] = n + a * b;
}`,
      file: 'tuple-paths.js',
    };
    const parts = new Function(`return function parts(v) {
      if (v < 1) return [0, v, 0.0];
      const k = Math.floor(v);
      return [(k | 0) & 3, v - k, v * 0.5];
    }`)();
    const x = Float64Array.from([0.5, 2.5, 7.25]);
    const out = new Float64Array(3);
    launchNative(split, { grid: 1, block: 3, scope: { parts } }, x, out);
    expect(Array.from(out)).toEqual([0, 2.625, 3.90625]);
  });
});

describe('barriers with device exceptions on the native target', () => {
  const exchange = {
    text: `function exchange(x, n) {
  const t = gpu.threadIdx.x;
  const s = gpu.sharedArray(Float32Array, 8);
  s[t] = x[t];
  gpu.barrier();
  if (t === n) throw new Error('thread n reached');
  x[t] = s[(t + 1) % 8];
}`,
    file: 'exchange.js',
  };

  it('run a kernel with a barrier and a throw that is not thrown', () => {
    const x = Float32Array.from({ length: 8 }, (_, i) => i);
    launchNative(exchange, { grid: 1, block: 8 }, x, 99);
    expect(Array.from(x)).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
  });

  it('report a throw after a barrier at its line', () => {
    const x = Float32Array.from({ length: 8 }, (_, i) => i);
    expect(() => launchNative(exchange, { grid: 2, block: 8 }, x, 3)).toThrow(
      'thread n reached (in exchange at exchange.js:6)',
    );
  });

  it('report an index out of range after a barrier in the bounds-checking mode', () => {
    const kernel = {
      text: `function rotate(x, shift) {
  const t = gpu.threadIdx.x;
  const s = gpu.sharedArray(Int32Array, 8);
  s[t] = x[t];
  gpu.barrier();
  x[t] = s[t + shift];
}`,
      file: 'rotate.js',
    };
    const checked = { grid: 1, block: 8, config: { boundsCheck: true } };
    expect(() => launchNative(kernel, checked, new Int32Array(8), 1)).toThrow(
      'index out of range (in rotate at rotate.js:6)',
    );
    const x = Int32Array.from({ length: 8 }, (_, i) => 10 * i);
    launchNative(kernel, { ...checked, block: 4 }, x, 4);
    expect(Array.from(x)).toEqual([0, 0, 0, 0, 40, 50, 60, 70]);
  });

  it('run several barriers in loops, bounds-checked, as the reference runner does', () => {
    // A tree reduction per round (a barrier in a loop inside a loop), then a prefix sum with two
    // barriers per step.
    const kernel = {
      text: `function rounds(x, out, rounds) {
  const t = gpu.threadIdx.x;
  const s = gpu.sharedArray(Float64Array, 64);
  for (let r = 0; r < rounds; r++) {
    s[t] = x[t] * (r + 1);
    gpu.barrier();
    for (let width = 32; width > 0; width >>= 1) {
      if (t < width) s[t] += s[t + width];
      gpu.barrier();
    }
    if (t === 0) out[r] = s[0];
    gpu.barrier();
  }
  s[t] = x[t];
  gpu.barrier();
  for (let d = 1; d < 64; d *= 2) {
    const v = t >= d ? s[t - d] : 0;
    gpu.barrier();
    s[t] += v;
    gpu.barrier();
  }
  x[t] = s[t];
}`,
      file: 'rounds.js',
    };
    const args = () => [Float64Array.from({ length: 64 }, (_, i) => i % 7), new Float64Array(3), 3];
    const native = args();
    launchNative(kernel, { grid: 1, block: 64, config: { boundsCheck: true } }, ...native);
    const reference = args();
    runReference(kernel, { grid: 1, block: 64 }, reference);
    expect(native).toEqual(reference);
    expect(Array.from(native[1] as Float64Array)).toEqual([189, 378, 567]);
  });

  it("keep each thread's local arrays across barriers, as the reference runner does", () => {
    // Each thread's arrays are its own and outlive every barrier (they stayed on the stack of
    // one resumption, shared by the threads, and read zeros after the barrier).
    const kernel = {
      text: `function locals(x, out) {
  const t = gpu.threadIdx.x;
  const w = new Float64Array(4);
  for (let j = 0; j < 4; j++) w[j] = x[t] + j;
  gpu.barrier();
  const c = new Int32Array(2);
  for (let r = 0; r < 3; r++) {
    c[r & 1] += t;
    gpu.barrier();
    w[r] *= 2;
  }
  out[t] = w[0] + w[1] + w[2] + w[3] + c[0] * 100 + c[1];
}`,
      file: 'locals.js',
    };
    const args = () => [Float64Array.from({ length: 32 }, (_, i) => i * 1.5), new Float64Array(32)];
    const native = args();
    launchNative(kernel, { grid: 2, block: 32 }, ...native);
    const reference = args();
    runReference(kernel, { grid: 2, block: 32 }, reference);
    expect(native).toEqual(reference);
    expect((native[1] as Float64Array)[3]).toBe(9 + 11 + 13 + 7.5 + 6 * 100 + 3);
  });
});

describe('barriers under divergent control flow on the native target', () => {
  const divergence = (operations: string, line: number, file: string, fn = 'k') =>
    `threads of the block reached different collective operations (${operations}): a barrier or warp operation under divergent control flow (in ${fn} at ${file}:${line})`;

  it('report a barrier some threads of the block skip, at its line, as the reference runner does', () => {
    const kernel = {
      text: `function k(x, n) {
  const t = gpu.threadIdx.x;
  if (t < n) {
    gpu.barrier();
  }
  x[t] = 1;
}`,
      file: 'skipped.js',
    };
    const message = divergence('barrier, or none', 4, 'skipped.js');
    expect(() => launchNative(kernel, { grid: 2, block: 32 }, new Float32Array(32), 16)).toThrow(message);
    expect(() => runReference(kernel, { grid: 2, block: 32 }, [new Float32Array(32), 16])).toThrow(
      /^threads of the block reached different collective operations \(barrier at threads 0-15, none at threads 16-31\): a barrier or warp operation under divergent control flow/,
    );
    // Taken by every thread, the same barrier is fine; the kernel stays usable.
    const x = new Float32Array(32);
    launchNative(kernel, { grid: 2, block: 32 }, x, 32);
    expect(x.every((v) => v === 1)).toBe(true);
  });

  it('report threads that return before a barrier, and barriers in loops of different trip counts', () => {
    const early = {
      text: `function k(x) {
  const t = gpu.threadIdx.x;
  if (t === 5) return;
  gpu.barrier();
  x[t] = 2;
}`,
      file: 'early.js',
    };
    expect(() => launchNative(early, { grid: 1, block: 8 }, new Float32Array(8))).toThrow(
      divergence('barrier, or none', 4, 'early.js'),
    );
    const loop = {
      text: `function k(x) {
  const t = gpu.threadIdx.x;
  for (let i = 0; i <= t; i++) {
    x[t] += i;
    gpu.barrier();
  }
}`,
      file: 'loop.js',
    };
    expect(() => launchNative(loop, { grid: 1, block: 8 }, new Float32Array(8))).toThrow(
      divergence('barrier, or none', 5, 'loop.js'),
    );
  });

  it('report a warp operation part of a warp skips, and one each warp reaches at a different point', () => {
    const partial = {
      text: `function k(x) {
  const t = gpu.threadIdx.x;
  if (t < 16) x[t] = gpu.shuffleDown(x[t], 1);
}`,
      file: 'partial.js',
    };
    expect(() => launchNative(partial, { grid: 1, block: 64 }, new Float32Array(64))).toThrow(
      divergence('shuffleDown, or none', 3, 'partial.js'),
    );
    const crossed = {
      text: `function k(x) {
  const t = gpu.threadIdx.x;
  if (t >= 32) x[t] = helper(x, t);
  else x[t] = gpu.voteAny(x[t] > 3) ? 1 : 0;
}`,
      file: 'crossed.js',
    };
    // The barrier is in a device function: the report names it and its line.
    const helper = new Function(`return function helper(x, t) {
      gpu.barrier();
      return x[t];
    }`)();
    expect(() =>
      launchNative(crossed, { grid: 1, block: 64, scope: { helper } }, new Float32Array(64)),
    ).toThrow(
      /\(barrier, or none\): a barrier or warp operation under divergent control flow \(in helper at .+:2\)$/,
    );
  });

  it('run warp operations that whole warps skip, as the hardware does', () => {
    const kernel = {
      text: `function k(x) {
  const t = gpu.threadIdx.x;
  if (t < 32) x[t] = gpu.shuffleDown(x[t], 16);
  gpu.barrier();
  x[t] += 100;
}`,
      file: 'warps.js',
    };
    const x = Float32Array.from({ length: 64 }, (_, i) => i);
    launchNative(kernel, { grid: 1, block: 64 }, x);
    const lanes = Array.from({ length: 64 }, (_, t) => (t < 16 ? t + 16 : t) + 100);
    expect(Array.from(x)).toEqual(lanes);
  });

  it('shuffle every number type, narrower integers and u64 included, as the reference runner does', () => {
    const kernel = {
      text: `function k(a, b, c, d) {
  const t = gpu.threadIdx.x;
  a[t] = gpu.shuffleDown(a[t], 3);
  b[t] = gpu.shuffleXor(b[t], 5);
  c[t] = gpu.shuffle(c[t], 31 - t);
  d[t] = gpu.shuffleUp(d[t], 1);
}`,
      file: 'narrow.js',
    };
    const args = () => [
      Uint8Array.from({ length: 40 }, (_, i) => i * 7),
      Int16Array.from({ length: 40 }, (_, i) => -300 * i),
      BigUint64Array.from({ length: 40 }, (_, i) => 2n ** 63n + BigInt(i)),
      Int8Array.from({ length: 40 }, (_, i) => -i),
    ];
    const [native, reference] = [args(), args()];
    launchNative(kernel, { grid: 1, block: 40 }, ...native);
    runReference(kernel, { grid: 1, block: 40 }, reference);
    expect(native.map((a) => Array.from(a as ArrayLike<unknown>))).toEqual(
      reference.map((a) => Array.from(a as ArrayLike<unknown>)),
    );
    expect(native[0]?.[0]).toBe(21);
  });

  it('run a device function of warp operations called twice as the reference runner does', () => {
    // Each inlined call counted its warp operations from 0 again, so the second exchanged values
    // through the same half of the lane buffer as the first, which lanes not yet resumed read.
    const pass = new Function('return function pass(v, n) { return gpu.shuffleXor(v, n); }')();
    const kernel = {
      text: `function k(x) {
  const t = gpu.threadIdx.x;
  const a = pass(x[t], 1);
  x[t] = pass(a, 2);
}`,
      file: 'twice.js',
    };
    const native = Int32Array.from({ length: 8 }, (_, i) => i + 1);
    const reference = native.slice();
    launchNative(kernel, { grid: 1, block: 8, scope: { pass } }, native);
    runReference(kernel, { grid: 1, block: 8, scope: { pass } }, [reference]);
    expect(Array.from(reference)).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
    expect(Array.from(native)).toEqual(Array.from(reference));
  });

  it('run a device function of a warp operation called in a loop as the reference runner does', () => {
    // One inlined call, so one count slot: it was left as it was, set to 0 at each call.
    const pair = new Function('return function pair(v) { return v + gpu.shuffleXor(v, 1); }')();
    const kernel = {
      text: `function k(x, n) {
  const t = gpu.threadIdx.x;
  let v = x[t];
  for (let r = 0; r < n; r++) v = pair(v);
  x[t] = v;
}`,
      file: 'loop.js',
    };
    const native = Int32Array.from({ length: 8 }, (_, i) => i);
    const reference = native.slice();
    launchNative(kernel, { grid: 1, block: 8, scope: { pair } }, native, 3);
    runReference(kernel, { grid: 1, block: 8, scope: { pair } }, [reference, 3]);
    expect(Array.from(reference)).toEqual([4, 4, 20, 20, 36, 36, 52, 52]);
    expect(Array.from(native)).toEqual(Array.from(reference));
  });

  it('compile a device function of a warp operation unoptimised (its inlined locals lost their lifetime markers)', () => {
    const all = new Function('return function all(p) { return gpu.voteAll(p); }')();
    const kernel = {
      text: `function k(x) {
  const t = gpu.threadIdx.x;
  x[t] = all(x[t] > 3) ? 1 : 0;
}`,
      file: 'unoptimised.js',
    };
    const x = Int32Array.from({ length: 8 }, (_, i) => i + 4);
    launchNative(kernel, { grid: 1, block: 8, scope: { all }, config: { optLevel: 0 } }, x);
    expect(Array.from(x)).toEqual(Array(8).fill(1));
  });

  it('run a kernel of two hundred warp operations as the reference runner does (the compile crashed the process)', () => {
    // Freeing the compile's LLVM context with a large table of value handles (its many suspend
    // points) used to look wrappers' handles up in freed memory: a segmentation fault.
    const body = Array.from(
      { length: 200 },
      (_, i) => `v = v + gpu.shuffleXor(v * ${i + 1}, ${(i % 31) + 1});`,
    );
    const kernel = {
      text: `function manyShuffles(x, n) {\n  let v = x[gpu.globalIdx.x];\n  for (let i = 0; i < n; i++) {\n    ${body.join('\n    ')}\n    gpu.barrier();\n  }\n  x[gpu.globalIdx.x] = v + 1;\n}`,
      file: 'many-shuffles.js',
    };
    // Zeros stay zeros through the products and sums (other inputs overflow f32 but not f64).
    const input = new Float32Array(64);
    const native = input.slice();
    const reference = input.slice();
    launchNative(kernel, { grid: 2, block: 32 }, native, 2);
    runReference(kernel, { grid: 2, block: 32 }, [reference, 2]);
    expect(Array.from(native)).toEqual(Array.from(reference));
    expect(Array.from(native)).toEqual(Array(64).fill(1));
  });
});

describe('local arrays on the native target', () => {
  it('refuse more bytes than a function may keep on the stack, at the array', () => {
    const kernel = {
      text: `function k(x) {
  const small = new Float64Array(1000);
  const large = new Float64Array(200000);
  large[gpu.threadIdx.x] = 1;
  x[0] = large[0] + small[0];
}`,
      file: 'large.js',
    };
    let error: unknown;
    try {
      launchNative(kernel, { grid: 1, block: 1 }, new Float64Array(1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).code).toBe('unsupported-on-target');
    expect((error as CompileError).message).toMatch(
      /^large\.js:3:17: this array takes 1600000 bytes, the kernel's local arrays \(its device functions' too\) 1608000: native gives a kernel's local arrays 1048576 bytes/,
    );
  });

  it('count the local arrays of the device functions a kernel calls with its own', () => {
    const helper = new Function(`return function helper(x) {
      const scratch = new Float64Array(70000);
      scratch[gpu.threadIdx.x] = x[0];
      return scratch[0];
    }`)();
    const kernel = {
      text: `function k(x) {
  const own = new Float64Array(70000);
  own[gpu.threadIdx.x] = 2;
  x[0] = helper(x) + own[0];
}`,
      file: 'nested.js',
    };
    expect(() => launchNative(kernel, { grid: 1, block: 1, scope: { helper } }, new Float64Array(1))).toThrow(
      /this array takes 560000 bytes, the kernel's local arrays \(its device functions' too\) 1120000: native gives a kernel's local arrays 1048576 bytes/,
    );
  });

  it('zero a large array with one memset, quickly, each time its expression runs', () => {
    const text = `function k(x, n) {
  for (let round = 0; round < 2; round++) {
    const a = new Float64Array(120000);
    a[n] += round + 1;
    x[round] = a[n] + a[119999];
  }
}`;
    const compiler = createCompiler();
    const job = createJob(
      sourceFromText(text, 'memset.js'),
      ['f64[]', 'i32'].map((t) => parseType(t) as KernelType),
      compiler.target('native'),
    );
    const started = performance.now();
    const { ir } = compileJob(compiler, job, { kind: 'object' });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(ir).toMatch(/call void @llvm\.memset\.p0\.i64\(ptr [^,]+, i8 0, i64 960000, i1 false\)/);
    expect(ir.length).toBeLessThan(20_000);
    const x = new Float64Array(2);
    launchNative({ text, file: 'memset.js' }, { grid: 1, block: 2 }, x, 7);
    expect(Array.from(x)).toEqual([1, 2]);
  });
});

describe("a native block's threads, as loops in one function", () => {
  const compiler = createCompiler();
  const ir = (text: string, types: string[]) =>
    compileJob(
      compiler,
      createJob(
        sourceFromText(text, 'items.js'),
        types.map((t) => parseType(t) as KernelType),
        compiler.target('native'),
      ),
      { kind: 'ir' },
    ).ir;

  // A 3x3 stencil behind a bounds guard, its IR compiled once for the tests that read it.
  let stencilIR: string | undefined;
  const stencil = () => {
    stencilIR ??= ir(
      `function stencil(a, b, n) {
  const x = gpu.globalIdx.x;
  const y = gpu.globalIdx.y;
  if (x >= 1 && y >= 1 && x < n - 1 && y < n - 1) {
    const i = y * n + x;
    b[i] = (a[i - n - 1] + a[i - n] + a[i - n + 1] + a[i - 1] + a[i] + a[i + 1] +
      a[i + n - 1] + a[i + n] + a[i + n + 1]) / 9;
  }
}`,
      ['f32[]', 'f32[]', 'i32'],
    );
    return stencilIR;
  };

  it('are vectorised across threads', () => {
    // Nine loads from one array and a store to another: LLVM vectorises the loop over x only
    // given disjoint arrays (nine run-time overlap checks are more than it makes).
    expect(stencil()).toMatch(/<\d+ x float>/);
  });

  it('run a block every thread of which passes the guard without it', () => {
    // Guarded, LLVM's vectoriser masks each load and store; a block inside the bounds (proven
    // once a block) gets plain vector loads.
    const text = stencil();
    expect(text).toMatch(/= load <\d+ x float>/);
    expect(text).toMatch(/masked\.load/);
  });

  it('take the guard as the reference runner does in blocks where it holds for some threads only', () => {
    // Blocks wholly inside, wholly outside and across each bound, guards written both ways, a
    // product with a negative factor, and guards the evaluation cannot prove (|, a load).
    const guards = [
      'x >= 3 && y >= 2 && x < n - 5 && y < n - 3',
      '!(x < 3 || y < 2 || x >= n - 5 || y >= n - 3)',
      'x * -2 + n > 4 && y - x < 9',
      '(x | 1) < n - 2',
      'a[x] > 0 && x < n',
    ];
    for (const [k, guard] of guards.entries()) {
      for (const early of [false, true]) {
        const body = early
          ? `if (!(${guard})) return;\n  b[y * n + x] = a[y * n + x] * 2 + ${k};`
          : `if (${guard}) {\n    b[y * n + x] = a[y * n + x] * 2 + ${k};\n  }`;
        const kernel = {
          text: `function guarded(a, b, n) {
  const x = gpu.globalIdx.x;
  const y = gpu.globalIdx.y;
  ${body}
}`,
          file: 'guarded.js',
        };
        const n = 40;
        const a = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
        const sizes = { grid: [5, 10] as [number, number], block: [8, 4] as [number, number] };
        const native = new Float32Array(n * n);
        launchNative(kernel, sizes, a, native, n);
        const reference = new Float32Array(n * n);
        runReference(kernel, sizes, [a, reference, n]);
        expect(Array.from(native), `${guard} (${early ? 'return' : 'if'})`).toEqual(Array.from(reference));
      }
    }
  });

  it('copy the body unguarded only for a guard the evaluation may prove', () => {
    // A bitwise or is not evaluated over ranges: that guard never holds for a block as proven.
    const unoptimized = (guard: string) =>
      compileJob(
        compiler,
        createJob(
          sourceFromText(
            `function k(a, b, n) {\n  const x = gpu.globalIdx.x;\n  if (${guard}) b[x] = a[x] * 2;\n}`,
            'g.js',
          ),
          ['f32[]', 'f32[]', 'i32'].map((t) => parseType(t) as KernelType),
          compiler.target('native'),
        ),
        { kind: 'ir', keepUnoptimized: true },
      ).unoptimizedIR;
    expect(unoptimized('x < n - 2')).toContain('items.proven');
    expect(unoptimized('(x | 1) < n - 2')).not.toContain('items.proven');
  });

  it('run a guard whose arithmetic may wrap in i32 on each thread', () => {
    // Over the block x + n spans 2147483645 to 2147483652, all above 5; but the i32 wraps past
    // 2147483647, negative from x = 3 on, so those threads fail the guard.
    const kernel = {
      text: `function wraps(out, n) {
  const x = gpu.threadIdx.x;
  if (x + n > 5) out[x] = 1;
}`,
      file: 'wraps.js',
    };
    const out = new Int32Array(8);
    launchNative(kernel, { grid: 1, block: 8 }, out, 2147483645);
    expect(Array.from(out)).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('index in i64 where the i32 arithmetic of an address provably does not wrap', () => {
    // Computed in i32, `y * n + x - n - 1` may wrap, so each index was sign-extended in the
    // vector loop (and checked for the wrap on every row); proven not to wrap for the block, the
    // addresses step through memory with no extension in the loop.
    const bodies = stencil()
      .split(/\n(?=\S)/)
      .filter((block) => /^vector\.body\d*:/.test(block) && /= load <\d+ x float>/.test(block));
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body).not.toMatch(/= sext i32/);
    // The temporary names the versioning finds instructions by are given back.
    expect(stencil()).not.toContain('gpuc.key');
  });

  it('copy a body without a guard for addresses proven not to wrap, where threads are the inner loop', () => {
    const unoptimized = (body: string) =>
      compileJob(
        compiler,
        createJob(
          sourceFromText(`function k(a, b, n) {\n  const x = gpu.globalIdx.x;\n  ${body}\n}`, 'w.js'),
          ['f32[]', 'f32[]', 'i32'].map((t) => parseType(t) as KernelType),
          compiler.target('native'),
        ),
        { kind: 'ir', keepUnoptimized: true },
      ).unoptimizedIR;
    expect(unoptimized('b[x * n + 1] = a[0];')).toContain('items.proven');
    // An index the evaluation cannot bound (a bitwise and) has nothing to prove.
    expect(unoptimized('b[x & n] = a[0];')).not.toContain('items.proven');
    // A loop in the body is the one LLVM vectorises, not the loop over threads: no copy.
    const loop = 'let s = a[0];\n  for (let k = 0; k < n; k++) s += a[k];\n  b[x * n + 1] = s;';
    expect(unoptimized(loop)).not.toContain('items.proven');
  });

  it('compute an address whose i32 arithmetic wraps as JavaScript integers do', () => {
    // x * k - x * j is x in wrapping i32 arithmetic, though both products leave the i32 range
    // from x = 2 on (k = 2^30): those blocks must keep the i32 arithmetic; with k = 3, j = 2
    // nothing wraps and every block runs the copy computing in i64.
    const kernel = {
      text: `function wraps(out, k, j) {
  const x = gpu.globalIdx.x;
  out[x * k - x * j] = x + 0.5;
}`,
      file: 'wraps.js',
    };
    for (const [k, j] of [
      [2 ** 30, 2 ** 30 - 1],
      [3, 2],
    ] as const) {
      const out = new Float64Array(64);
      launchNative(kernel, { grid: 8, block: 8 }, out, k, j);
      expect(Array.from(out), `k = ${k}`).toEqual(Array.from({ length: 64 }, (_, x) => x + 0.5));
    }
  });

  it('see their own indices in device functions that read them', () => {
    // Not inlined before the loops are built: device functions stay calls until the optimiser.
    const where = new Function(
      'gpu',
      `return function where() {
      return gpu.threadIdx.x + 100 * gpu.threadIdx.y + 10000 * gpu.blockIdx.x;
    }`,
    )(gpu);
    const kernel = {
      text: `function k(out) {
  const i = gpu.globalIdx.x + gpu.blockDim.x * gpu.gridDim.x * gpu.globalIdx.y;
  out[i] = where() + 0.5 * gpu.blockDim.y;
}`,
      file: 'where.js',
    };
    const sizes = { grid: 2, block: [4, 3] as [number, number], scope: { where } };
    const native = new Float64Array(2 * 4 * 3);
    launchNative(kernel, sizes, native);
    const reference = new Float64Array(2 * 4 * 3);
    runReference(kernel, sizes, [reference]);
    expect(Array.from(native)).toEqual(Array.from(reference));
    // Thread (1, 1) of block 1.
    expect(native[8 + 4 + 1]).toBe(10000 + 100 + 1 + 1.5);
  });

  it('know their block in a grid of three dimensions, blocks counted on across a claim', () => {
    const kernel = {
      text: `function blocks(o) {
  const x = gpu.globalIdx.x;
  const y = gpu.globalIdx.y;
  const i = x + gpu.gridDim.x * gpu.blockDim.x * (y + gpu.gridDim.y * gpu.blockDim.y * gpu.globalIdx.z);
  o[i] = gpu.blockIdx.x + 10 * gpu.blockIdx.y + 100 * gpu.blockIdx.z;
}`,
      file: 'blocks.js',
    };
    const sizes = { grid: [3, 5, 7] as [number, number, number], block: [4, 3] as [number, number] };
    const native = new Float64Array(12 * 15 * 7);
    launchNative(kernel, { ...sizes, threads: 2 }, native);
    const reference = new Float64Array(12 * 15 * 7);
    runReference(kernel, sizes, [reference]);
    expect(Array.from(native)).toEqual(Array.from(reference));
    expect(native[12 * 15 * 7 - 1]).toBe(2 + 40 + 600);
  });

  it('add into one element in thread order, as the reference runner does', () => {
    // Vectorised, the sum would run in partial sums per lane: 1e8 plus 255 ones gives 1e8 in
    // f32 one at a time (each one is below half the spacing), about 1e8 + 256 in eight lanes.
    const kernel = {
      text: `function total(sum, x) {
  sum[0] += x[gpu.threadIdx.x];
}`,
      file: 'total.js',
    };
    const x = Float32Array.from({ length: 256 }, (_, i) => (i === 0 ? 1e8 : 1));
    const native = new Float32Array(1);
    launchNative(kernel, { grid: 1, block: 256 }, native, x);
    const reference = new Float32Array(1);
    // A data race on a GPU; the native target and the reference runner share the thread order.
    runReference(kernel, { grid: 1, block: 256, races: false }, [reference, x]);
    expect(native[0]).toBe(reference[0]);
    expect(native[0]).toBe(1e8);
  });

  it('stop the launch at a throw: the line reported, no block started after it', () => {
    const kernel = {
      text: `function early(x) {
  const i = gpu.globalIdx.x;
  if (i === 3) throw new Error('thread three');
  x[i] = 1;
}`,
      file: 'early.js',
    };
    const x = new Float32Array(64 * 8);
    expect(() => launchNative(kernel, { grid: 64, block: 8, threads: 1 }, x)).toThrow(
      'thread three (in early at early.js:3)',
    );
    // One worker runs the blocks in order; the block that threw may finish (as on GPUs).
    expect(x.subarray(8).every((v) => v === 0)).toBe(true);
  });

  it('run one after another where arrays overlap, as the reference runner does', () => {
    const chain = {
      text: `function chain(a, b) {
  const i = gpu.threadIdx.x;
  b[i + 1] = a[i] * 2 + 1;
}`,
      file: 'chain.js',
    };
    // Each thread reads what the one before it wrote: through the same array twice, and through
    // two views of one buffer.
    const same = new Float64Array(33);
    launchNative(chain, { grid: 1, block: 32 }, same, same);
    const reference = new Float64Array(33);
    // Data races on a GPU; the native target and the reference runner share the thread order.
    runReference(chain, { grid: 1, block: 32, races: false }, [reference, reference]);
    expect(Array.from(same)).toEqual(Array.from(reference));
    const buffer = new Float64Array(33);
    launchNative(chain, { grid: 1, block: 32 }, buffer.subarray(0, 32), buffer);
    const powers = Array.from({ length: 33 }, (_, k) => 2 ** k - 1);
    expect(Array.from(same)).toEqual(powers);
    expect(Array.from(buffer)).toEqual(powers);
  });
});
