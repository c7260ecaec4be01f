/**
 * PTX emission.
 */
import { emit, llvm, type Module, type OptLevel, parseModule, type TargetDescription } from '@gpuc/core/llvm';
import { separateLoopHeaders } from './loop-headers.js';

/**
 * Emits a CUDA module as PTX text, each loop with a header of its own. The module is lowered in
 * place; emit a clone to keep it.
 */
export function emitPTX(module: Module, target: TargetDescription, optLevel: OptLevel = 2): string {
  const lowered = withByteParameters(module);
  try {
    separateLoopHeaders(lowered);
    return emit(lowered, target, 'assembly', optLevel);
  } finally {
    if (lowered !== module) lowered.dispose();
  }
}

/**
 * The module to emit: `module` itself, or a copy (same context) whose kernels take each empty
 * parameter (a function, an empty record or tuple: types with no run-time content) as one byte,
 * `[1 x i8]`, which PTX declares `.b8 p[1]`. LLVM 22 refuses empty parameter types, ptxas
 * zero-sized ones, and the host lays them out as one byte (`layout` in driver/parameters.ts).
 * The kernel never reads them: their uses become the empty value first.
 */
export function withByteParameters(module: Module): Module {
  const l = llvm();
  let empty = 0;
  for (const fn of module.getFunctions()) {
    if (fn.isDeclaration() || fn.getCallingConv() !== l.CallingConv.PTX_Kernel) continue;
    for (const arg of fn.getArguments()) {
      const type = arg.getType();
      if (!type.isStructTy() && !type.isArrayTy()) continue;
      if (module.getDataLayout().getTypeAllocSize(type) !== 0) continue;
      if (!arg.use_empty()) arg.replaceAllUsesWith(l.Constant.getNullValue(type));
      empty++;
    }
  }
  if (empty === 0) return module;
  const text = module
    .print()
    .replace(/^define ptx_kernel .*$/gm, (line) =>
      line.replace(/(?:\{\}|\[0 x [^\]]+\]) ((?:noundef )?%)/g, '[1 x i8] $1'),
    );
  return parseModule(module.getContext(), text, module.getModuleIdentifier());
}
