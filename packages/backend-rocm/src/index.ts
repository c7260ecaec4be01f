/**
 * @gpuc/backend-rocm: the AMD back-end.
 *
 * The `rocm` compile target as a core plugin (AMDGPU through LLVM 22, code objects linked by
 * the lld inside @gpuc/llvm), its intrinsics and strong runtime, and the code objects' own metadata read back.
 * Nothing here has run on AMD hardware yet.
 */

export { EXCEPTION_GLOBAL, EXCEPTION_WORDS } from '@gpuc/core/host';
export { metadataProblems, rocmConformance } from './conformance.js';
export { rocmDevices } from './hsa/devices.js';
export { decodeOwner, REASONS } from './hsa/exceptions.js';
export {
  type Agent,
  type ArgumentSlot,
  copyFromDevice,
  copyToDevice,
  DEFAULT_TIMEOUT_MS,
  type DeviceBuffer,
  DeviceError,
  type DeviceView,
  type DispatchGeometry,
  type DispatchPacket,
  type DispatchValues,
  deviceException,
  dispatchGeometry,
  ENUMS,
  encodeDispatchPacket,
  type FenceScopeName,
  type HostMemory,
  HsaError,
  hasRocmDevice,
  KernargLayout,
  type KernargSpace,
  layout,
  loadBundle,
  type MemoryPool,
  PACKET_BYTES,
  packetHeader,
  RocmArray,
  RocmDevice,
  RocmKernel,
  type RocmLaunchOptions,
  RocmModule,
  RocmQueue,
  STRUCTS,
  writePacket,
} from './hsa/index.js';
export type { CodeObjectMetadata, KernelArgument, KernelMetadata } from './hsa/metadata.js';
export {
  compileRocm,
  launchRocm,
  type RocmArrays,
  type RocmCompileOptions,
  type RocmLaunch,
  type RocmSizedLaunch,
  rocmCompiler,
} from './launch/launch.js';
export { emitCodeObject, linkCodeObject } from './target/code-object.js';
export { markKernel } from './target/kernel.js';
export { findReadelf, parseMetadataNotes, readMetadata } from './target/metadata.js';
export { RocmPlugin, staticLds } from './target/plugin.js';
export {
  AddressSpace,
  AMDGPU_DATA_LAYOUT,
  GFX_PROCESSORS,
  isRDNA,
  MAX_LDS_BYTES,
  ROCM_ADDRESS_SPACES,
  type RocmTargetOptions,
  rocmCompileTarget,
  rocmTarget,
  wavefrontSize,
} from './target/target.js';
