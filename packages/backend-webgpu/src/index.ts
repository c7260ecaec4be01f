/**
 * @gpuc/backend-webgpu: the WebGPU back-end. Kernels are translated from gpuc's typed IR to WGSL
 * (`WebGPUPlugin`, `compileWGSL`) and run through WebGPU (`launchWebGPU`): `navigator.gpu` in a
 * browser, Dawn (the `webgpu` package) in Node. Its conformance back-end runs the corpus there.
 */
export { webgpuConformance } from './conformance.js';
export { launchWebGPU, type WebGPULaunch, type WebGPUSizedLaunch, webgpuCompiler } from './launch/launch.js';
export { compileWGSL, WebGPUPlugin, type WGSLCompileOptions, webgpuTarget } from './target/plugin.js';
export { type Structure, structureOf } from './target/structure.js';
export { writeWGSL } from './target/wgsl.js';
export {
  cachedPipelines,
  defaultGPU,
  type HalfRoute,
  halfRoute,
  halfRouteRefusal,
  hasWebGPU,
  keepKernels,
  keptKernels,
  kernelFeatures,
  kernelLimits,
  type ParameterSlot,
  parameterWords,
  pipelineFor,
  releaseWebGPU,
  runWGSL,
  type WarpRoute,
  WebGPUError,
  type WGSLKernel,
  type WordType,
  warpRoute,
  warpRouteRefusal,
  webgpuDevice,
} from './webgpu/index.js';
