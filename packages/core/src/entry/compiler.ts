/**
 * `@gpuc/core/compiler`: what a compiler plugin (a back-end, the AD plugin) builds on. The
 * compile job and its hooks, codegen helpers, the runtime registry, the device-math library, the
 * native target and the kernel-language front end (IR, types, method tables). See
 * docs/writing-a-backend.md and ARCHITECTURE.md.
 */

export { cacheKey, jobHash, loadedKey, runtimeKey, scopeDigest } from '../compiler/cache-keys.js';
export { copyPointers, synchronousCopies } from '../compiler/codegen/async-copy.js';
export {
  ATOMIC_OPERATIONS,
  atomicIntrinsics,
  atomicOperations,
  elementPointer,
} from '../compiler/codegen/atomics.js';
export { expandFloatMinMax } from '../compiler/codegen/expand.js';
export {
  doubleWords,
  dynamicSharedArrayOf,
  entryAlloca,
  exactPowerOfTwo,
  floatCall,
  genericIntrinsics,
  hypotCall,
  type IntrinsicContext,
  type IntrinsicGenerator,
  javaScriptPower,
  type Lowerings,
  portableShuffle,
  portableWarp,
  type ShuffleKind,
  sharedArrayGlobal,
  shuffleSource,
  type VoteKind,
  WARP,
  type WordOf,
  warpOperations,
} from '../compiler/codegen/intrinsics.js';
export {
  type FragmentShapes,
  type MatrixHardware,
  matrixLowerings,
  matrixRefusals,
  roundToTf32,
  tileElement,
} from '../compiler/codegen/matrix.js';
export {
  type ElementPlaces,
  type ElementwiseHardware,
  elementsOf,
  elementwiseLowerings,
  vectorOf,
} from '../compiler/codegen/matrix-elements.js';
export { printfArguments } from '../compiler/codegen/print.js';
export { TypeMapper } from '../compiler/codegen/types.js';
export {
  accumulatorPlace,
  type WarpgroupHardware,
  warpgroupElements,
  warpgroupLowerings,
  warpgroupSwizzle,
} from '../compiler/codegen/warpgroup.js';
export { Compiler, type CompilerPlugin } from '../compiler/compiler.js';
export {
  DEFERRED_MARKER,
  type DeferredJob,
  DeferredRegistry,
  deferredMarker,
  emitDeferredCall,
  resolveDeferred,
} from '../compiler/deferred.js';
export { type CachedOutput, cacheDirectory, DiskCache, defaultDiskCache } from '../compiler/disk-cache.js';
export {
  buildExceptionRuntime,
  type ExceptionBlock,
  type ExceptionWords,
  type OpenBlock,
  type WordStore,
} from '../compiler/exception-block.js';
export {
  type CapturedValue,
  type CaptureRequest,
  type CompilerHooks,
  type HookRegistry,
  type OutputKind,
  PluginError,
  type TapOrigin,
  type ValidationProblem,
} from '../compiler/hooks.js';
export {
  type AddressSpaces,
  type Config,
  createJob,
  defaultConfig,
  type Job,
  type Params,
  type Target,
} from '../compiler/job.js';
export { LAUNCH_BOUND_PARAMS, type LaunchBounds, launchBounds } from '../compiler/launch-bounds.js';
export { OptionError } from '../compiler/option-error.js';
export {
  type CompileOptions,
  type CompileResult,
  compileJob,
  specializeJob,
  type Timings,
  ValidationError,
} from '../compiler/pipeline.js';
export { RUNTIME_SYMBOLS, RuntimeRegistry, type RuntimeSymbol } from '../compiler/runtime.js';
export {
  DEVICE_MATH_FUNCTIONS,
  DeviceMathPlugin,
  deviceMathDirectory,
  deviceMathMethods,
  hostDeviceMath,
} from '../devicemath/library.js';
export { type FileFunction, fileFunctions } from '../frontend/file-functions.js';
export * from '../frontend/index.js';
export { flippedComparison, singleComparison } from '../frontend/single-compare.js';
export { NativePlugin, nativeCompileTarget } from '../native/plugin.js';
export { nativeTarget } from '../native/target.js';
export { findTool, runTool, ToolError, type ToolSearch, toolOutput } from '../support/find-tool.js';
export { codeVersion, type PackageRoot, packageRoot } from '../support/package-root.js';
export { serialNumbers } from '../support/serial-numbers.js';
