/**
 * @gpuc/backend-metal: the Apple back-end.
 *
 * Today: the AIR target description, kernel metadata, AIR bitcode emission, and the sample
 * kernel. Nothing here has run on Apple hardware yet.
 */
export { AIR_VERSION, type AirArgument, emitAIR, METAL_VERSION, markKernel } from './air.js';
export { buildSample } from './sample.js';
export { AddressSpace, AIR_DATA_LAYOUT, type MetalTargetOptions, metalTarget } from './target.js';
