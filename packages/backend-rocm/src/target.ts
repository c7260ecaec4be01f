/**
 * The ROCm target: AMDGPU through LLVM 14, which supports `gfx90a` and older (gfx94x needs a
 * newer LLVM).
 */
import type { TargetDescription } from '@gpuc/core';

/** AMDGPU's data layout in LLVM 14 (a test checks it against the target machine). */
export const AMDGPU_DATA_LAYOUT =
  'e-p:64:64-p1:64:64-p2:32:32-p3:32:32-p4:64:64-p5:32:32-p6:32:32-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-v2048:2048-n32:64-S32-A5-G1-ni:7';

/** AMDGPU address spaces. */
export const AddressSpace = Object.freeze({
  generic: 0,
  global: 1,
  region: 2,
  local: 3,
  constant: 4,
  private: 5,
});

/** What to compile for. */
export interface RocmTargetOptions {
  /** The GPU (`gfx90a`, `gfx1030`...); default `gfx90a`. */
  gfx?: string;
  /** The wavefront size; GCN GPUs have 64 only, RDNA GPUs (gfx10+) run 32 (default) or 64. */
  wavefrontSize?: 32 | 64;
}

/** Whether a GPU is RDNA (gfx10 and later), which chooses between 32- and 64-wide wavefronts. */
export function isRDNA(gfx: string): boolean {
  return /^gfx1[0-9]{3}$/.test(gfx);
}

/** The ROCm target description for a GPU. */
export function rocmTarget(options: RocmTargetOptions = {}): TargetDescription {
  const gfx = options.gfx ?? 'gfx90a';
  if (!/^gfx[0-9a-f]{3,4}$/.test(gfx)) throw new RangeError(`gpuc: '${gfx}' is not an AMDGPU processor name`);
  let features = '';
  if (options.wavefrontSize !== undefined) {
    if (isRDNA(gfx)) features = `+wavefrontsize${options.wavefrontSize}`;
    else if (options.wavefrontSize !== 64) throw new RangeError(`gpuc: ${gfx} has 64-wide wavefronts only`);
  }
  return Object.freeze({
    name: 'rocm',
    triple: 'amdgcn-amd-amdhsa',
    dataLayout: AMDGPU_DATA_LAYOUT,
    cpu: gfx,
    features,
    hasMachine: true,
  });
}
