/**
 * @gpuc/backend-cuda: the NVIDIA back-end.
 *
 * The compiler plugin (`CudaPlugin`: the `cuda` target, intrinsics, runtime, libdevice, PTX and
 * cubins), the driver (devices, streams, device arrays, modules, launches with device
 * exceptions as JS errors: `launchCuda`, `compileCuda`), its conformance back-end, and the pieces: the NVPTX target description (architecture
 * for the device's own architecture), kernel marking with launch bounds, PTX emission and ptxas.
 */

export { EXCEPTION_GLOBAL, EXCEPTION_WORDS } from '@gpuc/core/host';
export { cudaConformance } from './conformance.js';
export { CudaError, hasCudaDevice } from './driver/api.js';
export { loadBundle } from './driver/bundle.js';
export { CudaDevice, CudaStream } from './driver/device.js';
export { cudaDevices } from './driver/devices.js';
export { CudaKernel, type CudaLaunchOptions, CudaModule } from './driver/kernel.js';
export { DeviceArray, elementName, pinnedArray } from './driver/memory.js';
export { type DeviceView, layout, ParameterBlock } from './driver/parameters.js';
export { cudaArrayBackend, cudaArrays } from './launch/arrays.js';
export {
  type CudaArrays,
  type CudaCompileOptions,
  type CudaLaunch,
  type CudaSizedLaunch,
  compileCuda,
  cudaCompiler,
  launchCuda,
  launchCudaAsync,
} from './launch/launch.js';
export { type LaunchBounds, markKernel } from './target/annotations.js';
export { emitPTX } from './target/emit.js';
export { cudaIntrinsics } from './target/intrinsics.js';
export { findLibdevice } from './target/libdevice.js';
export { CudaPlugin, deviceArchitecture, MAX_PARAMETER_BYTES } from './target/plugin.js';
export { assemblePTX, findPtxas, toolkitRoots } from './target/ptxas.js';
export { buildCudaRuntime } from './target/runtime.js';
export {
  COMPUTE_CAPABILITIES,
  CUDA_ADDRESS_SPACES,
  type CudaTargetOptions,
  cudaCompileTarget,
  cudaTarget,
  deviceArch,
  MIN_ARCH,
  NVPTX_DATA_LAYOUT,
  PTX_VERSIONS,
} from './target/target.js';
