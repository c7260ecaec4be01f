/**
 * The Metal back-end as a compiler plugin: the `metal` target (AIR, written by gpuc: LLVM has no
 * AIR machine), its intrinsics and overlays, its strong runtime, the kernel in Metal's form
 * (entry.ts: arguments by reference, inputs as parameters, exceptions that end the thread),
 * LLVM intrinsics renamed to AIR's after optimisation, Metal validation (f64 and recursion
 * through the target's lacks; buffers, threadgroup memory, AIR-only calls), and output: AIR
 * bitcode, or as the object a `.metallib` holding it.
 *
 * Params: `macos`, the lowest macOS release the code runs on (`13.0`, `14.0` or `15.0`; it picks
 * the AIR and Metal language versions).
 */

import {
  ATOMIC_OPERATIONS,
  any,
  arrayOf,
  type Compiler,
  type CompilerPlugin,
  codeVersion,
  deviceMathDirectory,
  exactly,
  expandFloatMinMax,
  f32Type,
  fileFunctions,
  type IntrinsicName,
  MethodTable,
  mathLibrary,
  scalarType,
  sourceFromText,
  type ValidationProblem,
} from '@gpuc/core/compiler';
import { globalBytesIn, type LLVMFunction, type Module } from '@gpuc/core/llvm';
import { INTERFACE_METADATA } from '../metal/interface.js';
import { AIR_LIMITS, emitAIR, macosOf } from './air.js';
import { makeMetalKernel } from './entry.js';
import { metalIntrinsics } from './intrinsics.js';
import { intrinsicsAirLacks, lowerToAir } from './lower.js';
import { bf16Refusals, metalMatrix, warpgroupRefusals } from './matrix.js';
import { writeMetallib } from './metallib.js';
import { buildMetalRuntime } from './runtime.js';
import { AddressSpace, MAX_THREADGROUP_BYTES, metalCompileTarget } from './target.js';

/** The buffers a kernel may bind (`air.max_device_buffers`). */
export const MAX_BUFFERS = AIR_LIMITS['air.max_device_buffers'] as number;

/** The bytes of statically allocated threadgroup memory in a module. */
export const staticThreadgroupMemory = (module: Module): number =>
  globalBytesIn(module, AddressSpace.threadgroup);

/**
 * Keeps LLVM's loop and SLP vectorisers out of Metal code, which they skip in functions with this
 * attribute. With no AIR target machine to say otherwise, LLVM's default cost model makes vectors
 * look cheap: reductions become `llvm.vector.reduce.*` calls and loops `<16 x float>` operations,
 * which AIR has no functions for, and each Apple GPU thread runs scalar code anyway. Removed after
 * optimisation (Apple's compiler never writes it).
 */
const NO_VECTORISERS = 'noimplicitfloat';

/** The function carrying a metadata kind. */
const marked = (module: Module, kind: string): LLVMFunction | undefined =>
  module.getFunctions().find((fn) => fn.getMetadata(kind) !== null);

/** The overlay of Metal jobs: the f32 functions Metal lacks, and what it cannot do at all. */
function metalMethods(fences: boolean): MethodTable {
  const table = new MethodTable(`metal${fences ? '' : ' before macOS 15'}`);
  for (const { name, source } of fileFunctions(`${deviceMathDirectory()}single.js`))
    table.define(name, [any], { kind: 'source', source }, `@gpuc/core: ${name}`);
  // The functions AIR lacks, in f32 from core's device math library (`single.js`).
  for (const { name } of mathLibrary().filter((fn) => fn.single)) {
    table.define(
      `Math.${name}`,
      [exactly(f32Type)],
      {
        kind: 'source',
        source: sourceFromText(
          `function gpuc_math_${name}_single(x) { return gpuc_${name}f(x); }`,
          `@gpuc/backend-metal/Math.${name}.f32.js`,
        ),
      },
      `@gpuc/backend-metal: Math.${name}(f32)`,
    );
  }
  const unsupported = (name: IntrinsicName, signature: Parameters<MethodTable['define']>[1], why: string) =>
    table.define(
      name,
      signature,
      { kind: 'unsupported', target: `Metal (${why})` },
      `@gpuc/backend-metal: ${why}`,
    );
  unsupported('gpu.clock', [], 'Apple GPUs have no cycle counter a kernel can read');
  if (!fences) {
    for (const fence of ['gpu.threadFence', 'gpu.threadFenceBlock', 'gpu.threadFenceSystem'] as const)
      unsupported(fence, [], 'fences need Metal 3.2: compile with params { macos: "15.0" }');
  }
  for (const element of ['i8', 'u8', 'i16', 'u16', 'i64', 'u64'] as const) {
    for (const op of ATOMIC_OPERATIONS)
      unsupported(
        `gpu.atomic${op}`,
        [arrayOf(exactly(scalarType(element))), any, any],
        `atomics are on 32-bit values, not ${element}`,
      );
    unsupported(
      'gpu.atomicCAS',
      [arrayOf(exactly(scalarType(element))), any, any, any],
      `atomics are on 32-bit values, not ${element}`,
    );
  }
  return table;
}

export class MetalPlugin implements CompilerPlugin {
  readonly name = 'metal';
  readonly version = codeVersion(import.meta.url);

  apply(compiler: Compiler): void {
    const hooks = compiler.hooks.for('metal');
    compiler.registerTarget('metal', metalCompileTarget, ['macos']);
    compiler.registerIntrinsics('metal', { ...metalIntrinsics, ...metalMatrix });
    compiler.runtime.provide('metal', buildMetalRuntime);
    // Defined now, not at the first job: a job sees only methods older than its world.
    const overlays = [metalMethods(true), metalMethods(false)];
    // Simdgroup matrices take f16 and f32 operands here, not bf16, and there are no warpgroup
    // ones (matrix.ts).
    const matrixOverlays = [bf16Refusals(), warpgroupRefusals()];
    hooks.methodTables.tap('metal', (tables, job) => {
      const fences = Number(macosOf(job.target.triple).split('.')[0]) >= 15;
      return [...tables, overlays[fences ? 0 : 1] as MethodTable, ...matrixOverlays];
    });
    // The kernel in Metal's form replaces the entry, once linking has brought the runtime.
    hooks.finishLinkedModule.tap('metal', (entry, module, job) =>
      job.config.kernel ? makeMetalKernel(module, entry.getName(), job.argTypes, job.target).kernel : entry,
    );
    hooks.finishLinkedModule.tap('metal', (entry, module) => {
      for (const fn of module.getFunctions()) {
        if (fn.isDeclaration()) continue;
        // The triple is Apple's, so LLVM's library info offers Darwin's memset_pattern16 for
        // loops that fill memory with a pattern; AIR has no such function.
        fn.addFnAttr('no-builtin-memset_pattern16');
        fn.addFnAttr(NO_VECTORISERS);
      }
      return entry;
    });
    hooks.optimizeModule.tap('metal', (module) => {
      for (const fn of module.getFunctions()) fn.removeFnAttr(NO_VECTORISERS);
      // AIR's fmax and fmin return the other operand of a NaN: JavaScript's needs selects.
      expandFloatMinMax(module);
    });
    hooks.finishIR.tap('metal', (entry, module) => {
      lowerToAir(module);
      return entry;
    });
    hooks.isIntrinsic.tap('metal', (name) => (name.startsWith('air.') ? true : undefined));
    hooks.validateIR.tap('metal', (problems, module, job) => {
      const entry = marked(module, INTERFACE_METADATA)?.getName() ?? job.source.file;
      const found: ValidationProblem[] = [];
      const problem = (message: string) => found.push({ message, function: entry });
      const threadgroup = staticThreadgroupMemory(module);
      if (threadgroup > MAX_THREADGROUP_BYTES)
        problem(
          `the kernel's shared arrays take ${threadgroup} bytes; a threadgroup has ${MAX_THREADGROUP_BYTES}`,
        );
      if (job.config.kernel && job.argTypes.length + 2 > MAX_BUFFERS)
        problem(
          `the kernel takes ${job.argTypes.length} arguments; Metal binds at most ${MAX_BUFFERS - 2} (and gpuc's status and heap buffers)`,
        );
      for (const name of intrinsicsAirLacks(module)) problem(`calls ${name}, which AIR has no equivalent of`);
      for (const fn of module.getFunctions()) {
        // One binding call per function: validation must not cost a call per instruction.
        for (const inst of fn.findInstructions(['atomicrmw', 'cmpxchg', 'fence']))
          found.push({
            message: `has an LLVM ${inst.getOpcodeName()}, which AIR does not have (atomics are air.atomic.* calls)`,
            function: fn.getName(),
          });
      }
      return [...problems, ...found];
    });
    hooks.emit.tap('metal', (module, kind, job) => {
      if (kind === 'ir') return undefined;
      // The interface stays in the compiler's IR (the host reads it there), not in what ships.
      const entry = marked(module, INTERFACE_METADATA);
      entry?.setMetadata(INTERFACE_METADATA, null);
      const bitcode = emitAIR(module);
      if (kind === 'bitcode' || !entry) return bitcode;
      return writeMetallib([{ name: entry.getName(), bitcode }], macosOf(job.target.triple));
    });
  }
}
