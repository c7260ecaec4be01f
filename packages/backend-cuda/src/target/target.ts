/**
 * The CUDA target: NVPTX for the device's own architecture.
 *
 * LLVM 22 knows every architecture from Volta to Blackwell (`sm_70`...`sm_120`, with the `a`
 * variants whose PTX runs on that architecture only), and, unless a PTX ISA is asked for, writes
 * the oldest PTX ISA the architecture needs (`.version 7.8` for `sm_90`), which every driver of
 * that architecture reads without recompiling.
 */

import { OptionError, type Params, type Target } from '@gpuc/core/compiler';
import { ARRAY_ALIGNMENT } from '@gpuc/core/host';
import type { TargetDescription } from '@gpuc/core/llvm';
import { CUDA_O3_PIPELINE } from './pipeline.js';

/** The oldest architecture gpuc targets (Volta). */
export const MIN_ARCH = 70;

/** NVPTX64's data layout in LLVM 22 (a test checks it against the target machine). */
export const NVPTX_DATA_LAYOUT = 'e-p6:32:32-i64:64-i128:128-i256:256-v16:16-v32:32-n16:32:64';

/** What to compile for. */
export interface CudaTargetOptions {
  /** The device's compute capability as major*10+minor (90 for Hopper); default 80. */
  computeCapability?: number;
  /**
   * Architecture-specific code (`sm_90a`, `sm_100a`): the PTX may use what only this
   * architecture has (wgmma, setmaxnreg...) and runs on it alone. Default false.
   */
  archSpecific?: boolean;
  /** The PTX ISA version as major*10+minor; default the one LLVM picks for the architecture. */
  ptxVersion?: number;
}

/**
 * The compute capabilities LLVM 22's NVPTX back-end knows from Volta on (its `sm_XX` processors),
 * and those with an architecture-specific variant (`sm_90a`...). Checked before LLVM sees one, which
 * would print to stderr and fail in the target machine.
 */
export const COMPUTE_CAPABILITIES: readonly number[] = Object.freeze([
  70, 72, 75, 80, 86, 87, 88, 89, 90, 100, 101, 103, 110, 120, 121,
]);
const ARCH_SPECIFIC = new Set([90, 100, 101, 103, 110, 120, 121]);

/** The PTX architecture for a device: `sm_90`, or `sm_90a` when architecture-specific. */
export function deviceArch(computeCapability: number, archSpecific = false): string {
  if (!COMPUTE_CAPABILITIES.includes(computeCapability)) {
    throw new OptionError(
      'computeCapability',
      `compute capability ${String(computeCapability)} is not supported (give major*10+minor)`,
      COMPUTE_CAPABILITIES.join(', '),
    );
  }
  if (archSpecific && !ARCH_SPECIFIC.has(computeCapability)) {
    throw new OptionError(
      'archSpecific',
      `compute capability ${computeCapability} has no architecture-specific variant`,
      `true only with computeCapability ${[...ARCH_SPECIFIC].join(', ')}`,
    );
  }
  return `sm_${computeCapability}${archSpecific ? 'a' : ''}`;
}

/**
 * The PTX ISA versions (major*10+minor) LLVM 22's NVPTX back-end writes, from 6.0 (Volta's) on:
 * its `ptxNN` features. Checked before LLVM sees one, which for a version it does not know
 * prints a warning to stderr and writes the architecture's default instead.
 */
export const PTX_VERSIONS: readonly number[] = Object.freeze([
  ...[60, 61, 62, 63, 64, 65, 70, 71, 72, 73, 74, 75, 76, 77, 78],
  ...[80, 81, 82, 83, 84, 85, 86, 87, 88, 90],
]);

/** The CUDA target description for a device. */
export function cudaTarget(options: CudaTargetOptions = {}): TargetDescription {
  const { ptxVersion } = options;
  if (ptxVersion !== undefined && !PTX_VERSIONS.includes(ptxVersion)) {
    throw new OptionError(
      'ptxVersion',
      `PTX ISA ${String(ptxVersion)} is not supported (give major*10+minor, 80 for PTX ISA 8.0)`,
      PTX_VERSIONS.join(', '),
    );
  }
  return Object.freeze({
    name: 'cuda',
    triple: 'nvptx64-nvidia-cuda',
    dataLayout: NVPTX_DATA_LAYOUT,
    cpu: deviceArch(options.computeCapability ?? 80, options.archSpecific ?? false),
    features: ptxVersion === undefined ? '' : `+ptx${ptxVersion}`,
    hasMachine: true,
  });
}

/** CUDA's address spaces in NVPTX. */
export const CUDA_ADDRESS_SPACES = Object.freeze({ generic: 0, global: 1, shared: 3, constant: 4, local: 5 });

/** The compile targets made so far, by the options they were made for. */
const compileTargets = new Map<string, Target>();

/**
 * The compile target for a job's params: `computeCapability`, `archSpecific` and `ptxVersion` as
 * in `cudaTarget`. (Other params, `fastMath` and `ptxas`, change codegen and checks, not the target.)
 */
export function cudaCompileTarget(params: Params = {}): Target {
  // A param given with a value of the wrong kind (`computeCapability=abc` on the command line) is
  // refused by `cudaTarget`, never dropped for the default.
  const { computeCapability, archSpecific, ptxVersion } = params;
  if (archSpecific !== undefined && typeof archSpecific !== 'boolean')
    throw new OptionError(
      'archSpecific',
      `archSpecific is true or false, not ${String(archSpecific)}`,
      'true or false',
    );
  const options: CudaTargetOptions = {
    ...(computeCapability !== undefined ? { computeCapability: computeCapability as number } : {}),
    ...(archSpecific !== undefined ? { archSpecific } : {}),
    ...(ptxVersion !== undefined ? { ptxVersion: ptxVersion as number } : {}),
  };
  // One object per set of options: what is keyed by the target (the digest in its cache key) is
  // then made once, not at every compile.
  const key = `${options.computeCapability}|${options.archSpecific}|${options.ptxVersion}`;
  let target = compileTargets.get(key);
  if (target === undefined) {
    target = describeCompileTarget(cudaTarget(options));
    compileTargets.set(key, target);
  }
  return target;
}

function describeCompileTarget(described: TargetDescription): Target {
  return Object.freeze({
    ...described,
    backend: 'cuda',
    addressSpaces: CUDA_ADDRESS_SPACES,
    lineDirectives: true,
    // Static shared memory per block (more needs dynamic shared memory and an opt-in), local
    // memory per thread, and a module's constant memory (ptxas refuses more), on every compute
    // capability gpuc targets.
    limits: Object.freeze({ sharedBytes: 48 * 1024, localBytes: 512 * 1024, constantBytes: 64 * 1024 }),
    bundles: Object.freeze(['assembly', 'object'] as const),
    // Launches check it (cuMemAlloc gives 256 bytes); NVPTX needs it for 128-bit accesses.
    arrayAlignment: ARRAY_ALIGNMENT,
    // CudaKernel copies captured arrays into their constant-memory globals at each launch.
    fillsCapturedArrays: true,
    // O3, nvcc's level: its unroll threshold (300, O2's 150) fully unrolls tile loops such as a
    // shared-memory matmul's 16 steps, whose row reads then merge into 128-bit loads.
    optLevel: 3,
    // default<O3> without the passes that do nothing on gpuc's CUDA code (pipeline.ts).
    pipelines: Object.freeze({ 3: CUDA_O3_PIPELINE }),
    lacks: Object.freeze({}),
  });
}
