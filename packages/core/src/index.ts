/**
 * `@gpuc/core`: the API an application uses. Kernels are JavaScript functions; this entry compiles
 * and runs them on the CPU (`launchNative`), in JavaScript (`runReference`), through the array
 * layer (`map`, `reduce`, `scan`, `sort`), and builds bundles. GPU back-ends are packages of their
 * own (`@gpuc/backend-cuda`, ...). Plugin authors import `@gpuc/core/compiler` and
 * `@gpuc/core/launch`; a deployment without the compiler imports `@gpuc/core/host`; the LLVM layer
 * is `@gpuc/core/llvm`, the CLI's tools (conformance, bundles) `@gpuc/core/tools` (ARCHITECTURE.md).
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
export { Compiler, type CompilerPlugin } from './compiler/compiler.js';
export { cacheDirectory, DiskCache, defaultDiskCache } from './compiler/disk-cache.js';
export { type Config, createJob, defaultConfig, type Params, type Target } from './compiler/job.js';
export { OptionError } from './compiler/option-error.js';
export {
  type CompileOptions,
  type CompileResult,
  compileJob,
  type Timings,
  ValidationError,
} from './compiler/pipeline.js';
export {
  ArrayView,
  BFloat16Bits,
  bf16Round,
  byReference,
  CompileError,
  defineDevice,
  ErrorCode,
  Float16Bits,
  type FunctionInput,
  f16Round,
  type HalfArray,
  type HalfArrayConstructor,
  inferKernel,
  KernelSource,
  type KernelType,
  parseType,
  printFunction,
  SCALAR_NAMES,
  type ScalarName,
  type SourceLocation,
  show,
  sourceFromFunction,
  sourceFromText,
  sourceOf,
  TYPED_ARRAYS,
  type TypedArray,
  TypedScalar,
  typeOfValue,
  view,
} from './frontend/index.js';
export type { KernelBundle } from './host/bundle.js';
export { type Dim, dim3 } from './host/dim.js';
export { DeviceError } from './host/exceptions.js';
export type {
  DeviceArrays,
  HostArgument,
  HostMemory,
  HostView,
  LaunchArgument,
  LaunchArguments,
} from './host/launch-arguments.js';
export { LaunchError, type ParameterName } from './host/launch-error.js';
export type { SizedLaunch } from './host/sized-launch.js';
export { applyEverywhere, createCompiler, defaultCompiler } from './launch/default-compiler.js';
export {
  compileNative,
  launchNative,
  launchNativeAsync,
  linkSharedLibrary,
  NativeKernel,
  type NativeKernelOptions,
  type NativeLaunch,
  type NativeSizedLaunch,
} from './launch/native.js';
export { nativeTarget } from './native/target.js';
export {
  bf16,
  type Dim3,
  type ElementOf,
  f16,
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
export { DataRaceError } from './reference/race-runs.js';
export type { RacingAccess } from './reference/races.js';
export {
  KernelError,
  type ReferenceLaunch,
  type ReferenceSizedLaunch,
  runReference,
} from './reference/runner.js';
export { type CacheLimits, cacheLimits, setCacheLimits } from './support/cache-limits.js';
