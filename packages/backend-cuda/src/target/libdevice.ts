/**
 * libdevice: NVIDIA's math library as LLVM bitcode (`nvvm/libdevice/libdevice.10.bc` in the CUDA
 * toolkit). Kernels calling `__nv_*` functions get it linked in, only what they use; NVVM
 * reflect then settles its `__nvvm_reflect` queries (flush-to-zero from the module flag
 * `nvvm-reflect-ftz`, the architecture from the target).
 *
 * Parsing all of libdevice (half a megabyte) for every kernel would cost more than compiling
 * most kernels, so what a set of functions needs is cut out once, kept as bitcode, and that
 * slice is what kernels link. Its arithmetic may fuse into FMAs, as nvcc compiles it (`-fmad`):
 * without that ptxas must round each product, and the math functions run slower.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createModule,
  type LLVMContext,
  linkModules,
  llvm,
  type Module,
  parseModule,
  type TargetDescription,
} from '@gpuc/core/llvm';
import { toolkitRoots } from './ptxas.js';

let cached: { path: string; bitcode: Buffer } | null | undefined;

/** libdevice's path and bitcode, or null without a CUDA toolkit (`CUDA_PATH` and the usual places). */
export function findLibdevice(): { path: string; bitcode: Buffer } | null {
  if (cached === undefined) {
    const candidates = [
      process.env.GPUC_LIBDEVICE,
      ...toolkitRoots().map((root) => join(root, 'nvvm', 'libdevice', 'libdevice.10.bc')),
      '/usr/lib/nvidia-cuda-toolkit/libdevice/libdevice.10.bc',
    ].filter((p): p is string => Boolean(p));
    const path = candidates.find((p) => existsSync(p));
    cached = path ? { path, bitcode: readFileSync(path) } : null;
  }
  return cached;
}

/** The libdevice functions a module calls. */
function calledFunctions(module: Module) {
  return module.getFunctions().filter((f) => f.isDeclaration() && f.getName().startsWith('__nv_'));
}

const slices = new Map<string, Buffer>();

/** The operations a multiply-add can be formed from. */
const FUSABLE = new Set(['fmul', 'fadd', 'fsub']);

/**
 * The part of libdevice a module calls (with what that calls), as a module in the module's
 * context, or undefined when it calls none.
 */
export function libdeviceFor(module: Module, target: TargetDescription): Module | undefined {
  const called = calledFunctions(module).sort((a, b) => (a.getName() < b.getName() ? -1 : 1));
  if (called.length === 0) return undefined;
  const context = module.getContext();
  const key = `${target.triple}|${target.dataLayout}|${called.map((f) => f.getName()).join(',')}`;
  let bitcode = slices.get(key);
  if (!bitcode) {
    const slice = createModule(context, 'libdevice', target);
    for (const fn of called) slice.getOrInsertFunction(fn.getName(), fn.getFunctionType());
    linkModules(slice, libdeviceModule(context, target), { onlyNeeded: true });
    for (const fn of slice.getFunctions())
      for (const block of fn.getBasicBlocks())
        for (const inst of block.getInstructions())
          if (FUSABLE.has(inst.getOpcodeName())) inst.setAllowContract(true);
    bitcode = slice.toBitcode();
    slice.dispose();
    slices.set(key, bitcode);
  }
  return parseModule(context, bitcode, 'libdevice');
}

/** All of libdevice as a module in `context`, for the target (its own triple is `nvptx64-nvidia-gpulibs`). */
function libdeviceModule(context: LLVMContext, target: TargetDescription): Module {
  const found = findLibdevice();
  if (!found)
    throw new Error(
      'gpuc: libdevice.10.bc not found (it comes with the CUDA toolkit: set CUDA_PATH, or GPUC_LIBDEVICE to the file)',
    );
  const module = parseModule(context, found.bitcode, 'libdevice');
  module.setTargetTriple(target.triple);
  module.setDataLayout(target.dataLayout);
  return module;
}

/** Sets what NVVM reflect answers for `__CUDA_FTZ` (flush denormals to zero: fast math only). */
export function setReflectFlags(module: Module, flushToZero: boolean): void {
  const l = llvm();
  module.addModuleFlag(l.Module.ModFlagBehavior.Override, 'nvvm-reflect-ftz', flushToZero ? 1 : 0);
}
