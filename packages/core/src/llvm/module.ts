/**
 * Modules: creation for a target, parsing, verification, and who owns what.
 *
 * Ownership rules (enforced by @gpuc/llvm, which throws instead of crashing):
 * - A module made by {@link createModule}, {@link parseModule} or `Module.clone()` belongs to the
 *   caller until it is disposed (`module.dispose()`) or linked into another module with
 *   {@link linkModules}, which consumes it.
 * - Values, blocks and named metadata belong to their module; once the module is gone (or a value
 *   is erased) their wrappers throw when used.
 * - Types, constants and metadata belong to the context, which lives until `context.dispose()`
 *   (freeing everything in it) or until no wrapper refers to it any more.
 */
import { addGlobal } from './globals.js';
import { llvm } from './load.js';
import type { TargetDescription } from './target.js';
import type {
  CallInst,
  FunctionCallee,
  GlobalVariable,
  IRBuilder,
  LLVMContext,
  LLVMFunction,
  Module,
  Type,
  Value,
} from './types.js';

/** An error LLVM reported (verifier, parser, linker, code generator). */
export class LLVMError extends Error {
  override name = 'LLVMError';
}

/** A new LLVM context; `dispose()` frees it with everything in it (each compile has its own). */
export function createContext(): LLVMContext {
  return new (llvm().LLVMContext)();
}

/** An empty module with the target's triple and data layout. */
export function createModule(context: LLVMContext, name: string, target: TargetDescription): Module {
  const module = new (llvm().Module)(name, context);
  module.setTargetTriple(target.triple);
  module.setDataLayout(target.dataLayout);
  return module;
}

/**
 * Parses LLVM IR text or bitcode. A `lazy` module (bitcode only) reads each function's body when
 * a link takes it: for libraries of which a kernel links a few functions.
 */
export function parseModule(
  context: LLVMContext,
  source: string | Buffer,
  name = '<memory>',
  options: { lazy?: boolean } = {},
): Module {
  try {
    return llvm().parseIR(source, context, name, options.lazy ?? false);
  } catch (error) {
    throw new LLVMError((error as Error).message);
  }
}

/** Throws an {@link LLVMError} with the verifier's message when the module is invalid. */
export function verifyModule(module: Module): void {
  const message = module.verify();
  if (message !== null) {
    throw new LLVMError(`module '${module.getName()}' does not verify:\n${message}`);
  }
}

/**
 * Defines an external function in a module, its body written by `body` with a builder at the
 * start of its entry block.
 */
export function defineFunction(
  module: Module,
  name: string,
  result: Type,
  params: readonly Type[],
  body: (builder: IRBuilder, fn: LLVMFunction) => void,
): LLVMFunction {
  const l = llvm();
  const fn = l.Function.Create(
    l.FunctionType.get(result, [...params], false),
    l.Function.LinkageTypes.ExternalLinkage,
    name,
    module,
  );
  body(new l.IRBuilder(l.BasicBlock.Create(module.getContext(), 'entry', fn)), fn);
  return fn;
}

/** Declares an external function or LLVM intrinsic by name and signature (once per module). */
export function declareFunction(
  module: Module,
  name: string,
  result: Type,
  params: readonly Type[],
): FunctionCallee {
  return module.getOrInsertFunction(name, llvm().FunctionType.get(result, [...params], false));
}

/** Calls an external function or LLVM intrinsic by name, declared from the arguments' types on first use. */
export function callByName(
  builder: IRBuilder,
  module: Module,
  name: string,
  result: Type,
  args: readonly Value[],
): CallInst {
  return builder.CreateCall(
    declareFunction(
      module,
      name,
      result,
      args.map((a) => a.getType()),
    ),
    [...args],
  );
}

/** The bytes a module's globals in an address space take (its static shared memory, say). */
export function globalBytesIn(module: Module, addressSpace: number): number {
  const layout = module.getDataLayout();
  return module
    .getGlobalVariables()
    .filter((g) => g.getType().getPointerAddressSpace() === addressSpace)
    .reduce((bytes, g) => bytes + Number(layout.getTypeAllocSize(g.getValueType())), 0);
}

/**
 * A zeroed thread-local global of the module, made on first use. Weak, so that a nested job's
 * module (an AD derivative, linked into its kernel's) shares the kernel's global of that name
 * rather than a renamed copy of its own; internalised with the rest once linked.
 */
export function threadLocalGlobal(module: Module, name: string, type: Type): GlobalVariable {
  return (
    module.getGlobalVariable(name, true) ??
    addGlobal(module, { name, type, init: 'zero', linkage: 'weak', threadLocal: true })
  );
}
