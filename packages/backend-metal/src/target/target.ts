/**
 * The Metal target: AIR, Apple's LLVM IR dialect. LLVM has no AIR machine, so gpuc writes the IR
 * and its metadata itself and emits bitcode, which LLVM 14 writes in the era AIR expects.
 */

import { OptionError, type Params, type Target } from '@gpuc/core/compiler';
import type { TargetDescription } from '@gpuc/core/llvm';
import { METAL_FRAGMENTS } from './matrix.js';
import { METALLIB_VERSIONS } from './metallib.js';

/** AIR's data layout: 64-bit pointers, naturally aligned scalars and vectors. */
export const AIR_DATA_LAYOUT =
  'e-p:64:64:64-i1:8:8-i8:8:8-i16:16:16-i32:32:32-i64:64:64-f32:32:32-f64:64:64-v16:16:16-v24:32:32-v32:32:32-v48:64:64-v64:64:64-v96:128:128-v128:128:128-v192:256:256-v256:256:256-v512:512:512-v1024:1024:1024-n8:16:32';

/** AIR address spaces. */
export const AddressSpace = Object.freeze({
  generic: 0,
  device: 1,
  constant: 2,
  threadgroup: 3,
  thread: 4,
});

/** What to compile for. */
export interface MetalTargetOptions {
  /** The lowest macOS release the code runs on, `major.minor` (13, 14 or 15); default 13.0. */
  macos?: string;
}

/** The macOS releases gpuc writes Metal libraries for, as `macos` takes them. */
const RELEASES = Object.keys(METALLIB_VERSIONS)
  .map((major) => `${major}.0`)
  .join(', ');

/** The Metal target description: the AIR triple of a macOS release. */
export function metalTarget(options: MetalTargetOptions = {}): TargetDescription {
  const macos = options.macos ?? '13.0';
  if (!/^\d+\.\d+$/.test(macos))
    throw new OptionError('macos', `'${macos}' is not a macOS version (major.minor)`, RELEASES);
  if (!(Number(macos.split('.')[0]) in METALLIB_VERSIONS))
    throw new OptionError(
      'macos',
      `Metal libraries target macOS ${Object.keys(METALLIB_VERSIONS).join(', ')}; not ${macos}`,
      RELEASES,
    );
  return Object.freeze({
    name: 'metal',
    triple: `air64-apple-macosx${macos}.0`,
    dataLayout: AIR_DATA_LAYOUT,
    cpu: '',
    features: '',
    hasMachine: false,
  });
}

/**
 * Where each kind of kernel memory lives in AIR. Stack memory (`alloca`) stays in address space
 * 0, which is the thread's own in AIR's data layout.
 */
export const METAL_ADDRESS_SPACES = Object.freeze({
  generic: AddressSpace.generic,
  global: AddressSpace.device,
  shared: AddressSpace.threadgroup,
  constant: AddressSpace.constant,
  local: AddressSpace.generic,
});

/** The threadgroup memory a threadgroup may use on Apple GPUs. */
export const MAX_THREADGROUP_BYTES = 32768;

/**
 * The compile target for a job's params: `macos` (the lowest release, default `13.0`). Apple GPUs
 * have no f64 and no call stack for recursion.
 */
export function metalCompileTarget(params: Params = {}): Target {
  // `--param macos=14.0` reaches here as the number 14.
  const { macos } = params;
  if (macos !== undefined && typeof macos !== 'string' && typeof macos !== 'number')
    throw new OptionError('macos', `macos is a release such as '14.0', not ${String(macos)}`, RELEASES);
  const release = typeof macos === 'number' && Number.isInteger(macos) ? `${macos}.0` : macos;
  const described = metalTarget(release === undefined ? {} : { macos: String(release) });
  return Object.freeze({
    ...described,
    backend: 'metal',
    addressSpaces: METAL_ADDRESS_SPACES,
    // Threadgroup memory on Apple GPUs (Metal's feature tables); Apple states no limit on a
    // thread's private memory, so local arrays are left to Metal's compiler.
    limits: Object.freeze({ sharedBytes: MAX_THREADGROUP_BYTES }),
    // No assembly: LLVM has no AIR machine, and Apple's compiler turns the metallib's AIR into GPU code.
    outputs: Object.freeze(['ir', 'bitcode', 'object'] as const),
    // Fragments are 2x2 simdgroup 8x8 matrices (matrix.ts).
    fragments: METAL_FRAGMENTS,
    lacks: Object.freeze({ f64: true, recursion: true }),
  });
}
