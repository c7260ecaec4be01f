/**
 * `@gpuc/core/launch`: what a back-end's launcher builds on: compile-and-load caches
 * (`DeviceKernels`), launch geometry, argument checking and the typed launch arguments. A
 * launcher sits above the compiler and the compiler-free host runtime (`@gpuc/core/host`).
 */

export { kernelName, parameterNames } from '../frontend/parameters.js';
export { hostAddress } from '../host/address.js';
export { BUNDLE_FORMAT, bundleCode, type KernelBundle, parseBundle } from '../host/bundle.js';
export {
  ARRAY_ALIGNMENT,
  type ArgumentOptions,
  argumentChecker,
  argumentTypes,
  checkArguments,
  type DeviceArrayOf,
  type KernelSignature,
} from '../host/check-arguments.js';
export {
  checkGeometry,
  checkSharedBytes,
  type Dim,
  dim3,
  type GeometryLimits,
  MAX_AXIS_THREADS,
} from '../host/dim.js';
export { EXCEPTION_GLOBAL, EXCEPTION_WORDS } from '../host/exceptions.js';
export type {
  DeviceArrays,
  HostArgument,
  HostMemory,
  HostView,
  LaunchArgument,
  LaunchArguments,
} from '../host/launch-arguments.js';
export { LaunchError, type ParameterName } from '../host/launch-error.js';
export { type Signature as ParameterTypes, signatureTypes } from '../host/signature.js';
export {
  checkLaunchGeometry,
  DEFAULT_BLOCK,
  isSized,
  launchGeometry,
  type SizedLaunch,
  sizedGeometry,
} from '../host/sized-launch.js';
export {
  type DeviceLaunchOptions,
  type PreparedLaunch,
  prepareDeviceLaunch,
} from '../launch/device-launch.js';
export {
  type DeviceBackend,
  type DeviceCompileOptions,
  DeviceKernels,
  LoadedKernels,
  type LoadRequest,
  type NamedKernel,
} from '../launch/loaded.js';
