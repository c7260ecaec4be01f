import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CompileError,
  gpu,
  inferKernel,
  KernelSource,
  launchNative,
  runReference,
  sourceFromText,
} from '../../src/index.js';

/** A kernel in a file that imports gpuc's names under other names. */
function inFile(imports: string, kernel: string): KernelSource {
  const fileText = `${imports}\n\n${kernel}\n`;
  return new KernelSource(kernel, 'aliases.js', fileText, fileText.indexOf(kernel));
}

describe("gpuc's names imported under other names", () => {
  const kernel = `function scaled(x, out) {
  const i = g.globalIdx.x;
  const v = g.shuffleDown(x[i], 1);
  g.barrier();
  out[i] = float(v * 0.5) + int(2.7);
}`;
  const source = inFile("import { gpu as g, f32 as float, i32 as int } from '@gpuc/core';", kernel);
  const args = () => [Float32Array.from({ length: 8 }, (_, i) => i), new Float32Array(8)] as const;

  it('mean what they import, compiled and on the reference runner', () => {
    const native = args();
    launchNative(source, { grid: 1, block: 8 }, ...native);
    const reference = args();
    runReference(source, { grid: 1, block: 8 }, reference);
    const expected = Array.from({ length: 8 }, (_, i) => Math.fround((i < 7 ? i + 1 : i) * 0.5) + 2);
    expect(Array.from(native[1])).toEqual(expected);
    expect(Array.from(reference[1])).toEqual(expected);
  });

  it("are read from a relative import of gpuc's own modules too", () => {
    const kernelText = 'function k(x) {\n  x[g.globalIdx.x] = float(0.5);\n}';
    const located = (specifier: string) => {
      const fileText = `import { gpu as g, f32 as float } from '${specifier}';\n${kernelText}\n`;
      const file = join(import.meta.dirname, 'aliases.js');
      return new KernelSource(kernelText, file, fileText, fileText.indexOf(kernelText));
    };
    expect(() => inferKernel(located('../../src/index.js'), { types: ['f32[]'] })).not.toThrow();
    expect(() => inferKernel(located('../../../../../elsewhere/index.js'), { types: ['f32[]'] })).toThrow(
      /'g' is not defined here/,
    );
  });

  it('are not taken from other packages, nor from a local variable of the same name', () => {
    const other = inFile(
      "import { gpu as g } from 'somewhere-else';",
      'function k(x) {\n  x[0] = g.laneId;\n}',
    );
    expect(() => inferKernel(other, { types: ['f32[]'] })).toThrow(/'g' is not defined here/);
    const shadowed = inFile(
      "import { gpu as g } from '@gpuc/core';",
      'function k(x) {\n  const g = 2;\n  x[0] = g.laneId;\n}',
    );
    let error: unknown;
    try {
      inferKernel(shadowed, { types: ['f32[]'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).code).toBe('unknown-member');
  });

  it('in the scope instead are a coded error that says how to name them', () => {
    const text = sourceFromText('function k(x) {\n  x[0] = g.laneId;\n}', 'scope-alias.js');
    let error: unknown;
    try {
      inferKernel(text, { types: ['f32[]'] }, { scope: { g: gpu } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).code).toBe('unsupported');
    expect((error as CompileError).detail).toMatch(
      /^the scope's 'g' is gpuc's gpu: kernels reach it by its name, or by the name the kernel's file imports it as/,
    );
    expect((error as CompileError).location).toMatchObject({ line: 2, column: 10 });
  });
});
