/**
 * `@gpuc/core/host`: what a back-end's driver needs at run time, without the compiler (no LLVM,
 * no parser): kernel-language types, launch sizes, host addresses, and kernel bundles.
 */

export {
  parseType,
  show,
  TYPED_ARRAYS,
  type Type as KernelType,
  type TypedArray,
} from '../frontend/types.js';
export {
  BFloat16Bits,
  Float16Bits,
  type HalfArray,
  type HalfArrayConstructor,
} from '../frontend/values.js';
export { type CacheLimits, cacheLimits, kernelCache, setCacheLimits } from '../support/cache-limits.js';
export { hostAddress } from './address.js';
export {
  type ArgumentWriter,
  argumentLayout,
  argumentWriter,
  bytesOf,
  type CopiedBuffer,
  checkArrayLength,
  checkCopy,
  type DeviceBuffer,
  type DeviceView,
  isTypedArray,
  roundUp,
  runWithCopies,
  runWithCopiesAsync,
  writeArgument,
} from './arguments.js';
export { BUNDLE_FORMAT, bundleCode, type KernelBundle, parseBundle } from './bundle.js';
export {
  CAPTURED_SYMBOL,
  type CapturedArray,
  type CapturedContents,
  capturedContents,
} from './captured-arrays.js';
export {
  ARRAY_ALIGNMENT,
  type ArgumentOptions,
  argumentChecker,
  argumentTypes,
  checkArguments,
  type DeviceArrayOf,
  type KernelSignature,
} from './check-arguments.js';
export {
  DeviceArrayBase,
  elementName,
  type TypedArrayConstructor,
} from './device-array.js';
export { type DeviceDescription, nativeDevice } from './devices.js';
export {
  checkGeometry,
  checkSharedBytes,
  type Dim,
  dim3,
  type Extents,
  type GeometryLimits,
  MAX_AXIS_THREADS,
  writeGeometry,
} from './dim.js';
export {
  DeviceError,
  deviceError,
  EXCEPTION_GLOBAL,
  EXCEPTION_WORDS,
  type ExceptionReport,
  REASONS,
} from './exceptions.js';
export { type Koffi, koffi } from './koffi.js';
export type {
  DeviceArrays,
  HostArgument,
  HostMemory,
  HostView,
  LaunchArgument,
  LaunchArguments,
} from './launch-arguments.js';
export { badLaunch, LaunchError, type ParameterName } from './launch-error.js';
export { loadFirstLibrary, type NativeLibrary } from './library.js';
export { type Signature as ParameterTypes, signatureTypes } from './signature.js';
