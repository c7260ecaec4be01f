/**
 * `@gpuc/backend-cuda/driver`: running kernels on NVIDIA GPUs without the compiler — devices,
 * streams, device arrays, modules and kernels, and precompiled bundles (`gpuc build`). It needs
 * koffi and the NVIDIA driver, not LLVM. Importing it starts the driver on worker threads
 * (`cuInit`, then the default device's primary context: start.ts), so that it overlaps the
 * program's own start; the ES module build (entry.ts) starts it before loading the rest of the
 * runtime.
 */
import { startDriver } from './start.js';

export { CudaError, hasCudaDevice } from './api.js';
export { loadBundle } from './bundle.js';
export { CudaDevice, CudaStream } from './device.js';
export { CudaKernel, type CudaLaunchOptions, CudaModule } from './kernel.js';
export { DeviceArray, elementName, pinnedArray } from './memory.js';
export { type DeviceView, layout, ParameterBlock } from './parameters.js';

startDriver();
