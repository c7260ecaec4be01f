// What readme-examples.mjs gives the README examples it runs: `printed`, which prints like
// console.log and compares with the value the README's comment shows, and the GPU launches a
// machine without a GPU cannot make. Each of those compiles the kernel for its GPU target through
// the installed back-end (PTX for sm_90, assembled by ptxas when there is one; a metallib for
// macOS 14), for the types of the launch's arguments, then runs the same launch natively, so the
// results the README prints still hold.
import { inspect } from 'node:util';
import { assemblePTX, CudaPlugin, findPtxas } from '@gpuc/backend-cuda';
import { MetalPlugin, readMetallib } from '@gpuc/backend-metal';
import {
  compileJob,
  createCompiler,
  createJob,
  launchNative,
  launchNativeAsync,
  sourceFromFunction,
} from '@gpuc/core';
import { argumentTypes } from '@gpuc/core/launch';

/** console.log of the values, failing the example when they print other than `expected`. */
export function printed(expected, ...values) {
  const text = values.map((v) => (typeof v === 'string' ? v : inspect(v))).join(' ');
  console.log(text);
  if (text !== expected) throw new Error(`the README shows ${expected}, the example printed ${text}`);
}

const compiler = createCompiler().use(new CudaPlugin()).use(new MetalPlugin());

/** Per GPU target: the params to compile for, the output, and how to check it names the kernel. */
const targets = {
  cuda: {
    params: { computeCapability: 90 },
    kind: 'assembly',
    check(output, name) {
      if (!new RegExp(`\\.entry ${name}\\b`).test(output)) throw new Error(`no .entry ${name} in the PTX`);
      if (findPtxas() === null) return 'PTX for sm_90 (no ptxas here to assemble it)';
      assemblePTX(output, 'sm_90');
      return 'PTX for sm_90, assembled by ptxas';
    },
  },
  metal: {
    params: { macos: '14.0' },
    kind: 'object',
    check(output, name) {
      if (!readMetallib(output).functions.some((f) => f.name === name))
        throw new Error(`no ${name} in the metallib`);
      return 'a metallib for macOS 14';
    },
  },
};

/** Compiles a launch's kernel for a GPU target, for the types of the launch's arguments. */
function compileFor(target, kernel, launch, args) {
  const { params, kind, check } = targets[target];
  const types = argumentTypes({ name: kernel.name }, args);
  const job = createJob(sourceFromFunction(kernel), types, compiler.target(target, params), {
    params,
    scope: launch.scope,
  });
  const what = check(compileJob(compiler, job, { kind }).output, kernel.name);
  console.error(`  (no GPU here: ${kernel.name} compiled to ${what}, then launched natively)`);
}

export function launchCuda(kernel, launch, ...args) {
  compileFor('cuda', kernel, launch, args);
  launchNative(kernel, launch, ...args);
}

export async function launchCudaAsync(kernel, launch, ...args) {
  compileFor('cuda', kernel, launch, args);
  await launchNativeAsync(kernel, launch, ...args);
}

export function launchMetal(kernel, launch, ...args) {
  compileFor('metal', kernel, launch, args);
  launchNative(kernel, launch, ...args);
}
