/**
 * @gpuc/core: the shared heart of gpuc.
 *
 * Today it holds the in-process LLVM layer (also exported alone as `@gpuc/core/llvm`), the
 * native CPU target, the sample kernel every back-end emits, and the tool finder back-ends use
 * for ptxas and ld.lld.
 */

export {
  type CompileFileOptions,
  type CompileFileResult,
  compileFile,
  type EmitChoice,
} from './cli/compile.js';
export { type FileFunction, fileFunctions } from './cli/file-functions.js';
export { type CachedOutput, cacheDirectory, cacheKey, DiskCache } from './compiler/cache.js';
export type { IntrinsicContext, IntrinsicGenerator } from './compiler/codegen/intrinsics.js';
export {
  Compiler,
  type CompilerHooks,
  type CompilerPlugin,
  type OutputKind,
  type ValidationProblem,
} from './compiler/compiler.js';
export { createCompiler, defaultCompiler } from './compiler/default.js';
export {
  DEFERRED_MARKER,
  type DeferredJob,
  DeferredRegistry,
  deferredMarker,
  emitDeferredCall,
  resolveDeferred,
} from './compiler/deferred.js';
export {
  type AddressSpaces,
  type Config,
  defaultConfig,
  type Job,
  jobHash,
  type Params,
  type Target,
} from './compiler/job.js';
export {
  type CompileOptions,
  type CompileResult,
  compileJob,
  type Timings,
  ValidationError,
} from './compiler/pipeline.js';
export { RUNTIME_SYMBOLS, RuntimeRegistry, type RuntimeSymbol } from './compiler/runtime.js';
export * from './frontend/index.js';
export * from './llvm/index.js';
export {
  compileNative,
  type LaunchDim,
  launchNative,
  linkSharedLibrary,
  NativeKernel,
  type NativeLaunch,
} from './native/launch.js';
export { NativePlugin, nativeCompileTarget } from './native/plugin.js';
export { nativeTarget } from './native/target.js';
export { f32, f64, gpu, i8, i16, i32, u8, u16, u32 } from './reference/gpu.js';
export { type Dim, KernelError, type ReferenceLaunch, runReference } from './reference/runner.js';
export { buildSaxpy, nativeSample, type SampleABI } from './sample/saxpy.js';
export { findTool, runTool, ToolError, type ToolSearch } from './tools/find-tool.js';
