import {
  CompileError,
  compileJob,
  createCompiler,
  createJob,
  defineDevice,
  type KernelType,
  parseType,
  sourceFromText,
} from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { EnzymePlugin } from '../src/index.js';

const compiler = createCompiler().use(new EnzymePlugin());
const types = (...names: string[]) => names.map((t) => parseType(t) as KernelType);

/** Compiles a kernel (and device functions from their own file) and returns its CompileError. */
function failure(
  kernel: string,
  argTypes: KernelType[],
  device?: { file: string; text: string },
): CompileError {
  if (device) defineDevice(device);
  try {
    compileJob(compiler, createJob(sourceFromText(kernel, 'kernel.js'), argTypes, compiler.target('native')));
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
  throw new Error('the kernel compiled');
}

function expectAt(error: CompileError, file: string, line: number, message: RegExp, code: string): void {
  expect(error.code).toBe(code);
  expect(error.location.file).toBe(file);
  expect(error.location.line).toBe(line);
  expect(error.detail).toMatch(message);
  expect(error.frame).toContain(`> ${line} |`);
}

describe('what autodiff refuses, at the line that asks for it', () => {
  it('a derivative flowing through an integer cast', () => {
    const error = failure(
      'function k(out, xs) {\n  out[0] = autodiff(Reverse, castThrough, Active(xs[0]))[0];\n}',
      types('f64[]', 'f64[]'),
      {
        file: 'cast.js',
        text: 'function castThrough(x) {\n  const k = i32(x * 4);\n  return f64(k) * x;\n}',
      },
    );
    expectAt(
      error,
      'cast.js',
      3,
      /through an integer: the value was converted to an integer at line 2/,
      'not-differentiable',
    );
  });

  it('a differentiated value written into a Const array', () => {
    const error = failure(
      'function k(a, xs) {\n  autodiff(Reverse, writesConst, Const(a), Active(xs[0]));\n}',
      types('f64[]', 'f64[]'),
      { file: 'const-write.js', text: 'function writesConst(a, x) {\n  a[0] = x * 2;\n  return a[0];\n}' },
    );
    expectAt(error, 'const-write.js', 2, /'a', which is Const: annotate it Duplicated/, 'not-differentiable');
  });

  it('collectives inside the differentiated function', () => {
    const error = failure(
      'function k(xs) {\n  xs[0] = autodiff(Reverse, shuffled, Active(xs[0]))[0];\n}',
      types('f64[]'),
      { file: 'shuffle.js', text: 'function shuffled(x) {\n  return gpu.shuffle(x, 0) * x;\n}' },
    );
    expectAt(error, 'shuffle.js', 2, /cannot differentiate through gpu\.shuffle/, 'not-differentiable');
  });

  it('matrix operations inside the differentiated function', () => {
    const error = failure(
      'function k(a, c, xs) {\n  xs[0] = autodiff(Reverse, tiled, Const(a), Const(c), Active(xs[0]))[0];\n}',
      types('f16[]', 'f32[]', 'f64[]'),
      {
        file: 'matrix.js',
        text: 'function tiled(a, c, x) {\n  const t = gpu.matrixLoadA(a, 0, 16);\n  gpu.matrixStore(c, 0, 16, gpu.matrixMultiplyAdd(t, gpu.matrixLoadB(a, 0, 16), gpu.matrixFill(0)));\n  return x * x;\n}',
      },
    );
    expectAt(
      error,
      'matrix.js',
      2,
      /does not differentiate functions that use gpu\.matrixLoadA/,
      'not-differentiable',
    );
  });

  it('asynchronous copies inside the differentiated function', () => {
    // The copy moves a differentiated array's values through shared memory: a gradient that
    // ignored it would be silently zero.
    const error = failure(
      'function k(x, xs) {\n  xs[0] = autodiff(Reverse, staged, Duplicated(x, xs), Active(xs[1]))[0];\n}',
      types('f32[]', 'f32[]'),
      {
        file: 'staged.js',
        text: 'function staged(x, y) {\n  const s = gpu.sharedArray(Float32Array, 4);\n  gpu.copyAsync(s, 0, x, 0);\n  gpu.copyAsyncCommit();\n  gpu.copyAsyncWait(0);\n  return s[0] * y;\n}',
      },
    );
    expectAt(
      error,
      'staged.js',
      3,
      /does not differentiate functions that use gpu\.copyAsync/,
      'not-differentiable',
    );
  });

  it('autodiff inside the differentiated function', () => {
    defineDevice({ file: 'square.js', text: 'function squareIt(x) {\n  return x * x;\n}' });
    const error = failure(
      'function k(xs) {\n  xs[0] = autodiff(Reverse, higherOrder, Active(xs[0]))[0];\n}',
      types('f64[]'),
      {
        file: 'higher.js',
        text: 'function higherOrder(x) {\n  const d = autodiff(Reverse, squareIt, Active(x));\n  return d[0] * x;\n}',
      },
    );
    expectAt(error, 'higher.js', 2, /higher-order derivatives/, 'not-differentiable');
  });

  it('a record holding a differentiated value that is merged with one it did not build', () => {
    const error = failure(
      'function k(xs) {\n  xs[0] = autodiff(Reverse, merged, Active(xs[0]), Const({ v: xs[1] }))[0];\n}',
      types('f64[]'),
      {
        file: 'record.js',
        text: 'function merged(x, given) {\n  const r = x > 0 ? { v: x } : given;\n  return r.v;\n}',
      },
    );
    expectAt(error, 'record.js', 2, /must be read where it is built/, 'not-differentiable');
  });

  it('an array chosen at run time among differentiated arrays', () => {
    const error = failure(
      'function k(a, da, b, db) {\n  autodiff(Reverse, chooses, Duplicated(a, da), Duplicated(b, db), Const(1));\n}',
      types('f64[]', 'f64[]', 'f64[]', 'f64[]'),
      {
        file: 'choose.js',
        text: 'function chooses(a, b, c) {\n  const t = c > 0 ? a : b;\n  return t[0] * 2;\n}',
      },
    );
    expectAt(error, 'choose.js', 3, /chosen at run time/, 'not-differentiable');
  });

  describe('annotations autodiff cannot take, at the call', () => {
    defineDevice({ file: 'plain.js', text: 'function plain(x) {\n  return x * x;\n}' });
    const cases: [string, string, RegExp][] = [
      ['autodiff(Reverse, plain, Active(n))', 'i32', /Active takes a float \(f32 or f64\), not i32/],
      [
        'autodiff(Forward, plain, Active(x))',
        'f64',
        /forward mode takes tangents: Duplicated\(x, dx\), not Active/,
      ],
      [
        'autodiff(Reverse, plain, Duplicated(x, 1.0))',
        'f64',
        /reverse mode differentiates numbers with Active/,
      ],
      ['autodiff(Reverse, plain, x)', 'f64', /argument 3 must be annotated/],
      ['autodiff(plain, Active(x))', 'f64', /the first argument is the mode/],
      ['autodiff(Reverse, 2, Active(x))', 'f64', /the second argument is the device function/],
    ];
    for (const [call, type, message] of cases) {
      it(call, () => {
        const name = type === 'i32' ? 'n' : 'x';
        const error = failure(
          `function k(out, ${name}) {\n  out[0] = 1;\n  ${call};\n}`,
          types('f64[]', type),
        );
        expectAt(error, 'kernel.js', 3, message, 'type-mismatch');
      });
    }
    // The arity error names f, whose parameters the annotated arguments miss, not autodiff.
    for (const [call, count] of [
      ['autodiff(Reverse, plain, Active(x), Active(x))', 2],
      ['autodiff(Forward, plain)', 0],
    ] as const)
      it(call, () => {
        const error = failure(`function k(out, x) {\n  out[0] = 1;\n  ${call};\n}`, types('f64[]', 'f64'));
        expectAt(error, 'kernel.js', 3, new RegExp(`^plain takes 1 argument, not ${count}$`), 'arity');
      });
    it('a shadow of another type', () => {
      const error = failure(
        'function k(a, b) {\n  autodiff(Reverse, plainArray, Duplicated(a, b));\n}',
        types('f64[]', 'f32[]'),
        { file: 'plain-array.js', text: 'function plainArray(a) {\n  return a[0];\n}' },
      );
      expectAt(
        error,
        'kernel.js',
        2,
        /the shadow of argument 3 is a f32\[\], its value a f64\[\]/,
        'type-mismatch',
      );
    });
  });
});
