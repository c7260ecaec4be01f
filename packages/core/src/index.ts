/**
 * @gpuc/core: the shared heart of gpuc.
 *
 * Today it holds the in-process LLVM layer (also exported alone as `@gpuc/core/llvm`), the
 * native CPU target, the sample kernel every back-end emits, and the tool finder back-ends use
 * for ptxas and ld.lld.
 */

export * from './frontend/index.js';
export * from './llvm/index.js';
export { f32, f64, gpu, i8, i16, i32, u8, u16, u32 } from './reference/gpu.js';
export { type Dim, KernelError, type ReferenceLaunch, runReference } from './reference/runner.js';
export { buildSaxpy, nativeSample, type SampleABI } from './sample/saxpy.js';
export { nativeTarget } from './targets/native.js';
export { findTool, runTool, ToolError, type ToolSearch } from './tools/find-tool.js';
