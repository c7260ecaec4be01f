/**
 * The ES module build of `@gpuc/backend-cuda/driver` (index.ts has its documentation and types):
 * before anything else loads, it starts the driver (`startDriver`: koffi, libcuda, then `cuInit`
 * and the default device's primary context on worker threads), whose start (on an H100 over
 * 100 ms) then overlaps the loading of the rest, the host runtime included, which an ES module's
 * static imports would load first. The CommonJS build is index.ts itself, where each require
 * runs in order.
 */
import { startDriver } from './start.js';

startDriver();

export const {
  CudaDevice,
  CudaError,
  CudaKernel,
  CudaModule,
  CudaStream,
  DeviceArray,
  elementName,
  hasCudaDevice,
  layout,
  loadBundle,
  ParameterBlock,
  pinnedArray,
} = await import('./index.js');
