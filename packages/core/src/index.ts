/**
 * @gpuc/core: the shared heart of gpuc.
 *
 * The kernel front end (parse, infer, typed IR, the reference runner), the compiler with its
 * hooks, runtime library and deferred codegen, the in-process LLVM layer (also exported alone
 * as `@gpuc/core/llvm`), the native CPU target, the disk cache, the conformance runner, and the
 * tool finder back-ends use for ptxas and ld.lld.
 */

export {
  ARRAY_CONSTRUCTORS,
  type ArrayBackend,
  type ArrayLaunch,
  type ArrayOperations,
  type ArrayOptions,
  arraysOn,
  type BigIntArray,
  type ElementFunction,
  type ElementName,
  KeptKernels,
  type MapOptions,
  map,
  max,
  min,
  type NumberArray,
  nativeArrays,
  reduce,
  referenceArrays,
  type ScanOptions,
  scan,
  sort,
  sum,
  type TypedArrayOperations,
} from './arrays/index.js';
export { type BuildOptions, buildBundle } from './cli/build.js';
export {
  type CompileFileOptions,
  type CompileFileResult,
  compileFile,
  type EmitChoice,
} from './cli/compile.js';
export { type InstalledPlugin, installedPlugins, pluginFrom } from './cli/installed.js';
export { progressBar } from './cli/progress.js';
export { cacheKey, jobHash, loadedKey, runtimeKey, scopeDigest } from './compiler/cache-keys.js';
export {
  ATOMIC_OPERATIONS,
  atomicIntrinsics,
  atomicOperations,
  elementPointer,
} from './compiler/codegen/atomics.js';
export { expandFloatMinMax } from './compiler/codegen/expand.js';
export {
  dynamicSharedArrayOf,
  entryAlloca,
  floatCall,
  genericIntrinsics,
  hypotCall,
  type IntrinsicContext,
  type IntrinsicGenerator,
  type Lowerings,
  portableShuffle,
  portableWarp,
  type ShuffleKind,
  sharedArrayGlobal,
  shuffleSource,
  type VoteKind,
  WARP,
  warpOperations,
} from './compiler/codegen/intrinsics.js';
export { printfArguments } from './compiler/codegen/print.js';
export { TypeMapper } from './compiler/codegen/types.js';
export { Compiler, type CompilerPlugin } from './compiler/compiler.js';
export {
  DEFERRED_MARKER,
  type DeferredJob,
  DeferredRegistry,
  deferredMarker,
  emitDeferredCall,
  resolveDeferred,
} from './compiler/deferred.js';
export {
  type CachedOutput,
  cacheDirectory,
  DiskCache,
  defaultDiskCache,
} from './compiler/disk-cache.js';
export {
  buildExceptionRuntime,
  type ExceptionBlock,
  type ExceptionWords,
  type OpenBlock,
  type WordStore,
} from './compiler/exception-block.js';
export {
  type CapturedValue,
  type CaptureRequest,
  type CompilerHooks,
  type HookRegistry,
  type OutputKind,
  PluginError,
  type TapOrigin,
  type ValidationProblem,
} from './compiler/hooks.js';
export {
  type AddressSpaces,
  type Config,
  createJob,
  defaultConfig,
  type Job,
  type Params,
  type Target,
} from './compiler/job.js';
export { type LaunchBounds, launchBounds } from './compiler/launch-bounds.js';
export {
  type CompileOptions,
  type CompileResult,
  compileJob,
  type Timings,
  ValidationError,
} from './compiler/pipeline.js';
export { RUNTIME_SYMBOLS, RuntimeRegistry, type RuntimeSymbol } from './compiler/runtime.js';
export {
  type ConformanceEntry,
  differences,
  entryJob,
  entrySource,
  helpers as conformanceHelpers,
} from './conformance/entry.js';
export { nativeConformance } from './conformance/native.js';
export {
  type ConformanceBackend,
  type ConformanceReport,
  compilerWith,
  corpusDirectory,
  type DeviceLaunch,
  deviceRun,
  formatReport,
  loadConformance,
  type Outcome,
  runConformance,
} from './conformance/runner.js';
export {
  type AccuracyRow,
  accuracyTable,
  EDGE_CASES,
  measureDeviceMath,
  ulpsApart,
} from './devicemath/accuracy.js';
export {
  DEVICE_MATH_FUNCTIONS,
  DeviceMathPlugin,
  deviceMathDirectory,
  deviceMathMethods,
  hostDeviceMath,
} from './devicemath/library.js';
export { type FileFunction, fileFunctions } from './frontend/file-functions.js';
export * from './frontend/index.js';
export { hostAddress } from './host/address.js';
export { BUNDLE_FORMAT, bundleCode, type KernelBundle, parseBundle } from './host/bundle.js';
export {
  ARRAY_ALIGNMENT,
  type ArgumentOptions,
  argumentChecker,
  argumentTypes,
  checkArguments,
  type DeviceArrayOf,
  type KernelSignature,
} from './host/check-arguments.js';
export {
  checkGeometry,
  checkSharedBytes,
  type Dim,
  dim3,
  type GeometryLimits,
  MAX_AXIS_THREADS,
} from './host/dim.js';
export { EXCEPTION_GLOBAL, EXCEPTION_WORDS } from './host/exceptions.js';
export type {
  DeviceArrays,
  HostArgument,
  HostMemory,
  HostView,
  LaunchArgument,
  LaunchArguments,
} from './host/launch-arguments.js';
export { LaunchError, type ParameterName } from './host/launch-error.js';
export { type Signature as ParameterTypes, signatureTypes } from './host/signature.js';
export {
  checkLaunchGeometry,
  DEFAULT_BLOCK,
  isSized,
  launchGeometry,
  type SizedLaunch,
  sizedGeometry,
} from './host/sized-launch.js';
export { applyEverywhere, createCompiler, defaultCompiler } from './launch/default-compiler.js';
export {
  type DeviceLaunchOptions,
  type PreparedLaunch,
  prepareDeviceLaunch,
} from './launch/device-launch.js';
export {
  type DeviceBackend,
  type DeviceCompileOptions,
  DeviceKernels,
  kernelName,
  LoadedKernels,
  type LoadRequest,
  type NamedKernel,
  parameterNames,
} from './launch/loaded.js';
export {
  compileNative,
  launchNative,
  launchNativeAsync,
  linkSharedLibrary,
  NativeKernel,
  type NativeLaunch,
  type NativeSizedLaunch,
} from './launch/native.js';
export * from './llvm/index.js';
export { NativePlugin, nativeCompileTarget } from './native/plugin.js';
export { nativeTarget } from './native/target.js';
export {
  type Dim3,
  type ElementOf,
  f32,
  f64,
  gpu,
  i8,
  i16,
  i32,
  referenceScope,
  type Scalar,
  u8,
  u16,
  u32,
} from './reference/gpu.js';
export {
  KernelError,
  type ReferenceLaunch,
  type ReferenceSizedLaunch,
  runReference,
} from './reference/runner.js';
export { findTool, runTool, ToolError, type ToolSearch, toolOutput } from './support/find-tool.js';
export { codeVersion, type PackageRoot, packageRoot } from './support/package-root.js';
