// Captured host values (DESIGN.md section 7): arrays copied in as constants, or shared with the
// host by reference where the target can reach host memory.
import { describe, expect, it } from 'vitest';
import { byReference, view } from '../../src/entry/compiler.js';
import { CompileError, createCompiler, launchNative, runReference } from '../../src/index.js';
import { compileWasm, WasmPlugin } from '../plugin/wasm-backend.js';

const compileError = (run: () => unknown): CompileError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
  throw new Error('expected a CompileError');
};

describe('arrays captured from the scope', () => {
  it('are constants: every kind of write is a read-only error at its line', () => {
    const scope = {
      table: new Float32Array(4),
      grid: view(new Float64Array(4), 2, 2),
      counts: new Int32Array(4),
    };
    const writes = [
      'table[i] = 1;',
      'grid.set(0, i % 2, 1);',
      'gpu.atomicAdd(counts, 0, 1);',
      // Through a device function, which is specialised on the constant array's type.
      'fill(table, i);',
    ];
    const fill = (a: Float32Array, i: number) => {
      a[i] = 0;
    };
    for (const write of writes) {
      const kernel = { text: `function k(x) {\n  const i = gpu.globalIdx.x;\n  ${write}\n}`, file: 'k.js' };
      const error = compileError(() =>
        launchNative(kernel, { grid: 1, block: 4, scope: { ...scope, fill } }, new Float32Array(4)),
      );
      expect(error.message, write).toMatch(/captured from the scope|a constant/);
      if (write !== 'fill(table, i);') expect(error.message, write).toMatch(/^k\.js:3:/);
    }
  });

  it('are read as they are at each launch, views included, as the reference reads them', () => {
    const kernel = {
      text: 'function k(x) { const i = gpu.globalIdx.x; x[i] = lut[i] + m.get(i % 2, 1); }',
      file: 'k.js',
    };
    const scope = {
      lut: Float32Array.from([10, 20, 30, 40]),
      m: view(Float64Array.from([1, 2, 3, 4]), 2, 2),
    };
    for (const first of [10, 99]) {
      scope.lut[0] = first;
      const native = new Float32Array(4);
      const reference = new Float32Array(4);
      launchNative(kernel, { grid: 1, block: 4, scope }, native);
      runReference(kernel, { grid: 1, block: 4, scope }, [reference]);
      expect(Array.from(native)).toEqual(Array.from(reference));
    }
    expect(scope.lut[0]).toBe(99);
  });

  it('past 1 MiB are a too-large error at the name, not seconds of compiling a constant', () => {
    const kernel = {
      text: 'function k(x) {\n  const i = gpu.globalIdx.x;\n  x[i] = lut[i * 1000];\n}',
      file: 'k.js',
    };
    const started = performance.now();
    const error = compileError(() =>
      launchNative(
        kernel,
        { grid: 1, block: 4, scope: { lut: new Float32Array(2 ** 18 + 1) } },
        new Float32Array(4),
      ),
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(
      /^k\.js:3:10: the scope's 'lut' holds 1048580 bytes.*pass it as an argument/,
    );
    // At the limit it compiles; byReference arrays are not copied, so any size goes.
    const x = new Float32Array(4);
    launchNative(kernel, { grid: 1, block: 4, scope: { lut: new Float32Array(2 ** 18).fill(3) } }, x);
    expect(Array.from(x)).toEqual([3, 3, 3, 3]);
    launchNative(
      kernel,
      { grid: 1, block: 4, scope: { lut: byReference(new Float32Array(2 ** 20).fill(5)) } },
      x,
    );
    expect(Array.from(x)).toEqual([5, 5, 5, 5]);
  });
});

describe('arrays captured byReference', () => {
  const kernel = {
    text: 'function k(x) { const i = gpu.globalIdx.x; shared[i] = x[i] * 2; x[i] = shared[i] + 1; }',
    file: 'k.js',
  };

  it('are the host arrays themselves on the native target: kernels write them', () => {
    for (const round of [1, 2]) {
      // A new array each round: the compiled code holds the address of the one it was given.
      const shared = byReference(new Float32Array(64));
      const x = Float32Array.from({ length: 64 }, (_, i) => i * round);
      const expected = { x: x.slice(), shared: new Float32Array(64) };
      runReference(kernel, { grid: 2, block: 32, scope: { shared: expected.shared } }, [expected.x]);
      launchNative(kernel, { grid: 2, block: 32, scope: { shared } }, x);
      expect(Array.from(shared)).toEqual(Array.from(expected.shared));
      expect(Array.from(x)).toEqual(Array.from(expected.x));
    }
  });

  it("may be an argument too: threads see each other's writes through either, in order", () => {
    const chain = {
      text: 'function chain(x, y) { const i = gpu.threadIdx.x; x[i + 1] = same[i] * 2 + 1 + y[0]; }',
      file: 'chain.js',
    };
    const x = new Float64Array(33);
    launchNative(chain, { grid: 1, block: 32, scope: { same: byReference(x) } }, x, new Float64Array(1));
    expect(Array.from(x)).toEqual(Array.from({ length: 33 }, (_, k) => 2 ** k - 1));
  });

  it('are refused, naming the target, where host memory is out of reach', () => {
    const compiler = createCompiler().use(new WasmPlugin());
    const shared = byReference(new Float32Array(4));
    const error = compileError(() => compileWasm(compiler, kernel, [new Float32Array(4)], { shared }));
    expect(error.code).toBe('unsupported-on-target');
    expect(error.message).toContain("'shared' is captured byReference, which wasm cannot do");
  });
});
