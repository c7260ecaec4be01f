/**
 * The ROCm back-end as a compiler plugin: the `rocm` target (AMDGPU through LLVM 22, `gfx90a` by
 * default), its intrinsics, the device math library where LLVM has no AMDGPU lowering, its
 * strong runtime, `amdgpu_kernel` entry points with their work-group size bound, the
 * `target-cpu` and `target-features` of every function, AMDGPU validation (LDS size, no heap),
 * and output: AMDGPU assembly, or as the object the loadable code object (HSACO) that lld (in
 * process) links.
 *
 * Params: `gfx` (the GPU, e.g. `gfx90a`, `gfx1030`), `wavefrontSize` (32 or 64 on RDNA), and
 * `maxThreads` (the largest work-group the kernel is launched with; 1024 by default).
 */

import {
  type Compiler,
  type CompilerPlugin,
  codeVersion,
  DeviceMathPlugin,
  launchBounds,
  type ValidationProblem,
} from '@gpuc/core/compiler';
import { emit, globalBytesIn, type Module } from '@gpuc/core/llvm';
import { linkCodeObject } from './code-object.js';
import { rocmIntrinsics } from './intrinsics.js';
import { markKernel } from './kernel.js';
import { matrixOverlays, matrixRefusalTables, rocmMatrix } from './matrix.js';
import { boundSchedulingRegions } from './regions.js';
import { buildRocmRuntime } from './runtime.js';
import { AddressSpace, MAX_LDS_BYTES, rocmCompileTarget } from './target.js';

/** The bytes of statically allocated LDS in a module. */
export const staticLds = (module: Module): number => globalBytesIn(module, AddressSpace.local);

export class RocmPlugin implements CompilerPlugin {
  readonly name = 'rocm';
  readonly version = codeVersion(import.meta.url);

  apply(compiler: Compiler): void {
    const hooks = compiler.hooks.for('rocm');
    compiler.registerTarget('rocm', rocmCompileTarget, ['gfx', 'wavefrontSize', 'maxThreads']);
    compiler.registerIntrinsics('rocm', { ...rocmIntrinsics, ...rocmMatrix });
    // Math beyond what the AMDGPU back-end lowers comes from core's device math library.
    new DeviceMathPlugin(['rocm']).apply(compiler);
    compiler.runtime.provide('rocm', buildRocmRuntime);
    // The matrix operations where the GPU has no MFMA or WMMA for them (matrix.ts).
    const refusals = matrixRefusalTables();
    hooks.methodTables.tap('rocm', (tables, job) => [...tables, ...matrixOverlays(refusals, job.target)]);
    hooks.finishModule.tap('rocm', (entry, _module, job) => {
      if (!job.config.kernel) return entry;
      markKernel(entry, launchBounds(job.params).maxThreads ?? 1024);
      return entry;
    });
    hooks.finishLinkedModule.tap('rocm', (entry, module, job) => {
      for (const fn of module.getFunctions()) {
        if (fn.isDeclaration()) continue;
        fn.addFnAttr('target-cpu', job.target.cpu);
        if (job.target.features) fn.addFnAttr('target-features', job.target.features);
      }
      return entry;
    });
    // Last, after every optimisation: one long block is scheduled in regions of bounded size.
    hooks.finishIR.tap('rocm', (entry, module) => {
      boundSchedulingRegions(module);
      return entry;
    });
    hooks.validateIR.tap('rocm', (problems, module, job) => {
      const lds = staticLds(module);
      if (lds <= MAX_LDS_BYTES) return problems;
      const problem: ValidationProblem = {
        message: `the kernel's shared arrays take ${lds} bytes of LDS; a work-group has ${MAX_LDS_BYTES}`,
        function: job.config.name ?? job.source.file,
      };
      return [...problems, problem];
    });
    hooks.emit.tap('rocm', (module, kind, job) => {
      if (kind !== 'object') return undefined;
      return linkCodeObject(emit(module, job.target, 'object', job.config.optLevel));
    });
  }
}
