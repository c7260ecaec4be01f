/**
 * Executors for the corpus on this machine: compiled for the native target, and the reference
 * runner (derivatives evaluated as JavaScript).
 */
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
