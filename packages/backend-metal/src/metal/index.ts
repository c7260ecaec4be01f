/**
 * The Metal back-end's host runtime without the compiler: Metal devices, arrays in shared
 * memory, metallibs loaded as libraries, kernels as compute pipelines and their launches, and
 * the pure pieces of a launch (argument bytes, resident arrays, sizes, the status buffer). It
 * needs koffi and, when used, macOS with a Metal GPU; importing it loads nothing of Apple's.
 * `compileMetal` and `launchMetal` (launch.ts) add the compiler.
 */

export { DeviceError } from '@gpuc/core/host';
export {
  type ArgumentBlock,
  encodeArguments,
  isDeviceBuffer,
  MAX_INLINE_BYTES,
  referencedBuffers,
} from './arguments.js';
export { hasMetalDevice, MetalDevice } from './device.js';
export {
  checkThreadgroupMemory,
  type GeometryLimits,
  launchGeometry,
  type MetalGeometry,
  THREADGROUP_MEMORY_ALIGN,
  threadgroupMemoryLength,
} from './geometry.js';
export {
  HEAP_HEADER_BYTES,
  INTERFACE_VERSION,
  type MetalKernelInterface,
  readInterface,
  STATUS_WORDS,
} from './interface.js';
export {
  COMMAND_BUFFER_STATUS,
  MetalKernel,
  type MetalLaunchOptions,
  MetalLibrary,
  RESOURCE_USAGE_READ_WRITE,
} from './kernel.js';
export { MetalArray, RESOURCE_STORAGE_MODE_SHARED, SharedBuffer } from './memory.js';
export { type Id, type MTLSize, NO_METAL, type ObjcRuntime, objc, objcLoaded } from './objc.js';
export {
  DEFAULT_HEAP_BYTES,
  heapBufferBytes,
  resetHeap,
  resetStatus,
  STATUS_BYTES,
  statusError,
} from './status.js';
