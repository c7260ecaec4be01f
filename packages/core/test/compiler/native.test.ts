// Agreement with the reference runner is the conformance corpus's job (test/conformance); this
// file covers what the corpus cannot say: launching JavaScript functions directly, and faults.
import { describe, expect, it } from 'vitest';
import { f32, launchNative, runReference, view } from '../../src/index.js';

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

  it('become a JS Error with the message, the function and the source line', () => {
    const kernel = {
      text: `function checked(x, n) {
  const i = gpu.globalIdx.x;
  if (i === n) throw new Error('element out of range');
  x[i] = 1;
}`,
      file: 'checked.js',
    };
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
