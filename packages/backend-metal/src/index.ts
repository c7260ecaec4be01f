/**
 * @gpuc/backend-metal: the Apple back-end.
 *
 * The `metal` compile target as a core plugin (AIR written by gpuc, packaged in a `.metallib`
 * that gpuc writes and reads), its intrinsics, overlays and strong runtime, and the macOS host
 * runtime through the Objective-C runtime (`./metal`). Nothing here has run on Apple hardware.
 */

export { metalConformance } from './conformance.js';
export {
  compileMetal,
  launchMetal,
  type MetalArrays,
  type MetalCompileOptions,
  type MetalLaunch,
  type MetalSizedLaunch,
  metalCompiler,
} from './launch/launch.js';
export * from './metal/index.js';
export { AIR_LIMITS, type AirArgument, emitAIR, macosOf, markKernel } from './target/air.js';
export { makeMetalKernel, tableStrings } from './target/entry.js';
export { metalIntrinsics } from './target/intrinsics.js';
export { intrinsicsAirLacks, lowerToAir } from './target/lower.js';
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
} from './target/metallib.js';
export { MAX_BUFFERS, MetalPlugin, staticThreadgroupMemory } from './target/plugin.js';
export {
  AddressSpace,
  AIR_DATA_LAYOUT,
  MAX_THREADGROUP_BYTES,
  METAL_ADDRESS_SPACES,
  type MetalTargetOptions,
  metalCompileTarget,
  metalTarget,
} from './target/target.js';
