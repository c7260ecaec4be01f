/**
 * @gpuc/backend-metal: the Apple back-end.
 *
 * The `metal` compile target as a core plugin (AIR written by gpuc, packaged in a `.metallib`
 * that gpuc writes and reads), its intrinsics, overlays and strong runtime, and the macOS host
 * runtime through the Objective-C runtime (`./metal`). Nothing here has run on Apple hardware.
 */
export { AIR_LIMITS, type AirArgument, emitAIR, macosOf, markKernel } from './air.js';
export { metalConformance } from './conformance.js';
export { makeMetalKernel, tableStrings } from './entry.js';
export { metalIntrinsics } from './intrinsics.js';
export { intrinsicsAirLacks, lowerToAir } from './lower.js';
export * from './metal/index.js';
export {
  compileMetal,
  launchMetal,
  type MetalArrays,
  type MetalCompileOptions,
  type MetalLaunch,
  type MetalSizedLaunch,
  metalCompiler,
} from './metal/launch.js';
export {
  FunctionType,
  type LibraryFunction,
  METALLIB_VERSIONS,
  type Metallib,
  type MetallibVersions,
  metallibVersions,
  type ReadFunction,
  readMetallib,
  unwrapBitcode,
  writeMetallib,
} from './metallib.js';
export { MAX_BUFFERS, MetalPlugin, staticThreadgroupMemory } from './plugin.js';
export { buildSample } from './sample.js';
export {
  AddressSpace,
  AIR_DATA_LAYOUT,
  MAX_THREADGROUP_BYTES,
  METAL_ADDRESS_SPACES,
  type MetalTargetOptions,
  metalCompileTarget,
  metalTarget,
} from './target.js';
