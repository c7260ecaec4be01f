import { describe, expect, it } from 'vitest';
import { lowerSource, verifyFunction } from '../../src/entry/compiler.js';
import {
  type CompileError,
  inferKernel,
  launchNative,
  printFunction,
  runReference,
} from '../../src/index.js';
import { scaleBy, usesMissing } from './fixtures/kernels.js';

describe('kernels given as JavaScript functions', () => {
  it('infer from the function itself', () => {
    const spec = inferKernel(scaleBy, { values: [new Float32Array(4), 2.5] });
    expect(spec.key).toBe('scaleBy(f32[], f64)');
    expect(printFunction(spec.fn)).toContain('call gpu.globalIdx.x()');
  });

  it('report errors at the line and column of the function in its own file', () => {
    let error: CompileError | undefined;
    try {
      inferKernel(usesMissing, { types: ['f32[]'] });
    } catch (e) {
      error = e as CompileError;
    }
    expect(error?.code).toBe('unknown-name');
    expect(error?.location.file).toMatch(/fixtures\/kernels\.js$/);
    expect(error?.location).toMatchObject({ line: 9, column: 10 });
    expect(error?.frame).toContain('x[0] = missingValue + 1;');
  });

  it('call a scope function by its own name, as a minifier leaves it (scope { square: o }, o(x))', () => {
    function o(x: number): number {
      return x * x;
    }
    const a = Float32Array.from([3]);
    launchNative(
      { text: 'function k(a) {\n  a[0] = o(a[0]);\n}', file: 'min.js' },
      { grid: 1, block: 1, scope: { square: o } },
      a,
    );
    expect(a[0]).toBe(9);
  });

  it('an intrinsic is not taken for a scope function of the same own name', () => {
    function f32(x: number): number {
      return x + 1;
    }
    const a = Float32Array.from([3]);
    launchNative(
      { text: 'function k(a) {\n  a[0] = f32(a[0]);\n}', file: 'min.js' },
      { grid: 1, block: 1, scope: { plusOne: f32 } },
      a,
    );
    expect(a[0]).toBe(3);
  });

  it('a device function whose end follows a loop with a literal condition returns on every path', () => {
    // The end after `while (true)` (or `1`, `do … while (true)`, `for (; true; )`) is unreachable
    // as in JavaScript, so returning only from inside the loop is no missing return.
    const loops = [
      'while (true) { if (v > 3) return v; v++; }',
      'while (1) { if (v > 3) return v; v += 2; }',
      'do { if (v > 3) return v * 2; v++; } while (true);',
      'for (; true; v++) if (v > 5) return -v;',
      'a: while (true) { while (true) { if (v > 3) return v; v++; continue a; } }',
    ];
    const got = loops.map((body) => {
      const helper = new Function('v', body);
      const o = new Int32Array(1);
      launchNative(
        { text: 'function k(o) {\n  o[0] = h(1);\n}', file: 'loop.js' },
        { grid: 1, block: 1, scope: { h: helper } },
        o,
      );
      return o[0];
    });
    expect(got).toEqual([4, 5, 8, -6, 4]);
  });

  it('a literal false condition leaves its branch and a do-while back edge unreachable', () => {
    const o = new Float64Array(3);
    launchNative(
      {
        text: `function k(o) {
  let x = 1;
  if (false) x = 2.5;
  let y;
  if (true) y = 3;
  let z = 0;
  do { z += 5; if (o[2] > 0) break; z += 1; } while (false);
  o[0] = x; o[1] = y; o[2] = z;
}`,
        file: 'false.js',
      },
      { grid: 1, block: 1 },
      o,
    );
    expect(Array.from(o)).toEqual([1, 3, 6]);
  });

  it('a geometry group is a value, the record of its x, y and z, as JavaScript reads gpu.threadIdx', () => {
    const text = `function k(o) {
  const { x, y: row } = gpu.threadIdx;
  const g = gpu.globalIdx;
  const dims = gpu['blockDim'];
  o[g.y * 6 + g.x] = x * 1000 + row * 100 + span(gpu.gridDim) * 10 + dims.z;
}`;
    const span = (d: { x: number; y: number }) => d.x * d.y;
    const [reference, native] = [new Int32Array(24), new Int32Array(24)];
    const launch = { grid: [2, 2] as [number, number], block: [3, 2] as [number, number], scope: { span } };
    runReference({ text, file: 'dims.js' }, launch, [reference]);
    launchNative({ text, file: 'dims.js' }, launch, native);
    expect(reference[3 * 6 + 4]).toBe(1000 + 100 + 40 + 1);
    expect(Array.from(native)).toEqual(Array.from(reference));
  });

  it('literal conditions in short circuits, ternaries and loops leave valid IR and JavaScript results', () => {
    // A literal left side of || jumps past the join: the join's phi must not name it, and the
    // loop's phis left merging an array with itself go (natively such IR crashed LLVM).
    const text = `function k(o, x, s) {
  const i = gpu.globalIdx.x;
  if ((!x[i] ? (false ? x[i] : x[i + 1]) : x[i]) > 0) {
    let j = 0;
    do {
      j++;
      o[i] += Number.MAX_VALUE ? x[i] + j : false ? 1 : 2;
      if (s !== s || (false || false)) return;
    } while (j < 3);
    o[i] += (true && j) + (0 || j * 10);
  }
  o[i] = o[i] * 2 + (false || x[i]);
}`;
    verifyFunction(lowerSource({ text, file: 'literal.js' } as never));
    const make = () => [new Float64Array(8), Float64Array.of(0, 1, -2, 3, 0, 0, 5, 6, 7), 1];
    const [reference, native] = [make(), make()];
    runReference({ text, file: 'literal.js' }, { grid: 1, block: 8 }, reference);
    launchNative({ text, file: 'literal.js' }, { grid: 1, block: 8 }, ...(native as never[]));
    expect(Array.from(native[0] as Float64Array)).toEqual(Array.from(reference[0] as Float64Array));
  });
});
