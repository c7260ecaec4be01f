/**
 * The ROCm back-end's HSA layer without the compiler: GPUs, queues, device arrays, loaded code
 * objects and their kernels, kernel-argument packing, AQL dispatch packets, and precompiled
 * bundles (`gpuc build --object`). It needs koffi and the HSA runtime, not LLVM.
 */

export { DeviceError } from '@gpuc/core/host';
export { ENUMS, STRUCTS } from './abi.js';
export { type Agent, HsaError, hasRocmDevice } from './api.js';
export { loadBundle } from './bundle.js';
export { type HostMemory, type MemoryPool, RocmDevice } from './device.js';
export {
  type DispatchGeometry,
  type DispatchPacket,
  dispatchGeometry,
  encodeDispatchPacket,
  type FenceScopeName,
  PACKET_BYTES,
  packetHeader,
  writePacket,
} from './dispatch.js';
export {
  type ArgumentSlot,
  type DeviceBuffer,
  type DeviceView,
  type DispatchValues,
  KernargLayout,
  layout,
} from './kernargs.js';
export { deviceException, RocmKernel, type RocmLaunchOptions, RocmModule } from './kernel.js';
export { copyFromDevice, copyToDevice, RocmArray } from './memory.js';
export { DEFAULT_TIMEOUT_MS, type KernargSpace, RocmQueue } from './queue.js';
