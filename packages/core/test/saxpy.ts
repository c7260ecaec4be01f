/**
 * The saxpy kernel compiled through the real pipeline to LLVM IR, for back-end tests that check
 * emission and packaging (PTX, code objects, AIR) on a kernel the compiler made.
 */
import {
  type Compiler,
  compileJob,
  createJob,
  type KernelType,
  type Params,
  parseType,
  sourceFromText,
} from '../src/index.js';
import { type LLVMContext, type Module, parseModule } from '../src/llvm/index.js';

/** `y[i] = a * x[i] + y[i]` for `i < n`, one thread an element. */
export const SAXPY_SOURCE =
  'function saxpy(a, x, y, n) {\n  const i = gpu.globalIdx.x;\n  if (i < n) y[i] = a * x[i] + y[i];\n}\n';

/** Saxpy (f32, f32[], f32[], i32) compiled for a target to IR, parsed into `context`; the module is the caller's. */
export function compiledSaxpy(
  compiler: Compiler,
  context: LLVMContext,
  target: string,
  params: Params = {},
): Module {
  const types = ['f32', 'f32[]', 'f32[]', 'i32'].map((t) => parseType(t) as KernelType);
  const job = createJob(sourceFromText(SAXPY_SOURCE, 'saxpy.js'), types, compiler.target(target, params), {
    params,
  });
  return parseModule(context, compileJob(compiler, job, { kind: 'ir' }).ir, 'saxpy.ll');
}
