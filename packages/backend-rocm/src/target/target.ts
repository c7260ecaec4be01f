/**
 * The ROCm target: AMDGPU through LLVM 22, from GCN and CDNA (`gfx90a`, MI300's `gfx942`,
 * MI350's `gfx950`) to RDNA 2, 3 and 4 (`gfx1030`, `gfx1100`, `gfx1201`).
 */

import { OptionError, type Params, type Target } from '@gpuc/core/compiler';
import type { TargetDescription } from '@gpuc/core/llvm';
import { matrixFragments } from './matrix.js';

/** AMDGPU's data layout in LLVM 22 (a test checks it against the target machine). */
export const AMDGPU_DATA_LAYOUT =
  'e-m:e-p:64:64-p1:64:64-p2:32:32-p3:32:32-p4:64:64-p5:32:32-p6:32:32-p7:160:256:256:32-p8:128:128:128:48-p9:192:256:256:32-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-v2048:2048-n32:64-S32-A5-G1-ni:7:8:9';

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

/**
 * The processors LLVM 22's AMDGPU back-end knows by a `gfx` number (its generic targets aside),
 * checked before LLVM sees a name, which for one it does not know prints to stderr and fails in
 * the target machine.
 */
export const GFX_PROCESSORS: readonly string[] = Object.freeze([
  ...['gfx600', 'gfx601', 'gfx602', 'gfx700', 'gfx701', 'gfx702', 'gfx703', 'gfx704', 'gfx705'],
  ...['gfx801', 'gfx802', 'gfx803', 'gfx805', 'gfx810'],
  ...['gfx900', 'gfx902', 'gfx904', 'gfx906', 'gfx908', 'gfx909', 'gfx90a', 'gfx90c', 'gfx942', 'gfx950'],
  ...['gfx1010', 'gfx1011', 'gfx1012', 'gfx1013'],
  ...['gfx1030', 'gfx1031', 'gfx1032', 'gfx1033', 'gfx1034', 'gfx1035', 'gfx1036'],
  ...['gfx1100', 'gfx1101', 'gfx1102', 'gfx1103', 'gfx1150', 'gfx1151', 'gfx1152', 'gfx1153'],
  ...['gfx1200', 'gfx1201', 'gfx1250', 'gfx1251'],
]);

/** Processors older LLVMs knew, with what stands in for them: named in the error. */
const RETIRED_PROCESSORS: ReadonlyMap<string, string> = new Map([
  ['gfx940', 'LLVM 21 removed gfx940 and gfx941: MI300 GPUs are gfx942'],
  ['gfx941', 'LLVM 21 removed gfx940 and gfx941: MI300 GPUs are gfx942'],
]);

/** Whether a GPU is RDNA (gfx10 and later), which chooses between 32- and 64-wide wavefronts. */
export function isRDNA(gfx: string): boolean {
  return /^gfx1[0-9]{3}$/.test(gfx);
}

/** The ROCm target description for a GPU. */
export function rocmTarget(options: RocmTargetOptions = {}): TargetDescription {
  const gfx = options.gfx ?? 'gfx90a';
  if (!GFX_PROCESSORS.includes(gfx)) {
    const what = RETIRED_PROCESSORS.has(gfx)
      ? `a processor LLVM 22 no longer has (${RETIRED_PROCESSORS.get(gfx)})`
      : /^gfx[0-9a-f]{3,4}$/.test(gfx)
        ? 'a processor LLVM 22 does not know'
        : 'not an AMDGPU processor name';
    throw new OptionError('gfx', `'${String(gfx)}' is ${what}`, GFX_PROCESSORS.join(', '));
  }
  let features = '';
  if (options.wavefrontSize !== undefined && options.wavefrontSize !== 32 && options.wavefrontSize !== 64)
    throw new OptionError(
      'wavefrontSize',
      `a wavefront has 32 or 64 lanes, not ${String(options.wavefrontSize)}`,
      '32 or 64',
    );
  if (options.wavefrontSize !== undefined) {
    if (isRDNA(gfx)) features = `+wavefrontsize${options.wavefrontSize}`;
    else if (options.wavefrontSize !== 64)
      throw new OptionError(
        'wavefrontSize',
        `${gfx} has 64-wide wavefronts only`,
        '64 on GCN and CDNA, 32 or 64 on RDNA (gfx10 and later)',
      );
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

/** Where each kind of kernel memory lives on AMDGPU (LDS is the block's shared memory). */
export const ROCM_ADDRESS_SPACES = Object.freeze({
  generic: AddressSpace.generic,
  global: AddressSpace.global,
  shared: AddressSpace.local,
  constant: AddressSpace.constant,
  local: AddressSpace.private,
});

/** The physical wavefront size of a target: 64 on GCN and CDNA, 32 on RDNA unless asked. */
export function wavefrontSize(target: TargetDescription): 32 | 64 {
  if (!isRDNA(target.cpu)) return 64;
  return target.features.includes('+wavefrontsize64') ? 64 : 32;
}

/** The LDS a work-group may use: 64 KiB, what every GPU of these generations gives a work-group (gfx950 has 160 KiB). */
export const MAX_LDS_BYTES = 65536;

/**
 * The compile target for a job's params: `gfx` (default `gfx90a`) and `wavefrontSize`. There is
 * no device heap: code that allocates is refused at validation.
 */
export function rocmCompileTarget(params: Params = {}): Target {
  // A param given with a value of the wrong kind is refused by `rocmTarget`, never dropped.
  const described = rocmTarget({
    ...(params.gfx !== undefined ? { gfx: params.gfx as string } : {}),
    ...(params.wavefrontSize !== undefined ? { wavefrontSize: params.wavefrontSize as 32 | 64 } : {}),
  });
  const fragments = matrixFragments(described);
  return Object.freeze({
    ...described,
    backend: 'rocm',
    ...(fragments ? { fragments } : {}),
    addressSpaces: ROCM_ADDRESS_SPACES,
    // LDS per work-group; scratch per lane: a wave's scratch is at most 8 MiB (gfx9's 13-bit
    // wave size field, in KiB), 128 KiB for each of 64 lanes.
    limits: Object.freeze({ sharedBytes: MAX_LDS_BYTES, localBytes: 128 * 1024 }),
    bundles: Object.freeze(['object'] as const),
    lacks: Object.freeze({ dynamicAllocation: true }),
  });
}
