/**
 * @gpuc/backend-cuda: the NVIDIA back-end.
 *
 * Today: the NVPTX target description (architecture and PTX ISA clamped to LLVM 14), kernel
 * marking with launch bounds, PTX emission, ptxas, and the sample kernel.
 */
export { type LaunchBounds, markKernel } from './annotations.js';
export { emitPTX } from './emit.js';
export { assemblePTX, findPtxas } from './ptxas.js';
export { buildSample, GLOBAL_ADDRESS_SPACE } from './sample.js';
export {
  type CudaTargetOptions,
  clampArchitecture,
  cudaTarget,
  MAX_LLVM_ARCH,
  MAX_LLVM_PTX,
  MIN_ARCH,
  NVPTX_DATA_LAYOUT,
} from './target.js';
