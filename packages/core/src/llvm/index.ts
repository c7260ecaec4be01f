/**
 * The LLVM layer: gpuc's only door to LLVM.
 *
 * Everything else in gpuc reaches LLVM through this module: loading it lazily, target
 * descriptions and machines, modules and their ownership, linking, internalising, optimising,
 * and emitting IR, bitcode, assembly or objects in memory.
 */
export { declareAliasDomain, hasAliasDomains } from './alias-domains.js';
export { type BasicTypes, basicTypes } from './basic-types.js';
export { type EmitKind, type Emitted, emit } from './emit.js';
export { addGlobal, type GlobalSpec, type Linkage } from './globals.js';
export { linearIndex } from './linear-index.js';
export { internalize, type LinkOptions, linkModules } from './link.js';
export { type LLVM, llvm } from './load.js';
export {
  callByName,
  createContext,
  createModule,
  declareFunction,
  defineFunction,
  globalBytesIn,
  LLVMError,
  parseModule,
  verifyModule,
} from './module.js';
export { runPipeline, standardPipeline } from './passes.js';
export { type OptLevel, type TargetDescription, targetMachine } from './target.js';
export type * from './types.js';
