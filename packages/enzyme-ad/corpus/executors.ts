/**
 * Executors for the corpus: compiled for the native target (with its own math, or with the
 * device math library that back-ends without vendor math use), the reference runner
 * (derivatives evaluated as JavaScript), and compiled for CUDA and run on the GPU.
 */
import { CudaPlugin, launchCuda } from '@gpuc/backend-cuda';
import {
  type Compiler,
  compileNative,
  createCompiler,
  type KernelType,
  parseType,
  runReference,
  sourceFromText,
} from '@gpuc/core';
import { DeviceMathPlugin } from '@gpuc/core/compiler';
import { EnzymePlugin } from '../src/index.js';
import type { Executor } from './harness.js';

const types = (names: readonly string[]) => names.map((t) => parseType(t) as KernelType);

/** An executor compiling for the native target with the compiler `make` gives (made once). */
function native(name: string, make: () => Compiler): Executor {
  let compiler: Compiler | undefined;
  return {
    name,
    run(text, file, argTypes, scope, args, threads) {
      compiler ??= make();
      const kernel = compileNative(sourceFromText(text, file), types(argTypes), { scope, compiler });
      kernel.launch(Math.ceil(threads / 32), 32, args);
    },
  };
}

export const nativeExecutor = native('native', () => createCompiler().use(new EnzymePlugin()));

/**
 * Native code whose Math functions are the device math library's (as on ROCm and for Metal's
 * f32 functions): derivatives must still come from the Math functions' rules.
 */
export const deviceMathExecutor = native('native with the device math library', () =>
  createCompiler().use(new DeviceMathPlugin(['native']), new EnzymePlugin()),
);

export const referenceExecutor: Executor = {
  name: 'reference',
  run(text, file, _argTypes, scope, args, threads) {
    runReference(sourceFromText(text, file), { grid: Math.ceil(threads / 32), block: 32, scope }, args);
  },
};

let cudaCompiler: Compiler | undefined;

export const cudaExecutor: Executor = {
  name: 'cuda',
  run(text, file, argTypes, scope, args, threads) {
    cudaCompiler ??= createCompiler().use(new CudaPlugin(), new EnzymePlugin());
    void argTypes;
    launchCuda(
      { text, file },
      { grid: Math.ceil(threads / 64), block: 64, scope, compiler: cudaCompiler },
      ...args,
    );
  },
};
