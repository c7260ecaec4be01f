/**
 * `@gpuc/backend-webgpu/webgpu`: the compiler-free WebGPU runtime (the GPU object and device,
 * pipelines, launches of WGSL kernels), for the browser and for Node through the `webgpu` package.
 */
export {
  defaultGPU,
  hasWebGPU,
  kernelFeatures,
  kernelLimits,
  releaseWebGPU,
  webgpuDevice,
} from './gpu.js';
export type { ArrayElement, HalfRoute, ParameterSlot, WarpRoute, WGSLKernel, WordType } from './layout.js';
export { halfRoute, halfRouteRefusal, warpRoute, warpRouteRefusal } from './routes.js';
export {
  cachedPipelines,
  keepKernels,
  keptKernels,
  parameterWords,
  pipelineFor,
  runWGSL,
  WebGPUError,
} from './run.js';
