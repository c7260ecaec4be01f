/**
 * The CUDA target: NVPTX with the architecture and PTX ISA clamped to what LLVM 14 emits.
 *
 * LLVM 14 knows `sm_86` and PTX ISA 7.5 at most; PTX for an older architecture runs on newer
 * GPUs because the driver JIT-compiles it (checked: LLVM 14 `sm_80` PTX runs on an H200).
 */
import type { Params, Target, TargetDescription } from '@gpuc/core';

/** The newest architecture LLVM 14 generates code for. */
export const MAX_LLVM_ARCH = 86;

/** The newest PTX ISA LLVM 14 writes, as major*10+minor. */
export const MAX_LLVM_PTX = 75;

/** The oldest architecture gpuc targets (Volta), whose PTX the driver still accepts. */
export const MIN_ARCH = 70;

/** NVPTX64's data layout in LLVM 14 (a test checks it against the target machine). */
export const NVPTX_DATA_LAYOUT = 'e-i64:64-i128:128-v16:16-v32:32-n16:32:64';

/** What to compile for. */
export interface CudaTargetOptions {
  /** The device's compute capability as major*10+minor (90 for Hopper); default 80. */
  computeCapability?: number;
  /** The PTX ISA version as major*10+minor; default the newest LLVM 14 writes. */
  ptxVersion?: number;
}

/** The architecture LLVM should emit for a device: its own, or the newest LLVM 14 knows. */
export function clampArchitecture(computeCapability: number): number {
  if (!Number.isInteger(computeCapability) || computeCapability < MIN_ARCH) {
    throw new RangeError(
      `gpuc: compute capability ${computeCapability} is not supported (need ${MIN_ARCH} or newer)`,
    );
  }
  return Math.min(computeCapability, MAX_LLVM_ARCH);
}

/** The CUDA target description for a device. */
export function cudaTarget(options: CudaTargetOptions = {}): TargetDescription {
  const arch = clampArchitecture(options.computeCapability ?? 80);
  const ptx = Math.min(options.ptxVersion ?? MAX_LLVM_PTX, MAX_LLVM_PTX);
  return Object.freeze({
    name: 'cuda',
    triple: 'nvptx64-nvidia-cuda',
    dataLayout: NVPTX_DATA_LAYOUT,
    cpu: `sm_${arch}`,
    features: `+ptx${ptx}`,
    hasMachine: true,
  });
}

/** CUDA's address spaces in NVPTX. */
export const CUDA_ADDRESS_SPACES = Object.freeze({ generic: 0, global: 1, shared: 3, constant: 4, local: 5 });

/**
 * The compile target for a job's params: `computeCapability` and `ptxVersion` as in
 * `cudaTarget`. (Other params, `fastMath` and `ptxas`, change codegen and checks, not the target.)
 */
export function cudaCompileTarget(params: Params = {}): Target {
  const described = cudaTarget({
    ...(typeof params.computeCapability === 'number' ? { computeCapability: params.computeCapability } : {}),
    ...(typeof params.ptxVersion === 'number' ? { ptxVersion: params.ptxVersion } : {}),
  });
  return Object.freeze({
    ...described,
    backend: 'cuda',
    addressSpaces: CUDA_ADDRESS_SPACES,
    lineDirectives: true,
    // Static shared memory per block (more needs dynamic shared memory and an opt-in), and
    // local memory per thread, on every compute capability gpuc targets.
    limits: Object.freeze({ sharedBytes: 48 * 1024, localBytes: 512 * 1024 }),
    bundles: Object.freeze(['assembly', 'object'] as const),
    lacks: Object.freeze({}),
  });
}
