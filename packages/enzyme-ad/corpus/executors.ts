/**
 * Executors for the corpus: compiled for the native target, the reference runner (derivatives
 * evaluated as JavaScript), and compiled for CUDA and run on the GPU.
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
import { EnzymePlugin } from '../src/index.js';
import type { Executor } from './harness.js';

let compiler: Compiler | undefined;

const types = (names: readonly string[]) => names.map((t) => parseType(t) as KernelType);

export const nativeExecutor: Executor = {
  name: 'native',
  run(text, file, argTypes, scope, args, threads) {
    compiler ??= createCompiler().use(new EnzymePlugin());
    const kernel = compileNative(sourceFromText(text, file), types(argTypes), { scope, compiler });
    kernel.launch(Math.ceil(threads / 32), 32, args);
  },
};

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
