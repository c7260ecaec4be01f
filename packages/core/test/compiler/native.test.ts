// Agreement with the reference runner is the conformance corpus's job (test/conformance); this
// file covers what the corpus cannot say: launching JavaScript functions directly, and faults.
import { describe, expect, it } from 'vitest';
import { f32, launchNative } from '../../src/index.js';

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

describe('device exceptions on the native target', () => {
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
