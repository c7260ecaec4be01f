/**
 * The CUDA back-end as a compiler plugin: the `cuda` target (NVPTX, `sm_XX` and PTX ISA from the
 * job's params, the device's own), its intrinsics, its strong runtime, libdevice with NVVM
 * reflect, kernel marking with launch bounds, PTX-specific validation, and output: PTX as the
 * assembly, a cubin from ptxas as the object.
 *
 * Params: `computeCapability` (the device's, default 80), `archSpecific`, `ptxVersion`, `fastMath` (f32 `Math`
 * through libdevice's fast approximations, denormals flushed to zero, f32 products and sums
 * fused into multiply-adds), `ptxas` (check the PTX
 * with ptxas when emitting it), and the launch
 * bounds `maxThreads`, `requiredThreads`, `minBlocksPerMultiprocessor`, `maxRegisters`.
 */

import {
  type Compiler,
  type CompilerPlugin,
  codeVersion,
  type Job,
  LAUNCH_BOUND_PARAMS,
  launchBounds,
} from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import { linkModules, runPipeline } from '@gpuc/core/llvm';
import { markKernel } from './annotations.js';
import { emitPTX } from './emit.js';
import { cudaIntrinsics } from './intrinsics.js';
import { libdeviceFor, setReflectFlags } from './libdevice.js';
import { beforeAmpereRefusals, matrixOverlays } from './matrix.js';
import { zeroLocalArraysByWords } from './memsets.js';
import { resolvePendingGroups } from './pending-groups.js';
import { assemblePTX, findPtxas } from './ptxas.js';
import { remaindersThroughFmod } from './remainders.js';
import { buildCudaRuntime } from './runtime.js';
import { loadsEarly } from './schedule.js';
import { cudaCompileTarget } from './target.js';
import { warpgroupOverlays, withoutWarpgroupRefusals } from './warpgroup.js';

/** The params of CUDA jobs (fastMath is every target's): any other is refused. */
const CUDA_PARAMS = ['computeCapability', 'archSpecific', 'ptxVersion', 'ptxas', ...LAUNCH_BOUND_PARAMS];

/** Functions the PTX JIT provides to every module. */
const PROVIDED = new Set(['vprintf', 'malloc', 'free']);

/** The most bytes of kernel parameters PTX allows. */
export const MAX_PARAMETER_BYTES = 4096;

/** The bytes a kernel argument takes in the parameter space (8-byte aligned). */
function parameterBytes(type: KernelType): number {
  if (type.kind === 'array') return 8 + Math.ceil((4 * (1 + (type.rank > 1 ? type.rank : 0))) / 8) * 8;
  if (type.kind === 'record') return type.fields.reduce((n, [, t]) => n + parameterBytes(t), 0);
  if (type.kind === 'tuple') return type.elements.reduce((n, t) => n + parameterBytes(t), 0);
  return 8;
}

/** The GPU architecture ptxas assembles for: the one the PTX was written for. */
export function deviceArchitecture(job: Job): string {
  return job.target.cpu;
}

export class CudaPlugin implements CompilerPlugin {
  readonly name = 'cuda';
  readonly version = codeVersion(import.meta.url);

  apply(compiler: Compiler): void {
    const hooks = compiler.hooks.for('cuda');
    compiler.registerTarget('cuda', cudaCompileTarget, CUDA_PARAMS);
    compiler.registerIntrinsics('cuda', cudaIntrinsics);
    compiler.runtime.provide('cuda', buildCudaRuntime);
    const beforeAmpere = beforeAmpereRefusals();
    const withoutWarpgroups = withoutWarpgroupRefusals();
    hooks.methodTables.tap('cuda', (tables, job) => [
      ...tables,
      ...matrixOverlays(beforeAmpere, job),
      ...warpgroupOverlays(withoutWarpgroups, job),
    ]);
    hooks.finishModule.tap('cuda', (entry, module, job) => {
      // Before libdevice is linked, which then brings fmod.
      remaindersThroughFmod(module);
      if (!job.config.kernel) return entry;
      markKernel(module, entry, launchBounds(job.params));
      return entry;
    });
    hooks.linkLibraries.tap('cuda', (module, job) => {
      const library = libdeviceFor(module, job.target);
      if (library) linkModules(module, library, { onlyNeeded: true });
    });
    hooks.finishLinkedModule.tap('cuda', (entry, module, job) => {
      if (!module.getFunction('__nvvm_reflect')) return entry;
      setReflectFlags(module, job.params.fastMath === true);
      runPipeline(module, 'nvvm-reflect', job.target);
      return entry;
    });
    hooks.optimizeModule.tap('cuda', (module) => {
      zeroLocalArraysByWords(module);
      loadsEarly(module);
    });
    // After optimisation, where inlining and unrolling have made a wait's count a constant.
    hooks.finishIR.tap('cuda', (entry, module) => {
      resolvePendingGroups(module);
      return entry;
    });
    hooks.isIntrinsic.tap('cuda', (name) => (PROVIDED.has(name) ? true : undefined));
    hooks.validateIR.tap('cuda', (problems, _module, job) => {
      if (!job.config.kernel) return problems;
      const bytes = job.argTypes.reduce((n, t) => n + parameterBytes(t), 0);
      if (bytes <= MAX_PARAMETER_BYTES) return problems;
      return [
        ...problems,
        {
          message: `the kernel's parameters take ${bytes} bytes; PTX allows ${MAX_PARAMETER_BYTES} (pass large records in an array)`,
          function: job.config.name ?? job.source.file,
        },
      ];
    });
    hooks.emit.tap('cuda', (module, kind, job) => {
      if (kind !== 'object' && kind !== 'assembly') return undefined;
      const ptx = emitPTX(module, job.target, job.config.optLevel);
      if (kind === 'assembly') {
        // Checked only, when asked: ptxas's messages become the error.
        if (job.params.ptxas === true && findPtxas()) assemblePTX(ptx, deviceArchitecture(job));
        return ptx;
      }
      return assemblePTX(ptx, deviceArchitecture(job));
    });
  }
}
