import { describe, expect, it } from 'vitest';
import { findTool } from '../../src/entry/compiler.js';
import { createCompiler, Float16Bits, f32, runReference } from '../../src/index.js';
import { compileWasm, runWasm, WasmPlugin } from './wasm-backend.js';

const hasLinker = findTool({ names: ['wasm-ld-22', 'wasm-ld'], dirs: ['/usr/lib/llvm-22/bin'] }) !== null;

describe('a back-end plugin written against the public API (docs/writing-a-backend.md)', () => {
  it.skipIf(!hasLinker)(
    'compiles a kernel to WebAssembly that runs in Node and matches the reference (needs wasm-ld)',
    async () => {
      const compiler = createCompiler().use(new WasmPlugin());
      const kernel = {
        text: `function saxpy(a, x, y, n) {
        const i = gpu.globalIdx.x;
        if (i < n) y[i] = a * x[i] + y[i];
      }`,
        file: 'wasm.test.js',
      };
      const x = Float32Array.from({ length: 100 }, (_, i) => i);
      const y = Float32Array.from({ length: 100 }, (_, i) => 100 - i);
      const args = [f32(1.5), x, y, 100];
      const wasm = compileWasm(compiler, kernel, args);
      expect(wasm.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
      const expected = y.slice();
      runReference(kernel, { grid: 1, block: 100 }, [1.5, x, expected, 100]);
      await runWasm(wasm, [1.5, x, y, 100], 100);
      expect(Array.from(y)).toEqual(Array.from(expected));
    },
  );

  it('registers its target and refuses intrinsics it did not implement, naming the target', () => {
    const compiler = createCompiler().use(new WasmPlugin());
    expect(compiler.target('wasm').triple).toBe('wasm32-unknown-unknown');
    expect(() => compiler.target('nope')).toThrow(
      /no back-end provides target 'nope' \(registered: native, wasm\)/,
    );
    const kernel = { text: 'function k(x) { x[0] = gpu.atomicAdd(x, 1, 1); }', file: 'k.js' };
    expect(() => compileWasm(compiler, kernel, [new Int32Array(1)])).toThrow(
      /k\.js:1:24: gpu\.atomicAdd has no implementation on wasm \[unsupported-on-target\]/,
    );
  });

  it('refuses arguments it cannot pass before any work: views, records and half-precision values', () => {
    const compiler = createCompiler().use(new WasmPlugin());
    const kernel = { text: 'function k(x) { x[0] = x[1]; }', file: 'half.js' };
    expect(() => compileWasm(compiler, kernel, [{ x: new Float32Array(2) }])).toThrow(
      /passes typed arrays and scalars only, not \{x: f32\[\]\}/,
    );
    expect(() => compileWasm(compiler, kernel, [new Float16Bits(2)])).toThrow(
      /passes no half-precision values, not f16\[\]/,
    );
  });
});
