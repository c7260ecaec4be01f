/**
 * @gpuc/backend-rocm: the AMD back-end.
 *
 * Today: the AMDGPU target description, kernel marking, code objects linked by ld.lld, and the
 * sample kernel. Nothing here has run on AMD hardware yet.
 */
export { emitCodeObject, findLinker, linkCodeObject } from './code-object.js';
export { markKernel } from './kernel.js';
export { buildSample } from './sample.js';
export { AddressSpace, AMDGPU_DATA_LAYOUT, isRDNA, type RocmTargetOptions, rocmTarget } from './target.js';
